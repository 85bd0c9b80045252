import Foundation
import SchedLang
import Testing

/// JSON text as sched writes it: escapes, and objects written straight to text alike to those
/// built as a tree.
@Suite struct JSONValueTests {
    @Test func stringsAreEscapedAsJSONAndJavaScriptNeed() {
        let text = "quote \" backslash \\ line\nreturn\rtab\tbell\u{7} sep\u{2028}para\u{2029} é 中 😀 \u{2027}"
        let written = JSONValue.string(text).serialized()
        #expect(written == #""quote \" backslash \\ line\nreturn\rtab\tbell\u0007 sep\u2028para\u2029 é 中 😀 \#u{2027}""#)
        // Foundation reads back what was written.
        let read = try? JSONSerialization.jsonObject(with: Data(written.utf8), options: [.fragmentsAllowed]) as? String
        #expect(read == text)
    }

    @Test func anObjectWrittenAsTextEqualsTheTree() {
        for note in [nil, "", "a \"note\"\n", "\u{0}\u{1f}"] as [String?] {
            let tree = JSONValue.object([
                ("id", .string("x")), ("number", .number(-12)), ("note", note.map(JSONValue.string) ?? .null),
                ("empty", .string("")),
            ])
            let text = JSONValue.object { fields in
                fields.field("id", "x")
                fields.field("number", -12)
                fields.field("note", note)
                fields.field("empty", "")
            }
            #expect(text.serialized() == tree.serialized())
            #expect(JSONValue.array([text, tree]).serialized() == "[\(tree.serialized()),\(tree.serialized())]")
        }
        #expect(JSONValue.object { _ in }.serialized() == "{}")
    }
}
