import Foundation

extension HomeZone {
    /// `"2025-03-04T10:00:00+01:00"`, with this zone's offset at the instant (`"+00:00"` for UTC).
    /// RFC 3339 offsets have no seconds, so an instant where the zone's offset has some (local
    /// mean time, before the zone kept standard time) is written in UTC: `"1890-03-04T09:06:32Z"`.
    /// Written byte by byte: a week of appointments in JSON is five of these an appointment.
    public func iso8601(_ instant: Date) -> String {
        let offset = offset(at: instant)
        let inUTC = offset % 60 != 0
        let local = instant.unixSeconds + (inUTC ? 0 : offset)
        let days = local.floorDivided(by: 86400)
        let date = CivilDate(daysSinceEpoch: days)
        let seconds = local - days * 86400
        guard (0...9999).contains(date.year) else {
            let time = "\(Digits.padded(seconds / 3600, 2)):\(Digits.padded(seconds % 3600 / 60, 2)):\(Digits.padded(seconds % 60, 2))"
            return "\(date)T\(time)\(inUTC ? "Z" : HomeZone.offsetText(offset))"
        }
        return String(unsafeUninitializedCapacity: 25) { text in
            func put(_ value: Int, _ width: Int, at start: Int) {
                var rest = value
                for index in stride(from: start + width - 1, through: start, by: -1) {
                    text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(date.year, 4, at: 0)
            text[4] = UInt8(ascii: "-")
            put(date.month, 2, at: 5)
            text[7] = UInt8(ascii: "-")
            put(date.day, 2, at: 8)
            text[10] = UInt8(ascii: "T")
            put(seconds / 3600, 2, at: 11)
            text[13] = UInt8(ascii: ":")
            put(seconds % 3600 / 60, 2, at: 14)
            text[16] = UInt8(ascii: ":")
            put(seconds % 60, 2, at: 17)
            if inUTC {
                text[19] = UInt8(ascii: "Z")
                return 20
            }
            text[19] = UInt8(ascii: offset < 0 ? "-" : "+")
            put(abs(offset) / 3600, 2, at: 20)
            text[22] = UInt8(ascii: ":")
            put(abs(offset) % 3600 / 60, 2, at: 23)
            return 25
        }
    }

    /// `"+01:00"`, `"-03:30"`.
    static func offsetText(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return sign + Digits.clock(magnitude)
    }
}
