import Foundation
import SchedCore
import SchedLang
import SchedInterchange
import Scheduling

/// `export ics` and `export csv`: appointments as a file, or as the statement's output.
extension Interpreter {
    func exportCalendar(_ export: ExportStatement) throws -> Value {
        var path: String?
        let done = try performTimed(ExportAppointments { context in
            let range = try export.dates.map { try self.resolve($0, context) }
            if case .file(let expression) = export.target {
                path = try self.text(expression, context, what: "a file name")
            }
            return (range, export.includesCancelled)
        })
        let chosen = done.output
        let calendar = switch export.format {
        case .ics:
            ICalendarWriter(productVersion: SchedVersion.current)
                .calendar(chosen.appointments, series: chosen.series, imported: chosen.imported)
        case .csv:
            CSVWriter.text(chosen.appointments, zone: done.moment.zone)
        }
        guard case .file(let expression) = export.target, let path else { return .string(calendar) }
        do {
            try ExportFile.write(calendar, to: path)
        } catch {
            throw RuntimeFailure(error, at: expression.range)
        }
        return .outcome(.exported(count: chosen.appointments.count, file: path))
    }
}
