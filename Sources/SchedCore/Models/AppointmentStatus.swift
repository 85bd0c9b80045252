/// Whether an appointment still holds its time.
public enum AppointmentStatus: String, Sendable, Codable {
    case booked, cancelled
}
