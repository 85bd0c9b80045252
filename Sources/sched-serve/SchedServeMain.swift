import SchedServer

/// The `sched-serve` program: `sched serve` runs it, so that the HTTP server's code is loaded only
/// by the process that serves, and `sched` itself starts as fast as before.
@main
enum SchedServeMain {
    static func main() {
        ServeCommand.main()
    }
}
