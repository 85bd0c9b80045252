import Foundation
import Hummingbird
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling

/// `/api/appointments`: the seed's appointment endpoints, each one use case.
struct AppointmentController: Sendable {
    let endpoint: Endpoint

    func add(to routes: Routes) {
        routes.add(.post, "/api/appointments", create)
        routes.add(.get, "/api/appointments", list)
        routes.add(.get, "/api/appointments/:id", show)
        routes.add(.put, "/api/appointments/:id", update)
        routes.add(.delete, "/api/appointments/:id", cancel)
    }

    @Sendable func create(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let body = try await Endpoint.body(request, context)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(BookAppointment { moment in
                try Self.newAppointment(body.json(), moment)
            }, session: session, statement: { "POST /api/appointments" })
            var response = JSONResponse.make(.created, JSONRenderer(zone: done.moment.zone).json(done.output))
            response.headers[.location] = "/api/appointments/\(done.output.id.lowercasedText)"
            return response
        }
    }

    @Sendable func list(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let start = Endpoint.query(request, "start")
        let end = Endpoint.query(request, "end")
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ListAppointments { moment in
                guard start != nil || end != nil else { return nil }
                return try Self.range(start: start, end: end, moment)
            }, session: session)
            let renderer = JSONRenderer(zone: done.moment.zone)
            return JSONResponse.make(.ok, .array(done.output.map(renderer.json)))
        }
    }

    @Sendable func show(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let id = context.parameters.get("id") ?? ""
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ShowAppointment { _ in try Endpoint.appointmentRef(id) }, session: session)
            return JSONResponse.make(.ok, JSONRenderer(zone: done.moment.zone).json(done.output))
        }
    }

    @Sendable func update(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let id = context.parameters.get("id") ?? ""
        let body = try await Endpoint.body(request, context)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(UpdateAppointment { moment in
                let changes = try Self.changes(body.json(), moment)
                return (try Endpoint.appointmentRef(id), changes)
            }, session: session, statement: { "PUT /api/appointments/\(id)" })
            return JSONResponse.make(.ok, JSONRenderer(zone: done.moment.zone).json(done.output))
        }
    }

    @Sendable func cancel(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let id = context.parameters.get("id") ?? ""
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            _ = try scheduler.run(CancelAppointment { _ in try Endpoint.appointmentRef(id) }, session: session,
                                  statement: { "DELETE /api/appointments/\(id)" })
            return JSONResponse.noContent()
        }
    }

    /// `AppointmentCreate`: the seed's three fields, with note and email beside them; a missing
    /// duration is the database's default.
    static func newAppointment(_ body: JSONInput, _ moment: Moment) throws(APIError) -> NewAppointment {
        var fields = try JSONFields(body)
        let name = try fields.requiredString("customer_name")
        let start = try TimeInput.instant(fields.requiredString("start_time"), field: "start_time", zone: moment.zone)
        let minutes = try fields.optionalInteger("duration_minutes") ?? moment.defaultDurationMinutes
        let note = try fields.optionalString("note")
        let email = try fields.optionalString("email")
        try fields.finish()
        return NewAppointment(customerName: name, start: start, durationMinutes: minutes, note: note, email: email)
    }

    /// `AppointmentUpdate`: any of the fields; `null` clears a note or an email.
    static func changes(_ body: JSONInput, _ moment: Moment) throws(APIError) -> AppointmentChanges {
        var fields = try JSONFields(body)
        var changes = AppointmentChanges()
        if let name = try fields.optionalString("customer_name") {
            changes.customerName = name
        } else if fields.value("customer_name") == .null {
            throw SchedError.nameRequired.api
        }
        if let start = try fields.optionalString("start_time") {
            changes.start = try TimeInput.instant(start, field: "start_time", zone: moment.zone)
        }
        changes.durationMinutes = try fields.optionalInteger("duration_minutes")
        changes.note = try fields.optionalString("note", nullClears: true)
        changes.email = try fields.optionalString("email", nullClears: true)
        try fields.finish()
        return changes
    }

    /// The range of `?start=&end=`: either end may be left out (from now; or on without end).
    static func range(start: String?, end: String?, _ moment: Moment) throws(APIError) -> ResolvedRange {
        let from = try start.map { text throws(APIError) in
            try TimeInput.rangeEdge(text, field: "start", zone: moment.zone, isEnd: false)
        } ?? moment.now
        let through = try end.map { text throws(APIError) in
            try TimeInput.rangeEdge(text, field: "end", zone: moment.zone, isEnd: true)
        } ?? moment.zone.startOfDay(CivilDate(year: 9999, month: 12, day: 31)!)
        guard through >= from else { throw APIError.field("end", ServerMessage.endBeforeStart) }
        return ResolvedRange(start: from, end: through, zone: moment.zone)
    }
}
