/// Every syntax diagnostic sched can report, with its text in one place.
///
/// Messages are lowercase, quote what was found and say what was expected.
public enum ParseMessage: Sendable, Equatable, Error {
    case unexpectedCharacter(String)
    case unterminatedString
    case invalidEscape(String)
    case numberTooLarge(String)
    case malformedNumber(String)
    case invalidDate(String, reason: String)
    case invalidTime(String, reason: String)
    case invalidOffset(String)
    case endOfDayOutsideWindow
    case unknownStatement(String, suggestion: String?)
    case expected(String, found: String)
    case expectedAfter(String, after: String, found: String)
    case unknownClause(String, statement: String, suggestion: String?)
    case clauseTwice(String)
    case missingUpdateClause
    case windowEndsBeforeStart(String)
    case unknownErrorKind(String, suggestion: String?)
    case unknownOutputFormat(String)
    case zeroLimit
    case mixedRange
    /// `until`, `count`, `from` or `skip conflicts` in a booking without `every`.
    case clauseNeedsEvery(String)
    case untilWithCount
    /// `update series … at …`.
    case seriesMovedByReschedule
    case intervalZero
    /// `every month on the 32nd`.
    case monthDayOutOfRange(Int)
    /// `every 2 weeks at mon`: the weekdays of `every N weeks` follow `on`.
    case weekdaysNeedOn
    /// `24/12`: day and month in an order that depends on the country.
    case ambiguousDate(String)
    /// `next 0 days`.
    case zeroDays
    case createNeedsUser(found: String)

    /// The rendered text of the message.
    public var text: String {
        switch self {
        case .unexpectedCharacter(let character):
            return "unexpected character \(character)"
        case .unterminatedString:
            return "unterminated string; expected a closing '\"' before the end of the line"
        case .invalidEscape(let escape):
            return "unknown escape '\\\(Self.clip(escape))' in string; use \\\", \\\\, \\n or \\t"
        case .numberTooLarge(let text):
            return "number '\(Self.clip(text))' is too large"
        case .malformedNumber(let text):
            return "malformed value '\(Self.clip(text))'; expected a number, a date such as 2025-03-04, a time such as 09:00 or a duration such as 30m"
        case .invalidDate(let text, let reason):
            return "invalid date '\(Self.clip(text))': \(reason)"
        case .invalidTime(let text, let reason):
            return "invalid time '\(Self.clip(text))': \(reason)"
        case .invalidOffset(let text):
            return "invalid UTC offset '\(Self.clip(text))'; expected Z or one such as +01:00"
        case .endOfDayOutsideWindow:
            return "24:00 is only allowed as the end of a window"
        case .unknownStatement(let word, let suggestion):
            return "unknown statement '\(Self.clip(word))'" + didYouMean(suggestion)
        case .expected(let what, let found):
            return "expected \(what), found \(found)"
        case .expectedAfter(let what, let after, let found):
            return "expected \(what) after \(after), found \(found)"
        case .unknownClause(let word, let statement, let suggestion):
            return "unknown clause '\(Self.clip(word))' in '\(statement)'" + didYouMean(suggestion)
        case .clauseTwice(let clause):
            return "'\(clause)' given twice"
        case .missingUpdateClause:
            return "expected at least one of 'name', 'at', 'for', 'note' or 'email' after the appointment"
        case .windowEndsBeforeStart(let window):
            return "window \(Self.clip(window)) must end after it starts"
        case .unknownErrorKind(let word, let suggestion):
            return "unknown error kind '\(Self.clip(word))'" + didYouMean(suggestion)
        case .unknownOutputFormat(let found):
            return "expected 'json' or 'table' after 'set output', found \(found)"
        case .zeroLimit:
            return "expected a limit of at least 1"
        case .mixedRange:
            return "the ends of a range must both be dates or both be date-times"
        case .clauseNeedsEvery(let clause):
            return "'\(clause)' belongs to a repeating booking; add 'every' such as 'every tue' or 'every 2 weeks on mon'"
        case .untilWithCount:
            return "a series ends with 'until' or with 'count', not both"
        case .seriesMovedByReschedule:
            return "a series moves with 'reschedule series … to …', not 'update series … at'"
        case .intervalZero:
            return "expected a number of at least 1 after 'every'"
        case .monthDayOutOfRange(let day):
            return "a month has no day \(day); expected 1st to 31st, or 'last'"
        case .weekdaysNeedOn:
            return "the weekdays of 'every N weeks' follow 'on', as in 'every 2 weeks on mon, thu'"
        case .zeroDays:
            return "expected a number of days of at least 1"
        case .createNeedsUser(let found):
            return "expected 'user' after 'create', found \(found); an appointment is made with 'book'"
        case .ambiguousDate(let text):
            return "ambiguous date '\(Self.clip(text))'; write it as 2025-12-24, 'dec 24' or '24 dec'"
        }
    }

    /// User text quoted in a message: at most 40 characters, control characters replaced.
    static func clip(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(40) {
            scalars.append(scalar.properties.generalCategory == .control ? "\u{FFFD}" : scalar)
        }
        return String(scalars) + (text.unicodeScalars.count > 40 ? "…" : "")
    }

    private func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
