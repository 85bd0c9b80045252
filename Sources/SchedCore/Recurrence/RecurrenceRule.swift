import Foundation

/// An RFC 5545 recurrence rule (RRULE) whose occurrences fall on whole days: FREQ from DAILY to
/// YEARLY with INTERVAL, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, WKST, and COUNT or UNTIL.
public struct RecurrenceRule: Sendable, Hashable {
    public enum Frequency: String, Sendable, CaseIterable {
        case daily = "DAILY", weekly = "WEEKLY", monthly = "MONTHLY", yearly = "YEARLY"
    }

    /// One BYDAY entry: "TU" (ordinal nil), "2TU", "-1FR".
    public struct DayRule: Sendable, Hashable {
        /// The n-th (or, negative, n-th from last) such weekday of the month or year; nil for every one.
        public var ordinal: Int?
        public var weekday: Weekday

        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// UNTIL as written: a UTC instant ("20250630T215959Z"), a floating local date-time ("20250630T235959"),
    /// or a date ("20250630").
    public enum Until: Sendable, Hashable {
        case instant(Date)
        case local(CivilDate, secondsOfDay: Int)
        case date(CivilDate)
    }

    public enum End: Sendable, Hashable {
        case count(Int)
        case until(Until)
    }

    public var frequency: Frequency
    /// Every how many periods (days, weeks, months, years) the rule applies; at least 1.
    public var interval: Int
    public var byDay: [DayRule]
    /// 1...31, and -31...-1 counting back from the end of the month.
    public var byMonthDay: [Int]
    public var byMonth: [Int]
    /// 1...366, and -366...-1 counting back from the end of each period's set of dates.
    public var bySetPos: [Int]
    /// WKST: the day weeks begin on, which matters for WEEKLY rules with INTERVAL > 1 or BYSETPOS.
    public var weekStart: Weekday
    /// nil: the rule goes on for ever.
    public var end: End?

    public init(
        frequency: Frequency, interval: Int = 1, byDay: [DayRule] = [], byMonthDay: [Int] = [],
        byMonth: [Int] = [], bySetPos: [Int] = [], weekStart: Weekday = .monday, end: End? = nil
    ) {
        self.frequency = frequency
        self.interval = interval
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byMonth = byMonth
        self.bySetPos = bySetPos
        self.weekStart = weekStart
        self.end = end
    }
}

/// Why a rule cannot be used: names the part. `description` is a short lowercase phrase such as
/// "BYHOUR is not supported" or "COUNT and UNTIL cannot both be given".
public struct RecurrenceRuleProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}

// MARK: - Messages

extension RecurrenceRuleProblem {
    static let missingFrequency = Self("FREQ is missing")
    static let badInterval = Self("INTERVAL must be a whole number of at least 1")
    static let badCount = Self("COUNT must be a whole number of at least 1")
    static let countAndUntil = Self("COUNT and UNTIL cannot both be given")
    static let badMonth = Self("BYMONTH must list months from 1 to 12")
    static let badMonthDay = Self("BYMONTHDAY must list days from 1 to 31 or -31 to -1")
    static let badSetPosition = Self("BYSETPOS must list positions from 1 to 366 or -366 to -1")
    static let monthDayInWeeklyRule = Self("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    static let ordinalNeedsMonthOrYear = Self("BYDAY ordinals such as 2TU need FREQ=MONTHLY or FREQ=YEARLY")

    static func unsupportedFrequency(_ value: String) -> Self { Self("FREQ=\(value) is not supported") }
    static func unknownFrequency(_ value: String) -> Self {
        Self("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, found '\(value)'")
    }
    static func unsupportedPart(_ name: String) -> Self { Self("\(name) is not supported") }
    static func unknownPart(_ name: String) -> Self { Self("unknown part \(name)") }
    static func repeatedPart(_ name: String) -> Self { Self("\(name) is given twice") }
    static func malformedPart(_ part: String) -> Self { Self("expected NAME=VALUE, found '\(part)'") }
    static func badDay(_ value: String) -> Self { Self("BYDAY must list days such as MO, 2TU or -1FR, found '\(value)'") }
    static func badWeekStart(_ value: String) -> Self { Self("WKST must be a day such as MO or SU, found '\(value)'") }
    static func badUntil(_ value: String) -> Self {
        Self("UNTIL must be a date such as 20250630 or a time such as 20250630T215959Z, found '\(value)'")
    }
    static func ordinalOutOfRange(_ entry: String, within scope: String, limit: Int) -> Self {
        Self("BYDAY=\(entry) is out of range: an ordinal within a \(scope) is 1 to \(limit) or -\(limit) to -1")
    }
}

// MARK: - Parsing

extension RecurrenceRule {
    /// Parses the value of an RRULE line (no "RRULE:" prefix), parts in any order, case-insensitive names.
    public static func parse(_ text: String) -> Result<RecurrenceRule, RecurrenceRuleProblem> {
        do throws(RecurrenceRuleProblem) {
            let rule = try RuleParts(text).rule()
            try rule.check()
            return .success(rule)
        } catch {
            return .failure(error)
        }
    }

    /// Refuses values out of range and parts that do not go together, as RFC 5545 3.3.10 does.
    func check() throws(RecurrenceRuleProblem) {
        guard interval >= 1 else { throw .badInterval }
        guard byMonth.allSatisfy((1...12).contains) else { throw .badMonth }
        guard byMonthDay.allSatisfy({ Self.isPosition($0, upTo: 31) }) else { throw .badMonthDay }
        guard bySetPos.allSatisfy({ Self.isPosition($0, upTo: 366) }) else { throw .badSetPosition }
        if frequency == .weekly, !byMonthDay.isEmpty { throw .monthDayInWeeklyRule }
        if case .count(let count) = end, count < 1 { throw .badCount }
        try checkOrdinals()
    }

    private func checkOrdinals() throws(RecurrenceRuleProblem) {
        let ordered = byDay.filter { $0.ordinal != nil }
        guard !ordered.isEmpty else { return }
        switch frequency {
        case .daily, .weekly:
            throw .ordinalNeedsMonthOrYear
        case .monthly, .yearly:
            // Without BYMONTH a YEARLY ordinal counts within the year, else within the month.
            let withinYear = frequency == .yearly && byMonth.isEmpty
            let limit = withinYear ? 53 : 5
            if let wrong = ordered.first(where: { !Self.isPosition($0.ordinal ?? 0, upTo: limit) }) {
                throw .ordinalOutOfRange(wrong.text, within: withinYear ? "year" : "month", limit: limit)
            }
        }
    }

    /// Whether `value` is in 1...limit or -limit...-1 (`magnitude`, since `abs(Int.min)` traps).
    static func isPosition(_ value: Int, upTo limit: Int) -> Bool {
        value != 0 && value.magnitude <= UInt(limit)
    }
}

/// The NAME=VALUE parts of an RRULE value, each name at most once, names and values uppercased.
private struct RuleParts {
    static let known: Set<String> = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYDAY", "BYSETPOS", "WKST",
    ]
    static let unsupported: Set<String> = ["BYHOUR", "BYMINUTE", "BYSECOND", "BYYEARDAY", "BYWEEKNO"]

    private var values: [String: String] = [:]

    /// Splits the text into its parts.
    ///
    ///     recur → recur-rule-part *( ";" recur-rule-part )
    ///     recur-rule-part → NAME "=" VALUE
    init(_ text: String) throws(RecurrenceRuleProblem) {
        for part in text.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pieces[0].trimmingCharacters(in: .whitespaces).uppercased()
            guard pieces.count == 2, !name.isEmpty else { throw .malformedPart(String(part)) }
            guard Self.known.contains(name) else {
                throw Self.unsupported.contains(name) ? .unsupportedPart(name) : .unknownPart(name)
            }
            guard values[name] == nil else { throw .repeatedPart(name) }
            values[name] = pieces[1].trimmingCharacters(in: .whitespaces).uppercased()
        }
    }

    func rule() throws(RecurrenceRuleProblem) -> RecurrenceRule {
        guard let frequencyText = values["FREQ"] else { throw .missingFrequency }
        var rule = RecurrenceRule(frequency: try Self.frequency(frequencyText))
        if let text = values["INTERVAL"] { rule.interval = try Self.whole(text, else: .badInterval) }
        rule.byMonth = try list("BYMONTH") { text throws(RecurrenceRuleProblem) in try Self.whole(text, else: .badMonth) }
        rule.byMonthDay = try list("BYMONTHDAY") { text throws(RecurrenceRuleProblem) in
            try Self.signed(text, else: .badMonthDay)
        }
        rule.byDay = try list("BYDAY", Self.dayRule)
        rule.bySetPos = try list("BYSETPOS") { text throws(RecurrenceRuleProblem) in
            try Self.signed(text, else: .badSetPosition)
        }
        if let text = values["WKST"] {
            guard let day = Weekday(rruleCode: text) else { throw .badWeekStart(text) }
            rule.weekStart = day
        }
        rule.end = try end()
        return rule
    }

    private func end() throws(RecurrenceRuleProblem) -> RecurrenceRule.End? {
        switch (values["COUNT"], values["UNTIL"]) {
        case (nil, nil): nil
        case (let count?, nil): .count(try Self.whole(count, else: .badCount))
        case (nil, let until?): .until(try Self.until(until))
        case (_?, _?): throw .countAndUntil
        }
    }

    private func list<T>(_ name: String, _ item: (String) throws(RecurrenceRuleProblem) -> T) throws(RecurrenceRuleProblem) -> [T] {
        guard let text = values[name] else { return [] }
        var items: [T] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            items.append(try item(String(piece)))
        }
        return items
    }

    static func frequency(_ text: String) throws(RecurrenceRuleProblem) -> RecurrenceRule.Frequency {
        if let frequency = RecurrenceRule.Frequency(rawValue: text) { return frequency }
        if ["HOURLY", "MINUTELY", "SECONDLY"].contains(text) { throw .unsupportedFrequency(text) }
        throw .unknownFrequency(text)
    }

    /// Digits only: INTERVAL, COUNT, BYMONTH.
    static func whole(_ text: String, else problem: RecurrenceRuleProblem) throws(RecurrenceRuleProblem) -> Int {
        guard let first = text.first, first.isASCII, first.isNumber, let value = Int(text) else { throw problem }
        return value
    }

    /// Digits with an optional sign: BYMONTHDAY, BYSETPOS and BYDAY ordinals.
    static func signed(_ text: String, else problem: RecurrenceRuleProblem) throws(RecurrenceRuleProblem) -> Int {
        let digits = text.first == "+" || text.first == "-" ? text.dropFirst() : Substring(text)
        guard digits.first?.isASCII == true, digits.first?.isNumber == true, let value = Int(text) else { throw problem }
        return value
    }

    /// "TU", "2TU", "+2TU", "-1FR".
    ///
    ///     weekdaynum → [[plus / minus] ordwk] weekday
    static func dayRule(_ text: String) throws(RecurrenceRuleProblem) -> RecurrenceRule.DayRule {
        guard text.count >= 2, let weekday = Weekday(rruleCode: String(text.suffix(2))) else { throw .badDay(text) }
        let prefix = String(text.dropLast(2))
        guard !prefix.isEmpty else { return RecurrenceRule.DayRule(weekday) }
        let ordinal = try signed(prefix, else: .badDay(text))
        return RecurrenceRule.DayRule(weekday, ordinal: ordinal)
    }

    /// "20250630", "20250630T235959" or "20250630T215959Z".
    ///
    ///     enddate → date / date-time
    ///     date-time → date "T" time ["Z"]
    static func until(_ text: String) throws(RecurrenceRuleProblem) -> RecurrenceRule.Until {
        let characters = Array(text)
        guard characters.allSatisfy({ $0.isASCII }), [8, 15, 16].contains(characters.count),
              let date = date(characters.prefix(8))
        else { throw .badUntil(text) }
        if characters.count == 8 { return .date(date) }
        guard characters[8] == "T", let seconds = secondsOfDay(characters[9..<15]) else { throw .badUntil(text) }
        if characters.count == 15 { return .local(date, secondsOfDay: seconds) }
        guard characters[15] == "Z" else { throw .badUntil(text) }
        return .instant(Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86400 + seconds)))
    }

    private static func date(_ digits: ArraySlice<Character>) -> CivilDate? {
        guard let year = number(digits.prefix(4)), let month = number(digits.dropFirst(4).prefix(2)),
              let day = number(digits.suffix(2))
        else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    private static func secondsOfDay(_ digits: ArraySlice<Character>) -> Int? {
        guard let hour = number(digits.prefix(2)), let minute = number(digits.dropFirst(2).prefix(2)),
              let second = number(digits.suffix(2)), hour < 24, minute < 60, second < 60
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    private static func number(_ digits: ArraySlice<Character>) -> Int? {
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(String(digits))
    }
}

// MARK: - Text

extension RecurrenceRule {
    /// Canonical RFC 5545 text, parts in this order: FREQ, INTERVAL (only when not 1), BYMONTH, BYMONTHDAY,
    /// BYDAY, BYSETPOS, WKST (only when not MO), COUNT or UNTIL. `parse(rule.text) == rule` for every valid rule.
    public var text: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if !byMonth.isEmpty { parts.append("BYMONTH=" + byMonth.map(String.init).joined(separator: ",")) }
        if !byMonthDay.isEmpty { parts.append("BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ",")) }
        if !byDay.isEmpty { parts.append("BYDAY=" + byDay.map(\.text).joined(separator: ",")) }
        if !bySetPos.isEmpty { parts.append("BYSETPOS=" + bySetPos.map(String.init).joined(separator: ",")) }
        if weekStart != .monday { parts.append("WKST=\(weekStart.rruleCode)") }
        switch end {
        case nil: break
        case .count(let count): parts.append("COUNT=\(count)")
        case .until(let until): parts.append("UNTIL=\(until.text)")
        }
        return parts.joined(separator: ";")
    }
}

extension RecurrenceRule.DayRule {
    /// "TU", "2TU", "-1FR".
    var text: String {
        (ordinal.map(String.init) ?? "") + weekday.rruleCode
    }
}

extension RecurrenceRule.Until {
    /// "20250630T215959Z", "20250630T235959" or "20250630".
    var text: String {
        switch self {
        case .instant(let instant):
            let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
            let days = Int((Double(seconds) / 86400).rounded(.down))
            return Self.compact(CivilDate(daysSinceEpoch: days)) + "T" + Self.compact(seconds - days * 86400) + "Z"
        case .local(let date, let secondsOfDay):
            return Self.compact(date) + "T" + Self.compact(secondsOfDay)
        case .date(let date):
            return Self.compact(date)
        }
    }

    private static func compact(_ date: CivilDate) -> String {
        Digits.padded(date.year, 4) + Digits.padded(date.month, 2) + Digits.padded(date.day, 2)
    }

    private static func compact(_ secondsOfDay: Int) -> String {
        Digits.padded(secondsOfDay / 3600, 2) + Digits.padded(secondsOfDay % 3600 / 60, 2) + Digits.padded(secondsOfDay % 60, 2)
    }
}

extension Weekday {
    /// The two-letter code RFC 5545 uses: "MO" ... "SU".
    public var rruleCode: String {
        switch self {
        case .monday: "MO"
        case .tuesday: "TU"
        case .wednesday: "WE"
        case .thursday: "TH"
        case .friday: "FR"
        case .saturday: "SA"
        case .sunday: "SU"
        }
    }

    init?(rruleCode: String) {
        guard let day = Weekday.allCases.first(where: { $0.rruleCode == rruleCode }) else { return nil }
        self = day
    }
}
