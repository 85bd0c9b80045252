import Foundation
import SchedCore
@testable import SchedInterchange
@testable import SchedRuntime
import Testing

/// `CSVReader`: the rows of a CSV text, read for `import csv`.
@Suite struct CSVReaderTests {
    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day) ?? CivilDate(daysSinceEpoch: 0)
    }

    static func wall(_ day: Int, _ hour: Int, _ minute: Int) -> EntryTime {
        .wall(date(2025, 3, day), secondsOfDay: hour * 3600 + minute * 60, zone: nil)
    }

    static func one(_ row: String) throws -> ImportEntry {
        let entries = try CSVReader.entries("customer_name,start_time,duration_minutes\n" + row + "\n")
        try #require(entries.count == 1)
        return entries[0]
    }

    // MARK: - Header

    @Test func columnsMayComeInAnyOrderAndCase() throws {
        let text = " Duration_Minutes ,EMAIL,start_time,note,Customer_Name\r\n45,ann@x.org,2025-03-04T10:00,first,Ann\r\n"
        let entries = try CSVReader.entries(text)
        #expect(entries == [
            ImportEntry(line: 2, row: 1, name: "Ann", start: Self.wall(4, 10, 0), length: .seconds(2700),
                        note: "first", email: "ann@x.org"),
        ])
    }

    @Test func noteAndEmailAreOptional() throws {
        let entry = try Self.one("Bob,2025-03-04 09:30,30")
        #expect(entry == ImportEntry(line: 2, row: 1, name: "Bob", start: Self.wall(4, 9, 30), length: .seconds(1800)))
        let empty = try CSVReader.entries("customer_name,start_time,duration_minutes,note,email\nBob,2025-03-04 09:30,30,,\n")
        #expect(empty.first?.note == nil)
        #expect(empty.first?.email == nil)
        #expect(empty.first?.problem == nil)
    }

    @Test func aHeaderWithoutRowsGivesNoEntries() throws {
        #expect(try CSVReader.entries("customer_name,start_time,duration_minutes").isEmpty)
    }

    @Test(arguments: [
        ("customer_name,start_time,duration_minutes,phone\n", "unknown column 'phone'; expected customer_name, start_time, duration_minutes, note, email"),
        ("customer_name,duration_minutes\n", "the header has no 'start_time' column"),
        ("start_time,duration_minutes\n", "the header has no 'customer_name' column"),
        ("customer_name,start_time\n", "the header has no 'duration_minutes' column"),
        ("customer_name,start_time,duration_minutes,note,NOTE\n", "the header has column 'note' twice"),
        ("", "the file is empty: a header row customer_name,start_time,duration_minutes is expected"),
        ("\u{FEFF}\r\n\n", "the file is empty: a header row customer_name,start_time,duration_minutes is expected"),
    ])
    func aBadHeaderIsAFileError(text: String, message: String) {
        #expect(throws: ImportFileError(line: 1, message: message)) { try CSVReader.entries(text) }
    }

    @Test func aByteOrderMarkIsSkipped() throws {
        let entries = try CSVReader.entries("\u{FEFF}customer_name,start_time,duration_minutes\nAnn,2025-03-04T10:00,30\n")
        #expect(entries.map(\.name) == ["Ann"])
    }

    // MARK: - Quoting and lines

    @Test func quotedFieldsHoldCommasLineBreaksAndQuotes() throws {
        let text = "customer_name,note,start_time,duration_minutes\r\n"
            + "\"Müller, Zoë\",\"says \"\"hi\"\"\r\nand bye\",2025-03-04T10:00,30\r\n"
            + "\" padded \",\"\",2025-03-05T11:00,60\r\n"
        let entries = try CSVReader.entries(text)
        #expect(entries.map(\.name) == ["Müller, Zoë", " padded "])
        #expect(entries.map(\.note) == ["says \"hi\"\nand bye", nil])
        #expect(entries.map(\.problem) == [nil, nil])
    }

    @Test func crlfLfAndCRFilesReadAlike() throws {
        let lf = "customer_name,start_time,duration_minutes\nAnn,2025-03-04T10:00,30\n\n\"B\nob\",2025-03-05T10:00,45\nCy,x,1"
        let expected = try CSVReader.entries(lf)
        #expect(expected.map(\.line) == [2, 4, 6])
        #expect(expected.map(\.row) == [1, 2, 3])
        #expect(try CSVReader.entries(lf.replacingOccurrences(of: "\n", with: "\r\n")).map(\.line) == [2, 4, 6])
        #expect(try CSVReader.entries(lf.replacingOccurrences(of: "\n", with: "\r")).map(\.line) == [2, 4, 6])
        let crlf = try CSVReader.entries(lf.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(crlf.map(\.start) == expected.map(\.start))
        #expect(crlf.map(\.problem) == expected.map(\.problem))
        // A line break inside quotes reads as a newline whichever way the file ends its lines.
        let cr = try CSVReader.entries(lf.replacingOccurrences(of: "\n", with: "\r"))
        #expect([expected, crlf, cr].map { $0.map(\.name) } == Array(repeating: ["Ann", "B\nob", "Cy"], count: 3))
    }

    @Test func aRowThatIsNotUTF8IsAFileErrorAtItsLine() {
        var bytes = Array("customer_name,start_time,duration_minutes\r\nAnn,2025-03-04T10:00,30\r\nBob".utf8)
        bytes += [0xFF, 0xFE] + Array(",2025-03-04T11:00,30\r\n".utf8)
        #expect(throws: ImportFileError(line: 3, message: "the text is not UTF-8")) {
            try CSVReader.entries(utf8: bytes)
        }
    }

    @Test func rowAndLineNumbersCountAMultiLineQuotedField() throws {
        let text = "customer_name,start_time,duration_minutes,note\n"
            + "Ann,2025-03-04T10:00,30,\"one\ntwo\r\nthree\"\n"
            + "\n"
            + "Bob,2025-03-04T11:00,oops,\n"
        let entries = try CSVReader.entries(text)
        #expect(entries.map(\.row) == [1, 2])
        #expect(entries.map(\.line) == [2, 6])
        #expect(entries.map(\.problem) == [nil, "duration_minutes: 'oops' is not a whole number"])
    }

    @Test func anUnclosedQuoteIsAFileErrorAtItsLine() {
        let text = "customer_name,start_time,duration_minutes\nAnn,2025-03-04T10:00,30\n\"Bob,2025-03-04T11:00,30\nCy\n"
        #expect(throws: ImportFileError(line: 3, message: "a quoted field is not closed")) {
            try CSVReader.entries(text)
        }
    }

    @Test func aStrayQuoteIsTheRowsProblem() throws {
        let entry = try Self.one("Ann \"the\" first,2025-03-04T10:00,30")
        #expect(entry.problem == "stray quote in an unquoted field")
        let after = try Self.one("\"Ann\" x,2025-03-04T10:00,30")
        #expect(after.problem == "text after the closing quote of a quoted field")
    }

    @Test func unquotedFieldsAreTrimmed() throws {
        let entry = try Self.one("  Ann  , 2025-03-04T10:00 , 30 ")
        #expect(entry.name == "Ann")
        #expect(entry.start == Self.wall(4, 10, 0))
        #expect(entry.length == .seconds(1800))
    }

    @Test(arguments: [("Ann,2025-03-04T10:00", 2), ("Ann,2025-03-04T10:00,30,extra", 4), ("Ann", 1)])
    func aRowWithTheWrongFieldCountHasAProblem(row: String, count: Int) throws {
        let entry = try Self.one(row)
        #expect(entry.name == "Ann")
        #expect(entry.problem == "row has \(count) field\(count == 1 ? "" : "s"); the header has 3")
    }

    // MARK: - Values

    @Test(arguments: [
        ("2025-03-04T10:00", Self.wall(4, 10, 0)),
        ("2025-03-04 10:00:30", EntryTime.wall(Self.date(2025, 3, 4), secondsOfDay: 36_030, zone: nil)),
        ("2025-03-04T09:00Z", EntryTime.instant(Date(timeIntervalSince1970: 1_741_078_800))),
        ("2025-03-04T10:00:00+01:00", EntryTime.instant(Date(timeIntervalSince1970: 1_741_078_800))),
        ("2025-03-04T04:30-04:30", EntryTime.instant(Date(timeIntervalSince1970: 1_741_078_800))),
    ])
    func aStartTimeIsRead(value: String, time: EntryTime) throws {
        let entry = try Self.one("Ann,\(value),30")
        #expect(entry.start == time)
        #expect(entry.problem == nil)
    }

    @Test(arguments: ["2025-13-04T10:00", "2025-02-29T10:00", "2025-03-04T24:00", "2025-03-04", "04/03/2025 10:00",
                      "2025-03-04T10:00+0100", "2025-03-04T10:00 CET", "2025-03-04T10:00:5"])
    func aBadStartTimeIsTheRowsProblem(value: String) throws {
        let entry = try Self.one("Ann,\(value),30")
        #expect(entry.start == nil)
        #expect(entry.problem == "start_time: '\(value)' is not a date-time such as 2025-03-04T10:00")
    }

    @Test(arguments: [("abc", "duration_minutes: 'abc' is not a whole number"),
                      ("-5", "duration_minutes: '-5' is not a whole number"),
                      ("1.5", "duration_minutes: '1.5' is not a whole number"),
                      ("", "duration_minutes is empty"),
                      ("99999999999999999999999", "duration_minutes: '99999999999999999999999' is too large")])
    func aBadDurationIsTheRowsProblem(value: String, problem: String) throws {
        let entry = try Self.one("Ann,2025-03-04T10:00,\(value)")
        #expect(entry.length == .none)
        #expect(entry.problem == problem)
    }

    @Test func aBadStartWinsOverABadDuration() throws {
        let entry = try Self.one("Ann,,x")
        #expect(entry.problem == "start_time is empty")
    }

    @Test func manyRowsAreRead() throws {
        var text = "customer_name,start_time,duration_minutes\n"
        for index in 0..<10_000 { text += "\"Customer, \(index)\",2025-03-04T10:00,30\n" }
        let entries = try CSVReader.entries(text)
        #expect(entries.count == 10_000)
        #expect(entries.last?.name == "Customer, 9999")
        #expect(entries.last?.line == 10_001)
    }
}
