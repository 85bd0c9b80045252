import Foundation
import SchedCore

/// The account, its event types and their free slots.
extension CalComClient {
    public func account() throws(RemoteCalendarError) -> RemoteAccount {
        let call = CalComRequest.me
        return try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload(MeOutput.self, of: response, for: call).account
        }
    }

    public func eventType(id: Int, username: String) throws(RemoteCalendarError) -> RemoteEventType? {
        let call = CalComRequest.eventTypes(username: username)
        let eventTypes = try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload([EventTypeOutput_2024_06_14].self, of: response, for: call)
        }
        return eventTypes.first { $0.id == id }?.eventType
    }

    public func slots(eventTypeID: Int, from: Date, to: Date, zone: String, durationMinutes: Int?)
        throws(RemoteCalendarError) -> [Date] {
        let call = CalComRequest.slots(eventTypeID: eventTypeID, start: from, end: to, timeZone: zone,
                                       duration: durationMinutes)
        let output = try exchange(call) { response throws(RemoteCalendarError) in
            try self.payload(SlotsOutput_2024_09_04.self, of: response, for: call)
        }
        return output.starts.filter { $0 >= from && $0 < to }
    }
}
