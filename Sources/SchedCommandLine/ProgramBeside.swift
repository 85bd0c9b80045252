import Foundation
import SchedPostgres
import SchedStores

/// How a program runs sched's command line: `sched` without the PostgreSQL store, which hands a
/// `postgres://` location to `sched-postgres`; `sched-postgres` with it.
public enum CommandLineProgram {
    public static func main(serverStores: (any ServerStoreOpener)?) {
        DatabaseLocation.serverStores = serverStores
        Sched.main()
    }
}

/// The programs that ship beside `sched`, run in its place.
enum ProgramBeside {
    /// The path of `name` beside this executable, else `name` alone, for `PATH` to find.
    static func path(_ name: String) -> (program: String, beside: String) {
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent(name).path
        return (FileManager.default.isExecutableFile(atPath: beside) ? beside : name, beside)
    }

    /// Replaces this process with `name` (beside this executable, else on `PATH`) given
    /// `arguments`; returns only when it could not be run, with the path it looked at.
    static func exec(_ name: String, _ arguments: [String]) -> String {
        let (program, beside) = path(name)
        var argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) }
        argv.append(nil)
        execvp(program, argv)
        return beside
    }

    /// Whether a database of this command line (`--db`, else `$SCHED_DB`; `copy`'s `--from` and
    /// `--to`) is a `postgres://` location, which only `sched-postgres` opens.
    static func namesServer(_ arguments: [String], environment: [String: String]) -> Bool {
        let options = ["--db", "--from", "--to"]
        var index = 0
        var database = environment["SCHED_DB"]
        var named: [String] = []
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if options.contains(argument) || argument == "-c", index + 1 < arguments.count {
                if argument == "--db" { database = arguments[index + 1] } else if argument != "-c" { named.append(arguments[index + 1]) }
                index += 2
            } else {
                if let option = options.first(where: { argument.hasPrefix($0 + "=") }) {
                    let value = String(argument.dropFirst(option.count + 1))
                    if option == "--db" { database = value } else { named.append(value) }
                }
                index += 1
            }
        }
        return (named + [database].compactMap { $0 }).contains(where: PostgresLocation.names)
    }
}
