/// The windows that apply on one date, split into free and booked slots in time order.
public struct DayAvailability: Sendable, Hashable {
    public var date: CivilDate
    public var windows: [TimeWindow]
    /// True when a date override, not the weekly schedule, supplies the windows.
    public var isOverride: Bool
    public var slots: [TimeSlot]

    public init(date: CivilDate, windows: [TimeWindow], isOverride: Bool, slots: [TimeSlot]) {
        self.date = date
        self.windows = windows
        self.isOverride = isOverride
        self.slots = slots
    }
}
