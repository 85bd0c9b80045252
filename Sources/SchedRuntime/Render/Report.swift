import Foundation
import SchedCore
import SchedLang
import Scheduling

/// An `Outcome` rendered: lines for people, and an object for `--json`.
struct Report: Sendable, Equatable {
    var lines: [String]
    var json: JSONValue

    init(lines: [String], json: JSONValue) {
        self.lines = lines
        self.json = json
    }

    var text: String { lines.map { $0 + "\n" }.joined() }
}
