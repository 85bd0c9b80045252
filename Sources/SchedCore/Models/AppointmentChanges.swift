import Foundation

/// The fields an `update` changes; nil leaves a field as it is, an empty note or email clears it.
public struct AppointmentChanges: Sendable, Hashable {
    public var customerName: String?
    public var start: Date?
    public var durationMinutes: Int?
    public var note: String?
    public var email: String?

    public init(
        customerName: String? = nil, start: Date? = nil, durationMinutes: Int? = nil,
        note: String? = nil, email: String? = nil
    ) {
        self.customerName = customerName
        self.start = start
        self.durationMinutes = durationMinutes
        self.note = note
        self.email = email
    }

    /// True when the change moves the appointment or changes its length.
    var touchesTime: Bool {
        start != nil || durationMinutes != nil
    }
}
