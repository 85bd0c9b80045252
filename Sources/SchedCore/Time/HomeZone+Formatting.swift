import Foundation

extension HomeZone {
    /// `"2025-03-04T10:00:00+01:00"`, with this zone's offset at the instant (`"+00:00"` for UTC).
    public func iso8601(_ instant: Date) -> String {
        let (date, secondsOfDay) = civil(instant)
        let time = "\(Digits.padded(secondsOfDay / 3600, 2)):\(Digits.padded(secondsOfDay % 3600 / 60, 2))"
            + ":\(Digits.padded(secondsOfDay % 60, 2))"
        return "\(date)T\(time)\(HomeZone.offsetText(offset(at: instant)))"
    }

    /// `"+01:00"`, `"-03:30"`; historical offsets with seconds print `"+00:53:28"`.
    static func offsetText(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return sign + Digits.clock(magnitude)
    }
}
