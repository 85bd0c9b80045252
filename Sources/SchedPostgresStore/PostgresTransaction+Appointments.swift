import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres

extension PostgresTransaction {
    /// The select list of every query that `appointment(from:)` reads, in the order it reads them.
    static let appointmentColumns = """
        number, id, customer_name, start_utc, duration_minutes, note, email, status, calcom_booking_uid,
        sequence, created_at, updated_at, series_id, occurrence_start, is_exception
        """

    /// `SELECT <the appointment's columns> FROM appointments `, to which a query adds its conditions.
    static let selectAppointments = "SELECT \(appointmentColumns) FROM appointments "

    func appointment(_ ref: AppointmentRef) throws -> Appointment? {
        switch ref {
        case .number(let number):
            return try appointments("\(unescaped: Self.selectAppointments) WHERE number = \(number)").first
        case .id(let id):
            return try appointments("\(unescaped: Self.selectAppointments) WHERE id = \(id)").first
        case .customer(let name, let from):
            return try appointment(customer: name, upcomingFrom: from, status: .booked)
        }
    }

    func cancelledAppointments(startingFrom start: Date?, before end: Date?) throws -> [Appointment] {
        try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE status = 'cancelled' AND (\(start?.stored)::timestamptz IS NULL OR start_utc >= \(start?.stored))
              AND (\(end?.stored)::timestamptz IS NULL OR start_utc < \(end?.stored))
            ORDER BY start_utc, number
            """)
    }

    func appointments(customerNamed name: String, startingFrom start: Date, status: AppointmentStatusFilter,
                      limit: Int) throws -> [Appointment] {
        let statuses = status.storedStatuses
        return try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE customer_name = \(name) AND status IN (\(statuses[0]), \(statuses[statuses.count - 1]))
              AND start_utc >= \(start.stored)
            ORDER BY start_utc, number LIMIT \(max(0, limit))
            """)
    }

    /// The word index gives the numbers of the rows with a word starting with each word looked
    /// for (a range of its primary key: words are compared byte by byte, `COLLATE "C"`), and the
    /// range and status are checked on those rows: a search names few appointments of many.
    func appointments(matching search: AppointmentSearch) throws -> [Appointment] {
        let words = search.words.flatMap(SearchText.words)
        guard !words.isEmpty else { return [] }
        let statuses = search.status.storedStatuses
        var query = QueryText()
        let numbers = words.map { word in
            // Words hold letters and digits only: `%` is the one special character.
            "SELECT number FROM appointment_words WHERE word LIKE \(query.bind(word + "%"))"
                + (search.namesOnly ? " AND field = 0" : "")
        }
        let from = search.from?.stored ?? .distantPast
        let before = search.before?.stored ?? .distantFuture
        let text = """
            \(Self.selectAppointments) WHERE number IN (\(numbers.joined(separator: " INTERSECT ")))
              AND status IN (\(query.bind(statuses[0])), \(query.bind(statuses[statuses.count - 1])))
              AND start_utc >= \(query.bind(from)) AND start_utc < \(query.bind(before))
            ORDER BY start_utc, number LIMIT \(query.bind(search.limit.map { max(0, $0) }))
            """
        query.sql = text
        return try appointments(query.query)
    }

    /// The longest appointment lasts a day (the table's CHECK): one that overlaps [start, end)
    /// starts less than a day before `start`, so the start index bounds the scan.
    private static let overlapCondition = """
        status = 'booked' AND start_utc > $1::timestamptz - interval '1440 minutes' AND start_utc < $2
          AND end_utc > $1
        """

    func bookedAppointments(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> [Appointment] {
        try appointments(Self.overlap(
            "\(Self.selectAppointments) WHERE \(Self.overlapCondition)", start, end, excluding: excluding,
            then: " ORDER BY start_utc, number"))
    }

    func bookedSpans(overlapping start: Date, _ end: Date) throws -> [Span] {
        try rows(Self.overlap(
            "SELECT start_utc, end_utc FROM appointments WHERE \(Self.overlapCondition)", start, end, excluding: nil,
            then: " ORDER BY start_utc")
        ).map { row in
            var cells = Cells(row, table: "appointments")
            return Span(start: try cells.next(Date.self), end: try cells.next(Date.self))
        }
    }

    func hasBookedAppointment(overlapping start: Date, _ end: Date, excluding: UUID?) throws -> Bool {
        if let batch { return try batch.hasBooked(session, overlapping: start, end, excluding: excluding) }
        return try !rows(Self.overlap(
            "SELECT 1 FROM appointments WHERE \(Self.overlapCondition)", start, end, excluding: excluding,
            then: " LIMIT 1")
        ).isEmpty
    }

    /// An overlap query: `sql` uses $1 for the start and $2 for the end; `excluding` adds $3.
    private static func overlap(_ sql: String, _ start: Date, _ end: Date, excluding: UUID?, then tail: String)
        -> PostgresQuery {
        var bindings = PostgresBindings()
        bindings.append(start.stored)
        bindings.append(end.stored)
        var text = sql
        if let excluding {
            bindings.append(excluding)
            text += " AND id <> $3"
        }
        return PostgresQuery(unsafeSQL: text + tail, binds: bindings)
    }

    func bookedAppointments(startingFrom start: Date, before end: Date?, limit: Int?) throws -> [Appointment] {
        try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE status = 'booked' AND start_utc >= \(start.stored)
              AND (\(end?.stored)::timestamptz IS NULL OR start_utc < \(end?.stored))
            ORDER BY start_utc, number LIMIT \(limit.map { max(0, $0) })
            """)
    }

    func latestBookedStart() throws -> Date? {
        try value("SELECT max(start_utc) FROM appointments WHERE status = 'booked'", as: Date.self)
    }

    func appointments(startingFrom start: Date, before end: Date?, includingCancelled: Bool) throws -> [Appointment] {
        try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE (\(includingCancelled) OR status = 'booked') AND start_utc >= \(start.stored)
              AND (\(end?.stored)::timestamptz IS NULL OR start_utc < \(end?.stored))
            ORDER BY start_utc, number
            """)
    }

    /// Those starting at or after `now` by start, then the earlier ones latest first.
    func appointments(numberPrefix: String, includingCancelled: Bool, now: Date, limit: Int) throws -> [Appointment] {
        guard numberPrefix.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return [] }
        let instant = now.stored
        return try appointments("""
            \(unescaped: Self.selectAppointments)
            WHERE (\(includingCancelled) OR status = 'booked') AND number::text LIKE \(numberPrefix + "%")
            ORDER BY start_utc < \(instant),
                CASE WHEN start_utc >= \(instant) THEN start_utc END,
                CASE WHEN start_utc < \(instant) THEN start_utc END DESC, number
            LIMIT \(max(0, limit))
            """)
    }

    /// `CustomerNamePrefix` narrows by the ASCII head, which ILIKE folds as Swift does.
    func customerNames(startingWith prefix: String, limit: Int) throws -> [String] {
        let wanted = CustomerNamePrefix(prefix)
        let names = try rows("""
            SELECT DISTINCT customer_name FROM appointments WHERE customer_name ILIKE \(wanted.likePattern) ESCAPE '\\'
            """
        ).map { row in
            var cells = Cells(row, table: "appointments")
            return try cells.next(String.self)
        }
        return wanted.names(from: names, limit: limit)
    }

    /// Under the writers' lock, the next number is the highest plus one (see `PostgresSchema`).
    func insert(_ new: NewAppointment, id: UUID, now: Date, occurrence: Occurrence?) throws -> Appointment {
        if let batch, occurrence == nil { return try batch.insert(session, new, id: id, now: now) }
        let start = new.start.stored
        let end = start.adding(minutes: new.durationMinutes)
        // The row and its search words in one statement: one round trip to the server.
        let (words, fields) = Self.words([new.customerName, new.note, new.email])
        let number = try value("""
            WITH numbered AS (\(unescaped: PostgresSchema.nextNumber)),
            made AS (
                INSERT INTO appointments
                    (number, id, customer_name, start_utc, duration_minutes, end_utc, note, email, status, sequence,
                     created_at, updated_at, series_id, occurrence_start, is_exception)
                VALUES ((SELECT value FROM numbered), \(id), \(new.customerName), \(start),
                        \(new.durationMinutes), \(end), \(new.note), \(new.email), 'booked', 0, \(now.stored), \(now.stored),
                        \(occurrence?.seriesID), \(occurrence?.originalStart.stored), \(occurrence?.isException ?? false))
                RETURNING number
            ), indexed AS (
                INSERT INTO appointment_words (word, number, field)
                SELECT t.word, made.number, t.field FROM made, unnest(\(words)::text[], \(fields)::smallint[]) AS t(word, field)
            )
            SELECT number FROM made
            """, as: Int.self)
        guard let number else { throw SchedError.malformedRow("appointments") }
        return Appointment(
            id: id, number: number, customerName: new.customerName,
            start: start, durationMinutes: new.durationMinutes, note: new.note,
            email: new.email, createdAt: now.stored, updatedAt: now.stored,
            occurrence: occurrence.map {
                Occurrence(seriesID: $0.seriesID, originalStart: $0.originalStart.stored, isException: $0.isException)
            })
    }

    /// One round trip: the update gives back the texts the row was indexed with.
    func update(_ appointment: Appointment) throws {
        let start = appointment.start.stored
        let stored = try rows("""
            UPDATE appointments
            SET customer_name = \(appointment.customerName), start_utc = \(start),
                duration_minutes = \(appointment.durationMinutes),
                end_utc = \(start.adding(minutes: appointment.durationMinutes)),
                note = \(appointment.note), email = \(appointment.email), status = \(appointment.status.rawValue),
                calcom_booking_uid = \(appointment.calcomBookingUID), sequence = \(appointment.sequence),
                updated_at = \(appointment.updatedAt.stored), series_id = \(appointment.occurrence?.seriesID),
                occurrence_start = \(appointment.occurrence?.originalStart.stored),
                is_exception = \(appointment.occurrence?.isException ?? false)
            FROM (SELECT customer_name, note, email FROM appointments WHERE id = \(appointment.id)) AS old
            WHERE appointments.id = \(appointment.id)
            RETURNING old.customer_name, old.note, old.email
            """).first
        guard let stored else {
            throw SchedError.appointmentNotFound(AppointmentRef.id(appointment.id).description)
        }
        var cells = Cells(stored, table: "appointments")
        let before: [String?] = [try cells.next(String.self), try cells.next(String?.self), try cells.next(String?.self)]
        let after = [appointment.customerName, appointment.note, appointment.email]
        if before != after {
            try index(number: appointment.number, before, remove: true)
            try index(number: appointment.number, after, remove: false)
        }
    }

    /// Adds (or removes) each distinct folded word of an appointment's name (field 0), note (1)
    /// and email (2); removing, the texts are the ones it was indexed with. One statement for all.
    func index(number: Int, _ texts: [String?], remove: Bool) throws {
        let (words, fields) = Self.words(texts)
        guard !words.isEmpty else { return }
        if remove {
            try execute("""
                DELETE FROM appointment_words
                WHERE number = \(number) AND (word, field) IN (SELECT * FROM unnest(\(words)::text[], \(fields)::smallint[]))
                """)
        } else {
            try execute("""
                INSERT INTO appointment_words (word, number, field)
                SELECT word, \(number), field FROM unnest(\(words)::text[], \(fields)::smallint[]) AS t(word, field)
                """)
        }
    }

    /// Each distinct folded word of the texts, beside the field (its text's position) it is in.
    static func words(_ texts: [String?]) -> (words: [String], fields: [Int]) {
        var words: [String] = []
        var fields: [Int] = []
        for (field, text) in texts.enumerated() {
            guard let text else { continue }
            for word in Set(SearchText.words(text)).sorted() {
                words.append(word)
                fields.append(field)
            }
        }
        return (words, fields)
    }

    func appointments(_ query: PostgresQuery) throws -> [Appointment] {
        try rows(query).map(Self.appointment(from:))
    }

    /// The appointment in a row selected with `appointmentColumns`.
    static func appointment(from row: PostgresRow) throws -> Appointment {
        var cells = Cells(row, table: "appointments")
        let number = try cells.next(Int.self)
        let id = try cells.next(UUID.self)
        let customerName = try cells.next(String.self)
        let start = try cells.next(Date.self)
        let duration = try cells.next(Int.self)
        let note = try cells.next(String?.self)
        let email = try cells.next(String?.self)
        guard let status = AppointmentStatus(rawValue: try cells.next(String.self)) else {
            throw SchedError.malformedRow("appointments")
        }
        let uid = try cells.next(String?.self)
        let sequence = try cells.next(Int.self)
        let createdAt = try cells.next(Date.self)
        let updatedAt = try cells.next(Date.self)
        let seriesID = try cells.next(UUID?.self)
        let originalStart = try cells.next(Date?.self)
        let isException = try cells.next(Bool.self)
        var occurrence: Occurrence?
        if let seriesID {
            guard let originalStart else { throw SchedError.malformedRow("appointments") }
            occurrence = Occurrence(seriesID: seriesID, originalStart: originalStart, isException: isException)
        }
        return Appointment(
            id: id, number: number, customerName: customerName, start: start, durationMinutes: duration, note: note,
            email: email, status: status, calcomBookingUID: uid, sequence: sequence, createdAt: createdAt,
            updatedAt: updatedAt, occurrence: occurrence)
    }
}
