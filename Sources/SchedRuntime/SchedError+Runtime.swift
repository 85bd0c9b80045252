import SchedCore

/// The messages of statements that fail in the runtime rather than in a service.
extension SchedError {
    public static func undefinedVariable(_ name: String) -> SchedError {
        SchedError(.invalid, "$\(name) is not defined")
    }

    public static func noSuchField(_ field: String, on typeName: String, suggestion: String?) -> SchedError {
        SchedError(.invalid, "\(typeName) has no field '\(field)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }

    public static func indexOutOfRange(_ index: Int, count: Int) -> SchedError {
        SchedError(.invalid, "index \(index) is out of range for a list of \(count)")
    }

    public static func wrongType(expected: String, found typeName: String, in path: String) -> SchedError {
        SchedError(.invalid, "expected \(expected), but \(path) is \(typeName)")
    }

    public static let setClockOutsideTests = SchedError(.invalid, "set clock is only allowed in test scripts run by 'sched test'")

    public static let rangeBackwards = SchedError(.validation, "range: must end after it starts")

    public static func rangeTooLong(days: Int) -> SchedError {
        SchedError(.validation, "range: must be between 1 and \(days) days")
    }

    public static func invalidReference(_ text: String) -> SchedError {
        SchedError(.validation, "appointment: must be an appointment number or id, not '\(text)'")
    }

    public static func fileUnreadable(_ path: String, reason: String) -> SchedError {
        SchedError(.notfound, "cannot read '\(path)': \(reason)")
    }

    public static func sourceTooDeep(limit: Int) -> SchedError {
        SchedError(.invalid, "source: files nest more than \(limit) deep")
    }

    public static func sourceHasSyntaxErrors(_ path: String, count: Int) -> SchedError {
        SchedError(.syntax, "'\(path)' has \(count) syntax error\(count == 1 ? "" : "s")")
    }

    public static func noHelp(_ topic: String, suggestion: String?) -> SchedError {
        SchedError(.notfound, "no help for '\(topic)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
    }

    // MARK: - Expectations

    public static let expectedErrorButSucceeded = SchedError(.expectation, "expected an error, but the statement succeeded")

    public static let expectedErrorWithoutStatement = SchedError(.expectation, "expected an error, but no statement came before")

    public static func expectedDifferentError(wanted: String, got: SchedError) -> SchedError {
        SchedError(.expectation, "expected error \(wanted), but the statement failed with: \(got.message) [\(got.kind.rawValue)]")
    }

    public static func comparisonFailed(_ written: String, left: String, right: String) -> SchedError {
        SchedError(.expectation, "expectation failed: \(written) (left side: \(left); right side: \(right))")
    }

    public static func cannotCompare(_ left: String, _ right: String) -> SchedError {
        SchedError(.expectation, "cannot compare \(left) with \(right)")
    }

    public static func expectedFree(_ what: String, because reason: SchedError) -> SchedError {
        SchedError(.expectation, "expected \(what) to be free, but: \(reason.message) [\(reason.kind.rawValue)]")
    }

    public static func expectedBusy(_ what: String) -> SchedError {
        SchedError(.expectation, "expected \(what) to be busy, but it is free")
    }
}
