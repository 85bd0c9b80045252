import Foundation
import Testing

/// The database file: where it lives, how it is created, and that it keeps data across runs.
@Suite("Storage")
struct StorageTests {
    /// Seed property 18: what one process writes, the next one reads back.
    @Test func appointmentsAndWorkingHoursSurviveARestart() throws {
        let sandbox = try Sandbox.loggedIn()
        let written = try sandbox.run(script: """
            set timezone "Europe/Berlin"
            book "Ann Lee" at 2099-03-04T10:00 for 30m note "first visit" email "ann@example.com"
            book "Bob" at 2099-03-05T11:00 for 1h
            available sat 10:00-12:00, 13:00-15:00
            unavailable 2099-03-06
            cancel 2
            """)
        #expect(written.exitCode == 0, "\(written)")

        let list = try sandbox.run(["--json", "-c", "list from 2099-03-01 to 2099-03-31"])
        #expect(list.exitCode == 0, "\(list)")
        let appointments = try #require(JSON.array(list.outputLines.first) as? [[String: Any]], "\(list)")
        #expect(appointments.count == 1)
        let ann = try #require(appointments.first)
        #expect(ann["customer_name"] as? String == "Ann Lee")
        #expect(ann["start_time"] as? String == "2099-03-04T10:00:00+01:00")
        #expect(ann["end_time"] as? String == "2099-03-04T10:30:00+01:00")
        #expect(ann["duration_minutes"] as? Int == 30)
        #expect(ann["note"] as? String == "first visit")
        #expect(ann["email"] as? String == "ann@example.com")
        #expect(ann["status"] as? String == "booked")
        #expect(ann["number"] as? Int == 1)

        let bob = try sandbox.run(["--json", "-c", "show 2"])
        #expect(bob.exitCode == 0, "\(bob)")
        let cancelled = try #require(JSON.object(bob.outputLines.first), "\(bob)")
        #expect(cancelled["status"] as? String == "cancelled")
        #expect(cancelled["customer_name"] as? String == "Bob")

        let hours = try sandbox.run(["--json", "-c", "availability"])
        #expect(hours.exitCode == 0, "\(hours)")
        let schedule = try #require(JSON.object(hours.outputLines.first), "\(hours)")
        let weekly = try #require(schedule["weekly"] as? [[String: Any]])
        let saturday = weekly.filter { $0["day"] as? String == "saturday" }
        #expect(saturday.map { "\($0["start_time"] ?? "")-\($0["end_time"] ?? "")" } == ["10:00-12:00", "13:00-15:00"])
        #expect(weekly.filter { $0["day"] as? String == "monday" }.count == 1)

        let week = try sandbox.run(["--json", "-c", "availability from 2099-03-06 to 2099-03-07"])
        let days = try #require(JSON.array(week.outputLines.first) as? [[String: Any]], "\(week)")
        // The 6th is closed by its override: no slot of it is available.
        let sixth = days.filter { ($0["start_time"] as? String)?.hasPrefix("2099-03-06") == true }
        #expect(sixth.allSatisfy { $0["available"] as? Bool == false })
        let seventh = days.filter { ($0["start_time"] as? String)?.hasPrefix("2099-03-07") == true && $0["available"] as? Bool == true }
        #expect(seventh.map { $0["start_time"] as? String } == ["2099-03-07T10:00:00+01:00", "2099-03-07T13:00:00+01:00"])

        // The home zone was stored too, and the booked slot is still taken.
        let clash = try sandbox.run(["-c", "book \"Cy\" at 2099-03-04T10:15 for 30m"])
        #expect(clash.exitCode == 1, "\(clash)")
        #expect(clash.standardError.contains("Time slot is already booked"))
    }

    @Test func databaseFileIsCreatedPrivateInWALMode() throws {
        let sandbox = try Sandbox()
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path))
        // `sched init` creates the database (with its user); a booking then writes to it.
        try sandbox.createUser()
        #expect(FileManager.default.fileExists(atPath: sandbox.database.path))
        let created = try FileManager.default.attributesOfItem(atPath: sandbox.database.path)
        let createdMode = (created[.posixPermissions] as? NSNumber)?.intValue ?? -1
        #expect(createdMode & 0o777 == 0o600, "mode after init is \(String(createdMode, radix: 8))")
        let result = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m"])
        #expect(result.exitCode == 0, "\(result)")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.database.path)
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        #expect(mode & 0o777 == 0o600, "mode is \(String(mode, radix: 8))")
        let header = try #require(FileHandle(forReadingFrom: sandbox.database).readData(ofLength: 100) as Data?)
        #expect(header.count == 100)
        #expect(header.prefix(16) == Data("SQLite format 3\u{0}".utf8))
        // File format write/read versions: 2 means WAL.
        #expect(header[18] == 2, "write version \(header[18])")
        #expect(header[19] == 2, "read version \(header[19])")
    }

    @Test func databasePathComesFromDbThenSchedDbThenXdgDataHome() throws {
        let sandbox = try Sandbox()
        let book = "book \"Ann\" at 2099-03-04T10:00 for 30m"

        // Each database needs its own user and session, and `sched init` finds the database the
        // same way every other call does; the session is kept per database path, so a booking
        // that went to another database than its `init` would fail with `Authentication required`.
        let explicit = sandbox.path("explicit.db")
        try sandbox.createUser(options: ["--db", explicit.path])
        #expect(FileManager.default.fileExists(atPath: explicit.path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path))
        let first = try sandbox.run(["--db", explicit.path, "-c", book])
        #expect(first.exitCode == 0, "\(first)")
        #expect(FileManager.default.fileExists(atPath: explicit.path))
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path))

        try sandbox.createUser()
        #expect(FileManager.default.fileExists(atPath: sandbox.database.path))
        let second = try sandbox.run(["-c", book])
        #expect(second.exitCode == 0, "\(second)")
        #expect(FileManager.default.fileExists(atPath: sandbox.database.path))

        let xdg = sandbox.dataHome.appendingPathComponent("sched/sched.db")
        #expect(!FileManager.default.fileExists(atPath: xdg.path))
        try sandbox.createUser(database: .some(nil))
        #expect(FileManager.default.fileExists(atPath: xdg.path))
        let third = try sandbox.run(["-c", book], database: .some(nil))
        #expect(third.exitCode == 0, "\(third)")
        #expect(FileManager.default.fileExists(atPath: xdg.path))
        #expect(Set(try sandbox.keptSessions().keys) == [explicit.path, sandbox.database.path, xdg.path])

        // Three databases, each with its own single booking: none of them conflicted.
        for database in [explicit, sandbox.database, xdg] {
            let list = try sandbox.run(["--json", "--db", database.path, "-c", "list"])
            #expect((JSON.array(list.outputLines.first))?.count == 1, "\(database.path): \(list)")
        }
    }

    @Test func setClockIsRefusedOutsideTestMode() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "set clock 2020-01-01T08:00; book \"Ann\" at 2020-01-02T10:00 for 30m"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.contains("set clock is only allowed in test scripts run by 'sched test'"), "\(result)")
        #expect(result.standardError.contains("-c:1:1: error: "), "\(result)")
        #expect(try sandbox.snapshot().hasPrefix("[]\n"))
    }
}

/// Parsing one line of `--json` output.
enum JSON {
    static func value(_ line: String?) -> Any? {
        guard let line else { return nil }
        return try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])
    }

    static func object(_ line: String?) -> [String: Any]? { value(line) as? [String: Any] }

    static func array(_ line: String?) -> [Any]? { value(line) as? [Any] }
}
