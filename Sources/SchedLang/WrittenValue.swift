/// A value written in a statement: a literal, a relative date or time, or a variable path.
public struct WrittenValue: Sendable, Equatable {
    public var kind: WrittenValueKind
    public var range: SourceRange

    public init(kind: WrittenValueKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public enum WrittenValueKind: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case uuid(String)
    /// A duration in minutes; negative when written with a leading minus.
    case duration(Int)
    case time(TimeLiteral)
    case date(DateExpression)
    /// A wall-clock date and time, or an instant when an offset is given.
    case dateTime(DateExpression, TimeLiteral, offsetSeconds: Int?)
    case now
    case variable(VariablePath)
}

/// A date as written: absolute, or relative to today.
public enum DateExpression: Sendable, Equatable {
    case absolute(DateLiteral)
    case today
    case tomorrow
    case yesterday
    /// The next such ISO weekday (1 = Monday), today included; with a time of day that has
    /// passed today, the one a week on.
    case weekday(Int)
    /// The ISO weekday in next week (`next mon`: the Monday after this week's).
    case nextWeekday(Int)
    /// So many days after today (`in 3 days`, `in 2 weeks`).
    case inDays(Int)
    /// A day of a month without its year (`dec 24`, `24 dec`): the next such date, today
    /// included; with a time of day that has passed today, the one a year on.
    case monthDay(month: Int, day: Int)
}

/// `$name`, `$name.field`, `$name[0].start`.
public struct VariablePath: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var accessors: [Accessor]

    public enum Accessor: Sendable, Equatable {
        case field(String)
        case index(Int)
    }

    public init(name: String, accessors: [Accessor] = []) {
        self.name = name
        self.accessors = accessors
    }

    public var description: String {
        accessors.reduce("$" + name) { text, accessor in
            switch accessor {
            case .field(let field): text + "." + field
            case .index(let index): text + "[\(index)]"
            }
        }
    }
}

/// A range of dates or instants (`today`, `this week`, `from 2025-03-01 to 2025-03-07`).
public struct DateRangeExpression: Sendable, Equatable {
    public var kind: Kind
    public var range: SourceRange

    public enum Kind: Sendable, Equatable {
        case today, tomorrow, yesterday
        case thisWeek, nextWeek, thisMonth, nextMonth
        /// Saturday and Sunday of this week (Monday to Sunday), or of next week.
        case thisWeekend, nextWeekend
        /// Today and the days after it, so many in all (`next 3 days`).
        case nextDays(Int)
        case on(WrittenValue)
        /// Both days included.
        case fromDates(WrittenValue, WrittenValue)
        /// Half-open: from the first instant up to the second.
        case fromDateTimes(WrittenValue, WrittenValue)
    }

    public init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
