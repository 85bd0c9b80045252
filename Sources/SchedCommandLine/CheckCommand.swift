import ArgumentParser
import Foundation
import SchedLang
import SchedRuntime

/// `sched check FILE...`: reports every syntax error without opening a database.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Report every syntax error in script files; no database is opened."
    )

    @Argument(help: ArgumentHelp("Script files to check.", valueName: "file"), completion: .file(extensions: ["sched"]))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError(CommandLineText.nameAScriptToCheck) }
    }

    func run() throws {
        let errors = Invocation.errors()
        var failed = false
        for path in files {
            let script: ScriptFile
            do {
                script = try path == "-" ? Invocation.standardInput() : ScriptFile.load(path: path)
            } catch {
                errors.error(error)
                failed = true
                continue
            }
            // Statement by statement, keeping none: a script of a million lines is checked in
            // the memory of one statement.
            if let statements = ScriptRunner.statementCount(script, errors: errors) {
                print("\(path): ok (\(statements) statement\(statements == 1 ? "" : "s"))")
            } else {
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}
