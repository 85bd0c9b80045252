import Foundation
import SchedCore
import SchedPostgres
@testable import SchedPostgresStore
import SchedTestSupport
import StoreConformance
import Testing

/// The PostgreSQL store against the conformance suite every backend passes, on a real server:
/// each check on a database of its own in one cluster that the test process starts.
@Suite struct PostgresConformanceTests {
    /// A new, empty database in the cluster the test process shares.
    static func freshLocation() throws -> PostgresLocation {
        try PostgresLocation(url: try TemporaryCluster.shared.get().database(), environment: [:])
    }

    /// Runs SQL on the store's database as the cluster's owner.
    static func admin(_ store: any Store, _ sql: String) throws {
        let location = (store as! PostgresStore).location
        var other = location
        other.database = "sched"
        let session = try PostgresSession(other)
        defer { session.close() }
        try session.run(.init(unsafeSQL: sql.replacingOccurrences(of: "$DATABASE", with: location.database)))
    }

    static let harness = StoreHarness(
        fresh: { try PostgresStore(location: try freshLocation(), defaultZone: .utc) },
        sibling: { store in try PostgresStore(location: (store as! PostgresStore).location, defaultZone: .utc) },
        faults: [
            StoreFault("locked by another process", kind: .unavailable, message: "another writer held the database's write lock") { store in
                try PostgresStore(location: (store as! PostgresStore).location, defaultZone: .utc).begin()
            },
            StoreFault("read-only", kind: .unavailable, message: "cannot execute INSERT in a read-only transaction") { store in
                try admin(store, "ALTER DATABASE $DATABASE SET default_transaction_read_only = on")
                try admin(store, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DATABASE'")
                return ()
            },
            StoreFault("refusing connections", kind: .unavailable, message: "is not currently accepting connections") { store in
                try admin(store, "ALTER DATABASE $DATABASE ALLOW_CONNECTIONS false")
                try admin(store, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$DATABASE'")
                return ()
            },
        ])

    let suite = StoreConformance(harness)

    @Test(arguments: StoreConformance.Check.allCases)
    func conforms(_ check: StoreConformance.Check) throws { try suite.run(check) }
}
