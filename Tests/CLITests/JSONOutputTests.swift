import Foundation
import Testing

/// `--json`: one JSON value per line, with the seed's field names.
@Suite("JSON output")
struct JSONOutputTests {
    static let appointmentFields: Set<String> = [
        "id", "number", "customer_name", "start_time", "duration_minutes", "end_time", "note", "email",
        "status", "calcom_booking_uid", "created_at", "updated_at", "series_id", "occurrence_start",
    ]
    static let slotFields: Set<String> = ["start_time", "end_time", "available"]

    @Test func aSeriesAndItsOccurrencesCarryTheirRuleAndTheirPlaceInIt() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(script: """
            set timezone "Europe/Berlin"
            book "Ann" every tue 10:00 for 30m from 2099-03-02 count 3
            reschedule 2 to 2099-03-11T11:00
            show 2
            show series 2
            list series
            """, options: ["--json"])
        #expect(result.exitCode == 0, "\(result)")
        let values = result.outputLines.map { JSON.value($0) }
        try #require(values.count == 6, "\(result)")
        let booked = try #require(values[1] as? [String: Any])
        #expect(booked["rule"] as? String == "FREQ=WEEKLY;BYDAY=TU;COUNT=3")
        #expect(booked["rule_text"] as? String == "every Tuesday at 10:00, 3 times")
        #expect(booked["booked"] as? Int == 3)
        #expect((booked["next"] as? [[String: Any]])?.map { $0["start_time"] as? String }
                == ["2099-03-03T10:00:00+01:00", "2099-03-10T10:00:00+01:00", "2099-03-17T10:00:00+01:00"])
        let moved = try #require(values[3] as? [String: Any])
        #expect(moved["series_id"] as? String == booked["id"] as? String)
        #expect(moved["occurrence_start"] as? String == "2099-03-10T10:00:00+01:00")
        #expect(moved["start_time"] as? String == "2099-03-11T11:00:00+01:00")
        let shown = try #require(values[4] as? [String: Any])
        #expect(shown["rule"] as? String == "FREQ=WEEKLY;BYDAY=TU;COUNT=3")
        #expect((shown["exceptions"] as? [[String: Any]])?.map { $0["number"] as? Int } == [2])
        #expect(shown["stored_through"] is NSNull)
        let listed = try #require(values[5] as? [[String: Any]])
        #expect(listed.map { $0["customer_name"] as? String } == ["Ann"])
    }

    @Test func eachStatementPrintsOneJSONValuePerLineWithTheSeedsFieldNames() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(script: """
            set timezone "Europe/Berlin"
            book "Ann" at 2099-03-04T10:00 for 30m note "first" email "ann@example.com"
            book "Bob" at 2099-03-04T11:00 for 1h
            show 1
            list on 2099-03-04
            upcoming limit 1
            slots on 2099-03-04 for 1h
            availability on 2099-03-04
            availability
            let a = show 2
            cancel 2
            """, options: ["--json"])
        #expect(result.exitCode == 0, "\(result)")
        let lines = result.outputLines
        // set timezone prints a confirmation; let prints nothing.
        #expect(lines.count == 10, "\(result)")
        let values = lines.map { JSON.value($0) }
        for (line, value) in zip(lines, values) {
            #expect(value != nil, "not one JSON value: \(line)")
        }
        guard lines.count == 10 else { return }

        for index in [1, 2, 3, 9] {
            let appointment = try #require(values[index] as? [String: Any], "line \(index + 1): \(lines[index])")
            #expect(Set(appointment.keys) == Self.appointmentFields, "line \(index + 1): \(lines[index])")
        }
        let ann = try #require(values[1] as? [String: Any])
        #expect(ann["customer_name"] as? String == "Ann")
        #expect(ann["start_time"] as? String == "2099-03-04T10:00:00+01:00")
        #expect(ann["end_time"] as? String == "2099-03-04T10:30:00+01:00")
        #expect(ann["duration_minutes"] as? Int == 30)
        #expect(ann["note"] as? String == "first")
        #expect(ann["email"] as? String == "ann@example.com")
        #expect(ann["status"] as? String == "booked")
        #expect(ann["number"] as? Int == 1)
        #expect(UUID(uuidString: ann["id"] as? String ?? "") != nil)
        #expect(ann["calcom_booking_uid"] is NSNull)
        let bob = try #require(values[2] as? [String: Any])
        #expect(bob["note"] is NSNull && bob["email"] is NSNull, "absent note/email are null: \(lines[2])")
        #expect((values[3] as? [String: Any])?["id"] as? String == ann["id"] as? String)

        let list = try #require(values[4] as? [[String: Any]], "\(lines[4])")
        #expect(list.map { $0["customer_name"] as? String } == ["Ann", "Bob"])
        #expect(list.allSatisfy { Set($0.keys) == Self.appointmentFields })
        let upcoming = try #require(values[5] as? [[String: Any]], "\(lines[5])")
        #expect(upcoming.count == 1)
        #expect(upcoming.first?["customer_name"] as? String == "Ann")

        let slots = try #require(values[6] as? [[String: Any]], "\(lines[6])")
        #expect(slots.allSatisfy { Set($0.keys) == Self.slotFields }, "\(lines[6])")
        #expect(slots.first?["start_time"] as? String == "2099-03-04T09:00:00+01:00")
        #expect(slots.count == 6, "09, 12, 13, 14, 15, 16: \(lines[6])")
        let day = try #require(values[7] as? [[String: Any]], "\(lines[7])")
        #expect(day.allSatisfy { Set($0.keys) == Self.slotFields }, "\(lines[7])")
        #expect(day.contains { $0["available"] as? Bool == false }, "\(lines[7])")

        let weekly = try #require(values[8] as? [String: Any], "\(lines[8])")
        let windows = try #require(weekly["weekly"] as? [[String: Any]], "\(lines[8])")
        #expect(windows.count == 5)
        #expect(windows.allSatisfy { Set($0.keys) == ["day", "start_time", "end_time"] }, "\(lines[8])")
        #expect(windows.first?["day"] as? String == "monday")
        #expect(windows.first?["start_time"] as? String == "09:00")
        #expect(weekly["overrides"] is [Any], "\(lines[8])")

        let cancelled = try #require(values[9] as? [String: Any])
        #expect(cancelled["status"] as? String == "cancelled")
    }

    @Test func errorsGoToStandardErrorNotIntoTheJSON() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["--json", "-c", "book \"Ann\" at 2099-03-04T10:00 for 30m; show 12"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.outputLines.count == 1, "\(result)")
        #expect(JSON.object(result.outputLines.first)?["customer_name"] as? String == "Ann")
        #expect(result.standardError
                == #"{"error":{"message":"Appointment 12 not found","kind":"notfound","file":"-c","line":1,"column":41,"hint":null}}"# + "\n",
                "\(result)")
    }

    @Test func setOutputJSONSwitchesWithinARun() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "book \"Ann\" at 2099-03-04T10:00 for 30m; set output json; show 1"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.outputLines.count == 2, "\(result)")
        #expect(result.outputLines.first?.hasPrefix("Booked 1: Ann") == true, "\(result)")
        #expect(JSON.object(result.outputLines.last)?["number"] as? Int == 1, "\(result)")
    }
}
