import Foundation
import SchedCore
import SchedRuntime

/// Reads the times a request carries: ISO 8601 date-times (an offset, or none for the home
/// zone's wall clock), dates and `HH:MM` clock times.
enum TimeInput {
    /// A date-time: with `Z` or an offset it is that instant; without, a wall-clock time in the
    /// home zone (the earlier instant when clocks go back, refused when they go forward).
    static func instant(_ text: String, field: String, zone: HomeZone) throws(APIError) -> Date {
        guard let parsed = parseDateTime(text) else { throw APIError.field(field, ServerMessage.mustBeDateTime) }
        return try instant(parsed, zone: zone)
    }

    private static func instant(_ parsed: (date: CivilDate, seconds: Int, offset: Int?), zone: HomeZone) throws(APIError) -> Date {
        if let offset = parsed.offset {
            return Date(timeIntervalSince1970: TimeInterval(parsed.date.daysSinceEpoch * 86_400 + parsed.seconds - offset))
        }
        switch zone.resolve(parsed.date, secondsOfDay: parsed.seconds) {
        case .exact(let instant): return instant
        case .overlap(let earlier, _): return earlier
        case .gap: throw SchedError.timeInGap("\(parsed.date)T\(HumanFormat.clock(parsed.seconds))", zone: zone.identifier).api
        }
    }

    static func date(_ text: String, field: String) throws(APIError) -> CivilDate {
        guard let date = CivilDate(text) else { throw APIError.field(field, ServerMessage.mustBeDate) }
        return date
    }

    /// `HH:MM` as seconds since midnight; `24:00` only where it may end a window.
    static func clock(_ text: String, field: String, allowsEndOfDay: Bool) throws(APIError) -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60,
              hours < 24 || (allowsEndOfDay && hours == 24 && minutes == 0)
        else { throw APIError.field(field, ServerMessage.mustBeClockTime) }
        return hours * 3600 + minutes * 60
    }

    /// One end of a range in a query: a date (its midnight; for the `end`, the next midnight,
    /// so the date is included) or a date-time.
    static func rangeEdge(_ text: String, field: String, zone: HomeZone, isEnd: Bool) throws(APIError) -> Date {
        if let date = CivilDate(text) {
            return zone.startOfDay(isEnd ? date.adding(days: 1) : date)
        }
        guard let parsed = parseDateTime(text) else { throw APIError.field(field, ServerMessage.mustBeDateOrDateTime) }
        return try instant(parsed, zone: zone)
    }

    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH:MM|±HHMM]`, a space allowed for the `T`; the
    /// fraction of a second is dropped, as sched keeps whole seconds.
    static func parseDateTime(_ text: String) -> (date: CivilDate, seconds: Int, offset: Int?)? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == 0x20,
              let date = CivilDate(String(decoding: bytes[0..<10], as: UTF8.self)) else { return nil }
        var index = 11
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func skip(_ byte: Character) -> Bool {
            guard index < bytes.count, bytes[index] == byte.asciiValue else { return false }
            index += 1
            return true
        }
        guard let hours = digits(2), skip(":"), let minutes = digits(2), hours < 24, minutes < 60 else { return nil }
        var seconds = 0
        if skip(":") {
            guard let value = digits(2), value < 60 else { return nil }
            seconds = value
            if skip(".") || skip(",") {
                let start = index
                while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
                guard index > start else { return nil }
            }
        }
        var offset: Int?
        if skip("Z") || skip("z") {
            offset = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = digits(2) else { return nil }
            _ = skip(":")
            guard let offsetMinutes = digits(2), offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard index == bytes.count, (1...9999).contains(date.year) else { return nil }
        return (date, hours * 3600 + minutes * 60 + seconds, offset)
    }
}
