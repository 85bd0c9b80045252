import Foundation
import Testing

/// Logging in on the command line: `sched init`/`login`/`logout`, the kept session file,
/// `--user` batch logins, and that passwords and tokens stay out of the database and the output.
///
/// Every password hash costs about half a second in a debug build, so each test makes as few
/// logins as it can: one `init` per database, and the kept session after that.
@Suite("Authentication")
struct AuthenticationTests {
    static let book = "book \"Ann\" at 2099-03-04T10:00 for 30m"

    /// The permission bits of a file or directory.
    static func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }

    /// The time printed after `until ` in `Logged in as NAME until Mon 7 Dec 2026 12:41:35`,
    /// read in UTC (the sandbox's zone); on a whole minute the seconds are left out
    /// (`… 12:42`).
    static func expiry(in output: String) -> Date? {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Logged in as ") }),
              let until = line.range(of: " until ")
        else { return nil }
        let parts = line[until.upperBound...].split(separator: " ")
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        guard parts.count == 5, let day = Int(parts[1]), let month = months.firstIndex(of: String(parts[2])),
              let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 2 || clock.count == 3 else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar.date(from: DateComponents(year: year, month: month + 1, day: day,
                                                  hour: clock[0], minute: clock[1], second: second))
    }

    static func all(_ result: SchedResult) -> String { result.standardOutput + result.standardError }

    // MARK: (a) the kept session

    @Test func theSessionKeptByInitAndLoginServesTheNextProcess() throws {
        let sandbox = try Sandbox()
        let created = try sandbox.createUser()
        #expect(created.standardOutput.hasPrefix("Created user admin in \(sandbox.database.path)\nLogged in as admin until "),
                "\(created)")
        #expect(created.standardError.isEmpty, "\(created)")

        // The session file: one entry, for this database, 0600 in a 0700 directory.
        let sessions = try sandbox.keptSessions()
        #expect(Array(sessions.keys) == [sandbox.database.path], "\(sessions)")
        let token = try #require(sessions[sandbox.database.path])
        #expect(token.hasPrefix("sched_") && token.count > 40, "not a session token: \(token)")
        let fileMode = try Self.mode(sandbox.sessionFile)
        #expect(fileMode == 0o600, "session file mode \(String(fileMode, radix: 8))")
        let folderMode = try Self.mode(sandbox.sessionFile.deletingLastPathComponent())
        #expect(folderMode == 0o700, "session folder mode \(String(folderMode, radix: 8))")

        // The next processes are logged in.
        let booked = try sandbox.run(["-c", Self.book])
        #expect(booked.exitCode == 0, "\(booked)")
        let whoami = try sandbox.run(["-c", "whoami"])
        #expect(whoami.exitCode == 0 && whoami.standardOutput == "admin\ndatabase: \(sandbox.database.path)\n", "\(whoami)")

        // `sched login` replaces the kept token, and the process after it uses the new one.
        let login = try sandbox.run(["login", "--user", Sandbox.user, "--password-stdin"],
                                    input: Data((Sandbox.password + "\n").utf8))
        #expect(login.exitCode == 0, "\(login)")
        #expect(login.standardOutput.hasPrefix("Logged in as admin until "), "\(login)")
        let renewed = try sandbox.keptSessions()
        #expect(Array(renewed.keys) == [sandbox.database.path], "\(renewed)")
        #expect(renewed[sandbox.database.path] != token, "login kept the old token")
        #expect(try Self.mode(sandbox.sessionFile) == 0o600)
        let list = try sandbox.run(["--json", "-c", "list from 2099-03-01 to 2099-03-31"])
        #expect(list.exitCode == 0, "\(list)")
        #expect((JSON.array(list.outputLines.first) as? [[String: Any]])?.map { $0["customer_name"] as? String } == ["Ann"],
                "\(list)")

        // There is one user: a second init is refused and leaves the kept session alone.
        let again = try sandbox.run(["init", "--user", "other", "--password-stdin"], input: Data("another-password\n".utf8))
        #expect(again.exitCode == 1, "\(again)")
        #expect(again.standardError == "error: A user already exists [conflict]\n", "\(again)")
        #expect(try sandbox.keptSessions() == renewed)

        // The session belongs to its database: another database is not logged in.
        let elsewhere = try sandbox.run(["--db", sandbox.path("other.db").path, "-c", "list"])
        #expect(elsewhere.exitCode == 1, "\(elsewhere)")
        #expect(elsewhere.standardError.contains("Authentication required [auth]"), "\(elsewhere)")
    }

    /// The kept session belongs to the database file, not to how its path is spelt.
    @Test func theKeptSessionIsFoundHoweverThePathIsWritten() throws {
        let sandbox = try Sandbox()
        #expect(try sandbox.createUser().exitCode == 0)
        let folder = sandbox.database.deletingLastPathComponent()
        let name = sandbox.database.lastPathComponent
        for spelling in [name, "./\(name)", folder.path + "//" + name] {
            let whoami = try sandbox.run(["--db", spelling, "-c", "whoami"], database: .some(nil), directory: folder)
            #expect(whoami.exitCode == 0 && whoami.standardOutput == "admin\ndatabase: \(spelling)\n", "--db \(spelling): \(whoami)")
        }
    }

    // MARK: (b) nothing secret in the database

    @Test func theDatabaseHoldsNoPasswordAndNoToken() throws {
        let sandbox = try Sandbox()
        let created = try sandbox.createUser()
        let token = try #require(try sandbox.keptSessions()[sandbox.database.path])
        #expect(!Self.all(created).contains(token), "init printed the token: \(created)")
        #expect(!Self.all(created).contains(Sandbox.password), "init printed the password: \(created)")

        let booked = try sandbox.run(["-c", Self.book])
        #expect(booked.exitCode == 0, "\(booked)")
        #expect(!Self.all(booked).contains(token), "\(booked)")
        // A wrong password is not kept either (the failed attempt is counted in the database).
        let wrongPassword = "wrong-password-4711"
        let refused = try sandbox.run(["--user", Sandbox.user, "-c", "list"], environment: ["SCHED_PASSWORD": wrongPassword])
        #expect(refused.exitCode == 1, "\(refused)")

        let files = ["sched.db", "sched.db-wal", "sched.db-shm"].map(sandbox.path)
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        #expect(files.first == sandbox.database)
        var bytes = Data()
        for file in files { bytes.append(try Data(contentsOf: file)) }
        // The raw bytes are the data (not some other file): the booking is there.
        #expect(bytes.range(of: Data("Ann".utf8)) != nil, "the booking is not in \(files.map(\.lastPathComponent))")
        for (what, secret) in [("the password", Sandbox.password), ("the token", token), ("a wrong password", wrongPassword)] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(what) is stored in clear")
            let hex = Data(secret.utf8).map { String(format: "%02x", $0) }.joined()
            #expect(bytes.range(of: Data(hex.utf8)) == nil, "\(what) is stored as hex")
            #expect(bytes.range(of: Data(Data(secret.utf8).base64EncodedString().utf8)) == nil, "\(what) is stored as base64")
        }
        // The token without its prefix is no better.
        #expect(bytes.range(of: Data(token.dropFirst("sched_".count).utf8)) == nil, "the token is stored in clear")
        // And the session file keeps the token only.
        let sessionText = String(decoding: try Data(contentsOf: sandbox.sessionFile), as: UTF8.self)
        #expect(!sessionText.contains(Sandbox.password), "the session file holds the password")
    }

    // MARK: (c) no session, no data

    /// One of each statement that reads or changes appointments, availability or settings.
    static let protectedStatements = [
        "book \"Bob\" at 2099-03-04T11:00 for 30m",
        "reschedule 1 to 2099-03-04T12:00",
        "update 1 note \"changed\"",
        "cancel 1",
        "show 1",
        "list",
        "list from 2000-01-01 to 2200-12-31",
        "upcoming limit 5",
        "available sat 10:00-12:00",
        "available 2099-03-07 10:00-12:00",
        "unavailable 2099-03-06",
        "unavailable mon",
        "availability",
        "availability on 2099-03-04",
        "slots on 2099-03-04 for 1h",
        "set timezone \"Europe/Berlin\"",
        "let a = list",
        "let b = show 1",
        "expect free 2099-03-04T15:00 for 30m",
        "expect busy 2099-03-04T10:00 for 30m",
    ]

    static func expectRefused(_ result: SchedResult, _ what: String, at position: String = "-c:1:1") {
        #expect(result.exitCode == 1, "\(what): \(result)")
        #expect(result.standardError.contains("\(position): error: Authentication required [auth]"), "\(what): \(result)")
        #expect(result.standardOutput.isEmpty, "\(what): \(result)")
    }

    @Test func withoutASessionEveryProtectedStatementIsRefused() throws {
        // A database with a user and data, whose session is put aside; and no database at all.
        let withUser = try Sandbox.initialised()
        let booked = try withUser.run(["-c", Self.book])
        #expect(booked.exitCode == 0, "\(booked)")
        let before = try withUser.snapshot()
        let kept = try Data(contentsOf: withUser.sessionFile)
        try FileManager.default.removeItem(at: withUser.sessionFile)
        let fresh = try Sandbox()

        for (name, sandbox) in [("no session", withUser), ("no user", fresh)] {
            for statement in Self.protectedStatements {
                Self.expectRefused(try sandbox.run(["-c", statement]), "\(name): \(statement)")
            }
            // A statement that needs no session runs; the next one that does is refused.
            let mixed = try sandbox.run(["-c", "print 1; list"])
            #expect(mixed.exitCode == 1 && mixed.standardOutput == "1\n", "\(name): \(mixed)")
            #expect(mixed.standardError.contains("-c:1:10: error: Authentication required [auth]"), "\(name): \(mixed)")

            // Every way of running statements is refused alike.
            let file = try sandbox.write("list.sched", "# a comment\nlist\n")
            Self.expectRefused(try sandbox.run(["run", file.path]), "\(name): run FILE", at: "\(file.path):2:1")
            Self.expectRefused(try sandbox.run(["run", "-"], input: Data("list\n".utf8)), "\(name): run -", at: "<stdin>:1:1")
            Self.expectRefused(try sandbox.run([], input: Data("list\n".utf8)), "\(name): stdin", at: "<stdin>:1:1")
            // With --json the error is one object, with the hint for this database.
            let json = try sandbox.run(["--json", "-c", "list"])
            #expect(json.exitCode == 1 && json.standardOutput.isEmpty, "\(name): \(json)")
            let hint = name == "no user" ? "run 'sched init --user NAME'" : "run 'sched login'"
            #expect(json.standardError == #"{"error":{"message":"Authentication required","kind":"auth","file":"-c","line":1,"column":1,"hint":""#
                    + hint + "\"}}\n", "\(name): \(json)")

            // whoami and help need no session.
            let whoami = try sandbox.run(["-c", "whoami"])
            #expect(whoami.exitCode == 0, "\(name): \(whoami)")
            #expect(whoami.standardOutput == "not logged in\ndatabase: \(sandbox.database.path)\n", "\(name): \(whoami)")
            #expect(whoami.standardError.isEmpty, "\(name): \(whoami)")
            let help = try sandbox.run(["-c", "help"])
            #expect(help.exitCode == 0, "\(name): \(help)")
            #expect(help.standardOutput.contains("book"), "\(name): \(help)")
            let helpBook = try sandbox.run(["-c", "help book"])
            #expect(helpBook.exitCode == 0 && helpBook.standardOutput.contains("book"), "\(name): \(helpBook)")
            let usage = try sandbox.run(["--help"])
            #expect(usage.exitCode == 0 && usage.standardOutput.contains("login"), "\(name): \(usage)")
            let logout = try sandbox.run(["logout"])
            #expect(logout.exitCode == 0 && logout.standardOutput == "not logged in\n", "\(name): \(logout)")
        }

        // A token the database never issued is no session either.
        let forged = try JSONSerialization.data(withJSONObject: [withUser.database.path: "sched_" + String(repeating: "A", count: 43)])
        try forged.write(to: withUser.sessionFile)
        Self.expectRefused(try withUser.run(["-c", "list"]), "forged token")

        // Nothing was written by the refused statements.
        try kept.write(to: withUser.sessionFile)
        #expect(try withUser.snapshot() == before, "a refused statement changed the database")
    }

    // MARK: (d) logout

    @Test func logoutRevokesTheSessionAndForgetsIt() throws {
        let sandbox = try Sandbox.initialised()
        let other = sandbox.path("other.db")
        try sandbox.createUser(database: other)
        let token = try #require(try sandbox.keptSessions()[sandbox.database.path])
        let booked = try sandbox.run(["-c", Self.book])
        #expect(booked.exitCode == 0, "\(booked)")

        let logout = try sandbox.run(["logout"])
        #expect(logout.exitCode == 0, "\(logout)")
        #expect(logout.standardOutput == "Logged out\n", "\(logout)")

        // Forgotten: the entry is gone from the file, the other database's stays.
        let sessions = try sandbox.keptSessions()
        #expect(sessions[sandbox.database.path] == nil, "\(sessions)")
        #expect(sessions[other.path] != nil, "logout forgot another database's session: \(sessions)")
        #expect(try Self.mode(sandbox.sessionFile) == 0o600)
        Self.expectRefused(try sandbox.run(["-c", "list"]), "after logout")
        let whoami = try sandbox.run(["-c", "whoami"])
        #expect(whoami.standardOutput == "not logged in\ndatabase: \(sandbox.database.path)\n", "\(whoami)")
        let again = try sandbox.run(["logout"])
        #expect(again.exitCode == 0 && again.standardOutput == "not logged in\n", "\(again)")

        // Revoked, not only forgotten: the old token, put back, is refused.
        var restored = sessions
        restored[sandbox.database.path] = token
        try JSONSerialization.data(withJSONObject: restored).write(to: sandbox.sessionFile)
        Self.expectRefused(try sandbox.run(["-c", "list"]), "the revoked token")

        // The other database is still logged in.
        let elsewhere = try sandbox.run(["-c", "list"], database: other)
        #expect(elsewhere.exitCode == 0, "\(elsewhere)")
    }

    // MARK: (e) wrong credentials

    @Test func aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws {
        let sandbox = try Sandbox.initialised()
        // The batch logins below must stand on their own: no kept session to fall back on.
        try FileManager.default.removeItem(at: sandbox.sessionFile)

        let wrong = try sandbox.run(["--user", Sandbox.user, "-c", "list"], environment: ["SCHED_PASSWORD": "not-the-password"])
        #expect(wrong.exitCode == 1, "\(wrong)")
        #expect(wrong.standardError == "error: Invalid username or password [auth]\n", "\(wrong)")
        #expect(wrong.standardOutput.isEmpty, "\(wrong)")

        let unknown = try sandbox.run(["--user", "nobody", "-c", "list"], environment: ["SCHED_PASSWORD": Sandbox.password])
        #expect(unknown.exitCode == 1, "\(unknown)")
        #expect(unknown.standardError == "error: Invalid username or password [auth]\n", "\(unknown)")
        #expect(unknown.standardOutput.isEmpty, "\(unknown)")

        let login = try sandbox.run(["login", "--user", Sandbox.user, "--password-stdin"], input: Data("not-the-password\n".utf8))
        #expect(login.exitCode == 1, "\(login)")
        #expect(login.standardError == "error: Invalid username or password [auth]\n", "\(login)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path), "a failed login wrote the session file")

        // The right password logs the one run in, and keeps no session.
        let right = try sandbox.run(["--user", Sandbox.user, "-c", "whoami; list"], environment: ["SCHED_PASSWORD": Sandbox.password])
        #expect(right.exitCode == 0, "\(right)")
        #expect(right.outputLines.first == "admin", "\(right)")
        let script = try sandbox.write("whoami.sched", "whoami\nlist\n")
        let fromStdin = try sandbox.run(["run", "--user", Sandbox.user, "--password-stdin", script.path],
                                        input: Data((Sandbox.password + "\n").utf8))
        #expect(fromStdin.exitCode == 0, "\(fromStdin)")
        #expect(fromStdin.outputLines.first == "admin", "\(fromStdin)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path), "a --user run wrote the session file")
        Self.expectRefused(try sandbox.run(["-c", "list"]), "after --user runs")
    }

    // MARK: (f) passwords stay out of the output

    static let secret = "s3cret-pass"

    static func expectNoSecret(_ result: SchedResult, exitCode: Int32, _ what: String, sourceLineShown: Bool = true) {
        #expect(result.exitCode == exitCode, "\(what): \(result)")
        #expect(!all(result).contains(secret), "\(what): the password is shown\n\(result)")
        if sourceLineShown {
            // The diagnostic shows the line, with the string masked.
            #expect(all(result).contains(" | ") && all(result).contains(" \"***"), "\(what): \(result)")
        }
    }

    @Test func aPasswordNeverAppearsInTheOutput() throws {
        let sandbox = try Sandbox.initialised()
        let secret = Self.secret

        // A login that fails at run time, however the statement comes in.
        let failed = try sandbox.run(["-c", "login \"admin\" password \"\(secret)\""])
        Self.expectNoSecret(failed, exitCode: 1, "failing login")
        #expect(failed.standardError.contains("Invalid username or password [auth]"), "\(failed)")
        let file = try sandbox.write("login.sched", "whoami\nlogin \"admin\" password \"\(secret)\"\n")
        let failedFile = try sandbox.run(["run", file.path])
        Self.expectNoSecret(failedFile, exitCode: 1, "failing login in a file")
        #expect(failedFile.standardError.contains("\(file.path):2:1: error: Invalid username or password"), "\(failedFile)")
        let created = try sandbox.run(["-c", "create user \"admin\" password \"\(secret)\""])
        Self.expectNoSecret(created, exitCode: 1, "create user when one exists")
        #expect(created.standardError.contains("A user already exists [conflict]"), "\(created)")

        // Syntax errors on a line with a password.
        let syntaxErrors = [
            "login \"admin\" password \"\(secret)\" now",
            "login \"admin\" password \"\(secret)",
            "login \"admin\" pasword \"\(secret)\"",
            "logn \"admin\" password \"\(secret)\"",
            "create user \"admin\" password \"\(secret)\" again",
            "book \"Ann\" at 2099-03-04T10:00 for 30m password \"\(secret)\"",
        ]
        for line in syntaxErrors {
            Self.expectNoSecret(try sandbox.run(["-c", line]), exitCode: 2, "-c \(line)")
            Self.expectNoSecret(try sandbox.run(["run", "-"], input: Data("list\n\(line)\n".utf8)), exitCode: 2, "stdin \(line)")
            let script = try sandbox.write("syntax.sched", "list\n\(line)\n")
            let result = try sandbox.run(["run", script.path])
            Self.expectNoSecret(result, exitCode: 2, "file \(line)")
            #expect(result.standardError.contains("\(script.path):2:"), "\(line): \(result)")
            // Through `source`, too.
            let sourcing = try sandbox.write("sourcing.sched", "source \"\(script.path)\"\n")
            Self.expectNoSecret(try sandbox.run(["run", sourcing.path]), exitCode: 2, "source \(line)")
        }

        // A scenario whose login fails, under `sched test`.
        let scenario = try sandbox.write("login-scenario.sched", "login \"admin\" password \"\(secret)\"\n")
        let tested = try sandbox.run(["test", scenario.path])
        Self.expectNoSecret(tested, exitCode: 1, "sched test")

        // `sched check` shows the same diagnostics as `run`.
        let script = try sandbox.write("check.sched", "list\nlogin \"admin\" password \"\(secret)\" now\n")
        let checked = try sandbox.run(["check", script.path])
        #expect(checked.exitCode == 2, "\(checked)")
        #expect(!Self.all(checked).contains(secret), "sched check shows the password\n\(checked)")
    }

    /// A password written without quotes is a syntax error whose message and line show a mask,
    /// wherever the error is written: `-c`, a script, `sched check`, JSON.
    @Test func aPasswordWrittenWithoutQuotesIsMaskedEverywhere() throws {
        let sandbox = try Sandbox.initialised()
        let line = "login \"admin\" password SuperSecret4"
        let file = try sandbox.write("bare.sched", "list\n\(line)\n")
        let runs = [
            try sandbox.run(["-c", line]), try sandbox.run(["run", file.path]), try sandbox.run(["check", file.path]),
            try sandbox.run(["--json", "-c", line]), try sandbox.run(["run", "-"], input: Data((line + "\n").utf8)),
        ]
        for result in runs {
            #expect(result.exitCode == 2, "\(result)")
            #expect(!Self.all(result).contains("SuperSecret4"), "the password is shown:\n\(result)")
            #expect(result.standardError.contains("found '***'"), "\(result)")
        }
        #expect(runs[0].standardError.contains("  1 | login \"admin\" password ***\n"), "\(runs[0])")
    }

    /// An error after a password on the same line shows that statement as written, and the
    /// mask does not tell the password's length.
    @Test func anErrorAfterAPasswordShowsItsStatementAndAFixedMask() throws {
        let sandbox = try Sandbox.initialised()
        for password in ["x", Sandbox.password] {
            let result = try sandbox.run(["-c", "login \"admin\" password \"\(password)\"; cancel 99"])
            #expect(result.exitCode == 1, "\(result)")
            let lines = result.standardError.split(separator: "\n").map(String.init)
            // The wrong password fails the login; the right one lets `cancel 99` fail.
            let shown = #"  1 | login "admin" password "***"; cancel 99"#
            #expect(lines.contains(shown), "\(result)")
            if password == Sandbox.password {
                // The position is the written one, as an editor counts it.
                let column = "login \"admin\" password \"\(password)\"; ".count + 1
                #expect(lines.first == "-c:1:\(column): error: Appointment 99 not found [notfound]", "\(result)")
                #expect(lines.last == "    |" + String(repeating: " ", count: 31) + "^~~~~~", "\(result)")
            }
        }
    }

    // MARK: (g) session lifetime

    @Test func sessionTTLSetsTheExpiry() throws {
        let sandbox = try Sandbox()
        let start = Date()
        let created = try sandbox.createUser(options: ["--session-ttl", "1"])
        let end = Date()
        let expiry = try #require(Self.expiry(in: created.standardOutput), "no expiry in \(created)")
        // Whole seconds: the expiry may round down by up to a second.
        #expect(expiry >= start.addingTimeInterval(60 - 1) && expiry <= end.addingTimeInterval(60 + 1),
                "expiry \(expiry) is not a minute after \(start)–\(end)")
        let booked = try sandbox.run(["-c", Self.book])
        #expect(booked.exitCode == 0, "\(booked)")

        // Without --session-ttl a session lasts 12 hours: a working day.
        let loginStart = Date()
        let login = try sandbox.run(["login", "--user", Sandbox.user, "--password-stdin"],
                                    input: Data((Sandbox.password + "\n").utf8))
        let loginEnd = Date()
        #expect(login.exitCode == 0, "\(login)")
        let day = try #require(Self.expiry(in: login.standardOutput), "no expiry in \(login)")
        #expect(day >= loginStart.addingTimeInterval(12 * 3600 - 1) && day <= loginEnd.addingTimeInterval(12 * 3600 + 1),
                "expiry \(day) is not 12 hours after \(loginStart)–\(loginEnd)")
    }

    @Test(arguments: [
        ["init", "--user", "admin", "--password-stdin", "--session-ttl", "0"],
        ["login", "--user", "admin", "--password-stdin", "--session-ttl", "0"],
        ["--session-ttl", "0", "-c", "list"],
        ["--session-ttl", "0", "--user", "admin", "--password-stdin", "-c", "list"],
        ["init", "--user", "admin", "--password-stdin", "--session-ttl", "-1"],
        ["init", "--user", "admin", "--password-stdin", "--session-ttl", "129601"],
        ["init", "--user", "admin", "--password-stdin", "--session-ttl", "soon"],
        ["-c", "list", "--password-stdin"],
    ])
    func badSessionOptionsAreUsageErrors(arguments: [String]) throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(arguments, input: Data((Sandbox.password + "\n").utf8))
        #expect(result.exitCode == 2, "\(arguments): \(result)")
        #expect(!result.standardError.isEmpty, "\(arguments): \(result)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.database.path), "\(arguments): a usage error opened the database")
        #expect(!FileManager.default.fileExists(atPath: sandbox.sessionFile.path), "\(arguments): a usage error kept a session")
    }

    // MARK: (h) the other suites' cheap user

    /// The whole database as `sqlite3 .dump` writes it, but for the rows of `users` and
    /// `sessions`, and those rows apart.
    static func dump(_ database: URL) throws -> (rest: [String], users: [[String]], sessions: [[String]]) {
        let dumped = try Tool.run("sqlite3", [database.path, ".dump"])
        try #require(dumped.status == 0, "sqlite3 failed: \(dumped.errors)")
        let rest = dumped.output.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("INSERT INTO users ") && !$0.hasPrefix("INSERT INTO sessions ") }
        let users = try DrillSQL.query(database, "SELECT id, username, password_hash FROM users")
        let sessions = try DrillSQL.query(database, "SELECT user_id, expires_at - issued_at, revoked_at FROM sessions")
        return (rest, users, sessions)
    }

    /// `Sandbox.loggedIn()` stores its user through the library to spare the other suites
    /// sched's slow hash: its database must be the one `sched init` leaves, but for the rounds.
    @Test func theCheaplyStoredUserDiffersFromInitsOnlyInTheHashRounds() throws {
        let initialised = try Sandbox.initialised()
        let cheap = try Sandbox.loggedIn()
        let (made, stored) = (try Self.dump(initialised.database), try Self.dump(cheap.database))
        #expect(stored.rest == made.rest)
        #expect(made.rest.contains("INSERT INTO settings VALUES('timezone','UTC');"), "\(made.rest)")

        let madeUser = try #require(made.users.first, "init stored no user")
        let storedUser = try #require(stored.users.first, "no user was stored")
        #expect(storedUser.prefix(2) == madeUser.prefix(2), "\(storedUser) against \(madeUser)")
        #expect(madeUser.last?.hasPrefix("pbkdf2-sha256$600000$") == true, "\(madeUser)")
        #expect(storedUser.last?.hasPrefix("pbkdf2-sha256$\(Sandbox.storedUserHashIterations)$") == true, "\(storedUser)")
        // One session each, for the user, as long, not revoked.
        #expect(stored.sessions == made.sessions && made.sessions.count == 1, "\(stored.sessions) against \(made.sessions)")

        for sandbox in [initialised, cheap] {
            let whoami = try sandbox.run(["-c", "whoami"])
            #expect(whoami.exitCode == 0 && whoami.standardOutput == "admin\ndatabase: \(sandbox.database.path)\n", "\(whoami)")
            let wrong = try sandbox.run(["--user", Sandbox.user, "-c", "whoami"],
                                        environment: ["SCHED_PASSWORD": "not-the-password"])
            #expect(wrong.exitCode == 1 && wrong.standardError == "error: Invalid username or password [auth]\n", "\(wrong)")
        }
    }
}
