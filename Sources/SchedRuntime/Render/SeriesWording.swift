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

    /// `Sun 30 Mar 2025 02:30`: a skipped occurrence at the wall time the rule gives it, which
    /// for one the clocks skip is not the instant it is known by.
    static func occurrence(_ skipped: SkippedOccurrence, of series: Series) -> String {
        HumanFormat.day(series.zone.civil(skipped.originalStart).date) + " " + HumanFormat.clock(series.secondsOfDay)
    }

    /// What `show series` says about how far ahead occurrences are stored.
    static func stored(_ series: Series) -> String {
        guard series.storedThrough < .distantFuture else { return "every occurrence" }
        return "through \(HumanFormat.day(series.storedThrough)) "
            + "(kept \(SeriesService.yearsStoredAhead) years ahead, extended as time passes)"
    }
}
