import Foundation
import SchedCore
import Scheduling

/// A series' rule as people read it: `every Tuesday at 10:00, until Mon 30 Jun 2025`.
enum SeriesWording {
    static func words(_ series: Series) -> String {
        var period = series.rule
        period.end = nil
        let words = period.words(first: series.firstDate, untilText: nil) + " at " + HumanFormat.clock(series.secondsOfDay)
        switch series.rule.end {
        case nil: return words
        case .count(let count): return words + ", \(count) time\(count == 1 ? "" : "s")"
        case .until: return words + ", until " + (SeriesService.lastDate(series).map(HumanFormat.day) ?? "")
        }
    }

    /// What `show series` says about how far ahead occurrences are stored.
    static func stored(_ series: Series) -> String {
        guard series.storedThrough < .distantFuture else { return "every occurrence" }
        return "through \(HumanFormat.day(series.storedThrough)) "
            + "(kept \(SeriesService.yearsStoredAhead) years ahead, extended as time passes)"
    }
}
