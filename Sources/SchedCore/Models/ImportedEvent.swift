import Foundation

/// What sched keeps of a calendar event it imported as an appointment: its UID, which a later
/// import recognises and an export writes again, and the attendee its email came from.
public struct ImportedEvent: Sendable, Equatable {
    public var uid: String
    /// The address of the ATTENDEE the appointment's email came from, as imported.
    public var attendeeEmail: String?
    /// That attendee's CN; nil when it had none.
    public var attendeeName: String?

    public init(uid: String, attendeeEmail: String? = nil, attendeeName: String? = nil) {
        self.uid = uid
        self.attendeeEmail = attendeeEmail
        self.attendeeName = attendeeName
    }
}
