import Foundation

/// Lays short items out in columns down the page, as `ls` and readline list choices.
public enum Columns {
    /// `items` in as many columns as fit in `width`, filled top to bottom. Items of several
    /// words (an appointment with its customer and time) read as rows, one per line. Each line
    /// ends with a newline and has no trailing spaces.
    public static func layout(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let gap = 2
        let cell = (items.map(\.count).max() ?? 0) + gap
        let rows = items.contains { $0.contains(" ") }
        let perLine = rows ? 1 : max(1, (width + gap) / cell)
        let lines = (items.count + perLine - 1) / perLine
        var out = ""
        for line in 0..<lines {
            let row = stride(from: line, to: items.count, by: lines).map { index in
                items[index].padding(toLength: cell, withPad: " ", startingAt: 0)
            }
            out += String(row.joined().reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        return out
    }
}
