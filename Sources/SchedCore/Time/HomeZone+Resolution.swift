import Foundation

extension HomeZone {
    /// The instants at which the wall clock of this zone shows `secondsOfDay` on `date`.
    public func resolve(_ date: CivilDate, secondsOfDay: Int) -> WallClockResolution {
        let wall = HomeZone.wallSeconds(date, secondsOfDay)
        return .of(wall: wall, guesses: nearbyOffsets(wall), offset: offset(atUnix:))
    }

    /// The first instant of the date; when midnight falls in a gap, the instant the gap ends.
    public func startOfDay(_ date: CivilDate) -> Date {
        instantForWindowEdge(date, secondsOfDay: 0)
    }

    /// A window edge as an instant: in a gap, the instant just after the gap; in an overlap,
    /// the earlier instant; 86400 is the start of the next date.
    public func instantForWindowEdge(_ date: CivilDate, secondsOfDay: Int) -> Date {
        if secondsOfDay >= 86400 {
            return startOfDay(date.adding(days: 1))
        }
        switch resolve(date, secondsOfDay: secondsOfDay) {
        case .exact(let instant): return instant
        case .overlap(let earlier, _): return earlier
        case .gap: return Date(unixSeconds: endOfGap(HomeZone.wallSeconds(date, secondsOfDay)))
        }
    }

    /// The wall time read as if it were UTC, in Unix seconds.
    static func wallSeconds(_ date: CivilDate, _ secondsOfDay: Int) -> Int {
        date.daysSinceEpoch * 86400 + secondsOfDay
    }

    private func offset(atUnix seconds: Int) -> Int {
        offset(at: Date(unixSeconds: seconds))
    }

    private func nearbyOffsets(_ wall: Int) -> Set<Int> {
        [offset(atUnix: wall - 86400), offset(atUnix: wall), offset(atUnix: wall + 86400)]
    }

    /// The transition instant that ends the gap containing `wall`: the first instant whose
    /// wall-clock reading is at or after `wall`.
    private func endOfGap(_ wall: Int) -> Int {
        let offsets = nearbyOffsets(wall)
        var low = wall - (offsets.max() ?? 0)  // reads before `wall`
        var high = wall - (offsets.min() ?? 0)  // reads at or after `wall`
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if middle + offset(atUnix: middle) >= wall {
                high = middle
            } else {
                low = middle
            }
        }
        return high
    }
}
