import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    private static let seriesColumns = """
        id, customer_name, note, email, rule, zone, first_date, start_second, duration_minutes, status,
        stored_through, imported_uid, sequence, created_at, updated_at
        """

    func insertSeries(_ series: Series) throws {
        cache?.earliestSeriesStoredThrough = nil
        try execute(
            sql: "INSERT INTO series (\(Self.seriesColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: Self.arguments(series))
    }

    func updateSeries(_ series: Series) throws {
        cache?.earliestSeriesStoredThrough = nil
        try execute(
            sql: """
                UPDATE series SET customer_name = ?, note = ?, email = ?, rule = ?, zone = ?, first_date = ?,
                    start_second = ?, duration_minutes = ?, status = ?, stored_through = ?, imported_uid = ?,
                    sequence = ?, created_at = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: StatementArguments(Array(Self.values(series).dropFirst()) + [Self.text(series.id)]))
        guard db.changesCount == 1 else { throw SchedError.malformedRow("series") }
    }

    func series(id: UUID) throws -> Series? {
        try Row.fetchOne(statement("SELECT \(Self.seriesColumns) FROM series WHERE id = ?"), arguments: [Self.text(id)])
            .map(Self.series(from:))
    }

    func allSeries(includingCancelled: Bool) throws -> [Series] {
        try Row.fetchAll(
            statement("SELECT \(Self.seriesColumns) FROM series WHERE ? OR status = 'active' ORDER BY rowid"),
            arguments: [includingCancelled]
        ).map(Self.series(from:))
    }

    func latestBookedStart() throws -> Date? {
        try Int.fetchOne(statement("SELECT MAX(start_utc) FROM appointments WHERE status = 'booked'"))
            .map(Date.init(unixSeconds:))
    }

    func earliestSeriesStoredThrough() throws -> CivilDate? {
        if let known = cache?.earliestSeriesStoredThrough { return known }
        let earliest = try String.fetchOne(statement("SELECT MIN(stored_through) FROM series WHERE status = 'active'"))
            .flatMap(CivilDate.init)
        cache?.earliestSeriesStoredThrough = .some(earliest)
        return earliest
    }

    func occurrences(seriesID: UUID) throws -> [Appointment] {
        try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments WHERE series_id = ?
                ORDER BY occurrence_start, number
                """),
            arguments: [Self.text(seriesID)])
    }

    func skippedOccurrences(seriesID: UUID) throws -> [SkippedOccurrence] {
        try Row.fetchAll(
            statement("""
                SELECT occurrence_start, reason FROM series_skipped WHERE series_id = ? ORDER BY occurrence_start
                """),
            arguments: [Self.text(seriesID)]
        ).map { row in
            SkippedOccurrence(seriesID: seriesID, originalStart: Date(unixSeconds: try row.decode(atIndex: 0)),
                              reason: try row.decode(atIndex: 1))
        }
    }

    func insertSkippedOccurrence(_ skipped: SkippedOccurrence) throws {
        try execute(
            sql: """
                INSERT INTO series_skipped (series_id, occurrence_start, reason) VALUES (?, ?, ?)
                ON CONFLICT (series_id, occurrence_start) DO UPDATE SET reason = excluded.reason
                """,
            arguments: [Self.text(skipped.seriesID), skipped.originalStart.unixSeconds, skipped.reason])
    }

    func deleteSkippedOccurrences(seriesID: UUID, from start: Date) throws {
        try execute(
            sql: "DELETE FROM series_skipped WHERE series_id = ? AND occurrence_start >= ?",
            arguments: [Self.text(seriesID), start.unixSeconds])
    }

    private static func values(_ series: Series) -> [(any DatabaseValueConvertible)?] {
        [
            text(series.id), series.customerName, series.note, series.email, series.rule.text,
            series.zone.identifier, series.firstDate.description, series.secondsOfDay, series.durationMinutes,
            series.status.rawValue, series.storedThrough.description, series.importedUID, series.sequence,
            series.createdAt.unixSeconds, series.updatedAt.unixSeconds,
        ]
    }

    private static func arguments(_ series: Series) -> StatementArguments {
        StatementArguments(values(series))
    }

    private static func series(from row: Row) throws -> Series {
        let idText: String = try row.decode(atIndex: 0)
        let ruleText: String = try row.decode(atIndex: 4)
        let zoneName: String = try row.decode(atIndex: 5)
        let firstText: String = try row.decode(atIndex: 6)
        let statusText: String = try row.decode(atIndex: 9)
        let throughText: String = try row.decode(atIndex: 10)
        guard let id = UUID(text: idText), case .success(let rule) = RecurrenceRule.parse(ruleText),
              let zone = HomeZone(identifier: zoneName), let first = CivilDate(firstText),
              let status = SeriesStatus(rawValue: statusText), let through = CivilDate(throughText)
        else { throw SchedError.malformedRow("series") }
        return Series(
            id: id, customerName: try row.decode(atIndex: 1), note: try row.decode(atIndex: 2),
            email: try row.decode(atIndex: 3), rule: rule, zone: zone, firstDate: first,
            secondsOfDay: try row.decode(atIndex: 7), durationMinutes: try row.decode(atIndex: 8), status: status,
            storedThrough: through, importedUID: try row.decode(atIndex: 11), sequence: try row.decode(atIndex: 12),
            createdAt: Date(unixSeconds: try row.decode(atIndex: 13)),
            updatedAt: Date(unixSeconds: try row.decode(atIndex: 14)))
    }
}
