import Foundation
import Testing
@testable import SchedCore

/// The small pieces the per-statement fast path rests on: appointment ids from `getrandom`,
/// name trimming without NSString, the session token's hash, and the zone look-up cache.
@Suite struct IdentifierAndTextTests {
    @Test func randomIdsAreVersionSevenWithTheRFCVariantAndDoNotRepeat() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let ids = (0..<2_000).map { _ in UUID.random() }
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 7, "version nibble of \(id)")
            let millis = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect((before...after).contains(millis), "time of \(id)")
            #expect(bytes[8] >> 6 == 0b10, "variant bits of \(id)")
            #expect(UUID(uuidString: id.uuidString) == id)
        }
        // Every random bit varies: no byte after the time is the same across all of them.
        for index in 6..<16 {
            #expect(Set(ids.map { withUnsafeBytes(of: $0.uuid) { $0[index] } }).count > 1, "byte \(index) never varies")
        }
    }

    @Test(arguments: [
        "Ann", "  Ann  ", "\tAnn Lee\n", "\u{00A0}Ann\u{2003}", "\u{2028}Ann\u{3000}", "\u{85}Ann\r\n",
        "", "   ", "\u{200B}Ann", " \u{0301}Ann ", "Zoë ", "\u{1680}Ann\u{202F}", "A\u{2029}",
    ])
    func trimmingMatchesFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func everyScalarIsTrimmedAsFoundationTrimsIt() {
        let set = CharacterSet.whitespacesAndNewlines
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = String(scalar) + "x"
            #expect((text.trimmingWhitespace() == "x") == set.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test func theTokenHashIsTheHexSHA256OfTheToken() {
        // SHA-256 of "abc", from FIPS 180-2.
        #expect(SessionToken(value: "abc").hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func zonesLookedUpTwiceAreTheSame() {
        let first = HomeZone(identifier: "Europe/Berlin")
        #expect(first != nil && first == HomeZone(identifier: "Europe/Berlin"))
        #expect(HomeZone(identifier: "Europe/Nowhere") == nil)
        #expect(HomeZone(identifier: "Europe/Nowhere") == nil)
    }
}
