import Foundation

/// What `find` looks for: appointments with every word of a text at the start of a word of
/// their customer name, note or email, letter case and accents aside.
public struct AppointmentSearch: Sendable, Equatable {
    /// The words looked for, as `SearchText.words` cut them; never empty.
    public var words: [String]
    /// Whether only customer names are searched (naming an appointment by its customer).
    public var namesOnly: Bool
    public var from: Date?
    public var before: Date?
    public var status: AppointmentStatusFilter
    public var limit: Int?

    public init(words: [String], namesOnly: Bool = false, from: Date? = nil, before: Date? = nil,
                status: AppointmentStatusFilter = .booked, limit: Int? = nil) {
        self.words = words
        self.namesOnly = namesOnly
        self.from = from
        self.before = before
        self.status = status
        self.limit = limit
    }
}

/// Which appointments a listing or search takes by their status.
public enum AppointmentStatusFilter: Sendable, Equatable {
    case booked
    case cancelled
    case any

    /// The `status` column values it takes, as every store keeps them.
    public var storedStatuses: [String] {
        switch self {
        case .booked: [AppointmentStatus.booked.rawValue]
        case .cancelled: [AppointmentStatus.cancelled.rawValue]
        case .any: [AppointmentStatus.booked.rawValue, AppointmentStatus.cancelled.rawValue]
        }
    }
}

/// How text is compared when it is looked for: by words, with letter case and accents aside.
public enum SearchText {
    /// The words of `text`: its runs of letters and digits, lowercase and without accents, as
    /// the search index keeps them.
    public static func words(_ text: String) -> [String] {
        // Most names are ASCII, and every booking folds its name: those are folded by hand.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
        }
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            default:
                if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// Lowercase and without accents, with runs of other characters as one space: "Zoë  Müller"
    /// and "zoe muller" fold alike. Text without letters or digits ("😀") stays as it is, but
    /// for spaces at its ends.
    public static func folded(_ text: String) -> String {
        let words = words(text)
        guard words.isEmpty else { return words.joined(separator: " ") }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
