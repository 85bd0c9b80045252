import Foundation
import SchedCore
import Testing

/// `HomeZone.iso8601`: the instant in the zone with its offset, or in UTC where the zone's
/// offset has seconds (RFC 3339 has no form for them).
@Suite struct ISO8601Tests {
    @Test func timesCarryTheZonesOffsetAtTheInstant() throws {
        let berlin = try #require(HomeZone(identifier: "Europe/Berlin"))
        let kolkata = try #require(HomeZone(identifier: "Asia/Kolkata"))
        let newYork = try #require(HomeZone(identifier: "America/New_York"))
        let winter = Date(timeIntervalSince1970: 1_741_078_800)  // 2025-03-04T09:00:00Z
        #expect(berlin.iso8601(winter) == "2025-03-04T10:00:00+01:00")
        #expect(kolkata.iso8601(winter) == "2025-03-04T14:30:00+05:30")
        #expect(newYork.iso8601(winter) == "2025-03-04T04:00:00-05:00")
        #expect(HomeZone.utc.iso8601(winter.addingTimeInterval(59)) == "2025-03-04T09:00:59+00:00")
        #expect(berlin.iso8601(Date(timeIntervalSince1970: 1_751_328_000)) == "2025-07-01T02:00:00+02:00")
        // Berlin kept local mean time (+00:53:28) until 1893.
        #expect(berlin.iso8601(Date(timeIntervalSince1970: -2_524_521_600)) == "1890-01-01T00:00:00Z")
        #expect(HomeZone.utc.iso8601(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00+00:00")
        #expect(HomeZone.utc.iso8601(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59+00:00")
    }

    /// Read back as the instant it was written from, in every zone the tests use.
    @Test func whatIsWrittenReadsBackAsTheSameInstant() throws {
        let zones = ["UTC", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Kiritimati", "Africa/Monrovia"]
        var generator = SystemRandomNumberGenerator()
        for name in zones {
            let zone = try #require(HomeZone(identifier: name))
            for _ in 0..<500 {
                let instant = Date(timeIntervalSince1970: TimeInterval(Int.random(in: -2_500_000_000...4_000_000_000, using: &generator)))
                let text = zone.iso8601(instant)
                let read = try? Date(text, strategy: .iso8601)
                #expect(read == instant, "\(name) \(text)")
            }
        }
    }
}
