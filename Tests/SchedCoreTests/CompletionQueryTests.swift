import Foundation
import SchedTestSupport
import Testing

@testable import SchedCore

/// The store queries behind tab completion: appointments by number prefix, customer names by
/// name prefix.
@Suite struct CompletionQueryTests {
    /// Hours open all day, and Ann (1), Bob (2, cancelled), anna (3), Ann again (4) and Éva (5)
    /// booked on days 2, 3, 6, 1 and 9 after the fixture's now.
    private static func booked(_ backend: Backend) throws -> StoreFixture {
        let fixture = try StoreFixture(.utc, backend: backend)
        try fixture.openAllHours()
        let day: TimeInterval = 86400
        for (name, days) in [("Ann", 2.0), ("Bob", 3), ("anna", 6), ("Ann", 1), ("Éva", 9)] {
            _ = try fixture.book(Interval(start: StoreFixture.defaultNow.addingTimeInterval(days * day + 3600), minutes: 30),
                                 name: name)
        }
        _ = try fixture.appointments.cancel(.number(2))
        return fixture
    }

    private static func numbers(_ fixture: StoreFixture, prefix: String = "", cancelled: Bool = false,
                                now: Date = StoreFixture.defaultNow, limit: Int = 50) throws -> [Int] {
        try fixture.store.read { tx in
            try tx.appointments(numberPrefix: prefix, includingCancelled: cancelled, now: now, limit: limit)
        }.map(\.number)
    }

    private static func names(_ fixture: StoreFixture, _ prefix: String, limit: Int = 100) throws -> [String] {
        try fixture.store.read { tx in try tx.customerNames(startingWith: prefix, limit: limit) }
    }

    @Test(arguments: Backend.allCases)
    func appointmentsComeUpcomingFirstThenLatestPastFirst(_ backend: Backend) throws {
        let fixture = try Self.booked(backend)
        #expect(try Self.numbers(fixture) == [4, 1, 3, 5])
        #expect(try Self.numbers(fixture, cancelled: true) == [4, 1, 2, 3, 5])
        let afterSecondDay = StoreFixture.defaultNow.addingTimeInterval(4 * 86400)
        #expect(try Self.numbers(fixture, now: afterSecondDay) == [3, 5, 1, 4])
        #expect(try Self.numbers(fixture, limit: 2) == [4, 1])
    }

    @Test(arguments: Backend.allCases)
    func appointmentsFilterByNumberPrefix(_ backend: Backend) throws {
        let fixture = try Self.booked(backend)
        #expect(try Self.numbers(fixture, prefix: "3") == [3])
        #expect(try Self.numbers(fixture, prefix: "2").isEmpty)
        #expect(try Self.numbers(fixture, prefix: "2", cancelled: true) == [2])
        #expect(try Self.numbers(fixture, prefix: "7").isEmpty)
        #expect(try Self.numbers(fixture, prefix: "1*").isEmpty, "not digits")
    }

    @Test(arguments: Backend.allCases)
    func customerNamesAreDistinctAndMatchTheirPrefixIgnoringCase(_ backend: Backend) throws {
        let fixture = try Self.booked(backend)
        #expect(try Self.names(fixture, "") == ["Ann", "anna", "Bob", "Éva"])
        #expect(try Self.names(fixture, "AN") == ["Ann", "anna"])
        #expect(try Self.names(fixture, "ann") == ["Ann", "anna"])
        #expect(try Self.names(fixture, "é") == ["Éva"])
        #expect(try Self.names(fixture, "Annab").isEmpty)
        #expect(try Self.names(fixture, "%").isEmpty, "LIKE wildcards are escaped")
        #expect(try Self.names(fixture, "_").isEmpty)
        #expect(try Self.names(fixture, "", limit: 1) == ["Ann"])
    }
}
