import Foundation

extension HomeZone {
    /// The IANA name someone most likely meant by a name the system does not know: the same name
    /// in other letter case (`europe/berlin`), or the zone of a city (`Berlin`, `new york`,
    /// `sao paulo`). Nil when nothing matches outright; a guess would be worse than no hint.
    public static func suggestion(for name: String) -> String? {
        // Letter case, accents and the punctuation between words (IANA's `_` and `/`) aside.
        guard !SearchText.words(name).isEmpty else { return nil }
        let wanted = SearchText.folded(name)
        let identifiers = Set(TimeZone.knownTimeZoneIdentifiers + tabulatedZones()).sorted()
        if let same = identifiers.first(where: { SearchText.folded($0) == wanted }) { return same }
        // Several names can share a city (America/Indianapolis, America/Indiana/Indianapolis);
        // the shortest is the one people know.
        return identifiers
            .filter { SearchText.folded(String(city(of: $0))) == wanted }
            .min { ($0.count, $0) < ($1.count, $1) }
    }

    /// Foundation's list keeps some older names only (Asia/Calcutta, not Asia/Kolkata); the
    /// system's tzdata table, when there is one, has the current ones.
    private static func tabulatedZones() -> [String] {
        guard let table = try? String(contentsOfFile: "/usr/share/zoneinfo/zone1970.tab", encoding: .utf8) else { return [] }
        return table.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: "\t")
            guard !line.hasPrefix("#"), columns.count >= 3 else { return nil }
            let name = String(columns[2])
            return TimeZone(identifier: name) == nil ? nil : name
        }
    }

    private static func city(of identifier: String) -> Substring {
        identifier.split(separator: "/").last ?? Substring(identifier)
    }
}
