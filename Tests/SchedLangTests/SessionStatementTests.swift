import Foundation
import Testing
@testable import SchedLang

/// `create user`, `login`, `logout`, `whoami`, which statements need a session, and how
/// passwords are kept out of rendered source.
@Suite struct SessionStatementTests {
    @Test func sessionStatementsParse() throws {
        #expect(try ast(#"create user "admin" password "correct horse""#)
            == #"create user("admin", password: "correct horse")"#)
        #expect(try ast(#"login "admin" password "correct horse""#) == #"login("admin", password: "correct horse")"#)
        #expect(try ast(#"LOGIN "admin""#) == #"login("admin")"#)
        #expect(try ast("logout") == "logout")
        #expect(try ast("whoami") == "whoami")
    }

    @Test func createUserNeedsBothParts() {
        #expect(rendered(#"create "admin""#).contains("expected 'user' after 'create', found the string \"admin\""))
        #expect(rendered(#"create user "admin""#).contains("expected 'password' after the user name"))
        #expect(rendered(#"login "admin" pasword "x1234567""#).contains("unknown clause 'pasword' in 'login'; did you mean 'password'?"))
    }

    @Test func onlyDataStatementsNeedASession() throws {
        let protected = ["book \"A\" at now for 30m", "reschedule 1 to now", "update 1 note \"x\"", "cancel 1", "show 1",
                         "list", "upcoming", "available mon 09:00-10:00", "unavailable sun", "availability",
                         "slots today", "set timezone \"UTC\"", "expect free now for 30m", "expect busy now for 30m",
                         "let a = list"]
        let open = ["help", "help book", "print 1", "let a = 1", "set output json", "set clock now", "whoami", "logout",
                    "login \"a\"", "create user \"a\" password \"12345678\"", "expect error", "expect 1 == 1",
                    "source \"x.sched\""]
        for source in protected { #expect(try statement(source).kind.requiresSession, "\(source)") }
        for source in open { #expect(try !statement(source).kind.requiresSession, "\(source)") }
    }

    @Test func passwordsAreMaskedInRenderedSource() {
        let file = SourceFile(name: "s.sched", text: "list\nlogin \"admin\" password \"s3cret pass\"\ncreate user \"a\" pasword \"t0p\\qsecret\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == "list")
        #expect(shown.line(2) == #"login "admin" password "************"#)
        #expect(!shown.line(3).contains("t0p") && !shown.line(3).contains("secret"))
        #expect(shown.bytes.count == file.bytes.count)
        #expect(Redaction.containsSecret(file))
        #expect(!Redaction.containsSecret(SourceFile(name: "s", text: "login \"admin\"")))
    }

    @Test func aPasswordHeldInAVariableIsMaskedWhereItIsBound() {
        let file = SourceFile(name: "s.sched", text: "let p = \"s3cret pass\"\nlet other = \"visible\"\nlogin \"admin\" password $p\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == #"let p = "************"#)
        #expect(shown.line(2) == #"let other = "visible""#)
        #expect(shown.line(3) == #"login "admin" password $p"#)
    }

    private func rendered(_ source: String) -> String {
        let file = SourceFile(name: "test.sched", text: source)
        return Parser.parse(file).diagnostics.map { DiagnosticRenderer().render($0, in: file) }.joined()
    }
}
