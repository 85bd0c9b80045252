import Foundation
import SchedCore
import SchedLang
import Scheduling

/// A value a statement gives back or a variable holds.
public indirect enum Value: Sendable, Equatable {
    case appointment(Appointment)
    case list([Value])
    case slot(TimeSlot)
    case day(DayAvailability)
    case weekly(WeeklyAvailability)
    case date(CivilDate)
    case dateTime(Date)
    /// A time of day in seconds since midnight.
    case time(Int)
    /// A duration in minutes.
    case duration(Int)
    case string(String)
    case number(Int)
    case boolean(Bool)
    /// A page of `help`, which human output paints and JSON gives as text.
    case help(HelpTable.Page)
    /// What a statement did when that is not a value of its own (a login, a push, an import),
    /// rendered by the renderers. A short one compares as its text in an expectation.
    case outcome(Outcome)
    /// What `agenda` shows, one entry a date.
    case agenda([AgendaDay])
    /// What `calendar week` and `calendar month` draw.
    case calendar(CalendarGrid)
    /// A series: `show series`, and what booking, moving or changing one did.
    case series(SeriesView)
    /// A change in the journal, as `history` lists it.
    case change(JournalEntry)

    /// The name of the value's type, for messages.
    public var typeName: String {
        switch self {
        case .appointment: "an appointment"
        case .list: "a list"
        case .slot: "a slot"
        case .day: "a day of availability"
        case .weekly: "the weekly availability"
        case .date: "a date"
        case .dateTime: "a date-time"
        case .time: "a time of day"
        case .duration: "a duration"
        case .string: "a string"
        case .number: "a number"
        case .boolean: "a boolean"
        case .help: "help text"
        case .outcome(let outcome): outcome.message == nil ? "a report" : "a message"
        case .agenda: "an agenda"
        case .calendar: "a calendar"
        case .series: "a series"
        case .change: "a change"
        }
    }

    /// The fields `$value.name` can read.
    public var fieldNames: [String] {
        switch self {
        case .appointment:
            ["id", "number", "customer", "start", "end", "duration", "note", "email", "status", "calcom", "date", "sequence",
             "series", "occurrence", "created", "updated"]
        case .list: ["count", "first", "last"]
        case .slot: ["start", "end", "duration", "available"]
        case .day: ["date", "windows", "slots", "override"]
        case .weekly: ["weekly", "overrides"]
        case .date: ["weekday"]
        case .series: ["id", "customer", "rule", "words", "duration", "time", "next", "exceptions", "skipped", "booked", "upcoming"]
        case .change: ["id", "at", "statement", "state", "rows", "statements"]
        default: []
        }
    }

    /// The names `--json` gives fields, read as the short names, so a field can be written as
    /// it appears in JSON output.
    static let jsonFieldNames: [String: String] = [
        "customer_name": "customer", "start_time": "start", "end_time": "end", "duration_minutes": "duration",
        "calcom_booking_uid": "calcom", "created_at": "created", "updated_at": "updated", "series_id": "series",
        "occurrence_start": "occurrence", "rule_text": "words", "upcoming_count": "upcoming",
    ]

    /// The JSON names of this value's fields.
    var jsonFieldNames: [String] {
        let fields = Set(fieldNames)
        return Value.jsonFieldNames.filter { fields.contains($0.value) }.keys.sorted()
    }
}

/// The weekly working hours and the date overrides, as `availability` shows them.
public struct WeeklyAvailability: Sendable, Equatable {
    /// The weekdays shown, with or without windows.
    public var days: [Weekday]
    public var weekly: [WeeklyWindow]
    public var overrides: [DateOverride]

    public init(days: [Weekday], weekly: [WeeklyWindow], overrides: [DateOverride]) {
        self.days = days
        self.weekly = weekly
        self.overrides = overrides
    }
}

extension Value {
    /// Reads a field, or nil when the value has no such field; `first` and `last` of an empty
    /// list are an error of their own.
    func field(_ written: String, zone: HomeZone) throws -> Value? {
        let name = Value.jsonFieldNames[written] ?? written
        switch self {
        case .appointment(let appointment): return appointment.field(name, zone: zone)
        case .list(let items):
            switch name {
            case "count": return .number(items.count)
            case "first", "last":
                guard let item = name == "first" ? items.first : items.last else { throw SchedError.emptyList(name) }
                return item
            default: return nil
            }
        case .slot(let slot):
            switch name {
            case "start": return .dateTime(slot.start)
            case "end": return .dateTime(slot.end)
            case "duration": return .duration(Int(slot.end.timeIntervalSince(slot.start)) / 60)
            case "available": return .boolean(slot.available)
            default: return nil
            }
        case .day(let day):
            switch name {
            case "date": return .date(day.date)
            case "windows": return .list(day.windows.map { .string($0.description) })
            case "slots": return .list(day.slots.map { .slot($0) })
            case "override": return .boolean(day.isOverride)
            default: return nil
            }
        case .weekly(let availability):
            switch name {
            case "weekly": return .list(availability.weekly.map { .string("\($0.day.shortName) \($0.window.description)") })
            case "overrides": return .list(availability.overrides.map { .date($0.date) })
            default: return nil
            }
        case .date(let date):
            return name == "weekday" ? .string(date.weekday.name) : nil
        case .series(let view):
            return view.field(name)
        case .change(let entry):
            switch name {
            case "id": return .number(entry.id)
            case "at": return .dateTime(entry.at)
            case "statement": return .string(entry.statement)
            case "state": return .string(entry.state.rawValue)
            case "rows": return .number(entry.rows)
            case "statements": return .number(entry.statements)
            default: return nil
            }
        default:
            return nil
        }
    }
}

extension Appointment {
    func field(_ name: String, zone: HomeZone) -> Value? {
        switch name {
        case "id": .string(id.lowercasedText)
        case "number": .number(number)
        case "customer", "name": .string(customerName)
        case "start": .dateTime(start)
        case "end": .dateTime(end)
        case "duration": .duration(durationMinutes)
        case "note": .string(note ?? "")
        case "email": .string(email ?? "")
        case "status": .string(status.rawValue)
        case "calcom": .string(calcomBookingUID ?? "")
        case "date": .date(zone.civil(start).date)
        case "sequence": .number(sequence)
        case "series": .string(occurrence?.seriesID.lowercasedText ?? "")
        case "occurrence": occurrence.map { .dateTime($0.originalStart) } ?? .string("")
        case "created": .dateTime(createdAt)
        case "updated": .dateTime(updatedAt)
        default: nil
        }
    }
}

extension SeriesView {
    func field(_ name: String) -> Value? {
        let series = details.series
        switch name {
        case "id": return .string(series.id.lowercasedText)
        case "customer", "name": return .string(series.customerName)
        case "rule": return .string(series.rule.text)
        case "words": return .string(SeriesWording.words(series))
        case "duration": return .duration(series.durationMinutes)
        case "time": return .time(series.secondsOfDay)
        case "next": return .list(details.next.map(Value.appointment))
        case "exceptions": return .list(details.exceptions.map(Value.appointment))
        case "skipped": return .list(details.skipped.map { .dateTime($0.originalStart) })
        case "booked": return .number(booked ?? 0)
        case "upcoming": return .number(details.upcomingCount)
        default: return nil
        }
    }
}
