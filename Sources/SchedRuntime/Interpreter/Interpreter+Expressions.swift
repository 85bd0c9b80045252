import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Turning written values into dates, instants, durations, text and appointment references.
extension Interpreter {
    /// The value of an expression.
    func evaluate(_ expression: WrittenValue, _ context: Moment) throws -> Value {
        switch expression.kind {
        case .string(let text): return .string(text)
        case .integer(let number): return .number(number)
        case .uuid(let id): return .string(id)
        case .duration(let minutes): return .duration(minutes)
        case .time(let time): return .time(time.secondsOfDay)
        case .date(let date): return .date(try civilDate(date, context, at: expression.range))
        case .dateTime, .now: return .dateTime(try instant(expression, context))
        case .variable(let path): return try lookUp(path, context, at: expression.range)
        }
    }

    /// Follows a variable path such as `$a.start` or `$l[0].customer`.
    func lookUp(_ path: VariablePath, _ context: Moment, at range: SourceRange) throws -> Value {
        guard var value = variables[path.name] else {
            throw RuntimeFailure(.undefinedVariable(path.name), at: range)
        }
        for accessor in path.accessors {
            switch accessor {
            case .field(let name):
                let found: Value?
                do {
                    found = try value.field(name, zone: context.zone)
                } catch let error as SchedError {
                    throw RuntimeFailure(error, at: range)
                }
                guard let next = found else {
                    let suggestion = Suggestion.nearest(to: name, in: value.fieldNames + value.jsonFieldNames)
                    throw RuntimeFailure(
                        .noSuchField(name, on: value.typeName, suggestion: suggestion, fields: value.fieldNames), at: range)
                }
                value = next
            case .index(let index):
                guard case .list(let items) = value else {
                    throw RuntimeFailure(.wrongType(expected: "a list", found: value.typeName, in: path.description), at: range)
                }
                guard items.indices.contains(index) else {
                    throw RuntimeFailure(.indexOutOfRange(index, count: items.count), at: range)
                }
                value = items[index]
            }
        }
        return value
    }

    /// A value that must be of one type, failing with what was found instead.
    private func typed<T>(_ expression: WrittenValue, _ context: Moment, expected: String,
                          _ extract: (Value) -> T?) throws -> T {
        let value = try evaluate(expression, context)
        if let result = extract(value) { return result }
        let path: String = if case .variable(let variablePath) = expression.kind { variablePath.description } else { "the value" }
        throw RuntimeFailure(.wrongType(expected: expected, found: value.typeName, in: path), at: expression.range)
    }

    /// An instant: a date-time read in the home zone (refusing DST gaps), or one with an offset.
    func instant(_ expression: WrittenValue, _ context: Moment) throws -> Date {
        switch expression.kind {
        case .now:
            return context.now
        case .time(let time):
            // A time alone is the next time the clock shows it: today, else tomorrow.
            let today = try wallClock(context.today, time, context, at: expression.range)
            return today >= context.now ? today : try wallClock(context.today.adding(days: 1), time, context, at: expression.range)
        case .dateTime(let dateExpression, let time, let offset):
            let date = try civilDate(dateExpression, context, at: expression.range)
            if offset == nil, let later = Self.recurring(dateExpression, after: date) {
                // `mon 10:00` or `dec 24 10:00` once that time has passed today: the next one.
                let instant = try wallClock(date, time, context, at: expression.range)
                return instant >= context.now ? instant : try wallClock(later, time, context, at: expression.range)
            }
            if let offset {
                let local = TimeInterval(date.daysSinceEpoch * 86_400 + time.secondsOfDay)
                let instant = Date(timeIntervalSince1970: local - TimeInterval(offset))
                guard Self.supportedYears.contains(context.zone.civil(instant).date.year) else {
                    throw RuntimeFailure(.dateOutOfRange, at: expression.range)
                }
                return instant
            }
            return try wallClock(date, time, context, at: expression.range)
        default:
            return try typed(expression, context, expected: "a date-time") { value in
                if case .dateTime(let instant) = value { return instant }
                if case .slot(let slot) = value { return slot.start }
                return nil
            }
        }
    }

    /// A wall-clock time in the home zone: the earlier instant in a DST overlap, refused in a gap.
    private func wallClock(_ date: CivilDate, _ time: TimeLiteral, _ context: Moment, at range: SourceRange) throws -> Date {
        switch context.zone.resolve(date, secondsOfDay: time.secondsOfDay) {
        case .exact(let instant): return instant
        case .overlap(let earlier, _): return earlier
        case .gap:
            let wall = "\(date)T\(HumanFormat.clock(time.secondsOfDay))"
            throw RuntimeFailure(.timeInGap(wall, zone: context.zone.identifier), at: range)
        }
    }

    /// The next date a written date names after `date`, for one that recurs (a weekday, a day of
    /// a month); nil for the others, which name one date.
    static func recurring(_ written: DateExpression, after date: CivilDate) -> CivilDate? {
        switch written {
        case .weekday: return date.adding(days: 7)
        case .monthDay(let month, let day): return nextMonthDay(month, day, after: date.year)
        case .absolute, .today, .tomorrow, .yesterday, .nextWeekday, .inDays: return nil
        }
    }

    /// The first year from `year` on that has the day (a 29 February waits for a leap year).
    static func nextMonthDay(_ month: Int, _ day: Int, from year: Int) -> CivilDate? {
        (year..<year + 9).lazy.compactMap { CivilDate(year: $0, month: month, day: day) }.first
    }

    static func nextMonthDay(_ month: Int, _ day: Int, after year: Int) -> CivilDate? {
        nextMonthDay(month, day, from: year + 1)
    }

    /// A calendar date.
    func date(_ expression: WrittenValue, _ context: Moment) throws -> CivilDate {
        if case .date(let written) = expression.kind { return try civilDate(written, context, at: expression.range) }
        return try typed(expression, context, expected: "a date") { value in
            if case .date(let date) = value { return date }
            return nil
        }
    }

    /// Years a date may fall in, as in the schema and the lexer.
    static let supportedYears = 1...9999

    func civilDate(_ written: DateExpression, _ context: Moment, at range: SourceRange?) throws -> CivilDate {
        let date = try civilDateUnchecked(written, context, at: range)
        guard Self.supportedYears.contains(date.year) else { throw RuntimeFailure(.dateOutOfRange, at: range) }
        return date
    }

    private func civilDateUnchecked(_ written: DateExpression, _ context: Moment, at range: SourceRange?) throws -> CivilDate {
        switch written {
        case .absolute(let literal):
            guard let date = CivilDate(year: literal.year, month: literal.month, day: literal.day) else {
                throw RuntimeFailure(.fieldFormat("date", "must be a real calendar date"), at: range)
            }
            return date
        case .today: return context.today
        case .tomorrow: return context.today.adding(days: 1)
        case .yesterday: return context.today.adding(days: -1)
        case .weekday(let number):
            let ahead = (number - context.today.weekday.rawValue + 7) % 7
            return context.today.adding(days: ahead)
        case .nextWeekday(let number):
            return context.today.adding(days: 7 - context.today.weekday.rawValue + number)
        case .inDays(let days):
            return context.today.adding(days: days)
        case .monthDay(let month, let day):
            let today = context.today
            if let date = CivilDate(year: today.year, month: month, day: day), date >= today { return date }
            guard let date = Self.nextMonthDay(month, day, after: today.year) else {
                throw RuntimeFailure(.dateOutOfRange, at: range)
            }
            return date
        }
    }

    /// A duration in minutes.
    func duration(_ expression: WrittenValue, _ context: Moment) throws -> Int {
        try typed(expression, context, expected: "a duration such as 30m") { value in
            if case .duration(let minutes) = value { return minutes }
            return nil
        }
    }

    /// A piece of text.
    func text(_ expression: WrittenValue, _ context: Moment, what: String) throws -> String {
        try typed(expression, context, expected: what) { value in
            if case .string(let text) = value { return text }
            return nil
        }
    }

    /// A number.
    func number(_ expression: WrittenValue, _ context: Moment) throws -> Int {
        try typed(expression, context, expected: "a number") { value in
            if case .number(let number) = value { return number }
            return nil
        }
    }

    /// Which appointment a reference names.
    func reference(_ expression: WrittenValue, _ context: Moment) throws -> AppointmentRef {
        let value = try evaluate(expression, context)
        switch value {
        case .number(let number):
            return .number(number)
        case .appointment(let appointment):
            return .id(appointment.id)
        case .string(let text):
            if let id = UUID(uuidString: text) { return .id(id) }
            if let number = Int(text.trimmingCharacters(in: CharacterSet.whitespaces)) { return .number(number) }
            return .customer(text, upcomingFrom: context.now)
        default:
            throw RuntimeFailure(.wrongType(expected: "an appointment or its number", found: value.typeName,
                                            in: Self.describe(expression)), at: expression.range)
        }
    }

    static func describe(_ expression: WrittenValue) -> String {
        if case .variable(let path) = expression.kind { return path.description }
        return "the value"
    }
}
