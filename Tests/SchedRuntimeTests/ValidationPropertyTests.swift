import Foundation
import PropertyBased
import SchedCore
import SchedLang
import SchedRuntime
import SchedTestSupport
import Testing

/// The seed's property 15: invalid input is refused before anything is written.
@Suite struct ValidationPropertyTests {
    // Feature: appointment-scheduling-system, Property 15: Input Validation Rejects Invalid Data
    @Test("Property 15: Input validation rejects invalid data")
    func property15InputValidationRejectsInvalidData() async {
        let invalid = zip(Gen.int(in: 0...11), Gen.int(in: 0...40), Gens.customerName, Gen.int(in: 1...200))
            .map(InvalidInput.init)
        await propertyCheck(
            count: 120, input: Gens.zone, invalid, Gen.int(in: 0...4), Gen.int(in: 0...2), Gens.minuteOfDay
        ) { zone, invalid, timeChoice, form, minute in
            checking {
                let session = try ScriptFixture(zone)
                let baseDate = Days.parse("2025-06-03")
                let setup = [
                    "available daily 00:00-24:00",
                    "unavailable 2025-06-05",
                    "book \"Base\" at 2025-06-03T10:00 for 30m",
                ]
                #expect(session.run(setup.joined(separator: "\n"), name: "setup.sched") == .success,
                        "\(session.buffer.standardError)")
                let time = Self.time(timeChoice, zone: zone, base: baseDate, minute: minute)
                let text = invalid.statement(form: form, at: time)
                let before = try session.snapshot()

                guard let statement = session.parse(text) else { return }
                let error = session.failure(of: statement)

                #expect(error?.kind == invalid.expectedKind, "\(text) failed with \(String(describing: error))")
                #expect(error?.message.hasPrefix(invalid.expectedMessagePrefix) == true,
                        "\(text): \(error?.message ?? "succeeded")")
                #expect(try session.snapshot() == before, "\(text) wrote something")

                let status = session.run(text, name: "invalid.sched")
                #expect(status == .failed)
                #expect(session.buffer.standardError.contains("[\(invalid.expectedKind.rawValue)]"),
                        "\(session.buffer.standardError)")
                #expect(try session.snapshot() == before, "\(text) wrote something when run as a script")
            }
        }
    }

    /// When the statement's time is written for: free, taken, past, closed or in a DST gap.
    /// Validation comes first, so none of these may change the error.
    static func time(_ choice: Int, zone: ZoneCase, base: CivilDate, minute: Int) -> String {
        switch choice {
        case 1: return "2025-06-03T10:15"
        case 2: return "2024-12-30T10:00"
        case 3: return Source.dateTime(Days.adding(base, 2), minute: minute)
        case 4: if let gap = zone.springGap { return gap + String(format: "%02d", minute % 60) }
        default: break
        }
        return Source.dateTime(Days.adding(base, 1), minute: min(minute, 1380))
    }
}

/// One way of getting a field wrong, and the error it must give.
struct InvalidInput: Sendable, CustomStringConvertible {
    enum Kind: Int, Sendable {
        case missingName, missingStart, emptyName, longName, controlInName, badEmail,
             nonPositiveDuration, longDuration, longNote, controlInNote, updateWithBadName, rescheduleWithBadDuration
    }

    let kind: Kind
    let variant: Int
    let name: String
    let extra: Int

    init(kind: Int, variant: Int, name: String, extra: Int) {
        self.kind = Kind(rawValue: kind) ?? .missingName
        self.variant = variant
        self.name = name
        self.extra = extra
    }

    var description: String { "\(kind) #\(variant) (+\(extra))" }

    static let emptyNames = ["", " ", "   ", "\t", "\n", " \t\n ", "\u{2028}", "\u{3000}"]
    static let controls: [Character] = ["\u{0}", "\u{7}", "\u{8}", "\u{1B}", "\u{1F}", "\u{7F}", "\u{85}", "\t", "\n", "\r"]
    static let badEmails = [
        "ann", "ann@", "@example.com", "ann@example", "ann @example.com", "ann@exa mple.com", "ann@@example.com",
        "ann@example..com", "ann@.com", "ann@example.", "a@b@c.d", "ann\u{7}@example.com",
        String(repeating: "a", count: 250) + "@example.com",
    ]
    static let nonPositive = ["0m", "-1m", "-30m", "-1h", "0h", "0h0m", "-24h"]
    static let tooLong = ["1441m", "24h1m", "25h", "48h", "999999m", "100h"]

    /// A name that breaks the rule this input is about, or the valid generated name.
    var writtenName: String {
        switch kind {
        case .emptyName: return Self.emptyNames[variant % Self.emptyNames.count]
        case .longName,
             .updateWithBadName where variant % 2 == 0:
            let filler = Array(Gens.nameFragments[variant % Gens.nameFragments.count].unicodeScalars).filter {
                !$0.properties.isWhitespace
            }
            // One scalar over the limit a third of the time, up to 200 over otherwise.
            let length = variant % 3 == 0 ? 201 : 201 + extra
            var scalars = String.UnicodeScalarView()
            while scalars.count < length - 2 {
                scalars.append(filler.isEmpty ? "x" : filler[scalars.count % filler.count])
            }
            return "x" + String(scalars) + "x"
        case .controlInName, .updateWithBadName:
            // Short enough that the length rule cannot fire first; letters at both ends so
            // that trimming cannot remove the control character.
            let short = Array(name.unicodeScalars.prefix(100))
            let cut = min(extra % 4, short.count)
            let control = Self.controls[variant % Self.controls.count].unicodeScalars
            var scalars = String.UnicodeScalarView(["A"] + short[..<cut])
            scalars.append(contentsOf: control)
            scalars.append(contentsOf: short[cut...] + ["Z"])
            return String(scalars)
        default: return name
        }
    }

    /// The statement as source text.
    func statement(form: Int, at time: String) -> String {
        let quotedName = Source.quoted(writtenName)
        switch kind {
        case .missingName: return "book at \(time) for 30m"
        case .missingStart: return "book \(quotedName) for 30m"
        case .emptyName, .longName, .controlInName: return "book \(quotedName) at \(time) for 30m"
        case .badEmail:
            let email = Source.quoted(Self.badEmails[variant % Self.badEmails.count])
            return form == 0 ? "update 1 email \(email)" : "book \(quotedName) at \(time) for 30m email \(email)"
        case .nonPositiveDuration, .longDuration:
            let list = kind == .nonPositiveDuration ? Self.nonPositive : Self.tooLong
            let duration = list[variant % list.count]
            switch form {
            case 0: return "reschedule 1 to \(time) for \(duration)"
            case 1: return "update 1 at \(time) for \(duration)"
            default: return "book \(quotedName) at \(time) for \(duration)"
            }
        case .longNote, .controlInNote:
            let note = kind == .longNote
                ? String(repeating: variant % 2 == 0 ? "n" : "中", count: 2001 + extra)
                : "before" + String(Self.controls[variant % 7]) + "after"
            return form == 0 ? "update 1 note \(Source.quoted(note))" : "book \(quotedName) at \(time) for 30m note \(Source.quoted(note))"
        case .updateWithBadName: return "update 1 name \(quotedName) at \(time)"
        case .rescheduleWithBadDuration:
            return "reschedule 1 to \(time) for \(Self.tooLong[variant % Self.tooLong.count])"
        }
    }

    var expectedKind: ErrorKind {
        kind == .nonPositiveDuration ? .invalid : .validation
    }

    var expectedMessagePrefix: String {
        switch kind {
        case .missingName, .emptyName: return "customer_name: Field is required"
        case .missingStart: return "start_time: Field is required"
        case .longName: return "customer_name: must be between 1 and 200"
        case .controlInName: return "customer_name: must not contain control characters"
        case .updateWithBadName:
            return variant % 2 == 0 ? "customer_name: must be between 1 and 200" : "customer_name: must not contain control characters"
        case .badEmail: return "email: "
        case .nonPositiveDuration: return "Duration must be positive"
        case .longDuration, .rescheduleWithBadDuration: return "duration_minutes: must be between 1 and 1440"
        case .longNote: return "note: must be between 0 and 2000"
        case .controlInNote: return "note: must not contain control characters"
        }
    }
}
