import Foundation
import SchedCore

/// One date of `agenda`: its working hours, the bookings that start on it, and the free gaps.
public struct AgendaDay: Sendable, Equatable {
    public var date: CivilDate
    public var windows: [TimeWindow]
    /// True when a date override, not the weekly schedule, supplies the windows.
    public var isOverride: Bool
    /// Booked appointments starting on the date, soonest first, inside working hours or not.
    public var appointments: [Appointment]
    /// The parts of the windows no booking covers, past parts of today included.
    public var free: [TimeSlot]

    public init(date: CivilDate, windows: [TimeWindow], isOverride: Bool, appointments: [Appointment], free: [TimeSlot]) {
        self.date = date
        self.windows = windows
        self.isOverride = isOverride
        self.appointments = appointments
        self.free = free
    }
}
