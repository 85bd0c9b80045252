/// The rules for working-hours windows: inside the day, ending after they start, not overlapping.
enum WindowRules {
    /// The windows sorted by start; throws the first rule broken. Touching windows are fine.
    static func validated(_ windows: [TimeWindow]) throws -> [TimeWindow] {
        for window in windows {
            guard window.start >= 0, window.end <= 86400 else { throw SchedError.windowOutOfDay }
            guard window.start < window.end else { throw SchedError.windowInvalid(window) }
        }
        let sorted = windows.sorted()
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.end > later.start {
            throw SchedError.windowsOverlap(earlier, later)
        }
        return sorted
    }
}
