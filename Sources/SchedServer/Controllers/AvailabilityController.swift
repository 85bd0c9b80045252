import Foundation
import Hummingbird
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling

/// `/api/availability` (the seed's), and beside it on the same services: date overrides, slots,
/// the calendar week and the settings a client shows times by.
struct AvailabilityController: Sendable {
    let endpoint: Endpoint
    /// The most days one request may span: a year, as far as a person plans.
    static let longestRange = 366

    func add(to routes: Routes) {
        routes.add(.get, "/api/availability", availability)
        routes.add(.put, "/api/availability", replaceWeekly)
        routes.add(.get, "/api/availability/weekly", weekly)
        routes.add(.get, "/api/availability/overrides", overrides)
        routes.add(.put, "/api/availability/overrides/:date", setOverride)
        routes.add(.get, "/api/slots", slots)
        routes.add(.get, "/api/calendar/week", calendarWeek)
        routes.add(.get, "/api/settings", settings)
    }

    @Sendable func availability(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let start = Endpoint.query(request, "start")
        let end = Endpoint.query(request, "end")
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ShowWorkingHours { moment in
                let (first, last) = try Self.dates(start: start, end: end, today: moment.today)
                return ResolvedRange(from: first, through: last, zone: moment.zone)
            }, session: session)
            guard case .days(let days) = done.output else { return JSONResponse.make(.ok, .array([])) }
            let renderer = JSONRenderer(zone: done.moment.zone)
            return JSONResponse.make(.ok, .array(days.flatMap { $0.slots.map(renderer.json) }))
        }
    }

    @Sendable func weekly(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ShowWorkingHours { _ in nil }, session: session)
            guard case .weekly(let windows, _) = done.output else { return JSONResponse.make(.ok, .array([])) }
            return JSONResponse.make(.ok, .array(windows.map(Self.json)))
        }
    }

    @Sendable func replaceWeekly(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let body = try await Endpoint.body(request, context)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ReplaceWeeklyHours { _ in
                try Self.weeklyWindows(body.json())
            }, session: session, statement: { "PUT /api/availability" })
            return JSONResponse.make(.ok, .array(done.output.map(Self.json)))
        }
    }

    @Sendable func overrides(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let start = Endpoint.query(request, "start")
        let end = Endpoint.query(request, "end")
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ListOverrides { moment in
                try Self.dates(start: start, end: end, today: moment.today)
            }, session: session)
            let renderer = JSONRenderer(zone: done.moment.zone)
            return JSONResponse.make(.ok, .array(done.output.map(renderer.json)))
        }
    }

    @Sendable func setOverride(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let dateText = context.parameters.get("date") ?? ""
        let body = try await Endpoint.body(request, context)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(SetWorkingHours { _ in
                let date = try TimeInput.date(dateText, field: "date")
                var fields = try JSONFields(body.json())
                let windows = try Self.windows(fields.required("windows"), field: "windows")
                try fields.finish()
                return (.date(date), windows)
            }, session: session, statement: { "PUT /api/availability/overrides/\(dateText)" })
            guard case .override(let override) = done.output, let override else {
                return JSONResponse.make(.ok, .null)
            }
            return JSONResponse.make(.ok, JSONRenderer(zone: done.moment.zone).json(override))
        }
    }

    @Sendable func slots(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let dateText = Endpoint.query(request, "date")
        let durationText = Endpoint.query(request, "duration")
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(FindSlots { moment in
                let date = try dateText.map { text throws(APIError) in try TimeInput.date(text, field: "date") } ?? moment.today
                var minutes = moment.defaultDurationMinutes
                if let durationText {
                    guard let number = Int(durationText) else { throw APIError.field("duration", ServerMessage.mustBeInteger) }
                    minutes = number
                }
                return FindSlots.Request(range: ResolvedRange(from: date, through: date, zone: moment.zone),
                                         durationMinutes: minutes, everyMinutes: nil)
            }, session: session)
            let zone = done.moment.zone
            return JSONResponse.make(.ok, .array(done.output.map { slot in
                .object([("start_time", .string(zone.iso8601(slot.start))), ("end_time", .string(zone.iso8601(slot.end)))])
            }))
        }
    }

    @Sendable func calendarWeek(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        let dateText = Endpoint.query(request, "date")
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ShowCalendar { moment in
                let date = try dateText.map { text throws(APIError) in try TimeInput.date(text, field: "date") } ?? moment.today
                return CalendarGrid.dates(.week, holding: date)
            }, session: session)
            let grid = CalendarGrid(span: .week, days: done.output.days, runningIn: done.output.runningIn,
                                    today: done.moment.today, now: done.moment.now)
            return JSONResponse.make(.ok, JSONRenderer(zone: done.moment.zone).json(.calendar(grid)))
        }
    }

    @Sendable func settings(_ request: Request, context: ServerContext) async throws -> Response {
        let session = Endpoint.session(request)
        return try await endpoint.blocking { [scheduler = endpoint.scheduler] in
            let done = try scheduler.run(ShowSettings(), session: session)
            return JSONResponse.make(.ok, .object([
                ("time_zone", .string(done.moment.zone.identifier)),
                ("default_duration_minutes", .number(done.moment.defaultDurationMinutes)),
            ]))
        }
    }

    /// The dates of `?start=&end=`, both included; a week from today without them.
    static func dates(start: String?, end: String?, today: CivilDate) throws(APIError) -> (CivilDate, CivilDate) {
        let first = try start.map { text throws(APIError) in try TimeInput.date(text, field: "start") } ?? today
        let last = try end.map { text throws(APIError) in try TimeInput.date(text, field: "end") } ?? first.adding(days: 6)
        guard last >= first else { throw APIError.field("end", ServerMessage.endBeforeStart) }
        guard last.daysSinceEpoch - first.daysSinceEpoch < longestRange else {
            throw APIError.field("end", ServerMessage.rangeTooLong(days: longestRange))
        }
        return (first, last)
    }

    /// `[AvailabilityUpdate]`: `day_of_week` counted as Python's `date.weekday()` (0 = Monday).
    static func weeklyWindows(_ body: JSONInput) throws(APIError) -> [WeeklyWindow] {
        guard case .array(let items) = body else { throw APIError(.badRequest, ServerMessage.bodyNotArray) }
        var windows: [WeeklyWindow] = []
        for (index, item) in items.enumerated() {
            var fields = try JSONFields(item, prefix: "[\(index)].")
            let number = try fields.requiredInteger("day_of_week")
            guard (0...6).contains(number), let day = Weekday(rawValue: number + 1) else {
                throw SchedError.fieldRange("[\(index)].day_of_week", "0", "6").api
            }
            let window = try Self.window(&fields, prefix: "[\(index)].")
            try fields.finish()
            windows.append(WeeklyWindow(day: day, window: window))
        }
        return windows
    }

    static func windows(_ value: JSONInput, field: String) throws(APIError) -> [TimeWindow] {
        guard case .array(let items) = value else { throw APIError.field(field, ServerMessage.mustBeArray) }
        var windows: [TimeWindow] = []
        for (index, item) in items.enumerated() {
            var fields = try JSONFields(item, prefix: "\(field)[\(index)].")
            windows.append(try window(&fields, prefix: "\(field)[\(index)]."))
            try fields.finish()
        }
        return windows
    }

    private static func window(_ fields: inout JSONFields, prefix: String) throws(APIError) -> TimeWindow {
        let start = try TimeInput.clock(fields.requiredString("start_time"), field: prefix + "start_time", allowsEndOfDay: false)
        let end = try TimeInput.clock(fields.requiredString("end_time"), field: prefix + "end_time", allowsEndOfDay: true)
        return TimeWindow(start: start, end: end)
    }

    static func json(_ entry: WeeklyWindow) -> JSONValue {
        .object([
            ("day_of_week", .number(entry.day.rawValue - 1)),
            ("start_time", .string(HumanFormat.clock(entry.window.start))),
            ("end_time", .string(HumanFormat.windowEnd(entry.window))),
        ])
    }
}
