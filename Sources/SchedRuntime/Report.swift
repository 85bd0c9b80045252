import Foundation
import SchedCore
import SchedLang
import Scheduling

/// The outcome of a Cal.com or import statement: lines for people, and an object for `--json`.
public struct Report: Sendable, Equatable {
    public var lines: [String]
    public var json: JSONValue
    /// What fails a script run once the report is shown (an import that refused entries), so
    /// that its exit code tells; `--keep-going` and the prompt take the report as it is.
    public var failure: SchedError?

    public init(lines: [String], json: JSONValue, failure: SchedError? = nil) {
        self.lines = lines
        self.json = json
        self.failure = failure
    }

    public var text: String { lines.map { $0 + "\n" }.joined() }
}
