import Foundation
import SchedCore
import SchedLang
import Scheduling

/// One way to finish the word before the cursor.
public struct Completion: Sendable, Equatable {
    /// Replaces the partial word; ends with what naturally follows it: a space after a keyword or
    /// number, `" ` after a customer name.
    public let replacement: String
    /// What a list of choices shows, e.g. `12  Ann  Tue 4 Mar 2025 10:00–10:30`; often the same
    /// as the replacement without its trailing space.
    public let display: String

    public init(replacement: String, display: String) {
        self.replacement = replacement
        self.display = display
    }
}

/// The ways to finish the word before the cursor, and how much of the line that word takes.
public struct Completions: Sendable, Equatable {
    /// How many Unicode scalars before the cursor the partial word takes (they get replaced; 0
    /// when the cursor follows a space).
    public let wordLength: Int
    public let candidates: [Completion]

    public init(wordLength: Int, candidates: [Completion]) {
        self.wordLength = wordLength
        self.candidates = candidates
    }

    static let none = Completions(wordLength: 0, candidates: [])
}

/// Finishes the word before the cursor at the interactive prompt: keywords where the grammar
/// expects them, and appointments, customer names and variables from the session.
///
/// Appointment numbers and customer names are offered only while the session is valid, and a
/// failing database gives no candidates rather than an error.
public struct Completer {
    let interpreter: Interpreter

    /// Appointments offered at most after `cancel`, `show` and the like.
    static let appointmentLimit = 50
    /// Customer names offered at most after `book "`.
    static let customerLimit = 100

    public init(interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    /// The candidates for the text before the cursor (one line of input, possibly several
    /// `;`-separated statements: only the last statement matters).
    public func complete(_ textBeforeCursor: String) -> Completions {
        let file = SourceFile(name: "<completion>", text: textBeforeCursor)
        let tokens = Lexer.tokenize(file).filter { $0.kind != .endOfInput }
        guard let (partial, before) = Self.split(tokens, file.bytes) else { return .none }
        if case .variable(let typed) = partial { return variables(typed) }
        var walk = Walk(Self.lastStatement(before))
        return candidates(for: walk.statement(), partial)
    }

    // MARK: - The word at the cursor

    /// The word being typed at the cursor, as far as it goes.
    enum Partial: Equatable {
        /// Nothing yet: the cursor follows a space or punctuation.
        case empty
        case word(String)
        case number(String)
        /// `$` and what follows it.
        case variable(String)
        /// An open string's text after its quote, as typed.
        case string(String)
    }

    /// The partial word and the complete tokens before it; nil inside a comment, or right
    /// after a token that cannot be finished (a closed string, a date, a duration …).
    static func split(_ tokens: [Token], _ bytes: [UInt8]) -> (Partial, [Token])? {
        let end = tokens.last?.range.end.offset ?? 0
        guard end >= bytes.count else {
            let inComment = bytes[end...].contains(UInt8(ascii: "#"))
            return inComment ? nil : (.empty, tokens)
        }
        guard let last = tokens.last else { return (.empty, []) }
        let before = Array(tokens.dropLast())
        switch last.kind {
        case .word: return (.word(last.text), before)
        case .integer: return (.number(last.text), before)
        case .variable: return (.variable(last.text), before)
        case .invalid(.unterminatedString): return (.string(String(last.text.dropFirst())), before)
        case .invalid where last.text == "$": return (.variable(last.text), before)
        case .comma, .minus, .equals, .dot, .leftBracket, .rightBracket, .semicolon, .newline, .comparison:
            return (.empty, tokens)
        default: return nil
        }
    }

    /// The tokens after the last `;` or line break.
    static func lastStatement(_ tokens: [Token]) -> [Token] {
        guard let separator = tokens.lastIndex(where: { $0.kind == .semicolon || $0.kind == .newline }) else {
            return tokens
        }
        return Array(tokens[(separator + 1)...])
    }

    // MARK: - Candidates

    func candidates(for offer: Offer, _ partial: Partial) -> Completions {
        switch (offer, partial) {
        case (.words(let words), .empty): Self.keywords(words, typed: "")
        case (.words(let words), .word(let typed)): Self.keywords(words, typed: typed)
        case (.appointments(let cancelled), .empty): appointments(typed: "", includingCancelled: cancelled)
        case (.appointments(let cancelled), .number(let typed)): appointments(typed: typed, includingCancelled: cancelled)
        // A name in quotes names an appointment too: its customer's.
        case (.appointments, .string(let typed)): customers(typed: typed)
        case (.customers, .empty): customers(typed: nil)
        case (.customers, .string(let typed)): customers(typed: typed)
        default: .none
        }
    }

    /// The words starting with `typed`, ignoring case; a long weekday name (`monday`) when the
    /// typing has gone past every short one.
    static func keywords(_ words: [String], typed: String) -> Completions {
        let folded = typed.lowercased()
        var matching = words.filter { $0.hasPrefix(folded) }
        if matching.isEmpty {
            matching = words.compactMap { longWeekdays[$0] }.filter { $0.hasPrefix(folded) }
        }
        return Completions(
            wordLength: typed.unicodeScalars.count,
            candidates: matching.map { Completion(replacement: $0 + " ", display: $0) })
    }

    static let longWeekdays = [
        "mon": "monday", "tue": "tuesday", "wed": "wednesday", "thu": "thursday",
        "fri": "friday", "sat": "saturday", "sun": "sunday",
    ]

    /// `$name` for each variable held whose name starts with what follows the `$`.
    func variables(_ typed: String) -> Completions {
        let folded = typed.dropFirst().lowercased()
        let names = interpreter.variableNames.filter { $0.lowercased().hasPrefix(folded) }
        return Completions(
            wordLength: typed.unicodeScalars.count,
            candidates: names.map { Completion(replacement: "$\($0) ", display: "$\($0)") })
    }

    /// `12  Ann  Tue 4 Mar 2025 10:00–10:30` for each appointment whose number starts with `typed`,
    /// in columns.
    func appointments(typed: String, includingCancelled: Bool) -> Completions {
        // Private data is offered only under a valid session, which the use case checks.
        let done: Scheduler.Completed<[Appointment]>
        do {
            done = try interpreter.scheduler.run(
                MatchAppointmentNumbers(prefix: typed, includingCancelled: includingCancelled, limit: Self.appointmentLimit),
                session: interpreter.session)
        } catch {
            return .none
        }
        let found = done.output
        let zone = done.moment.zone
        let numberWidth = found.map { String($0.number).count }.max() ?? 0
        let nameWidth = found.map(\.customerName.count).max() ?? 0
        let candidates = found.map { appointment in
            let number = String(appointment.number)
            var display = String(repeating: " ", count: numberWidth - number.count) + number + "  "
                + appointment.customerName.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  "
                + HumanFormat.span(appointment.start, appointment.end, zone: zone)
            if appointment.status == .cancelled { display += "  (cancelled)" }
            return Completion(replacement: "\(appointment.number) ", display: display)
        }
        return Completions(wordLength: typed.unicodeScalars.count, candidates: candidates)
    }

    /// Customer names starting with the open string's text; `typed` is nil when the string is
    /// not open yet, and the name then comes with its opening quote.
    func customers(typed: String?) -> Completions {
        let written = typed ?? ""
        let unescapedHead = String(written.prefix { $0 != "\\" })
        let names: [String]
        do {
            names = try interpreter.scheduler.run(MatchCustomerNames(prefix: unescapedHead, limit: Self.customerLimit),
                                                  session: interpreter.session).output
        } catch {
            return .none
        }
        let folded = written.lowercased()
        let opening = typed == nil ? "\"" : ""
        let candidates = names.compactMap { name -> Completion? in
            let escaped = Self.escaped(name)
            guard escaped.lowercased().hasPrefix(folded) else { return nil }
            return Completion(replacement: opening + escaped + "\" ", display: name)
        }
        return Completions(wordLength: written.unicodeScalars.count, candidates: candidates)
    }

    /// A name as written inside a string literal.
    static func escaped(_ text: String) -> String {
        var written = ""
        for character in text {
            switch character {
            case "\"": written += "\\\""
            case "\\": written += "\\\\"
            case "\n": written += "\\n"
            case "\t": written += "\\t"
            default: written.append(character)
            }
        }
        return written
    }
}
