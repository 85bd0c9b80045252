import Foundation
import SchedCore

/// Writes appointments as CSV (RFC 4180) in the columns `CSVReader` reads, so that importing
/// what was exported books the same appointments.
public enum CSVWriter {
    public static let header = ["customer_name", "start_time", "duration_minutes", "note", "email"]

    /// The header and a record per appointment, each ending in CRLF as RFC 4180 has it. Start
    /// times carry the home zone's offset, or `Z` where that offset has seconds, which the
    /// reader's `±hh:mm` cannot write.
    public static func text(_ appointments: [Appointment], zone: HomeZone) -> String {
        var text = header.joined(separator: ",") + "\r\n"
        for appointment in appointments {
            let start = zone.offset(at: appointment.start) % 60 == 0
                ? zone.iso8601(appointment.start) : HomeZone.utc.iso8601(appointment.start)
            let fields = [appointment.customerName, start, String(appointment.durationMinutes),
                          appointment.note ?? "", appointment.email ?? ""]
            text += fields.map(field).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// Quoted when the reader would otherwise split, join or trim it: a comma, a quote, a line
    /// break, or a space or tab at either end.
    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
            || value.first.map { $0 == " " || $0 == "\t" } == true
            || value.last.map { $0 == " " || $0 == "\t" } == true
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
