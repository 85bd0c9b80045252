import Foundation
import Testing

/// `calendar week` and `calendar month` on the command line and at the prompt: the grids take
/// the width they are given and no more.
@Suite struct ViewCLITests {
    /// A Wednesday far ahead, inside the default working hours (Mon–Fri 09:00–17:00).
    static let booking = "book \"Annabel Lee-Worthington\" at 2099-03-04T10:00 for 90m"

    static func widest(_ text: String) -> Int {
        text.split(separator: "\n").map(\.count).max() ?? 0
    }

    @Test func theWeekFitsColumnsAndEightyWithoutThem() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["-c", Self.booking]).exitCode == 0)
        let wide = try sandbox.run(["-c", "calendar week 2099-03-04"], environment: ["COLUMNS": "120"])
        #expect(wide.exitCode == 0, "\(wide)")
        #expect(Self.widest(wide.standardOutput) > 80 && Self.widest(wide.standardOutput) <= 120, "\(wide)")
        #expect(wide.standardOutput.contains("Annabel Lee-Wo…"), "\(wide)")
        let plain = try sandbox.run(["-c", "calendar week 2099-03-04"])
        #expect(plain.exitCode == 0, "\(plain)")
        #expect(Self.widest(plain.standardOutput) <= 80, "\(plain)")
        #expect(plain.standardOutput.contains("Annabel…"), "\(plain)")
        let lines = plain.outputLines
        #expect(lines.first == "Mon 2 – Sun 8 Mar 2099  UTC")
        #expect(lines.contains { $0.hasPrefix("10:00") && $0.contains("Annabel…") }, "\(plain)")
        #expect(lines.contains { $0.hasPrefix("11:00") && $0.contains("│") }, "\(plain)")
        // Piped output has no colour codes.
        #expect(!plain.standardOutput.contains("\u{1B}["))
    }

    @Test func theMonthShowsCountsAndClosedDays() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["-c", Self.booking]).exitCode == 0)
        let month = try sandbox.run(["-c", "calendar month 2099-03-15"])
        #expect(month.exitCode == 0, "\(month)")
        let lines = month.outputLines
        #expect(lines.first == "March 2099  UTC")
        #expect(lines.contains { $0.contains(" 4  (1)") }, "\(month)")
        // Sundays have no working hours by default.
        #expect(lines.contains { $0.hasSuffix(" 1 -") }, "\(month)")
    }

    @Test func aWrongSpanPointsAtIt() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "calendar weak"])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("1:10"), "\(result)")
        #expect(result.standardError.contains("did you mean 'week'"), "\(result)")
    }

    /// At the prompt the grid takes the terminal's own width (80 columns here).
    @Test func atThePromptTheWeekFitsTheTerminal() throws {
        let sandbox = try Sandbox.loggedIn()
        let terminal = try ReplTests.start(sandbox)
        defer { terminal.close() }
        try terminal.typeLine(Self.booking)
        _ = try terminal.waitForPrompt(ReplTests.prompt)
        try terminal.typeLine("calendar week 2099-03-04")
        let answer = try terminal.waitForPrompt(ReplTests.prompt)
        #expect(answer.contains("Mon 2 – Sun 8 Mar 2099"), "\(answer)")
        #expect(answer.contains("Annabel…"), "\(answer)")
        #expect(!answer.contains("Annabel Lee"), "\(answer)")
        try terminal.typeLine("quit")
        #expect(try terminal.waitForExit() == 0)
    }
}
