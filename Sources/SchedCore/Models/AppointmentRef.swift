import Foundation

/// How a statement names an appointment: by its number or by its UUID.
public enum AppointmentRef: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case id(UUID)

    /// `"12"`, or the UUID in lowercase.
    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .id(let id): id.lowercasedText
        }
    }
}
