import Foundation
import SchedCore

extension DefinedZone {
    /// A zone this system knows that keeps the same clock as this definition at each of
    /// `times` (local dates and times of day), trying `preferred` first, then the zones the
    /// Windows names stand for. A series needs one: its later occurrences are worked out long
    /// after the file is gone.
    public func systemZone(agreeingAt times: [(CivilDate, Int)], preferring preferred: [HomeZone]) -> HomeZone? {
        let named = ZoneNames.identifier(forTZID: tzid).flatMap(HomeZone.init(identifier:))
        let candidates = [named].compactMap { $0 } + preferred
            + ZoneNames.windowsNames.values.sorted().compactMap(HomeZone.init(identifier:))
        return candidates.first { zone in
            times.allSatisfy { date, seconds in
                zone.resolve(date, secondsOfDay: seconds) == resolve(date, secondsOfDay: seconds)
            }
        }
    }
}
