import Foundation
import SchedCore
import SchedLang

/// `export ics`: appointments as an iCalendar file, or as the statement's output.
extension Interpreter {
    func exportCalendar(_ export: ExportStatement, _ context: TimeContext) throws -> Value {
        let chosen = try exportedAppointments(export, context)
        let calendar = ICalendarWriter().calendar(chosen)
        guard case .file(let expression) = export.target else { return .string(calendar) }
        let path = try text(expression, context, what: "a file name")
        do {
            try ExportFile.write(calendar, to: path)
        } catch {
            throw RuntimeFailure(error, at: expression.range)
        }
        let count = chosen.count
        return .report(Report(
            lines: ["Exported \(count) appointment\(count == 1 ? "" : "s") to \(path)"],
            json: .object([("exported", .number(count)), ("file", .string(path))])))
    }

    /// The appointments of the range, or without one every appointment from the start of today
    /// (home zone) on; cancelled ones only when asked.
    private func exportedAppointments(_ export: ExportStatement, _ context: TimeContext) throws -> [Appointment] {
        var from = context.zone.startOfDay(context.today)
        var to: Date?
        if let dates = export.dates {
            let range = try resolve(dates, context)
            (from, to) = (range.start, range.end)
        }
        return try appointments.appointments(from: from, to: to, includingCancelled: export.includesCancelled)
    }
}
