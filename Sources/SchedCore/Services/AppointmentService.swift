import Foundation

/// Books, moves, changes, cancels and looks up appointments (the seed's AppointmentService).
public struct AppointmentService: Sendable {
    let store: any StoreAccess
    let clock: any Clock

    public init(store: any StoreAccess, clock: any Clock) {
        self.store = store
        self.clock = clock
    }

    /// The home zone, stored in the database.
    public func zone() throws -> HomeZone {
        try store.read { tx in try tx.homeZone() }
    }

    /// Makes `identifier` the home zone; a validation error for zones the system does not know.
    public func setZone(_ identifier: String) throws -> HomeZone {
        guard let zone = HomeZone(identifier: identifier) else {
            throw SchedError.unknownTimeZone(identifier, suggestion: HomeZone.suggestion(for: identifier))
        }
        try store.write { tx in try tx.setSetting(SettingKey.timezone, zone.identifier) }
        return zone
    }

    /// Sets one booking rule, checked for a sensible range; gives back the rules in force.
    public func setRule(_ rule: BookingRule) throws -> BookingLimits {
        if let value = rule.value {
            let (field, low, high): (String, Int, Int) = switch rule {
            case .bufferBefore, .bufferAfter: ("buffer", 0, 1440)
            case .minimumNotice: ("minimum_notice", 0, 525_600)
            case .slotInterval: ("slot_interval", 1, 1440)
            case .limitPerDay: ("limit", 1, 1000)
            case .limitPerWeek: ("limit", 1, 10_000)
            case .bookingWindow: ("booking_window", 1, 3650)
            }
            guard (low...high).contains(value) else {
                let unit = switch rule {
                case .bufferBefore, .bufferAfter, .minimumNotice, .slotInterval: "m"
                case .limitPerDay, .limitPerWeek: ""
                case .bookingWindow: " days"
                }
                throw SchedError.ruleRange(field, "\(low)\(unit)", "\(high)\(unit)")
            }
        }
        return try store.write { tx in
            try tx.setSetting(rule.key, rule.value.map(String.init) ?? "")
            return try tx.bookingLimits()
        }
    }

    /// The booking rules in force.
    public func bookingLimits() throws -> BookingLimits {
        try store.read { tx in try tx.bookingLimits() }
    }

    /// Makes `minutes` the length of a booking that gives none, checked as a booking's length is.
    public func setDefaultDuration(_ minutes: Int) throws -> Int {
        try AppointmentRules.duration(minutes)
        try store.write { tx in try tx.setSetting(SettingKey.defaultDuration, String(minutes)) }
        return minutes
    }

    /// The appointment, cancelled ones included; `notfound` otherwise.
    public func appointment(_ ref: AppointmentRef) throws -> Appointment {
        try store.read { tx in try Self.existing(tx, ref) }
    }

    /// Booked appointments starting in `[from, to)`, soonest first.
    public func appointments(from: Date, to: Date?) throws -> [Appointment] {
        try store.read { tx in try tx.bookedAppointments(startingFrom: from, before: to, limit: nil) }
    }

    /// Appointments starting in `[from, to)`, cancelled ones too when asked, soonest first.
    public func appointments(from: Date, to: Date?, includingCancelled: Bool) throws -> [Appointment] {
        try store.read { tx in try tx.appointments(startingFrom: from, before: to, includingCancelled: includingCancelled) }
    }

    /// Booked appointments whose customer, note or email has every word of `text` at the start
    /// of one of its words, starting in `[from, to)` (open ends for none), soonest first.
    public func find(_ text: String, from: Date?, to: Date?) throws -> [Appointment] {
        let words = SearchText.words(text)
        guard !words.isEmpty else { throw SchedError.searchWithoutWords(text) }
        return try store.read { tx in
            try tx.appointments(matching: AppointmentSearch(words: words, from: from, before: to))
        }
    }

    /// Cancelled appointments starting in `[from, to)` (open ends for none), soonest first.
    public func cancelledAppointments(from: Date?, to: Date?) throws -> [Appointment] {
        try store.read { tx in try tx.cancelledAppointments(startingFrom: from, before: to) }
    }

    /// Booked appointments starting now or later, soonest first (the dashboard).
    /// What an export writes: the appointments starting in [from, to), cancelled ones too when
    /// asked, with the calendar events that those imported came from, read together.
    public func exportable(from: Date, to: Date?, includingCancelled: Bool)
        throws -> (appointments: [Appointment], imported: [UUID: ImportedEvent]) {
        try store.read { tx in
            let appointments = try tx.appointments(startingFrom: from, before: to, includingCancelled: includingCancelled)
            return (appointments, try tx.importedEvents(appointmentIDs: appointments.map(\.id)))
        }
    }

    public func upcoming(limit: Int?) throws -> [Appointment] {
        if let limit, limit < 0 {
            throw SchedError.limitNegative
        }
        let now = clock.now
        return try store.read { tx in try tx.bookedAppointments(startingFrom: now, before: nil, limit: limit) }
    }

    /// Throws what `book` would throw for this time (past, availability, conflict), or nothing
    /// when the time is bookable; used by `expect free` and `expect busy`.
    public func checkBookable(start: Date, durationMinutes: Int, excluding: UUID?) throws {
        try AppointmentRules.duration(durationMinutes)
        try store.read { tx in
            try BookingPolicy.check(tx, start: start.wholeSeconds, minutes: durationMinutes, excluding: excluding,
                                    now: clock.now)
            try BookingRules.checkExplained(
                tx, start: start.wholeSeconds, minutes: durationMinutes, excluding: excluding,
                now: clock.now, checksPast: true)
        }
    }

    static func existing(_ tx: any StoreTransaction, _ ref: AppointmentRef) throws -> Appointment {
        guard let appointment = try tx.appointment(ref) else {
            throw SchedError.appointmentNotFound(ref.description)
        }
        return appointment
    }

    static func existingBooked(_ tx: any StoreTransaction, _ ref: AppointmentRef) throws -> Appointment {
        let appointment = try existing(tx, ref)
        guard appointment.status == .booked else {
            throw SchedError.appointmentCancelled(appointment.number)
        }
        return appointment
    }
}
