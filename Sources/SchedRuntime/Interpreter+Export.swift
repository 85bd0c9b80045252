import Foundation
import SchedCore
import SchedLang

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `export ics`: appointments as an iCalendar file, or as the statement's output.
extension Interpreter {
    func exportCalendar(_ export: ExportStatement, _ context: TimeContext) throws -> Value {
        let chosen = try exportedAppointments(export, context)
        let calendar = ICalendarWriter().calendar(chosen)
        guard case .file(let expression) = export.target else { return .string(calendar) }
        let path = try text(expression, context, what: "a file name")
        do {
            try Self.replaceFile(at: path, with: calendar)
        } catch let error as SchedError {
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

    /// Writes `text` to a new file beside `path`, then renames it over `path`, so a reader sees
    /// the old calendar or the new one and never half of one.
    static func replaceFile(at path: String, with text: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + "." + UUID().uuidString.prefix(8) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SchedError.fileUnwritable(path, reason: Self.lastError) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                let reason = Self.lastError
                close(descriptor)
                unlink(temporary)
                throw SchedError.fileUnwritable(path, reason: reason)
            }
            bytes = bytes.dropFirst(written)
        }
        let synced = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        guard synced, closed, rename(temporary, path) == 0 else {
            let reason = Self.lastError
            unlink(temporary)
            throw SchedError.fileUnwritable(path, reason: reason)
        }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}
