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
        return .outcome(.calcomConnected(report, key: APIKey.masked(key)))
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
    private func keyFromFile(_ path: WrittenValue, _ context: Moment) throws -> String {
        let name = try text(path, context, what: "a file name")
        do {
            return String(decoding: try FileContents.read(path: name, limit: 64 * 1024), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw RuntimeFailure(.fileUnreadable(name, reason: error.reason), at: path.range)
        }
    }

    func calcomStatus() throws -> Value {
        .outcome(.calcomStatus(try perform(SyncState()), environment: scheduler.calcom.environment))
    }

    func calcomDisconnect() throws -> Value {
        .outcome(.calcomDisconnected(try perform(DisconnectCalcom())))
    }

    func calcomSlots(_ dateExpression: WrittenValue, _ durationExpression: WrittenValue?) throws -> Value {
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
            let pushed = try push()
            return .outcome(.synced(pushed, try perform(PullFromCalcom { _ in nil })))
        case .push:
            return .outcome(.pushed(try push()))
        case .pull(let range):
            return .outcome(.pulled(try perform(PullFromCalcom { context in
                try range.map { try self.boundedRange($0, context) }
            })))
        case .availability:
            return .outcome(.workingHoursSent(try perform(PushWorkingHours())))
        case .status:
            return .outcome(.syncStatus(try perform(SyncState())))
        }
    }

    /// `sync push`: every queued change, refused ones and those waiting for their next
    /// attempt included; fails when any change is still queued afterwards.
    private func push() throws -> PushReport {
        let report = try perform(PushToCalcom())
        if let error = report.lastError, report.remaining > 0 {
            throw SchedError.pushLeftChangesQueued(error, remaining: report.remaining)
        }
        return report
    }
}
