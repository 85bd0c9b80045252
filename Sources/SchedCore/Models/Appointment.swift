import Foundation

/// A booked or cancelled appointment as stored.
public struct Appointment: Sendable, Hashable, Codable {
    public var id: UUID
    /// The short number users type (`cancel 12`); assigned once, never reused.
    public var number: Int
    public var customerName: String
    public var start: Date
    public var durationMinutes: Int
    public var note: String?
    public var email: String?
    public var status: AppointmentStatus
    public var calcomBookingUID: String?
    /// Bumped on every change after creation (reschedule, update, cancel).
    public var sequence: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The series it is an occurrence of; nil for a one-off.
    public var occurrence: Occurrence?

    public init(
        id: UUID, number: Int, customerName: String, start: Date, durationMinutes: Int,
        note: String? = nil, email: String? = nil, status: AppointmentStatus = .booked,
        calcomBookingUID: String? = nil, sequence: Int = 0, createdAt: Date, updatedAt: Date,
        occurrence: Occurrence? = nil
    ) {
        self.id = id
        self.number = number
        self.customerName = customerName
        self.start = start
        self.durationMinutes = durationMinutes
        self.note = note
        self.email = email
        self.status = status
        self.calcomBookingUID = calcomBookingUID
        self.sequence = sequence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.occurrence = occurrence
    }

    /// The instant the appointment ends (exclusive).
    public var end: Date {
        start.adding(minutes: durationMinutes)
    }
}
