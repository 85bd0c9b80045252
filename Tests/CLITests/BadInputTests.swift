import Foundation
import Testing

/// Bad input gets a positioned error and exit code 2 (syntax) or 1 (a statement refused):
/// never a crash, never a hang, never a write.
@Suite("Bad input")
struct BadInputTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let script: String
        let exitCode: Int32
        /// `LINE:COLUMN` of the error in the script.
        let position: String
        let message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed statement", script: "book Ann at tomorrow", exitCode: 2, position: "1:6",
             message: "[syntax]"),
        Case(name: "unknown statement", script: "frobnicate 12", exitCode: 2, position: "1:1",
             message: "unknown statement 'frobnicate'"),
        Case(name: "impossible date", script: "book \"Ann\" at 2025-02-30T10:00 for 30m", exitCode: 2, position: "1:15",
             message: "invalid date '2025-02-30'"),
        Case(name: "month 13", script: "list on 2025-13-01", exitCode: 2, position: "1:9", message: "invalid date '2025-13-01'"),
        Case(name: "hour 25", script: "book \"Ann\" at 2099-03-04T25:00 for 30m", exitCode: 2, position: "1:15",
             message: "invalid time '25:00'"),
        Case(name: "window to 25:00", script: "available mon 09:00-25:00", exitCode: 2, position: "1:21",
             message: "invalid time '25:00'"),
        Case(name: "24:00 as a start", script: "available mon 24:00-10:00", exitCode: 2, position: "1:15",
             message: "24:00 is only allowed as the end of a window"),
        Case(name: "24:00 in a date-time", script: "book \"Ann\" at 2099-03-04T24:00 for 30m", exitCode: 2,
             position: "1:15", message: "[syntax]"),
        Case(name: "unknown time zone", script: "set timezone \"Mars/Base\"", exitCode: 1, position: "1:1",
             message: "timezone: unknown time zone 'Mars/Base' [validation]"),
        Case(name: "huge appointment number", script: "cancel 99999999999999999999999999", exitCode: 2, position: "1:8",
             message: "too large"),
        Case(name: "huge duration", script: "book \"Ann\" at 2099-03-04T10:00 for 99999999999999999999m", exitCode: 2,
             position: "1:36", message: "too large"),
        Case(name: "huge hours", script: "book \"Ann\" at 2099-03-04T10:00 for 999999999h", exitCode: 2,
             position: "1:36", message: "[syntax]"),
        Case(name: "huge limit", script: "upcoming limit 1000000000000", exitCode: 2, position: "1:16", message: "too large"),
        Case(name: "huge offset", script: "book \"Ann\" at 2099-03-04T10:00+99:00 for 30m", exitCode: 2,
             position: "1:15", message: "UTC offset"),
        Case(name: "empty name", script: "book \"\" at 2099-03-04T10:00 for 30m", exitCode: 1, position: "1:6",
             message: "customer_name: Field is required [validation]"),
        Case(name: "blank name", script: "book \"   \" at 2099-03-04T10:00 for 30m", exitCode: 1, position: "1:6",
             message: "customer_name: Field is required [validation]"),
        Case(name: "unterminated string", script: "book \"Ann at 2099-03-04T10:00 for 30m", exitCode: 2, position: "1:6",
             message: "unterminated string"),
        Case(name: "bad escape", script: "book \"Ann\\q\" at 2099-03-04T10:00 for 30m", exitCode: 2, position: "1:",
             message: "[syntax]"),
        Case(name: "NUL in a name", script: "book \"Ann\u{0}Lee\" at 2099-03-04T10:00 for 30m", exitCode: 1,
             position: "1:6", message: "customer_name: must not contain control characters"),
        Case(name: "negative duration", script: "book \"Ann\" at 2099-03-04T10:00 for -30m", exitCode: 1, position: "1:",
             message: "Duration must be positive [invalid]"),
        Case(name: "good line then a bad one", script: "book \"Ann\" at 2099-03-04T10:00 for 30m\nbook \"Bob\" at 2099-03-04T11:00 for 30x",
             exitCode: 2, position: "2:", message: "[syntax]"),
    ]

    @Test(arguments: cases)
    func badInputGetsAPositionedErrorAndWritesNothing(_ bad: Case) throws {
        let sandbox = try Sandbox.loggedIn()
        let seeded = try sandbox.run(["-c", "book \"Zoe\" at 2099-03-05T10:00 for 30m"])
        #expect(seeded.exitCode == 0, "\(seeded)")
        let before = try sandbox.snapshot()

        let file = try sandbox.write("bad.sched", bad.script + "\n")
        let result = try sandbox.run(["run", file.path])
        #expect(result.exitCode == bad.exitCode, "\(bad.name): \(result)")
        #expect(result.standardError.contains("\(file.path):\(bad.position)"), "\(bad.name): \(result)")
        #expect(result.standardError.contains(bad.message), "\(bad.name): \(result)")
        #expect(result.standardError.contains(" | "), "\(bad.name): the offending line is shown: \(result)")

        let fromStdin = try sandbox.run(["run", "-"], input: Data((bad.script + "\n").utf8))
        #expect(fromStdin.exitCode == bad.exitCode, "\(bad.name) via stdin: \(fromStdin)")
        #expect(fromStdin.standardError.contains("<stdin>:\(bad.position)"), "\(bad.name) via stdin: \(fromStdin)")

        #expect(try sandbox.snapshot() == before, "\(bad.name): the database changed")
    }

    /// Deterministic pseudo-random bytes (SplitMix64), with NULs, invalid UTF-8 and newlines.
    static func garbage(seed: UInt64, count: Int) -> Data {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z) { bytes.append(contentsOf: $0) }
        }
        bytes = Array(bytes.prefix(count))
        // Make sure the awkward bytes are there whatever the seed gives.
        bytes[0] = 0x00
        bytes[1] = 0xFF
        bytes[2] = 0xC3                                  // a lead byte with no continuation
        bytes[count / 2] = 0x0A
        return Data(bytes)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func binaryGarbageIsRefusedWithoutACrashOrAWrite(seed: UInt64) throws {
        let sandbox = try Sandbox.loggedIn()
        let seeded = try sandbox.run(["-c", "book \"Zoe\" at 2099-03-05T10:00 for 30m"])
        #expect(seeded.exitCode == 0, "\(seeded)")
        let before = try sandbox.snapshot()
        let bytes = Self.garbage(seed: seed, count: 64 * 1024)

        let file = try sandbox.write("garbage.sched", bytes)
        let viaFile = try sandbox.run(["run", file.path])
        #expect(viaFile.exitCode == 2, "seed \(seed), file: \(viaFile)")
        #expect(viaFile.standardError.contains("\(file.path):1:1: error: "), "seed \(seed), file: \(viaFile)")

        let viaStdin = try sandbox.run(["run", "-"], input: bytes)
        #expect(viaStdin.exitCode == 2, "seed \(seed), stdin: \(viaStdin)")
        #expect(viaStdin.standardError.contains("<stdin>:1:1: error: "), "seed \(seed), stdin: \(viaStdin)")

        let viaBareStdin = try sandbox.run([], input: bytes)
        #expect(viaBareStdin.exitCode == 2, "seed \(seed), bare stdin: \(viaBareStdin)")

        let checked = try sandbox.run(["check", file.path])
        #expect(checked.exitCode == 2, "seed \(seed), check: \(checked)")

        let tested = try sandbox.run(["test", file.path])
        #expect(tested.exitCode == 1, "seed \(seed), test: \(tested)")
        #expect(tested.outputLines.last == "0 passed, 1 failed", "seed \(seed), test: \(tested)")

        #expect(try sandbox.snapshot() == before, "seed \(seed): the database changed")
    }

    /// A line made of a prefix, one character repeated, and a suffix; shown in test output by
    /// its name only, never by its (huge) text.
    struct LongLine: Sendable, CustomTestStringConvertible {
        let name: String
        let prefix: String
        let repeated: Character
        let count: Int
        var suffix = ""

        var text: String { prefix + String(repeating: repeated, count: count) + suffix }
        var testDescription: String { name }
    }

    /// A 10 MB line must be refused, with an error that quotes a window of it, not all of it.
    @Test func aTenMegabyteLineGetsASmallErrorAndWritesNothing() throws {
        let line = LongLine(name: "a 10 MB word", prefix: "", repeated: "x", count: 10_000_000)
        let sandbox = try Sandbox.loggedIn()
        let seeded = try sandbox.run(["-c", "book \"Zoe\" at 2099-03-05T10:00 for 30m"])
        #expect(seeded.exitCode == 0, "\(seeded)")
        let before = try sandbox.snapshot()
        let file = try sandbox.write("long.sched", line.text + "\n")
        let result = try sandbox.run(["run", file.path], timeout: 45)
        #expect(result.exitCode == 2, "\(line.name): status \(result.status), signalled \(result.signalled), timed out \(result.timedOut)")
        #expect(result.standardErrorData.count < 10_000, "\(line.name): \(result.standardErrorData.count) bytes of error output")
        #expect(result.standardError.hasPrefix("\(file.path):1:"), "\(line.name): \(result.standardError.prefix(300))")
        #expect(result.standardOutputData.isEmpty)
        #expect(try sandbox.snapshot() == before, "\(line.name): the database changed")
    }

    /// Long tokens of every kind are quoted shortly in messages (100 kB numbers, names, words).
    @Test(arguments: [
        LongLine(name: "a long number", prefix: "print 1", repeated: "9", count: 100_000),
        LongLine(name: "a long variable", prefix: "print $", repeated: "v", count: 100_000),
        LongLine(name: "a long word", prefix: "book ", repeated: "w", count: 100_000),
        LongLine(name: "a long statement keyword", prefix: "", repeated: "k", count: 100_000),
        LongLine(name: "a long name", prefix: "book \"", repeated: "n", count: 100_000, suffix: "\" at 2099-03-04T10:00 for 30m"),
        LongLine(name: "a long zone", prefix: "set timezone \"", repeated: "z", count: 100_000, suffix: "\""),
        LongLine(name: "a long reference", prefix: "show \"", repeated: "r", count: 100_000, suffix: "\""),
        LongLine(name: "a long unterminated string", prefix: "book \"", repeated: "s", count: 100_000),
        LongLine(name: "a long source path", prefix: "source \"", repeated: "p", count: 100_000, suffix: "\""),
    ])
    func longTokensAreQuotedShortlyInErrors(_ line: LongLine) throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", line.text])
        #expect(result.failedCleanly, "\(line.name): status \(result.status), signalled \(result.signalled)")
        #expect(result.standardErrorData.count < 10_000, "\(line.name): \(result.standardErrorData.count) bytes of error output")
        #expect(result.standardError.hasPrefix("-c:1:"), "\(line.name): \(result.standardError.prefix(300))")
    }

    @Test func anEmptyListHasNoFirstItemRatherThanNoFirstField() throws {
        let sandbox = try Sandbox.loggedIn()
        let result = try sandbox.run(["-c", "let e = list on 2099-03-04; print $e.first"])
        #expect(result.exitCode == 1, "\(result)")
        #expect(!result.standardError.contains("has no field 'first'"),
                "an empty list's first item is reported as a missing field: \(result.standardError)")
    }
}
