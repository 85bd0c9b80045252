import Foundation

/// Instants as Cal.com writes them: ISO 8601, sent in UTC with `Z`, read back with or without
/// fractional seconds and with `Z` or an offset (`2025-11-03T09:00:00.000+01:00`).
enum CalComDate {
    private static let whole = Date.ISO8601FormatStyle()
    private static let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2025-11-03T14:00:00Z`.
    static func string(_ date: Date) -> String {
        whole.format(date)
    }

    static func date(_ text: String) -> Date? {
        (try? fractional.parse(text)) ?? (try? whole.parse(text))
    }

    /// Reads instants in replies with `date(_:)`.
    static let decodingStrategy = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = date(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time")
        }
        return date
    }

    /// A decoder for Cal.com replies.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = decodingStrategy
        return decoder
    }
}
