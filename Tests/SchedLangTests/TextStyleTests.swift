import Testing
@testable import SchedLang

/// Colour is escape codes around a role's text when enabled, and nothing at all when not; the
/// diagnostic renderer paints its label and caret through it.
@Suite struct TextStyleTests {
    static let escape = "\u{1B}"

    @Test func enabledStyleWrapsTextInTheRoleCodeAndAReset() {
        #expect(TextStyle.terminal.paint("10:00", .time) == "\u{1B}[33m10:00\u{1B}[0m")
        #expect(TextStyle.terminal.paint("book", .keyword) == "\u{1B}[36mbook\u{1B}[0m")
        #expect(TextStyle.terminal.paint("error:", .error) == "\u{1B}[1;31merror:\u{1B}[0m")
    }

    @Test(arguments: TextStyle.Role.allCases)
    func plainStyleLeavesTextAlone(_ role: TextStyle.Role) {
        #expect(TextStyle.plain.paint("Tue 4 Mar 2025 10:00", role) == "Tue 4 Mar 2025 10:00")
        #expect(TextStyle(enabled: false).paint("book", role) == "book")
    }

    @Test func emptyTextGetsNoCodes() {
        #expect(TextStyle.terminal.paint("", .heading) == "")
    }

    @Test func everyRoleHasItsOwnCode() {
        let codes = TextStyle.Role.allCases.map(\.code)
        #expect(Set(codes).count == codes.count, "\(codes)")
    }

    @Test(arguments: TextStyle.Role.allCases)
    func removingCodesUndoesPaint(_ role: TextStyle.Role) {
        let painted = "a " + TextStyle.terminal.paint("Zoë 10:00–10:30", role) + " b"
        #expect(painted.contains(Self.escape))
        #expect(TextStyle.removingCodes(painted) == "a Zoë 10:00–10:30 b")
    }

    @Test func removingCodesKeepsTextWithoutSequences() {
        #expect(TextStyle.removingCodes("plain [1m text") == "plain [1m text")
        #expect(TextStyle.removingCodes("lone \u{1B}x") == "lone \u{1B}x")
        #expect(TextStyle.removingCodes("cut \u{1B}[1;3") == "cut ")
    }

    @Test func widthCountsOnlyWhatShows() {
        let painted = TextStyle.terminal.paint("10:00", .time) + "–" + TextStyle.terminal.paint("24:00", .time)
        #expect(TextStyle.terminal.width(of: painted) == 11)
        #expect(TextStyle.plain.width(of: "10:00–24:00") == 11)
        // With colour off nothing is stripped: the text is measured exactly as it always was.
        #expect(TextStyle.plain.width(of: "\u{1B}[1mx") == 5)
    }

    // MARK: - Diagnostics

    @Test func diagnosticColourFlagIsTheStyle() {
        var renderer = DiagnosticRenderer()
        #expect(renderer.style == .plain)
        renderer.colour = true
        #expect(renderer.style == .terminal)
        #expect(DiagnosticRenderer(colour: true).colour)
    }

    @Test func colouredDiagnosticPaintsLabelAndCaret() {
        let file = SourceFile(name: "test.sched", text: "boook \"Ann\"")
        let diagnostic = Parser.parse(file).diagnostics[0]
        let text = DiagnosticRenderer(colour: true).render(diagnostic, in: file)
        #expect(text.hasPrefix("test.sched:1:1: \u{1B}[1;31merror:\u{1B}[0m unknown statement 'boook'"))
        #expect(text.hasSuffix("| \u{1B}[1;32m^~~~~\u{1B}[0m\n"))
        #expect(TextStyle.removingCodes(text) == DiagnosticRenderer().render(diagnostic, in: file))
    }

    @Test(arguments: [Diagnostic.Severity.warning, .note])
    func otherSeveritiesHaveTheirOwnColour(_ severity: Diagnostic.Severity) {
        let file = SourceFile(name: "test.sched", text: "list")
        let range = SourceRange(start: SourceLocation(line: 1, column: 1, offset: 0),
                                end: SourceLocation(line: 1, column: 5, offset: 4))
        let diagnostic = Diagnostic(message: "m", kind: "k", range: range, severity: severity)
        let role: TextStyle.Role = severity == .warning ? .warning : .note
        let text = DiagnosticRenderer(colour: true).render(diagnostic, in: file)
        #expect(text.contains("\u{1B}[\(role.code)m\(severity.rawValue):\u{1B}[0m m [k]"))
    }

    @Test func plainDiagnosticHasNoEscapeByte() {
        let file = SourceFile(name: "test.sched", text: "book \"Ann\" at 2025-02-30T10:00 for 30m\nlst")
        let rendered = Parser.parse(file).diagnostics.map { DiagnosticRenderer().render($0, in: file) }.joined()
        #expect(!rendered.isEmpty)
        #expect(!rendered.contains(Self.escape))
    }
}
