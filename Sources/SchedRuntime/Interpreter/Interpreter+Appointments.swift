import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `book`, `reschedule`, `update` and `upcoming`.
extension Interpreter {
    func book(_ booking: BookStatement) throws -> Value {
        try pointing(at: FieldSources(customerName: booking.customer, durationMinutes: booking.duration,
                                      note: booking.note, email: booking.email)) {
            .appointment(try perform(BookAppointment { try self.newAppointment(booking, $0) }))
        }
    }

    private func newAppointment(_ booking: BookStatement, _ context: Moment) throws -> NewAppointment {
        guard let customerExpression = booking.customer else { throw SchedError.fieldRequired("customer_name") }
        guard let startExpression = booking.start else { throw SchedError.fieldRequired("start_time") }
        var new = NewAppointment(
            customerName: try text(customerExpression, context, what: "a customer name"),
            start: context.now,
            durationMinutes: try booking.duration.map { try duration($0, context) } ?? context.defaultDurationMinutes,
            note: try booking.note.map { try text($0, context, what: "a note") },
            email: try booking.email.map { try text($0, context, what: "an email address") }
        )
        // Fields are checked before the time is read, so a bad name outranks a time in a DST gap.
        _ = try AppointmentRules.validated(new)
        new.start = try instant(startExpression, context)
        return new
    }

    func reschedule(_ ref: WrittenValue, to: WrittenValue, duration: WrittenValue?) throws -> Value {
        .appointment(try perform(RescheduleAppointment { context in
            try self.rescheduling(ref, to: to, duration: duration, context)
        }))
    }

    func rescheduling(_ ref: WrittenValue, to: WrittenValue, duration: WrittenValue?,
                              _ context: Moment) throws -> RescheduleAppointment.Request {
        let target = try reference(ref, context)
        let minutes = try duration.map { try self.duration($0, context) }
        if let minutes {
            _ = try pointing(at: FieldSources(durationMinutes: duration)) {
                try AppointmentRules.validated(AppointmentChanges(durationMinutes: minutes))
            }
        }
        return .init(appointment: target, start: try instant(to, context), durationMinutes: minutes)
    }

    func update(_ ref: WrittenValue, _ clauses: UpdateClauses) throws -> Value {
        try pointing(at: FieldSources(customerName: clauses.name, durationMinutes: clauses.duration,
                                      note: clauses.note, email: clauses.email)) {
            .appointment(try perform(UpdateAppointment { try self.changes(ref, clauses, $0) }))
        }
    }

    func changes(_ ref: WrittenValue, _ clauses: UpdateClauses,
                         _ context: Moment) throws -> (AppointmentRef, AppointmentChanges) {
        let target = try reference(ref, context)
        var changes = AppointmentChanges(
            customerName: try clauses.name.map { try text($0, context, what: "a customer name") },
            durationMinutes: try clauses.duration.map { try duration($0, context) },
            note: try clauses.note.map { try text($0, context, what: "a note") },
            email: try clauses.email.map { try text($0, context, what: "an email address") }
        )
        _ = try AppointmentRules.validated(changes)
        changes.start = try clauses.start.map { try instant($0, context) }
        return (target, changes)
    }

    /// Runs `body`, pointing a field's validation error at the clause that gave the field.
    func pointing<T>(at fields: FieldSources, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SchedError {
            let field = error == .durationNotPositive ? "duration_minutes"
                : error.message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            if error.kind == .validation || error == .durationNotPositive, let expression = fields[field] {
                throw RuntimeFailure(error, at: expression.range)
            }
            throw error
        }
    }

    func upcoming(_ limit: WrittenValue?) throws -> Value {
        let found = try perform(UpcomingAppointments { context in
            let count = try limit.map { try self.number($0, context) }
            if let count, count < 1 {
                throw RuntimeFailure(.fieldRange("limit", "1", String(Lexer.largestInteger)), at: limit?.range)
            }
            return count
        })
        return .list(found.map(Value.appointment))
    }
}

/// The expressions a statement gave its fields, so that a validation error can point at the
/// one it names. A struct, not a dictionary: every booking builds one, and almost none is read.
struct FieldSources {
    var customerName: WrittenValue?
    var durationMinutes: WrittenValue?
    var note: WrittenValue?
    var email: WrittenValue?

    init(customerName: WrittenValue? = nil, durationMinutes: WrittenValue? = nil,
         note: WrittenValue? = nil, email: WrittenValue? = nil) {
        self.customerName = customerName
        self.durationMinutes = durationMinutes
        self.note = note
        self.email = email
    }

    /// The expression for a field's name as errors spell it (`customer_name`), if one was given.
    subscript(field: String) -> WrittenValue? {
        switch field {
        case "customer_name": customerName
        case "duration_minutes": durationMinutes
        case "note": note
        case "email": email
        default: nil
        }
    }
}
