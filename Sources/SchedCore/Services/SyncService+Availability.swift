import Foundation

extension SyncService {
    /// Writes the weekly windows and the date overrides from today on, in the home zone, onto
    /// Cal.com's default schedule, replacing what it had, and the booking rules onto the
    /// connected event type; says what Cal.com holds differently.
    public func pushAvailability(_ remote: any RemoteCalendar) throws -> AvailabilityPushReport {
        let connection = try requireConnection()
        let (content, limits) = try store.read { tx in
            let zone = try tx.homeZone()
            let today = zone.civil(clock.now).date
            return (Self.scheduleContent(
                zone: zone, weekly: try tx.weeklyWindows(), overrides: try tx.dateOverrides(from: today, through: nil)),
                    try tx.bookingLimits())
        }
        // Cal.com's slot interval is never off: the event type's length is its default.
        let rules = RemoteEventTypeRules(
            beforeEventBuffer: limits.bufferBefore, afterEventBuffer: limits.bufferAfter,
            minimumBookingNotice: limits.minimumNotice,
            slotInterval: limits.slotInterval ?? connection.eventType.lengthInMinutes,
            perDay: limits.perDay, perWeek: limits.perWeek, windowDays: limits.windowDays)
        do {
            let schedule = try remote.defaultSchedule()
            let saved = try remote.replaceSchedule(id: schedule.id, with: content)
            try remote.updateEventTypeRules(id: connection.eventType.id, rules)
            var differences: [String] = []
            if limits.perDay != nil || limits.perWeek != nil {
                differences.append(SchedError.calcomCountsItsOwnLimits(connection.eventType.slug))
            }
            return AvailabilityPushReport(schedule: saved, eventTypeID: connection.eventType.id, rules: rules,
                                          differences: differences)
        } catch {
            throw SchedError.calcom(error)
        }
    }

    /// Cal.com's form of the working hours: one row per set of days sharing a window, and one
    /// override row per window of a date. A date closed all day is the override 00:00–00:00;
    /// a window ending at 24:00 ends at 23:59, the latest time Cal.com accepts.
    static func scheduleContent(zone: HomeZone, weekly: [WeeklyWindow], overrides: [DateOverride]) -> RemoteScheduleContent {
        var days: [TimeWindow: [Weekday]] = [:]
        for entry in weekly {
            days[entry.window, default: []].append(entry.day)
        }
        let rows = days.keys.sorted().map { window in
            RemoteScheduleContent.Weekly(
                days: (days[window] ?? []).sorted().map { $0.name.capitalized },
                startTime: hoursAndMinutes(window.start), endTime: hoursAndMinutes(window.end))
        }
        let overrideRows = overrides.flatMap { override in
            override.windows.isEmpty
                ? [RemoteScheduleContent.Override(date: override.date.description, startTime: "00:00", endTime: "00:00")]
                : override.windows.map {
                    RemoteScheduleContent.Override(
                        date: override.date.description, startTime: hoursAndMinutes($0.start),
                        endTime: hoursAndMinutes($0.end))
                }
        }
        return RemoteScheduleContent(timeZone: zone.identifier, weekly: rows, overrides: overrideRows)
    }

    /// `HH:MM`, seconds dropped; the end of the day is 23:59.
    static func hoursAndMinutes(_ secondsOfDay: Int) -> String {
        Digits.clock(min(secondsOfDay, 86400 - 60) / 60 * 60)
    }
}

/// The schedule as Cal.com saved it, the rules sent to the event type, and what Cal.com holds
/// differently from sched.
public struct AvailabilityPushReport: Sendable, Equatable {
    public var schedule: RemoteSchedule
    public var eventTypeID: Int
    public var rules: RemoteEventTypeRules
    public var differences: [String]
}
