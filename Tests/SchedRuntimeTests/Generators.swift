import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import Testing

// A small copy of SchedCoreTests/Generators.swift (test targets cannot import each other),
// plus helpers that run generated source text through the interpreter.

// MARK: - Calendar arithmetic and zones, independent of SchedCore

enum Days {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return calendar
    }()

    static func number(_ date: CivilDate) -> Int {
        let midnight = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))
        return Int(((midnight ?? Date(timeIntervalSince1970: 0)).timeIntervalSince1970 / 86400).rounded(.down))
    }

    static func date(_ number: Int) -> CivilDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(number) * 86400))
        return CivilDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!
    }

    static func adding(_ date: CivilDate, _ days: Int) -> CivilDate { Self.date(number(date) + days) }

    static func parse(_ text: String) -> CivilDate { CivilDate(text)! }

    static func isWeekend(_ date: CivilDate) -> Bool {
        let weekday = calendar.component(.weekday, from: Date(timeIntervalSince1970: Double(number(date)) * 86400))
        return weekday == 1 || weekday == 7
    }
}

struct Transition: Sendable, Hashable {
    let at: Int
    let offset: Int
}

/// A home zone under test with its offsets around 2025 copied from the tz database.
struct ZoneCase: Sendable, Hashable, CustomStringConvertible {
    let identifier: String
    let initialOffset: Int
    let transitions: [Transition]
    /// A wall time that the clocks skip in spring, if the zone has DST.
    let springGap: String?

    var description: String { identifier }

    static let berlin = ZoneCase(identifier: "Europe/Berlin", initialOffset: 3600, transitions: [
        Transition(at: 1_743_296_400, offset: 7200), Transition(at: 1_761_440_400, offset: 3600),
    ], springGap: "2025-03-30T02:")
    static let newYork = ZoneCase(identifier: "America/New_York", initialOffset: -18000, transitions: [
        Transition(at: 1_741_503_600, offset: -14400), Transition(at: 1_762_063_200, offset: -18000),
    ], springGap: "2025-03-09T02:")
    static let utc = ZoneCase(identifier: "UTC", initialOffset: 0, transitions: [], springGap: nil)

    static let all = [berlin, newYork, utc]

    static let dstDates: [CivilDate] = [
        "2025-03-09", "2025-03-09", "2025-03-30", "2025-03-30", "2025-10-26", "2025-10-26", "2025-11-02",
        "2025-11-02", "2025-03-31", "2025-11-03",
    ].map(Days.parse)

    var zone: HomeZone { HomeZone(identifier: identifier) ?? .utc }

    func offset(atUnix seconds: Int) -> Int {
        transitions.last { $0.at <= seconds }?.offset ?? initialOffset
    }

    /// The instants showing a wall time, ascending; empty in a gap.
    func instants(_ date: CivilDate, _ secondsOfDay: Int) -> [Int] {
        let wall = Days.number(date) * 86400 + secondsOfDay
        let offsets = [initialOffset] + transitions.map(\.offset)
        let starts = [Int.min] + transitions.map(\.at)
        let ends = transitions.map(\.at) + [Int.max]
        return offsets.indices.compactMap { index in
            let instant = wall - offsets[index]
            return instant >= starts[index] && instant < ends[index] ? instant : nil
        }.sorted()
    }

    /// What a booking at this wall time means: the earlier instant in an overlap, nil in a gap.
    func bookingInstant(_ date: CivilDate, _ secondsOfDay: Int) -> Date? {
        instants(date, secondsOfDay).first.map { Date(timeIntervalSince1970: Double($0)) }
    }

    /// The start of the local day after `date` (no DST change happens at midnight here).
    func startOfNextDay(_ date: CivilDate) -> Date {
        bookingInstant(Days.adding(date, 1), 0) ?? Date(timeIntervalSince1970: 0)
    }
}

// MARK: - Generators

func pick<T: Sendable>(_ values: [T]) -> Generator<T, Shrink.None<T?>> {
    Gen<T?>.element(of: values).map { $0! }
}

enum Gens {
    static let zone = pick(ZoneCase.all)

    static let firstDay = Days.parse("2025-01-01")

    static let futureDate = zip(Gen.int(in: 0...9), pick(ZoneCase.dstDates), Gen.int(in: 1...330))
        .map { choice, dst, offset in choice < 4 ? dst : Days.adding(firstDay, offset) }

    /// Minutes since midnight: edges, the small hours in which the clocks change, or any.
    static let minuteOfDay = zip(
        Gen.int(in: 0...9), pick([0, 1, 60, 119, 120, 150, 179, 180, 540, 1020, 1380, 1439]), Gen.int(in: 60...179),
        Gen.int(in: 0...1439)
    ).map { choice, special, smallHours, any in choice < 4 ? special : (choice < 7 ? smallHours : any) }

    static let duration = zip(Gen.int(in: 0...2), pick([1, 1, 59, 60, 90, 1439, 1440]), Gen.int(in: 1...240))
        .map { choice, special, short in choice == 0 ? special : short }

    static let nameFragments: [String] = [
        "Ann", "O'Brien", "\"Doc\"", "C:\\Users\\ann", "\\\"", "Zoë", "Zoe\u{308}", "José", "李小龍", "山田太郎",
        "김민준", "Ελένη", "😀", "👩‍👩‍👧", "🇩🇪", "👍🏽", "a\u{301}\u{302}", "\u{301}", "#1", ";", "' OR 1=1 --",
        "\u{2028}", "{}", "&<>",
    ]

    static let boundaryNames: [String] = [
        "A", "é", "中", "😀", "'", "\"", "\\", "\u{301}", "#", ";",
        String(repeating: "a", count: 200), String(repeating: "中", count: 200),
        String(repeating: "e\u{301}", count: 100), String(repeating: "😀", count: 200),
        "\"" + String(repeating: "x", count: 198) + "\\",
    ]

    static let customerName = zip(
        Gen.int(in: 0...9), pick(boundaryNames), pick(nameFragments).array(of: 1...5), Gen.letterOrNumber.string(of: 1...200)
    ).map { choice, boundary, fragments, plain -> String in
        switch choice {
        case 0, 1: return boundary
        case 2...6: return clipName(fragments.joined(separator: " "))
        default: return plain
        }
    }

    static func clipName(_ text: String) -> String {
        var scalars = String.UnicodeScalarView(text.unicodeScalars.prefix(200))
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        let clipped = String(scalars)
        return clipped.isEmpty ? "A" : clipped
    }

    static let note = pick([nil, "first visit", "two\nlines\tand a tab", "quote \" backslash \\ 😀",
                            String(repeating: "中", count: 2000)] as [String?])
    static let email = pick([nil, "ann@example.com", "o'brien@example.co.uk", "李@例子.中国"] as [String?])
}

// MARK: - Source text

enum Source {
    /// A string literal of the language: `"..."` with `\"` and `\\` escaped, and newline and
    /// tab written as `\n` and `\t`; every other character is written as it is.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `2025-03-04T10:00`.
    static func dateTime(_ date: CivilDate, minute: Int) -> String {
        "\(date)T" + String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}

// MARK: - Running scripts

/// An interpreter on a fresh temporary database, with a pinned clock and captured output.
final class Session {
    /// 2025-01-01T00:00:00Z.
    static let defaultNow = Date(timeIntervalSince1970: 1_735_689_600)

    let zone: ZoneCase
    let store: SQLiteStore
    let clock: ManualClock
    let interpreter: Interpreter
    let buffer = OutputBuffer()
    let runner: ScriptRunner
    private let file = TemporaryPath()

    init(_ zone: ZoneCase, format: OutputFormat = .table) throws {
        self.zone = zone
        store = try SQLiteStore(path: file.path, defaultZone: zone.zone)
        clock = ManualClock(Self.defaultNow)
        interpreter = Interpreter(store: store, clock: clock, mode: .batch, format: format)
        runner = ScriptRunner(interpreter: interpreter, output: buffer.sink)
    }

    /// Runs script text through the script runner.
    @discardableResult
    func run(_ text: String, name: String = "gen.sched") -> ScriptRunner.Status {
        runner.run([ScriptFile(name: name, text: text)])
    }

    /// Parses one statement; records an issue when it does not parse.
    func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Statement? {
        let result = Parser.parse(SourceFile(name: "gen.sched", text: text))
        #expect(result.diagnostics.isEmpty, "\(text) should parse: \(result.diagnostics.map(\.message))",
                sourceLocation: sourceLocation)
        #expect(result.statements.count == 1, sourceLocation: sourceLocation)
        return result.diagnostics.isEmpty ? result.statements.first : nil
    }

    /// What executing the statement threw, as the `SchedError` it carries; nil if it succeeded.
    func failure(of statement: Statement) -> SchedError? {
        do {
            _ = try interpreter.execute(statement)
            return nil
        } catch let failure as RuntimeFailure {
            return failure.error
        } catch let error as SchedError {
            return error
        } catch {
            return SchedError(.internal, "not a SchedError: \(error)")
        }
    }

    func snapshot() throws -> StoreSnapshot { try StoreSnapshot(store) }
}

/// Everything a store holds, read through the `Store` protocol in one transaction.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    var appointments: [Appointment]
    var weekly: [WeeklyWindow]
    var overrides: [DateOverride]
    var timezone: String?

    init(_ store: any Store) throws {
        (appointments, weekly, overrides, timezone) = try store.read { tx in
            var found: [Appointment] = []
            var number = 1
            var misses = 0
            while misses < 4 {
                if let appointment = try tx.appointment(.number(number)) {
                    found.append(appointment)
                    misses = 0
                } else {
                    misses += 1
                }
                number += 1
            }
            return (found, try tx.weeklyWindows(), try tx.dateOverrides(from: nil, through: nil), try tx.setting("timezone"))
        }
    }

    var description: String { "\(appointments.count) appointments, \(weekly.count) weekly windows, \(overrides.count) overrides" }
}

/// A database file in a scratch directory, removed with its WAL companions at the end; RAM-backed
/// (`/dev/shm`) where there is one, so that thousands of databases do not wait on `fsync`.
final class TemporaryPath {
    static let directory: String = {
        let shm = "/dev/shm"
        return FileManager.default.isWritableFile(atPath: shm) ? shm : NSTemporaryDirectory()
    }()

    let path = (TemporaryPath.directory as NSString).appendingPathComponent("sched-props-\(UUID().uuidString).db")

    deinit {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }
}

/// Runs a property body, recording any error it throws: `propertyCheck` ignores thrown errors.
func checking(_ body: () throws -> Void, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    do {
        try body()
    } catch {
        Issue.record("unexpected error: \(error)", sourceLocation: sourceLocation)
    }
}
