import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import SchedSQLite
import SchedTestSupport
import Testing

/// The seed's property 16: every failure has a kind with the seed's status and a message.
@Suite struct ErrorPropertyTests {
    /// The seed design's HTTP status for each kind of failure.
    static let seedStatus: [String: Int] = [
        "auth": 401, "conflict": 409, "invalid": 400, "validation": 422, "notfound": 404, "unavailable": 503,
        "internal": 500,
    ]

    // Feature: appointment-scheduling-system, Property 16: Error Responses Include Status and Message
    @Test("Property 16: Error responses include status and message")
    func property16ErrorResponsesIncludeStatusAndMessage() async {
        let failure = zip(Gen.int(in: 0...18), Gen.int(in: 0...100_000), Gens.customerName, Gens.minuteOfDay)
            .map(Failing.init)
        await propertyCheck(count: 120, input: Gens.zone, failure) { zone, failing in
            checking {
                if failing.scenario == .corruptDatabase {
                    try Self.checkCorruptDatabase(seed: failing.number)
                    return
                }
                if failing.scenario == .catalogue {
                    Self.checkCatalogue(failing.number)
                    return
                }
                let session = try ScriptFixture(zone)
                #expect(session.run(failing.setup.joined(separator: "\n"), name: "setup.sched") == .success,
                        "setup of \(failing): \(session.buffer.standardError)")
                guard let statement = session.parse(failing.statement) else { return }

                // `source` is run by the script runner, not the interpreter: only its rendering is checked.
                var error: SchedError?
                if failing.scenario != .missingSource {
                    error = session.failure(of: statement)
                    guard let error else {
                        Issue.record("\(failing.statement) should fail")
                        return
                    }
                    Self.expectWellFormed(error, kind: failing.expectedKind, text: failing.expectedText)
                }

                let stderrBefore = session.buffer.standardError
                #expect(session.run(failing.statement, name: "failing.sched") == .failed)
                let rendered = String(session.buffer.standardError.dropFirst(stderrBefore.count))
                let firstLine = rendered.prefix { $0 != "\n" }
                #expect(firstLine.hasPrefix("failing.sched:1:"), "\(rendered)")
                let written = Self.renderedError(String(firstLine))
                #expect(written.kind == failing.expectedKind, "\(rendered)")
                #expect(written.kind?.status == Self.seedStatus[failing.expectedKind.rawValue])
                #expect(!written.message.isEmpty, "\(rendered)")
                if let error {
                    #expect(written.kind == error.kind, "\(rendered)")
                    #expect(Self.renders(error.message, as: written.message), "\(rendered)")
                }
            }
        }
    }

    /// Whether a rendered message is the message, or the start of a long one cut with `…`.
    static func renders(_ message: String, as written: String) -> Bool {
        written == message || (written.hasSuffix("…") && message.hasPrefix(written.dropLast()))
    }

    /// The message and kind of `FILE:LINE:COL: error: MESSAGE [KIND]`.
    static func renderedError(_ line: String) -> (message: String, kind: ErrorKind?) {
        guard let marker = line.range(of: ": error: "), line.hasSuffix("]"),
              let open = line.range(of: " [", options: .backwards)
        else { return ("", nil) }
        let message = String(line[marker.upperBound..<open.lowerBound])
        let kind = String(line[open.upperBound...].dropLast())
        return (message.trimmingCharacters(in: .whitespaces), ErrorKind(rawValue: kind))
    }

    static func expectWellFormed(_ error: SchedError, kind: ErrorKind, text: String?,
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
        #expect(error.kind.status != nil && error.kind.status == seedStatus[error.kind.rawValue],
                "status of \(error.kind)", sourceLocation: sourceLocation)
        #expect(!error.message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, sourceLocation: sourceLocation)
        if let text {
            #expect(error.message.contains(text), "\(error.message) should say \(text)", sourceLocation: sourceLocation)
        }
    }

    /// Failures no statement reaches yet (sign-in, a failed transaction): their kind, status and
    /// message as the catalogue gives them, and the kind in their rendering.
    static func checkCatalogue(_ number: Int) {
        let catalogue: [(SchedError, ErrorKind)] = [
            (.invalidCredentials, .auth), (.tokenExpired, .auth), (.authenticationRequired, .auth),
            (.userExists, .conflict), (.transactionFailed("disk I/O error \(number)"), .internal),
            (.databaseUnavailable("database is locked"), .unavailable), (.appointmentNotFound(String(number)), .notfound),
        ]
        let (error, kind) = catalogue[number % catalogue.count]
        expectWellFormed(error, kind: kind, text: nil)
        let source = SourceFile(name: "catalogue.sched", text: "cancel \(number)")
        let range = SourceRange(start: SchedLang.SourceLocation(line: 1, column: 1, offset: 0),
                                end: SchedLang.SourceLocation(line: 1, column: 7, offset: 6))
        let rendered = DiagnosticRenderer().render(
            Diagnostic(message: error.message, kind: error.kind.rawValue, range: range), in: source)
        let written = renderedError(String(rendered.prefix { $0 != "\n" }))
        #expect(written.kind == kind && renders(error.message, as: written.message), "\(rendered)")
    }

    /// A file that is not a database: opening it is `unavailable` (503), and the diagnostic
    /// shows the kind.
    static func checkCorruptDatabase(seed: Int) throws {
        let file = TemporaryPath()
        let path = file.path
        var generator = SystemRandomNumberGenerator()
        let garbage = (0..<(1024 + seed % 4096)).map { index in
            index < 16 ? UInt8(ascii: "x") : UInt8.random(in: 0...255, using: &generator)
        }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(garbage)))
        do {
            _ = try SQLiteStore(path: path, defaultZone: .utc)
            Issue.record("a file of garbage opened as a database")
        } catch let error as SchedError {
            expectWellFormed(error, kind: .unavailable, text: "Database unavailable")
            let source = SourceFile(name: "corrupt.sched", text: "list")
            let range = SourceRange(start: SchedLang.SourceLocation(line: 1, column: 1, offset: 0),
                                    end: SchedLang.SourceLocation(line: 1, column: 5, offset: 4))
            let rendered = DiagnosticRenderer().render(
                Diagnostic(message: error.message, kind: error.kind.rawValue, range: range), in: source)
            #expect(rendered.contains("[unavailable]"))
        }
    }
}

/// A statement made to fail in a generated way, with the setup it needs.
struct Failing: Sendable, CustomStringConvertible {
    enum Scenario: Int, Sendable {
        case doubleBooking, past, outsideHours, dstGap, zeroDuration, cancelTwice, undefinedVariable, setClock,
             emptyName, badEmail, overlappingWindows, unknownZone, backwardsRange, missingNumber, missingID,
             missingSource, longRange, corruptDatabase, catalogue
    }

    let scenario: Scenario
    let number: Int
    let name: String
    let minute: Int

    init(scenario: Int, number: Int, name: String, minute: Int) {
        self.scenario = Scenario(rawValue: scenario) ?? .doubleBooking
        self.number = number
        self.name = name
        self.minute = minute
    }

    var description: String { "\(scenario) (\(number), \(minute)min)" }

    private var quotedName: String { Source.quoted(name) }
    /// A Tuesday to Thursday in June 2025, inside the default working hours.
    private var workday: CivilDate { Days.adding(Days.parse("2025-06-03"), number % 3) }
    private var workMinute: Int { 540 + minute % 450 }

    var setup: [String] {
        switch scenario {
        case .doubleBooking:
            return ["book \(quotedName) at \(Source.dateTime(workday, minute: workMinute)) for 30m"]
        case .cancelTwice:
            return ["book \(quotedName) at \(Source.dateTime(workday, minute: workMinute)) for 30m", "cancel 1"]
        case .dstGap:
            return ["set timezone \"\(number % 2 == 0 ? "Europe/Berlin" : "America/New_York")\"",
                    "available daily 00:00-24:00"]
        case .missingNumber, .missingID:
            return (0..<(number % 3)).map { "book \"Customer \($0)\" at \(Source.dateTime(workday, minute: 540 + 60 * $0)) for 30m" }
        default:
            return []
        }
    }

    var statement: String {
        let at = Source.dateTime(workday, minute: workMinute)
        switch scenario {
        case .doubleBooking:
            // Within 29 minutes of the first booking, and still inside the working hours.
            let shifted = min(max(workMinute + number % 59 - 29, 540), 1020 - 30)
            return "book \(quotedName) at \(Source.dateTime(workday, minute: shifted)) for 30m"
        case .past: return "book \(quotedName) at \(Source.dateTime(Days.adding(Days.parse("2024-12-30"), -(number % 200)), minute: minute)) for 30m"
        case .outsideHours:
            let weekend = Days.adding(Days.parse("2025-06-07"), 7 * (number % 20) + number % 2)
            return number % 3 == 0
                ? "book \(quotedName) at \(Source.dateTime(workday, minute: 1020 + minute % 420)) for 30m"
                : "book \(quotedName) at \(Source.dateTime(weekend, minute: minute)) for 30m"
        case .dstGap:
            let date = number % 2 == 0 ? "2025-03-30" : "2025-03-09"
            return "book \(quotedName) at \(date)T02:\(String(format: "%02d", minute % 60)) for 30m"
        case .zeroDuration: return "book \(quotedName) at \(at) for \(number % 2 == 0 ? "0m" : "-\(1 + number % 1440)m")"
        case .cancelTwice: return "cancel 1"
        case .undefinedVariable: return "show $v\(number)"
        case .setClock: return "set clock \(at)"
        case .emptyName: return "book \(Source.quoted(String(repeating: " ", count: number % 4))) at \(at) for 30m"
        case .badEmail: return "book \(quotedName) at \(at) for 30m email \(Source.quoted(name))"
        case .overlappingWindows:
            let start = minute % 1200
            return "available mon \(Self.clock(start))-\(Self.clock(start + 120)), \(Self.clock(start + 60))-\(Self.clock(start + 180))"
        case .unknownZone: return "set timezone \"Mars/Base\(number)\""
        case .backwardsRange: return "list from 2025-06-\(String(format: "%02d", 10 + number % 10)) to 2025-06-0\(1 + number % 9)"
        case .missingNumber: return "show \(10 + number)"
        case .missingID: return "cancel \(UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", number))?.uuidString.lowercased() ?? "1")"
        case .missingSource: return "source \"missing-\(number).sched\""
        case .longRange: return "slots from 2025-01-01 to 2026-0\(2 + number % 8)-01"
        case .corruptDatabase, .catalogue: return "list"
        }
    }

    var expectedKind: ErrorKind {
        switch scenario {
        case .doubleBooking: .conflict
        case .past, .outsideHours, .dstGap, .zeroDuration, .cancelTwice, .undefinedVariable, .setClock: .invalid
        case .emptyName, .badEmail, .overlappingWindows, .unknownZone, .backwardsRange, .longRange: .validation
        case .missingNumber, .missingID, .missingSource: .notfound
        case .corruptDatabase: .unavailable
        case .catalogue: .internal  // not used: each catalogue entry names its own kind
        }
    }

    /// Text the message must contain: the seed's own words where it has them.
    var expectedText: String? {
        switch scenario {
        case .doubleBooking: "Time slot is already booked"
        case .past: "Cannot book appointments in the past"
        case .outsideHours: "Selected time is not available"
        case .dstGap: "does not exist in"
        case .zeroDuration: "Duration must be positive"
        case .cancelTwice: "Appointment 1 is cancelled"
        case .emptyName: "customer_name: Field is required"
        case .badEmail: "email: "
        case .missingNumber: "Appointment \(10 + number) not found"
        case .missingID: "not found"
        default: nil
        }
    }

    static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}
