import Foundation

/// A PostgreSQL cluster of its own for a test (`Tests/Postgres/cluster.sh`), reached with `psql`.
public final class TemporaryCluster: @unchecked Sendable {
    public let directory: String
    public let url: String
    /// The server's certificate, which signs itself (for 127.0.0.1 and localhost).
    public var certificate: String { directory + "/server.crt" }
    private static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Postgres/cluster.sh").standardizedFileURL.path

    public init() throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("sched-pg-\(UUID().uuidString)")
        let (status, output) = try Self.run(Self.script, ["start", directory, String(getpid())])
        guard status == 0, let line = output.split(separator: "\n").last, line.hasPrefix("postgres://") else {
            throw Failed(what: "cluster.sh start", output: output)
        }
        url = String(line)
    }

    deinit {
        stop()
    }

    /// Stops the server and removes its files; later connections are refused.
    /// One cluster for every test of this process that needs only a database of its own
    /// (`database()`); its watcher stops it when the process ends.
    public static let shared = Result { try TemporaryCluster() }

    /// The URL of a new, empty database in this cluster.
    public func database() throws -> String {
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let made = try psqlOutsideTransaction("CREATE DATABASE \(name)")
        guard made.status == 0 else { throw Failed(what: "CREATE DATABASE", output: made.output) }
        return url.replacingOccurrences(of: "/sched?", with: "/\(name)?")
    }

    /// Runs one statement on the cluster's own database, outside a transaction block (as
    /// `CREATE DATABASE` and `DROP TABLESPACE` must be).
    public func psqlOutsideTransaction(_ sql: String) throws -> (status: Int32, output: String) {
        try Self.run("/usr/bin/env", ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
    }

    /// Stops the server, keeping its data, as a restart or a crash of it would.
    public func halt() throws {
        let (status, output) = try Self.run(Self.script, ["halt", directory])
        guard status == 0 else { throw Failed(what: "cluster.sh halt", output: output) }
    }

    /// Starts the halted server again, on the same port.
    public func resume() throws {
        let (status, output) = try Self.run(Self.script, ["resume", directory])
        guard status == 0 else { throw Failed(what: "cluster.sh resume", output: output) }
    }

    public func stop() {
        _ = try? Self.run(Self.script, ["stop", directory])
    }

    public struct Failed: Error, CustomStringConvertible {
        let what: String
        let output: String
        public var description: String { "\(what) failed: \(output)" }

        public init(what: String, output: String) {
            self.what = what
            self.output = output
        }
    }

    /// Runs SQL with `psql` in one transaction (on the database at URL `database`, else the
    /// cluster's own), stopping at the first error; gives the exit
    /// status and what psql printed (query results unaligned, one row a line).
    public func psql(_ sql: String, on database: String? = nil) throws -> (status: Int32, output: String) {
        let file = directory + "-\(UUID().uuidString).sql"
        try sql.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        return try Self.run("/usr/bin/env", ["psql", database ?? url, "-X", "-q", "-A", "-t", "-1", "-v", "ON_ERROR_STOP=1", "-f", file])
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let log = (NSTemporaryDirectory() as NSString).appendingPathComponent("sched-pg-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(atPath: log) }
        let child = try Subprocess(executable, arguments, output: .file(log), error: .file(log))
        let termination = child.wait()
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return (termination.shellStatus, output)
    }
}

/// Runs `body` for each of `0..<count` on a thread of its own, all together, and waits for all:
/// clients that are connected and writing at the same moment, not two at a time.
public func atOnce(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let done = DispatchGroup()
    for index in 0..<count {
        done.enter()
        Thread.detachNewThread {
            body(index)
            done.leave()
        }
    }
    done.wait()
}

