import Foundation
import Testing

/// What a new user meets on the command line: statements written as arguments, `sched login`
/// without `--user`, JSON errors and results, the exit code of an import that refused rows, and
/// the next step named after an authentication error.
@Suite("Command-line use")
struct CommandLineUseTests {
    static let booking = "book \"Ann\" at 2099-03-04T10:00 for 30m"

    /// The one JSON object on each line of standard error.
    static func errorObjects(_ result: SchedResult) -> [[String: Any]] {
        result.standardError.split(separator: "\n").compactMap { JSON.object(String($0))?["error"] as? [String: Any] }
    }

    // MARK: statements as arguments

    @Test func argumentsThatStartWithAStatementRunAsOneStatement() throws {
        let sandbox = try Sandbox.loggedIn()
        let booked = try sandbox.run(["-c", Self.booking])
        #expect(booked.exitCode == 0, "\(booked)")
        let listed = try sandbox.run(["list", "on", "2099-03-04"])
        #expect(listed.exitCode == 0, "\(listed)")
        #expect(listed.standardOutput == (try sandbox.run(["-c", "list on 2099-03-04"])).standardOutput, "\(listed)")
        #expect(listed.standardOutput.contains("Ann"), "\(listed)")
        // One argument holding the whole statement, and options before it, work too.
        let json = try sandbox.run(["--json", "list on 2099-03-04"])
        #expect((JSON.array(json.outputLines.first)?.count) == 1, "\(json)")
        let me = try sandbox.run(["whoami"])
        #expect(me.standardOutput == "admin\ndatabase: \(sandbox.database.path)\n", "\(me)")
        let help = try sandbox.run(["help", "book"])
        #expect(help.exitCode == 0, "\(help)")
        #expect(help.standardOutput == (try sandbox.run(["-c", "help book"])).standardOutput, "\(help)")
        #expect(help.standardOutput.hasPrefix("book \"NAME\" [at] DATETIME [for DURATION]"), "\(help)")
    }

    @Test func aStringWhoseQuotesTheShellTookShowsTheQuotingThatWorks() throws {
        let sandbox = try Sandbox.loggedIn()
        let arguments = ["book", "Ann", "at", "2099-03-04T10:00", "for", "30m"]
        let result = try sandbox.run(arguments)
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("found 'Ann'"), "\(result)")
        let json = try sandbox.run(["--json"] + arguments)
        let error = try #require(Self.errorObjects(json).first, "\(json)")
        #expect(error["hint"] as? String
                == #"the shell drops quotes; write the statement as one argument: sched 'book "Ann" at 2099-03-04T10:00 for 30m'"#,
                "\(json)")
        let zone = try sandbox.run(["--json", "set", "timezone", "Europe/Berlin"])
        #expect(Self.errorObjects(zone).first?["hint"] as? String
                == #"the shell drops quotes; write the statement as one argument: sched 'set timezone "Europe/Berlin"'"#,
                "\(zone)")
        // The quoting the hint shows works.
        let quoted = try sandbox.run([#"book "Ann" at 2099-03-04T10:00 for 30m"#])
        #expect(quoted.exitCode == 0 && quoted.standardOutput.hasPrefix("Booked 1: Ann"), "\(quoted)")
        // A command keeps its meaning: `login` is the command, `run` takes files.
        let script = try sandbox.write("list.sched", "whoami\n")
        #expect(try sandbox.run(["run", script.path]).standardOutput == "admin\ndatabase: \(sandbox.database.path)\n")
    }

    // MARK: logging in

    @Test func loginWithoutUserLogsInTheDatabasesOneUser() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["logout"]).exitCode == 0)
        let login = try sandbox.run(["login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8),
                                    environment: ["USER": "somebody-else"])
        #expect(login.exitCode == 0, "\(login)")
        #expect(login.standardOutput.hasPrefix("Logged in as admin until "), "\(login)")
        // The human form of the expiry, as the prompt's `login` prints it.
        #expect(!login.standardOutput.contains("+00:00"), "\(login)")
        #expect(try sandbox.run(["whoami"]).standardOutput == "admin\ndatabase: \(sandbox.database.path)\n")
    }

    @Test func loginOnADatabaseWithoutAUserSaysHowToMakeOne() throws {
        let sandbox = try Sandbox()
        let login = try sandbox.run(["--json", "login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8))
        #expect(login.exitCode == 1, "\(login)")
        let error = try #require(Self.errorObjects(login).first, "\(login)")
        #expect(error["message"] as? String == "This database has no user yet", "\(login)")
        #expect(error["hint"] as? String == "run 'sched init --user NAME'", "\(login)")
    }

    @Test func jsonLoginAndLogoutPrintObjects() throws {
        let sandbox = try Sandbox.loggedIn()
        let login = try sandbox.run(["--json", "login", "--password-stdin"], input: Data((Sandbox.password + "\n").utf8))
        #expect(login.exitCode == 0, "\(login)")
        let object = try #require(JSON.object(login.outputLines.first), "\(login)")
        #expect(object["user"] as? String == "admin", "\(login)")
        #expect((object["expires_at"] as? String)?.hasSuffix("+00:00") == true, "\(login)")
        let logout = try sandbox.run(["--json", "logout"])
        #expect(JSON.object(logout.outputLines.first)?["logged_out"] as? Bool == true, "\(logout)")
        let again = try sandbox.run(["--json", "logout"])
        #expect(JSON.object(again.outputLines.first)?["logged_out"] as? Bool == false, "\(again)")
    }

    // MARK: JSON errors and results

    @Test func withJSONEveryErrorIsOneObjectWithItsPlace() throws {
        let sandbox = try Sandbox.loggedIn()
        let missing = try sandbox.run(["--json", "-c", "whoami\ncancel 99"])
        #expect(missing.exitCode == 1, "\(missing)")
        let lines = missing.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(missing)")
        let error = try #require(Self.errorObjects(missing).first, "\(missing)")
        #expect(error["message"] as? String == "Appointment 99 not found", "\(missing)")
        #expect(error["kind"] as? String == "notfound", "\(missing)")
        #expect(error["file"] as? String == "-c", "\(missing)")
        #expect(error["line"] as? Int == 2 && error["column"] as? Int == 1, "\(missing)")
        #expect(error["hint"] is NSNull, "\(missing)")

        let script = try sandbox.write("bad.sched", "list\nboook \"Ann\"\nlist now\n")
        let syntax = try sandbox.run(["--json", "run", script.path])
        #expect(syntax.exitCode == 2, "\(syntax)")
        let errors = Self.errorObjects(syntax)
        #expect(errors.count == 2, "\(syntax)")
        #expect(errors.first?["kind"] as? String == "syntax" && errors.first?["line"] as? Int == 2, "\(syntax)")
        #expect(errors.first?["file"] as? String == script.path, "\(syntax)")
    }

    @Test func withJSONAUsageErrorIsAnObjectToo() throws {
        let sandbox = try Sandbox()
        let result = try sandbox.run(["--json", "--session-ttl", "0", "-c", "list"])
        #expect(result.exitCode == 2, "\(result)")
        let error = try #require(Self.errorObjects(result).first, "\(result)")
        #expect(error["kind"] as? String == "usage", "\(result)")
        #expect((error["message"] as? String)?.contains("--session-ttl") == true, "\(result)")
        #expect(result.standardError.split(separator: "\n").count == 1, "\(result)")
    }

    @Test func withJSONAnAuthenticationErrorCarriesItsHint() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["logout"]).exitCode == 0)
        let refused = try sandbox.run(["--json", "-c", "list"])
        #expect(Self.errorObjects(refused).first?["hint"] as? String == "run 'sched login'", "\(refused)")
        // The database named with --db is named in the hint.
        let other = sandbox.path("other db.sched.db")
        let named = try sandbox.run(["--json", "--db", other.path, "-c", "list"])
        #expect(Self.errorObjects(named).first?["hint"] as? String == "run 'sched init --user NAME --db \"\(other.path)\"'",
                "\(named)")
        // Through a pipe the text form has no hint line: it is for a person at a terminal.
        let plain = try sandbox.run(["-c", "list"])
        #expect(!plain.standardError.contains("hint:"), "\(plain)")
    }

    @Test func withJSONEveryResultIsAValueNotProse() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["--json", "-c", "set timezone \"Europe/Berlin\"\nwhoami\nhelp book\nhelp"])
        #expect(result.exitCode == 0, "\(result)")
        let values = result.outputLines.map { JSON.object($0) }
        #expect(values.count == 4, "\(result)")
        #expect(values[0]?["timezone"] as? String == "Europe/Berlin", "\(result)")
        #expect(values[1]?["user"] as? String == "admin", "\(result)")
        #expect(values[1]?["database"] as? String == sandbox.database.path, "\(result)")
        #expect(values[2]?["topic"] as? String == "book", "\(result)")
        #expect((values[3]?["topics"] as? [Any])?.isEmpty == false, "\(result)")
        let out = try sandbox.run(["logout"])
        #expect(out.exitCode == 0)
        let nobody = try sandbox.run(["--json", "whoami"])
        #expect(JSON.object(nobody.outputLines.first)?["user"] is NSNull, "\(nobody)")
    }

    // MARK: imports that refuse entries

    @Test func aRunWhoseImportRefusedEntriesExitsOneAfterItsReport() throws {
        let sandbox = try Sandbox.loggedIn()
        // Both rows lie in the past: each is refused.
        let file = try sandbox.write("past.csv", "customer_name,start_time,duration_minutes\nAnn,2001-03-05T10:00,30\nBo,2001-03-05T11:00,30\n")
        let run = try sandbox.run(["-c", "import csv \"\(file.path)\"\nwhoami"])
        #expect(run.exitCode == 1, "\(run)")
        #expect(run.standardOutput.contains("Imported 0 of 2"), "the report comes first: \(run)")
        #expect(!run.standardOutput.contains("admin"), "the run stopped at the import: \(run)")
        #expect(run.standardError.contains("import refused 2 of 2 entries in '\(file.path)' [validation]"), "\(run)")
        let goingOn = try sandbox.run(["--keep-going", "-c", "import csv \"\(file.path)\"\nwhoami"])
        #expect(goingOn.exitCode == 0, "\(goingOn)")
        #expect(goingOn.standardOutput.contains("admin"), "\(goingOn)")
        #expect(goingOn.standardError.isEmpty, "\(goingOn)")
    }

    // MARK: help, slots, examples

    @Test func helpExportSaysWhatImportingAgainDoes() throws {
        let sandbox = try Sandbox()
        let help = try sandbox.run(["-c", "help export"])
        #expect(!help.standardOutput.contains("importing again updates it"), "\(help)")
        #expect(help.standardOutput.contains("sched's own import skips them"), "\(help)")
    }

    @Test func slotTimesStartInOneColumnWhateverTheDateIsLong() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "slots from 2099-03-06 to 2099-03-10 for 4h"])
        #expect(result.exitCode == 0, "\(result)")
        let days = result.outputLines.dropLast()
        #expect(days.count == 3, "\(result)")
        let columns = Set(days.compactMap { line in line.range(of: "09:00").map { line.distance(from: line.startIndex, to: $0.lowerBound) } })
        #expect(columns.count == 1, "the times start in different columns:\n\(result.standardOutput)")
    }

    @Test func theReadmeCountsTheExamples() throws {
        let root = SchedBinary.packageRoot
        let examples = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".sched") }
        let words = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("teaches the language in \(words[examples.count]) scripts"), "\(examples.count) examples")
    }
}
