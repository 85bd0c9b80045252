import Foundation
import PropertyBased
import SchedCore
import SchedTestSupport

// The generators of the SchedRuntime property tests, what they need of the independent
// time-zone oracle beyond SchedTestSupport, and the source text they are written out as.

// MARK: - Zones

extension ZoneCase {
    /// The days the clocks change, most of them twice, and a day after each spring change.
    static let dstDates: [CivilDate] = [
        "2025-03-09", "2025-03-09", "2025-03-30", "2025-03-30", "2025-10-26", "2025-10-26", "2025-11-02",
        "2025-11-02", "2025-03-31", "2025-11-03",
    ].map(Days.parse)

    /// A wall time that the clocks skip in spring, if the zone has DST.
    var springGap: String? {
        switch self {
        case .berlin: "2025-03-30T02:"
        case .newYork: "2025-03-09T02:"
        default: nil
        }
    }

    /// The start of the local day after `date` (no DST change happens at midnight here).
    func startOfNextDay(_ date: CivilDate) -> Date {
        bookingInstant(Days.adding(date, 1), 0) ?? Date(timeIntervalSince1970: 0)
    }
}

// MARK: - Generators

extension Gens {
    static let futureDate = zip(Gen.int(in: 0...9), pick(ZoneCase.dstDates), Gen.int(in: 1...330))
        .map { choice, dst, offset in choice < 4 ? dst : Days.adding(firstDay, offset) }

    /// Minutes since midnight: edges, the small hours in which the clocks change, or any.
    static let minuteOfDay = zip(
        Gen.int(in: 0...9), pick([0, 1, 60, 119, 120, 150, 179, 180, 540, 1020, 1380, 1439]), Gen.int(in: 60...179),
        Gen.int(in: 0...1439)
    ).map { choice, special, smallHours, any in choice < 4 ? special : (choice < 7 ? smallHours : any) }

    static let duration = zip(Gen.int(in: 0...2), pick([1, 1, 59, 60, 90, 1439, 1440]), Gen.int(in: 1...240))
        .map { choice, special, short in choice == 0 ? special : short }

    static let nameFragments: [String] = [
        "Ann", "O'Brien", "\"Doc\"", "C:\\Users\\ann", "\\\"", "Zoë", "Zoe\u{308}", "José", "李小龍", "山田太郎",
        "김민준", "Ελένη", "😀", "👩‍👩‍👧", "🇩🇪", "👍🏽", "a\u{301}\u{302}", "\u{301}", "#1", ";", "' OR 1=1 --",
        "\u{2028}", "{}", "&<>",
    ]

    static let boundaryNames: [String] = [
        "A", "é", "中", "😀", "'", "\"", "\\", "\u{301}", "#", ";",
        String(repeating: "a", count: 200), String(repeating: "中", count: 200),
        String(repeating: "e\u{301}", count: 100), String(repeating: "😀", count: 200),
        "\"" + String(repeating: "x", count: 198) + "\\",
    ]

    static let customerName = zip(
        Gen.int(in: 0...9), pick(boundaryNames), pick(nameFragments).array(of: 1...5), Gen.letterOrNumber.string(of: 1...200)
    ).map { choice, boundary, fragments, plain -> String in
        switch choice {
        case 0, 1: return boundary
        case 2...6: return clipName(fragments.joined(separator: " "))
        default: return plain
        }
    }

    static let note = pick([nil, "first visit", "two\nlines\tand a tab", "quote \" backslash \\ 😀",
                            String(repeating: "中", count: 2000)] as [String?])
    static let email = pick([nil, "ann@example.com", "o'brien@example.co.uk", "李@例子.中国"] as [String?])
}

// MARK: - Source text

enum Source {
    /// A string literal of the language: `"..."` with `\"` and `\\` escaped, and newline and
    /// tab written as `\n` and `\t`; every other character is written as it is.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `2025-03-04T10:00`.
    static func dateTime(_ date: CivilDate, minute: Int) -> String {
        "\(date)T" + String(format: "%02d:%02d", minute / 60, minute % 60)
    }
}
