import CalComFake
import Foundation
import SchedTestSupport
import Testing

/// The short versions of the reliability drills in `Benchmarks/drills` (issue 7): concurrent
/// writers, runs killed mid-script, and hostile storage. The full-size drills are the Python
/// scripts there; these drive the built `sched` directly and check the database with `sqlite3`.
@Suite("Reliability drills", .enabled(if: Tool.available("sqlite3"), "sqlite3 is not installed"))
struct DrillTests {
    // MARK: concurrency (drill 5)

    /// Four processes make random bookings, reschedules and cancellations on the same few
    /// days; afterwards no two active appointments overlap, every appointment is in the state
    /// its writer was last told, nothing else is stored, and no writer saw the database locked.
    @Test func concurrentWritersNeverOverlapLoseAConfirmedStatementOrSeeTheDatabaseLocked() throws {
        let sandbox = try Sandbox.loggedIn()
        let hours = try sandbox.run(["-c", "available mon-sun 00:00-24:00"])
        try #require(hours.exitCode == 0, "\(hours)")

        let writers = (0..<4).map { DrillWriter(index: $0, sandbox: sandbox) }
        // A thread each: concurrentPerform would run only as many writers at once as there are cores.
        let finished = DispatchGroup()
        for writer in writers {
            finished.enter()
            Thread.detachNewThread {
                writer.run(operations: 50, batch: 10)
                finished.leave()
            }
        }
        finished.wait()

        var told: [Int: [String: Any]] = [:]
        for writer in writers {
            #expect(writer.problems.isEmpty, "writer \(writer.index): \(writer.problems)")
            #expect(writer.lockedErrors.isEmpty, "writer \(writer.index) saw: \(writer.lockedErrors)")
            for (number, appointment) in writer.owned {
                #expect(told[number] == nil, "appointment \(number) was reported to two writers")
                told[number] = appointment
            }
        }
        #expect(!told.isEmpty, "no statement succeeded at all")

        let overlaps = try DrillSQL.query(sandbox.database, DrillSQL.overlappingActivePairs)
        #expect(overlaps.isEmpty, "active appointments overlap: \(overlaps.prefix(5))")
        let stored = try DrillSQL.query(sandbox.database,
                                        "SELECT number, customer_name, start_utc, duration_minutes, status FROM appointments")
        var rows: [Int: [String]] = [:]
        for row in stored {
            if let number = Int(row[0]) { rows[number] = Array(row.dropFirst()) }
        }
        for (number, appointment) in told {
            let start = (appointment["start_time"] as? String).flatMap { try? Date($0, strategy: .iso8601) }
            let expected = [appointment["customer_name"] as? String ?? "?",
                            start.map { String(Int($0.timeIntervalSince1970)) } ?? "?",
                            String(appointment["duration_minutes"] as? Int ?? -1),
                            appointment["status"] as? String ?? "?"]
            #expect(rows[number] == expected, "appointment \(number): told \(expected), stored \(rows[number] ?? [])")
        }
        #expect(Set(rows.keys) == Set(told.keys), "stored appointments no writer was told about: \(Set(rows.keys).subtracting(told.keys))")
    }

    // MARK: crash consistency (drill 6)

    static let crashBookings = 1_000

    /// Three runs of a 1,000-booking script are killed with SIGKILL at random moments (right after
    /// a random number of its confirmations has been read, so the kill always lands mid-run,
    /// however loaded the machine); after each the database passes `integrity_check`, holds
    /// every booking the run confirmed, and holds a prefix of the script with at most one
    /// booking committed but not yet confirmed.
    @Test func killedRunKeepsEveryConfirmedBookingAndAnIntactDatabase() throws {
        let sandbox = try Sandbox.loggedIn()
        let hours = try sandbox.run(["-c", "available mon-sun 00:00-24:00"])
        try #require(hours.exitCode == 0, "\(hours)")
        var random = SplitMix64(seed: 6)
        for round in 0..<3 {
            let label = "kill\(round)"
            let script = try sandbox.write("\(label).sched", Self.bookingScript(label: label, round: round))
            let killAfter = 1 + Int(random.next() % UInt64(Self.crashBookings - 100))
            let result = try KilledRun(sandbox: sandbox, arguments: ["run", script.path], afterLines: killAfter).result
            #expect(result.signalled && result.status == SIGKILL, "round \(round): the run was not killed: \(result)")

            #expect(try Self.integrity(of: sandbox.database) == "ok", "round \(round)")
            let confirmed = result.outputLines.compactMap(Self.confirmation)
            #expect(confirmed.count >= killAfter, "round \(round): \(confirmed.count) confirmations read, \(killAfter) expected")
            let stored = try Self.storedBookings(in: sandbox.database, label: label)
            for (number, name) in confirmed {
                #expect(stored[number] == name, "round \(round): confirmed booking \(number) (\(name)) is not stored")
            }
            let indexes = stored.values.compactMap { $0.split(separator: "-").last.flatMap { Int(String($0)) } }.sorted()
            #expect(indexes == Array(0..<indexes.count), "round \(round): the stored bookings are not a prefix of the script")
            #expect(stored.count - confirmed.count <= 1,
                    "round \(round): \(stored.count) stored but \(confirmed.count) confirmed; is output flushed per statement?")
            if result.exitCode == 0 {
                #expect(stored.count == Self.crashBookings, "round \(round): the run finished but left \(stored.count)")
            }
        }
    }

    /// Three `--atomic` runs of a 1,000-booking script are killed at random moments: each
    /// leaves all of its bookings or none, and all of them when it finished first.
    @Test func killedAtomicRunLeavesAllOrNothing() throws {
        let sandbox = try Sandbox.loggedIn()
        let hours = try sandbox.run(["-c", "available mon-sun 00:00-24:00"])
        try #require(hours.exitCode == 0, "\(hours)")
        var random = SplitMix64(seed: 66)
        for round in 0..<3 {
            let label = "atomic\(round)"
            let script = try sandbox.write("\(label).sched", Self.bookingScript(label: label, round: round))
            let moment = 0.05 + random.unit() * 1.0
            let result = try sandbox.start(["run", "--atomic", script.path], timeout: moment).finish()

            #expect(try Self.integrity(of: sandbox.database) == "ok", "round \(round)")
            let stored = try Self.storedBookings(in: sandbox.database, label: label)
            #expect(stored.isEmpty || stored.count == Self.crashBookings, "round \(round): \(stored.count) of \(Self.crashBookings) stored")
            if result.exitCode == 0 {
                #expect(stored.count == Self.crashBookings, "round \(round): the run finished but left \(stored.count)")
            }
        }
    }

    /// Back-to-back 15-minute bookings `LABEL-0` … `LABEL-999`, on days no other round uses.
    static func bookingScript(label: String, round: Int) -> String {
        let firstDay = Calendar(identifier: .gregorian).date(from: DateComponents(
            timeZone: TimeZone(identifier: "UTC"), year: 2027, month: 1, day: 1 + 20 * round)) ?? Date()
        return (0..<crashBookings).map { index in
            let start = firstDay.addingTimeInterval(Double(index) * 15 * 60)
            let text = start.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
                .timeSeparator(.colon))
            return "book \"\(label)-\(index)\" at \(text.prefix(16)) for 15m\n"
        }.joined()
    }

    /// `Booked 12: kill0-3 — …` → (12, "kill0-3").
    static func confirmation(_ line: String) -> (Int, String)? {
        guard line.hasPrefix("Booked ") else { return nil }
        let words = line.dropFirst("Booked ".count).split(separator: " ")
        guard words.count >= 2, let number = Int(words[0].dropLast()), words[0].hasSuffix(":") else { return nil }
        return (number, String(words[1]))
    }

    static func integrity(of database: URL) throws -> String {
        try DrillSQL.query(database, "PRAGMA integrity_check").map { $0.joined() }.joined(separator: "\n")
    }

    /// The active bookings whose names start with `LABEL-`: number → name.
    static func storedBookings(in database: URL, label: String) throws -> [Int: String] {
        let rows = try DrillSQL.query(database,
            "SELECT number, customer_name FROM appointments WHERE status = 'booked' AND customer_name LIKE '\(label)-%'")
        return Dictionary(rows.compactMap { row in Int(row[0]).map { ($0, row[1]) } }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: hostile storage (drill 8)

    static let refusedBooking = "book \"Zed\" at 2099-05-06T10:00 for 30m"

    /// Root ignores permission bits, so as root the file is made immutable with `chattr +i`.
    @Test(.enabled(if: HostileStorage.canMakeReadOnly, "cannot make a file read-only here (root without chattr)"))
    func readOnlyDatabaseIsUnavailable() throws {
        let storage = try HostileStorage()
        try storage.makeReadOnly()
        defer { storage.undoReadOnly() }
        try storage.expectUnavailable(try storage.run(["-c", Self.refusedBooking]))
    }

    /// A database whose directory has gone must not be silently replaced by a new, empty one.
    @Test func databaseWhoseDirectoryIsGoneIsUnavailable() throws {
        let storage = try HostileStorage(inDirectory: "gone")
        let folder = storage.database.deletingLastPathComponent()
        let away = storage.sandbox.path("gone.away")
        try FileManager.default.moveItem(at: folder, to: away)
        let result = try storage.run(["-c", Self.refusedBooking])
        let recreated = FileManager.default.fileExists(atPath: folder.path)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.moveItem(at: away, to: folder)
        #expect(!recreated, "sched created \(folder.path) again")
        try storage.expectUnavailable(result)
        #expect(result.standardError.contains("does not exist"), "\(result)")
        try storage.expectIntact()
    }

    @Test func databaseWhoseDirectoryCannotBeCreatedIsUnavailable() throws {
        let storage = try HostileStorage(inDirectory: "blocked")
        let folder = storage.database.deletingLastPathComponent()
        let away = storage.sandbox.path("blocked.away")
        try FileManager.default.moveItem(at: folder, to: away)
        try Data("a file where the directory was\n".utf8).write(to: folder)
        let result = try storage.run(["-c", Self.refusedBooking])
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.moveItem(at: away, to: folder)
        try storage.expectUnavailable(result)
        #expect(result.standardError.contains("is a file, not a directory"), "\(result)")
    }

    /// A full disk, simulated with a file-size limit (`ulimit -f`) so that it needs no mount:
    /// the write-ahead log cannot take a single page. SIGXFSZ is ignored so the write fails.
    @Test func fullDiskIsUnavailable() throws {
        let storage = try HostileStorage()
        let sched = try SchedBinary.url().path
        let result = try storage.runShell(
            "trap '' XFSZ; ulimit -f 4; exec \"$0\" -c \"$1\"", arguments: [sched, Self.refusedBooking])
        try storage.expectUnavailable(result)
    }

    /// Another process holds an exclusive lock for longer than the 5-second busy timeout.
    @Test func databaseLockedByAnotherProcessIsUnavailable() throws {
        let storage = try HostileStorage()
        let holder = try LockHolder(database: storage.database)
        let started = Date()
        let result = try storage.run(["-c", Self.refusedBooking])
        let waited = Date().timeIntervalSince(started)
        holder.release()
        try storage.expectUnavailable(result)
        #expect(result.standardError.contains("locked"), "\(result)")
        #expect(waited >= 4.5, "sched gave up after \(waited) s, before its 5 s busy timeout")
    }
}

/// One writer of the concurrency drill: its random statements and what it was told.
private final class DrillWriter: @unchecked Sendable {
    let index: Int
    private let sandbox: Sandbox
    private var random: SplitMix64
    /// Number → the JSON object the writer's last successful statement on it printed.
    private(set) var owned: [Int: [String: Any]] = [:]
    private(set) var problems: [String] = []
    private(set) var lockedErrors: [String] = []

    init(index: Int, sandbox: Sandbox) {
        self.index = index
        self.sandbox = sandbox
        random = SplitMix64(seed: 500 + UInt64(index))
    }

    func run(operations: Int, batch: Int) {
        var remaining = operations
        while remaining > 0 {
            let size = min(batch, remaining)
            do {
                try runBatch((0..<size).map { _ in nextStatement() })
            } catch {
                problems.append("could not run sched: \(error)")
            }
            remaining -= size
        }
    }

    /// A booking on the same three days every writer uses, or a reschedule or cancellation of
    /// one of this writer's own active appointments.
    private func nextStatement() -> (verb: String, key: String, text: String) {
        let live = owned.filter { $0.value["status"] as? String == "booked" }.keys.sorted()
        let choice = random.unit()
        let start = randomStart()
        let duration = [15, 30, 45, 60, 90][Int(random.next() % 5)]
        if choice < 0.25, !live.isEmpty {
            let number = live[Int(random.next() % UInt64(live.count))]
            return ("reschedule", "\(number)", "reschedule \(number) to \(start) for \(duration)m")
        }
        if choice < 0.40, !live.isEmpty {
            let number = live[Int(random.next() % UInt64(live.count))]
            return ("cancel", "\(number)", "cancel \(number)")
        }
        let name = "w\(index)-\(random.next() % 1_000_000)"
        return ("book", name, "book \"\(name)\" at \(start) for \(duration)m")
    }

    private func randomStart() -> String {
        let quarter = Int(random.next() % UInt64(3 * 96))
        let day = 1 + quarter / 96
        let minutes = (quarter % 96) * 15
        return "2027-03-0\(day)T" + String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    private func runBatch(_ statements: [(verb: String, key: String, text: String)]) throws {
        let script = statements.map { $0.text + "\n" }.joined()
        let result = try sandbox.run(["--json", "run", "--keep-going", "-"], input: Data(script.utf8))
        var failedLines: Set<Int> = []
        // With --json each error is one object: {"error": {message, kind, file, line, column, hint}}.
        for line in result.standardError.split(separator: "\n") {
            guard let error = JSON.object(String(line))?["error"] as? [String: Any],
                  let kind = error["kind"] as? String, let message = error["message"] as? String else {
                problems.append("not a JSON error: \(line)")
                continue
            }
            if message.contains("locked") || kind == "unavailable" { lockedErrors.append(String(line)) }
            if let number = error["line"] as? Int { failedLines.insert(number) }
            if !["conflict", "invalid", "validation"].contains(kind) {
                problems.append("unexpected failure: \(line)")
            }
        }
        let succeeded = statements.indices.filter { !failedLines.contains($0 + 1) }
        let printed = result.outputLines.compactMap(JSON.object)
        guard printed.count == succeeded.count else {
            problems.append("\(succeeded.count) statements succeeded but \(printed.count) results were printed: \(result)")
            return
        }
        for (position, appointment) in zip(succeeded, printed) {
            let statement = statements[position]
            let matches = statement.verb == "book"
                ? appointment["customer_name"] as? String == statement.key
                : (appointment["number"] as? Int).map(String.init) == statement.key
            if !matches { problems.append("\(statement.text) printed \(appointment)") }
            if let number = appointment["number"] as? Int { owned[number] = appointment }
        }
    }
}

/// Queries run with the `sqlite3` shell, rows split on `|`.
enum DrillSQL {
    static let overlappingActivePairs = """
        SELECT a.number, b.number FROM appointments a JOIN appointments b
          ON a.number < b.number
         AND a.start_utc < b.start_utc + b.duration_minutes * 60
         AND b.start_utc < a.start_utc + a.duration_minutes * 60
        WHERE a.status = 'booked' AND b.status = 'booked'
        """

    static func query(_ database: URL, _ sql: String) throws -> [[String]] {
        let result = try Tool.run("sqlite3", ["-bail", database.path, sql])
        try #require(result.status == 0, "sqlite3 failed: \(result.errors)")
        return result.output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }
}

/// A logged-in database with a few bookings, and the checks every hostile-storage case makes.
private final class HostileStorage {
    let sandbox: Sandbox
    let database: URL
    private var before: [Data] = []
    private var immutable = false

    /// As root, chmod does not stop a write; `chattr +i` does, where the file system has it.
    static let canMakeReadOnly: Bool = {
        if geteuid() != 0 { return true }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("sched-chattr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard FileManager.default.createFile(atPath: probe.path, contents: Data()),
              (try? Tool.run("chattr", ["+i", probe.path]))?.status == 0 else { return false }
        _ = try? Tool.run("chattr", ["-i", probe.path])
        return true
    }()

    /// `inDirectory` puts `SCHED_DB` one folder down, for the cases that take the folder away.
    init(inDirectory folder: String? = nil) throws {
        let sandbox = try Sandbox()
        self.sandbox = sandbox
        database = folder.map { sandbox.path($0).appendingPathComponent("sched.db") } ?? sandbox.database
        // A named database's directory must exist; sched creates only its default one.
        try FileManager.default.createDirectory(at: database.deletingLastPathComponent(), withIntermediateDirectories: true)
        try sandbox.addUser(database: database)
        let seeded = try run(["run", "-"], input: """
            available mon-sun 00:00-24:00
            book "Ann" at 2099-05-04T10:00 for 30m
            book "Bob" at 2099-05-05T11:00 for 1h
            """)
        try #require(seeded.exitCode == 0, "\(seeded)")
        _ = try DrillSQL.query(database, "PRAGMA wal_checkpoint(TRUNCATE)")
        before = files()
    }

    /// Runs `sched` on this database.
    func run(_ arguments: [String], input: String = "") throws -> SchedResult {
        try sandbox.run(arguments, input: Data(input.utf8), database: database)
    }

    /// Runs `sh -c SCRIPT ARGUMENTS…` with the sandbox's environment, for limits sched cannot set itself.
    func runShell(_ script: String, arguments: [String]) throws -> SchedResult {
        let child = try Subprocess("/bin/sh", ["-c", script] + arguments,
                                   environment: sandbox.environment(database: database),
                                   directory: sandbox.directory.path, output: .pipe, error: .pipe)
        // Both streams are a few lines at most, so reading one after the other cannot stall.
        let outputData = child.standardOutput!.readToEndRetrying()
        let errorData = child.standardError!.readToEndRetrying()
        let ended = child.wait()
        return SchedResult(status: ended.status, signalled: ended.signalled,
                           timedOut: false, standardOutputData: outputData, standardErrorData: errorData)
    }

    /// The database file and its write-ahead log (a missing log counts as an empty one).
    private func files() -> [Data] {
        ["", "-wal"].map { FileManager.default.contents(atPath: database.path + $0) ?? Data() }
    }

    func makeReadOnly() throws {
        if geteuid() == 0 {
            let result = try Tool.run("chattr", ["+i", database.path])
            try #require(result.status == 0, "chattr +i failed: \(result.errors)")
            immutable = true
        } else {
            try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: database.path)
        }
    }

    func undoReadOnly() {
        if immutable { _ = try? Tool.run("chattr", ["-i", database.path]) }
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: database.path)
    }

    /// `Database unavailable: … [unavailable]`, exit 1, nothing printed, the file untouched.
    func expectUnavailable(_ result: SchedResult, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(result.exitCode == 1, "\(result)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("Database unavailable: "), "\(result)", sourceLocation: sourceLocation)
        #expect(result.standardError.contains("[unavailable]"), "\(result)", sourceLocation: sourceLocation)
        #expect(result.standardOutput.isEmpty, "\(result)", sourceLocation: sourceLocation)
        try expectIntact(sourceLocation: sourceLocation)
    }

    func expectIntact(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(files() == before, "the database file changed", sourceLocation: sourceLocation)
        // immutable=1: a WAL database on storage sched could not write cannot be opened otherwise.
        let uri = "file:\(database.path)?mode=ro&immutable=1"
        let result = try Tool.run("sqlite3", [uri, "PRAGMA integrity_check; SELECT count(*) FROM appointments"])
        #expect(result.output == "ok\n2\n", "\(result.output)\(result.errors)", sourceLocation: sourceLocation)
    }
}

/// A `sqlite3` shell holding `BEGIN EXCLUSIVE` on a database until released.
private final class LockHolder {
    private let child: Subprocess

    init(database: URL) throws {
        child = try Subprocess("/usr/bin/env", ["sqlite3", database.path], input: .pipe, output: .pipe)
        try child.standardInput!.write(contentsOf: Data("BEGIN EXCLUSIVE;\nSELECT 'held';\n".utf8))
        // Wait until the shell has the lock.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("held") {
            let chunk = child.standardOutput!.readSomeRetrying()
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        try #require(String(decoding: seen, as: UTF8.self).contains("held"), "sqlite3 did not take the lock")
    }

    func release() {
        try? child.standardInput!.write(contentsOf: Data("ROLLBACK;\n".utf8))
        try? child.standardInput!.close()
        child.wait()
    }
}

private extension SplitMix64 {
    /// A number in 0..<1.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// A `sched` run killed with SIGKILL as soon as a given number of lines of its standard output
/// has been read; its output is then read to the end (what it wrote before it died).
private struct KilledRun {
    let result: SchedResult

    init(sandbox: Sandbox, arguments: [String], afterLines: Int) throws {
        let child = try Subprocess(try SchedBinary.url().path, arguments,
                                   environment: sandbox.environment(database: sandbox.database),
                                   directory: sandbox.directory.path, output: .pipe)
        var data = Data()
        var lines = 0
        var killed = false
        while true {
            let chunk = child.standardOutput!.readSomeRetrying()
            if chunk.isEmpty { break }
            data.append(chunk)
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            if !killed, lines >= afterLines {
                child.send(SIGKILL)
                killed = true
            }
        }
        let ended = child.wait()
        // A line cut short by the kill is not a confirmation.
        if let lastNewline = data.lastIndex(of: 10) { data = data.prefix(through: lastNewline) } else { data = Data() }
        result = SchedResult(status: ended.status, signalled: ended.signalled,
                             timedOut: false, standardOutputData: data, standardErrorData: Data())
    }
}
