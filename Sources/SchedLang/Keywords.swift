/// The words the language reserves, in one place, for parsing, suggestions and completion.
public enum Keywords {
    /// Words that open a statement.
    public static let statements = StatementWord.allCases.map(\.rawValue)

    /// Statements whose result `let` can bind.
    public static let valueStatements: Set<String> = [
        "book", "reschedule", "update", "cancel", "show", "list", "upcoming", "availability", "slots", "whoami",
        "find", "restore", "history",
    ]

    public static let bookClauses = ["at", "for", "note", "email", "every", "from", "until", "count", "skip"]
    /// The periods of `every`, singular and plural.
    public static let repeatUnits: [String: RepeatPattern.Unit] = [
        "day": .day, "days": .day, "week": .week, "weeks": .week,
        "month": .month, "months": .month, "year": .year, "years": .year,
    ]
    /// The word after `cancel REF and`, and the word that makes a statement about a series.
    public static let following = "following"
    public static let series = "series"
    public static let updateClauses = ["name", "at", "for", "note", "email"]
    public static let slotsClauses = ["for", "every"]
    /// The words after `calcom`, and the clauses of `calcom connect` (`event-type` is written
    /// as one word but read from three tokens: `event`, `-`, `type`).
    public static let calcomCommands = ["connect", "status", "disconnect", "slots"]
    public static let calcomConnectClauses = ["key", "event-type", "url"]
    /// The words that may follow `sync`.
    public static let syncActions = ["push", "pull", "availability", "status"]
    /// The formats `export` writes, and the word that adds cancelled appointments.
    public static let exportFormats = ExportFormat.allCases.map(\.rawValue)
    public static let exportCancelled = "cancelled"
    /// The spans `calendar` draws.
    public static let calendarSpans = CalendarSpan.allCases.map(\.rawValue)
    /// The formats `import` reads, and the word that makes one bad entry refuse the file.
    public static let importFormats = ImportFormat.allCases.map(\.rawValue)
    public static let importAtomic = "atomic"
    public static let settings = ["timezone", "default", "output", "clock", "buffer", "minimum", "slot", "limit", "booking"]
    public static let expectForms = ["error", "free", "busy"]
    public static let errorKinds = [
        "auth", "conflict", "invalid", "validation", "notfound", "unavailable", "internal", "expectation",
    ]
    /// Other calendar tools' words for sched's statements, suggested when one opens a statement.
    public static let otherToolWords: [String: String] = [
        "delete": "cancel", "remove": "cancel", "move": "reschedule",
        "add": "book", "new": "book", "create": "book", "search": "find", "edit": "update",
    ]
    public static let rangeStarts = ["today", "tomorrow", "yesterday", "this", "next", "on", "from"]

    /// Weekday names and abbreviations, mapped to ISO numbers (1 = Monday).
    public static let weekdays: [String: Int] = [
        "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2, "wed": 3, "wednesday": 3,
        "thu": 4, "thur": 4, "thurs": 4, "thursday": 4, "fri": 5, "friday": 5,
        "sat": 6, "saturday": 6, "sun": 7, "sunday": 7,
    ]

    /// Month names and abbreviations, mapped to their numbers.
    public static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
        "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
        "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
        "dec": 12, "december": 12,
    ]

    /// Times of day by name.
    public static let namedTimes: [String: Int] = ["noon": 12, "midnight": 0]

    /// The units of `in N …` (days each).
    public static let dayUnits: [String: Int] = ["day": 1, "days": 1, "week": 7, "weeks": 7]

    /// The units of a duration written in words (minutes each): `1 hour`, `90 min`.
    public static let durationUnits: [String: Int] = [
        "hour": 60, "hours": 60, "hr": 60, "hrs": 60, "minute": 1, "minutes": 1, "min": 1, "mins": 1,
    ]

    /// Day groups of `available`/`unavailable`.
    public static let dayGroups: [String: Set<Int>] = [
        "weekdays": [1, 2, 3, 4, 5], "weekend": [6, 7], "daily": [1, 2, 3, 4, 5, 6, 7],
    ]
}

/// A word that opens a statement; a switch over these lists them all, so a new statement is
/// not left out of completion and the like unnoticed.
public enum StatementWord: String, CaseIterable, Sendable {
    case book, reschedule, update, cancel, show, list, upcoming
    case available, unavailable, availability, slots
    case `let`, print, source, set, help, expect
    case create, login, logout, whoami, calcom, sync, export
    case agenda, calendar
    case `import`
    case find, restore, undo, redo, history
}
