import Foundation
import SchedCore
@testable import SchedInterchange
@testable import SchedRuntime
import Testing

/// `ICalendarReader`: the VEVENTs of an iCalendar text, read for `import ics`.
@Suite struct ICalendarReaderTests {
    /// A calendar around `body`, its lines joined with CRLF.
    static func calendar(_ body: [String], end: String = "\r\n") -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"] + body + ["END:VCALENDAR"])
            .joined(separator: "\r\n") + end
    }

    static func event(_ lines: [String]) -> [String] {
        ["BEGIN:VEVENT"] + lines + ["END:VEVENT"]
    }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day) ?? CivilDate(daysSinceEpoch: 0)
    }

    static func one(_ lines: [String]) throws -> ImportEntry {
        let entries = try ICalendarReader.entries(calendar(event(lines)))
        try #require(entries.count == 1)
        return entries[0]
    }

    // MARK: - Start and end

    @Test func aUTCStartIsAnInstant() throws {
        let entry = try Self.one(["UID:a@x", "DTSTART:20250304T090000Z", "DTEND:20250304T094500Z", "SUMMARY:Ann"])
        #expect(entry.start == .instant(Date(timeIntervalSince1970: 1_741_078_800)))
        #expect(entry.length == .end(.instant(Date(timeIntervalSince1970: 1_741_081_500))))
        #expect(entry.uid == "a@x")
        #expect(entry.name == "Ann")
        #expect(entry.line == 4)
        #expect(entry.row == nil)
        #expect(entry.problem == nil)
    }

    @Test func aTZIDStartIsAWallTimeInThatZone() throws {
        let entry = try Self.one(["DTSTART;TZID=Europe/Berlin:20250330T023000", "DURATION:PT30M"])
        #expect(entry.start == .wall(Self.date(2025, 3, 30), secondsOfDay: 9000, zone: .system("Europe/Berlin")))
        #expect(entry.length == .seconds(1800))
        #expect(entry.problem == nil)
    }

    @Test func aStartWithoutZoneIsFloating() throws {
        let entry = try Self.one(["DTSTART:20251231T235900", "SUMMARY:x"])
        #expect(entry.start == .wall(Self.date(2025, 12, 31), secondsOfDay: 86_340, zone: nil))
        #expect(entry.length == .none)
        #expect(entry.problem == nil)
        #expect(entry.warnings.isEmpty)
    }

    /// A booking has whole minutes; an end one second short of the hour is the hour.
    @Test func secondsAreRoundedToTheNearestMinuteWithAWarning() throws {
        let entry = try Self.one(["DTSTART:20250304T100029Z", "DTEND:20250304T105959Z", "SUMMARY:x"])
        #expect(entry.start == .instant(Date(timeIntervalSince1970: 1_741_082_400)))  // 10:00Z
        #expect(entry.length == .end(.instant(Date(timeIntervalSince1970: 1_741_086_000))))  // 11:00Z
        #expect(entry.problem == nil)
        #expect(entry.warnings == [
            "DTSTART: '20250304T100029Z' has seconds; rounded to the nearest minute",
            "DTEND: '20250304T105959Z' has seconds; rounded to the nearest minute",
        ])
        let half = try Self.one(["DTSTART;TZID=Europe/Berlin:20250304T100030", "DURATION:PT30M", "SUMMARY:x"])
        #expect(half.start == .wall(Self.date(2025, 3, 4), secondsOfDay: 36_060, zone: .system("Europe/Berlin")))
        #expect(half.warnings.count == 1)
    }

    @Test func aLeapSecondRoundsIntoTheNextDay() throws {
        let entry = try Self.one(["DTSTART:20251231T235960", "SUMMARY:x"])
        #expect(entry.start == .wall(Self.date(2026, 1, 1), secondsOfDay: 0, zone: nil))
        #expect(entry.warnings == ["DTSTART: '20251231T235960' has seconds; rounded to the nearest minute"])
    }

    @Test func anUnknownTZIDIsTheEventsProblem() throws {
        let entry = try Self.one(["DTSTART;TZID=Mars/Olympus Mons:20250304T100000"])
        #expect(entry.start == nil)
        #expect(entry.problem == "TZID 'Mars/Olympus Mons' is not a known time zone")
    }

    /// Outlook writes Windows zone names; Thunderbird and others put a prefix before the IANA name.
    @Test(arguments: [
        ("W. Europe Standard Time", "Europe/Berlin"), ("Eastern Standard Time", "America/New_York"),
        ("/mozilla.org/20070129_1/Europe/Berlin", "Europe/Berlin"),
        ("/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ])
    func vendorZoneNamesAreRead(tzid: String, identifier: String) throws {
        let entry = try Self.one(["DTSTART;TZID=\"\(tzid)\":20250304T100000", "DURATION:PT30M"])
        #expect(entry.start == .wall(Self.date(2025, 3, 4), secondsOfDay: 36_000, zone: .system(identifier)))
        #expect(entry.problem == nil)
    }

    // MARK: - Zones the file defines

    /// A VTIMEZONE of `tzid` with one fixed offset.
    static func fixedZone(_ tzid: String, _ offset: String) -> [String] {
        ["BEGIN:VTIMEZONE", "TZID:\(tzid)", "BEGIN:STANDARD", "DTSTART:16010101T000000",
         "TZOFFSETFROM:\(offset)", "TZOFFSETTO:\(offset)", "END:STANDARD", "END:VTIMEZONE"]
    }

    /// The instant an entry's start names, resolved in its zone (the earlier one in an overlap).
    static func instant(_ entry: ImportEntry) -> Date? {
        guard case .wall(let date, let seconds, let zone?)? = entry.start else { return nil }
        switch zone.resolve(date, secondsOfDay: seconds) {
        case .exact(let instant), .overlap(let instant, _): return instant
        case .gap: return nil
        }
    }

    @Test func aCustomTZIDUsesTheFilesDefinition() throws {
        let tzid = "(UTC-05:00) Eastern Time (US & Canada)"
        let entries = try ICalendarReader.entries(Self.calendar([
            "BEGIN:VTIMEZONE", "TZID:\(tzid)",
            "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11", "END:STANDARD",
            "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400",
            "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
        ] + Self.event(["DTSTART;TZID=\"\(tzid)\":20250304T100000", "DTEND;TZID=\"\(tzid)\":20250310T100000"])))
        let entry = try #require(entries.first)
        #expect(entry.problem == nil)
        guard case .wall(let date, 36_000, .defined(let zone))? = entry.start else {
            Issue.record("not a wall time in a defined zone: \(String(describing: entry.start))")
            return
        }
        #expect(date == Self.date(2025, 3, 4))
        #expect(zone.tzid == tzid)
        #expect(Self.instant(entry) == Date(timeIntervalSince1970: 1_741_100_400))  // 15:00Z, before the change
        guard case .end(.wall(_, _, let endZone?)) = entry.length else {
            Issue.record("the end is not a wall time: \(entry.length)")
            return
        }
        // After the second Sunday of March: 10:00 is 14:00Z.
        #expect(endZone.resolve(Self.date(2025, 3, 10), secondsOfDay: 36_000)
                == .exact(Date(timeIntervalSince1970: 1_741_615_200)))
    }

    /// A file may define a zone under a name the system knows: the file's meaning wins.
    @Test(arguments: ["Europe/Berlin", "W. Europe Standard Time"])
    func aKnownNameRedefinedByTheFileUsesTheFilesDefinition(tzid: String) throws {
        let entries = try ICalendarReader.entries(Self.calendar(
            Self.fixedZone(tzid, "+0300") + Self.event(["DTSTART;TZID=\(tzid):20250304T100000", "DURATION:PT30M"])))
        let entry = try #require(entries.first)
        #expect(entry.problem == nil)
        #expect(Self.instant(entry) == Date(timeIntervalSince1970: 1_741_071_600))  // 07:00Z, not 09:00Z
    }

    @Test func aDefinitionAfterTheEventStillCounts() throws {
        let entries = try ICalendarReader.entries(Self.calendar(
            Self.event(["DTSTART;TZID=Somewhere:20250304T100000"]) + Self.fixedZone("Somewhere", "-0330")))
        #expect(entries.map(\.problem) == [nil])
        #expect(entries.first.flatMap(Self.instant) == Date(timeIntervalSince1970: 1_741_095_000))  // 13:30Z
    }

    /// Outlook writes a VTIMEZONE with a TZID and nothing else: it defines nothing, so the
    /// name is looked up as if there were none.
    @Test func aVTimezoneThatDefinesNothingFallsBackToTheNamesTable() throws {
        let entries = try ICalendarReader.entries(Self.calendar(
            ["BEGIN:VTIMEZONE", "TZID:Romance Standard Time", "END:VTIMEZONE",
             "BEGIN:VTIMEZONE", "TZID:Nowhere Standard Time", "END:VTIMEZONE"]
                + Self.event(["DTSTART;TZID=Romance Standard Time:20250304T100000"])
                + Self.event(["DTSTART;TZID=Nowhere Standard Time:20250304T100000"])))
        #expect(entries.first?.start == .wall(Self.date(2025, 3, 4), secondsOfDay: 36_000, zone: .system("Europe/Paris")))
        #expect(entries.map(\.problem) == [nil, "TZID 'Nowhere Standard Time' is not a known time zone"])
    }

    @Test func aZoneDefinedInAnotherCalendarDoesNotCount() throws {
        let first = Self.calendar(Self.event(["DTSTART;TZID=Somewhere:20250304T100000"]))
        let second = Self.calendar(Self.fixedZone("Somewhere", "+0100"))
        let entries = try ICalendarReader.entries(first + second)
        #expect(entries.map(\.problem) == ["TZID 'Somewhere' is not a known time zone"])
    }

    @Test(arguments: [
        (["RRULE:FREQ=MONTHLY;BYDAY=2SU"],
         "RRULE: 'FREQ=MONTHLY;BYDAY=2SU' is not a yearly rule by month and day such as FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        (["RRULE:FREQ=YEARLY;BYDAY=2SU"],
         "RRULE: 'FREQ=YEARLY;BYDAY=2SU' is not a yearly rule by month and day such as FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        (["TZOFFSETTO:+2500"], "TZOFFSETTO: '+2500' is not a UTC offset such as +0100"),
        (["DTSTART:1601"], "DTSTART: '1601' is not a date-time"),
    ])
    func anUnreadableDefinitionIsTheProblemOfTheEventsThatUseIt(lines: [String], problem: String) throws {
        var observance = ["TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "DTSTART:16010101T020000"]
        for line in lines {
            let name = line.prefix { $0 != ":" }
            observance.removeAll { $0.hasPrefix(name + ":") }
            observance.append(line)
        }
        let text = Self.calendar(["BEGIN:VTIMEZONE", "TZID:Odd", "BEGIN:DAYLIGHT"] + observance
            + ["END:DAYLIGHT", "END:VTIMEZONE"] + Self.event(["DTSTART;TZID=Odd:20250304T100000"])
            + Self.event(["DTSTART;TZID=Europe/Berlin:20250304T100000"]))
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.problem) == ["TZID 'Odd': the VTIMEZONE at line 4 cannot be read: " + problem, nil])
    }

    @Test func everyWindowsZoneNameMapsToAKnownZone() {
        for (name, identifier) in ZoneNames.windowsNames {
            #expect(TimeZone(identifier: identifier) != nil, "\(name) → \(identifier)")
        }
    }

    @Test(arguments: ["20251301T100000", "20250230T100000", "20250304T240000", "20250304T106000",
                      "2025-03-04T10:00", "20250304T100000+0100"])
    func anImpossibleDateTimeIsTheEventsProblem(value: String) throws {
        let entry = try Self.one(["DTSTART:\(value)"])
        #expect(entry.start == nil)
        #expect(entry.problem == "DTSTART: '\(value)' is not a date-time")
    }

    @Test func aMissingStartIsTheEventsProblem() throws {
        let entry = try Self.one(["SUMMARY:x", "DURATION:PT1H"])
        #expect(entry.problem == "DTSTART is missing")
    }

    @Test(arguments: [("PT30M", 1800), ("P1W", 604_800), ("PT1H30M", 5400), ("P1DT2H", 93_600),
                      ("+PT45S", 45), ("PT0S", 0), ("p1dt1m", 86_460)])
    func aDurationIsReadInSeconds(value: String, seconds: Int) throws {
        let entry = try Self.one(["DTSTART:20250304T100000Z", "DURATION:\(value)"])
        #expect(entry.length == .seconds(seconds))
        #expect(entry.problem == nil)
    }

    @Test(arguments: [("-PT30M", "DURATION: '-PT30M' is negative"),
                      ("PT", "DURATION: 'PT' is not a duration such as PT30M"),
                      ("P1H", "DURATION: 'P1H' is not a duration such as PT30M"),
                      ("30M", "DURATION: '30M' is not a duration such as PT30M"),
                      ("P999999999W", "DURATION: 'P999999999W' is too long")])
    func aBadDurationIsTheEventsProblem(value: String, problem: String) throws {
        let entry = try Self.one(["DTSTART:20250304T100000Z", "DURATION:\(value)"])
        #expect(entry.problem == problem)
    }

    /// A BEGIN left open, or written with a trailing space, must not swallow the events after it.
    @Test func anUnclosedComponentDoesNotSwallowLaterEvents() throws {
        let text = Self.calendar(["BEGIN:VEVENT ", "UID:a", "DTSTART:20250304T100000Z", "END:VEVENT",
                                  "BEGIN:VTIMEZONE", "TZID:Europe/Berlin",
                                  "BEGIN:VEVENT", "UID:b", "DTSTART:20250305T100000Z", "END:VEVENT",
                                  "BEGIN:VEVENT", "UID:c", "DTSTART:20250306T100000Z",
                                  "BEGIN:VEVENT", "UID:d", "DTSTART:20250307T100000Z", "END:VEVENT"])
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.uid) == ["a", "b", "c", "d"])
        #expect(entries.map(\.problem) == [nil, nil, "the event is not closed: END:VEVENT is missing", nil])
    }

    @Test func componentsNestedTooDeepAreAFileError() {
        let body = Array(repeating: "BEGIN:X", count: 40_000) + Array(repeating: "END:Y", count: 40_000)
        #expect(throws: ImportFileError(line: 24, message: "components nest more than 20 deep")) {
            try ICalendarReader.entries(Self.calendar(body))
        }
    }

    @Test func aLineThatIsNotUTF8IsAFileErrorAtItsLine() throws {
        var bytes = Array(Self.calendar(Self.event(["DTSTART:20250304T100000Z", "SUMMARY:x"])).utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "x")))
        bytes[at] = 0xC3
        #expect(throws: ImportFileError(line: 6, message: "the text is not UTF-8")) {
            try ICalendarReader.entries(utf8: bytes)
        }
    }

    @Test func anEndWinsOverADuration() throws {
        let entry = try Self.one(["DTSTART:20250304T100000", "DURATION:PT1H", "DTEND:20250304T103000"])
        #expect(entry.length == .end(.wall(Self.date(2025, 3, 4), secondsOfDay: 37_800, zone: nil)))
    }

    @Test func aStartGivenTwiceIsTheEventsProblem() throws {
        let entry = try Self.one(["DTSTART:20250304T100000", "DTSTART:20250305T100000"])
        #expect(entry.problem == "DTSTART is given twice")
    }

    // MARK: - Events sched cannot take

    @Test(arguments: [["DTSTART;VALUE=DATE:20250304"], ["DTSTART:20250304", "DTEND:20250305"],
                      ["DTSTART:20250304T100000", "DTEND;VALUE=DATE:20250305"]])
    func anAllDayEventIsRefused(lines: [String]) throws {
        let entry = try Self.one(lines)
        #expect(entry.problem == "all-day events are not supported")
    }

    @Test func aRepeatingEventCarriesItsRuleItsDatesAndWhatItReplaces() throws {
        let entry = try Self.one([
            "DTSTART;TZID=Europe/Berlin:20250304T100000", "RRULE:FREQ=WEEKLY;COUNT=3",
            "EXDATE;TZID=Europe/Berlin:20250311T100000,20250318T100000", "RDATE:20250320T090000Z",
        ])
        #expect(entry.problem == nil)
        #expect(entry.rule == "FREQ=WEEKLY;COUNT=3")
        #expect(entry.excluded.count == 2)
        guard case .wall(let date, let seconds, let zone) = entry.excluded.last else {
            Issue.record("EXDATE not read as a wall time: \(entry.excluded)")
            return
        }
        #expect(date.description == "2025-03-18" && seconds == 36000 && zone?.name == "Europe/Berlin")
        #expect(entry.extra == [.instant(try Date("2025-03-20T09:00:00Z", strategy: .iso8601))])
        let moved = try Self.one(["DTSTART:20250312T110000Z", "RECURRENCE-ID:20250311T100000Z"])
        #expect(moved.recurrenceID == .instant(try Date("2025-03-11T10:00:00Z", strategy: .iso8601)))
        let twice = try Self.one(["DTSTART:20250304T100000Z", "RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY"])
        #expect(twice.problem == "more than one RRULE is not supported")
        let periods = try Self.one(["DTSTART:20250304T100000Z", "RRULE:FREQ=DAILY", "RDATE;VALUE=PERIOD:20250305T100000Z/PT1H"])
        #expect(periods.problem == "RDATE: periods (VALUE=PERIOD) are not supported")
    }

    @Test func allDayWinsOverARepeatingEventAndAMissingTimeIsNamed() throws {
        let repeating = try Self.one(["RRULE:FREQ=DAILY", "SUMMARY:x"])
        #expect(repeating.problem == "DTSTART is missing")
        let allDay = try Self.one(["RRULE:FREQ=DAILY", "DTSTART;VALUE=DATE:20250304"])
        #expect(allDay.problem == "all-day events are not supported")
    }

    @Test func aCancelledEventIsMarked() throws {
        let entry = try Self.one(["DTSTART:20250304T100000Z", "STATUS:Cancelled"])
        #expect(entry.cancelled)
        let confirmed = try Self.one(["DTSTART:20250304T100000Z", "STATUS:CONFIRMED"])
        #expect(!confirmed.cancelled)
    }

    @Test func aLineWithoutAColonIsTheEventsProblem() throws {
        let text = Self.calendar(Self.event(["DTSTART:20250304T100000Z", "garbage here"]))
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.problem) == ["line 6 is not a content line"])
    }

    // MARK: - Text and parameters

    @Test func escapedTextIsUnescaped() throws {
        let entry = try Self.one([
            #"UID:id\,1\;2"#, "DTSTART:20250304T100000Z",
            #"SUMMARY:Zoë Müller\; Dr.\, 東京"#, #"DESCRIPTION:line one\nline two\Nback\\slash"#,
        ])
        #expect(entry.uid == "id,1;2")
        #expect(entry.name == "Zoë Müller; Dr., 東京")
        #expect(entry.note == "line one\nline two\nback\\slash")
    }

    @Test func aQuotedParameterMayHoldColonsAndSemicolons() throws {
        let entry = try Self.one([
            "DTSTART:20250304T100000Z",
            #"ATTENDEE;ROLE=REQ-PARTICIPANT;CN="Doe: John; ^'Jr^', PhD":MAILTO:john@example.com"#,
            "ATTENDEE;CN=Other:mailto:other@example.com",
        ])
        #expect(entry.name == "Doe: John; \"Jr\", PhD")
        #expect(entry.email == "john@example.com")
    }

    /// The attendee's name kept for export is that of the ATTENDEE the email came from.
    @Test func theAttendeeNameIsTheOneOfTheEmailsAttendee() throws {
        let paired = try Self.one(["DTSTART:20250304T100000Z", "SUMMARY:Visit",
                                   "ATTENDEE;CN=Ann:mailto:a@x", "ATTENDEE;CN=Bob:mailto:b@x"])
        #expect(paired.email == "a@x")
        #expect(paired.attendeeName == "Ann")
        let unnamed = try Self.one(["DTSTART:20250304T100000Z", "ATTENDEE:mailto:a@x", "ATTENDEE;CN=Bob:mailto:b@x"])
        #expect(unnamed.email == "a@x")
        #expect(unnamed.attendeeName == nil)
        #expect(unnamed.name == "Bob")
    }

    @Test func summaryWinsOverTheAttendeesName() throws {
        let entry = try Self.one(["ATTENDEE;CN=Ann:mailto:a@x", "SUMMARY:Visit", "DTSTART:20250304T100000Z"])
        #expect(entry.name == "Visit")
        let bare = try Self.one(["DTSTART:20250304T100000Z", "DESCRIPTION:"])
        #expect(bare.note == nil)
        #expect(bare.email == nil)
    }

    @Test func anEventWithoutAnyNameIsUntitledWithAWarning() throws {
        let bare = try Self.one(["DTSTART:20250304T100000Z", "SUMMARY: ", "ATTENDEE:mailto:a@x"])
        #expect(bare.name == "(untitled)")
        #expect(bare.problem == nil)
        #expect(bare.warnings == ["has no SUMMARY and no attendee's name; imported as (untitled)"])
        let blank = try Self.one(["DTSTART:20250304T100000Z", "SUMMARY:", "ATTENDEE;CN=Ann:mailto:a@x"])
        #expect(blank.name == "Ann", "a blank SUMMARY gives way to the attendee's name")
        #expect(blank.warnings.isEmpty)
    }

    @Test func propertyNamesAreCaseInsensitive() throws {
        let text = "begin:vcalendar\r\nbegin:vevent\r\ndtstart;tzid=Europe/Berlin:20250304T100000\r\n"
            + "summary:x\r\nend:vevent\r\nend:vcalendar\r\n"
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.name) == ["x"])
        #expect(entries.first?.start == .wall(Self.date(2025, 3, 4), secondsOfDay: 36_000, zone: .system("Europe/Berlin")))
    }

    // MARK: - Lines and folding

    @Test func foldingMayCutAMultiByteCharacterAndUseATab() throws {
        let summary = Array("SUMMARY:Zoë 東京".utf8)
        // Cut inside "ë" (2 bytes) and inside "東" (3 bytes).
        let cutE = summary.firstIndex(of: 0xC3).map { $0 + 1 } ?? 0
        let cutKanji = summary.firstIndex(of: 0xE6).map { $0 + 2 } ?? 0
        var folded = Array(summary[..<cutE]) + Array("\r\n ".utf8) + Array(summary[cutE..<cutKanji])
        folded += Array("\r\n\t".utf8) + Array(summary[cutKanji...])
        let bytes = Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n".utf8) + folded
            + Array("\r\nDTSTART:20250304T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let entries = try ICalendarReader.entries(utf8: bytes)
        #expect(entries.map(\.name) == ["Zoë 東京"])
        #expect(entries.map(\.problem) == [nil])
    }

    @Test func foldingNextToAMultiByteCharacterKeepsItWhole() throws {
        let text = Self.calendar(Self.event(["SUMMARY:Zoë", " 東", "\t京 ", "DTSTART:20250304T100000Z"]))
        #expect(try ICalendarReader.entries(text).map(\.name) == ["Zoë東京 "])
    }

    @Test func lineNumbersCountPhysicalLinesOfFoldedText() throws {
        let text = Self.calendar(
            Self.event(["DESCRIPTION:a very", " long", "  description", "DTSTART:20250304T100000Z"])
                + ["", "BEGIN:VEVENT", "SUMMARY:b", "  folded", "garbage", "END:VEVENT"])
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.line) == [4, 11])
        #expect(entries.first?.note == "a verylong description")
        #expect(entries.last?.problem == "line 14 is not a content line")
    }

    @Test func lfAndCROnlyFilesReadLikeCRLF() throws {
        let crlf = Self.calendar(
            Self.event(["UID:1", "DTSTART:20250304T100000Z", "SUMMARY:long", " er", "DURATION:PT1H"])
                + Self.event(["UID:2", "DTSTART;TZID=Europe/Berlin:20250305T100000", "garbage"]))
        let expected = try ICalendarReader.entries(crlf)
        #expect(expected.count == 2)
        #expect(expected.map(\.problem) == [nil, "line 14 is not a content line"])
        let lf = crlf.replacingOccurrences(of: "\r\n", with: "\n")
        let cr = crlf.replacingOccurrences(of: "\r\n", with: "\r")
        var mixed = ""
        for (index, line) in crlf.components(separatedBy: "\r\n").enumerated() {
            mixed += line + ["\r\n", "\n", "\r"][index % 3]
        }
        #expect(try ICalendarReader.entries(lf) == expected)
        #expect(try ICalendarReader.entries(cr) == expected)
        #expect(try ICalendarReader.entries(mixed) == expected)
    }

    @Test func aByteOrderMarkAndLeadingBlankLinesAreSkipped() throws {
        let text = "\u{FEFF}\r\n\r\n" + Self.calendar(Self.event(["DTSTART:20250304T100000Z"]))
        #expect(try ICalendarReader.entries(text).map(\.line) == [6])
    }

    // MARK: - Structure

    @Test func anAlarmInsideAnEventDoesNotLeak() throws {
        let entry = try Self.one([
            "DTSTART:20250304T100000Z", "SUMMARY:Visit",
            "BEGIN:VALARM", "ACTION:DISPLAY", "SUMMARY:Alarm", "DESCRIPTION:Reminder", "TRIGGER:-PT15M",
            "DURATION:PT5M", "END:VALARM",
            "DURATION:PT45M",
        ])
        #expect(entry.name == "Visit")
        #expect(entry.note == nil)
        #expect(entry.length == .seconds(2700))
        #expect(entry.problem == nil)
    }

    @Test func otherComponentsAreSkipped() throws {
        let text = Self.calendar([
            "BEGIN:VTIMEZONE", "TZID:Europe/Berlin", "BEGIN:STANDARD", "DTSTART:19701025T030000",
            "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VTODO", "SUMMARY:todo", "DTSTART:20250304T100000Z", "END:VTODO",
            "BEGIN:VJOURNAL", "SUMMARY:journal", "END:VJOURNAL",
        ] + Self.event(["SUMMARY:event", "DTSTART:20250304T100000Z"]))
        #expect(try ICalendarReader.entries(text).map(\.name) == ["event"])
    }

    /// A file cut inside an event is cut short as a whole: the events before the cut are not
    /// taken either.
    @Test func aFileCutInsideAnEventIsAFileError() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250304T100000Z\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:cut\r\nDTSTART:2025"
        let message = "the file ends inside the event that starts at line 6: END:VEVENT and END:VCALENDAR are missing"
        #expect(throws: ImportFileError(line: 9, message: message)) { try ICalendarReader.entries(text) }
    }

    @Test func anEventOpenAtTheCalendarsEndHasAProblem() throws {
        let text = Self.calendar(["BEGIN:VEVENT", "DTSTART:20250304T100000Z", "SUMMARY:open"])
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.name) == ["open"])
        #expect(entries.map(\.problem) == ["the event is not closed: END:VEVENT is missing"])
    }

    @Test func aMissingEndOfCalendarIsAFileError() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20250304T100000Z\r\nEND:VEVENT\r\n\r\n"
        #expect(throws: ImportFileError(line: 4, message: "the calendar is not closed: END:VCALENDAR is missing")) {
            try ICalendarReader.entries(text)
        }
    }

    @Test(arguments: ["", "\r\n\r\n", "BEGIN:VEVENT\r\nEND:VEVENT\r\n", "name,start\r\nAnn,2025\r\n",
                      "no colon at all"])
    func aTextWithoutBeginCalendarIsAFileError(text: String) {
        #expect(throws: ImportFileError(line: 1, message: "not an iCalendar file: BEGIN:VCALENDAR is missing")) {
            try ICalendarReader.entries(text)
        }
    }

    /// Events pasted after END:VCALENDAR were dropped without a word; they are reported where
    /// they stand.
    @Test func anEventAfterTheCalendarsEndIsReportedOnItsLine() throws {
        let text = Self.calendar(Self.event(["UID:in", "SUMMARY:In", "DTSTART:20250304T100000Z"]))
            + "X-STRAY:ignored\r\nBEGIN:VEVENT\r\nUID:out\r\nSUMMARY:Out\r\nDTSTART:20250305T100000Z\r\n"
            + "BEGIN:VALARM\r\nSUMMARY:Alarm\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            + Self.calendar(Self.event(["UID:again", "SUMMARY:Again", "DTSTART:20250306T100000Z"]))
            + "BEGIN:VEVENT\r\nSUMMARY:Open\r\nDTSTART:20250307T100000Z\r\n"
        let entries = try ICalendarReader.entries(text)
        #expect(entries.map(\.name) == ["In", "Out", "Again", "Open"])
        #expect(entries.map(\.line) == [4, 11, 22, 28])
        let outside = "the event is outside BEGIN:VCALENDAR and END:VCALENDAR"
        #expect(entries.map(\.problem) == [nil, outside, nil, outside])
    }

    @Test func aCalendarWithNoEventsGivesNoEntries() throws {
        #expect(try ICalendarReader.entries(Self.calendar([])).isEmpty)
    }

    @Test func aCalcurseExportIsRead() throws {
        let text = """
            BEGIN:VCALENDAR
            VERSION:2.0
            PRODID:-//calcurse//NONSGML v4.7.1//EN
            BEGIN:VEVENT
            DTSTART:20250304T100000
            DURATION:PT30M
            SUMMARY:Dentist
            END:VEVENT
            BEGIN:VEVENT
            DTSTART:20250305T143000
            DURATION:PT1H15M
            SUMMARY:Call with Bob\\, Alice
            END:VEVENT
            END:VCALENDAR

            """
        let entries = try ICalendarReader.entries(text)
        #expect(entries == [
            ImportEntry(line: 4, name: "Dentist", start: .wall(Self.date(2025, 3, 4), secondsOfDay: 36_000, zone: nil),
                        length: .seconds(1800)),
            ImportEntry(line: 9, name: "Call with Bob, Alice",
                        start: .wall(Self.date(2025, 3, 5), secondsOfDay: 52_200, zone: nil), length: .seconds(4500)),
        ])
    }

    // MARK: - Size

    @Test func tenThousandEventsAreRead() throws {
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        text.reserveCapacity(1_500_000)
        for index in 0..<10_000 {
            text += "BEGIN:VEVENT\r\nUID:\(index)@x\r\nDTSTART;TZID=Europe/Berlin:20250304T100000\r\n"
            text += "DURATION:PT30M\r\nSUMMARY:Customer \(index)\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        let entries = try ICalendarReader.entries(text)
        #expect(entries.count == 10_000)
        #expect(entries.last?.uid == "9999@x")
        #expect(entries.last?.line == 2 + 9999 * 6 + 1)
        #expect(entries.allSatisfy { $0.problem == nil })
    }

    @Test func aDescriptionPastTheNoteLimitIsCutBetweenCharacters() throws {
        // "é" written as "e" and a combining accent: two scalars, one character.
        let accented = String(repeating: "e\u{301}", count: 1001)
        let entry = try Self.one(["DTSTART:20250304T100000Z", "SUMMARY:x", "DESCRIPTION:" + accented])
        #expect(entry.note == String(repeating: "e\u{301}", count: 1000))
        #expect(entry.warnings == ["DESCRIPTION is 2002 characters long; the note keeps the first 2000"])
        let fits = try Self.one(["DTSTART:20250304T100000Z", "SUMMARY:x", "DESCRIPTION:" + String(repeating: "x", count: 2000)])
        #expect(fits.note?.count == 2000)
        #expect(fits.warnings.isEmpty)
    }

    /// Unfolded and unescaped whole (its length says so), then cut to the note's limit.
    @Test func aOneMegabyteDescriptionIsReadWholeThenCut() throws {
        let description = String(repeating: "abcdéfgh\\, ", count: 100_000)  // 1.2 MB, escaped
        let folded = String(repeating: "x", count: 74) + "\r\n " + description
        let entries = try ICalendarReader.entries(Self.calendar(Self.event([
            "DTSTART:20250304T100000Z", "SUMMARY:x", "DESCRIPTION:" + folded,
        ])))
        #expect(entries.first?.warnings == ["DESCRIPTION is 1000074 characters long; the note keeps the first 2000"])
        #expect(entries.first?.note?.unicodeScalars.count == 2000)
        #expect(entries.first?.note?.hasSuffix("abcdéfgh, abcdéf") == true)
    }
}
