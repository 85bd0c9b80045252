import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// `help` reads one table: the overview has a line for every statement keyword and prompt word,
/// `help TOPIC` gives the syntax, a summary and an example, and an unknown topic suggests the
/// nearest one.
@Suite struct HelpTests {
    /// What `help …` prints through the script runner.
    static func printed(_ statement: String, format: OutputFormat = .table) throws -> String {
        let session = try ScriptFixture(.utc, format: format)
        #expect(session.run(statement) == .success, "\(session.buffer.standardError)")
        return session.buffer.standardOutput
    }

    /// The topic each overview line names, in order.
    static func overviewTopics() throws -> [String] {
        let lines = try printed("help").split(separator: "\n").dropFirst()
        return lines.map { String($0.split(separator: " ").first ?? "") }
    }

    @Test func overviewHasOneLinePerEntryInTableOrder() throws {
        #expect(try Self.overviewTopics() == HelpTable.entries.map(\.topic))
        #expect(Set(HelpTable.entries.map(\.topic)).count == HelpTable.entries.count, "topics are unique")
    }

    @Test func overviewListsEveryStatementKeywordOnce() throws {
        let topics = try Self.overviewTopics()
        for keyword in Keywords.statements {
            #expect(topics.filter { $0 == keyword }.count == 1, "\(keyword)")
        }
        #expect(topics.contains("quit"))
    }

    @Test func overviewAlignsSummaries() throws {
        let text = try Self.printed("help")
        #expect(text.hasPrefix("Statements and topics (help TOPIC for more):\n"))
        #expect(text.contains("\n  book          book an appointment inside working hours\n"))
        #expect(text.contains("\n  quit          leave the prompt (history is kept)\n"))
    }

    @Test func helpBookShowsSyntaxSummaryAndExample() throws {
        #expect(try Self.printed("help book") == """
            book "NAME" [at] DATETIME [for DURATION] [note "TEXT"] [email "ADDRESS"]
              book an appointment inside working hours
              without 'for', the default duration: 30m until 'set default duration 45m' changes it
              DATETIME: 2025-03-04T10:00 | tomorrow 10am | fri 4:30pm | next mon noon | in 3 days 9:00 | dec 24 10:00 | 14:00
              a weekday or 'dec 24' whose time has passed today means the next one; a time alone, today or else tomorrow
              DURATION: 30m | 1h30 | 1h30m | 1 hour | 90 min | 2 hours 15 minutes
              'at' may be left out: book "Ann" tomorrow 10am for 30m
              see also: help dates, help durations, help ranges
              example: book "Ann" at 2025-03-04T10:00 for 30m note "first visit"

            """)
    }

    @Test func anotherToolsWordFindsSchedsStatement() throws {
        for (word, statement) in [("delete", "cancel"), ("remove", "cancel"), ("move", "reschedule"), ("edit", "update"),
                                  ("add", "book"), ("new", "book"), ("search", "find")] {
            let text = try Self.printed("help \(word)")
            #expect(text.hasPrefix(statement + " "), "help \(word): \(text)")
        }
    }

    @Test func helpRangesListsEveryForm() throws {
        let text = try Self.printed("help ranges")
        for form in ["yesterday", "next month", "this weekend", "next mon", "next 3 days", "on DATE",
                     "from DATE to DATE", "from DATETIME to DATETIME"] {
            #expect(text.contains(form), "\(form)")
        }
    }

    @Test func helpCalcomShowsTheFormsAndHowTheKeyIsKept() throws {
        #expect(try Self.printed("help calcom") == """
            calcom connect [key "KEY"] event-type ID [url "URL"] | calcom status | calcom disconnect | calcom slots on DATE [for DURATION]
              connect to Cal.com, show or end the connection, or ask Cal.com for free times
              the key is kept in the database and only ever shown masked (cal_live_…9f2c)
              CALCOM_API_KEY and CALCOM_API_URL override the stored key and address; without key, connect takes CALCOM_API_KEY
              while connected, each change is pushed right after its statement; one that fails is queued for sync
              example: calcom connect key "cal_live_…" event-type 123456

            """)
    }

    @Test func helpSyncSaysWhatEachActionDoes() throws {
        let text = try Self.printed("help sync")
        #expect(text.hasPrefix("sync [push | pull [RANGE] | availability | status]\n"))
        #expect(text.contains("\n  status shows the pending and failed entries, and remote bookings that conflict with local ones\n"))
        #expect(text.contains("pushed right after each statement and queued when that fails"))
        #expect(text.hasSuffix("\n  example: sync pull this week\n"))
    }

    @Test func notesAppearOnlyOnTheirOwnPage() throws {
        let overview = try Self.printed("help")
        #expect(overview.contains("\n  calcom        connect to Cal.com, show or end the connection, or ask Cal.com for free times\n"))
        #expect(overview.contains("\n  sync          exchange changes with Cal.com: push the queued ones, then pull remote bookings\n"))
        #expect(!overview.contains("CALCOM_API_KEY"))
    }

    @Test(arguments: ["help quit", "help exit", "help QUIT"])
    func quitAndExitShareTheirEntry(_ statement: String) throws {
        #expect(try Self.printed(statement) == """
            quit | exit | Ctrl-D
              leave the prompt (history is kept)
              example: quit

            """)
    }

    @Test func jsonGivesHelpAsAnObject() throws {
        let line = try Self.printed("help slots", format: .json)
        let value = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let entry = try #require(HelpTable.entries.first { $0.topic == "slots" })
        #expect(value["topic"] as? String == "slots")
        #expect(value["synopsis"] as? String == entry.synopsis)
        #expect(value["summary"] as? String == entry.summary)
        #expect(value["notes"] as? [String] == entry.notes)
        #expect(line.hasSuffix("\n") && line.filter { $0 == "\n" }.count == 1)
        let overview = try #require(try JSONSerialization.jsonObject(with: Data(try Self.printed("help", format: .json).utf8))
            as? [String: Any])
        #expect((overview["topics"] as? [[String: Any]])?.count == HelpTable.entries.count)
    }

    @Test(arguments: [
        ("help boook", "no help for 'boook'; did you mean 'book'?"),
        ("help exitt", "no help for 'exitt'; did you mean 'exit'?"),
        ("help xyzzy", "no help for 'xyzzy'"),
    ])
    func unknownTopicIsNotFoundWithTheNearestTopic(_ statement: String, _ message: String) throws {
        let session = try ScriptFixture(.utc)
        guard let parsed = session.parse(statement) else { return }
        let error = session.failure(of: parsed)
        #expect(error?.kind == .notfound)
        #expect(error?.message == message)
        #expect(session.run(statement) == .failed)
        #expect(session.buffer.standardError.contains("error: \(message) [notfound]"))
        #expect(session.buffer.standardOutput.isEmpty)
    }

    @Test func everyExampleParses() {
        for entry in HelpTable.entries where entry.topic != "quit" {
            let result = Parser.parse(SourceFile(name: "help", text: entry.example))
            #expect(result.diagnostics.isEmpty, "\(entry.topic): \(entry.example)")
            #expect(result.statements.count == 1, "\(entry.topic): \(entry.example)")
        }
    }

    @Test func everySynopsisStartsWithItsTopicOrShowsAForm() {
        for entry in HelpTable.entries where Keywords.statements.contains(entry.topic) {
            #expect(entry.synopsis.hasPrefix(entry.topic + " ") || entry.synopsis == entry.topic, "\(entry.topic)")
            #expect(entry.example.hasPrefix(entry.topic), "\(entry.topic)")
        }
    }
}
