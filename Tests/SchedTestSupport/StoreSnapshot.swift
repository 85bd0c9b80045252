import SchedCore

/// Everything a store holds, read through the `Store` protocol in one transaction.
public struct StoreSnapshot: Equatable, CustomStringConvertible {
    public var appointments: [Appointment]
    public var weekly: [WeeklyWindow]
    public var overrides: [DateOverride]
    public var timezone: String?

    public init(_ store: any Store) throws {
        (appointments, weekly, overrides, timezone) = try store.read { tx in
            var found: [Appointment] = []
            var number = 1
            var misses = 0
            while misses < 4 {
                if let appointment = try tx.appointment(.number(number)) {
                    found.append(appointment)
                    misses = 0
                } else {
                    misses += 1
                }
                number += 1
            }
            return (found, try tx.weeklyWindows(), try tx.dateOverrides(from: nil, through: nil), try tx.setting("timezone"))
        }
    }

    public var description: String {
        "\(appointments.count) appointments, \(weekly.count) weekly windows, \(overrides.count) overrides, zone \(timezone ?? "-")"
    }
}
