import ArgumentParser
import Foundation
import SchedPostgresStore
import SchedServer
import SchedStores

/// The `sched-serve` program: `sched serve` runs it, so that the HTTP server's code is loaded only
/// by the process that serves, and `sched` itself starts as fast as before.
@main
enum SchedServeMain {
    static func main() {
        DatabaseLocation.serverStores = PostgresStoreOpener()
        do {
            var command = try ServeCommand.parseAsRoot()
            try command.run()
        } catch {
            let code = ServeCommand.exitCode(for: error)
            let message = ServeCommand.fullMessage(for: error)
            if code == .success {
                print(message)
                exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            // Bad usage exits 2, as `sched` does; a failure to serve, 1.
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
