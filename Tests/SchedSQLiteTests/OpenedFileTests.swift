import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore
@testable import SchedSQLite

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
        #expect(throws: deleted) { try store.begin() }
    }

    /// The log at the path still belongs to the file the store opened: left as it is, the next
    /// store to open the path would replay it into the new file.
    @Test func aStoreWhoseFileWasReplacedRefusesEveryTransactionAndEmptiesItsLogAway() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        store.checkpoint()
        let other = TemporaryPath()
        try FileManager.default.copyItem(atPath: file.path, toPath: other.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: other.path))
        try store.write { try $0.insertUser(User(username: "owner", passwordHash: "pbkdf2-sha256$1$x$y", createdAt: Date())) }
        #expect(rename(other.path, file.path) == 0)

        let replaced = SchedError.databaseFileReplaced(file.path)
        #expect(throws: replaced) { try store.read { try $0.user() } }
        #expect(throws: replaced) { try store.write { try $0.user() } }
        #expect(throws: replaced) { try store.begin() }
        store.checkpoint()
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)) == bytes, "the new file was written to")
        let reopened = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(try reopened.read { try $0.user() } == nil, "the old file's log was replayed into the new one")
    }

    /// Another process's changes in the log belong to the old file too: the log is emptied
    /// though this store wrote nothing since its last checkpoint.
    @Test func aReplacedFilesLogIsEmptiedEvenWhenThisStoreWroteNothing() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        store.checkpoint()
        let other = TemporaryPath()
        try FileManager.default.copyItem(atPath: file.path, toPath: other.path)
        let anotherProcess = try SQLiteStore(path: file.path, defaultZone: .utc)
        try anotherProcess.write { try $0.insertUser(User(username: "owner", passwordHash: "pbkdf2-sha256$1$x$y", createdAt: Date())) }
        #expect(rename(other.path, file.path) == 0)

        store.checkpoint()
        let log = try FileManager.default.attributesOfItem(atPath: file.path + "-wal")[.size] as? NSNumber
        #expect(log?.intValue == 0, "the old file's log is left at the path")
    }

    @Test func aWriteWhoseFileWentAwayMeanwhileIsNotCommitted() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        #expect(throws: SchedError.databaseFileDeleted(file.path)) {
            try store.write { tx in
                try tx.setSetting(SettingKey.timezone, "Asia/Tokyo")
                try FileManager.default.removeItem(atPath: file.path)
            }
        }
    }

    @Test func anAtomicRunWhoseFileWentAwayIsNotCommitted() throws {
        let file = TemporaryPath()
        let store = try SQLiteStore(path: file.path, defaultZone: .utc)
        let run = try store.begin()
        try FileManager.default.removeItem(atPath: file.path)
        #expect(throws: SchedError.databaseFileDeleted(file.path)) { try run.commit() }
        run.rollback()
    }
}
