import Testing
import SchedLang

/// The prompt asks for another line while a string is open or the line ends with `;`, and
/// joins the pieces into one line that parses.
@Suite struct ContinuationTests {
    @Test func aFinishedLineNeedsNoMore() {
        #expect(Continuation.of(#"book "Ann" at 2025-03-04T10:00 for 30m"#) == nil)
        #expect(Continuation.of("") == nil)
        #expect(Continuation.of("list; whoami") == nil)
    }

    @Test func anOpenStringAsksForMore() {
        #expect(Continuation.of(#"book "Ann"#) == .openString)
        #expect(Continuation.of(#"book "Ann" note "first"#) == .openString)
    }

    @Test func anEscapedQuoteDoesNotCloseTheString() {
        #expect(Continuation.of(#"print "say \"hi\""#) == .openString)
        #expect(Continuation.of(#"print "say \"hi\"""#) == nil)
        #expect(Continuation.of(#"print "back\\""#) == nil)
    }

    @Test func aTrailingSemicolonAsksForMore() {
        #expect(Continuation.of("list;") == .trailingSeparator)
        #expect(Continuation.of("list ;  \t") == .trailingSeparator)
        #expect(Continuation.of(#"print ";""#) == nil)
    }

    @Test func aCommentEndsTheLine() {
        #expect(Continuation.of(#"list # "not a string"#) == nil)
        #expect(Continuation.of("list # ends with;") == nil)
        #expect(Continuation.of(##"print "a # in a string"##) == .openString)
    }

    @Test func joinedPiecesParseAsOneLine() {
        let note = Continuation.openString.join(#"book "Ann" at 2025-03-04T10:00 for 30m note "line one"#, #"line two""#)
        #expect(note == #"book "Ann" at 2025-03-04T10:00 for 30m note "line one\nline two""#)
        #expect(Continuation.of(note) == nil)
        let parsed = Parser.parse(SourceFile(name: "entry", text: note))
        #expect(parsed.diagnostics.isEmpty)
        #expect(parsed.statements.count == 1)

        let two = Continuation.trailingSeparator.join("list;", "whoami")
        #expect(two == "list; whoami")
        #expect(Parser.parse(SourceFile(name: "entry", text: two)).statements.count == 2)
    }
}
