import Foundation
import SchedCore
import Testing

/// `/api/availability` and what sits beside it: weekly windows in the seed's shape (Python's
/// weekday numbers), date overrides, slots, the calendar week and the settings.
@Suite("Server: availability")
struct AvailabilityEndpointTests {
    @Test(arguments: LiveServer.Backend.allCases)
    func weeklyWindowsRoundTripWithMondayAsZero(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let put = try await server.send("PUT", "/api/availability", json: """
            [{"day_of_week": 0, "start_time": "13:00", "end_time": "17:00"},
             {"day_of_week": 0, "start_time": "08:00", "end_time": "12:00"},
             {"day_of_week": 6, "start_time": "10:00", "end_time": "24:00"}]
            """, token: token)
        #expect(put.status == 200, "\(put)")
        let got = try await server.send("GET", "/api/availability/weekly", token: token)
        let expected: [(Int, String, String)] = [(0, "08:00", "12:00"), (0, "13:00", "17:00"), (6, "10:00", "24:00")]
        let windows = got.array?.map { ($0["day_of_week"] as? Int ?? -1, $0["start_time"] as? String ?? "", $0["end_time"] as? String ?? "") }
        #expect(windows?.count == 3 && zip(windows ?? [], expected).allSatisfy { $0 == $1 }, "\(got)")
        #expect(put.body == got.body)
        // Stored as the language's Monday and Sunday; the days not listed are closed now.
        let stored = try server.store.read { tx in try tx.weeklyWindows() }
        #expect(Set(stored.map(\.day)) == [.monday, .sunday])
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func badWindowsAreRefusedAndNothingChanges(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let before = try await server.send("GET", "/api/availability/weekly", token: token).body
        let cases: [(body: String, field: String)] = [
            (#"[{"day_of_week": 7, "start_time": "09:00", "end_time": "12:00"}]"#, "[0].day_of_week"),
            (#"[{"day_of_week": 1, "start_time": "9:00", "end_time": "12:00"}]"#, "[0].start_time"),
            (#"[{"day_of_week": 1, "start_time": "09:00"}]"#, "[0].end_time"),
            (#"[{"day_of_week": 1, "start_time": "24:00", "end_time": "24:00"}]"#, "[0].start_time"),
        ]
        for bad in cases {
            let reply = try await server.send("PUT", "/api/availability", json: bad.body, token: token)
            #expect(reply.status == 422 && reply.field == bad.field, "\(bad.body): \(reply)")
        }
        for body in [#"[{"day_of_week": 1, "start_time": "12:00", "end_time": "09:00"}]"#,
                     #"[{"day_of_week": 1, "start_time": "09:00", "end_time": "12:00"}, {"day_of_week": 1, "start_time": "11:00", "end_time": "13:00"}]"#] {
            let reply = try await server.send("PUT", "/api/availability", json: body, token: token)
            #expect([400, 422].contains(reply.status) && reply.message?.isEmpty == false, "\(body): \(reply)")
        }
        let object = try await server.send("PUT", "/api/availability", json: #"{"day_of_week": 1}"#, token: token)
        #expect(object.status == 400 && object.message == "the body must be a JSON array", "\(object)")
        #expect(try await server.send("GET", "/api/availability/weekly", token: token).body == before)
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func timeSlotsAreTheWindowsLessTheBookings(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        #expect(try await AppointmentEndpointTests.book(server, token, "Ann", "2026-03-03T10:00", minutes: 60).status == 201)
        let reply = try await server.send("GET", "/api/availability?start=2026-03-03&end=2026-03-03", token: token)
        let slots = reply.array?.map { "\($0["start_time"] as? String ?? "")–\($0["end_time"] as? String ?? "") \($0["available"] as? Bool ?? false)" }
        #expect(slots == [
            "2026-03-03T09:00:00+01:00–2026-03-03T10:00:00+01:00 true",
            "2026-03-03T10:00:00+01:00–2026-03-03T11:00:00+01:00 false",
            "2026-03-03T11:00:00+01:00–2026-03-03T17:00:00+01:00 true",
        ], "\(reply)")
        // Without a range: the week from today (Monday to Sunday, five working days).
        let week = try await server.send("GET", "/api/availability", token: token)
        let days = Set(week.array?.compactMap { ($0["start_time"] as? String)?.prefix(10) } ?? [])
        #expect(days == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"], "\(week)")
        let bookable = try await server.send("GET", "/api/slots?date=2026-03-03&duration=60", token: token)
        let starts = bookable.array?.compactMap { $0["start_time"] as? String }
        #expect(starts?.first == "2026-03-03T09:00:00+01:00" && starts?.contains("2026-03-03T10:00:00+01:00") == false, "\(bookable)")
        #expect(starts?.last == "2026-03-03T16:00:00+01:00", "\(bookable)")
        await server.stop()
    }

    @Test(arguments: LiveServer.Backend.allCases)
    func overridesCloseADayAndShowInTheCalendar(_ backend: LiveServer.Backend) async throws {
        let server = try await LiveServer(backend: backend)
        let token = try await server.logIn()
        let put = try await server.send("PUT", "/api/availability/overrides/2026-03-04", json: #"{"windows": []}"#, token: token)
        #expect(put.status == 200 && put.object?["date"] as? String == "2026-03-04", "\(put)")
        let list = try await server.send("GET", "/api/availability/overrides?start=2026-03-01&end=2026-03-31", token: token)
        #expect(list.array?.count == 1, "\(list)")
        let refused = try await AppointmentEndpointTests.book(server, token, "Ann", "2026-03-04T10:00")
        #expect(refused.status == 400 && refused.message?.hasPrefix("Selected time is not available") == true, "\(refused)")
        #expect(try await AppointmentEndpointTests.book(server, token, "Bob", "2026-03-05T10:00").status == 201)
        let calendar = try await server.send("GET", "/api/calendar/week?date=2026-03-04", token: token)
        let object = try #require(calendar.object)
        #expect(object["view"] as? String == "week" && object["from"] as? String == "2026-03-02" && object["through"] as? String == "2026-03-08")
        let days = object["days"] as? [[String: Any]] ?? []
        #expect(days.count == 7)
        #expect((days[2]["windows"] as? [Any])?.isEmpty == true)
        #expect((days[3]["appointments"] as? [[String: Any]])?.first?["customer_name"] as? String == "Bob")
        let settings = try await server.send("GET", "/api/settings", token: token)
        #expect(settings.object?["time_zone"] as? String == "Europe/Berlin" && settings.object?["default_duration_minutes"] as? Int == 30)
        await server.stop()
    }
}
