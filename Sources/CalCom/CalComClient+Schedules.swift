import Foundation
import SchedCore

/// The default schedule (`cal-api-version: 2024-06-11`).
extension CalComClient {
    public func defaultSchedule() throws(RemoteCalendarError) -> RemoteSchedule {
        let call = CalComRequest.defaultSchedule
        return try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload(ScheduleOutput_2024_06_11.self, of: response, for: call).schedule
        }
    }

    /// The reply is the event type, which sched does not read further than its envelope.
    public func updateEventTypeRules(id: Int, _ rules: RemoteEventTypeRules) throws(RemoteCalendarError) {
        let call = CalComRequest.updateEventType(id: id, UpdateEventTypeRulesInput_2024_06_14(rules))
        try exchange(call) { response throws(RemoteCalendarError) in
            _ = try self.payload(EventTypeOutput_2024_06_14.self, of: response, for: call)
        }
    }

    public func replaceSchedule(id: Int, with schedule: RemoteScheduleContent) throws(RemoteCalendarError) -> RemoteSchedule {
        let call = CalComRequest.updateSchedule(id: id, UpdateScheduleInput_2024_06_11(schedule))
        return try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload(ScheduleOutput_2024_06_11.self, of: response, for: call).schedule
        }
    }
}
