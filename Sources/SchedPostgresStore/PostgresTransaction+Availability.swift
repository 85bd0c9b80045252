import Foundation
import PostgresNIO
import SchedCore

extension PostgresTransaction {
    func weeklyWindows() throws -> [WeeklyWindow] {
        if let known = cache?.weeklyWindows { return known }
        let windows = try rowsBesideBatch("SELECT day, start_second, end_second FROM weekly_windows ORDER BY day, start_second")
            .map { row in
                var cells = Cells(row, table: "weekly_windows")
                guard let day = Weekday(rawValue: try cells.next(Int.self)) else {
                    throw SchedError.malformedRow("weekly_windows")
                }
                return WeeklyWindow(day: day, window: TimeWindow(start: try cells.next(), end: try cells.next()))
            }
        cache?.weeklyWindows = windows
        return windows
    }

    /// Two statements whatever the days and windows: the rows go as arrays.
    func replaceWeeklyWindows(days: Set<Weekday>, with windows: [TimeWindow]) throws {
        cache?.clear()
        let dayNumbers = days.sorted().map(\.rawValue)
        try execute("DELETE FROM weekly_windows WHERE day = ANY(\(dayNumbers))")
        guard !windows.isEmpty else { return }
        try execute("""
            INSERT INTO weekly_windows (day, start_second, end_second)
            SELECT d, w.start_second, w.end_second
            FROM unnest(\(dayNumbers)::smallint[]) AS d,
                 unnest(\(windows.map(\.start)), \(windows.map(\.end))) WITH ORDINALITY AS w(start_second, end_second, n)
            ORDER BY d, w.n
            """)
    }

    func dateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        guard let cache else { return try fetchDateOverrides(from: from, through: through) }
        return try StoreCache.value(&cache.overrides, .init(from: from, through: through)) {
            try fetchDateOverrides(from: from, through: through)
        }
    }

    /// In a run's batch, overrides are read eight weeks at a time: a run booking day after
    /// day would otherwise wait for a read of each day.
    private func fetchDateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        guard let batch, let from, let through else { return try readDateOverrides(from: from, through: through) }
        return try batch.dateOverrides(from: from, through: through) { try readDateOverrides(from: $0, through: $1) }
    }

    /// Dates travel as text (`2025-03-04`), which both sides read the same way.
    private func readDateOverrides(from: CivilDate?, through: CivilDate?) throws -> [DateOverride] {
        let rows = try rowsBesideBatch("""
            SELECT d.date::text, w.start_second, w.end_second
            FROM override_days d LEFT JOIN override_windows w ON w.date = d.date
            WHERE d.date >= \(from?.description ?? "0001-01-01")::date AND d.date <= \(through?.description ?? "9999-12-31")::date
            ORDER BY d.date, w.start_second
            """)
        var overrides: [DateOverride] = []
        for row in rows {
            var cells = Cells(row, table: "override_days")
            guard let date = CivilDate(try cells.next(String.self)) else { throw SchedError.malformedRow("override_days") }
            if overrides.last?.date != date {
                overrides.append(DateOverride(date: date, windows: []))
            }
            if let start = try cells.next(Int?.self), let end = try cells.next(Int?.self) {
                overrides[overrides.count - 1].windows.append(TimeWindow(start: start, end: end))
            }
        }
        return overrides
    }

    func replaceDateOverride(_ override: DateOverride) throws {
        cache?.clear()
        let date = override.date.description
        try execute("DELETE FROM override_days WHERE date = \(date)::date")
        try execute("INSERT INTO override_days (date) VALUES (\(date)::date)")
        guard !override.windows.isEmpty else { return }
        try execute("""
            INSERT INTO override_windows (date, start_second, end_second)
            SELECT \(date)::date, w.start_second, w.end_second
            FROM unnest(\(override.windows.map(\.start)), \(override.windows.map(\.end))) AS w(start_second, end_second)
            """)
    }
}
