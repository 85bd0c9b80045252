import SchedCore
import SchedLang
import Scheduling

/// Every statement and topic with its syntax, a one-line summary and an example; `help` reads it.
public enum HelpTable {
    public struct Entry: Sendable, Equatable {
        public let topic: String
        public let synopsis: String
        public let summary: String
        public let example: String
        /// Other words `help` takes for this entry (`exit` for `quit`).
        public let aliases: [String]
        /// Lines that `help TOPIC` shows after the summary; the overview leaves them out.
        public let notes: [String]

        init(topic: String, synopsis: String, summary: String, example: String, aliases: [String] = [],
             notes: [String] = []) {
            self.topic = topic
            self.synopsis = synopsis
            self.summary = summary
            self.example = example
            self.aliases = aliases
            self.notes = notes
        }
    }

    /// What `help` shows: the overview of every entry, or one entry in detail.
    public enum Page: Sendable, Equatable {
        case overview
        case entry(Entry)
    }

    public static let entries: [Entry] = [
        Entry(topic: "book", synopsis: "book \"NAME\" [at] DATETIME [for DURATION] [note \"TEXT\"] [email \"ADDRESS\"]",
              summary: "book an appointment inside working hours", example: "book \"Ann\" at 2025-03-04T10:00 for 30m note \"first visit\"",
              aliases: ["add", "new"],
              notes: [
                  "without 'for', the default duration: 30m until 'set default duration 45m' changes it",
                  "DATETIME: 2025-03-04T10:00 | tomorrow 10am | fri 4:30pm | next mon noon | in 3 days 9:00 | dec 24 10:00 | 14:00",
                  "a weekday or 'dec 24' whose time has passed today means the next one; a time alone, today or else tomorrow",
                  "DURATION: 30m | 1h30 | 1h30m | 1 hour | 90 min | 2 hours 15 minutes",
                  "'at' may be left out: book \"Ann\" tomorrow 10am for 30m",
                  "see also: help dates, help durations, help ranges",
              ]),
        Entry(topic: "reschedule", synopsis: "reschedule [series] REF to DATETIME [for DURATION] [skip conflicts]",
              summary: "move an appointment, keeping its customer and duration", example: "reschedule 12 to tomorrow 14:00",
              aliases: ["move"],
              notes: [
                  "an occurrence moved alone becomes an exception of its series",
                  "reschedule series 12 to wed 11:00: every future occurrence moves by the same step",
              ]),
        Entry(topic: "update", synopsis: "update [series] REF [name \"NAME\"] [at DATETIME] [for DURATION] [note \"TEXT\"] [email \"ADDRESS\"]",
              summary: "change some fields of an appointment", example: "update 12 note \"bring the report\"",
              aliases: ["edit"],
              notes: ["update series 12 note \"…\": the series and its future occurrences, exceptions left alone"]),
        Entry(topic: "cancel", synopsis: "cancel REF [, REF …] [and following] | cancel series REF",
              summary: "cancel an appointment; its slot becomes free", example: "cancel 12",
              aliases: ["delete", "remove"],
              notes: [
                  "cancel 12, 13, 15: all of them, or none when one cannot be cancelled",
                  "cancel \"Ann\": Ann's one upcoming appointment (REF is a number, an id or a name in quotes)",
                  "cancel 12 and following: this occurrence and every later one of its series",
                  "cancel series 12: every occurrence from now on",
              ]),
        Entry(topic: "restore", synopsis: "restore REF",
              summary: "book a cancelled appointment again at its time, checked as a booking is", example: "restore 12",
              notes: ["restore \"Ann\": Ann's one upcoming cancelled appointment"]),
        Entry(topic: "undo", synopsis: "undo [N]",
              summary: "revert the latest change, or change N and every later one", example: "undo",
              notes: [
                  "an --atomic run, an import and a cancel of several appointments are one change each",
                  "what it books again is checked as a booking is: it must not overlap a booking made since",
                  "see also: help redo, help history",
              ]),
        Entry(topic: "redo", synopsis: "redo",
              summary: "apply again the change undone last", example: "redo",
              notes: ["a change made after an undo leaves the undone changes behind: they can no longer be redone"]),
        Entry(topic: "history", synopsis: "history [N | RANGE]",
              summary: "the changes, newest first, each with its number (default: the latest 20)", example: "history today",
              notes: ["sched history --prune BEFORE DATE removes the changes made before DATE"]),
        Entry(topic: "show", synopsis: "show REF | show series REF | show settings",
              summary: "show one appointment, cancelled ones too", example: "show 12",
              notes: ["show series 12: the rule in words and as RRULE, the next occurrences and the exceptions"]),
        Entry(topic: "list", synopsis: "list [RANGE] | list \"TEXT\" [RANGE] | list cancelled [RANGE] | list series",
              summary: "list appointments (default: upcoming)", example: "list this week",
              notes: [
                  "list \"ann\": what find \"ann\" finds",
                  "list cancelled: cancelled appointments (without a range, of every date)",
                  "a note and an email show on a line under their appointment",
              ]),
        Entry(topic: "find", synopsis: "find \"TEXT\" [RANGE]",
              summary: "appointments whose customer, note or email has the words of TEXT", example: "find \"ann\"",
              aliases: ["search"],
              notes: [
                  "each word matches the start of a word, ignoring case and accents: \"zoe mu\" finds Zoë Müller",
                  "without a range, every date; booked appointments only",
              ]),
        Entry(topic: "series", synopsis: "book \"NAME\" every PERIOD [at TIME] for DURATION [from DATE] [until DATE | count N] [skip conflicts]",
              summary: "book a repeating appointment; each occurrence is checked as a booking",
              example: "book \"Ann\" every tue 10:00 for 30m count 10",
              aliases: ["every", "repeat", "recurring"],
              notes: [
                  "PERIOD: tue | mon, thu 09:00 | day | 2 weeks on mon, thu | month on the 1st | month on the last fri | year",
                  "without until or count a series goes on; its occurrences are kept 2 years ahead and extended as time passes",
                  "one refused occurrence refuses the series, each refused date listed; skip conflicts books the others",
                  "times stay wall-clock times across DST changes; a time the clocks skip is refused by name",
                  "related: show series, list series, cancel N and following, cancel series, reschedule series, update series",
              ]),
        Entry(topic: "upcoming", synopsis: "upcoming [limit N]",
              summary: "future appointments, soonest first", example: "upcoming limit 5"),
        Entry(topic: "agenda", synopsis: "agenda [RANGE]",
              summary: "each day's appointments and free gaps (default: the next 7 days)", example: "agenda this week",
              notes: [
                  "free gaps are the working-hours windows minus the bookings, past parts of today included",
                  "appointments outside working hours are shown too",
              ]),
        Entry(topic: "calendar", synopsis: "calendar week [DATE] | calendar month [DATE]",
              summary: "a grid of the week or month holding the date (default: today)",
              example: "calendar week 2025-03-04",
              notes: [
                  "week: a row every 30 minutes; a customer where a booking starts, │ while it lasts, · free",
                  "month: each date with its number of appointments, - without working hours",
                  "today is bracketed, the current time marked with ▸; the grid fits the terminal",
              ]),
        Entry(topic: "import", synopsis: "import ics \"FILE\" [atomic] | import csv \"FILE\" [atomic]",
              summary: "book the events of an iCalendar file or the rows of a CSV file",
              example: "import ics \"calendar.ics\"",
              notes: [
                  "each entry is checked as book checks it; the report gives each one's line and outcome",
                  "events imported before (same UID) are skipped; all-day ones are refused",
                  "a repeating event (RRULE) becomes a series: each occurrence is reported; EXDATE and RECURRENCE-ID are kept",
                  "a TZID means the file's own VTIMEZONE of that name, else a system or Windows zone name",
                  "warnings say what was changed to take an event (a long DESCRIPTION cut, seconds rounded)",
                  "CSV header: customer_name,start_time,duration_minutes[,note,email]",
                  "with atomic, one refused entry refuses the whole file",
              ]),
        Entry(topic: "export", synopsis: "export ics \"FILE\"|- [RANGE] [cancelled] | export csv \"FILE\"|- [RANGE]",
              summary: "write appointments as an iCalendar (.ics) or CSV file, or to standard output with -",
              example: "export ics \"visits.ics\" this month",
              notes: [
                  "export csv: the columns import csv reads (customer_name, start_time, duration_minutes, note,",
                  "email), so importing the file books the same appointments",
                  "without a range, every appointment from today on; cancelled ones only with 'cancelled'",
                  "the file is replaced as a whole; each event's UID is the appointment's id, so a calendar",
                  "program that imports a later export updates its events (sched's own import skips them)",
              ]),
        Entry(topic: "available", synopsis: "available DAYS WINDOWS | available DATE WINDOWS",
              summary: "set weekly working hours, or override one date", example: "available mon-fri 09:00-12:00, 13:00-17:00"),
        Entry(topic: "unavailable", synopsis: "unavailable DAYS | unavailable DATE",
              summary: "close weekdays, or one date", example: "unavailable 2025-12-25"),
        Entry(topic: "availability", synopsis: "availability [RANGE]",
              summary: "the weekly hours and overrides, or the hours of each date in RANGE", example: "availability next week"),
        Entry(topic: "slots", synopsis: "slots RANGE [for DURATION] [every DURATION]",
              summary: "free start times (default: 30m, stepping by the duration)", example: "slots on tomorrow for 1h every 30m"),
        Entry(topic: "let", synopsis: "let NAME = STATEMENT | VALUE",
              summary: "keep a result in a variable, read back as $NAME", example: "let a = book \"Ann\" at mon 10:00 for 30m"),
        Entry(topic: "print", synopsis: "print VALUE",
              summary: "print a value or a variable's field", example: "print $a.start"),
        Entry(topic: "source", synopsis: "source \"FILE\"",
              summary: "run the statements of another file", example: "source \"hours.sched\""),
        Entry(topic: "set", synopsis: "set timezone \"ZONE\" | set default duration DURATION | set RULE | set output json|table | set clock DATETIME",
              summary: "change the home time zone, the length of a booking without for, a booking rule, the output format, or (in tests) the clock", example: "set timezone \"Europe/Berlin\"",
              notes: [
                  "RULE: buffer before 10m | buffer after 5m | minimum notice 2h | slot interval 15m",
                  "      limit 6 per day | limit 20 per week | booking window 60 days; 'none' turns one off",
                  "show settings lists them all",
              ]),
        Entry(topic: "help", synopsis: "help [TOPIC]",
              summary: "this list, or one statement in detail", example: "help slots"),
        Entry(topic: "expect", synopsis: "expect error [KIND] [\"TEXT\"] | expect VALUE OP VALUE | expect free|busy DATETIME for DURATION",
              summary: "check a result in a test scenario", example: "expect error conflict \"already booked\""),
        Entry(topic: "create", synopsis: "create user \"NAME\" password \"PASSWORD\"",
              summary: "create the database's one user; at the prompt it also logs in, as sched init does", example: "create user \"admin\" password \"correct horse\""),
        Entry(topic: "login", synopsis: "login \"NAME\" [password \"PASSWORD\"]",
              summary: "start a session; at the prompt the password is asked for without echo", example: "login \"admin\""),
        Entry(topic: "logout", synopsis: "logout",
              summary: "end the session", example: "logout"),
        Entry(topic: "whoami", synopsis: "whoami",
              summary: "the logged-in user, or \"not logged in\", and the database", example: "whoami"),
        Entry(topic: "calcom",
              synopsis: "calcom connect [key \"KEY\"] event-type ID [url \"URL\"] | calcom status | calcom disconnect | calcom slots on DATE [for DURATION]",
              summary: "connect to Cal.com, show or end the connection, or ask Cal.com for free times",
              example: "calcom connect key \"cal_live_…\" event-type 123456",
              notes: [
                  "the key is kept in the database and only ever shown masked (cal_live_…9f2c)",
                  "CALCOM_API_KEY and CALCOM_API_URL override the stored key and address; without key, connect takes CALCOM_API_KEY",
                  "while connected, each change is pushed right after its statement; one that fails is queued for sync",
              ]),
        Entry(topic: "sync", synopsis: "sync [push | pull [RANGE] | availability | status]",
              summary: "exchange changes with Cal.com: push the queued ones, then pull remote bookings",
              example: "sync pull this week",
              notes: [
                  "push sends the queued changes; pull [RANGE] imports bookings made on Cal.com",
                  "availability writes the weekly hours and overrides to the Cal.com schedule",
                  "status shows the pending and failed entries, and remote bookings that conflict with local ones",
                  "while connected, changes are pushed right after each statement and queued when that fails",
              ]),
        Entry(topic: "quit", synopsis: "quit | exit | Ctrl-D",
              summary: "leave the prompt (history is kept)", example: "quit", aliases: ["exit"]),
        Entry(topic: "dates", synopsis: "2025-03-04T10:00[:SS][Z|+01:00] | DATE TIME | now",
              summary: "how dates and times are written; times without an offset are in the home zone",
              example: "book \"Bo\" next fri 4:30pm for 1 hour", aliases: ["date", "time", "times"],
              notes: [
                  "DATE: 2025-03-04 | today | tomorrow | yesterday | mon | next mon | in 3 days | in 2 weeks | dec 24 | 24 dec",
                  "TIME: 14:00 | 9:30 | 10am | 4:30pm | noon | midnight",
                  "a weekday is the next such day, today included; 'next mon' is the Monday of next week",
                  "'dec 24' is the next 24 December, today included; 24/12 is refused, as it reads both ways",
                  "with a time that has passed today, a weekday or 'dec 24' means the next one",
                  "a time alone (book \"Ann\" 4pm for 30m) is the next time the clock shows it: today, else tomorrow",
              ]),
        Entry(topic: "ranges", synopsis: "today | tomorrow | yesterday | this|next week|month|weekend | next mon | next N days | on DATE | from A to B",
              summary: "how ranges are written; from DATE to DATE includes both days", example: "agenda next 3 days",
              aliases: ["range"],
              notes: [
                  "today, tomorrow, yesterday: that day",
                  "this week, next week: Monday to Sunday; this month, next month: the calendar month",
                  "this weekend, next weekend: Saturday and Sunday of the week",
                  "next mon (any weekday): that day of next week",
                  "next 3 days: today and the two days after it",
                  "on DATE: one day (on 2025-03-04, on fri, on dec 24, on in 3 days)",
                  "from DATE to DATE: both days included (from dec 24 to dec 31)",
                  "from DATETIME to DATETIME: from the first up to the second (from mon 9am to mon 5pm)",
              ]),
        Entry(topic: "durations", synopsis: "30m | 1h | 1h30 | 1h30m | 90m | 1 hour | 90 min | 2 hours 15 minutes",
              summary: "appointments last from 1 minute to 24 hours", example: "book \"Cy\" at today 15:00 for 1h30",
              aliases: ["duration"]),
        Entry(topic: "days", synopsis: "mon | mon-fri | mon,wed,fri | weekdays | weekend | daily",
              summary: "how weekdays are written in available and unavailable", example: "unavailable weekend"),
    ]

    /// The page for a topic, or the overview when there is none; an unknown topic is an error
    /// that suggests the nearest one.
    public static func page(for topic: String?) throws -> Page {
        guard let topic else { return .overview }
        guard let entry = entries.first(where: { $0.topic == topic || $0.aliases.contains(topic) }) else {
            let words = entries.flatMap { [$0.topic] + $0.aliases }
            throw SchedError.noHelp(topic, suggestion: Suggestion.nearest(to: topic, in: words))
        }
        return .entry(entry)
    }

    /// The help text for a topic, or the overview when there is none.
    public static func text(for topic: String?) throws -> String {
        text(try page(for: topic))
    }

    /// A page as text, keywords and topics painted when the style has colour.
    public static func text(_ page: Page, style: TextStyle = .plain) -> String {
        switch page {
        case .overview: overview(style: style)
        case .entry(let entry): detail(entry, style: style)
        }
    }

    /// The syntax, the summary, the notes and an example.
    static func detail(_ entry: Entry, style: TextStyle) -> String {
        let notes = entry.notes.map { "  \($0)\n" }.joined()
        return "\(keywordsPainted(entry.synopsis, style: style))\n  \(entry.summary)\n\(notes)  example: \(entry.example)\n"
    }

    /// One line an entry, topics aligned.
    static func overview(style: TextStyle = .plain) -> String {
        let width = entries.map(\.topic.count).max() ?? 0
        let lines = entries.map { entry in
            "  " + style.paint(entry.topic, .keyword) + String(repeating: " ", count: width - entry.topic.count)
                + "  " + entry.summary
        }
        return style.paint("Statements and topics (help TOPIC for more):", .heading) + "\n"
            + lines.joined(separator: "\n") + "\n"
    }

    /// A synopsis with its literal words painted as keywords: the lowercase words outside quotes.
    /// Placeholders are written in capitals (`DATETIME`, `"NAME"`) and stay as they are.
    static func keywordsPainted(_ synopsis: String, style: TextStyle) -> String {
        guard style.enabled else { return synopsis }
        var out = ""
        var word = ""
        var quoted = false
        func flush() {
            let literal = !quoted && word.allSatisfy { $0.isLowercase }
            out += literal ? style.paint(word, .keyword) : word
            word = ""
        }
        for character in synopsis {
            if character.isASCII && character.isLetter {
                word.append(character)
                continue
            }
            flush()
            if character == "\"" { quoted.toggle() }
            out.append(character)
        }
        flush()
        return out
    }
}
