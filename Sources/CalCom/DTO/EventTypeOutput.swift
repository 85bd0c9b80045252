import Foundation
import SchedCore

/// `EventTypeOutput_2024_06_14`: one item of `GET /v2/event-types`. Only the fields sched reads.
struct EventTypeOutput_2024_06_14: Codable, Equatable {
    var id: Int
    var slug: String
    var title: String
    var lengthInMinutes: Int
    var lengthInMinutesOptions: [Int]?
    var hidden: Bool?
    var scheduleId: Int?

    var eventType: RemoteEventType {
        RemoteEventType(id: id, slug: slug, title: title, lengthInMinutes: lengthInMinutes,
                        lengthOptions: lengthInMinutesOptions ?? [])
    }
}
