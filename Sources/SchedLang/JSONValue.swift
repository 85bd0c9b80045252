/// A JSON document with keys kept in the order they were written.
public indirect enum JSONValue: Sendable, Equatable {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])
    /// A value already written as JSON text (by `JSONValue.object(capacity:_:)`), copied as it is.
    case encoded([UInt8])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.serialized() == rhs.serialized()
    }

    /// An object written straight to JSON text as `fields` adds its members, without the tree
    /// `.object` builds: for values sent by the thousand, such as a week of appointments.
    public static func object(capacity: Int = 256, _ fields: (inout ObjectWriter) -> Void) -> JSONValue {
        var writer = ObjectWriter()
        writer.bytes.reserveCapacity(capacity)
        writer.bytes.append(UInt8(ascii: "{"))
        fields(&writer)
        writer.bytes.append(UInt8(ascii: "}"))
        return .encoded(writer.bytes)
    }

    /// The members of an object being written, in the order they are added.
    public struct ObjectWriter {
        fileprivate var bytes: [UInt8] = []

        public mutating func field(_ name: String, _ value: String?) {
            key(name)
            if let value { JSONValue.writeString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        }

        public mutating func field(_ name: String, _ value: Int) {
            key(name)
            bytes.append(contentsOf: String(value).utf8)
        }

        private mutating func key(_ name: String) {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(name, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    /// Compact JSON text on one line.
    public func serialized() -> String {
        String(decoding: utf8(), as: UTF8.self)
    }

    /// The compact text as UTF-8 bytes, for a writer that sends bytes (an HTTP response).
    public func utf8() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// Written as bytes: a string whose bytes need no escape is copied whole, which a large
    /// answer (a week of appointments) is made of almost entirely.
    private func write(to out: inout [UInt8]) {
        switch self {
        case .string(let text): Self.writeString(text, to: &out)
        case .number(let number): out.append(contentsOf: String(number).utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .encoded(let bytes): out.append(contentsOf: bytes)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Escapes `"`, `\`, the control characters and U+2028/U+2029 (which end a line in
    /// JavaScript); everything else is copied as it is.
    fileprivate static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // 0xE2 starts U+2028 and U+2029 (and other characters, checked below).
            guard bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) else {
                out.append(contentsOf: bytes)
                return
            }
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x22: out.append(contentsOf: [0x5C, 0x22])
                case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    out.append(contentsOf: (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 2
                case _ where byte < 0x20:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default: out.append(byte)
                }
                index += 1
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
