import Foundation
import Testing
@testable import SchedLang

/// `create user`, `login`, `logout`, `whoami`, and how
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


    @Test func passwordsAreMaskedInRenderedSource() {
        let file = SourceFile(name: "s.sched", text: "list\nlogin \"admin\" password \"s3cret pass\"\ncreate user \"a\" pasword \"t0p\\qsecret\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == "list")
        #expect(shown.line(2) == #"login "admin" password "***""#)
        #expect(shown.line(3) == #"create user "a" pasword "***"#)
        #expect(!shown.masked.line(3).contains("t0p") && !shown.masked.line(3).contains("secret"))
        #expect(shown.masked.line(2).unicodeScalars.count == file.line(2).unicodeScalars.count)
        #expect(Redaction.containsSecret(file))
        #expect(!Redaction.containsSecret(SourceFile(name: "s", text: "login \"admin\"")))
    }

    @Test func aPasswordHeldInAVariableIsMaskedWhereItIsBound() {
        let file = SourceFile(name: "s.sched", text: "let p = \"s3cret pass\"\nlet other = \"visible\"\nlogin \"admin\" password $p\n")
        let shown = Redaction.redacting(file)
        #expect(shown.line(1) == #"let p = "***""#)
        #expect(shown.line(2) == #"let other = "visible""#)
        #expect(shown.line(3) == #"login "admin" password $p"#)
    }

    @Test func aPasswordWrittenWithoutQuotesIsMaskedInTheMessageAndTheLine() {
        #expect(rendered(#"login "admin" password SuperSecret4"#) == lines(
            "test.sched:1:24: error: expected the password as a string after 'password', found '***' [syntax]",
            #"  1 | login "admin" password ***"#,
            "    |                        ^~~"))
        #expect(rendered("create user \"admin\" password Super Secret 4") == lines(
            "test.sched:1:30: error: expected the password as a string after 'password', found '***' [syntax]",
            #"  1 | create user "admin" password *** *** ***"#,
            "    |                              ^~~"))
        for source in [#"login "admin" password SuperSecret4"#, "login \"admin\" password 12345678",
                       "login \"admin\" password 2025-03-04", #"login "admin" passwd pw"#] {
            #expect(Redaction.containsSecret(SourceFile(name: "s", text: source)), "\(source)")
            #expect(!rendered(source).contains("SuperSecret4") && !rendered(source).contains("12345678"), "\(source)")
        }
    }

    @Test func theMaskHasOneWidthAndEndsAtTheSecret() {
        let short = SourceFile(name: "s.sched", text: #"login "admin" password "pw"; cancel 99"#)
        let long = SourceFile(name: "s.sched", text: #"login "admin" password "a much longer password"; cancel 99"#)
        let wide = SourceFile(name: "s.sched", text: #"login "admin" password "pässwört 東京"; cancel 99"#)
        for file in [short, long, wide] {
            let shown = Redaction.redacting(file)
            #expect(shown.line(1) == #"login "admin" password "***"; cancel 99"#)
            // The masked text keeps every column: one `*` a character, however many bytes.
            #expect(shown.masked.line(1).unicodeScalars.count == file.line(1).unicodeScalars.count)
            #expect(shown.masked.line(1).hasSuffix("; cancel 99") && !shown.masked.line(1).contains("ä"))
        }
        // An error in the statement after the secret keeps its caret under that statement.
        for file in [short, long, wide] {
            let cancel = file.line(1).unicodeScalars.count - 9
            let range = SourceRange(start: SourceLocation(line: 1, column: cancel + 1, offset: cancel),
                                    end: SourceLocation(line: 1, column: cancel + 7, offset: cancel + 6))
            let diagnostic = Diagnostic(message: "Appointment 99 not found", kind: "notfound", range: range)
            #expect(DiagnosticRenderer().render(diagnostic, in: file) == lines(
                "s.sched:1:\(cancel + 1): error: Appointment 99 not found [notfound]",
                #"  1 | login "admin" password "***"; cancel 99"#,
                "    |" + String(repeating: " ", count: 31) + "^~~~~~"))
        }
    }

    @Test func aMessageThatQuotesTheSecretMasksIt() {
        let file = SourceFile(name: "s.sched", text: #"login "admin" password "hunter22hunter""#)
        let quoting = Diagnostic(message: "expected a number, found the string \"hunter22hunter\" and 'hunter22hunter'",
                                 kind: "syntax", range: SourceRange(start: SourceLocation(line: 1, column: 1, offset: 0),
                                                                    end: SourceLocation(line: 1, column: 6, offset: 5)))
        let shown = DiagnosticRenderer().render(quoting, in: file)
        #expect(!shown.contains("hunter"), "\(shown)")
        #expect(shown.hasPrefix(#"s.sched:1:1: error: expected a number, found the string "***" and '***' [syntax]"#), "\(shown)")
    }

    private func rendered(_ source: String) -> String {
        let file = SourceFile(name: "test.sched", text: source)
        return Parser.parse(file).diagnostics.map { DiagnosticRenderer().render($0, in: file) }.joined()
    }
}
