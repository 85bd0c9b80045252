import Foundation

/// The data needed to book an appointment.
public struct NewAppointment: Sendable, Hashable {
    public var customerName: String
    public var start: Date
    public var durationMinutes: Int
    public var note: String?
    public var email: String?

    public init(customerName: String, start: Date, durationMinutes: Int, note: String? = nil, email: String? = nil) {
        self.customerName = customerName
        self.start = start
        self.durationMinutes = durationMinutes
        self.note = note
        self.email = email
    }
}
