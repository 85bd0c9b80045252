import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore

/// A store notices when the file at its path is no longer the one it opened: SQLite would go on
/// using the deleted or replaced file, and what it wrote would be lost.
@Suite struct OpenedFileTests {
    @Test func aStoreWhoseFileWasDeletedRefusesEveryTransaction() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(try store.read { try $0.user() } == nil)
        try FileManager.default.removeItem(atPath: file.path)

        let deleted = SchedError.databaseFileDeleted(file.path)
        #expect(deleted.kind == .unavailable)
        #expect(throws: deleted) { try store.read { try $0.user() } }
        #expect(throws: deleted) { try store.write { try $0.user() } }
        #expect(throws: deleted) { try store.beginAtomic() }
    }

    @Test func aStoreWhoseFileWasReplacedRefusesEveryTransaction() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        let other = TemporaryPath()
        try FileManager.default.copyItem(atPath: file.path, toPath: other.path)
        #expect(rename(other.path, file.path) == 0)

        let replaced = SchedError.databaseFileReplaced(file.path)
        #expect(throws: replaced) { try store.read { try $0.user() } }
        #expect(throws: replaced) { try store.write { try $0.user() } }
        #expect(throws: replaced) { try store.beginAtomic() }
    }

    @Test func anAtomicRunWhoseFileWentAwayIsNotCommitted() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        try store.beginAtomic()
        try FileManager.default.removeItem(atPath: file.path)
        #expect(throws: SchedError.databaseFileDeleted(file.path)) { try store.commitAtomic() }
        try store.rollbackAtomic()
    }
}
