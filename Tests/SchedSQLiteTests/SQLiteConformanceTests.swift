import Foundation
import GRDB
import SchedCore
import SchedTestSupport
import StoreConformance
import Testing

@testable import SchedSQLite

/// The SQLite store against the conformance suite every backend passes.
@Suite struct SQLiteConformanceTests {
    static let harness = StoreHarness(
        fresh: { try SQLiteStore.temporary(defaultZone: .utc) },
        sibling: { store in try SQLiteStore(path: (store as! SQLiteStore).path, defaultZone: .utc) },
        faults: [
            StoreFault("locked by another process", kind: .unavailable, message: "database is locked by another process") { store in
                try SQLiteStore(path: (store as! SQLiteStore).path, defaultZone: .utc).begin()
            },
            StoreFault("read-only", kind: .unavailable, message: "database is read-only") { store in
                try (store as! SQLiteStore).pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA query_only = 1") }
                return ()
            },
            StoreFault("gone", kind: .unavailable, message: "was deleted while sched had it open") { store in
                try FileManager.default.removeItem(atPath: (store as! SQLiteStore).path)
                return ()
            },
            StoreFault("full", kind: .unavailable, message: "disk is full") { store in
                try (store as! SQLiteStore).pool.writeWithoutTransaction { db in
                    let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                    try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                }
                return ()
            },
        ])

    let suite = StoreConformance(harness)

    @Test(arguments: StoreConformance.Check.allCases)
    func conforms(_ check: StoreConformance.Check) throws { try suite.run(check) }

    /// The backup is a SQLite database with what the store held.
    @Test func theBackupOpensAsAStore() throws {
        let store = try SQLiteStore.temporary(defaultZone: .utc)
        try store.write { try $0.setSetting(SettingKey.timezone, "Europe/Oslo") }
        let copy = TemporaryPath()
        try store.backup(to: copy.path)
        #expect(try SQLiteStore(path: copy.path, defaultZone: .utc).read { try $0.homeZone().identifier } == "Europe/Oslo")
    }
}
