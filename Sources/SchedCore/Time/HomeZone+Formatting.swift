import Foundation

extension HomeZone {
    /// `"2025-03-04T10:00:00+01:00"`, with this zone's offset at the instant (`"+00:00"` for UTC).
    /// RFC 3339 offsets have no seconds, so an instant where the zone's offset has some (local
    /// mean time, before the zone kept standard time) is written in UTC: `"1890-03-04T09:06:32Z"`.
    public func iso8601(_ instant: Date) -> String {
        let offset = offset(at: instant)
        let (date, secondsOfDay) = offset % 60 == 0 ? civil(instant) : HomeZone.utc.civil(instant)
        let time = "\(Digits.padded(secondsOfDay / 3600, 2)):\(Digits.padded(secondsOfDay % 3600 / 60, 2))"
            + ":\(Digits.padded(secondsOfDay % 60, 2))"
        return "\(date)T\(time)\(offset % 60 == 0 ? HomeZone.offsetText(offset) : "Z")"
    }

    /// `"+01:00"`, `"-03:30"`.
    static func offsetText(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return sign + Digits.clock(magnitude)
    }
}
