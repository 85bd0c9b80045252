import Foundation

/// The `data` of `GET /v2/slots` (2024-09-04): start times keyed by date in the requested zone,
/// `{"2025-11-03": [{"start": "2025-11-03T09:00:00.000+00:00"}, …]}`.
struct SlotsOutput_2024_09_04: Decodable, Equatable {
    /// One slot: an object `{start, end?, …}` as the server sends it, or a plain string as the
    /// OpenAPI document describes it.
    struct Slot: Decodable, Equatable {
        var start: Date

        private enum CodingKeys: String, CodingKey {
            case start
        }

        init(start: Date) {
            self.start = start
        }

        init(from decoder: any Decoder) throws {
            if let container = try? decoder.container(keyedBy: CodingKeys.self) {
                start = try container.decode(Date.self, forKey: .start)
            } else {
                start = try decoder.singleValueContainer().decode(Date.self)
            }
        }
    }

    var days: [String: [Slot]]

    init(from decoder: any Decoder) throws {
        days = try decoder.singleValueContainer().decode([String: [Slot]].self)
    }

    /// Every start time, earliest first.
    var starts: [Date] {
        days.values.flatMap { $0.map(\.start) }.sorted()
    }
}
