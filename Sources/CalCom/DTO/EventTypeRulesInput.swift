import Foundation
import SchedCore

/// The booking-rule fields of `UpdateEventTypeInput_2024_06_14`. A limit or window that is off
/// goes as `{"disabled": true}`, which resets what an earlier update set.
struct UpdateEventTypeRulesInput_2024_06_14: Encodable, Equatable {
    var beforeEventBuffer: Int
    var afterEventBuffer: Int
    var minimumBookingNotice: Int
    var slotInterval: Int
    var bookingLimitsCount: Limits
    var bookingWindow: Window

    struct Limits: Encodable, Equatable {
        var day: Int?
        var week: Int?
        var disabled: Bool?
    }

    struct Window: Encodable, Equatable {
        var type: String?
        var value: Int?
        var rolling: Bool?
        var disabled: Bool?
    }

    init(_ rules: RemoteEventTypeRules) {
        beforeEventBuffer = rules.beforeEventBuffer
        afterEventBuffer = rules.afterEventBuffer
        minimumBookingNotice = rules.minimumBookingNotice
        slotInterval = rules.slotInterval
        bookingLimitsCount = rules.perDay == nil && rules.perWeek == nil
            ? Limits(disabled: true) : Limits(day: rules.perDay, week: rules.perWeek)
        bookingWindow = rules.windowDays.map { Window(type: "calendarDays", value: $0, rolling: true) }
            ?? Window(disabled: true)
    }
}
