import Foundation
import SchedStores

/// How a program runs sched's command line, given what opens `postgres://` locations in it.
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
}
