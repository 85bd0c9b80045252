import Foundation

extension KeyedDecodingContainer {
    /// The value for `key`, or nil when it is missing, null or of another type: for fields the
    /// client can do without, so that a change in one of them does not lose the whole reply.
    func lenient<Value: Decodable>(_ type: Value.Type, forKey key: Key) -> Value? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}

/// A coding key for objects whose keys are data (metadata, slot dates).
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        return nil
    }
}
