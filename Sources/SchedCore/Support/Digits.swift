/// Zero-padded decimal formatting for dates, times and offsets.
enum Digits {
    /// `padded(7, 2)` is `"07"`; negative numbers keep their sign in front.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + padding + digits
    }

    /// `clock(34200)` is `"09:30"`; seconds are shown only when there are some.
    static func clock(_ secondsOfDay: Int) -> String {
        let hours = secondsOfDay / 3600
        let minutes = secondsOfDay % 3600 / 60
        let seconds = secondsOfDay % 60
        let hhmm = "\(padded(hours, 2)):\(padded(minutes, 2))"
        return seconds == 0 ? hhmm : hhmm + ":\(padded(seconds, 2))"
    }
}
