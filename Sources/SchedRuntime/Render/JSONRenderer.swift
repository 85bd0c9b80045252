import Foundation
import SchedCore
import SchedLang
import Scheduling

/// The `--json` form of results: the seed's field names, ISO 8601 times with the home zone's offset.
public struct JSONRenderer: Sendable {
    public let zone: HomeZone

    public init(zone: HomeZone) {
        self.zone = zone
    }

    public func json(_ value: Value) -> JSONValue {
        switch value {
        case .appointment(let appointment): return json(appointment)
        case .list(let items):
            if items.allSatisfy({ if case .day = $0 { true } else { false } }), !items.isEmpty {
                return .array(items.flatMap { item -> [JSONValue] in
                    guard case .day(let day) = item else { return [] }
                    return day.slots.map(json)
                })
            }
            return .array(items.map(json))
        case .slot(let slot): return json(slot)
        case .day(let day): return .array(day.slots.map(json))
        case .weekly(let availability): return json(availability)
        case .date(let date): return .string(date.description)
        case .dateTime(let instant): return .string(zone.iso8601(instant))
        case .time(let seconds): return .string(HumanFormat.clock(seconds))
        case .duration(let minutes): return .number(minutes)
        case .string(let text): return .string(text)
        case .help(let page): return json(page)
        case .number(let number): return .number(number)
        case .boolean(let flag): return .bool(flag)
        case .outcome(let outcome): return OutcomeReport(zone: zone).report(outcome).json
        case .agenda(let days): return .array(days.map(json))
        case .calendar(let grid):
            return .object([
                ("view", .string(grid.span.rawValue)),
                ("from", .string(grid.days.first?.date.description ?? "")),
                ("through", .string(grid.days.last?.date.description ?? "")),
                ("today", .string(grid.today.description)),
                ("now", .string(zone.iso8601(grid.now))),
                ("days", .array(grid.days.map(json))),
                ("running_in", .array(grid.runningIn.map(json))),
            ])
        case .series(let view): return json(view)
        case .change(let entry): return OutcomeReport.json(entry, zone: zone)
        }
    }

    /// A series: its rule as RFC 5545 text and in words, its next occurrences and exceptions;
    /// `booked` and `skipped_now` after a statement that booked or moved it.
    public func json(_ view: SeriesView) -> JSONValue {
        let series = view.details.series
        var fields: [(String, JSONValue)] = [
            ("id", .string(series.id.lowercasedText)),
            ("customer_name", .string(series.customerName)),
            ("rule", .string(series.rule.text)),
            ("rule_text", .string(SeriesWording.words(series))),
            ("first_date", .string(series.firstDate.description)),
            ("time", .string(HumanFormat.clock(series.secondsOfDay))),
            ("time_zone", .string(series.zone.identifier)),
            ("duration_minutes", .number(series.durationMinutes)),
            ("note", series.note.map(JSONValue.string) ?? .null),
            ("email", series.email.map(JSONValue.string) ?? .null),
            ("status", .string(series.status.rawValue)),
            ("stored_through", series.storedThrough < .distantFuture ? .string(series.storedThrough.description) : .null),
            ("upcoming_count", .number(view.details.upcomingCount)),
            ("next", .array(view.details.next.map(json))),
            ("exceptions", .array(view.details.exceptions.map(json))),
            ("skipped", .array(view.details.skipped.map(json))),
        ]
        if let booked = view.booked {
            fields.append(("booked", .number(booked)))
            fields.append(("skipped_now", .array(view.skipped.map(json))))
        }
        return .object(fields)
    }

    private func json(_ skipped: SkippedOccurrence) -> JSONValue {
        .object([("occurrence_start", .string(zone.iso8601(skipped.originalStart))), ("reason", .string(skipped.reason))])
    }

    /// A page of `help`: `{topics: [{topic, synopsis, summary}]}`, or one entry in full.
    private func json(_ page: HelpTable.Page) -> JSONValue {
        switch page {
        case .overview:
            return .object([("topics", .array(HelpTable.entries.map { entry in
                .object([("topic", .string(entry.topic)), ("synopsis", .string(entry.synopsis)),
                         ("summary", .string(entry.summary))])
            }))])
        case .entry(let entry):
            return .object([
                ("topic", .string(entry.topic)), ("synopsis", .string(entry.synopsis)), ("summary", .string(entry.summary)),
                ("example", .string(entry.example)), ("aliases", .array(entry.aliases.map(JSONValue.string))),
                ("notes", .array(entry.notes.map(JSONValue.string))),
            ])
        }
    }

    /// One date of `agenda`: `{date, windows, appointments, free, count}`.
    private func json(_ day: AgendaDay) -> JSONValue {
        let span = { (start: Date, end: Date) in
            JSONValue.object([("start_time", .string(zone.iso8601(start))), ("end_time", .string(zone.iso8601(end)))])
        }
        return .object([
            ("date", .string(day.date.description)),
            ("windows", .array(day.windows.map { window in
                .object([
                    ("start_time", .string(HumanFormat.clock(window.start))),
                    ("end_time", .string(HumanFormat.windowEnd(window))),
                ])
            })),
            ("appointments", .array(day.appointments.map(json))),
            ("free", .array(day.free.map { span($0.start, $0.end) })),
            ("count", .number(day.appointments.count)),
        ])
    }

    public func json(_ appointment: Appointment) -> JSONValue {
        .object(capacity: 512) { fields in
            fields.field("id", appointment.id.lowercasedText)
            fields.field("number", appointment.number)
            fields.field("customer_name", appointment.customerName)
            fields.field("start_time", zone.iso8601(appointment.start))
            fields.field("duration_minutes", appointment.durationMinutes)
            fields.field("end_time", zone.iso8601(appointment.end))
            fields.field("note", appointment.note)
            fields.field("email", appointment.email)
            fields.field("status", appointment.status.rawValue)
            fields.field("calcom_booking_uid", appointment.calcomBookingUID)
            fields.field("created_at", zone.iso8601(appointment.createdAt))
            fields.field("updated_at", zone.iso8601(appointment.updatedAt))
            fields.field("series_id", appointment.occurrence?.seriesID.lowercasedText)
            fields.field("occurrence_start", appointment.occurrence.map { zone.iso8601($0.originalStart) })
        }
    }

    public func json(_ slot: TimeSlot) -> JSONValue {
        .object([
            ("start_time", .string(zone.iso8601(slot.start))),
            ("end_time", .string(zone.iso8601(slot.end))),
            ("available", .bool(slot.available)),
        ])
    }

    private func json(_ availability: WeeklyAvailability) -> JSONValue {
        .object([
            ("weekly", .array(availability.weekly.map { entry in
                .object([
                    ("day", .string(entry.day.name)),
                    ("start_time", .string(HumanFormat.clock(entry.window.start))),
                    ("end_time", .string(HumanFormat.windowEnd(entry.window))),
                ])
            })),
            ("overrides", .array(availability.overrides.map(json))),
        ])
    }

    /// A date override: `{date, windows: [{start_time, end_time}…]}`, no windows for a closed day.
    public func json(_ override: DateOverride) -> JSONValue {
        .object([
            ("date", .string(override.date.description)),
            ("windows", .array(override.windows.map { window in
                .object([
                    ("start_time", .string(HumanFormat.clock(window.start))),
                    ("end_time", .string(HumanFormat.windowEnd(window))),
                ])
            })),
        ])
    }
}
