import SchedCommandLine
import SchedPostgresStore

/// The `sched` program: the command line, over a SQLite file or a `postgres://` database.
@main
enum SchedProgram {
    static func main() {
        CommandLineProgram.main(serverStores: PostgresStoreOpener())
    }
}
