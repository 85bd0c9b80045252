import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// Naming an appointment by its customer, and the CSV export read back by the CSV import.
@Suite struct NamingPropertyTests {
    /// Names that fold alike, start one another, or share nothing.
    static let names = ["Ann", "ann", "ANN", "Ann Lee", "Zoë Müller", "Zoe Muller", "Bob", "Bobby", "José", "李小龍"]

    /// One booking of a generated schedule: which name, which day (from the 2nd of January), at
    /// which hour, and whether it is cancelled afterwards.
    struct Planned: Sendable, CustomStringConvertible {
        let name: String
        let day: Int
        let hour: Int
        let cancelled: Bool
        var description: String { "\(name) day \(day) \(hour):00\(cancelled ? " cancelled" : "")" }

        static let gen = zip(Gen.int(in: 0...12), Gens.customerName, Gen.int(in: 1...20), Gen.int(in: 0...23), Gen.bool(0.2))
            .map { which, other, day, hour, cancelled in
                Planned(name: which < names.count ? names[which] : other, day: day, hour: hour, cancelled: cancelled)
            }
    }

    /// How the name is written in the statement.
    enum Writing: CaseIterable, Sendable {
        case asBooked, upper, lower, folded
        func apply(_ name: String) -> String {
            switch self {
            case .asBooked: name
            case .upper: name.uppercased()
            case .lower: name.lowercased()
            case .folded: name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            }
        }
    }

    /// The rule the README gives, restated: letter case and accents aside, runs of other
    /// characters as one space; a name without letters or digits is compared whole.
    static func fold(_ name: String) -> String {
        let words = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return words.isEmpty ? name.trimmingCharacters(in: .whitespacesAndNewlines) : words.joined(separator: " ")
    }

    // Feature: sched, a booking by name reaches the same appointment as by number
    @Test("A booking by name reaches the same appointment as by number")
    func aNameReachesTheAppointmentItsNumberReaches() async {
        await propertyCheck(
            count: 100, input: Gens.zone, Planned.gen.array(of: 1...6), Gen.int(in: 0...5), Gen<Writing>.case,
            Gen.int(in: 0...2)
        ) { zone, plans, pick, writing, clockDays in
            checking {
                let byName = try ScriptFixture(zone)
                let byNumber = try ScriptFixture(zone)
                var script = ["available daily 00:00-24:00"]
                var taken: Set<String> = []
                for plan in plans where taken.insert("\(plan.day) \(plan.hour)").inserted {
                    let date = Days.adding(Gens.firstDay, plan.day)
                    script.append("book \(Source.quoted(plan.name)) at \(Source.dateTime(date, minute: plan.hour * 60 + 7)) for 30m")
                }
                for fixture in [byName, byNumber] {
                    #expect(fixture.run(script.joined(separator: "\n")) == .success, "\(fixture.buffer.standardError)")
                }
                let booked = try byName.snapshot().appointments
                for (number, plan) in zip(1..., plans.filter({ _ in true }).prefix(booked.count)) where plan.cancelled {
                    for fixture in [byName, byNumber] { #expect(fixture.run("cancel \(number)") == .success) }
                }
                // Some bookings may be over by now.
                let now = defaultNow.addingTimeInterval(Double(clockDays) * 86_400 + 3600)
                for fixture in [byName, byNumber] {
                    fixture.clock.set(now)
                    try fixture.logIn()
                }
                let all = try byName.snapshot().appointments
                let target = all[pick % all.count]
                let written = writing.apply(target.customerName)
                let upcoming = all.filter { $0.status == .booked && $0.start >= now }
                let whole = upcoming.filter { Self.fold($0.customerName) == Self.fold(written) }

                let statement = try #require(byName.parse("cancel \(Source.quoted(written))"))
                let before = try byName.snapshot()
                let error = byName.failure(of: statement)
                switch whole.count {
                case 1:
                    #expect(error == nil, "cancel \(written) in \(all.map(\.customerName)): \(String(describing: error))")
                    #expect(byNumber.run("cancel \(whole[0].number)") == .success)
                    // Ids differ between the two databases; everything else must not.
                    func state(_ fixture: ScriptFixture) throws -> [String] {
                        try fixture.snapshot().appointments.map { "\($0.number) \($0.status) \($0.sequence) \($0.updatedAt)" }
                    }
                    #expect(try state(byName) == state(byNumber), "cancel \(written) and cancel \(whole[0].number) differ")
                case 0:
                    // No one has the whole name: the start of a name may match, or nothing does.
                    if let error {
                        #expect(error.kind == .notfound || error.kind == .invalid || error.kind == .validation, "\(error)")
                        #expect(try byName.snapshot() == before)
                    } else {
                        let changed = try byName.snapshot().appointments.filter { !before.appointments.contains($0) }
                        // Each word written begins a word of the name, as `find` matches.
                        let wanted = Self.fold(written).split(separator: " ")
                        #expect(changed.count == 1 && changed.allSatisfy { appointment in
                            let words = Self.fold(appointment.customerName).split(separator: " ")
                            return wanted.allSatisfy { word in words.contains { $0.hasPrefix(word) } }
                        }, "cancel \(written) cancelled \(changed)")
                    }
                default:
                    #expect(error?.kind == .invalid, "\(written) matches \(whole.map(\.number))")
                    for appointment in whole.prefix(10) {
                        #expect(error?.message.contains("\n  #\(appointment.number) ") == true, "\(String(describing: error))")
                    }
                    #expect(try byName.snapshot() == before, "a refused cancel by name changed something")
                }
            }
        }
    }

    // Feature: sched, export csv then import csv books the same appointments
    @Test("A CSV export imported into a fresh database books the same appointments")
    func csvExportReadsBackExactly() async throws {
        let plans = zip(Gens.customerName, Gen.int(in: 1...40), Gens.minuteOfDay, Gens.duration, Gens.note, Gens.email)
            .array(of: 0...8)
        await propertyCheck(count: 100, input: Gens.zone, plans) { zone, plans in
            checking {
                let source = try ScriptFixture(zone)
                let target = try ScriptFixture(zone)
                #expect(source.run("available daily 00:00-24:00") == .success)
                #expect(target.run("available daily 00:00-24:00") == .success)
                for (name, day, minute, duration, note, email) in plans {
                    var line = "book \(Source.quoted(name)) at \(Source.dateTime(Days.adding(Gens.firstDay, day), minute: minute)) for \(duration)m"
                    if let note { line += " note \(Source.quoted(note))" }
                    if let email { line += " email \(Source.quoted(email))" }
                    _ = source.run(line)   // a clash, a gap or a day's end refuses some: those are not exported
                }
                let file = TemporaryPath()
                #expect(source.run("export csv \(Source.quoted(file.path))") == .success, "\(source.buffer.standardError)")
                #expect(target.run("import csv \(Source.quoted(file.path)) atomic") == .success, "\(target.buffer.standardError)")
                func fields(_ fixture: ScriptFixture) throws -> [String] {
                    try fixture.snapshot().appointments.filter { $0.status == .booked }.sorted { $0.start < $1.start }.map {
                        "\($0.customerName)|\($0.start.timeIntervalSince1970)|\($0.durationMinutes)|\($0.note ?? "-")|\($0.email ?? "-")"
                    }
                }
                #expect(try fields(target) == fields(source))
            }
        }
    }
}
