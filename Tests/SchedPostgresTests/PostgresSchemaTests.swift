import Foundation
import SchedPostgres
import SchedTestSupport
import Testing

/// The PostgreSQL schema on a real server: it applies whole, and the database itself refuses
/// two overlapping booked appointments, however many clients insert them at once.
@Suite struct PostgresSchemaTests {
    /// The cluster with every migration applied, as the store will apply them.
    static func migrated() throws -> TemporaryCluster {
        let cluster = try TemporaryCluster()
        var script = [PostgresSchema.bookkeeping + ";", "SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock));"]
        for migration in PostgresSchema.migrations {
            script += migration.statements.map { $0 + ";" }
            script.append("INSERT INTO schema_migrations (name) VALUES ('\(migration.name)');")
        }
        let applied = try cluster.psql(script.joined(separator: "\n"))
        guard applied.status == 0 else { throw TemporaryCluster.Failed(what: "the migrations", output: applied.output) }
        return cluster
    }

    static func insert(_ id: Int, start: String, minutes: Int, status: String = "booked") -> String {
        """
        INSERT INTO appointments (number, id, customer_name, start_utc, duration_minutes, end_utc, status, created_at, updated_at)
        VALUES (\(id), '00000000-0000-4000-8000-\(String(format: "%012d", id))', 'Client \(id)', '\(start)', \(minutes),
                timestamptz '\(start)' + make_interval(mins => \(minutes)), '\(status)', now(), now());
        """
    }

    @Test func theMigrationsApplyAndAreRecorded() throws {
        let cluster = try Self.migrated()
        let names = try cluster.psql("SELECT name FROM schema_migrations ORDER BY name;")
        #expect(names.output.split(separator: "\n") == PostgresSchema.migrations.map { Substring($0.name) }.sorted(), "\(names)")
        #expect(names.output.split(separator: "\n").count == 4, "\(names)")
        let hours = try cluster.psql("SELECT count(*) FROM weekly_windows;")
        #expect(hours.output.trimmingCharacters(in: .whitespacesAndNewlines) == "5", "\(hours)")
    }

    @Test func overlappingBookedAppointmentsAreRefusedByTheDatabase() throws {
        let cluster = try Self.migrated()
        #expect(try cluster.psql(Self.insert(1, start: "2026-03-03T10:00:00Z", minutes: 30)).status == 0)
        let overlap = try cluster.psql(Self.insert(2, start: "2026-03-03T10:15:00Z", minutes: 30))
        #expect(overlap.status != 0 && overlap.output.contains("appointments_no_overlap"), "\(overlap)")
        // Touching ends do not overlap; a cancelled appointment takes no time.
        #expect(try cluster.psql(Self.insert(3, start: "2026-03-03T10:30:00Z", minutes: 30)).status == 0)
        #expect(try cluster.psql(Self.insert(4, start: "2026-03-03T10:00:00Z", minutes: 60, status: "cancelled")).status == 0)
        let restored = try cluster.psql("UPDATE appointments SET status = 'booked' WHERE customer_name = 'Client 4';")
        #expect(restored.status != 0 && restored.output.contains("appointments_no_overlap"), "\(restored)")
        // The stored end must agree with the start and the length.
        let wrongEnd = try cluster.psql("""
            INSERT INTO appointments (number, id, customer_name, start_utc, duration_minutes, end_utc, created_at, updated_at)
            VALUES (999, gen_random_uuid(), 'Liar', '2026-03-04T10:00:00Z', 30, '2026-03-04T10:10:00Z', now(), now());
            """)
        #expect(wrongEnd.status != 0 && wrongEnd.output.contains("appointments_end"), "\(wrongEnd)")
    }

    /// Twenty clients at once, each booking a time that overlaps all the others'.
    @Test func clientsRacingForOneSlotLeaveOneBooking() throws {
        let cluster = try Self.migrated()
        let results = LockedValue<[Int32]>([])
        atOnce(20) { client in
            let result = try? cluster.psql(Self.insert(100 + client, start: "2026-03-05T10:\(String(format: "%02d", client)):00Z",
                                                       minutes: 45))
            results.mutate { $0.append(result?.status ?? -1) }
        }
        #expect(results.value.filter { $0 == 0 }.count == 1, "\(results.value)")
        let count = try cluster.psql("SELECT count(*) FROM appointments WHERE status = 'booked';")
        #expect(count.output.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(count)")
    }
}
