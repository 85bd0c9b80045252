import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    /// The columns `appointment(from:)` reads, in the order it reads them.
    enum AppointmentColumn: Int, CaseIterable {
        case number, id, customerName, startUTC, durationMinutes, note, email, status
        case calcomBookingUID, sequence, createdAt, updatedAt
        case seriesID, occurrenceStart, isException

        var name: String {
            switch self {
            case .number: "number"
            case .id: "id"
            case .customerName: "customer_name"
            case .startUTC: "start_utc"
            case .durationMinutes: "duration_minutes"
            case .note: "note"
            case .email: "email"
            case .status: "status"
            case .calcomBookingUID: "calcom_booking_uid"
            case .sequence: "sequence"
            case .createdAt: "created_at"
            case .updatedAt: "updated_at"
            case .seriesID: "series_id"
            case .occurrenceStart: "occurrence_start"
            case .isException: "is_exception"
            }
        }
    }

    /// The select list of every query that `appointment(from:)` reads.
    static let appointmentColumns = AppointmentColumn.allCases.map(\.name).joined(separator: ", ")

    func appointment(_ ref: AppointmentRef) throws -> Appointment? {
        let row: Row?
        switch ref {
        case .number(let number):
            row = try Row.fetchOne(
                statement("SELECT \(Self.appointmentColumns) FROM appointments WHERE number = ?"), arguments: [number])
        case .id(let id):
            row = try Row.fetchOne(
                statement("SELECT \(Self.appointmentColumns) FROM appointments WHERE id = ?"),
                arguments: [Self.text(id)])
        case .customer(let name, let from):
            return try appointment(customer: name, upcomingFrom: from, status: .booked)
        }
        return try row.map(Self.appointment(from:))
    }

    /// A scan of the table: cancelled appointments have no index of their own, and are listed
    /// rarely.
    func cancelledAppointments(startingFrom start: Date?, before end: Date?) throws -> [Appointment] {
        try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments
                WHERE status = 'cancelled' AND start_utc >= ? AND start_utc < ?
                ORDER BY start_utc, number
                """),
            arguments: [start?.unixSeconds ?? Int.min, end?.unixSeconds ?? Int.max])
    }

    /// Along the start index from `start`: only a name without letters or digits, which the
    /// full-text index cannot find, is looked up this way.
    func appointments(customerNamed name: String, startingFrom start: Date, status: AppointmentStatusFilter,
                      limit: Int) throws -> [Appointment] {
        let statuses = status.storedStatuses
        return try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments
                WHERE customer_name = ? AND status IN (?, ?) AND start_utc >= ?
                ORDER BY start_utc, number LIMIT ?
                """),
            arguments: [name, statuses[0], statuses.last, start.unixSeconds, limit])
    }

    /// The word index gives the numbers of the rows with a word starting with each word looked
    /// for (a range of its primary key: words hold letters and digits only, so GLOB's `*` is the
    /// one special character), and the range and status are checked on those rows: a search
    /// names few appointments of many.
    func appointments(matching search: AppointmentSearch) throws -> [Appointment] {
        let words = search.words.flatMap(SearchText.words)
        guard !words.isEmpty else { return [] }
        let field = search.namesOnly ? " AND field = 0" : ""
        let numbers = Array(repeating: "SELECT number FROM appointment_words WHERE word GLOB ?" + field, count: words.count)
            .joined(separator: " INTERSECT ")
        let statuses = search.status.storedStatuses
        var arguments = StatementArguments(words.map { $0 + "*" })
        arguments += [statuses[0], statuses.last, search.from?.unixSeconds ?? Int.min,
                      search.before?.unixSeconds ?? Int.max, search.limit ?? -1]
        return try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments
                WHERE number IN (\(numbers))
                  AND status IN (?, ?) AND start_utc >= ? AND start_utc < ?
                ORDER BY start_utc, number LIMIT ?
                """),
            arguments: arguments)
    }

    /// An index range scan on `appointments_booked_start`: an overlapping appointment starts at
    /// most the longest booking's length before `start`.
    func bookedAppointments(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> [Appointment] {
        let overlap = try statement(Self.overlapSQL(excluding: excluding != nil))
        return try Self.appointments(overlap, arguments: try overlapArguments(start, end, excluding: excluding))
    }

    /// From the covering index alone: no row of the table is read.
    func bookedSpans(overlapping start: Date, _ end: Date) throws -> [Span] {
        var spans: [Span] = []
        let rows = try Row.fetchCursor(
            statement(Self.spansSQL),
            arguments: try overlapArguments(start, end, excluding: nil))
        while let row = try rows.next() {
            let from: Int = try row.decode(atIndex: 0)
            let minutes: Int = try row.decode(atIndex: 1)
            spans.append(Span(start: Date(unixSeconds: from), end: Date(unixSeconds: from + minutes * 60)))
        }
        return spans
    }

    func hasBookedAppointment(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> Bool {
        // A number, not a row: GRDB builds a row's column table even when no row comes back,
        // which cost more than the query itself for a booking that fits.
        let exists = try statement(Self.overlapExistsSQL(excluding: excluding != nil))
        return try Int.fetchOne(exists, arguments: try overlapArguments(start, end, excluding: excluding)) != nil
    }

    /// The longest booked appointment's length in minutes, or less than any when none is booked;
    /// kept in the cache, which a longer booking raises (a cancellation leaves it high, which
    /// only widens the look-back).
    func longestBookingMinutes() throws -> Int {
        if let known = cache?.longestBookingMinutes { return known }
        let longest = try Int.fetchOne(
            statement("SELECT MAX(duration_minutes) FROM appointments WHERE status = 'booked'")) ?? 0
        cache?.longestBookingMinutes = longest
        return longest
    }

    /// Raises the cached longest booking to `minutes` if that is longer.
    func noteBooking(minutes: Int) {
        if let known = cache?.longestBookingMinutes, minutes > known { cache?.longestBookingMinutes = minutes }
    }

    /// start less the longest booking (an appointment that started before then has ended), end
    /// and start, then the id to pass over.
    private func overlapArguments(_ start: Date, _ end: Date, excluding: UUID?) throws -> StatementArguments {
        let from = start.unixSeconds
        let lookBack = try longestBookingMinutes() * 60
        var arguments: StatementArguments = [from - lookBack, end.unixSeconds, from]
        if let excluding {
            arguments += [Self.text(excluding)]
        }
        return arguments
    }

    /// Whether the overlap query would find a row; the same arguments.
    static func overlapExistsSQL(excluding: Bool) -> String {
        excluding ? overlapExistsExcludingSQL : overlapExistsAnySQL
    }

    /// The overlap query; its first three arguments are start less the longest booking, end and start.
    static func overlapSQL(excluding: Bool) -> String {
        excluding ? overlapExcludingSQL : overlapAnySQL
    }

    // Made once: every booking asks, and building the text cost more than binding its arguments.
    private static let overlapExistsAnySQL = existsSQL(excluding: false)
    private static let overlapExistsExcludingSQL = existsSQL(excluding: true)
    private static let overlapAnySQL = selectSQL(excluding: false)
    private static let spansSQL =
        "SELECT start_utc, duration_minutes FROM appointments WHERE \(overlapCondition(excluding: false))\nORDER BY start_utc"
    private static let overlapExcludingSQL = selectSQL(excluding: true)

    private static func existsSQL(excluding: Bool) -> String {
        "SELECT 1 FROM appointments WHERE \(overlapCondition(excluding: excluding)) LIMIT 1"
    }

    private static func selectSQL(excluding: Bool) -> String {
        "SELECT \(appointmentColumns) FROM appointments WHERE \(overlapCondition(excluding: excluding))\n"
            + "ORDER BY start_utc, number"
    }

    private static func overlapCondition(excluding: Bool) -> String {
        """
        status = 'booked' AND start_utc > ? AND start_utc < ?
          AND start_utc + duration_minutes * 60 > ?\(excluding ? " AND id <> ?" : "")
        """
    }

    func bookedAppointments(startingFrom start: Date, before end: Date?, limit: Int?) throws -> [Appointment] {
        var sql = "SELECT \(Self.appointmentColumns) FROM appointments WHERE status = 'booked' AND start_utc >= ?"
        var arguments: StatementArguments = [start.unixSeconds]
        if let end {
            sql += " AND start_utc < ?"
            arguments += [end.unixSeconds]
        }
        sql += " ORDER BY start_utc, number"
        if let limit {
            sql += " LIMIT ?"
            arguments += [max(0, limit)]
        }
        return try Self.appointments(statement(sql), arguments: arguments)
    }

    func appointments(startingFrom start: Date, before end: Date?, includingCancelled: Bool) throws -> [Appointment] {
        var sql = "SELECT \(Self.appointmentColumns) FROM appointments WHERE (? OR status = 'booked') AND start_utc >= ?"
        var arguments: StatementArguments = [includingCancelled, start.unixSeconds]
        if let end {
            sql += " AND start_utc < ?"
            arguments += [end.unixSeconds]
        }
        sql += " ORDER BY start_utc, number"
        return try Self.appointments(statement(sql), arguments: arguments)
    }

    /// A scan of the table rather than an index range: it serves tab completion, and one
    /// user's appointments are few enough.
    func appointments(numberPrefix: String, includingCancelled: Bool, now: Date, limit: Int) throws -> [Appointment] {
        guard numberPrefix.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return [] }
        let instant = now.unixSeconds
        return try Self.appointments(
            statement("""
                SELECT \(Self.appointmentColumns) FROM appointments
                WHERE (? OR status = 'booked') AND CAST(number AS TEXT) GLOB ?
                ORDER BY start_utc < ?, CASE WHEN start_utc >= ? THEN start_utc ELSE -start_utc END, number
                LIMIT ?
                """),
            arguments: [includingCancelled, numberPrefix + "*", instant, instant, max(0, limit)])
    }

    /// SQLite's LIKE folds only ASCII letters: `CustomerNamePrefix` narrows by the ASCII head.
    func customerNames(startingWith prefix: String, limit: Int) throws -> [String] {
        let wanted = CustomerNamePrefix(prefix)
        let names = try String.fetchAll(
            db, sql: "SELECT DISTINCT customer_name FROM appointments WHERE customer_name LIKE ? ESCAPE '\\'",
            arguments: [wanted.likePattern])
        return wanted.names(from: names, limit: limit)
    }

    func insert(_ new: NewAppointment, id: UUID, now: Date, occurrence: Occurrence?) throws -> Appointment {
        noteBooking(minutes: new.durationMinutes)
        try execute(
            sql: """
                INSERT INTO appointments
                    (id, customer_name, start_utc, duration_minutes, note, email, status,
                     sequence, created_at, updated_at, series_id, occurrence_start, is_exception)
                VALUES (?, ?, ?, ?, ?, ?, 'booked', 0, ?, ?, ?, ?, ?)
                """,
            arguments: [
                Self.text(id), new.customerName, new.start.unixSeconds, new.durationMinutes,
                new.note, new.email, now.unixSeconds, now.unixSeconds,
                occurrence.map { Self.text($0.seriesID) }, occurrence?.originalStart.unixSeconds,
                occurrence?.isException ?? false,
            ])
        let number = Int(db.lastInsertedRowID)
        try index(number: number, customerName: new.customerName, note: new.note, email: new.email)
        return Appointment(
            id: id, number: number, customerName: new.customerName,
            start: new.start.wholeSeconds, durationMinutes: new.durationMinutes, note: new.note,
            email: new.email, createdAt: now.wholeSeconds, updatedAt: now.wholeSeconds,
            occurrence: occurrence.map {
                Occurrence(seriesID: $0.seriesID, originalStart: $0.originalStart.wholeSeconds, isException: $0.isException)
            })
    }

    func update(_ appointment: Appointment) throws {
        if appointment.status == .booked { noteBooking(minutes: appointment.durationMinutes) }
        let stored = try Row.fetchOne(
            statement("SELECT customer_name, note, email FROM appointments WHERE number = ?"),
            arguments: [appointment.number])
        try execute(
            sql: """
                UPDATE appointments
                SET customer_name = ?, start_utc = ?, duration_minutes = ?, note = ?, email = ?,
                    status = ?, calcom_booking_uid = ?, sequence = ?, updated_at = ?,
                    series_id = ?, occurrence_start = ?, is_exception = ?
                WHERE id = ?
                """,
            arguments: [
                appointment.customerName, appointment.start.unixSeconds, appointment.durationMinutes,
                appointment.note, appointment.email, appointment.status.rawValue,
                appointment.calcomBookingUID, appointment.sequence, appointment.updatedAt.unixSeconds,
                appointment.occurrence.map { Self.text($0.seriesID) }, appointment.occurrence?.originalStart.unixSeconds,
                appointment.occurrence?.isException ?? false,
                Self.text(appointment.id),
            ])
        guard db.changesCount == 1 else {
            throw SchedError.appointmentNotFound(AppointmentRef.id(appointment.id).description)
        }
        if let stored, stored[0] as String? != appointment.customerName || stored[1] as String? != appointment.note
            || stored[2] as String? != appointment.email {
            try Self.index(db, number: appointment.number, [stored[0], stored[1], stored[2]], remove: true)
            try index(number: appointment.number, customerName: appointment.customerName, note: appointment.note,
                      email: appointment.email)
        }
    }

    /// Adds an appointment's words to the word index.
    func index(number: Int, customerName: String, note: String?, email: String?) throws {
        try Self.index(db, number: number, [customerName, note, email], remove: false)
    }

    /// Adds (or removes) each distinct folded word of an appointment's name (field 0), note (1)
    /// and email (2) once; removing, the texts are the ones it was indexed with.
    static func index(_ db: Database, number: Int, _ texts: [String?], remove: Bool) throws {
        let sql = remove
            ? "DELETE FROM appointment_words WHERE word = ? AND number = ? AND field = ?"
            : "INSERT INTO appointment_words (word, number, field) VALUES (?, ?, ?)"
        let statement = try db.cachedStatement(sql: sql)
        for (field, text) in texts.enumerated() {
            guard let text else { continue }
            for word in Set(SearchText.words(text)) {
                try statement.execute(arguments: [word, number, field])
            }
        }
    }

    /// UUIDs are stored in lowercase.
    static func text(_ id: UUID) -> String {
        id.lowercasedText
    }

    /// The appointments of a query's rows, each read where SQLite holds it. `Row.fetchAll` copied
    /// every row's values into a row of its own first, which cost more than reading them.
    static func appointments(_ statement: Statement, arguments: StatementArguments) throws -> [Appointment] {
        var appointments: [Appointment] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            appointments.append(try appointment(from: row))
        }
        return appointments
    }

    /// The appointment in a row selected with `appointmentColumns`. Columns are read by
    /// position: looking each up by name lowercases the names every time, on every row a query
    /// reads (Benchmarks/RESULTS.md has what it cost).
    static func appointment(from row: Row) throws -> Appointment {
        func value<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ column: AppointmentColumn)
            throws -> Value {
            try row.decode(atIndex: column.rawValue)
        }
        let idText: String = try value(.id)
        let statusText: String = try value(.status)
        guard let id = UUID(text: idText), let status = AppointmentStatus(rawValue: statusText) else {
            throw SchedError.malformedRow("appointments")
        }
        var occurrence: Occurrence?
        if let seriesText: String = try value(.seriesID) {
            guard let seriesID = UUID(text: seriesText), let original: Int = try value(.occurrenceStart) else {
                throw SchedError.malformedRow("appointments")
            }
            occurrence = Occurrence(seriesID: seriesID, originalStart: Date(unixSeconds: original),
                                    isException: try value(.isException))
        }
        return Appointment(
            id: id,
            number: try value(.number),
            customerName: try value(.customerName),
            start: Date(unixSeconds: try value(.startUTC)),
            durationMinutes: try value(.durationMinutes),
            note: try value(.note),
            email: try value(.email),
            status: status,
            calcomBookingUID: try value(.calcomBookingUID),
            sequence: try value(.sequence),
            createdAt: Date(unixSeconds: try value(.createdAt)),
            updatedAt: Date(unixSeconds: try value(.updatedAt)),
            occurrence: occurrence)
    }
}
