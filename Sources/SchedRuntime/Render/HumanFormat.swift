import Foundation
import SchedCore
import SchedLang
import Scheduling

/// How dates, times and durations read in human output: `Tue 4 Mar 2025 10:00–10:30 (30m)`.
public enum HumanFormat {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Tue 4 Mar 2025`.
    static func day(_ date: CivilDate) -> String {
        TextWriter.string(capacity: TextWriter.dayCapacity) { $0.day(date) }
    }

    /// `10:00`, or `10:00:30` when seconds matter.
    public static func clock(_ secondsOfDay: Int) -> String {
        TextWriter.string(capacity: TextWriter.clockCapacity) { $0.clock(secondsOfDay) }
    }

    /// A window's end: `24:00` for the end of the day, which `clock` would read as `00:00`.
    public static func windowEnd(_ window: TimeWindow) -> String {
        window.end == 86_400 ? "24:00" : clock(window.end)
    }

    /// `Tue 4 Mar 2025 10:00`.
    static func moment(_ instant: Date, zone: HomeZone) -> String {
        let (date, seconds) = zone.civil(instant)
        return TextWriter.string(capacity: TextWriter.momentCapacity) { $0.moment(date, seconds) }
    }

    /// `Tue 4 Mar 2025 10:00–10:30`, naming the end's day when it differs.
    static func span(_ start: Date, _ end: Date, zone: HomeZone) -> String {
        let (startDate, startSeconds) = zone.civil(start)
        let (endDate, endSeconds) = zone.civil(end)
        return TextWriter.string(capacity: 2 * TextWriter.momentCapacity + 3) {
            $0.moment(startDate, startSeconds)
            $0.text("–")
            if endDate == startDate {
                $0.clock(endSeconds)
            } else {
                $0.moment(endDate, endSeconds)
            }
        }
    }

    /// `30m`, `1h`, `1h30m`, `-15m`.
    static func duration(_ minutes: Int) -> String {
        SeriesText.duration(minutes)
    }

    /// `Ann — Tue 4 Mar 2025 10:00–10:30 (30m)`, the span painted as a time.
    static func summary(_ appointment: Appointment, zone: HomeZone, style: TextStyle = .plain) -> String {
        let when = style.paint(span(appointment.start, appointment.end, zone: zone), .time)
        let length = duration(appointment.durationMinutes)
        // Sized once: interpolation guessed too little room and grew the text twice.
        var text = String()
        text.reserveCapacity(appointment.customerName.utf8.count + when.utf8.count + length.utf8.count + 8)
        text += appointment.customerName
        text += " — "
        text += when
        text += " ("
        text += length
        text += ")"
        return text
    }

    /// `09:00–17:00`.
    static func window(_ window: TimeWindow) -> String {
        clock(window.start) + "–" + windowEnd(window)
    }
}

/// Writes a date or time straight into a new string's bytes. A script's every `book` prints
/// one; built with `+` and interpolation, each piece was a string of its own, and the
/// confirmation cost more than the booking's overlap check.
struct TextWriter {
    /// Room for `day`: a weekday, a month and two numbers of up to 20 characters.
    static let dayCapacity = 3 + 1 + 20 + 1 + 3 + 1 + 20
    /// Room for `clock`: three numbers of up to 20 characters and two colons.
    static let clockCapacity = 3 * 20 + 2
    /// Room for `moment`: a day, a space and a clock.
    static let momentCapacity = dayCapacity + 1 + clockCapacity

    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var count = 0

    /// The text `write` puts down, which must fit in `capacity` bytes; what would not fit is
    /// left out rather than written past the end.
    static func string(capacity: Int, _ write: (inout TextWriter) -> Void) -> String {
        String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = TextWriter(buffer: buffer)
            write(&writer)
            return writer.count
        }
    }

    private init(buffer: UnsafeMutableBufferPointer<UInt8>) {
        self.buffer = buffer
    }

    /// `Tue 4 Mar 2025`.
    mutating func day(_ date: CivilDate) {
        text(date.weekday.shortName)
        text(" ")
        number(date.day)
        text(" ")
        text(HumanFormat.months[date.month - 1])
        text(" ")
        number(date.year)
    }

    /// `Tue 4 Mar 2025 10:00`.
    mutating func moment(_ date: CivilDate, _ secondsOfDay: Int) {
        day(date)
        text(" ")
        clock(secondsOfDay)
    }

    /// `10:00`, or `10:00:30` when seconds matter.
    mutating func clock(_ secondsOfDay: Int) {
        number(secondsOfDay / 3600, digits: 2)
        text(":")
        number(secondsOfDay % 3600 / 60, digits: 2)
        if secondsOfDay % 60 != 0 {
            text(":")
            number(secondsOfDay % 60, digits: 2)
        }
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            for byte in bytes { put(byte) }
        }
    }

    /// `value` in decimal, with zeros in front up to `digits` digits.
    mutating func number(_ value: Int, digits: Int = 1) {
        if value < 0 { put(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var length = 1
        var rest = magnitude / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        for _ in length..<max(length, digits) { put(UInt8(ascii: "0")) }
        guard count + length <= buffer.count else { return }
        var index = count + length - 1
        repeat {
            buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
        count += length
    }

    private mutating func put(_ byte: UInt8) {
        guard count < buffer.count else { return }
        buffer[count] = byte
        count += 1
    }
}
