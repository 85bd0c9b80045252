import Foundation
import SchedRuntime

/// A plain line-by-line prompt for a terminal: each line runs as it is typed, and an error is
/// shown without ending the session.
struct Prompt {
    let session: Session

    func loop() -> Int32 {
        let zone = (try? session.runner.interpreter.homeZone()) ?? .utc
        print("sched \(SchedVersion.current) — database \(session.store.path), home zone \(zone.identifier)")
        print("Type 'help' for the statements, 'quit' or Ctrl-D to leave.")
        let interpreter = session.runner.interpreter
        if (try? interpreter.auth.currentUser(interpreter.session)) ?? nil == nil {
            print("Not logged in: 'login \"NAME\"' (or 'create user \"NAME\" password \"...\"' on a new database).")
        }
        var lineNumber = 0
        while true {
            FileHandle.standardOutput.write(Data("sched> ".utf8))
            guard let line = readLine(strippingNewline: true) else {
                print("")
                return 0
            }
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces).lowercased()
            if trimmed == "quit" || trimmed == "exit" { return 0 }
            if trimmed.isEmpty { continue }
            _ = session.runner.run([ScriptFile(name: "line \(lineNumber)", text: line)])
        }
    }
}
