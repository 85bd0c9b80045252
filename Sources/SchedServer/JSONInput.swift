import Foundation
import SchedCore

/// A request body as JSON, kept loose until each field is read, so that a wrong type is
/// reported against its field rather than as a body that failed to decode.
enum JSONInput: Decodable, Sendable, Equatable {
    case string(String)
    case integer(Int)
    case fraction(Double)
    case bool(Bool)
    case null
    case array([JSONInput])
    case object([String: JSONInput])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int.self) {
            self = .integer(number)
        } else if let number = try? container.decode(Double.self) {
            self = .fraction(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONInput].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONInput].self))
        }
    }

    /// Parses a whole body; anything but JSON is a 400.
    static func parse(_ bytes: [UInt8]) throws(APIError) -> JSONInput {
        do {
            return try JSONDecoder().decode(JSONInput.self, from: Data(bytes))
        } catch {
            throw APIError(.badRequest, ServerMessage.malformedJSON)
        }
    }
}

/// The members of a JSON object, read one field at a time; `finish` refuses the members no one
/// asked for.
struct JSONFields {
    private let members: [String: JSONInput]
    private var read: Set<String> = []
    /// The path to this object, for fields of nested objects (`windows[0].start_time`).
    private let prefix: String

    init(_ value: JSONInput, prefix: String = "") throws(APIError) {
        guard case .object(let members) = value else {
            throw prefix.isEmpty ? APIError(.badRequest, ServerMessage.bodyNotObject)
                                 : APIError.field(String(prefix.dropLast()), ServerMessage.mustBeObject)
        }
        self.members = members
        self.prefix = prefix
    }

    /// The value of `name`, nil when it is missing; `null` is returned as `.null`.
    mutating func value(_ name: String) -> JSONInput? {
        read.insert(name)
        return members[name]
    }

    mutating func required(_ name: String) throws(APIError) -> JSONInput {
        guard let value = value(name), value != .null else { throw SchedError.fieldRequired(prefix + name).api }
        return value
    }

    mutating func requiredString(_ name: String) throws(APIError) -> String {
        try Self.string(required(name), prefix + name)
    }

    /// A string, nil when missing; `null` gives `""` when it clears the field.
    mutating func optionalString(_ name: String, nullClears: Bool = false) throws(APIError) -> String? {
        switch value(name) {
        case nil: return nil
        case .null?: if nullClears { return "" } else { return nil }
        case let value?: return try Self.string(value, prefix + name)
        }
    }

    mutating func optionalInteger(_ name: String) throws(APIError) -> Int? {
        switch value(name) {
        case nil, .null?: return nil
        case .integer(let number)?: return number
        case _?: throw APIError.field(prefix + name, ServerMessage.mustBeInteger)
        }
    }

    mutating func requiredInteger(_ name: String) throws(APIError) -> Int {
        guard case .integer(let number) = try required(name) else {
            throw APIError.field(prefix + name, ServerMessage.mustBeInteger)
        }
        return number
    }

    /// Refuses members that were never read: a misspelt field must not pass unnoticed.
    func finish() throws(APIError) {
        if let unknown = members.keys.filter({ !read.contains($0) }).min() {
            throw APIError(.badRequest, ServerMessage.unknownField(prefix + unknown), field: prefix + unknown)
        }
    }

    static func string(_ value: JSONInput, _ field: String) throws(APIError) -> String {
        guard case .string(let text) = value else { throw APIError.field(field, ServerMessage.mustBeString) }
        return text
    }
}

extension SchedError {
    var api: APIError { APIError(self) }
}
