import Testing

/// Runs a property body, recording any error it throws: `propertyCheck` ignores thrown errors.
public func checking(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        try body()
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
    }
}
