import SchedCore
import Testing

@Suite struct ZoneSuggestionTests {
    @Test(arguments: [
        ("Berlin", "Europe/Berlin"),
        ("berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("new york", "America/New_York"),
        ("New_York", "America/New_York"),
        ("SAO PAULO", "America/Sao_Paulo"),
        ("Zürich", "Europe/Zurich"),
        ("Indianapolis", "America/Indiana/Indianapolis"),
    ])
    func aCityOrAMiscasedNameSuggestsItsZone(name: String, zone: String) throws {
        #expect(HomeZone.suggestion(for: name) == zone)
        #expect(HomeZone(identifier: zone) != nil)
    }

    @Test(arguments: ["Mars/Base", "", "   ", "Atlantis"])
    func aNameThatIsNoPlaceSuggestsNothing(name: String) {
        #expect(HomeZone.suggestion(for: name) == nil)
    }
}
