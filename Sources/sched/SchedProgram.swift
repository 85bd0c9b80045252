import SchedCommandLine

/// The `sched` program: the command line without the PostgreSQL store, so that it starts without
/// loading postgres-nio; a `postgres://` location runs `sched-postgres` in its place.
@main
enum SchedProgram {
    static func main() {
        CommandLineProgram.main(serverStores: nil)
    }
}
