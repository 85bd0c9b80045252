import Foundation
import SchedTestSupport
import Testing

/// The database file as a whole: a file deleted or replaced under a prompt stops the prompt's
/// statements.
@Suite("Database file", .enabled(if: Tool.available("sqlite3"), "sqlite3 is not installed"))
struct DatabaseFileTests {
    static let ann = "book \"Ann\" at 2099-03-04T10:00 for 30m"
    static let bob = "book \"Bob\" at 2099-03-04T11:00 for 30m"

    // MARK: a file deleted or replaced under the prompt

    #if os(Linux)
    @Test func aDatabaseDeletedUnderThePromptFailsItsNextStatements() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.ann)
        #expect(try terminal.waitForPrompt(ReplTests.prompt).contains(ReplTests.booked))

        try FileManager.default.removeItem(at: sandbox.database)
        try terminal.typeLine(Self.bob)
        let answer = try terminal.waitForPrompt(ReplTests.loggedOutPrompt)
        let path = sandbox.database.path
        #expect(answer.contains("error: Database unavailable: the file \(path) was deleted while sched had it open [unavailable]"),
                "\(answer)")
        #expect(!answer.contains("Booked 2"), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: path), "the prompt made the file again")
    }

    @Test func aDatabaseReplacedUnderThePromptFailsItsNextStatementsAndIsLeftAlone() throws {
        let sandbox = try Sandbox.loggedIn()
        // Another sched database, with the same user and no bookings: a restored backup, say.
        let replacement = try Self.copyAlone(sandbox.database, to: sandbox.path("restored.db"))
        let replacementBytes = try Data(contentsOf: replacement)
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.ann)
        #expect(try terminal.waitForPrompt(ReplTests.prompt).contains(ReplTests.booked))

        try #require(rename(replacement.path, sandbox.database.path) == 0, "rename failed: \(errno)")
        try terminal.typeLine(Self.bob)
        let answer = try terminal.waitForPrompt(ReplTests.loggedOutPrompt)
        #expect(answer.contains("error: Database unavailable: the file \(sandbox.database.path) was replaced by another file "
                                + "while sched had it open [unavailable]"), "\(answer)")
        #expect(!answer.contains("Booked 2"), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
        #expect(try Data(contentsOf: sandbox.database) == replacementBytes, "the replacing file was written to")
    }
    #endif

    // MARK: helpers

    /// Copies the database file without its write-ahead log, as a backup of the file would.
    static func copyAlone(_ database: URL, to copy: URL) throws -> URL {
        try FileManager.default.copyItem(at: database, to: copy)
        return copy
    }
}
