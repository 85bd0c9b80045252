import CalComFake
import Foundation
import Testing

/// `calcom connect key file "PATH"`: a key that never stands on a command line.
@Suite("Cal.com key from a file")
struct CalcomKeyFileTests {
    @Test func aKeyReadFromAFileConnectsAndIsSaved() async throws {
        let fake = FakeCalCom()
        let url = try await fake.start()
        defer { Task { await fake.stop() } }
        let sandbox = try await CalcomCLITests.loggedIn()
        let file = try sandbox.write("calcom-key", "  \(CalcomCLITests.key)\n")
        let connect = "calcom connect key file \"\(file.path)\" event-type 1001"
        let connected = try await CalcomCLITests.run(sandbox, ["-c", connect], url: url)
        #expect(connected.exitCode == 0, "\(connected)")
        #expect(connected.standardOutput.contains(CalcomCLITests.connected), "\(connected)")
        // Saved: a later run without the file or the environment still has the key.
        let status = try await CalcomCLITests.run(sandbox, ["--json", "-c", "calcom status"], url: url)
        let object = try #require(JSON.object(status.outputLines.first), "\(status)")
        #expect(object["key"] as? String == CalcomCLITests.maskedKey, "\(status)")
        #expect(object["key_source"] as? String == "database", "\(status)")
        #expect(!(status.standardOutput + connected.standardOutput).contains(CalcomCLITests.key))
    }

    @Test func aMissingKeyFileIsAnErrorAtItsName() async throws {
        let sandbox = try await CalcomCLITests.loggedIn()
        let missing = sandbox.path("no-such-key").path
        let result = try await offPool { try sandbox.run(["-c", "calcom connect key file \"\(missing)\" event-type 1001"]) }
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.standardError.hasPrefix("-c:1:25: error: cannot read '"), "\(result)")
        #expect(result.standardError.contains("': no such file [notfound]"), "\(result)")
    }
}
