import Foundation
import SchedCore

/// The VTIMEZONEs of a calendar, and what the TZID of a DTSTART or DTEND names.
extension ICalendarReader {
    /// The properties of one VTIMEZONE as read so far.
    struct ZoneDraft {
        var line: Int
        var tzid: String?
        var observances: [ObservanceDraft] = []
        /// The STANDARD or DAYLIGHT being read.
        var open: ObservanceDraft?

        init(line: Int) {
            self.line = line
        }

        /// A property at `depth` 1 belongs to the VTIMEZONE, at 2 to its STANDARD or DAYLIGHT.
        mutating func take(_ content: ContentLine, depth: Int) {
            switch depth {
            case 1:
                if content.name == "TZID", tzid == nil {
                    tzid = ContentLine.unescapeText(content.value).trimmingCharacters(in: .whitespaces)
                }
            case 2: open?.take(content)
            default: break
            }
        }

        mutating func closeObservance() {
            if let open { observances.append(open) }
            open = nil
        }

        /// The zone the VTIMEZONE defines, why it cannot be read, or nil when it defines
        /// nothing: Outlook writes `BEGIN:VTIMEZONE`, a TZID and `END:VTIMEZONE` alone.
        func definition() -> ZoneDefinition? {
            guard let tzid, !observances.isEmpty else { return nil }
            var read: [DefinedZone.Observance] = []
            for observance in observances {
                switch observance.observance() {
                case .success(let one): read.append(one)
                case .failure(let failure):
                    return .unreadable(ImportMessage.zoneUnreadable(tzid, line: line, failure.message))
                }
            }
            return .defined(DefinedZone(tzid: tzid, observances: read))
        }
    }

    /// What a VTIMEZONE says: a zone, or why it cannot be read.
    enum ZoneDefinition {
        case defined(DefinedZone)
        case unreadable(String)
    }

    struct ZoneFailure: Error {
        var message: String
    }

    /// The properties of one STANDARD or DAYLIGHT.
    struct ObservanceDraft {
        var start: ContentLine?
        var offsetFrom: ContentLine?
        var offsetTo: ContentLine?
        var rule: ContentLine?
        var dates: [ContentLine] = []

        mutating func take(_ content: ContentLine) {
            switch content.name {
            case "DTSTART": start = start ?? content
            case "TZOFFSETFROM": offsetFrom = offsetFrom ?? content
            case "TZOFFSETTO": offsetTo = offsetTo ?? content
            case "RRULE": rule = rule ?? content
            case "RDATE": dates.append(content)
            default: break
            }
        }

        /// The observance, read leniently where the meaning is plain: without TZOFFSETFROM the
        /// offset does not change at the onset, and without DTSTART the observance holds from
        /// the start of the calendar.
        func observance() -> Result<DefinedZone.Observance, ZoneFailure> {
            guard let offsetTo else { return .failure(ZoneFailure(message: ImportMessage.missing("TZOFFSETTO"))) }
            guard let to = Self.offset(offsetTo.valueText) else {
                return .failure(ZoneFailure(message: ImportMessage.notUTCOffset("TZOFFSETTO", offsetTo.valueText)))
            }
            var from = to
            if let offsetFrom {
                guard let read = Self.offset(offsetFrom.valueText) else {
                    return .failure(ZoneFailure(message: ImportMessage.notUTCOffset("TZOFFSETFROM", offsetFrom.valueText)))
                }
                from = read
            }
            var onset = DefinedZone.Observance(start: Self.earliest, offsetFrom: from, offsetTo: to)
            if let start {
                guard let wall = Self.wall(start.valueText) else {
                    return .failure(ZoneFailure(message: ImportMessage.notDateTime("DTSTART", start.valueText)))
                }
                onset.start = wall
            }
            for line in dates {
                for value in line.valueText.split(separator: ",") {
                    // A PERIOD (`start/end`) starts at its start.
                    let text = String(value.prefix { $0 != "/" })
                    guard let wall = Self.wall(text) else {
                        return .failure(ZoneFailure(message: ImportMessage.notDateTime("RDATE", text)))
                    }
                    onset.dates.append(wall)
                }
            }
            if let rule {
                guard let read = YearlyRuleText(rule.valueText, offsetFrom: from)?.rule else {
                    return .failure(ZoneFailure(message: ImportMessage.notZoneRule(rule.valueText)))
                }
                onset.rule = read
            }
            return .success(onset)
        }

        /// 0001-01-01T00:00, before any date a file can write.
        static let earliest = (CivilDate(year: 1, month: 1, day: 1)?.daysSinceEpoch ?? 0) * 86_400

        /// A local DATE-TIME or a DATE as a wall time; a `Z` is not meant there and is read
        /// as if it were not written.
        static func wall(_ text: String) -> DefinedZone.Wall? {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return (LocalDateTime(dateTime: trimmed) ?? LocalDateTime(date: trimmed))?.wall
        }

        /// A UTC-OFFSET (`+0100`, `-0430`, `+013000`) in seconds east of UTC. Thunderbird writes
        /// seconds; a missing sign or a colon (`+01:00`) is read too.
        static func offset(_ text: String) -> Int? {
            var bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8).filter { $0 != ImportBytes.colon }
            var sign = 1
            if let first = bytes.first, first == 0x2B || first == 0x2D {
                sign = first == 0x2D ? -1 : 1
                bytes.removeFirst()
            }
            guard bytes.count == 4 || bytes.count == 6, let hours = ImportBytes.number(bytes, 0..<2),
                let minutes = ImportBytes.number(bytes, 2..<4), hours < 24, minutes < 60
            else { return nil }
            let seconds = bytes.count == 6 ? ImportBytes.number(bytes, 4..<6) : 0
            guard let seconds, seconds < 60 else { return nil }
            return sign * (hours * 3600 + minutes * 60 + seconds)
        }
    }

    /// An RRULE of a STANDARD or DAYLIGHT, read as the yearly rule by month and day that
    /// VTIMEZONE needs; any other rule is nil.
    ///
    ///     recur → "FREQ=YEARLY" *(";" ("INTERVAL" / "BYMONTH" / "BYDAY" / "BYMONTHDAY" /
    ///             "UNTIL" / "COUNT" / "WKST") "=" value)
    struct YearlyRuleText {
        var rule = DefinedZone.YearlyRule()

        init?(_ text: String, offsetFrom: Int) {
            var yearly = false
            for part in text.trimmingCharacters(in: .whitespaces).split(separator: ";") {
                let pair = part.split(separator: "=", maxSplits: 1).map { String($0).uppercased() }
                guard pair.count == 2 else { return nil }
                let values = pair[1].split(separator: ",").map(String.init)
                switch pair[0] {
                case "FREQ": yearly = pair[1] == "YEARLY"
                case "INTERVAL":
                    guard let interval = Int(pair[1]), (1...400).contains(interval) else { return nil }
                    rule.interval = interval
                case "BYMONTH":
                    let months = values.compactMap { Int($0) }.filter { (1...12).contains($0) }
                    guard months.count == values.count else { return nil }
                    rule.months = months
                case "BYMONTHDAY":
                    let days = values.compactMap { Int($0) }.filter { (1...31).contains(abs($0)) }
                    guard days.count == values.count else { return nil }
                    rule.monthDays = days
                case "BYDAY":
                    let days = values.compactMap(Self.monthWeekday)
                    guard days.count == values.count else { return nil }
                    rule.weekdays = days
                case "COUNT":
                    guard let count = Int(pair[1]), count > 0 else { return nil }
                    rule.count = count
                case "UNTIL":
                    guard let until = Self.until(pair[1], offsetFrom: offsetFrom) else { return nil }
                    rule.until = until
                case "WKST": break
                default: return nil
                }
            }
            let byDay = !rule.weekdays.isEmpty || !rule.monthDays.isEmpty
            guard yearly, !byDay || !rule.months.isEmpty else { return nil }
        }

        /// `2SU`, `-1SU`, `+1MO`, `SU`.
        static func monthWeekday(_ text: String) -> DefinedZone.MonthWeekday? {
            let names = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            guard text.count >= 2, let index = names.firstIndex(of: String(text.suffix(2))),
                let weekday = Weekday(rawValue: index + 1)
            else { return nil }
            let ordinalText = text.dropLast(2)
            if ordinalText.isEmpty { return DefinedZone.MonthWeekday(ordinal: 0, weekday: weekday) }
            guard let ordinal = Int(ordinalText), ordinal != 0, abs(ordinal) <= 5 else { return nil }
            return DefinedZone.MonthWeekday(ordinal: ordinal, weekday: weekday)
        }

        /// UNTIL as the last wall time an onset may have. In UTC (as RFC 5545 asks), moved into
        /// the wall time before the onset; a local date-time as it is; a date to its last second.
        static func until(_ text: String, offsetFrom: Int) -> DefinedZone.Wall? {
            if let dateTime = LocalDateTime(dateTime: text) {
                return dateTime.wall + (dateTime.utc ? offsetFrom : 0)
            }
            return LocalDateTime(date: text).map { $0.wall + 86_399 }
        }
    }

    /// The zones TZIDs name: each calendar's VTIMEZONEs first, then the system's zones.
    struct ZoneTable {
        private struct Key: Hashable {
            var calendar: Int
            var tzid: String
        }

        private var definitions: [Key: ZoneDefinition] = [:]
        /// Names looked up in the system's tables before; nil for one that names no zone.
        private var system: [String: EntryZone?] = [:]

        /// Keeps what the VTIMEZONE defines; the first definition of a TZID in a calendar wins.
        mutating func define(_ draft: ZoneDraft, calendar: Int) {
            guard let tzid = draft.tzid, let definition = draft.definition() else { return }
            let key = Key(calendar: calendar, tzid: tzid)
            if definitions[key] == nil { definitions[key] = definition }
        }

        /// The zone `tzid` names in the calendar: its VTIMEZONE when it has one, else the
        /// system's zone of that name (or of the Windows name).
        mutating func zone(_ tzid: String, calendar: Int) -> Result<EntryZone, ZoneFailure> {
            switch definitions[Key(calendar: calendar, tzid: tzid.trimmingCharacters(in: .whitespaces))] {
            case .defined(let zone): return .success(.defined(zone))
            case .unreadable(let message): return .failure(ZoneFailure(message: message))
            case nil: break
            }
            let found = system[tzid] ?? ZoneNames.identifier(forTZID: tzid).flatMap(EntryZone.system)
            system[tzid] = found
            guard let found else { return .failure(ZoneFailure(message: ImportMessage.unknownZone(tzid))) }
            return .success(found)
        }
    }
}
