import Foundation

/// A successful reply: `{"status": "success", "data": …}`.
struct SuccessEnvelope<Payload: Decodable>: Decodable {
    var status: String?
    var data: Payload
}

/// The payload of a reply whose `data` is one item or a list of them (a recurring booking's
/// occurrences come as a list).
enum OneOrMany<Item: Decodable>: Decodable {
    case one(Item)
    case many([Item])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let items = try? container.decode([Item].self) {
            self = .many(items)
        } else {
            self = .one(try container.decode(Item.self))
        }
    }

    var items: [Item] {
        switch self {
        case .one(let item): [item]
        case .many(let items): items
        }
    }
}

/// What an error reply says, in either of the shapes Cal.com uses:
/// `{"status": "error", "error": {"code", "message", "details"}}` from its exception filters, and
/// Nest's bare `{"statusCode": 500, "message": "Internal server error"}`.
struct ErrorOutput: Decodable {
    struct Detail: Decodable {
        var code: String?
        var message: Message?

        private enum CodingKeys: String, CodingKey {
            case code, message
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = container.lenient(String.self, forKey: .code)
            message = container.lenient(Message.self, forKey: .message)
        }
    }

    /// A message is a string, or for validation errors sometimes a list of strings.
    struct Message: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else {
                self.text = try container.decode([String].self).joined(separator: "; ")
            }
        }
    }

    var status: String?
    var error: Detail?
    var statusCode: Int?
    var message: Message?

    private enum CodingKeys: String, CodingKey {
        case status, error, statusCode, message
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = container.lenient(String.self, forKey: .status)
        error = container.lenient(Detail.self, forKey: .error)
        statusCode = container.lenient(Int.self, forKey: .statusCode)
        message = container.lenient(Message.self, forKey: .message)
    }

    /// The most specific message in the reply, if any.
    var text: String? {
        let candidates = [error?.message?.text, message?.text, error?.code]
        return candidates.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { !$0.isEmpty }
    }

    /// The message of an error reply's body, or nil when the body has none (HTML from a proxy,
    /// an empty body).
    static func message(in body: Data) -> String? {
        guard let output = try? JSONDecoder().decode(ErrorOutput.self, from: body) else { return nil }
        return output.text
    }
}
