import CalCom
import Foundation
import SchedCore
import SchedLang
import Scheduling

/// `calcom connect|status|disconnect|slots` and `sync`.
extension Interpreter {
    func calcomConnect(_ clauses: CalcomConnectClauses) throws -> Value {
        var key = ""
        let report = try perform(ConnectCalcom { context in
            let request = try self.connection(clauses, context)
            key = request.apiKey
            return request
        })
        let connection = report.connection
        let eventType = connection.eventType
        var lines = [
            "Connected to Cal.com as \(connection.account.username) (\(connection.account.email)), key \(APIKey.masked(key))",
            "Event type \(eventType.id): \(eventType.title) (\(HumanFormat.duration(eventType.lengthInMinutes)))",
        ]
        if report.queued > 0 {
            lines.append("\(Self.count(report.queued, "appointment")) queued for Cal.com")
        }
        return .report(Report(lines: lines, json: .object([
            ("connected", .bool(true)),
            ("username", .string(connection.account.username)),
            ("email", .string(connection.account.email)),
            ("key", .string(APIKey.masked(key))),
            ("url", .string(connection.baseURL)),
            ("event_type_id", .number(eventType.id)),
            ("event_type_title", .string(eventType.title)),
            ("event_length_minutes", .number(eventType.lengthInMinutes)),
            ("queued", .number(report.queued)),
        ])))
    }

    /// The address, key and event type `calcom connect` names, checked.
    private func connection(_ clauses: CalcomConnectClauses, _ context: Moment) throws -> ConnectCalcom.Request {
        let calcomEnvironment = scheduler.calcom.environment
        // A key written, or read from its file, is saved; one from the environment is not.
        var statedKey = try clauses.key.map { try text($0, context, what: "an API key") }
        if let file = clauses.keyFile { statedKey = try keyFromFile(file, context) }
        if statedKey == nil, calcomEnvironment.apiKey == nil { statedKey = keyPrompt?() }
        guard let key = statedKey ?? calcomEnvironment.apiKey, !key.isEmpty else { throw SchedError.calcomKeyRequired }
        guard key.hasPrefix("cal_"), key.count >= 8, !key.contains(where: \.isWhitespace) else {
            throw RuntimeFailure(.calcomKeyMalformed, at: clauses.key?.range ?? clauses.keyFile?.range)
        }
        guard let eventTypeExpression = clauses.eventType else { throw SchedError.calcomEventTypeRequired }
        let eventTypeID = try number(eventTypeExpression, context)
        guard eventTypeID > 0 else { throw RuntimeFailure(.calcomEventTypeInvalid, at: eventTypeExpression.range) }
        let statedURL = try clauses.url.map { try text($0, context, what: "an address") }
        if mode == .test && statedURL == nil && calcomEnvironment.baseURL == nil {
            throw SchedError.calcomTestNeedsAddress
        }
        let address = statedURL ?? calcomEnvironment.baseURL ?? CalcomEndpoint.defaultBaseURL
        guard let url = CalcomEndpoint.validURL(address) else {
            throw RuntimeFailure(.calcomURLInvalid, at: clauses.url?.range)
        }
        return .init(baseURL: url, apiKey: key, savesKey: statedKey != nil, eventTypeID: eventTypeID)
    }

    /// The text of the file `key file` names, without the blanks and line break around it.
    private func keyFromFile(_ path: SchedLang.Expression, _ context: Moment) throws -> String {
        let name = try text(path, context, what: "a file name")
        do {
            return String(decoding: try FileContents.read(path: name, limit: 64 * 1024), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw RuntimeFailure(.fileUnreadable(name, reason: error.reason), at: path.range)
        }
    }

    func calcomStatus() throws -> Value {
        let done = try performTimed(SyncState())
        let status = done.output
        let context = done.moment
        let calcomEnvironment = scheduler.calcom.environment
        guard let connection = status.connection else {
            var lines = ["Cal.com: not connected"]
            if calcomEnvironment.apiKey != nil {
                lines.append("CALCOM_API_KEY is set; connect with: calcom connect event-type N")
            }
            return .report(Report(lines: lines, json: .object([("connected", .bool(false))])))
        }
        let key = (calcomEnvironment.apiKey ?? connection.apiKey).map(APIKey.masked)
        let keySource = calcomEnvironment.apiKey != nil ? " (from CALCOM_API_KEY)" : ""
        let url = calcomEnvironment.baseURL ?? connection.baseURL
        let eventType = connection.eventType
        let never = "never"
        let rows: [(String, String)] = [
            ("Account", "\(connection.account.username) (\(connection.account.email))"),
            ("Key", (key ?? "none saved; set CALCOM_API_KEY") + keySource),
            ("Address", url + (calcomEnvironment.baseURL != nil ? " (from CALCOM_API_URL)" : "")),
            ("Event type", "\(eventType.id): \(eventType.title) (\(HumanFormat.duration(eventType.lengthInMinutes)))"),
            ("Last push", connection.lastPushAt.map { HumanFormat.moment($0, zone: context.zone) } ?? never),
            ("Last pull", connection.lastPullAt.map { HumanFormat.moment($0, zone: context.zone) } ?? never),
            ("Outbox", Self.outboxSummary(status)),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        let lines = ["Cal.com: connected"] + rows.map { label, value in
            "  " + label + ":" + String(repeating: " ", count: width - label.count + 1) + value
        }
        let json = JSONRenderer(zone: context.zone)
        return .report(Report(lines: lines, json: .object([
            ("connected", .bool(true)),
            ("username", .string(connection.account.username)),
            ("email", .string(connection.account.email)),
            ("key", key.map(JSONValue.string) ?? .null),
            ("key_source", .string(calcomEnvironment.apiKey != nil ? "environment" : "database")),
            ("url", .string(url)),
            ("event_type_id", .number(eventType.id)),
            ("event_type_title", .string(eventType.title)),
            ("event_length_minutes", .number(eventType.lengthInMinutes)),
            ("last_push_at", connection.lastPushAt.map { .string(json.zone.iso8601($0)) } ?? .null),
            ("last_pull_at", connection.lastPullAt.map { .string(json.zone.iso8601($0)) } ?? .null),
            ("pending", .number(status.pending.count)),
            ("failed", .number(status.failed.count)),
            ("conflicts", .number(status.conflicts.count)),
        ])))
    }

    func calcomDisconnect() throws -> Value {
        let report = try perform(DisconnectCalcom())
        var line = "Disconnected from Cal.com (\(report.connection.account.username))"
        if report.droppedEntries > 0 {
            line += "; \(Self.count(report.droppedEntries, "queued change")) dropped"
        }
        return .report(Report(lines: [line], json: .object([
            ("connected", .bool(false)),
            ("dropped", .number(report.droppedEntries)),
        ])))
    }

    func calcomSlots(_ dateExpression: SchedLang.Expression, _ durationExpression: SchedLang.Expression?) throws -> Value {
        let slots = try perform(CalcomSlots { context in
            let date = try self.date(dateExpression, context)
            let minutes = try durationExpression.map { try self.duration($0, context) }
            if let minutes, let durationExpression, minutes < 1 || minutes > 1440 {
                throw RuntimeFailure(.fieldRange("duration_minutes", "1", "1440"), at: durationExpression.range)
            }
            return (date, minutes)
        })
        return .list(slots.map(Value.slot))
    }

    func sync(_ action: SyncAction) throws -> Value {
        switch action {
        case .all:
            let pushed = try pushStatement()
            let pulled = try pullStatement(nil)
            return .report(Report(lines: pushed.lines + pulled.lines,
                                  json: .object([("push", pushed.json), ("pull", pulled.json)])))
        case .push:
            return .report(try pushStatement())
        case .pull(let range):
            return .report(try pullStatement(range))
        case .availability:
            let report = try perform(PushWorkingHours())
            let schedule = report.schedule
            let content = schedule.content
            let line = "Working hours sent to Cal.com schedule \(schedule.id) (\(schedule.name), \(content.timeZone)): "
                + "\(Self.count(content.weekly.count, "weekly row")), \(Self.count(content.overrides.count, "override"))"
            return .report(Report(lines: [line], json: .object([
                ("schedule_id", .number(schedule.id)),
                ("time_zone", .string(content.timeZone)),
                ("weekly_rows", .number(content.weekly.count)),
                ("overrides", .number(content.overrides.count)),
            ])))
        case .status:
            let done = try performTimed(SyncState())
            return .report(syncStatusReport(done.output, done.moment))
        }
    }

    /// `sync push`: every queued change, refused ones and those waiting for their next
    /// attempt included; fails when any change is still queued afterwards.
    private func pushStatement() throws -> Report {
        let report = try perform(PushToCalcom())
        if let error = report.lastError, report.remaining > 0 {
            throw SchedError(error.kind, error.message + "; \(Self.count(report.remaining, "change")) still queued")
        }
        return Report(
            lines: ["Pushed \(Self.count(report.sent, "change")) to Cal.com"],
            json: .object([("sent", .number(report.sent)), ("remaining", .number(report.remaining))]))
    }

    /// `sync pull [RANGE]`: the default range is from now for 90 days.
    private func pullStatement(_ range: DateRangeExpression?) throws -> Report {
        let report = try perform(PullFromCalcom { context in try range.map { try self.boundedRange($0, context) } })
        let line = "Pulled \(Self.count(report.read, "booking")) from Cal.com: \(report.imported) imported, "
            + "\(report.updated) moved, \(report.cancelled) cancelled, \(Self.count(report.conflicts, "conflict"))"
        return Report(lines: [line], json: .object([
            ("read", .number(report.read)),
            ("imported", .number(report.imported)),
            ("moved", .number(report.updated)),
            ("cancelled", .number(report.cancelled)),
            ("linked", .number(report.linked)),
            ("conflicts", .number(report.conflicts)),
        ]))
    }

    /// The client for the saved connection, with the environment's overrides.
    /// The warning for a push after a commit that left changes queued; nil when none is due.
    static func pushWarning(_ outcome: PushOutcome, zone: HomeZone) -> String? {
        switch outcome {
        case .notConnected, .nothingToSend, .sent:
            return nil
        case .leftQueued(let error, let remaining):
            return "\(error.message); \(count(remaining, "change")) queued for Cal.com (see sync status)"
        case .waiting(let until, let remaining):
            return "Cal.com sync is waiting after an error until \(HumanFormat.moment(until, zone: zone)); "
                + "\(count(remaining, "change")) queued (see sync status)"
        case .failed(let error):
            return "\(ScriptRunner.schedError(error).message); changes stay queued for Cal.com (see sync status)"
        }
    }

    private func syncStatusReport(_ status: SyncStatus, _ context: Moment) -> Report {
        var lines = ["Outbox: " + Self.outboxSummary(status)]
        for entry in status.entries {
            let number = status.appointmentNumbers[entry.appointmentID].map { "appointment \($0)" } ?? "appointment ?"
            var line = "  \(entry.change.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(number)  "
                + HumanFormat.moment(entry.start, zone: context.zone) + "  \(entry.state.rawValue)"
            if entry.attempts > 0 { line += ", \(Self.count(entry.attempts, "attempt"))" }
            if let next = entry.nextAttemptAt, entry.state == .pending {
                line += ", next \(HumanFormat.moment(next, zone: context.zone))"
            }
            if let error = entry.lastError { line += ": \(error)" }
            lines.append(line)
        }
        lines.append("Conflicts: \(status.conflicts.count)")
        for conflict in status.conflicts {
            lines.append("  \(conflict.customerName)  \(HumanFormat.span(conflict.start, conflict.end, zone: context.zone))"
                + "  \(conflict.reason) (Cal.com booking \(conflict.remoteUID))")
        }
        let zone = context.zone
        return Report(lines: lines, json: .object([
            ("connected", .bool(status.connection != nil)),
            ("entries", .array(status.entries.map { entry in
                .object([
                    ("id", .number(entry.id)),
                    ("appointment_id", .string(entry.appointmentID.lowercasedText)),
                    ("appointment_number", status.appointmentNumbers[entry.appointmentID].map(JSONValue.number) ?? .null),
                    ("change", .string(entry.change.rawValue)),
                    ("start_time", .string(zone.iso8601(entry.start))),
                    ("duration_minutes", .number(entry.durationMinutes)),
                    ("state", .string(entry.state.rawValue)),
                    ("attempts", .number(entry.attempts)),
                    ("next_attempt_at", entry.nextAttemptAt.map { .string(zone.iso8601($0)) } ?? .null),
                    ("last_error", entry.lastError.map(JSONValue.string) ?? .null),
                ])
            })),
            ("conflicts", .array(status.conflicts.map { conflict in
                .object([
                    ("calcom_booking_uid", .string(conflict.remoteUID)),
                    ("customer_name", .string(conflict.customerName)),
                    ("email", conflict.email.map(JSONValue.string) ?? .null),
                    ("start_time", .string(zone.iso8601(conflict.start))),
                    ("end_time", .string(zone.iso8601(conflict.end))),
                    ("duration_minutes", .number(conflict.durationMinutes)),
                    ("appointment_number", conflict.appointmentID.flatMap { status.appointmentNumbers[$0] }
                        .map(JSONValue.number) ?? .null),
                    ("reason", .string(conflict.reason)),
                ])
            })),
        ]))
    }

    private static func outboxSummary(_ status: SyncStatus) -> String {
        "\(status.pending.count) pending, \(status.failed.count) failed; \(count(status.conflicts.count, "conflict"))"
    }

    /// `1 change`, `3 changes`.
    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
