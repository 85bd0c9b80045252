import Foundation

/// The working hours in force over a range of dates: weekly windows, date overrides and the
/// home zone that turns them into instants.
struct Schedule {
    let zone: HomeZone
    let weekly: [WeeklyWindow]
    let overrides: [CivilDate: [TimeWindow]]

    /// The windows of `date`, and whether an override supplies them.
    func windows(on date: CivilDate) -> (windows: [TimeWindow], isOverride: Bool) {
        if let override = overrides[date] {
            return (override, true)
        }
        let weekday = date.weekday
        return (weekly.filter { $0.day == weekday }.map(\.window).sorted(), false)
    }

    /// The windows of `date` as instants; windows swallowed by a DST gap drop out.
    func spans(on date: CivilDate) -> [Span] {
        windows(on: date).windows.compactMap { window in
            let span = Span(
                start: zone.instantForWindowEdge(date, secondsOfDay: window.start),
                end: zone.instantForWindowEdge(date, secondsOfDay: window.end))
            return span.start < span.end ? span : nil
        }
    }

    /// The half-open stretch of instants the dates `from...through` cover.
    func span(from: CivilDate, through: CivilDate) -> Span {
        Span(start: zone.startOfDay(from), end: zone.startOfDay(through.adding(days: 1)))
    }

    /// Every date in `from...through`, ascending.
    static func dates(from: CivilDate, through: CivilDate) -> [CivilDate] {
        guard from <= through else { return [] }
        return (from.daysSinceEpoch...through.daysSinceEpoch).map(CivilDate.init(daysSinceEpoch:))
    }
}

/// A half-open interval of instants.
public struct Span: Hashable, Sendable {
    public let start: Date
    public let end: Date

    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }

    func contains(_ other: Span) -> Bool {
        start <= other.start && other.end <= end
    }

    func overlaps(_ other: Span) -> Bool {
        other.start < end && start < other.end
    }
}
