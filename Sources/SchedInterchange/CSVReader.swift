import Foundation
import SchedCore

/// Reads the rows of a CSV text (RFC 4180) into import entries, without I/O.
///
/// The first record is the header: `customer_name`, `start_time` and `duration_minutes` in any
/// order, optionally `note` and `email`; names are trimmed and case-insensitive. How it treats a
/// file that is not quite right:
/// - Records end at CRLF, LF or CR; a UTF-8 BOM is skipped; empty lines are not rows.
/// - A bad header, an empty file and a quoted field still open at the end of the file are
///   `ImportFileError`s; the last names the line where the field started.
/// - A stray quote in an unquoted field, text after a closing quote, a wrong number of fields,
///   an unreadable start_time or duration_minutes become that row's problem, in that order.
/// - Unquoted fields are trimmed of spaces and tabs; quoted fields are taken as they are, but
///   for line breaks inside them, which read as newlines whether CRLF, LF or CR.
public enum CSVReader {
    /// The data rows of a CSV text, in file order.
    public static func entries(_ text: String) throws(ImportFileError) -> [ImportEntry] {
        try entries(utf8: Array(text.utf8))
    }

    /// The data rows of a CSV file's bytes, in file order; malformed UTF-8 is read as U+FFFD.
    public static func entries(utf8 bytes: [UInt8]) throws(ImportFileError) -> [ImportEntry] {
        if let line = ImportBytes.firstLineNotUTF8(bytes) {
            throw ImportFileError(line: line, message: ImportMessage.notUTF8)
        }
        let records = try self.records(bytes)
        guard let header = records.first else {
            throw ImportFileError(line: 1, message: ImportMessage.csvEmpty)
        }
        let columns = try Columns(header)
        var entries: [ImportEntry] = []
        entries.reserveCapacity(records.count - 1)
        for (offset, record) in records.dropFirst().enumerated() {
            entries.append(entry(record, row: offset + 1, columns: columns))
        }
        return entries
    }

    struct Field {
        var text: String
        var quoted: Bool
    }

    struct Record {
        var line: Int
        var fields: [Field]
        var problem: String?

        var isBlank: Bool { fields.count == 1 && !fields[0].quoted && fields[0].text.isEmpty }
    }

    /// Where each column is in a record.
    struct Columns {
        var count: Int
        var name: Int
        var start: Int
        var duration: Int
        var note: Int?
        var email: Int?

        static let known = ["customer_name", "start_time", "duration_minutes", "note", "email"]

        init(_ header: Record) throws(ImportFileError) {
            var found: [String: Int] = [:]
            for (index, field) in header.fields.enumerated() {
                let name = field.text.trimmingCharacters(in: .whitespaces).lowercased()
                guard Self.known.contains(name) else {
                    throw ImportFileError(line: header.line, message: ImportMessage.unknownColumn(name))
                }
                guard found[name] == nil else {
                    throw ImportFileError(line: header.line, message: ImportMessage.columnTwice(name))
                }
                found[name] = index
            }
            func required(_ name: String) throws(ImportFileError) -> Int {
                guard let index = found[name] else {
                    throw ImportFileError(line: header.line, message: ImportMessage.missingColumn(name))
                }
                return index
            }
            count = header.fields.count
            name = try required("customer_name")
            start = try required("start_time")
            duration = try required("duration_minutes")
            note = found["note"]
            email = found["email"]
        }
    }

    /// Splits `bytes` into records, skipping blank lines.
    ///
    ///     file   → record *(linebreak record) [linebreak]
    ///     record → field *("," field)
    ///     field  → DQUOTE *(textdata / "," / linebreak / DQUOTE DQUOTE) DQUOTE / *textdata
    static func records(_ bytes: [UInt8]) throws(ImportFileError) -> [Record] {
        var scanner = Scanner(bytes: bytes, index: ImportBytes.afterByteOrderMark(bytes))
        var records: [Record] = []
        while scanner.index < bytes.count {
            let record = try scanner.record()
            if !record.isBlank { records.append(record) }
        }
        return records
    }

    /// A position in the bytes of a CSV text and the physical line it is on.
    struct Scanner {
        var bytes: [UInt8]
        var index: Int
        var line = 1

        init(bytes: [UInt8], index: Int) {
            self.bytes = bytes
            self.index = index
        }

        var atFieldEnd: Bool {
            index >= bytes.count || bytes[index] == ImportBytes.comma || bytes[index] == ImportBytes.lf
                || bytes[index] == ImportBytes.cr
        }

        /// Reads one record and the line break after it.
        mutating func record() throws(ImportFileError) -> Record {
            var record = Record(line: line, fields: [])
            while true {
                if index < bytes.count, bytes[index] == ImportBytes.quote {
                    record.fields.append(Field(text: try quotedField(), quoted: true))
                    let after = index
                    while !atFieldEnd { index += 1 }
                    if bytes[after..<index].contains(where: { $0 != ImportBytes.space && $0 != ImportBytes.tab }) {
                        record.problem = record.problem ?? ImportMessage.textAfterQuote
                    }
                } else {
                    let start = index
                    while !atFieldEnd { index += 1 }
                    if bytes[start..<index].contains(ImportBytes.quote) {
                        record.problem = record.problem ?? ImportMessage.strayQuote
                    }
                    record.fields.append(Field(text: Self.trimmed(bytes[start..<index]), quoted: false))
                }
                guard index < bytes.count, bytes[index] == ImportBytes.comma else { break }
                index += 1
            }
            skipLineBreak()
            return record
        }

        /// Reads a quoted field from its opening quote to its closing one.
        mutating func quotedField() throws(ImportFileError) -> String {
            let startLine = line
            index += 1
            var text: [UInt8] = []
            var segment = index
            while true {
                guard index < bytes.count else {
                    throw ImportFileError(line: startLine, message: ImportMessage.quoteNotClosed)
                }
                switch bytes[index] {
                case ImportBytes.quote:
                    if index + 1 < bytes.count, bytes[index + 1] == ImportBytes.quote {
                        text.append(contentsOf: bytes[segment...index])
                        index += 2
                        segment = index
                    } else {
                        text.append(contentsOf: bytes[segment..<index])
                        index += 1
                        return ImportBytes.text(text)
                    }
                case ImportBytes.lf:
                    line += 1
                    index += 1
                case ImportBytes.cr:
                    // A line break inside quotes (CRLF, as RFC 4180 writes it, or CR) is a newline.
                    text.append(contentsOf: bytes[segment..<index])
                    text.append(ImportBytes.lf)
                    line += 1
                    index += index + 1 < bytes.count && bytes[index + 1] == ImportBytes.lf ? 2 : 1
                    segment = index
                default:
                    index += 1
                }
            }
        }

        mutating func skipLineBreak() {
            guard index < bytes.count else { return }
            if bytes[index] == ImportBytes.cr, index + 1 < bytes.count, bytes[index + 1] == ImportBytes.lf {
                index += 1
            }
            index += 1
            line += 1
        }

        static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
            var start = bytes.startIndex
            var end = bytes.endIndex
            while start < end, bytes[start] == ImportBytes.space || bytes[start] == ImportBytes.tab { start += 1 }
            while end > start, bytes[end - 1] == ImportBytes.space || bytes[end - 1] == ImportBytes.tab { end -= 1 }
            return ImportBytes.text(bytes[start..<end])
        }
    }

    static func entry(_ record: Record, row: Int, columns: Columns) -> ImportEntry {
        func field(_ index: Int?) -> String? {
            guard let index, index < record.fields.count else { return nil }
            return record.fields[index].text
        }
        var entry = ImportEntry(
            line: record.line, row: row, name: field(columns.name) ?? "",
            note: field(columns.note).flatMap { $0.isEmpty ? nil : $0 },
            email: field(columns.email).flatMap { $0.isEmpty ? nil : $0 })
        var startProblem: String?
        switch startTime(field(columns.start) ?? "") {
        case .success(let time): entry.start = time
        case .failure(let failure): startProblem = failure.message
        }
        var durationProblem: String?
        switch seconds(field(columns.duration) ?? "") {
        case .success(let seconds): entry.length = .seconds(seconds)
        case .failure(let failure): durationProblem = failure.message
        }
        let countProblem = record.fields.count == columns.count
            ? nil : ImportMessage.fieldCount(record.fields.count, header: columns.count)
        entry.problem = record.problem ?? countProblem ?? startProblem ?? durationProblem
        return entry
    }

    struct FieldFailure: Error {
        var message: String
    }

    /// Reads a start_time.
    ///
    ///     start-time → YYYY "-" MM "-" DD ("T" / " ") hh ":" mm [":" ss] ["Z" / ("+" / "-") hh ":" mm]
    static func startTime(_ raw: String) -> Result<EntryTime, FieldFailure> {
        guard !raw.isEmpty else { return .failure(FieldFailure(message: ImportMessage.emptyField("start_time"))) }
        let invalid = Result<EntryTime, FieldFailure>.failure(FieldFailure(message: ImportMessage.notCSVDateTime(raw)))
        let bytes = Array(raw.utf8)
        let dash: UInt8 = 0x2D
        guard bytes.count >= 16, bytes[4] == dash, bytes[7] == dash,
            [0x54, 0x74, ImportBytes.space].contains(bytes[10]), bytes[13] == ImportBytes.colon,
            let year = ImportBytes.number(bytes, 0..<4), let month = ImportBytes.number(bytes, 5..<7),
            let day = ImportBytes.number(bytes, 8..<10), let date = CivilDate(year: year, month: month, day: day),
            let hour = ImportBytes.number(bytes, 11..<13), let minute = ImportBytes.number(bytes, 14..<16)
        else { return invalid }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == ImportBytes.colon {
            guard let value = ImportBytes.number(bytes, (index + 1)..<(index + 3)) else { return invalid }
            second = value
            index += 3
        }
        guard let seconds = ImportBytes.secondsOfDay(hour: hour, minute: minute, second: second) else {
            return invalid
        }
        if index == bytes.count { return .success(.wall(date, secondsOfDay: seconds, zone: nil)) }
        if index + 1 == bytes.count, bytes[index] == 0x5A || bytes[index] == 0x7A {
            return .success(.instant(ImportBytes.instant(date, secondsOfDay: seconds)))
        }
        guard index + 6 == bytes.count, bytes[index] == 0x2B || bytes[index] == dash,
            bytes[index + 3] == ImportBytes.colon,
            let offsetHours = ImportBytes.number(bytes, (index + 1)..<(index + 3)),
            let offsetMinutes = ImportBytes.number(bytes, (index + 4)..<(index + 6)),
            offsetHours <= 18, offsetMinutes <= 59
        else { return invalid }
        let offset = (offsetHours * 3600 + offsetMinutes * 60) * (bytes[index] == dash ? -1 : 1)
        return .success(.instant(ImportBytes.instant(date, secondsOfDay: seconds, offsetSeconds: offset)))
    }

    /// Reads duration_minutes, digits only, as seconds.
    static func seconds(_ raw: String) -> Result<Int, FieldFailure> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            return .failure(FieldFailure(message: ImportMessage.emptyField("duration_minutes")))
        }
        let bytes = Array(text.utf8)
        guard bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return .failure(FieldFailure(message: ImportMessage.notWholeNumber(raw)))
        }
        guard bytes.count <= 9, let minutes = ImportBytes.number(bytes, 0..<bytes.count) else {
            return .failure(FieldFailure(message: ImportMessage.tooLarge(raw)))
        }
        return .success(minutes * 60)
    }
}
