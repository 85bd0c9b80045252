import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore
@testable import SchedSQLite

/// The writer connection's cache, kept from one transaction to the next: it answers only while
/// nothing else has committed, and forgets what a rolled-back transaction read or wrote.
@Suite struct StoreCacheTests {
    private struct Refusal: Error {}

    private func zone(_ store: SQLiteStore) throws -> String? {
        try store.write { try $0.setting("timezone") }
    }

    @Test func aRolledBackWriteLeavesNothingOfItselfInTheCache() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(try zone(store) == "UTC")
        #expect(throws: (any Error).self) {
            try store.write { tx in
                try tx.setSetting("timezone", "Asia/Tokyo")
                #expect(try tx.setting("timezone") == "Asia/Tokyo")
                throw Refusal()
            }
        }
        #expect(try zone(store) == "UTC")
    }

    @Test func aRolledBackAtomicRunLeavesNothingOfItselfInTheCache() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        let run = try store.begin()
        try run.step { try $0.setSetting("timezone", "Asia/Tokyo") }
        #expect(try run.step { try $0.setting("timezone") } == "Asia/Tokyo")
        run.rollback()
        #expect(try zone(store) == "UTC")
    }

    @Test func anotherConnectionsCommitIsSeenByTheNextTransaction() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        let other = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(try zone(store) == "UTC")
        try other.write { try $0.setSetting("timezone", "Europe/Berlin") }
        #expect(try zone(store) == "Europe/Berlin")
        // And within an atomic run, from its start.
        try other.write { try $0.setSetting("timezone", "Asia/Tokyo") }
        let run = try store.begin()
        #expect(try run.step { try $0.setting("timezone") } == "Asia/Tokyo")
        try run.commit()
    }

    @Test func itsOwnCommitsKeepTheCacheAndShowAtOnce() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(try zone(store) == "UTC")
        try store.write { try $0.setSetting("timezone", "America/Lima") }
        #expect(try zone(store) == "America/Lima")
        try store.write { tx in
            try Joined(tx).write { try $0.setSetting("timezone", "Africa/Accra") }
        }
        #expect(try zone(store) == "Africa/Accra")
    }
}
