import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling
import SchedSQLite

/// The directory to remove when the process exits.
nonisolated(unsafe) private var harnessRoot: String?

/// Runs one fuzz input through the lexer, the parser and the interpreter, on a fresh database in
/// a private working directory, with a pinned clock, no network and output thrown away.
///
/// Everything the input may touch stays under one directory in `/dev/shm` (or the temporary
/// directory): the database files, and the working directory that `export`, `import` and
/// `source` resolve relative paths against. An input naming any other file is only parsed.
final class FuzzHarness {
    /// Longer inputs are cut here: the cost of an input grows with its statements, and every
    /// interesting shape fits in a few kilobytes.
    static let maxLength = 4_096
    /// Where the clock stands until `set clock` moves it: TestRunner's start, 2025-01-01T00:00Z.
    static let clockStart = TestRunner.clockStart
    /// The user a database starts with unless the input creates its own.
    static let username = "admin"
    static let password = "correct horse"
    /// The PBKDF2 cost: the lowest there is, as nothing here guards a real password.
    static let hashIterations = 1

    /// Holds the database files, and the working directory below it.
    let root: String
    /// The working directory each input runs in; emptied and refilled before each.
    let workDirectory: String
    /// Files copied into the working directory before each input (`SCHED_FUZZ_FIXTURES`), so
    /// seeds that `source "lib/x.sched"` or `import csv "visits.csv"` find them.
    let fixtures: String?
    /// Print what the statements print (`SCHED_FUZZ_VERBOSE=1`), to see what an input does.
    let verbose = ProcessInfo.processInfo.environment["SCHED_FUZZ_VERBOSE"] == "1"
    private var count = 0

    init(fixtures: String? = ProcessInfo.processInfo.environment["SCHED_FUZZ_FIXTURES"]) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        root = (base as NSString).appendingPathComponent("sched-fuzz-\(getpid())")
        workDirectory = (root as NSString).appendingPathComponent("work")
        self.fixtures = fixtures.flatMap { $0.isEmpty ? nil : $0 }
        try? FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        // An input's relative paths must never land in the directory the fuzzer was started in.
        guard FileManager.default.changeCurrentDirectoryPath(workDirectory) else {
            fatalError("SchedFuzz: cannot enter \(workDirectory)")
        }
        // libFuzzer ends the process with exit(), so the directory goes then rather than in deinit.
        harnessRoot = root
        atexit {
            if let harnessRoot { try? FileManager.default.removeItem(atPath: harnessRoot) }
        }
    }

    /// Runs one input; an input that crashes, hangs or trips a sanitizer is a bug in sched.
    func run(_ data: [UInt8]) {
        let bytes = Array(data.prefix(Self.maxLength))
        // The lexer sees the raw bytes, as `ScriptFile.load` hands them over, even when they are
        // not UTF-8; the interpreter runs the text decoded with replacement characters.
        _ = Parser.parse(SourceFile(name: "fuzz.sched", bytes: bytes))
        let text = String(decoding: bytes, as: UTF8.self)
        let parsed = Parser.parse(SourceFile(name: "fuzz.sched", text: text))
        guard parsed.statements.allSatisfy(Self.staysInWorkDirectory) else { return }

        count += 1
        resetWorkDirectory()
        let path = (root as NSString).appendingPathComponent("db-\(count).db")
        defer { Self.removeDatabase(path) }
        guard let store = try? SQLiteStore(path: path, defaultZone: .utc) else { return }
        let scheduler = Scheduler(store: store, clock: ManualClock(Self.clockStart), hashIterations: Self.hashIterations)
        scheduler.calcom.makeRemote = { _ in OfflineCalendar() }
        let interpreter = Interpreter(scheduler: scheduler, mode: .test)
        if !text.contains("create") {
            // Most statements need a session; an input that creates its user logs in itself.
            _ = try? scheduler.run(CreateUser { _ in (Self.username, Self.password) }, session: nil)
            interpreter.session = try? scheduler.run(LogIn { _ in (Self.username, Self.password) }, session: nil).output.get().token
        }
        let sink = verbose ? OutputSink.standard : OutputSink(out: { _ in }, err: { _ in })
        let runner = ScriptRunner(interpreter: interpreter, output: sink,
                                  options: ScriptRunner.Options(keepGoing: true, atomic: text.hasPrefix("#atomic")))
        if parsed.diagnostics.isEmpty {
            _ = runner.run([ScriptFile(name: "fuzz.sched", text: text)])
        } else {
            // A script with a syntax error runs nothing; run the statements the parser recovered
            // one by one instead, so a mutation that breaks one line does not hide the others.
            let source = SourceFile(name: "fuzz.sched", text: text)
            for statement in parsed.statements {
                _ = runner.run([ScriptFile(name: "fuzz.sched", text: source.text(in: statement.range))])
            }
        }
    }

    /// Whether every file the statement may read or write is a relative path without `..`:
    /// a path given by a variable could be anything, so it counts as outside.
    static func staysInWorkDirectory(_ statement: Statement) -> Bool {
        switch statement.kind {
        case .source(let path): isConfined(path)
        case .exportCalendar(let export):
            if case .file(let path) = export.target { isConfined(path) } else { true }
        case .importAppointments(let statement): isConfined(statement.file)
        case .letBinding(_, .statement(let inner)): staysInWorkDirectory(inner)
        default: true
        }
    }

    private static func isConfined(_ path: WrittenValue) -> Bool {
        guard case .string(let text) = path.kind, !text.isEmpty else { return false }
        if text.hasPrefix("/") || text.hasPrefix("~") || text.contains("\0") { return false }
        return !text.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    private func resetWorkDirectory() {
        let manager = FileManager.default
        for entry in (try? manager.contentsOfDirectory(atPath: workDirectory)) ?? [] {
            try? manager.removeItem(atPath: (workDirectory as NSString).appendingPathComponent(entry))
        }
        guard let fixtures else { return }
        for entry in (try? manager.contentsOfDirectory(atPath: fixtures)) ?? [] {
            try? manager.copyItem(atPath: (fixtures as NSString).appendingPathComponent(entry),
                                  toPath: (workDirectory as NSString).appendingPathComponent(entry))
        }
    }

    private static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            unlink(path + suffix)
        }
    }
}

/// A Cal.com that cannot be reached: every call fails at once, so no input touches the network.
struct OfflineCalendar: RemoteCalendar {
    private static let failure = RemoteCalendarError.unreachable("the fuzz target has no network")

    func account() throws(RemoteCalendarError) -> RemoteAccount { throw Self.failure }
    func eventType(id: Int, username: String) throws(RemoteCalendarError) -> RemoteEventType? { throw Self.failure }
    func createBooking(_ request: RemoteBookingRequest) throws(RemoteCalendarError) -> RemoteBooking { throw Self.failure }
    func reschedule(uid: String, to start: Date, reason: String?) throws(RemoteCalendarError) -> RemoteBooking {
        throw Self.failure
    }
    func cancel(uid: String, reason: String) throws(RemoteCalendarError) -> RemoteBooking { throw Self.failure }
    func booking(uid: String) throws(RemoteCalendarError) -> RemoteBooking? { throw Self.failure }
    func bookings(from: Date, to: Date) throws(RemoteCalendarError) -> [RemoteBooking] { throw Self.failure }
    func slots(eventTypeID: Int, from: Date, to: Date, zone: String, durationMinutes: Int?)
        throws(RemoteCalendarError) -> [Date] { throw Self.failure }
    func defaultSchedule() throws(RemoteCalendarError) -> RemoteSchedule { throw Self.failure }
    func replaceSchedule(id: Int, with schedule: RemoteScheduleContent) throws(RemoteCalendarError) -> RemoteSchedule {
        throw Self.failure
    }

    func updateEventTypeRules(id: Int, _ rules: RemoteEventTypeRules) throws(RemoteCalendarError) {
        throw Self.failure
    }
}
