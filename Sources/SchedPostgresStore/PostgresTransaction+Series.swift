import Foundation
import PostgresNIO
import SchedCore

extension PostgresTransaction {
    private static let seriesColumns = """
        id, customer_name, note, email, rule, zone, first_date::text, start_second, duration_minutes, status,
        stored_through::text, imported_uid, sequence, created_at, updated_at
        """

    func insertSeries(_ series: Series) throws {
        cache?.earliestSeriesStoredThrough = nil
        try execute("""
            INSERT INTO series (id, customer_name, note, email, rule, zone, first_date, start_second, duration_minutes,
                                status, stored_through, imported_uid, sequence, created_at, updated_at)
            VALUES (\(series.id), \(series.customerName), \(series.note), \(series.email), \(series.rule.text),
                    \(series.zone.identifier), \(series.firstDate.description)::date, \(series.secondsOfDay),
                    \(series.durationMinutes), \(series.status.rawValue), \(series.storedThrough.description)::date,
                    \(series.importedUID), \(series.sequence), \(series.createdAt.stored), \(series.updatedAt.stored))
            """)
    }

    func updateSeries(_ series: Series) throws {
        cache?.earliestSeriesStoredThrough = nil
        let changed = try execute("""
            UPDATE series SET customer_name = \(series.customerName), note = \(series.note), email = \(series.email),
                rule = \(series.rule.text), zone = \(series.zone.identifier), first_date = \(series.firstDate.description)::date,
                start_second = \(series.secondsOfDay), duration_minutes = \(series.durationMinutes),
                status = \(series.status.rawValue), stored_through = \(series.storedThrough.description)::date,
                imported_uid = \(series.importedUID), sequence = \(series.sequence),
                created_at = \(series.createdAt.stored), updated_at = \(series.updatedAt.stored)
            WHERE id = \(series.id)
            """)
        guard changed == 1 else { throw SchedError.malformedRow("series") }
    }

    func series(id: UUID) throws -> Series? {
        try rows("SELECT \(unescaped: Self.seriesColumns) FROM series WHERE id = \(id)").first.map(Self.series(from:))
    }

    func allSeries(includingCancelled: Bool) throws -> [Series] {
        try rows("""
            SELECT \(unescaped: Self.seriesColumns) FROM series WHERE \(includingCancelled) OR status = 'active' ORDER BY made
            """
        ).map(Self.series(from:))
    }

    func earliestSeriesStoredThrough() throws -> CivilDate? {
        if let known = cache?.earliestSeriesStoredThrough { return known }
        let earliest = try value("SELECT min(stored_through)::text FROM series WHERE status = 'active'", as: String.self)
            .flatMap(CivilDate.init)
        cache?.earliestSeriesStoredThrough = .some(earliest)
        return earliest
    }

    func occurrences(seriesID: UUID) throws -> [Appointment] {
        try appointments("""
            \(unescaped: Self.selectAppointments) WHERE series_id = \(seriesID) ORDER BY occurrence_start, number
            """)
    }

    func skippedOccurrences(seriesID: UUID) throws -> [SkippedOccurrence] {
        try rows("""
            SELECT occurrence_start, reason FROM series_skipped WHERE series_id = \(seriesID) ORDER BY occurrence_start
            """
        ).map { row in
            var cells = Cells(row, table: "series_skipped")
            return SkippedOccurrence(seriesID: seriesID, originalStart: try cells.next(), reason: try cells.next())
        }
    }

    func insertSkippedOccurrence(_ skipped: SkippedOccurrence) throws {
        try execute("""
            INSERT INTO series_skipped (series_id, occurrence_start, reason)
            VALUES (\(skipped.seriesID), \(skipped.originalStart.stored), \(skipped.reason))
            ON CONFLICT (series_id, occurrence_start) DO UPDATE SET reason = excluded.reason
            """)
    }

    func deleteSkippedOccurrences(seriesID: UUID, from start: Date) throws {
        try execute("DELETE FROM series_skipped WHERE series_id = \(seriesID) AND occurrence_start >= \(start.stored)")
    }

    private static func series(from row: PostgresRow) throws -> Series {
        var cells = Cells(row, table: "series")
        let id = try cells.next(UUID.self)
        let customerName = try cells.next(String.self)
        let note = try cells.next(String?.self)
        let email = try cells.next(String?.self)
        let ruleText = try cells.next(String.self)
        let zoneName = try cells.next(String.self)
        let firstText = try cells.next(String.self)
        let secondsOfDay = try cells.next(Int.self)
        let duration = try cells.next(Int.self)
        let statusText = try cells.next(String.self)
        let throughText = try cells.next(String.self)
        guard case .success(let rule) = RecurrenceRule.parse(ruleText), let zone = HomeZone(identifier: zoneName),
              let first = CivilDate(firstText), let status = SeriesStatus(rawValue: statusText),
              let through = CivilDate(throughText)
        else { throw SchedError.malformedRow("series") }
        return Series(
            id: id, customerName: customerName, note: note, email: email, rule: rule, zone: zone, firstDate: first,
            secondsOfDay: secondsOfDay, durationMinutes: duration, status: status, storedThrough: through,
            importedUID: try cells.next(String?.self), sequence: try cells.next(Int.self),
            createdAt: try cells.next(Date.self), updatedAt: try cells.next(Date.self))
    }
}
