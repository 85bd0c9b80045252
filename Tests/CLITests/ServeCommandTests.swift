import CalCom
import Foundation
import SchedTestSupport
import Testing

/// `sched serve` as people run it: it prints where it listens, logs a line per request without
/// secrets, stops cleanly on SIGTERM and SIGINT, and shares its database with the language.
@Suite("sched serve")
struct ServeCommandTests {
    @Test func itServesLogsWithoutSecretsAndStopsOnSignals() throws {
        for signal in [SIGTERM, SIGINT] {
            let sandbox = try Sandbox.loggedIn()
            let server = try ServeProcess(sandbox)
            let token = try server.logIn()
            let booked = try server.send("POST", "/api/appointments",
                                         json: #"{"customer_name": "Ann", "start_time": "2000-03-04T10:00", "duration_minutes": 30}"#,
                                         token: token)
            // In the past: the seed's refusal.
            #expect(booked.status == 400, "\(booked.status) \(String(decoding: booked.body, as: UTF8.self))")
            let (termination, log) = server.stop(signal)
            #expect(termination == Subprocess.Termination(status: 0, signalled: false), "\(String(describing: termination)) \(log)")
            #expect(log.contains("POST /api/auth/login 200 "), "\(log)")
            #expect(log.contains("POST /api/appointments 400 "), "\(log)")
            #expect(!log.contains(token) && !log.contains(Sandbox.password), "\(log)")
        }
    }

    /// SIGTERM while a login is hashing its password: the answer still comes, then the process ends.
    @Test func aRequestInFlightIsAnsweredBeforeTheServerStops() throws {
        let sandbox = try Sandbox.initialised()
        let server = try ServeProcess(sandbox)
        let reply = LockedValue<HTTPResponse?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            reply.value = try? server.send("POST", "/api/auth/login",
                                           json: #"{"username": "\#(Sandbox.user)", "password": "\#(Sandbox.password)"}"#)
            done.signal()
        }
        // sched's own password hash takes a good part of a second; the request is in flight by then.
        Thread.sleep(forTimeInterval: 0.1)
        let (termination, log) = server.stop()
        done.wait()
        #expect(reply.value?.status == 200, "\(String(describing: reply.value?.status)) \(log)")
        #expect(termination == Subprocess.Termination(status: 0, signalled: false), "\(log)")
    }

    @Test func aBusyPortOrBadOptionIsAClearError() throws {
        let sandbox = try Sandbox.loggedIn()
        let server = try ServeProcess(sandbox)
        let port = try #require(server.baseURL.port)
        let second = try sandbox.run(["serve", "--port", String(port)], timeout: 20)
        #expect(second.exitCode == 1 && second.standardError.contains("error: cannot serve on 127.0.0.1:\(port): "), "\(second)")
        _ = server.stop()
        let misplaced = try sandbox.run(["--json", "serve"])
        #expect(misplaced.exitCode == 2 && misplaced.standardError.contains("Give sched serve its options after 'serve'"), "\(misplaced)")
        let ttl = try sandbox.run(["serve", "--token-ttl", "soon"])
        #expect(ttl.exitCode == 2 && ttl.standardError.contains("--token-ttl needs a duration such as 90s, 30m or 2h"), "\(ttl)")
    }

    /// The three front ends on one database at once: HTTP clients, a script booking one slot
    /// after another, and a prompt booking the same slots. Each slot ends up booked once.
    @Test func scriptsThePromptAndTheServerNeverDoubleBook() throws {
        let sandbox = try Sandbox.loggedIn()
        #expect(try sandbox.run(["-c", "available mon-sun 00:00-24:00"]).exitCode == 0)
        let slots = (0..<24).map { String(format: "2099-03-%02dT%02d:00", 4 + $0 / 8, 9 + $0 % 8) }
        let server = try ServeProcess(sandbox)
        let token = try server.logIn()
        let script = slots.map { "book \"Script\" at \($0) for 45m" }.joined(separator: "\n")
        let prompt = try PseudoTerminal(sandbox)
        let created = LockedValue(0)
        // The script starts once the first HTTP answer is back: on a loaded machine a script
        // started first could take every slot before a client's request arrived.
        let firstAnswer = DispatchSemaphore(value: 0)
        let clients = DispatchGroup()
        DispatchQueue.global().async(group: clients) {
            DispatchQueue.concurrentPerform(iterations: 4) { client in
                for (index, slot) in slots.shuffled().enumerated() {
                    let reply = try? server.send("POST", "/api/appointments", json: """
                        {"customer_name": "HTTP \(client)", "start_time": "\(slot)", "duration_minutes": 45}
                        """, token: token)
                    if reply?.status == 201 { created.mutate { $0 += 1 } }
                    if index == 0 { firstAnswer.signal() }
                    #expect(reply?.status == 201 || reply?.status == 409, "\(String(describing: reply?.status))")
                }
            }
        }
        firstAnswer.wait()
        let scripted = try sandbox.start(["--keep-going", "run", "-"], input: Data(script.utf8))
        clients.wait()
        for slot in slots.prefix(8) {
            try prompt.typeLine("book \"Prompt\" at \(slot) for 45m")
        }
        try prompt.typeLine("quit")
        _ = try prompt.waitForExit()
        _ = scripted.finish()
        _ = server.stop()
        let listed = try sandbox.run(["--json", "-c", "list from 2099-03-01 to 2099-03-31"])
        let appointments = try #require(JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8)) as? [[String: Any]])
        let starts = appointments.compactMap { $0["start_time"] as? String }
        #expect(starts.count == slots.count, "\(appointments.map { ($0["customer_name"] ?? "", $0["start_time"] ?? "") })")
        #expect(Set(starts).count == starts.count)
        #expect(created.value >= 1)
    }
}
