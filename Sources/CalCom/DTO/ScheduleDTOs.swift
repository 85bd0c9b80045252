import Foundation
import SchedCore

/// `ScheduleAvailabilityInput_2024_06_11`: a weekly row, `HH:MM` in the schedule's zone.
struct ScheduleAvailabilityInput_2024_06_11: Codable, Equatable {
    /// `Monday` … `Sunday`.
    var days: [String]
    var startTime: String
    var endTime: String
}

/// `ScheduleOverrideInput_2024_06_11`: the hours of one date, `YYYY-MM-DD`.
struct ScheduleOverrideInput_2024_06_11: Codable, Equatable {
    var date: String
    var startTime: String
    var endTime: String
}

/// `ScheduleOutput_2024_06_11`: a schedule in the replies of `/v2/schedules…`.
struct ScheduleOutput_2024_06_11: Decodable, Equatable {
    var id: Int
    var name: String
    var timeZone: String
    var availability: [ScheduleAvailabilityInput_2024_06_11]
    var overrides: [ScheduleOverrideInput_2024_06_11]
    var isDefault: Bool?

    private enum CodingKeys: String, CodingKey {
        case id, name, timeZone, availability, overrides, isDefault
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        name = container.lenient(String.self, forKey: .name) ?? ""
        timeZone = try container.decode(String.self, forKey: .timeZone)
        availability = try container.decodeIfPresent([ScheduleAvailabilityInput_2024_06_11].self, forKey: .availability) ?? []
        overrides = try container.decodeIfPresent([ScheduleOverrideInput_2024_06_11].self, forKey: .overrides) ?? []
        isDefault = container.lenient(Bool.self, forKey: .isDefault)
    }

    var schedule: RemoteSchedule {
        RemoteSchedule(id: id, name: name, content: RemoteScheduleContent(
            timeZone: timeZone,
            weekly: availability.map { .init(days: $0.days, startTime: $0.startTime, endTime: $0.endTime) },
            overrides: overrides.map { .init(date: $0.date, startTime: $0.startTime, endTime: $0.endTime) }))
    }
}

/// `UpdateScheduleInput_2024_06_11`: the body of `PATCH /v2/schedules/{id}`. Sending
/// `availability` and `overrides` replaces all of the schedule's rows and overrides.
struct UpdateScheduleInput_2024_06_11: Codable, Equatable {
    var timeZone: String?
    var availability: [ScheduleAvailabilityInput_2024_06_11]?
    var overrides: [ScheduleOverrideInput_2024_06_11]?

    init(_ content: RemoteScheduleContent) {
        timeZone = content.timeZone
        availability = content.weekly.map { .init(days: $0.days, startTime: $0.startTime, endTime: $0.endTime) }
        overrides = content.overrides.map { .init(date: $0.date, startTime: $0.startTime, endTime: $0.endTime) }
    }
}
