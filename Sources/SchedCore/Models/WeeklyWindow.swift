/// A recurring window of working hours on one day of the week.
public struct WeeklyWindow: Sendable, Hashable, Codable {
    public var day: Weekday
    public var window: TimeWindow

    public init(day: Weekday, window: TimeWindow) {
        self.day = day
        self.window = window
    }
}
