import SchedLang

extension Completer {
    /// What fits at the cursor.
    enum Offer: Equatable {
        case nothing
        /// Keywords or other fixed words, in the order to show them.
        case words([String])
        /// Appointment numbers: booked ones, and cancelled ones too when asked.
        case appointments(includingCancelled: Bool)
        /// A customer name, as a string.
        case customers
    }

    /// Follows the grammar (`grammar/sched.ebnf`) through the complete tokens of one statement
    /// and says what may stand at the cursor after them. It checks only as much as it needs to
    /// know where it is; anything it cannot follow gives `.nothing`.
    ///
    /// Each reader takes one part of a statement and gives back nil when the part is complete,
    /// or, when the tokens run out inside it or do not fit, what to offer there.
    struct Walk {
        private let tokens: [Token]
        private var index = 0

        init(_ tokens: [Token]) {
            self.tokens = tokens
        }

        private var peek: Token? { index < tokens.count ? tokens[index] : nil }

        private mutating func take() -> Token? {
            defer { index += 1 }
            return peek
        }

        // MARK: - Statements

        /// statement → book-stmt | reschedule-stmt | update-stmt | cancel-stmt | show-stmt | …
        mutating func statement() -> Offer {
            guard let first = take() else { return .words(Self.statementWords) }
            guard let word = first.word.flatMap(StatementWord.init(rawValue:)) else { return .nothing }
            switch word {
            case .book: return book()
            case .reschedule: return reschedule()
            case .update: return update()
            case .cancel:
                if skipSeries() { return reference(includingCancelled: false) ?? .nothing }
                if let stop = reference(includingCancelled: false) { return stop }
                guard peek?.kind == .comma else { return keyword(["and"]).stop ?? keyword(["following"]).stop ?? .nothing }
                while peek?.kind == .comma {
                    index += 1
                    if let stop = reference(includingCancelled: false) { return stop }
                }
                return .nothing
            case .restore: return reference(includingCancelled: true) ?? .nothing
            // A change number, a count or a range: only the range has words to offer.
            case .undo, .redo: return .nothing
            case .history: return range() ?? .nothing
            case .find: return text(.customers) ?? range() ?? .nothing
            case .show:
                skipSeries()
                return reference(includingCancelled: true) ?? .nothing
            case .list:
                if peek == nil { return .words(Keywords.rangeStarts + [Keywords.exportCancelled, Keywords.series]) }
                if peek?.word == Keywords.series { return .nothing }
                if peek?.word == Keywords.exportCancelled || peek?.kind.isString == true { index += 1 }
                return range() ?? .nothing
            case .availability, .agenda: return range() ?? .nothing
            case .upcoming: return keyword(["limit"]).stop ?? .nothing
            case .available, .unavailable: return target()
            case .slots: return slots()
            case .let: return letBinding()
            case .set: return setting()
            case .help: return peek == nil ? .words(Self.helpTopics) : .nothing
            case .expect: return expectation()
            case .create: return keyword(["user"]).stop ?? text() ?? keyword(["password"]).stop ?? .nothing
            case .login: return text() ?? keyword(["password"]).stop ?? .nothing
            case .calcom: return calcom()
            case .sync: return sync()
            case .export: return export()
            case .calendar: return keyword(Keywords.calendarSpans).stop ?? date() ?? .nothing
            case .import:
                if let stop = keyword(Keywords.importFormats).stop { return stop }
                return text() ?? keyword([Keywords.importAtomic]).stop ?? .nothing
            // An expression, a file name, or nothing at all follows: no words to offer.
            case .print, .source, .logout, .whoami: return .nothing
            }
        }

        /// book-stmt → 'book' text? book-clause*
        ///
        /// `at` and `every` are offered first while both are missing, then `for`, then the rest:
        /// the series clauses once `every` is there.
        private mutating func book() -> Offer {
            let clauseFirst = peek?.word.map(Keywords.bookClauses.contains) ?? false
            if !clauseFirst, let stop = text(.customers) { return stop }
            let arguments: [(String, Argument)] = [
                ("at", .datetimeOrTime), ("for", .duration), ("note", .text), ("email", .text), ("every", .repeating),
                ("from", .date), ("until", .date), ("count", .count), ("skip", .conflicts),
            ]
            return clauses(arguments, implicit: "at") { used in
                if !used.contains("at") && !used.contains("every") { return ["at", "every"] }
                if !used.contains("for") { return ["for"] }
                let series = used.contains("every") ? ["from", "until", "count", "skip"] : ["every"]
                return (["note", "email"] + series).filter { !used.contains($0) }
            }
        }

        /// `series`, where a statement about a series has it; whether it was there.
        @discardableResult
        private mutating func skipSeries() -> Bool {
            guard peek?.word == Keywords.series else { return false }
            index += 1
            return true
        }

        /// reschedule-stmt → 'reschedule' 'series'? ref 'to' datetime ('for' duration)?
        private mutating func reschedule() -> Offer {
            skipSeries()
            return reference(includingCancelled: false) ?? keyword(["to"]).stop ?? datetime()
                ?? keyword(["for"]).stop ?? duration() ?? .nothing
        }

        /// update-stmt → 'update' 'series'? ref update-clause+
        private mutating func update() -> Offer {
            skipSeries()
            if let stop = reference(includingCancelled: false) { return stop }
            let arguments: [(String, Argument)] = [
                ("name", .customer), ("at", .datetime), ("for", .duration), ("note", .text), ("email", .text),
            ]
            return clauses(arguments) { used in Keywords.updateClauses.filter { !used.contains($0) } }
        }

        /// slots-stmt → 'slots' range ('for' duration)? ('every' duration)?
        private mutating func slots() -> Offer {
            if let stop = range() { return stop }
            return clauses([("for", .duration), ("every", .duration)]) { used in
                Keywords.slotsClauses.filter { !used.contains($0) }
            }
        }

        /// target → days | override-date
        private mutating func target() -> Offer {
            guard let token = take() else { return .words(Self.dayWords + ["today", "tomorrow"]) }
            switch token.kind {
            case .word(let word) where Self.isDaySpec(word): return days(from: word)
            default: return .nothing
            }
        }

        /// days → day-spec (',' day-spec)*
        /// day-spec → weekday ('-' weekday)? | 'weekdays' | 'weekend' | 'daily'
        private mutating func days(from first: String) -> Offer {
            var spec = first
            while true {
                if Keywords.weekdays[spec] != nil, peek?.kind == .minus {
                    index += 1
                    guard let token = take() else { return .words(Self.weekdayNames) }
                    guard let word = token.word, Keywords.weekdays[word] != nil else { return .nothing }
                }
                guard peek?.kind == .comma else { return .nothing }
                index += 1
                guard let token = take() else { return .words(Self.dayWords) }
                guard let word = token.word, Self.isDaySpec(word) else { return .nothing }
                spec = word
            }
        }

        /// let-stmt → 'let' (NAME | VARIABLE) '=' (value-stmt | value)
        private mutating func letBinding() -> Offer {
            guard let name = take(), name.word != nil || name.kind.isVariable else { return .nothing }
            guard let equals = take() else { return .words(["="]) }
            guard equals.kind == .equals else { return .nothing }
            guard let value = peek else { return .words(Self.valueStatementWords) }
            guard let word = value.word, Keywords.valueStatements.contains(word) else { return .nothing }
            return statement()
        }

        /// set-stmt → 'set' ('timezone' text | 'default' 'duration' duration | 'output' ('json' | 'table')
        ///          | 'clock' datetime)
        private mutating func setting() -> Offer {
            switch keyword(Keywords.settings, alsoAccepting: ["zone"]) {
            case .stop(let offer): return offer
            case .took("default"): return keyword(["duration"]).stop ?? duration() ?? .nothing
            case .took("output"): return keyword(["json", "table"]).stop ?? .nothing
            case .took("clock"): return datetime() ?? .nothing
            case .took("buffer"): return keyword(["before", "after"]).stop ?? .nothing
            case .took("minimum"): return keyword(["notice"]).stop ?? .nothing
            case .took("slot"): return keyword(["interval"]).stop ?? .nothing
            case .took("booking"): return keyword(["window"]).stop ?? .nothing
            case .took("limit"):
                guard take() != nil else { return .words(["none"]) }
                return keyword(["per"]).stop ?? keyword(["day", "week"]).stop ?? .nothing
            case .took: return .nothing
            }
        }

        /// expect-stmt → 'expect' ( 'error' KIND? STRING? | ('free' | 'busy') datetime 'for' duration
        ///                        | value COMPARISON value )
        private mutating func expectation() -> Offer {
            guard let token = take() else { return .words(Keywords.expectForms) }
            switch token.word {
            case "error": return peek == nil ? .words(Keywords.errorKinds) : .nothing
            case "free", "busy": return datetime() ?? keyword(["for"]).stop ?? duration() ?? .nothing
            default: return .nothing
            }
        }

        /// calcom-stmt → calcom-connect-stmt | calcom-status-stmt | calcom-disconnect-stmt | calcom-slots-stmt
        /// calcom-slots-stmt → 'calcom' 'slots' 'on' date ('for' duration)?
        private mutating func calcom() -> Offer {
            switch keyword(Keywords.calcomCommands) {
            case .stop(let offer): return offer
            case .took("connect"): return calcomConnect()
            case .took("slots"): return keyword(["on"]).stop ?? date() ?? keyword(["for"]).stop ?? duration() ?? .nothing
            case .took: return .nothing
            }
        }

        /// calcom-connect-stmt → 'calcom' 'connect' connect-clause*
        /// connect-clause → 'key' ('file' text | text) | 'event-type' (INTEGER | variable) | 'url' text
        ///
        /// `event-type` comes as three tokens; after `event-` the rest of it is offered.
        private mutating func calcomConnect() -> Offer {
            var used: Set<String> = []
            while true {
                guard let token = take() else { return .words(Keywords.calcomConnectClauses.filter { !used.contains($0) }) }
                guard var word = token.word else { return .nothing }
                if word == "event" {
                    guard peek?.kind == .minus else { return .nothing }
                    index += 1
                    guard let rest = take() else { return used.contains("event-type") ? .nothing : .words(["type"]) }
                    guard rest.word == "type" else { return .nothing }
                    word = "event-type"
                }
                guard Keywords.calcomConnectClauses.contains(word), used.insert(word).inserted else { return .nothing }
                if word == "key", peek?.word == "file" { index += 1 }
                let stop = word == "event-type" ? integer() : text()
                if let stop { return stop }
            }
        }

        /// sync-stmt → 'sync' ('push' | 'pull' range? | 'availability' | 'status')?
        private mutating func sync() -> Offer {
            switch keyword(Keywords.syncActions) {
            case .stop(let offer): return offer
            case .took("pull"): return range() ?? .nothing
            case .took: return .nothing
            }
        }

        /// export-stmt → 'export' 'ics' export-target range? 'cancelled'?
        ///
        /// The target (a file name or `-`) is not offered; after it, a range or `cancelled`.
        private mutating func export() -> Offer {
            let format = peek?.word
            if let stop = keyword(Keywords.exportFormats).stop { return stop }
            guard let target = take() else { return .nothing }
            guard target.kind == .minus || target.kind.isString || target.kind.isVariable else { return .nothing }
            guard format == ExportFormat.ics.rawValue else { return range() ?? .nothing }
            guard let next = peek else { return .words(Keywords.rangeStarts + [Keywords.exportCancelled]) }
            if next.word != Keywords.exportCancelled, let stop = range() { return stop }
            return keyword([Keywords.exportCancelled]).stop ?? .nothing
        }

        // MARK: - Clauses and keywords

        /// The argument a clause keyword takes.
        enum Argument {
            case datetime, duration, text, customer
            /// A booking's `at`: a date-time, or a series' time of day.
            case datetimeOrTime
            /// What follows `every`.
            case repeating
            case date
            /// A number of occurrences: nothing to offer.
            case count
            /// `skip conflicts`.
            case conflicts
        }

        /// Clauses in any order, each at most once; `offered` names the keywords to offer once
        /// the clauses in its argument are there. `implicit` names the clause that a date or a
        /// time stands for without its keyword (a booking's `at`).
        private mutating func clauses(_ arguments: [(String, Argument)], implicit: String? = nil,
                                      offered: (Set<String>) -> [String]) -> Offer {
            var used: Set<String> = []
            while true {
                guard let token = take() else { return .words(offered(used)) }
                var word = token.word
                if let implicit, !(word.map { word in arguments.contains { $0.0 == word } } ?? false),
                   Self.startsWhen(token, peek) {
                    index -= 1
                    word = implicit
                }
                guard let word, !used.contains(word),
                      let argument = arguments.first(where: { $0.0 == word })?.1 else { return .nothing }
                used.insert(word)
                let stop: Offer? = switch argument {
                case .datetime: datetime()
                case .duration: duration()
                case .text: text()
                case .customer: text(.customers)
                case .datetimeOrTime: datetimeOrTime()
                case .repeating: repeating()
                case .date: date()
                case .count: take() == nil ? Offer.nothing : nil
                case .conflicts: keyword(["conflicts"]).stop
                }
                if let stop { return stop }
            }
        }

        /// A booking's `at`: a time alone (a series' time of day, or the next such time) or a
        /// date-time.
        private mutating func datetimeOrTime() -> Offer? {
            if let token = peek, Self.isTime(token) {
                index += 1
                return nil
            }
            return datetime()
        }

        /// every → INTEGER? unit ('on' on-spec)? | weekday (',' weekday)* TIME?
        private mutating func repeating() -> Offer? {
            guard var token = take() else { return .words(Self.weekdayNames + Self.repeatUnits) }
            if case .integer = token.kind {
                guard let next = take() else { return .words(Self.repeatUnits.map { $0 + "s" }) }
                token = next
            }
            guard let word = token.word else { return .nothing }
            if Keywords.weekdays[word] != nil {
                if let stop = weekdayList() { return stop }
                if case .time = peek?.kind { index += 1 }
                return nil
            }
            guard let unit = Keywords.repeatUnits[word] else { return .nothing }
            guard peek?.word == "on" else { return nil }
            index += 1
            switch unit {
            case .day, .week: return weekdayList(first: true)
            case .month:
                if let stop = keyword(["the"]).stop { return stop }
                guard let position = take() else { return .words(["last"]) }
                guard position.word == "last" || { if case .ordinal = position.kind { true } else { false } }() else {
                    return .nothing
                }
                if let next = peek?.word, Keywords.weekdays[next] != nil { index += 1 }
                return nil
            case .year: return .nothing
            }
        }

        /// weekday (',' weekday)*, the first already taken unless `first`.
        private mutating func weekdayList(first: Bool = false) -> Offer? {
            var expectDay = first
            while true {
                if expectDay {
                    guard let day = take() else { return .words(Self.weekdayNames) }
                    guard let word = day.word, Keywords.weekdays[word] != nil else { return .nothing }
                }
                guard peek?.kind == .comma else { return nil }
                index += 1
                expectDay = true
            }
        }

        /// A keyword taken, or what to offer instead of one.
        enum Keyword {
            case took(String)
            case stop(Offer)

            var stop: Offer? {
                if case .stop(let offer) = self { return offer }
                return nil
            }
        }

        /// One of `offered` (or of `alsoAccepting`, which is not offered).
        private mutating func keyword(_ offered: [String], alsoAccepting: [String] = []) -> Keyword {
            guard let token = take() else { return .stop(.words(offered)) }
            guard let word = token.word, offered.contains(word) || alsoAccepting.contains(word) else {
                return .stop(.nothing)
            }
            return .took(word)
        }

        // MARK: - Values

        /// range → 'today' | 'tomorrow' | 'yesterday' | ('this' | 'next') ('week' | 'month' | 'weekend')
        ///       | 'next' weekday | 'next' INTEGER ('day' | 'days') | 'on' date | 'from' point 'to' point
        private mutating func range() -> Offer? {
            switch keyword(Keywords.rangeStarts) {
            case .stop(let offer): return offer
            case .took("this"): return keyword(["week", "month", "weekend"]).stop
            case .took("next"):
                if case .integer = peek?.kind {
                    index += 1
                    return keyword(["days"], alsoAccepting: ["day"]).stop
                }
                return keyword(["week", "month", "weekend"] + Self.weekdayNames,
                               alsoAccepting: Array(Keywords.weekdays.keys)).stop
            case .took("on"): return date()
            case .took("from"): return point() ?? keyword(["to"]).stop ?? point()
            case .took: return nil
            }
        }

        /// datetime → DATETIME | date time | 'now' | variable
        private mutating func datetime() -> Offer? {
            when(offering: Self.dateTimeWords, timeRequired: true)
        }

        /// point → datetime | date
        private mutating func point() -> Offer? {
            when(offering: Self.dateWords + ["now"], timeRequired: false)
        }

        /// A date-time, or with `timeRequired` false a date whose time may be left out.
        private mutating func when(offering words: [String], timeRequired: Bool) -> Offer? {
            switch peek?.kind {
            case nil: return .words(words)
            case .dateTime?, .word("now")?:
                index += 1
                return nil
            case .variable?:
                index += 1
                return variableTail()
            default:
                if let stop = dateExpression() { return stop }
                if timeRequired { return time() }
                if let token = peek, Self.isTime(token) { index += 1 }
                return nil
            }
        }

        /// time → TIME | 'noon' | 'midnight'
        private mutating func time() -> Offer? {
            guard let token = take() else { return .words(Self.timeWords) }
            return Self.isTime(token) ? nil : .nothing
        }

        /// date → date-expr | variable
        private mutating func date() -> Offer? {
            if case .variable = peek?.kind {
                index += 1
                return variableTail()
            }
            return dateExpression()
        }

        /// date-expr → DATE | date-word | weekday | 'next' weekday | 'in' INTEGER day-unit
        ///           | month INTEGER | INTEGER month
        private mutating func dateExpression() -> Offer? {
            guard let token = take() else { return .words(Self.dateWords) }
            switch token.kind {
            case .date: return nil
            case .integer:
                guard let month = take() else { return .words(Self.monthNames) }
                return month.word.flatMap { Keywords.months[$0] } == nil ? .nothing : nil
            case .word("next"):
                guard let day = take() else { return .words(Self.weekdayNames) }
                return day.word.flatMap { Keywords.weekdays[$0] } == nil ? .nothing : nil
            case .word("in"):
                guard case .integer = take()?.kind else { return .nothing }
                return keyword(["days", "weeks"], alsoAccepting: ["day", "week"]).stop
            case .word(let word) where Self.isDate(word): return nil
            case .word(let word) where Keywords.months[word] != nil:
                guard let day = take() else { return .nothing }
                if case .integer = day.kind { return nil }
                return .nothing
            default: return .nothing
            }
        }

        /// duration → '-'? DURATION | INTEGER hours (INTEGER minutes)? | INTEGER minutes | variable
        private mutating func duration() -> Offer? {
            if peek?.kind == .minus { index += 1 }
            guard let token = take() else { return .nothing }
            switch token.kind {
            case .duration: return nil
            case .variable: return variableTail()
            case .integer:
                guard let unit = take() else { return .words(Self.durationUnitWords) }
                guard let minutes = unit.word.flatMap({ Keywords.durationUnits[$0] }) else { return .nothing }
                if minutes == 60, case .integer = peek?.kind {
                    index += 1
                    return keyword(["minutes"], alsoAccepting: Array(Keywords.durationUnits.filter { $0.value == 1 }.keys)).stop
                }
                return nil
            default: return .nothing
            }
        }

        /// INTEGER | variable
        private mutating func integer() -> Offer? {
            guard let token = take() else { return .nothing }
            switch token.kind {
            case .integer: return nil
            case .variable: return variableTail()
            default: return .nothing
            }
        }

        /// text → STRING | variable
        private mutating func text(_ atCursor: Offer = .nothing) -> Offer? {
            guard let token = take() else { return atCursor }
            switch token.kind {
            case .string: return nil
            case .variable: return variableTail()
            default: return .nothing
            }
        }

        /// ref → INTEGER | UUID | STRING | variable
        private mutating func reference(includingCancelled: Bool) -> Offer? {
            guard let token = take() else { return .appointments(includingCancelled: includingCancelled) }
            switch token.kind {
            case .integer, .uuid, .string: return nil
            case .variable: return variableTail()
            default: return .nothing
            }
        }

        /// variable → VARIABLE ('.' NAME | '[' INTEGER ']')*, the VARIABLE already taken.
        private mutating func variableTail() -> Offer? {
            while let token = peek {
                switch token.kind {
                case .dot:
                    index += 1
                    guard take()?.word != nil else { return .nothing }
                case .leftBracket:
                    index += 1
                    guard case .integer = take()?.kind, take()?.kind == .rightBracket else { return .nothing }
                default:
                    return nil
                }
            }
            return nil
        }

        // MARK: - Words

        static let statementWords = (Keywords.statements + ["quit", "exit"]).sorted()
        static let valueStatementWords = Keywords.valueStatements.sorted()
        static let helpTopics = Set(HelpTable.entries.map(\.topic) + ["quit"]).sorted()
        static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        static let dayWords = weekdayNames + ["weekdays", "weekend", "daily"]
        static let repeatUnits = ["day", "week", "month", "year"]
        static let dateWords = ["today", "tomorrow", "yesterday"] + weekdayNames + ["next", "in"]
        static let dateTimeWords = ["today", "tomorrow"] + weekdayNames + ["next", "in", "now"]
        static let timeWords = ["noon", "midnight"]
        static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        static let durationUnitWords = ["hours", "minutes", "min"]

        /// A date-word or a weekday.
        static func isDate(_ word: String) -> Bool {
            word == "today" || word == "tomorrow" || word == "yesterday" || Keywords.weekdays[word] != nil
        }

        /// A TIME, `noon` or `midnight`.
        static func isTime(_ token: Token) -> Bool {
            if case .time = token.kind { return true }
            return token.word.map { Keywords.namedTimes[$0] != nil } ?? false
        }

        /// Whether a date, a date-time or a time starts at `token` (with `next` after it, or the
        /// cursor when nil), as the parser's `startsWhen` decides.
        static func startsWhen(_ token: Token, _ next: Token?) -> Bool {
            switch token.kind {
            case .dateTime, .date, .time: return true
            case .integer: return next.map { $0.word.flatMap { Keywords.months[$0] } != nil } ?? true
            case .word(let word):
                if isDate(word) || Keywords.namedTimes[word] != nil { return true }
                if word == "next" { return next.map { $0.word.flatMap { Keywords.weekdays[$0] } != nil } ?? true }
                if word == "in" || Keywords.months[word] != nil {
                    guard let next else { return true }
                    if case .integer = next.kind { return true }
                }
                return false
            default: return false
            }
        }

        static func isDaySpec(_ word: String) -> Bool {
            Keywords.weekdays[word] != nil || Keywords.dayGroups[word] != nil
        }
    }
}

private extension TokenKind {
    var isVariable: Bool {
        if case .variable = self { return true }
        return false
    }

    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
