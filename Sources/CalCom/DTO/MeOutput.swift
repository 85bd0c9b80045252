import Foundation
import SchedCore

/// `MeOutput`: the user an API key belongs to (`GET /v2/me`). Only the fields sched reads.
struct MeOutput: Codable, Equatable {
    var id: Int
    var username: String
    var email: String
    var timeZone: String
    var defaultScheduleId: Int?

    var account: RemoteAccount {
        RemoteAccount(id: id, username: username, email: email, timeZone: timeZone,
                      defaultScheduleID: defaultScheduleId)
    }
}
