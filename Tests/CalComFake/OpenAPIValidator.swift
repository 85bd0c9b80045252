import Foundation

/// Checks requests against Cal.com's OpenAPI document (the subset in `Resources/`).
///
/// Query parameters and request bodies are held to NestJS's whitelisting: a name the document does
/// not declare is a violation, as Cal.com's `ValidationPipe` answers "property … should not exist".
/// Headers are only checked for presence and for `cal-api-version` ("Must be set to …").
struct OpenAPIValidator: Sendable {
    private let document: JSONValue?

    static let shared = OpenAPIValidator(
        contentsOf: Bundle.module.url(
            forResource: "calcom-openapi-subset", withExtension: "json", subdirectory: "Resources"))

    init(contentsOf url: URL?) {
        document = url.flatMap { try? Data(contentsOf: $0) }.flatMap(JSONValue.init(parsing:))
    }

    /// Every way `incoming` departs from its operation in the document, each as one line.
    func violations(of incoming: Incoming, allowingCursor: Bool) -> [String] {
        let label = "\(incoming.method) \(incoming.path)"
        guard let document else { return ["\(label): the OpenAPI subset could not be loaded"] }
        guard let operation = operation(in: document, method: incoming.method, path: incoming.path) else {
            return ["\(label): no such operation in Cal.com's OpenAPI document"]
        }
        var found: [String] = []
        let parameters = operation["parameters"]?.arrayValue ?? []
        checkHeaders(incoming.headers, parameters, into: &found)
        checkQuery(incoming.query, parameters, allowingCursor: allowingCursor, into: &found)
        if let body = operation["requestBody"] { checkBody(incoming, body, into: &found) }
        return found.map { "\(label): \($0)" }
    }

    private func operation(in document: JSONValue, method: String, path: String) -> JSONValue? {
        let segments = path.split(separator: "/").map(String.init)
        let candidates = (document["paths"]?.objectMembers ?? []).filter { template, item in
            let parts = template.split(separator: "/").map(String.init)
            return item[method.lowercased()] != nil && parts.count == segments.count
                && zip(parts, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        let literal = candidates.min { $0.key.filter { $0 == "{" }.count < $1.key.filter { $0 == "{" }.count }
        return literal?.value[method.lowercased()]
    }

    // MARK: Parameters

    private func checkHeaders(_ headers: [String: String], _ parameters: [JSONValue], into found: inout [String]) {
        for parameter in parameters where parameter["in"]?.stringValue == "header" {
            guard let name = parameter["name"]?.stringValue else { continue }
            guard let value = headers[name.lowercased()] else {
                if parameter["required"]?.boolValue == true { found.append("header \(name) is required") }
                continue
            }
            if name.lowercased() == "cal-api-version", let expected = Self.requiredVersion(parameter), value != expected
            {
                found.append("header cal-api-version must be \(expected), found \(value)")
            }
            if name.lowercased() == "authorization", !value.hasPrefix("Bearer ") {
                found.append("header Authorization must be 'Bearer <token>'")
            }
        }
    }

    /// The value a `cal-api-version` parameter demands: "Must be set to 2024-08-13", or its default.
    private static func requiredVersion(_ parameter: JSONValue) -> String? {
        if let description = parameter["description"]?.stringValue,
            let range = description.range(of: "Must be set to ")
        {
            return String(description[range.upperBound...].prefix { !$0.isWhitespace })
        }
        return parameter["schema"]?["default"]?.stringValue
    }

    private func checkQuery(
        _ query: [String: String], _ parameters: [JSONValue], allowingCursor: Bool, into found: inout [String]
    ) {
        let declared = parameters.filter { $0["in"]?.stringValue == "query" }
        let names = Set(declared.compactMap { $0["name"]?.stringValue })
        for name in query.keys.sorted() where !names.contains(name) && !(allowingCursor && name == "cursor") {
            found.append("query parameter \(name) should not exist")
        }
        for parameter in declared {
            guard let name = parameter["name"]?.stringValue else { continue }
            guard let text = query[name] else {
                if parameter["required"]?.boolValue == true { found.append("query parameter \(name) is required") }
                continue
            }
            let schema = resolve(parameter["schema"] ?? [:])
            let values: [JSONValue] =
                schema["type"]?.stringValue == "array"
                ? text.split(separator: ",").map { Self.queryValue(String($0), schema["items"].map(resolve)) }
                : [Self.queryValue(text, schema)]
            let itemSchema = schema["type"]?.stringValue == "array" ? resolve(schema["items"] ?? [:]) : schema
            for value in values { check(value, against: itemSchema, at: "query.\(name)", into: &found) }
        }
    }

    /// A query string value typed as its schema expects, so a non-numeric "number" shows up as a string.
    private static func queryValue(_ text: String, _ schema: JSONValue?) -> JSONValue {
        switch schema?["type"]?.stringValue {
        case "number", "integer": Double(text).map(JSONValue.number) ?? .string(text)
        case "boolean": text == "true" ? true : text == "false" ? false : .string(text)
        default: .string(text)
        }
    }

    // MARK: Body

    private func checkBody(_ incoming: Incoming, _ requestBody: JSONValue, into found: inout [String]) {
        guard !incoming.body.isEmpty else {
            if requestBody["required"]?.boolValue == true { found.append("request body is required") }
            return
        }
        guard let json = incoming.json else {
            found.append("request body is not JSON")
            return
        }
        if let contentType = incoming.headers["content-type"], !contentType.hasPrefix("application/json") {
            found.append("Content-Type must be application/json, found \(contentType)")
        }
        guard let schema = requestBody["content"]?["application/json"]?["schema"] else { return }
        check(json, against: schema, at: "body", into: &found)
    }

    // MARK: Schemas

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard let reference = schema["$ref"]?.stringValue, let name = reference.split(separator: "/").last else {
            return schema
        }
        return resolve(document?["components"]?["schemas"]?[String(name)] ?? [:])
    }

    /// Checks `value` against `schema`, following `$ref`, `allOf`, `oneOf` and `anyOf`.
    func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [String]) {
        let schema = resolve(schema)
        if value.isNull, schema["nullable"]?.boolValue == true { return }
        if let parts = schema["allOf"]?.arrayValue {
            check(value, against: merged(parts + [Self.removing("allOf", from: schema)]), at: path, into: &found)
            return
        }
        if let variants = schema["oneOf"]?.arrayValue ?? schema["anyOf"]?.arrayValue {
            // Cal.com's variants overlap (a plain booking also fits the recurring one), so any match will do.
            let outcomes = variants.map { variant in
                var violations: [String] = []
                check(value, against: variant, at: path, into: &violations)
                return violations
            }
            if !outcomes.contains(where: \.isEmpty), let closest = outcomes.min(by: { $0.count < $1.count }) {
                found += closest
            }
            return
        }
        checkType(value, schema, at: path, into: &found)
        checkEnum(value, schema, at: path, into: &found)
        switch value {
        case .object(let members): checkObject(members, schema, at: path, into: &found)
        case .array(let elements):
            guard let items = schema["items"] else { break }
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(path)[\(index)]", into: &found)
            }
        case .string(let text): checkString(text, schema, at: path, into: &found)
        default: break
        }
    }

    /// One object schema from the parts of an `allOf`: properties and required names combined.
    private func merged(_ parts: [JSONValue]) -> JSONValue {
        var properties: [(key: String, value: JSONValue)] = []
        var required: [JSONValue] = []
        var type: JSONValue?
        for part in parts.map(resolve) {
            let part = part["allOf"]?.arrayValue.map { merged($0 + [Self.removing("allOf", from: part)]) } ?? part
            for member in part["properties"]?.objectMembers ?? []
            where !properties.contains(where: { $0.key == member.key }) {
                properties.append(member)
            }
            required += part["required"]?.arrayValue ?? []
            type = type ?? part["type"]
        }
        var result: [(key: String, value: JSONValue)] = [("required", .array(required))]
        if !properties.isEmpty { result.append(("properties", .object(properties))) }
        if let type { result.append(("type", type)) }
        if let nullable = parts.last?["nullable"] { result.append(("nullable", nullable)) }
        return .object(result)
    }

    private static func removing(_ key: String, from schema: JSONValue) -> JSONValue {
        .object((schema.objectMembers ?? []).filter { $0.key != key })
    }

    private func checkType(_ value: JSONValue, _ schema: JSONValue, at path: String, into found: inout [String]) {
        guard let type = schema["type"]?.stringValue else { return }
        let fits: Bool
        switch (type, value) {
        case ("string", .string), ("number", .number), ("boolean", .bool), ("array", .array), ("object", .object):
            fits = true
        case ("integer", .number(let number)): fits = number.rounded() == number
        default: fits = false
        }
        if !fits { found.append("\(path): expected \(type), found \(Self.describe(value))") }
    }

    /// `enum` on scalars only: Cal.com's document also puts the item enum on some arrays (`days`).
    private func checkEnum(_ value: JSONValue, _ schema: JSONValue, at path: String, into found: inout [String]) {
        guard let allowed = schema["enum"]?.arrayValue else { return }
        if case .array = value { return }
        if !allowed.contains(value) {
            let list = allowed.map { $0.stringValue ?? $0.description }.joined(separator: ", ")
            found.append("\(path): must be one of \(list), found \(Self.describe(value))")
        }
    }

    private func checkObject(
        _ members: [(key: String, value: JSONValue)], _ schema: JSONValue, at path: String, into found: inout [String]
    ) {
        for name in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue)
        where !members.contains(where: { $0.key == name }) {
            found.append("\(path).\(name): is required")
        }
        guard let properties = schema["properties"] else {
            if let additional = schema["additionalProperties"], additional.objectMembers != nil {
                for member in members {
                    check(member.value, against: additional, at: "\(path).\(member.key)", into: &found)
                }
            }
            return
        }
        for member in members {
            guard let property = properties[member.key] else {
                found.append("\(path).\(member.key): property \(member.key) should not exist")
                continue
            }
            check(member.value, against: property, at: "\(path).\(member.key)", into: &found)
        }
    }

    private func checkString(_ text: String, _ schema: JSONValue, at path: String, into found: inout [String]) {
        if schema["format"]?.stringValue == "date-time", Timestamps.parse(text) == nil, Day(text) == nil {
            found.append("\(path): expected a date-time, found \"\(text)\"")
        }
        // The document names its time pattern instead of spelling it out.
        if schema["pattern"]?.stringValue == "TIME_FORMAT_HH_MM", minutesOfDay(text) == nil {
            found.append("\(path): expected a time as HH:MM, found \"\(text)\"")
        }
    }

    private static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "boolean \(flag)"
        case .number: "number \(value)"
        case .string(let text): "string \"\(text)\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}
