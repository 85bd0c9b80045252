import Foundation
import SchedCore
import SchedLang
import Scheduling

/// The readable form of results: one-line confirmations, aligned tables, and plain values.
/// With `colour` set, dates and times are painted, table headers are bold and help paints its
/// keywords; the text itself is the same.
public struct HumanRenderer: Sendable {
    public let zone: HomeZone
    /// How dates, times, headers and help keywords are painted.
    public var style: TextStyle
    /// The columns a calendar grid may use.
    public var width: Int

    /// Paint the output with terminal colour codes (only for a terminal without `NO_COLOR`).
    public var colour: Bool {
        get { style.enabled }
        set { style.enabled = newValue }
    }

    public init(zone: HomeZone, colour: Bool = false, width: Int = 80) {
        self.zone = zone
        self.style = TextStyle(enabled: colour)
        self.width = width
    }

    /// The text a statement's result prints, ending with a newline.
    public func render(_ value: Value, for statement: StatementKind) -> String {
        switch (statement, value) {
        case (.book, .appointment(let appointment)): return confirm("Booked", appointment)
        case (.reschedule, .appointment(let appointment)): return confirm("Rescheduled", appointment)
        case (.update, .appointment(let appointment)): return confirm("Updated", appointment)
        case (.cancel, .appointment(let appointment)): return confirm("Cancelled", appointment)
        case (.restore, .appointment(let appointment)): return confirm("Restored", appointment)
        case (.cancelEach, .list(let items)):
            return items.map { item in
                if case .appointment(let appointment) = item { confirm("Cancelled", appointment) } else { plain(item) }
            }.joined()
        case (.show, .appointment(let appointment)): return details(appointment)
        case (.book, .series(let view)): return seriesChange("Booked series", "booked", view)
        case (.rescheduleSeries, .series(let view)): return seriesChange("Rescheduled series", "moved", view)
        case (.updateSeries, .series(let view)): return seriesChange("Updated series", "changed", view)
        case (.cancelFollowing, .list(let items)), (.cancelSeries, .list(let items)):
            return "Cancelled \(items.count) occurrence\(items.count == 1 ? "" : "s")\n"
        case (.listSeries, .list([])): return "No series.\n"
        case (.available, .weekly(let availability)), (.unavailable, .weekly(let availability)):
            return hoursSet(availability)
        case (.list, .list([])), (.upcoming, .list([])), (.find, .list([])): return "No appointments.\n"
        case (.listCancelled, .list([])): return "No cancelled appointments.\n"
        case (.history, .list(let items)):
            let entries = items.compactMap { if case .change(let entry) = $0 { entry } else { nil } }
            return OutcomeReport(zone: zone).report(.history(entries, zone: zone)).text
        case (.slots, .list([])): return "No free slots.\n"
        case (_, .help(let page)): return HelpTable.text(page, style: style)
        // `export ics -`: the calendar exactly as written, CRLF line ends and all.
        case (.exportCalendar, .string(let calendar)): return calendar
        case (.print(_), let printed): return plain(printed)
        default: return block(value)
        }
    }

    private func confirm(_ verb: String, _ appointment: Appointment) -> String {
        let summary = HumanFormat.summary(appointment, zone: zone, style: style)
        let number = String(appointment.number)
        var text = String()
        text.reserveCapacity(verb.utf8.count + number.utf8.count + summary.utf8.count + 4)
        text += verb
        text += " "
        text += number
        text += ": "
        text += summary
        text += "\n"
        return text
    }

    /// A value as `print` shows it: text unquoted, lists as tables.
    public func plain(_ value: Value) -> String {
        switch value {
        case .string(let text): return text + "\n"
        case .list, .weekly, .day: return block(value)
        case .appointment(let appointment):
            return "\(appointment.number): \(HumanFormat.summary(appointment, zone: zone, style: style))\n"
        case .help(let page): return HelpTable.text(page, style: style)
        case .outcome(let outcome): return OutcomeReport(zone: zone).report(outcome).text
        case .date, .dateTime, .time, .slot: return style.paint(ValueText.short(value, zone: zone), .time) + "\n"
        default: return ValueText.short(value, zone: zone) + "\n"
        }
    }

    private func block(_ value: Value) -> String {
        switch value {
        case .list(let items): return list(items)
        case .weekly(let availability): return weekly(availability)
        case .day(let day): return days([day])
        case .appointment(let appointment): return details(appointment)
        case .outcome(let outcome): return OutcomeReport(zone: zone).report(outcome).text
        case .agenda(let list): return agenda(list)
        case .calendar(let grid): return CalendarRenderer(zone: zone, style: style, width: width).render(grid)
        case .series(let view): return seriesDetails(view)
        default: return plain(value)
        }
    }

    private func list(_ items: [Value]) -> String {
        let appointments = items.compactMap { if case .appointment(let a) = $0 { a } else { nil } }
        let slots = items.compactMap { if case .slot(let s) = $0 { s } else { nil } }
        let dayList = items.compactMap { if case .day(let d) = $0 { d } else { nil } }
        if items.isEmpty { return "Nothing found.\n" }
        if appointments.count == items.count { return table(appointments) }
        if slots.count == items.count { return slotLines(slots) }
        if dayList.count == items.count { return days(dayList) }
        let series = items.compactMap { if case .series(let s) = $0 { s } else { nil } }
        if series.count == items.count { return seriesTable(series) }
        return items.map { ValueText.short($0, zone: zone) }.joined(separator: "\n") + "\n"
    }

    /// Appointments as an aligned table; an appointment's note and email, when it has them, on
    /// a line of their own under it.
    func table(_ appointments: [Appointment]) -> String {
        var rows = [["#", "Date", "Time", "Duration", "Customer"]]
        var below: [Int: String] = [:]
        let numberWidth = appointments.map { String($0.number).count }.max() ?? 1
        for appointment in appointments {
            if let extra = extraLine(appointment, room: width - max(numberWidth, 1) - 2) {
                below[rows.count] = extra
            }
            let (date, startSeconds) = zone.civil(appointment.start)
            let (endDate, endSeconds) = zone.civil(appointment.end)
            let end = endDate == date ? HumanFormat.clock(endSeconds) : HumanFormat.moment(appointment.end, zone: zone)
            rows.append([
                String(appointment.number), style.paint(HumanFormat.day(date), .time),
                style.paint(HumanFormat.clock(startSeconds) + "–" + end, .time),
                HumanFormat.duration(appointment.durationMinutes), appointment.customerName,
            ])
        }
        let count = appointments.count
        return TextTable.render(rows, rightAligned: [0], style: style, header: true, below: below)
            + "\(count) appointment\(count == 1 ? "" : "s")\n"
    }

    /// `Bring the X-rays · ann@example.com`: the note on one line, cut to fit the terminal.
    private func extraLine(_ appointment: Appointment, room: Int) -> String? {
        let note = appointment.note.map { $0.map { $0 == "\n" || $0 == "\t" || $0 == "\r\n" ? " " : $0 } }
        let parts = [note.map { String($0) }, appointment.email].compactMap { $0 }
        guard !parts.isEmpty else { return nil }
        var line = parts.joined(separator: " · ")
        if room > 1, line.count > room {
            line = String(line.prefix(room - 1)) + "…"
        }
        return style.paint(line, .dim)
    }

    private func details(_ appointment: Appointment) -> String {
        var rows: [[String]] = [
            ["customer", appointment.customerName],
            ["when", style.paint(HumanFormat.span(appointment.start, appointment.end, zone: zone), .time)],
            ["duration", HumanFormat.duration(appointment.durationMinutes)],
            ["status", appointment.status.rawValue],
        ]
        if let note = appointment.note { rows.append(["note", note]) }
        if let email = appointment.email { rows.append(["email", email]) }
        if let uid = appointment.calcomBookingUID { rows.append(["cal.com", uid]) }
        if let occurrence = appointment.occurrence {
            // Which series, and where its rule has this one: `show series` names it by this number.
            let original = HumanFormat.moment(occurrence.originalStart, zone: zone)
            rows.append(["series", occurrence.seriesID.lowercasedText
                            + " (show series \(appointment.number)), the occurrence of \(original)"
                            + (occurrence.isException ? ", changed alone" : "")])
        }
        rows.append(["id", appointment.id.lowercasedText])
        return "Appointment \(appointment.number)\n" + TextTable.render(rows, indent: "  ", style: style)
    }

    /// Free start times, one line a day, the times starting in one column.
    private func slotLines(_ slots: [TimeSlot]) -> String {
        var days: [(day: CivilDate, starts: [String])] = []
        for slot in slots {
            let (day, seconds) = zone.civil(slot.start)
            let start = style.paint(HumanFormat.clock(seconds), .time)
            if days.last?.day == day {
                days[days.count - 1].starts.append(start)
            } else {
                days.append((day, [start]))
            }
        }
        let names = days.map { HumanFormat.day($0.day) }
        let widest = names.map(\.count).max() ?? 0
        let lines = zip(names, days).map { name, day in
            style.paint(name, .time) + String(repeating: " ", count: widest - name.count + 2) + day.starts.joined(separator: " ")
        }
        let minutes = slots.first.map { Int($0.end.timeIntervalSince($0.start)) / 60 } ?? 0
        return lines.joined(separator: "\n") + "\n\(slots.count) free slot\(slots.count == 1 ? "" : "s") of \(HumanFormat.duration(minutes))\n"
    }

    /// Each date with its windows, booked parts marked.
    private func days(_ list: [DayAvailability]) -> String {
        var rows: [[String]] = []
        for day in list {
            let pieces = day.slots.map { slot -> String in
                let start = zone.civil(slot.start).secondsOfDay
                let (endDate, endSeconds) = zone.civil(slot.end)
                let end = endDate == day.date ? HumanFormat.clock(endSeconds) : "24:00"
                return style.paint(HumanFormat.clock(start) + "–" + end, .time) + (slot.available ? "" : " booked")
            }
            let text = pieces.isEmpty ? "closed" : pieces.joined(separator: ", ")
            rows.append([style.paint(HumanFormat.day(day.date), .time), text + (day.isOverride ? "  (override)" : "")])
        }
        return TextTable.render(rows, style: style)
    }

    /// Each date as a header with its count, then its bookings and free gaps in time order:
    /// `Tue 4 Mar 2025 — 2 appointments`, `  10:00–10:30  #12 Ann`, `  10:30–11:00  free`.
    private func agenda(_ list: [AgendaDay]) -> String {
        var out = ""
        for day in list {
            let count = day.appointments.count
            let summary = count == 0 ? (day.windows.isEmpty ? "closed" : "no appointments")
                : "\(count) appointment\(count == 1 ? "" : "s")"
            out += style.paint(HumanFormat.day(day.date), .time) + " — " + summary
                + (day.isOverride ? " (override)" : "") + "\n"
            var lines: [(start: Date, times: String, text: String)] = day.free.map {
                ($0.start, agendaSpan($0.start, $0.end, on: day.date), "free")
            }
            lines += day.appointments.map {
                ($0.start, agendaSpan($0.start, $0.end, on: day.date), "#\($0.number) \($0.customerName)")
            }
            // A booking sorts before a gap that starts with it; gaps never overlap bookings.
            lines.sort { $0.start < $1.start || ($0.start == $1.start && $0.text != "free" && $1.text == "free") }
            out += lines.map { "  " + style.paint($0.times, .time) + "  " + $0.text + "\n" }.joined()
        }
        return out.isEmpty ? "Nothing found.\n" : out
    }

    /// `10:00–10:30` on the date; an end on a later date shows as `24:00` when it is midnight,
    /// else in full.
    private func agendaSpan(_ start: Date, _ end: Date, on date: CivilDate) -> String {
        let (startDate, startSeconds) = zone.civil(start)
        let (endDate, endSeconds) = zone.civil(end)
        let from = startDate == date ? HumanFormat.clock(startSeconds) : HumanFormat.moment(start, zone: zone)
        let to = endDate == date ? HumanFormat.clock(endSeconds)
            : endDate == date.adding(days: 1) && endSeconds == 0 ? "24:00" : HumanFormat.moment(end, zone: zone)
        return from + "–" + to
    }

    /// The confirmation of `available`/`unavailable`: `Working hours Mon–Thu: 09:00–12:00, 13:00–17:00`.
    private func hoursSet(_ availability: WeeklyAvailability) -> String {
        if let override = availability.overrides.first {
            let date = style.paint(HumanFormat.day(override.date), .time)
            return "Working hours on \(date): \(ValueText.windows(override.windows, style: style))\n"
        }
        let windows = availability.weekly.filter { $0.day == availability.days.first }.map(\.window)
        return "Working hours \(Self.dayRuns(availability.days)): \(ValueText.windows(windows, style: style))\n"
    }

    /// Weekdays with consecutive runs joined: `Mon–Thu, Sat`.
    static func dayRuns(_ days: [Weekday]) -> String {
        var runs: [[Weekday]] = []
        for day in days.sorted() {
            if let last = runs.last?.last, last.rawValue + 1 == day.rawValue {
                runs[runs.count - 1].append(day)
            } else {
                runs.append([day])
            }
        }
        return runs.map { run in
            run.count >= 3 ? "\(run[0].shortName)–\(run[run.count - 1].shortName)"
                : run.map(\.shortName).joined(separator: ", ")
        }.joined(separator: ", ")
    }

    private func weekly(_ availability: WeeklyAvailability) -> String {
        var out = ""
        if !availability.days.isEmpty {
            var rows: [[String]] = []
            for day in availability.days {
                let windows = availability.weekly.filter { $0.day == day }.map(\.window)
                rows.append([day.shortName, ValueText.windows(windows, style: style)])
            }
            out += TextTable.render(rows, style: style)
        }
        if !availability.overrides.isEmpty {
            if !availability.days.isEmpty { out += style.paint("Overrides:", .heading) + "\n" }
            let rows = availability.overrides.map {
                [style.paint(HumanFormat.day($0.date), .time), ValueText.windows($0.windows, style: style)]
            }
            out += TextTable.render(rows, style: style)
        }
        return out.isEmpty ? "No overrides.\n" : out
    }
}

/// Columns padded to their widest cell, measured by what shows on screen when cells are painted.
enum TextTable {
    /// `header` paints the first row's cells as headings.
    /// - Parameter below: for a row index, a line printed under that row, indented to the
    ///   second column.
    static func render(_ rows: [[String]], rightAligned: Set<Int> = [], indent: String = "",
                       style: TextStyle = .plain, header: Bool = false, below: [Int: String] = [:]) -> String {
        guard let columns = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], style.width(of: cell)) }
        }
        var out = ""
        for (rowIndex, row) in rows.enumerated() {
            var cells: [String] = []
            for (index, text) in row.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - style.width(of: text))
                let cell = header && rowIndex == 0 ? style.paint(text, .heading) : text
                let last = index == row.count - 1
                cells.append(rightAligned.contains(index) ? padding + cell : (last ? cell : cell + padding))
            }
            out += indent + cells.joined(separator: "  ") + "\n"
            if let line = below[rowIndex] {
                out += indent + String(repeating: " ", count: widths[0] + 2) + line + "\n"
            }
        }
        return out
    }
}
