import Foundation

extension UUID {
    /// The id as sched stores and shows it: lower-case hex in 8-4-4-4-12 groups. Written from the
    /// bytes: `uuidString` formats through `snprintf`, costly for a value every row and booking
    /// writes (Benchmarks/RESULTS.md has the figure).
    public var lowercasedText: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if Self.startsGroup(index) {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits.utf8Start[Int(byte >> 4)]
                    text[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }

    /// The id written as 8-4-4-4-12 hex groups, in either case, as `lowercasedText` writes it
    /// and `UUID(uuidString:)` reads it; nil for any other text. Read from the bytes, since a
    /// query reads one a row and `UUID(uuidString:)` is costly (Benchmarks/RESULTS.md).
    public init?(text: String) {
        var text = text
        let value: uuid_t? = text.withUTF8 { bytes in
            guard bytes.count == 36 else { return nil }
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let parsed = withUnsafeMutableBytes(of: &value) { out in
                var at = 0
                for index in 0..<16 {
                    if Self.startsGroup(index) {
                        guard bytes[at] == UInt8(ascii: "-") else { return false }
                        at += 1
                    }
                    guard let high = Self.hexDigit(bytes[at]), let low = Self.hexDigit(bytes[at + 1]) else {
                        return false
                    }
                    out[index] = high << 4 | low
                    at += 2
                }
                return true
            }
            return parsed ? value : nil
        }
        guard let value else { return nil }
        self.init(uuid: value)
    }

    /// Whether the byte at `index` begins a group after the first, with a `-` before it.
    private static func startsGroup(_ index: Int) -> Bool {
        index == 4 || index == 6 || index == 8 || index == 10
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
