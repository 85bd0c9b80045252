import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Draws `calendar week` and `calendar month` as text grids that fit a terminal's width. Every
/// mark is a character as well as a colour, so the grid reads the same without colour.
struct CalendarRenderer {
    let zone: HomeZone
    let style: TextStyle
    /// Columns available; the grid never draws wider.
    let width: Int

    /// The rows of a week grid are this many seconds apart.
    static let step = 1800
    /// The time of day at the left of each row, and the mark after the row that holds now.
    static let gutter = 6
    static let nowMark = "▸"
    static let continued = "│"
    static let freeMark = "·"
    /// A wall-clock time that does not exist on the date: the clocks jump over it.
    static let skippedMark = "~"
    /// Stands for a run of rows with nothing in them.
    static let elision = "⋮"

    func render(_ grid: CalendarGrid) -> String {
        switch grid.span {
        case .week: week(grid)
        case .month: month(grid)
        }
    }

    // MARK: - Week

    /// A booking's part of one date, in seconds after midnight (a booking from the evening
    /// before starts at 0, one that runs past midnight ends at 86400).
    private struct Piece {
        var start: Int
        var end: Int
        var label: String?
    }

    private func week(_ grid: CalendarGrid) -> String {
        let title = weekTitle(grid.days) + "  " + zone.identifier
        let booked = bookedPieces(grid)
        let free = Dictionary(uniqueKeysWithValues: grid.days.map { day in
            (day.date, day.free.map { piece($0.start, $0.end, on: day.date) })
        })
        let edges = grid.days.flatMap { day in
            day.windows.flatMap { [$0.start, $0.end] } + (booked[day.date] ?? []).flatMap { [$0.start, $0.end] }
        }
        guard let earliest = edges.min(), let latest = edges.max() else {
            return title + "\nNo working hours and no appointments this week.\n"
        }
        let first = earliest / Self.step * Self.step
        let last = (latest + Self.step - 1) / Self.step * Self.step
        let column = max(3, (width - Self.gutter) / grid.days.count)
        let content = column - 1

        var out = style.paint(title, .heading) + "\n"
        out += trimmed(String(repeating: " ", count: Self.gutter) + grid.days.map { day in
            let label = "\(day.date.weekday.shortName) \(day.date.day)"
            let text = fit(day.date == grid.today ? "[\(label)]" : label, content)
            return " " + (day.date == grid.today ? style.paint(text, .today) : text) + pad(text, content)
        }.joined()) + "\n"

        let nowSeconds = grid.days.contains { $0.date == grid.today } ? zone.civil(grid.now).secondsOfDay : nil
        var skipsAnHour = false
        var lines: [(text: String, isEmpty: Bool)] = []
        for row in stride(from: first, to: last, by: Self.step) {
            let isNow = nowSeconds.map { (row..<row + Self.step).contains($0) } ?? false
            var line = HumanFormat.clock(row) + (isNow ? style.paint(Self.nowMark, .today) : " ")
            var isEmpty = !isNow
            for day in grid.days {
                var cell: String
                if case .gap = zone.resolve(day.date, secondsOfDay: row) {
                    cell = Self.skippedMark + String(repeating: " ", count: content - 1)
                    skipsAnHour = true
                } else {
                    cell = weekCell(row, booked: booked[day.date] ?? [], free: free[day.date] ?? [], width: content)
                }
                isEmpty = isEmpty && cell.allSatisfy { $0 == " " }
                line += " " + cell
            }
            lines.append((trimmed(line), isEmpty))
        }
        // A run of rows with nothing in any column shows as one line.
        var index = 0
        while index < lines.count {
            var end = index
            while end < lines.count && lines[end].isEmpty { end += 1 }
            if end - index >= 2 {
                out += "  " + Self.elision + "\n"
                index = end
            } else {
                out += lines[index].text + "\n"
                index += 1
            }
        }
        let legend = "\(Self.freeMark) free  \(Self.continued) booked  blank: outside working hours"
            + "  [ ] today  \(Self.nowMark) now" + (skipsAnHour ? "  \(Self.skippedMark) skipped" : "")
        return out + fit(legend, width) + "\n"
    }

    /// One cell: the customer of a booking that starts in the row (`+N` when more start there),
    /// the bar of a booking that goes on, a dot for free working time, or blank.
    private func weekCell(_ row: Int, booked: [Piece], free: [Piece], width: Int) -> String {
        let end = row + Self.step
        let covering = booked.filter { $0.start < end && $0.end > row }
        if !covering.isEmpty {
            let starting = covering.filter { $0.start >= row && $0.label != nil }
            var text = Self.continued
            if let label = starting.first?.label {
                let more = starting.count > 1 ? " +\(starting.count - 1)" : ""
                text = fit(label, width - more.count) + more
            }
            return style.paint(text + pad(text, width), .booked)
        }
        if free.contains(where: { $0.start < end && $0.end > row }) {
            return style.paint(Self.freeMark, .free) + String(repeating: " ", count: width - 1)
        }
        return String(repeating: " ", count: width)
    }

    /// Every booking's part of each date of the grid, labelled on the date it starts; one that
    /// runs on from before the grid fills its first rows unlabelled.
    private func bookedPieces(_ grid: CalendarGrid) -> [CivilDate: [Piece]] {
        guard let first = grid.days.first?.date else { return [:] }
        var pieces: [CivilDate: [Piece]] = [:]
        let dates = Set(grid.days.map(\.date))
        let carried = grid.runningIn.map { (first, $0, false) }
        for (start, appointment, labelled) in carried + grid.days.flatMap({ day in day.appointments.map { (day.date, $0, true) } }) {
            var date = start
            var label: String? = labelled ? appointment.customerName : nil
            while dates.contains(date) && zone.startOfDay(date) < appointment.end {
                var part = piece(appointment.start, appointment.end, on: date)
                part.label = label
                pieces[date, default: []].append(part)
                label = nil
                date = date.adding(days: 1)
            }
        }
        return pieces
    }

    /// The part of `start..<end` that falls on `date`, as wall-clock seconds of that date. In
    /// the hour the clocks go back, wall time can end where it started or earlier; the piece
    /// then keeps its real length, so it still covers the rows it is in.
    private func piece(_ start: Date, _ end: Date, on date: CivilDate) -> Piece {
        let (startDate, startSeconds) = zone.civil(start)
        let (endDate, endSeconds) = zone.civil(end)
        var piece = Piece(start: startDate < date ? 0 : startSeconds, end: endDate > date ? 86_400 : endSeconds)
        if piece.end <= piece.start {
            piece.end = min(86_400, piece.start + Int(end.timeIntervalSince(start)))
        }
        return piece
    }

    /// `Mon 3 – Sun 9 Mar 2025`, naming the first month and year only when they differ.
    private func weekTitle(_ days: [AgendaDay]) -> String {
        guard let first = days.first?.date, let last = days.last?.date else { return "" }
        let month = { (date: CivilDate) in HumanFormat.months[date.month - 1] }
        let start = "\(first.weekday.shortName) \(first.day)"
            + (first.month != last.month || first.year != last.year ? " \(month(first))" : "")
            + (first.year != last.year ? " \(first.year)" : "")
        return "\(start) – \(last.weekday.shortName) \(last.day) \(month(last)) \(last.year)"
    }

    // MARK: - Month

    private func month(_ grid: CalendarGrid) -> String {
        guard let first = grid.days.first?.date else { return "" }
        let column = max(4, min(width / 7, 14))
        let title = Self.monthNames[first.month - 1] + " \(first.year)  " + zone.identifier
        var out = style.paint(title, .heading) + "\n"
        out += trimmed(Weekday.allCases.map { fit($0.shortName, column - 1) + pad(fit($0.shortName, column - 1), column) }
            .joined()) + "\n"
        var line = String(repeating: " ", count: column * (first.weekday.rawValue - 1))
        for day in grid.days {
            line += monthCell(day, today: grid.today, width: column)
            if day.date.weekday == .sunday {
                out += trimmed(line) + "\n"
                line = ""
            }
        }
        if !line.isEmpty { out += trimmed(line) + "\n" }
        let legend = "(n) appointments  - no working hours  [ ] today"
        return out + fit(legend, width) + "\n"
    }

    /// ` 4 (2)`: the day, bracketed when it is today, then its count of appointments, or `-`
    /// when it has no working hours and none.
    private func monthCell(_ day: AgendaDay, today: CivilDate, width: Int) -> String {
        let number = day.date.day < 10 ? " \(day.date.day)" : "\(day.date.day)"
        let isToday = day.date == today
        let count = day.appointments.count
        var text = isToday ? "[\(number)]" : " \(number) "
        if count > 0 {
            text += width >= 9 ? " (\(count))" : "\(count)"
        } else if day.windows.isEmpty {
            text += "-"
        }
        text = fit(text, width - 1)
        let painted = isToday ? style.paint(text, .today) : day.windows.isEmpty ? style.paint(text, .dim) : text
        return painted + pad(text, width)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    // MARK: - Text

    /// `text` cut to `width` characters, ending in `…` when cut.
    private func fit(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(max(width, 0))) }
        var kept = text.prefix(width - 1)
        while kept.last == " " { kept.removeLast() }
        return kept + "…"
    }

    /// Spaces that take `text` to `width` characters.
    private func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count))
    }

    private func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
