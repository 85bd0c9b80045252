import Foundation

extension UUID {
    /// A version 7 UUID (RFC 9562): the Unix time in milliseconds, then bits from the system's
    /// random source (`getrandom`). Ids made one after another sort together, so the rows a
    /// series or a bulk booking adds land in a few pages of the id index instead of one page
    /// each. Foundation's `UUID()` opens and reads `/dev/urandom` on every call, which a bulk
    /// booking paid for each row.
    static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in stride(from: 0, to: 16, by: 8) {
            let word = generator.next()
            for offset in 0..<8 { bytes[index + offset] = UInt8(truncatingIfNeeded: word >> (offset * 8)) }
        }
        let millis = UInt64(Date().timeIntervalSince1970 * 1000)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: millis >> (8 * (5 - index))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
