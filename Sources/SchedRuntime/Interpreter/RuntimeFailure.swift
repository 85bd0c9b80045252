import SchedCore
import SchedLang
import Scheduling

/// A statement's failure, with the part of the source it points at when narrower than the statement.
public struct RuntimeFailure: Error, Sendable {
    public var error: SchedError
    public var range: SourceRange?

    public init(_ error: SchedError, at range: SourceRange? = nil) {
        self.error = error
        self.range = range
    }
}
