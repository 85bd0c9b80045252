import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    func weeklyWindows() throws -> [WeeklyWindow] {
        if let known = cache?.weeklyWindows { return known }
        let windows = try fetchWeeklyWindows()
        cache?.weeklyWindows = windows
        return windows
    }

    private func fetchWeeklyWindows() throws -> [WeeklyWindow] {
        let rows = try Row.fetchAll(
            statement("SELECT day, start_second, end_second FROM weekly_windows ORDER BY day, start_second"))
        return try rows.map { row in
            guard let day = Weekday(rawValue: try row.decode(atIndex: 0)) else {
                throw SchedError.malformedRow("weekly_windows")
            }
            return WeeklyWindow(day: day, window: try Self.window(row, startIndex: 1))
        }
    }

    func replaceWeeklyWindows(days: Set<Weekday>, with windows: [TimeWindow]) throws {
        cache?.clear()
        for day in days.sorted() {
            try execute(sql: "DELETE FROM weekly_windows WHERE day = ?", arguments: [day.rawValue])
            for window in windows {
                try execute(
                    sql: "INSERT INTO weekly_windows (day, start_second, end_second) VALUES (?, ?, ?)",
                    arguments: [day.rawValue, window.start, window.end])
            }
        }
    }

    func dateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        guard let cache else { return try fetchDateOverrides(from: from, through: through) }
        return try StoreCache.value(&cache.overrides, .init(from: from, through: through)) {
            try fetchDateOverrides(from: from, through: through)
        }
    }

    private func fetchDateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        let rows = try Row.fetchAll(
            statement("""
                SELECT d.date, w.start_second, w.end_second
                FROM override_days d LEFT JOIN override_windows w ON w.date = d.date
                WHERE d.date >= ? AND d.date <= ?
                ORDER BY d.date, w.start_second
                """),
            arguments: [from?.description ?? "0000-00-00", through?.description ?? "9999-99-99"])
        return try Self.groupedOverrides(rows)
    }

    func replaceDateOverride(_ override: DateOverride) throws {
        cache?.clear()
        let date = override.date.description
        try execute(sql: "DELETE FROM override_days WHERE date = ?", arguments: [date])
        try execute(sql: "INSERT INTO override_days (date) VALUES (?)", arguments: [date])
        for window in override.windows {
            try execute(
                sql: "INSERT INTO override_windows (date, start_second, end_second) VALUES (?, ?, ?)",
                arguments: [date, window.start, window.end])
        }
    }

    /// Folds (date, start, end) rows, ordered by date, into one override per date; a date
    /// without windows comes back as a row of NULLs from the outer join.
    private static func groupedOverrides(_ rows: [Row]) throws -> [DateOverride] {
        var overrides: [DateOverride] = []
        for row in rows {
            let text: String = try row.decode(atIndex: 0)
            guard let date = CivilDate(text) else {
                throw SchedError.malformedRow("override_days")
            }
            if overrides.last?.date != date {
                overrides.append(DateOverride(date: date, windows: []))
            }
            let start: Int? = try row.decode(atIndex: 1)
            if start != nil {
                overrides[overrides.count - 1].windows.append(try window(row, startIndex: 1))
            }
        }
        return overrides
    }

    private static func window(_ row: Row, startIndex: Int) throws -> TimeWindow {
        TimeWindow(start: try row.decode(atIndex: startIndex), end: try row.decode(atIndex: startIndex + 1))
    }
}
