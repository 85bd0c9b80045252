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

    public func replaceSchedule(id: Int, with schedule: RemoteScheduleContent) throws(RemoteCalendarError) -> RemoteSchedule {
        let call = CalComRequest.updateSchedule(id: id, UpdateScheduleInput_2024_06_11(schedule))
        return try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload(ScheduleOutput_2024_06_11.self, of: response, for: call).schedule
        }
    }
}
