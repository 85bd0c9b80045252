import Foundation

/// The rules a booking page applies on top of working hours and overlaps, as Cal.com event types
/// have them; each is off until set.
public struct BookingLimits: Sendable, Equatable {
    /// Minutes kept free before and after each booking.
    public var bufferBefore = 0
    public var bufferAfter = 0
    /// Minutes between now and the earliest start.
    public var minimumNotice = 0
    /// Minutes between the starts `slots` offers; nil for the duration asked.
    public var slotInterval: Int?
    public var perDay: Int?
    public var perWeek: Int?
    /// Days ahead, today counted as the first, within which a booking may start.
    public var windowDays: Int?

    public init() {}

    /// The free time kept between two bookings: one's buffer after and the next one's before.
    public var gap: Int { bufferBefore + bufferAfter }
}

/// One booking rule as `set` changes it; nil turns it off.
public enum BookingRule: Sendable, Equatable {
    case bufferBefore(Int?)
    case bufferAfter(Int?)
    case minimumNotice(Int?)
    case slotInterval(Int?)
    case limitPerDay(Int?)
    case limitPerWeek(Int?)
    case bookingWindow(Int?)

    /// The settings key it is kept under.
    var key: String {
        switch self {
        case .bufferBefore: SettingKey.bufferBefore
        case .bufferAfter: SettingKey.bufferAfter
        case .minimumNotice: SettingKey.minimumNotice
        case .slotInterval: SettingKey.slotInterval
        case .limitPerDay: SettingKey.limitPerDay
        case .limitPerWeek: SettingKey.limitPerWeek
        case .bookingWindow: SettingKey.bookingWindow
        }
    }

    var value: Int? {
        switch self {
        case .bufferBefore(let value), .bufferAfter(let value), .minimumNotice(let value), .slotInterval(let value),
             .limitPerDay(let value), .limitPerWeek(let value), .bookingWindow(let value): value
        }
    }
}
