/// The windows of one date, replacing the weekly ones; no windows means closed all day.
public struct DateOverride: Sendable, Hashable, Codable {
    public var date: CivilDate
    public var windows: [TimeWindow]

    public init(date: CivilDate, windows: [TimeWindow]) {
        self.date = date
        self.windows = windows
    }
}
