import CalCom
import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Renders an `Outcome` for people (lines) and for `--json` (an object), in the home zone.
struct OutcomeReport {
    let zone: HomeZone

    func report(_ outcome: Outcome) -> Report {
        switch outcome {
        case .homeZoneSet(let zone):
            return Report(lines: ["Home time zone: \(zone.identifier)"], json: .object([("timezone", .string(zone.identifier))]))
        case .defaultDurationSet(let minutes):
            return Report(lines: ["Default duration: \(HumanFormat.duration(minutes))"],
                          json: .object([("default_duration_minutes", .number(minutes))]))
        case .userCreated(let user, let database):
            var fields: [(String, JSONValue)] = [("created_user", .string(user))]
            if let database { fields.append(("database", .string(database))) }
            return Report(lines: ["Created user \(user)" + (database.map { " in \($0)" } ?? "")], json: .object(fields))
        case .userCreatedAndLoggedIn(let user, let expiresAt, let zone):
            return Report(
                lines: ["Created user \(user); logged in until \(HumanFormat.moment(expiresAt, zone: zone))"],
                json: .object([("created_user", .string(user)), ("user", .string(user)),
                               ("expires_at", .string(zone.iso8601(expiresAt)))]))
        case .loggedIn(let user, let expiresAt, let zone):
            return Report(lines: ["Logged in as \(user) until \(HumanFormat.moment(expiresAt, zone: zone))"],
                          json: .object([("user", .string(user)), ("expires_at", .string(zone.iso8601(expiresAt)))]))
        case .loggedOut(let wasLoggedIn):
            return Report(lines: [wasLoggedIn ? "Logged out" : "not logged in"], json: .object([("logged_out", .bool(wasLoggedIn))]))
        case .currentUser(let name, let database):
            // The name first and alone: `let me = whoami` and `expect` read that line.
            return Report(lines: [name ?? "not logged in"] + (database.map { ["database: \($0)"] } ?? []),
                          json: .object([("user", name.map(JSONValue.string) ?? .null)]
                                        + (database.map { [("database", JSONValue.string($0))] } ?? [])))
        case .backedUp(let database, let file):
            return Report(lines: ["Backed up \(database) to \(file)"],
                          json: .object([("database", .string(database)), ("backup", .string(file))]))
        case .copied(let source, let target, let rows):
            let count = { (table: String, one: String, many: String) in
                let count = rows[table] ?? 0
                return "\(count) \(count == 1 ? one : many)"
            }
            let summary = [count("appointments", "appointment", "appointments"), count("series", "series", "series"),
                           count("journal", "journal entry", "journal entries")].joined(separator: ", ")
            return Report(lines: ["Copied \(source) to \(target): \(summary)"],
                          json: .object([("from", .string(source)), ("to", .string(target)),
                                         ("rows", .object(rows.keys.sorted().map { ($0, .number(rows[$0] ?? 0)) }))]))
        case .calcomConnected(let report, let key):
            return connected(report, key: key)
        case .calcomStatus(let status, let environment):
            return calcomStatus(status, environment)
        case .calcomDisconnected(let report):
            var line = "Disconnected from Cal.com (\(report.connection.account.username))"
            if report.droppedEntries > 0 {
                line += "; \(Self.count(report.droppedEntries, "queued change")) dropped"
            }
            return Report(lines: [line], json: .object([
                ("connected", .bool(false)),
                ("dropped", .number(report.droppedEntries)),
            ]))
        case .pushed(let report):
            return pushed(report)
        case .pulled(let report):
            return pulled(report)
        case .synced(let push, let pull):
            let pushed = pushed(push)
            let pulled = pulled(pull)
            return Report(lines: pushed.lines + pulled.lines, json: .object([("push", pushed.json), ("pull", pulled.json)]))
        case .workingHoursSent(let report):
            let schedule = report.schedule
            let content = schedule.content
            let line = "Working hours sent to Cal.com schedule \(schedule.id) (\(schedule.name), \(content.timeZone)): "
                + "\(Self.count(content.weekly.count, "weekly row")), \(Self.count(content.overrides.count, "override"))"
            let rules = report.rules
            let sent = "Booking rules sent to event type \(report.eventTypeID): buffers \(HumanFormat.duration(rules.beforeEventBuffer))"
                + " before, \(HumanFormat.duration(rules.afterEventBuffer)) after; notice \(HumanFormat.duration(rules.minimumBookingNotice))"
                + "; slot interval \(HumanFormat.duration(rules.slotInterval)); per day \(rules.perDay.map(String.init) ?? "no limit")"
                + ", per week \(rules.perWeek.map(String.init) ?? "no limit"); window "
                + (rules.windowDays.map { "\($0) days" } ?? "none")
            func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.number) ?? .null }
            return Report(lines: [line, sent] + report.differences.map { "note: " + $0 }, json: .object([
                ("schedule_id", .number(schedule.id)),
                ("time_zone", .string(content.timeZone)),
                ("weekly_rows", .number(content.weekly.count)),
                ("overrides", .number(content.overrides.count)),
                ("event_type_id", .number(report.eventTypeID)),
                ("rules", .object([
                    ("before_event_buffer", .number(rules.beforeEventBuffer)), ("after_event_buffer", .number(rules.afterEventBuffer)),
                    ("minimum_booking_notice", .number(rules.minimumBookingNotice)), ("slot_interval", .number(rules.slotInterval)),
                    ("limit_per_day", optional(rules.perDay)), ("limit_per_week", optional(rules.perWeek)),
                    ("booking_window_days", optional(rules.windowDays)),
                ])),
                ("differences", .array(report.differences.map(JSONValue.string))),
            ]))
        case .syncStatus(let status):
            return syncStatus(status)
        case .exported(let count, let file):
            return Report(lines: ["Exported \(count) appointment\(count == 1 ? "" : "s") to \(file)"],
                          json: .object([("exported", .number(count)), ("file", .string(file))]))
        case .imported(let report):
            return report.report(zone: zone)
        case .undone(let entries, let zone):
            return Report(lines: entries.map { "Undid change \($0.id): \(Self.text($0))" },
                          json: .object([("undone", .array(entries.map { Self.json($0, zone: zone) }))]))
        case .redone(let entry, let zone):
            return Report(lines: ["Redid change \(entry.id): \(Self.text(entry))"],
                          json: .object([("redone", Self.json(entry, zone: zone))]))
        case .history(let entries, let zone):
            return history(entries, zone: zone)
        case .ruleSet(let name, let limits):
            let row = Self.ruleRows(limits).first { $0.name == name }
            return Report(lines: ["\(name.prefix(1).uppercased() + name.dropFirst()): \(row?.text ?? "none")"],
                          json: Self.rulesJSON(limits))
        case .settings(let zone, let minutes, let limits):
            let rows = [("time zone", zone.identifier), ("default duration", HumanFormat.duration(minutes))]
                + Self.ruleRows(limits).map { ($0.name, $0.text) }
            var json: [(String, JSONValue)] = [("timezone", .string(zone.identifier)), ("default_duration_minutes", .number(minutes))]
            if case .object(let rules) = Self.rulesJSON(limits) { json += rules }
            return Report(lines: Self.lines(TextTable.render(rows.map { [$0.0, $0.1] })), json: .object(json))
        case .historyPruned(let count):
            return Report(lines: ["Removed \(count) change\(count == 1 ? "" : "s") from the history"],
                          json: .object([("pruned", .number(count))]))
        }
    }

    /// The booking rules by the names `set` gives them, as `show settings` words them.
    static func ruleRows(_ limits: BookingLimits) -> [(name: String, text: String)] {
        func minutes(_ value: Int) -> String { value == 0 ? "none" : HumanFormat.duration(value) }
        return [
            ("buffer before", minutes(limits.bufferBefore)),
            ("buffer after", minutes(limits.bufferAfter)),
            ("minimum notice", minutes(limits.minimumNotice)),
            ("slot interval", limits.slotInterval.map(HumanFormat.duration) ?? "the duration asked"),
            ("limit per day", limits.perDay.map(String.init) ?? "none"),
            ("limit per week", limits.perWeek.map(String.init) ?? "none"),
            ("booking window", limits.windowDays.map { "\($0) day\($0 == 1 ? "" : "s")" } ?? "none"),
        ]
    }

    static func rulesJSON(_ limits: BookingLimits) -> JSONValue {
        func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.number) ?? .null }
        return .object([
            ("buffer_before_minutes", .number(limits.bufferBefore)), ("buffer_after_minutes", .number(limits.bufferAfter)),
            ("minimum_notice_minutes", .number(limits.minimumNotice)), ("slot_interval_minutes", optional(limits.slotInterval)),
            ("limit_per_day", optional(limits.perDay)), ("limit_per_week", optional(limits.perWeek)),
            ("booking_window_days", optional(limits.windowDays)),
        ])
    }

    /// `history`: a change a line, newest first, with its number, time, state and statement.
    private func history(_ entries: [JournalEntry], zone: HomeZone) -> Report {
        guard !entries.isEmpty else { return Report(lines: ["No changes."], json: .array([])) }
        var rows = [["#", "When", "State", "Statement"]]
        for entry in entries {
            rows.append([String(entry.id), HumanFormat.moment(entry.at, zone: zone), entry.state.rawValue,
                         Self.text(entry)])
        }
        return Report(lines: Self.lines(TextTable.render(rows, rightAligned: [0])),
                      json: .array(entries.map { Self.json($0, zone: zone) }))
    }

    /// A rendered table's lines, without the newline that ends each.
    private static func lines(_ table: String) -> [String] {
        table.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// An entry's statement on one line, and how many more an `--atomic` run had.
    static func text(_ entry: JournalEntry) -> String {
        let line = entry.statement.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        guard entry.statements > 1 else { return line }
        return "\(line) (and \(entry.statements - 1) more in one run)"
    }

    static func json(_ entry: JournalEntry, zone: HomeZone) -> JSONValue {
        .object([
            ("id", .number(entry.id)), ("at", .string(zone.iso8601(entry.at))), ("statement", .string(entry.statement)),
            ("state", .string(entry.state.rawValue)), ("rows", .number(entry.rows)),
            ("statements", .number(entry.statements)),
        ])
    }

    private func connected(_ report: ConnectReport, key: String) -> Report {
        let connection = report.connection
        let eventType = connection.eventType
        var lines = [
            "Connected to Cal.com as \(connection.account.username) (\(connection.account.email)), key \(key)",
            "Event type \(eventType.id): \(eventType.title) (\(HumanFormat.duration(eventType.lengthInMinutes)))",
        ]
        if report.queued > 0 {
            lines.append("\(Self.count(report.queued, "appointment")) queued for Cal.com")
        }
        return Report(lines: lines, json: .object([
            ("connected", .bool(true)),
            ("username", .string(connection.account.username)),
            ("email", .string(connection.account.email)),
            ("key", .string(key)),
            ("url", .string(connection.baseURL)),
            ("event_type_id", .number(eventType.id)),
            ("event_type_title", .string(eventType.title)),
            ("event_length_minutes", .number(eventType.lengthInMinutes)),
            ("queued", .number(report.queued)),
        ]))
    }

    private func calcomStatus(_ status: SyncStatus, _ calcomEnvironment: CalcomEnvironment) -> Report {
        guard let connection = status.connection else {
            var lines = ["Cal.com: not connected"]
            if calcomEnvironment.apiKey != nil {
                lines.append("CALCOM_API_KEY is set; connect with: calcom connect event-type N")
            }
            return Report(lines: lines, json: .object([("connected", .bool(false))]))
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
            ("Last push", connection.lastPushAt.map { HumanFormat.moment($0, zone: zone) } ?? never),
            ("Last pull", connection.lastPullAt.map { HumanFormat.moment($0, zone: zone) } ?? never),
            ("Outbox", Self.outboxSummary(status)),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        let lines = ["Cal.com: connected"] + rows.map { label, value in
            "  " + label + ":" + String(repeating: " ", count: width - label.count + 1) + value
        }
        return Report(lines: lines, json: .object([
            ("connected", .bool(true)),
            ("username", .string(connection.account.username)),
            ("email", .string(connection.account.email)),
            ("key", key.map(JSONValue.string) ?? .null),
            ("key_source", .string(calcomEnvironment.apiKey != nil ? "environment" : "database")),
            ("url", .string(url)),
            ("event_type_id", .number(eventType.id)),
            ("event_type_title", .string(eventType.title)),
            ("event_length_minutes", .number(eventType.lengthInMinutes)),
            ("last_push_at", connection.lastPushAt.map { .string(zone.iso8601($0)) } ?? .null),
            ("last_pull_at", connection.lastPullAt.map { .string(zone.iso8601($0)) } ?? .null),
            ("pending", .number(status.pending.count)),
            ("failed", .number(status.failed.count)),
            ("conflicts", .number(status.conflicts.count)),
        ]))
    }

    private func pushed(_ report: PushReport) -> Report {
        Report(
            lines: ["Pushed \(Self.count(report.sent, "change")) to Cal.com"],
            json: .object([("sent", .number(report.sent)), ("remaining", .number(report.remaining))]))
    }

    private func pulled(_ report: PullReport) -> Report {
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

    private func syncStatus(_ status: SyncStatus) -> Report {
        var lines = ["Outbox: " + Self.outboxSummary(status)]
        for entry in status.entries {
            let number = status.appointmentNumbers[entry.appointmentID].map { "appointment \($0)" } ?? "appointment ?"
            var line = "  \(entry.change.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))\(number)  "
                + HumanFormat.moment(entry.start, zone: zone) + "  \(entry.state.rawValue)"
            if entry.attempts > 0 { line += ", \(Self.count(entry.attempts, "attempt"))" }
            if let next = entry.nextAttemptAt, entry.state == .pending {
                line += ", next \(HumanFormat.moment(next, zone: zone))"
            }
            if let error = entry.lastError { line += ": \(error)" }
            lines.append(line)
        }
        lines.append("Conflicts: \(status.conflicts.count)")
        for conflict in status.conflicts {
            lines.append("  \(conflict.customerName)  \(HumanFormat.span(conflict.start, conflict.end, zone: zone))"
                + "  \(conflict.reason) (Cal.com booking \(conflict.remoteUID))")
        }
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
            return "\(ErrorWriter.schedError(error).message); changes stay queued for Cal.com (see sync status)"
        }
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
