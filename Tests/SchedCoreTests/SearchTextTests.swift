import Foundation
import PropertyBased
import SchedCore
import Testing

@Suite struct SearchTextTests {
    @Test func wordsAreFoldedRunsOfLettersAndDigits() {
        #expect(SearchText.words("Zoë  Müller") == ["zoe", "muller"])
        #expect(SearchText.words("ann@example.com") == ["ann", "example", "com"])
        #expect(SearchText.words("O'Brien, Jr. 2nd") == ["o", "brien", "jr", "2nd"])
        #expect(SearchText.words("Ελένη") == ["ελενη"])
        #expect(SearchText.words("😀 --").isEmpty)
        #expect(SearchText.folded("😀") == "😀")
        #expect(SearchText.folded("  Ann   LEE ") == "ann lee")
    }

    /// The hand-folded ASCII path gives what Foundation's folding gives.
    @Test func asciiIsFoldedAsFoundationFoldsIt() async {
        let ascii = Gen.int(in: 0...127).map { Character(Unicode.Scalar(UInt8($0))) }.array(of: 0...40).map { String($0) }
        await propertyCheck(count: 500, input: ascii) { text in
            let expected = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            #expect(SearchText.words(text) == expected, "\(text.debugDescription)")
        }
    }
}
