import Foundation

/// The outcome of a Cal.com or import statement: lines for people, and an object for `--json`.
public struct Report: Sendable, Equatable {
    public var lines: [String]
    public var json: JSONValue

    public init(lines: [String], json: JSONValue) {
        self.lines = lines
        self.json = json
    }

    public var text: String { lines.map { $0 + "\n" }.joined() }
}
