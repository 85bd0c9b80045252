import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// The seed's properties 1 and 2 through the language: every statement that reads or changes
/// appointments, availability or settings is refused without a valid session, and refused
/// with `Token has expired` once the session has lapsed; in neither case is anything written.
@Suite struct AuthenticationPropertyTests {
    // Feature: appointment-scheduling-system, Property 1: Authentication Required for Protected Resources
    @Test("Property 1: Authentication required for protected resources")
    func property1AuthenticationRequiredForProtectedResources() async {
        // Every iteration writes one statement of each protected form, in a generated order, so
        // each form is tried in every iteration and against every state the earlier ones leave.
        let statements = zip(Gen<[ProtectedForm]>.shuffled(ProtectedForm.allCases), StatementSeed.gen.array(of: ProtectedForm.allCases.count))
            .map { forms, seeds in zip(forms, seeds).map { ProtectedStatement(form: $0, seed: $1) } }
        var covered: Set<String> = []
        var succeeded: [ProtectedForm: Int] = [:]
        var wrote: Set<ProtectedForm> = []
        await propertyCheck(
            count: 100, input: Gens.zone, SetupPlan.gen, statements, UnknownToken.gen
        ) { zone, plan, statements, unknownToken in
            checking {
                let session = try ScriptFixture(zone)
                let interpreter = session.interpreter
                #expect(session.run(plan.script, name: "setup.sched") == .success,
                        "setup \(plan.script): \(session.buffer.standardError)")
                // The setup's session, revoked by the language's own `logout`.
                let revoked = try #require(interpreter.session)
                #expect(session.run("logout", name: "logout.sched") == .success)
                #expect(interpreter.session == nil)
                #expect(throws: SchedError.authenticationRequired) { try interpreter.scheduler.authenticate(revoked) }
                // A valid session exists all along; the refused statements just do not carry it.
                let live = try session.logIn().token
                let unknown = unknownToken.token(near: live)
                #expect(unknown != live && unknown != revoked)
                let tokens = [revoked, live, unknown]
                let states: [(String, SessionToken?)] = [("no session", nil), ("a revoked session", revoked),
                                                         ("an unknown token \(unknown.value.debugDescription)", unknown)]

                for generated in statements {
                    let text = generated.text
                    guard let statement = session.parse(text) else { continue }
                    #expect(Self.key(statement.kind) == generated.form.rawValue, "\(text) parsed as \(statement.kind)")
                    #expect(Interpreter.needsSession(statement.kind), "\(text)")
                    covered.insert(Self.key(statement.kind))

                    let before = try AuthSnapshot(session.store, tokens: tokens)
                    for (state, token) in states {
                        interpreter.session = token
                        let error = session.failure(of: statement)
                        #expect(error == SchedError.authenticationRequired, "\(text) with \(state): \(String(describing: error))")
                        #expect(error?.kind == .auth && error?.message == "Authentication required")

                        // The same through the script runner, as `sched run` reports it.
                        let stderrBefore = session.buffer.standardError
                        #expect(session.run(text, name: "refused.sched") == .failed, "\(text) with \(state)")
                        let rendered = String(session.buffer.standardError.dropFirst(stderrBefore.count))
                        let written = ErrorPropertyTests.renderedError(String(rendered.prefix { $0 != "\n" }))
                        #expect(rendered.hasPrefix("refused.sched:1:1: error: "), "\(rendered)")
                        #expect(written.message == "Authentication required" && written.kind == .auth, "\(rendered)")
                        #expect(interpreter.session == token, "a refused statement changed the session")
                        if let name = generated.boundName {
                            #expect(interpreter.variable(name) == nil, "refused \(text) bound $\(name)")
                        }
                    }
                    // Nothing written in any of the three states, by the interpreter or the runner.
                    #expect(try AuthSnapshot(session.store, tokens: tokens) == before, "refused \(text) wrote something")

                    // Logged in, the same statement is not refused for want of a session: the
                    // gate is the only difference.
                    interpreter.session = live
                    let error = session.failure(of: statement)
                    #expect(error == nil || error?.kind != .auth,
                            "\(text) with a valid session: \(String(describing: error))")
                    if error == nil { succeeded[generated.form, default: 0] += 1 }
                    // The snapshot sees the writes a session allows (so its silence above means something).
                    if error == nil, Interpreter.policy(of: statement.kind)?.changesSchedule == true,
                       try AuthSnapshot(session.store, tokens: tokens).data != before.data {
                        wrote.insert(generated.form)
                    }
                    if error == nil, let name = generated.boundName {
                        #expect(interpreter.variable(name) != nil, "\(text) did not bind $\(name)")
                    }
                }
            }
        }
        #expect(covered == Set(ProtectedForm.allCases.map(\.rawValue)), "forms never generated: \(Set(ProtectedForm.allCases.map(\.rawValue)).subtracting(covered).sorted())")
        // Each form also succeeds with a session at least once, so its refusals above are not
        // just the statement failing anyway.
        let neverSucceeded = ProtectedForm.allCases.filter { succeeded[$0, default: 0] == 0 }
        #expect(neverSucceeded.isEmpty, "never succeeded with a session: \(neverSucceeded.map(\.rawValue))")
        let writing: Set<ProtectedForm> = [.book, .reschedule, .update, .cancel, .available, .unavailable, .setTimezone,
                                           .letBook, .letReschedule, .letUpdate, .letCancel, .restore, .undo, .redo]
        #expect(wrote == writing, "never seen to write with a session: \(writing.subtracting(wrote).map(\.rawValue).sorted())")
    }

    /// The protected statements are the ones DESIGN §6 names, and nothing else.
    @Test func protectedKindsAreTheDataStatements() throws {
        let parsed: [(String, Bool)] = [
            ("book \"Ann\" at 2025-06-03T10:00 for 30m", true),
            ("book at 2025-06-03T10:00", true),
            ("reschedule 1 to 2025-06-03T11:00 for 45m", true),
            ("update 1 note \"n\"", true),
            ("cancel 1", true),
            ("show 00000000-0000-4000-8000-000000000001", true),
            ("list", true),
            ("list this week", true),
            ("upcoming limit 3", true),
            ("available mon-fri 09:00-17:00", true),
            ("available 2025-06-07 10:00-12:00", true),
            ("unavailable weekend", true),
            ("unavailable tomorrow", true),
            ("availability next week", true),
            ("slots on 2025-06-03 for 1h every 15m", true),
            ("set timezone \"Europe/Berlin\"", true),
            ("set zone \"UTC\"", true),
            ("expect free 2025-06-03T10:00 for 30m", true),
            ("expect busy 2025-06-03T10:00 for 30m", true),
            ("let a = book \"Ann\" at 2025-06-03T10:00 for 30m", true),
            ("let a = reschedule 1 to 2025-06-03T11:00", true),
            ("let a = update 1 for 1h", true),
            ("let a = cancel 1", true),
            ("let $a = show 1", true),
            ("let a = list today", true),
            ("let a = upcoming", true),
            ("let a = availability", true),
            ("let a = slots today", true),
            ("let a = 5", false),
            ("let a = \"text\"", false),
            ("let a = $b.start", false),
            ("print 1", false),
            ("print $a", false),
            ("source \"other.sched\"", false),
            ("set output json", false),
            ("set output table", false),
            ("set clock 2025-06-03T10:00", false),
            ("help", false),
            ("help book", false),
            ("create user \"owner\" password \"long enough\"", false),
            ("login \"owner\"", false),
            ("login \"owner\" password \"long enough\"", false),
            ("logout", false),
            ("whoami", false),
            ("expect error", false),
            ("expect error auth \"Authentication required\"", false),
            ("expect 1 == 1", false),
            ("calcom status", true),
            ("calcom connect key \"cal_test_0000\" event-type 1", true),
            ("sync pull next week", true),
            ("export ics - this week", true),
            ("agenda", true),
            ("agenda next week", true),
            ("calendar week", true),
            ("calendar month 2025-03-01", true),
            ("import ics \"a.ics\" atomic", true),
            ("import csv \"a.csv\"", true),
            ("expect $a.start < 2025-06-03T10:00", false),
            ("book \"Ann\" every tue 10:00 for 30m count 3", true),
            ("cancel 1 and following", true),
            ("cancel series 1", true),
            ("reschedule series 1 to tomorrow 10:00 skip conflicts", true),
            ("update series 1 note \"x\"", true),
            ("show series 1", true),
            ("list series", true),
            ("set default duration 45m", true),
            ("cancel 1, 2, 3", true),
            ("cancel \"Ann\"", true),
            ("restore 1", true),
            ("find \"ann\" this week", true),
            ("list \"ann\"", true),
            ("list cancelled next week", true),
            ("export csv - this week", true),
            ("set buffer before 10m", true),
            ("set limit none per week", true),
            ("show settings", true),
            ("undo", true),
            ("undo 3", true),
            ("redo", true),
            ("history", true),
            ("history 5", true),
            ("history this week", true),
        ]
        var kinds: [(String, StatementKind, Bool)] = []
        for (text, expected) in parsed {
            let result = Parser.parse(SourceFile(name: "kinds.sched", text: text))
            #expect(result.diagnostics.isEmpty, "\(text): \(result.diagnostics.map(\.message))")
            #expect(result.statements.count == 1, "\(text)")
            if let statement = result.statements.first { kinds.append((text, statement.kind, expected)) }
        }
        // Built directly too, including a `let` of a statement the parser would not accept there.
        let origin = SchedLang.SourceLocation(line: 1, column: 1, offset: 0)
        let nowhere = SourceRange(start: origin, end: origin)
        let one = WrittenValue(kind: .integer(1), range: nowhere)
        let inner = { (kind: StatementKind) in LetValue.statement(Statement(kind: kind, range: nowhere)) }
        kinds += [
            ("logout (built)", .logout, false),
            ("whoami (built)", .whoami, false),
            ("help (built)", .help(topic: nil), false),
            ("set output (built)", .setOutput(.json), false),
            ("print (built)", .print(one), false),
            ("let = print (built)", .letBinding(name: "a", value: inner(.print(one))), false),
            ("let = whoami (built)", .letBinding(name: "a", value: inner(.whoami)), false),
            ("let = set timezone (built)", .letBinding(name: "a", value: inner(.setTimezone(one))), true),
            ("let = available (built)", .letBinding(name: "a", value: inner(.unavailable(.days([1])))), true),
            ("let = let = cancel (built)",
             .letBinding(name: "a", value: inner(.letBinding(name: "b", value: inner(.cancel(ref: one))))), true),
            ("cancel (built)", .cancel(ref: one), true),
            ("list (built)", .list(nil), true),
            ("upcoming (built)", .upcoming(limit: nil), true),
        ]
        for (text, kind, expected) in kinds {
            #expect(Interpreter.needsSession(kind) == expected, "\(text): needsSession is \(Interpreter.needsSession(kind))")
        }

        // One of every case of StatementKind (`key` switches over them all, so a new case does
        // not compile until it is sorted into one group or the other).
        let seen = Set(kinds.map { Self.caseName($0.1) })
        #expect(seen == Set(Self.protectedCases).union(Self.openCases), "cases not tried: \(Set(Self.protectedCases).union(Self.openCases).subtracting(seen).sorted())")
        for (_, kind, _) in kinds {
            let name = Self.caseName(kind)
            if case .letBinding = kind { continue }
            #expect(Interpreter.needsSession(kind) == Self.protectedCases.contains(name), "\(name)")
        }
        // The generator of property 1 covers every protected form.
        let generatedForms = Set(ProtectedForm.allCases.map(\.rawValue))
        let protectedKeys = Set(kinds.filter { $0.2 && !$0.0.hasSuffix("(built)") }.map { Self.key($0.1) })
        #expect(protectedKeys.isSubset(of: generatedForms), "\(protectedKeys.subtracting(generatedForms).sorted())")
        #expect(Set(Self.protectedCases).isSubset(of: generatedForms))
    }

    /// The statements of DESIGN §6 that need a session.
    static let protectedCases = [
        "book", "reschedule", "update", "cancel", "show", "list", "upcoming", "available", "unavailable", "availability",
        "slots", "set timezone", "set default duration", "expect free", "expect busy", "calcom", "sync", "export", "agenda",
        "calendar", "import", "find", "restore", "undo", "redo", "history", "set rule", "show settings",
    ]
    /// The statements that do not: help, the session statements, variables, output, the test clock,
    /// and the expectations that do not look at the schedule.
    static let openCases = [
        "let", "print", "source", "set output", "set clock", "help", "create user", "login", "logout", "whoami",
        "expect error", "expect comparison",
    ]

    /// The case of a statement kind.
    static func caseName(_ kind: StatementKind) -> String {
        if case .letBinding = kind { return "let" }
        return key(kind)
    }

    /// The case of a statement kind, and for `let` the case of the statement it binds.
    static func key(_ kind: StatementKind) -> String {
        switch kind {
        case .book: "book"
        case .reschedule, .rescheduleSeries: "reschedule"
        case .update, .updateSeries: "update"
        case .cancel, .cancelEach, .cancelFollowing, .cancelSeries: "cancel"
        case .restore: "restore"
        case .find: "find"
        case .undo: "undo"
        case .redo: "redo"
        case .history: "history"
        case .show, .showSeries: "show"
        case .list, .listSeries, .listCancelled: "list"
        case .upcoming: "upcoming"
        case .available: "available"
        case .unavailable: "unavailable"
        case .availability: "availability"
        case .slots: "slots"
        case .letBinding(_, .statement(let inner)): "let " + key(inner.kind)
        case .letBinding(_, .expression): "let value"
        case .print: "print"
        case .source: "source"
        case .setTimezone: "set timezone"
        case .setDefaultDuration: "set default duration"
        case .setRule: "set rule"
        case .showSettings: "show settings"
        case .setOutput: "set output"
        case .setClock: "set clock"
        case .help: "help"
        case .createUser: "create user"
        case .login: "login"
        case .logout: "logout"
        case .whoami: "whoami"
        case .expectError: "expect error"
        case .expectComparison: "expect comparison"
        case .expectFree: "expect free"
        case .expectBusy: "expect busy"
        case .calcomConnect, .calcomStatus, .calcomDisconnect, .calcomSlots: "calcom"
        case .sync: "sync"
        case .exportCalendar: "export"
        case .agenda: "agenda"
        case .calendar: "calendar"
        case .importAppointments: "import"
        }
    }

    // Feature: appointment-scheduling-system, Property 2: Expired Token Rejection
    @Test("Property 2: Expired token rejection through the interpreter")
    func property2ExpiredTokenRejectionThroughTheInterpreter() async {
        let statement = zip(Gen<ProtectedForm>.case, StatementSeed.gen).map(ProtectedStatement.init)
        await propertyCheck(
            count: 110, input: Gens.zone, SetupPlan.gen, ExpiryCase.gen, statement
        ) { zone, plan, expiry, generated in
            checking {
                let session = try ScriptFixture(zone, loggedIn: false, sessionLifetime: expiry.lifetime)
                let interpreter = session.interpreter
                let (token, expiresAt) = try session.logIn()
                #expect(expiresAt == defaultNow.addingTimeInterval(expiry.lifetime))
                #expect(session.run(plan.script, name: "setup.sched") == .success, "\(session.buffer.standardError)")
                let text = generated.text
                guard let statement = session.parse(text) else { return }

                session.clock.set(expiresAt.addingTimeInterval(expiry.offset))
                let before = try AuthSnapshot(session.store, tokens: [token])
                let error = session.failure(of: statement)
                if expiry.offset >= 0 {
                    #expect(error == SchedError.tokenExpired, "\(text) at \(expiry): \(String(describing: error))")
                    #expect(error?.kind == .auth && error?.message == "Token has expired")
                    #expect(try AuthSnapshot(session.store, tokens: [token]) == before, "\(text) wrote something")
                    let stderrBefore = session.buffer.standardError
                    #expect(session.run(text, name: "expired.sched") == .failed)
                    let rendered = String(session.buffer.standardError.dropFirst(stderrBefore.count))
                    let written = ErrorPropertyTests.renderedError(String(rendered.prefix { $0 != "\n" }))
                    #expect(written.message == "Token has expired" && written.kind == .auth, "\(rendered)")
                    #expect(try AuthSnapshot(session.store, tokens: [token]) == before)
                    #expect(session.run("whoami", name: "whoami.sched") == .success)
                    #expect(session.buffer.standardOutput.hasSuffix("not logged in\n"), "\(session.buffer.standardOutput)")
                    // Logging in again is all it takes.
                    try session.logIn()
                    let again = session.failure(of: statement)
                    #expect(again == nil || again?.kind != .auth, "\(text) after logging in again: \(String(describing: again))")
                } else {
                    #expect(error == nil || error?.kind != .auth, "\(text) at \(expiry): \(String(describing: error))")
                }
                #expect(interpreter.session != nil)
            }
        }
    }
}

/// A session lifetime and where the clock goes relative to the expiry.
struct ExpiryCase: Sendable, CustomStringConvertible {
    let lifetime: TimeInterval
    let offset: TimeInterval

    var description: String { "lifetime \(Int(lifetime))s, expiry \(offset >= 0 ? "+" : "")\(offset)s" }

    static let lifetimes: [Int] = [60, 61, 3599, 3600, 86_400, 604_799, 604_800]
    static let offsets: [Double] = [0, 0.5, 1, 59, 3600, -0.5, -1, -2, -59]

    /// Lifetimes from a minute to seven days; the clock exactly at the expiry, a moment either
    /// side of it, or anywhere from the login to three lifetimes later.
    static let gen = zip(
        Gen.int(in: 0...9), pick(lifetimes), Gen.int(in: 1...10_080), Gen.int(in: 60...604_800),
        pick(offsets), Gen.int(in: -1_000_000...3_000_000)
    ).map { choice, edgeLifetime, minutes, seconds, edgeOffset, fraction -> ExpiryCase in
        let lifetime = choice < 3 ? edgeLifetime : (choice < 6 ? minutes * 60 : seconds)
        let offset = choice % 2 == 0 ? edgeOffset : (Double(lifetime) * Double(fraction) / 1_000_000).rounded()
        return ExpiryCase(lifetime: TimeInterval(lifetime), offset: max(offset, -Double(lifetime)))
    }
}

/// A token that is not the live one: random, one character off it, the hash the database keeps
/// of it, with a space after it, or any text at all.
struct UnknownToken: Sendable, CustomStringConvertible {
    let variant: Int
    let bytes: [UInt8]
    let position: Int
    let text: String

    var description: String { "unknown token #\(variant)" }

    static let gen = zip(Gen.int(in: 0...4), Gen<UInt8>.value(in: 0...255).array(of: 32), Gen.int(in: 0...1000),
                         Gen.letterOrNumber.string(of: 0...60))
        .map(UnknownToken.init)

    func token(near live: SessionToken) -> SessionToken {
        switch variant {
        case 0:
            let text = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            return SessionToken(value: "sched_" + text)
        case 1:
            var characters = Array(live.value)
            let index = position % characters.count
            characters[index] = characters[index] == "A" ? "B" : "A"
            return SessionToken(value: String(characters))
        case 2: return SessionToken(value: live.hash)
        case 3: return SessionToken(value: live.value + " ")
        default: return SessionToken(value: text)
        }
    }
}

/// Everything a statement could change: appointments, windows, overrides and the zone setting,
/// and the user, the failed-login count and the sessions of the given tokens.
struct AuthSnapshot: Equatable, CustomStringConvertible {
    var data: StoreSnapshot
    var user: User?
    var failures: LoginFailures
    var sessions: [StoredSession?]

    init(_ store: any Store, tokens: [SessionToken]) throws {
        data = try StoreSnapshot(store)
        (user, failures, sessions) = try store.read { tx in
            (try tx.user(), try tx.loginFailures(), try tokens.map { try tx.session(tokenHash: $0.hash) })
        }
    }

    var description: String {
        "\(data); user \(user?.username ?? "-"); \(failures.count) failed logins; sessions \(sessions)"
    }
}

/// What the database holds before the statements run: working hours, a few bookings, maybe a
/// closed date, an override and a cancellation, and the variables `$a0` and `$d`.
struct SetupPlan: Sendable {
    let weekdaysOnly: Bool
    let bookings: Int
    let closedDate: Bool
    let override: Bool
    let cancelSecond: Bool

    static let gen = zip(Gen.bool(), Gen.int(in: 1...4), Gen.bool(), Gen.bool(), Gen.bool()).map(SetupPlan.init)

    static let bookingLines = [
        "book \"Ann\" at 2025-06-03T10:00 for 30m",
        "book \"Bo\" at 2025-06-04T11:00 for 1h note \"first\"",
        "book \"Cy\" at 2025-06-06T14:00 for 45m email \"cy@example.com\"",
        "book \"Di\" at 2025-06-10T09:00 for 2h",
    ]

    var script: String {
        var lines = [weekdaysOnly ? "available mon-fri 09:00-17:00" : "available daily 00:00-24:00"]
        lines += Self.bookingLines.prefix(bookings)
        if closedDate { lines.append("unavailable 2025-06-05") }
        if override { lines.append("available 2025-06-07 10:00-12:00") }
        if cancelSecond && bookings >= 2 { lines.append("cancel 2") }
        lines += ["let a0 = show 1", "let d = 45m"]
        return lines.joined(separator: "\n")
    }
}

/// A statement form that needs a session; `let` of each statement that gives a value counts as
/// its own form.
enum ProtectedForm: String, CaseIterable, Sendable {
    case book, reschedule, update, cancel, show, list, upcoming, available, unavailable, availability, slots
    case setTimezone = "set timezone", setDefaultDuration = "set default duration", expectFree = "expect free", expectBusy = "expect busy"
    case letBook = "let book", letReschedule = "let reschedule", letUpdate = "let update", letCancel = "let cancel"
    case letShow = "let show", letList = "let list", letUpcoming = "let upcoming"
    case letAvailability = "let availability", letSlots = "let slots"
    case calcom, sync, export, agenda, calendar
    case importFile = "import"
    case find, restore, undo, redo, history
    case setRule = "set rule", showSettings = "show settings"

    /// The form a `let` binds, or nil for a plain statement.
    var bound: ProtectedForm? {
        switch self {
        case .letBook: .book
        case .letReschedule: .reschedule
        case .letUpdate: .update
        case .letCancel: .cancel
        case .letShow: .show
        case .letList: .list
        case .letUpcoming: .upcoming
        case .letAvailability: .availability
        case .letSlots: .slots
        default: nil
        }
    }
}

/// The generated parts a statement is written from.
struct StatementSeed: Sendable {
    let variant: Int
    let number: Int
    let day: Int
    let minute: Int
    let duration: Int
    let name: String

    static let gen = zip(Gen.int(in: 0...1000), Gen.int(in: 0...10_000), Gen.int(in: 0...200), Gens.minuteOfDay,
                         Gens.duration, Gens.customerName)
        .map(StatementSeed.init)
}

/// One generated statement of a protected form, as source text.
struct ProtectedStatement: Sendable, CustomStringConvertible {
    let form: ProtectedForm
    let seed: StatementSeed

    var description: String { text }

    /// The variable a `let` binds.
    var boundName: String? {
        form.bound == nil ? nil : "v\(ProtectedForm.allCases.firstIndex(of: form) ?? 0)"
    }

    var text: String {
        guard let inner = form.bound, let name = boundName else { return Self.text(form, seed) }
        return "let \(seed.number % 2 == 0 ? name : "$" + name) = \(Self.text(inner, seed))"
    }

    static let days = ["mon", "mon-fri", "weekdays", "weekend", "daily", "mon,wed,fri", "sat-sun", "tue-thu", "fri-mon", "sun"]
    static let windows = ["09:00-17:00", "08:00-12:00, 13:00-18:00", "00:00-24:00", "10:30-11:45", "06:00-07:00,22:00-24:00"]
    static let zones = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo", "Mars/Base", ""]
    static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    /// A CSV file with its header and no rows, for `import`.
    static let emptyCSV: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sched-auth-\(UUID().uuidString).csv").path
        FileManager.default.createFile(atPath: path, contents: Data("customer_name,start_time,duration_minutes\n".utf8))
        return path
    }()

    private static func text(_ form: ProtectedForm, _ s: StatementSeed) -> String {
        let v = s.variant
        switch form {
        case .book:
            let base = "book \(Source.quoted(s.name))"
            switch v % 4 {
            case 1: return base + " at \(dateTime(s)) for \(duration(s)) note \(Source.quoted("note \(s.number)"))"
            case 2: return base + " at \(dateTime(s)) for \(duration(s)) email \"c\(s.number)@example.com\""
            case 3: return base + " for \(duration(s)) at \(dateTime(s))"
            default:
                if s.number % 3 == 0 { return base + " every \(weekdays[s.day % 7]) 10:00 for \(duration(s)) count 3" }
                return base + " at \(dateTime(s)) for \(duration(s))"
            }
        case .reschedule:
            return "reschedule \(s.day % 4 == 0 ? "series " : "")\(reference(s)) to \(dateTime(s))"
                + (s.number % 2 == 0 ? " for \(duration(s))" : "")
        case .update:
            let reference = reference(s)
            switch s.number % 6 {
            case 0: return "update \(reference) name \(Source.quoted(s.name))"
            case 1: return "update \(reference) at \(dateTime(s))"
            case 2: return "update \(reference) for \(duration(s))"
            case 3: return "update \(s.day % 2 == 0 ? "series " : "")\(reference) note \(Source.quoted("note \(s.variant)"))"
            case 4: return "update \(reference) email \"u\(s.variant)@example.org\""
            default: return "update \(reference) at \(dateTime(s)) for \(duration(s)) note \"both\""
            }
        case .cancel:
            switch s.day % 5 {
            case 1: return "cancel \(reference(s)) and following"
            case 2: return "cancel series \(reference(s))"
            case 3: return "cancel \(reference(s)), \(1 + s.variant % 9)"
            case 4: return "cancel \(Source.quoted(s.name))"
            default: return "cancel \(reference(s))"
            }
        // Appointment 2, Bo's, is the one the setup may have cancelled.
        case .restore:
            switch s.day % 3 {
            case 0: return "restore 2"
            case 1: return "restore \"Bo\""
            default: return "restore \(reference(s))"
            }
        // Not `undo 1`, which would take the setup away from every statement after it.
        case .setRule:
            return ["set buffer before 10m", "set buffer after none", "set minimum notice 2h", "set slot interval 15m",
                    "set limit 6 per day", "set limit none per week", "set booking window 60 days"][v % 7]
        case .showSettings: return "show settings"
        case .undo: return v % 3 == 0 ? "undo 999" : "undo"
        case .redo: return "redo"
        case .history: return ["history", "history 3", "history this week", "history from 2024-12-01 to 2025-12-31"][v % 4]
        case .find: return (v % 2 == 0 ? "find " : "list ") + Source.quoted(s.name) + (s.number % 2 == 0 ? "" : " \(range(s))")
        case .show: return "show \(s.day % 3 == 0 ? "series " : "")\(reference(s))"
        case .list:
            if s.number % 11 == 0 { return "list cancelled" + (v % 2 == 0 ? "" : " \(range(s))") }
            return s.number % 5 == 0 ? "list" : s.number % 7 == 0 ? "list series" : "list \(range(s))"
        case .upcoming: return s.number % 2 == 0 ? "upcoming" : "upcoming limit \(1 + s.number % 20)"
        case .available: return "available \(target(s)) \(windows[s.number % windows.count])"
        case .unavailable: return "unavailable \(target(s))"
        case .availability: return s.number % 3 == 0 ? "availability" : "availability \(range(s))"
        case .slots:
            var text = "slots \(range(s))"
            if v % 2 == 0 { text += " for \(duration(s))" }
            if s.number % 3 == 0 { text += " every \(s.number % 2 == 0 ? "15m" : "1h")" }
            return text
        case .setTimezone:
            return (s.number % 2 == 0 ? "set timezone " : "set zone ") + Source.quoted(zones[v % zones.count])
        case .setDefaultDuration: return "set default duration \(duration(s))"
        case .expectFree: return "expect free \(dateTime(s)) for \(duration(s))"
        case .expectBusy: return "expect busy \(dateTime(s)) for \(duration(s))"
        // Without a connection these two are the ones that succeed with a session.
        case .calcom: return "calcom status"
        case .sync: return "sync status"
        case .export: return v % 2 == 0 ? "export ics - this week" : "export csv - next week"
        case .agenda: return v % 2 == 0 ? "agenda" : "agenda \(range(s))"
        case .calendar: return v % 2 == 0 ? "calendar week" : "calendar month \(date(s).description)"
        // A header and no rows: it succeeds with a session and books nothing.
        case .importFile: return "import csv " + Source.quoted(Self.emptyCSV) + (v % 2 == 0 ? "" : " atomic")
        case .letBook, .letReschedule, .letUpdate, .letCancel, .letShow, .letList, .letUpcoming, .letAvailability,
             .letSlots:
            return text(form.bound ?? .list, s)
        }
    }

    /// Some dates before the clock (2025-01-01), most after, some around the DST changes.
    private static func date(_ s: StatementSeed) -> CivilDate {
        Days.adding(Days.parse("2024-12-20"), s.day + (s.variant % 3 == 0 ? 150 : 0))
    }

    private static func dateTime(_ s: StatementSeed) -> String {
        let clock = String(format: "%02d:%02d", s.minute / 60, s.minute % 60)
        switch s.variant % 8 {
        case 3: return "tomorrow \(clock)"
        case 4: return "\(weekdays[s.number % 7]) \(clock)"
        case 5: return s.number % 4 == 0 ? "now" : Source.dateTime(date(s), minute: s.minute) + "Z"
        case 6: return Source.dateTime(date(s), minute: s.minute) + (s.number % 2 == 0 ? "+02:00" : "-05:00")
        default: return Source.dateTime(date(s), minute: s.minute)
        }
    }

    private static func duration(_ s: StatementSeed) -> String {
        let minutes = s.duration
        switch (s.variant / 8) % 5 {
        case 1 where minutes >= 60: return minutes % 60 == 0 ? "\(minutes / 60)h" : "\(minutes / 60)h\(minutes % 60)m"
        case 2: return "1h"
        case 3 where s.number % 5 == 0: return "$d"
        default: return "\(minutes)m"
        }
    }

    /// An appointment by number (mostly one the setup booked), by UUID, or by a variable that
    /// may not be bound: the session is checked before any of it is looked at.
    private static func reference(_ s: StatementSeed) -> String {
        switch (s.variant / 3) % 6 {
        case 3: return String(format: "00000000-0000-4000-8000-%012d", s.number)
        case 4: return "$a\(s.number % 3)"
        case 5: return "$a0"
        default: return "\(1 + s.number % 6)"
        }
    }

    private static func range(_ s: StatementSeed) -> String {
        let first = date(s)
        switch (s.variant / 5) % 11 {
        case 0: return "today"
        case 1: return "tomorrow"
        case 2: return "yesterday"
        case 3: return "this week"
        case 4: return "next week"
        case 5: return "this month"
        case 6: return "next month"
        case 7: return "on \(first)"
        case 8: return "from \(Source.dateTime(first, minute: s.minute)) to \(Source.dateTime(Days.adding(first, 1), minute: s.minute))"
        default: return "from \(first) to \(Days.adding(first, s.number % 14))"
        }
    }

    private static func target(_ s: StatementSeed) -> String {
        switch s.variant % 5 {
        case 0: return "\(date(s))"
        case 1: return s.number % 2 == 0 ? "today" : "tomorrow"
        default: return days[s.number % days.count]
        }
    }
}
