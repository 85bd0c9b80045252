/// A failure with a kind and a message meant for the user; the texts live in `SchedError+Catalogue`.
public struct SchedError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: ErrorKind
    public let message: String

    public init(_ kind: ErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Whether this is `base`, perhaps with a detail added in parentheses after its message
    /// (`Time slot is already booked (#12 Ann, …)`).
    public func refines(_ base: SchedError) -> Bool {
        kind == base.kind && (message == base.message || message.hasPrefix(base.message + " ("))
    }
}
