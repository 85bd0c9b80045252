import CalComFake
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The stand-in server runs on a thread of its own: it answers even while every thread of
/// Swift's shared pool is blocked by tests waiting for child processes or blocking clients.
@Suite struct FakeServerThreadTests {
    @Test func theServerAnswersWhileThePoolIsBlocked() async throws {
        let fake = FakeCalCom()
        let baseURL = try await fake.start()
        let width = ProcessInfo.processInfo.environment["BLOCKERS"].flatMap(Int.init) ?? (ProcessInfo.processInfo.activeProcessorCount + 2)
        // Occupy more pool threads than there are until the answer has come (3 s at most, longer
        // than the request may take), and not after: every other test waits for them meanwhile.
        let answered = DispatchGroup()
        answered.enter()
        let blockers = (0..<width).map { _ in Task.detached { Self.block(until: answered, seconds: 3) } }
        let status = try await offPool { () -> Int in
            defer { answered.leave() }
            Thread.sleep(forTimeInterval: 0.3)
            var request = URLRequest(url: baseURL.appendingPathComponent("me"))
            request.setValue("Bearer \(fake.apiKey)", forHTTPHeaderField: "Authorization")
            request.timeoutInterval = 2
            let done = DispatchSemaphore(value: 0)
            let result = LockedStatus()
            URLSession.shared.dataTask(with: request) { _, response, _ in
                result.set((response as? HTTPURLResponse)?.statusCode ?? -1)
                done.signal()
            }.resume()
            done.wait()
            return result.value
        }
        for blocker in blockers { await blocker.value }
        await fake.stop()
        #expect(status == 200)
    }

    /// Holds the calling thread, as a test waiting for a child process does, until `done` or
    /// for `seconds`.
    private static func block(until done: DispatchGroup, seconds: Double) {
        _ = done.wait(timeout: .now() + seconds)
    }
}

private final class LockedStatus: @unchecked Sendable {
    private let lock = NSLock()
    private var status = 0
    func set(_ value: Int) { lock.withLock { status = value } }
    var value: Int { lock.withLock { status } }
}
