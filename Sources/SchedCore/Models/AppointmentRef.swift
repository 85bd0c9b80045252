import Foundation

/// How a statement names an appointment: by its number, by its UUID, or by its customer.
public enum AppointmentRef: Sendable, Hashable, CustomStringConvertible {
    case number(Int)
    case id(UUID)
    /// The one upcoming appointment of the customer so named (`cancel "Ann"`), upcoming from
    /// the instant the statement runs at. Letter case and accents do not count; the beginnings
    /// of a name's words name it when no customer has the name whole.
    case customer(String, upcomingFrom: Date)

    /// `"12"`, the UUID in lowercase, or the name in quotes.
    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .id(let id): id.lowercasedText
        case .customer(let name, _): "\"\(name)\""
        }
    }
}
