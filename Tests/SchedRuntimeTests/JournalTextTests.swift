import Testing

@testable import SchedRuntime

/// What the journal keeps of a statement: its text as written, a secret in it masked.
@Suite struct JournalTextTests {
    @Test func aStatementIsKeptAsWritten() {
        #expect(Interpreter.journalText("  book \"Ann\" at 2025-03-04T10:00 for 30m  ") == "book \"Ann\" at 2025-03-04T10:00 for 30m")
    }

    @Test func aSecretIsMasked() {
        let kept = Interpreter.journalText("calcom connect key \"cal_test_not_a_key\" event-type 7")
        #expect(!kept.contains("cal_test_not_a_key"), "\(kept)")
        #expect(kept == "calcom connect key \"***\" event-type 7", "\(kept)")
        let password = Interpreter.journalText("login \"admin\" password \"hunter2 is long\"")
        #expect(!password.contains("hunter2"), "\(password)")
    }
}
