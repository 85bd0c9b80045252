import Foundation
import GRDB
import PropertyBased
import SchedCore
import SchedTestSupport
import Testing

/// Undo and redo through the language: undoing every change of a random sequence puts back
/// the database as it was, and redoing them all gives back the database they made, every table
/// compared but the journal's own.
@Suite struct JournalPropertyTests {
    /// One generated change; many are refused (a clash, a closed day), and a refused one is no
    /// change.
    struct Change: Sendable, CustomStringConvertible {
        let kind: Int
        let number: Int
        let day: Int
        let minute: Int
        let duration: Int
        let name: String
        var description: String { text }

        static let gen = zip(Gen.int(in: 0...12), Gen.int(in: 1...8), Gen.int(in: 1...20), Gen.int(in: 0...95),
                             pick([15, 30, 45, 60, 90]), pick(["Ann", "Bob", "Zoë Müller", "Cy", "O'Brien"]))
            .map(Change.init)

        var when: String {
            Source.dateTime(Days.adding(Gens.firstDay, day), minute: minute * 15)
        }

        var text: String {
            switch kind {
            case 0, 1, 2: "book \(Source.quoted(name)) at \(when) for \(duration)m note \"n\(number)\""
            case 3: "reschedule \(number) to \(when)"
            case 4: "update \(number) note \"changed \(day)\" email \"x\(day)@example.com\""
            case 5: "cancel \(number)"
            case 6: "cancel \(number), \(number + 1)"
            case 7: "restore \(number)"
            case 8: "available \(Days.adding(Gens.firstDay, day)) 08:00-12:00, 13:00-18:00"
            case 9: ["unavailable sat", "available mon-fri 07:00-19:00", "available daily 00:00-24:00"][number % 3]
            case 10: ["set timezone \"Europe/Berlin\"", "set timezone \"UTC\"", "set default duration 45m"][number % 3]
            case 11: "book \(Source.quoted(name)) every \(["mon", "tue", "wed"][number % 3]) 08:15 for 30m count 3"
            default: "update \(number) name \(Source.quoted(name)) for \(duration)m"
            }
        }
    }

    /// Every table but the journal, each row as text, in a fixed order.
    static func dump(_ path: String, withSequence: Bool) throws -> [String: [String]] {
        let queue = try DatabaseQueue(path: path)
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('journal', 'journal_rows')
                """).filter { withSequence || $0 != "sqlite_sequence" }
            var dump: [String: [String]] = [:]
            for table in tables {
                dump[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description).sorted()
            }
            return dump
        }
    }

    // Feature: sched, undo then redo of any change sequence leaves the database as it was
    @Test("Undoing every change restores the database; redoing them restores the changes")
    func undoThenRedoIsTheIdentity() async {
        await propertyCheck(count: 100, input: Gens.zone, Change.gen.array(of: 1...8)) { zone, changes in
            checking {
                let session = try ScriptFixture(zone)
                #expect(session.run("available daily 00:00-24:00\nbook \"Setup\" at 2025-01-03T09:00 for 30m") == .success)
                let initial = try Self.dump(session.path, withSequence: false)
                let first = try Self.latestChange(session.path) + 1
                for change in changes {
                    _ = session.run(change.text)
                }
                let changed = try Self.dump(session.path, withSequence: true)
                let made = try Self.latestChange(session.path) - first + 1
                guard made > 0 else { return }

                #expect(session.run("undo \(first)") == .success, "\(session.buffer.standardError)")
                #expect(try Self.dump(session.path, withSequence: false) == initial, "undo did not restore \(changes)")
                for _ in 0..<made {
                    #expect(session.run("redo") == .success, "\(session.buffer.standardError)")
                }
                #expect(session.run("redo") == .failed, "a redo beyond the last change")
                #expect(try Self.dump(session.path, withSequence: true) == changed, "redo did not restore \(changes)")
            }
        }
    }

    @Test func anImportIsOneChange() throws {
        let session = try ScriptFixture(.utc)
        let file = TemporaryPath()
        try "customer_name,start_time,duration_minutes\nAnn,2025-01-02T10:00,30\nBob,2025-01-02T11:00,30\n"
            .write(toFile: file.path, atomically: true, encoding: .utf8)
        #expect(session.run("import csv \(Source.quoted(file.path))") == .success, "\(session.buffer.standardError)")
        #expect(try Self.latestChange(session.path) == 1)
        let before = try Self.dump(session.path, withSequence: false)
        #expect(before["appointments"]?.count == 2)
        #expect(session.run("undo") == .success)
        #expect(try Self.dump(session.path, withSequence: false)["appointments"]?.isEmpty == true)
    }

    static func latestChange(_ path: String) throws -> Int {
        try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT max(id) FROM journal") ?? 0 }
    }
}
