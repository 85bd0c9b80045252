import SchedCommandLine
import SchedPostgresStore

/// The `sched-postgres` program: sched's command line with the PostgreSQL store, which `sched`
/// runs in its place for a `postgres://` location.
@main
enum SchedPostgresProgram {
    static func main() {
        CommandLineProgram.main(serverStores: PostgresStoreOpener())
    }
}
