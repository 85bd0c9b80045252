import Testing
import SchedRuntime

/// Choices listed at Tab fill columns down the page, within the terminal's width.
@Suite struct ColumnsTests {
    @Test func shortItemsFillColumnsTopToBottom() {
        let items = ["at", "book", "cancel", "email", "for"]
        #expect(Columns.layout(items, width: 20) == """
            at      email
            book    for
            cancel

            """)
    }

    @Test func everyLineFitsTheWidth() {
        let items = (1...40).map { "word\($0)" }
        let text = Columns.layout(items, width: 80)
        let lines = text.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.count == 4)
        #expect(Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)) == Set(items))
    }

    @Test func longItemsTakeOneLineEach() {
        let items = ["1  Ann   Mon 4 Mar 2030 10:00–10:30", "2  Bob   Mon 4 Mar 2030 11:00–11:30", "3  Cyra  Tue 5 Mar 2030 09:00–09:30"]
        #expect(Columns.layout(items, width: 80) == items.map { $0 + "\n" }.joined())
    }

    @Test func nothingToListIsNoText() {
        #expect(Columns.layout([], width: 80) == "")
    }
}
