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

    /// The backup is a new SQLite database (mode 0600, never over a file that is there) with
    /// everything the store held.
    @Test func theBackupOpensAsAStore() throws {
        let store = try SQLiteStore.temporary(defaultZone: .utc)
        try StoreImage.fill(store, now: Date(timeIntervalSince1970: 1_741_000_000))
        let copy = TemporaryPath()
        try store.backup(to: copy.path)
        #expect(throws: SchedError.self) { try store.backup(to: copy.path) }
        let permissions = try FileManager.default.attributesOfItem(atPath: copy.path)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)
        #expect(try StoreImage(SQLiteStore(path: copy.path, defaultZone: .utc)) == StoreImage(store))
    }

    /// A copy into a new file leaves no file behind when it fails.
    @Test func aFailedCopyLeavesNoFile() throws {
        let store = try SQLiteStore.temporary(defaultZone: .utc)
        try StoreImage.fill(store, now: Date(timeIntervalSince1970: 1_741_000_000))
        let copy = TemporaryPath()
        struct Refusal: Error {}
        #expect(throws: Refusal.self) {
            try SQLiteStore.creatingNew(at: copy.path) { target in
                try target.copyIn { sink in
                    try store.copyOut(to: sink)
                    throw Refusal()
                }
            }
        }
        #expect(!FileManager.default.fileExists(atPath: copy.path))
        let name = URL(fileURLWithPath: copy.path).lastPathComponent
        let left = try FileManager.default.contentsOfDirectory(atPath: TemporaryPath.directory).filter { $0.contains(name) }
        #expect(left.isEmpty, "\(left)")
    }
}
