import Foundation
import Synchronization
import Testing
@testable import CalCom
import SchedCore

/// A transport that answers from a script and keeps what it was sent: a stand-in for the
/// network in unit tests of the client's own decisions.
final class ScriptedTransport: HTTPTransport {
    typealias Reply = Result<HTTPResponse, TransportError>

    private let state: Mutex<(replies: [Reply], sent: [HTTPRequest])>

    init(_ replies: [Reply]) {
        state = Mutex((replies, []))
    }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let reply = state.withLock { state -> Reply in
            state.sent.append(request)
            return state.replies.isEmpty ? .failure(.failed("no scripted reply left")) : state.replies.removeFirst()
        }
        return try reply.get()
    }

    var sent: [HTTPRequest] { state.withLock { $0.sent } }
    /// `POST /v2/bookings` for each request sent.
    var lines: [String] { sent.map { "\($0.method) \($0.url.path)" } }
}

/// Records what the client logs and how long it sleeps.
final class Recorder: Sendable {
    private let state = Mutex<(sleeps: [TimeInterval], records: [RequestRecord])>(([], []))

    var sleeps: [TimeInterval] { state.withLock { $0.sleeps } }
    var records: [RequestRecord] { state.withLock { $0.records } }

    func sleep(_ seconds: TimeInterval) { state.withLock { $0.sleeps.append(seconds) } }
    func log(_ record: RequestRecord) { state.withLock { $0.records.append(record) } }
}

let testKey = "cal_live_unit-test-not-a-real-key-9f2c"

/// A client over `transport` that retries without jitter and sleeps only in the recorder.
func makeClient(_ transport: ScriptedTransport, recorder: Recorder = Recorder(),
                retry: RetryPolicy = RetryPolicy(baseDelay: 1, maxDelay: 10, jitter: .none, maxRateLimitWait: 30),
                now: Date = Date(timeIntervalSince1970: 1_762_000_000)) -> CalComClient {
    CalComClient(
        configuration: CalComConfiguration(baseURL: URL(string: "http://127.0.0.1:9/v2")!, apiKey: testKey,
                                           timeout: 7, retry: retry),
        transport: transport, sleep: { recorder.sleep($0) }, log: { recorder.log($0) },
        clock: ManualClock(now))
}

func json(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> ScriptedTransport.Reply {
    .success(HTTPResponse(status: status, headers: headers, body: Data(text.utf8)))
}

/// A booking as Cal.com's bookings endpoints write it.
func bookingJSON(id: Int = 987654, uid: String = "bK2xPq7ZrT3nYc9wLm4sQe", status: String = "accepted",
                 start: String = "2025-11-03T14:00:00.000Z", end: String = "2025-11-03T14:30:00.000Z",
                 metadata: String = #"{"syncId": "cli-7f3a"}"#, extra: String = "") -> String {
    """
    {"id": \(id), "uid": "\(uid)", "title": "30 Min Meeting between Jane Host and Ada Lovelace",
     "description": "", "hosts": [{"id": 42, "name": "Jane Host", "email": "jane@example.com",
     "username": "jane", "timeZone": "America/Los_Angeles"}], "status": "\(status)",
     "start": "\(start)", "end": "\(end)", "duration": 30, "eventTypeId": 123456,
     "eventType": {"id": 123456, "slug": "30min"}, "location": "https://app.cal.com/video/x",
     "absentHost": false, "createdAt": "2025-10-20T08:00:00.000Z", "updatedAt": "2025-10-20T08:00:00.000Z",
     "metadata": \(metadata), "attendees": [{"name": "Ada Lovelace", "email": "ada@example.com",
     "timeZone": "Europe/London", "language": "en", "absent": false}], "guests": [],
     "bookingFieldsResponses": {"name": "Ada Lovelace"}\(extra)}
    """
}

func success(_ data: String) -> String {
    #"{"status": "success", "data": "# + data + "}"
}

func date(_ text: String) -> Date {
    CalComDate.date(text) ?? .distantPast
}

@Suite struct APIKeyTests {
    @Test func liveKeysKeepTheirKindAndLastFourCharacters() {
        #expect(APIKey.masked(testKey) == "cal_live_…9f2c")
    }

    @Test func testKeysKeepTheShortPrefix() {
        #expect(APIKey.masked("cal_not-a-real-key-1a2b") == "cal_…1a2b")
    }

    @Test func oddKeysShowOnlyTheirLastFourCharacters() {
        #expect(APIKey.masked("plain-not-a-real-key-cdef") == "…cdef")
    }

    @Test func shortKeysShowNothing() {
        #expect(APIKey.masked("cal_live_ab") == "…")
        #expect(APIKey.masked("abc") == "…")
        #expect(APIKey.masked("") == "…")
    }

    @Test func aKeyBarelyLongerThanItsPrefixKeepsNoPrefix() {
        #expect(APIKey.masked("cal_live_1234") == "…1234")
    }

    @Test func descriptionsOfTheConfigurationAndClientMaskTheKey() {
        let configuration = CalComConfiguration(apiKey: testKey)
        let client = CalComClient(configuration: configuration, transport: ScriptedTransport([]))
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [String(describing: configuration), String(reflecting: configuration), String(describing: client), dumped] {
            #expect(!text.contains(testKey))
            #expect(text.contains("cal_live_…9f2c"))
        }
    }
}

@Suite struct RequestTests {
    @Test func bookingsGoBelowTheV2RootWithTheirVersionAndKey() throws {
        let transport = ScriptedTransport([json(success(bookingJSON()), status: 201)])
        _ = try makeClient(transport).createBooking(sampleRequest)
        let request = try #require(transport.sent.first)
        #expect(request.url.absoluteString == "http://127.0.0.1:9/v2/bookings")
        #expect(request.method == "POST")
        #expect(request.header("cal-api-version") == "2024-08-13")
        #expect(request.header("Authorization") == "Bearer \(testKey)")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.timeout == 7)
    }

    @Test func eachEndpointSendsItsOwnVersion() throws {
        let cases: [(CalComRequest, String?)] = [
            (.me, nil),
            (.eventTypes(username: "jane"), "2024-06-14"),
            (.booking(uid: "abc"), "2024-08-13"),
            (.slots(eventTypeID: 1, start: .distantPast, end: .distantFuture, timeZone: "UTC", duration: nil), "2024-09-04"),
            (.defaultSchedule, "2024-06-11"),
        ]
        let configuration = CalComConfiguration(apiKey: testKey)
        for (request, version) in cases {
            let httpRequest = try #require(request.httpRequest(configuration))
            #expect(httpRequest.header("cal-api-version") == version)
            #expect(httpRequest.header("Content-Type") == nil)
        }
    }

    @Test func aTrailingSlashOnTheRootIsNotDoubled() throws {
        let configuration = CalComConfiguration(baseURL: URL(string: "https://api.cal.com/v2/")!, apiKey: testKey)
        let request = try #require(CalComRequest.defaultSchedule.httpRequest(configuration))
        #expect(request.url.absoluteString == "https://api.cal.com/v2/schedules/default")
    }

    @Test func queryValuesAndUIDsArePercentEncoded() throws {
        let configuration = CalComConfiguration(apiKey: testKey)
        let slots = CalComRequest.slots(eventTypeID: 123456, start: date("2025-11-03T00:00:00Z"),
                                        end: date("2025-11-05T00:00:00Z"), timeZone: "America/Argentina/Buenos_Aires",
                                        duration: 60)
        let url = try #require(slots.httpRequest(configuration)?.url.absoluteString)
        #expect(url == "https://api.cal.com/v2/slots?eventTypeId=123456&start=2025-11-03T00%3A00%3A00Z"
            + "&end=2025-11-05T00%3A00%3A00Z&timeZone=America%2FArgentina%2FBuenos_Aires&duration=60")
        let cancel = CalComRequest.cancel(uid: "a/b c", CancelBookingInput_2024_08_13(cancellationReason: "x"))
        #expect(cancel.httpRequest(configuration)?.url.absoluteString == "https://api.cal.com/v2/bookings/a%2Fb%20c/cancel")
    }

    @Test func bookingListsAskForPagesOfAHundred() throws {
        let request = CalComRequest.bookings(afterStart: date("2025-11-01T00:00:00Z"),
                                             beforeEnd: date("2025-12-01T00:00:00Z"), page: .skip(200))
        let items = Dictionary(uniqueKeysWithValues: request.query.map { ($0.name, $0.value ?? "") })
        #expect(items == ["afterStart": "2025-11-01T00:00:00Z", "beforeEnd": "2025-12-01T00:00:00Z",
                          "take": "100", "skip": "200"])
    }
}

let sampleRequest = RemoteBookingRequest(
    appointmentID: UUID(uuidString: "7F3A1C2E-0B4D-4E5F-8A9B-0C1D2E3F4A5B")!, eventTypeID: 123456,
    start: date("2025-11-03T14:00:00Z"), lengthInMinutes: nil, attendeeName: "Ada Lovelace",
    attendeeEmail: "ada@example.com", attendeeTimeZone: "Europe/London")
