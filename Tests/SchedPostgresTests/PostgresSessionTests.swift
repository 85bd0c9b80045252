import Foundation
import PostgresNIO
import SchedCore
import SchedPostgres
@testable import SchedPostgresStore
import SchedTestSupport
import Testing

/// The store's connection to a real server: migrations applied once however many processes
/// start together, and every way of not reaching the database told as `Database unavailable`
/// with the location's password masked.
@Suite struct PostgresSessionTests {
    static func location(_ url: String) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: [:])
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as SchedError {
            return "\(error.message) [\(error.kind)]"
        } catch let unsent as PostgresSession.NotSent {
            return "\(unsent.reason.message) [\(unsent.reason.kind)]"
        } catch {
            return "\(error)"
        }
    }

    @Test func twoProcessesMigratingAtOnceApplyEachMigrationOnce() throws {
        let cluster = try TemporaryCluster()
        let location = try Self.location(cluster.url)
        let applied = LockedValue<[String]>([])
        atOnce(4) { _ in
            do {
                let session = try PostgresSession(location)
                let names = try PostgresMigrator.migrate(session)
                applied.mutate { $0 += names }
                session.close()
            } catch {
                applied.mutate { $0.append("failed: \(error)") }
            }
        }
        #expect(applied.value.sorted() == PostgresSchema.migrations.map(\.name).sorted(), "\(applied.value)")
        let session = try PostgresSession(location)
        #expect(try PostgresMigrator.migrate(session).isEmpty)
        let count = try session.run("SELECT count(*) FROM schema_migrations").rows.first?.decode(Int.self)
        #expect(count == PostgresSchema.migrations.count)
        session.close()
    }

    @Test func overlappingInsertsFromManyConnectionsLeaveOne() throws {
        let cluster = try TemporaryCluster()
        let location = try Self.location(cluster.url)
        let setUp = try PostgresSession(location)
        try PostgresMigrator.migrate(setUp)
        let states = LockedValue<[String]>([])
        atOnce(10) { client in
            do {
                let session = try PostgresSession(location)
                let start = Date(timeIntervalSince1970: 1_772_532_000 + Double(client * 60))
                let end = start.addingTimeInterval(45 * 60)
                try session.run("""
                    INSERT INTO appointments (number, id, customer_name, start_utc, duration_minutes, end_utc, created_at, updated_at)
                    VALUES (\(client + 1), \(UUID()), \("Client \(client)"), \(start), 45, \(end), now(), now())
                    """)
                states.mutate { $0.append("booked") }
                session.close()
            } catch {
                let state = PostgresSession.sqlState(error) ?? "\(error)"
                states.mutate { $0.append(state) }
            }
        }
        // Inserts that wait on each other's uncommitted rows under the constraint may also be
        // ended as a deadlock (40P01), which the store runs again and then refuses as an overlap.
        #expect(states.value.filter { $0 == "booked" }.count == 1, "\(states.value)")
        #expect(states.value.filter { $0 == "23P01" || $0 == "40P01" }.count == 9, "\(states.value)")
        setUp.close()
    }

    @Test func aDatabaseThatCannotBeReachedIsUnavailableWithThePasswordMasked() throws {
        let cluster = try TemporaryCluster()
        let url = try #require(URLComponents(string: cluster.url))
        let port = try #require(url.port)
        let wrong = Self.message { _ = try PostgresSession(try Self.location("postgres://sched:not-the-password@127.0.0.1:\(port)/sched?sslmode=disable")) }
        #expect(wrong == "Database unavailable: postgres://sched:***@127.0.0.1:\(port)/sched: password authentication failed for user \"sched\" [unavailable]",
                "\(String(describing: wrong))")
        let missing = Self.message { _ = try PostgresSession(try Self.location("postgres://sched:sched-test-password@127.0.0.1:\(port)/nowhere?sslmode=disable")) }
        #expect(missing?.contains("postgres://sched:***@127.0.0.1:\(port)/nowhere: database \"nowhere\" does not exist") == true,
                "\(String(describing: missing))")
        let noPassword = Self.message { _ = try PostgresSession(try Self.location("postgres://sched@127.0.0.1:\(port)/sched?sslmode=disable")) }
        #expect(noPassword?.contains("the server asks for a password") == true, "\(String(describing: noPassword))")
        let overTLS = Self.message { _ = try PostgresSession(try Self.location("postgres://sched:pw@127.0.0.1:\(port)/sched?sslmode=require")) }
        #expect(overTLS?.contains("password authentication failed") == true, "\(String(describing: overTLS))")
        // A session that was working, then the server goes away.
        let session = try PostgresSession(try Self.location(cluster.url))
        cluster.stop()
        let lost = Self.message { try session.run("SELECT 1") }
        #expect(lost?.hasPrefix("Database unavailable: postgres://sched:***@127.0.0.1:\(port)/sched: ") == true, "\(String(describing: lost))")
        let down = Self.message { _ = try PostgresSession(try Self.location(cluster.url)) }
        #expect(down == "Database unavailable: postgres://sched:***@127.0.0.1:\(port)/sched: could not connect to the server [unavailable]",
                "\(String(describing: down))")
        for text in [wrong, missing, noPassword, overTLS, lost, down] {
            #expect(text?.contains("sched-test-password") == false && text?.contains("not-the-password") == false)
        }
    }

    /// Whether the session is encrypted, as the server sees it.
    static func encrypted(_ url: String) throws -> Bool? {
        let session = try PostgresSession(try Self.location(url))
        defer { session.close() }
        return try session.run("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").rows.first?.decode(Bool.self)
    }

    /// `sslmode` as libpq reads it, against a server whose certificate signs itself: `require`
    /// and `prefer` encrypt without checking it, `disable` does not encrypt, `verify-ca` and
    /// `verify-full` refuse it unless `sslrootcert` names it.
    @Test func sslModesAreHonoured() throws {
        let cluster = try TemporaryCluster.shared.get()
        let url = try #require(URLComponents(string: cluster.url))
        let base = "postgres://sched:sched-test-password@127.0.0.1:\(try #require(url.port))/sched"
        #expect(try Self.encrypted(base + "?sslmode=require") == true)
        #expect(try Self.encrypted(base + "?sslmode=prefer") == true)
        #expect(try Self.encrypted(base) == true, "prefer is the default")
        #expect(try Self.encrypted(base + "?sslmode=disable") == false)
        #expect(try Self.encrypted(base + "?sslmode=allow") == false)
        for mode in ["verify-ca", "verify-full"] {
            let refused = Self.message { _ = try Self.encrypted(base + "?sslmode=\(mode)") }
            #expect(refused?.hasPrefix("Database unavailable: postgres://sched:***@127.0.0.1:") == true, "\(String(describing: refused))")
            #expect(refused?.contains("the server's certificate was refused") == true, "\(String(describing: refused))")
            #expect(try Self.encrypted(base + "?sslmode=\(mode)&sslrootcert=\(cluster.certificate)") == true)
        }
        let unreadable = Self.message { _ = try Self.encrypted(base + "?sslmode=verify-full&sslrootcert=/nonexistent/root.crt") }
        #expect(unreadable?.contains("cannot read the root certificates in /nonexistent/root.crt") == true,
                "\(String(describing: unreadable))")
    }
}
