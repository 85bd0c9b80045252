import Foundation

/// The time zone a calendar file's TZID means. Files name zones three ways: by their IANA
/// name (`Europe/Berlin`), by an IANA name behind a vendor's prefix
/// (`/mozilla.org/20070129_1/Europe/Berlin`), or by a Windows name (`W. Europe Standard Time`).
enum ZoneNames {
    /// The IANA identifier for `tzid`, or nil when it names no zone this system knows.
    static func identifier(forTZID tzid: String) -> String? {
        let name = tzid.trimmingCharacters(in: .whitespaces)
        if TimeZone(identifier: name) != nil { return name }
        if let windows = windowsNames[name] { return windows }
        // A prefixed IANA name: try the last three path components, then the last two.
        let parts = name.split(separator: "/")
        for count in [3, 2] where parts.count > count {
            let candidate = parts.suffix(count).joined(separator: "/")
            if TimeZone(identifier: candidate) != nil { return candidate }
        }
        return nil
    }

    /// Windows zone names as Outlook and Exchange write them, with the IANA zone the Unicode
    /// CLDR maps each to for the world at large.
    static let windowsNames: [String: String] = [
        "UTC": "Etc/UTC",
        "GMT Standard Time": "Europe/London",
        "Greenwich Standard Time": "Atlantic/Reykjavik",
        "W. Europe Standard Time": "Europe/Berlin",
        "Central Europe Standard Time": "Europe/Budapest",
        "Central European Standard Time": "Europe/Warsaw",
        "Romance Standard Time": "Europe/Paris",
        "E. Europe Standard Time": "Europe/Chisinau",
        "FLE Standard Time": "Europe/Kiev",
        "GTB Standard Time": "Europe/Bucharest",
        "Turkey Standard Time": "Europe/Istanbul",
        "Russian Standard Time": "Europe/Moscow",
        "Israel Standard Time": "Asia/Jerusalem",
        "South Africa Standard Time": "Africa/Johannesburg",
        "Arabian Standard Time": "Asia/Dubai",
        "India Standard Time": "Asia/Calcutta",
        "China Standard Time": "Asia/Shanghai",
        "Singapore Standard Time": "Asia/Singapore",
        "Tokyo Standard Time": "Asia/Tokyo",
        "Korea Standard Time": "Asia/Seoul",
        "AUS Eastern Standard Time": "Australia/Sydney",
        "E. Australia Standard Time": "Australia/Brisbane",
        "New Zealand Standard Time": "Pacific/Auckland",
        "Eastern Standard Time": "America/New_York",
        "Central Standard Time": "America/Chicago",
        "Mountain Standard Time": "America/Denver",
        "US Mountain Standard Time": "America/Phoenix",
        "Pacific Standard Time": "America/Los_Angeles",
        "Alaskan Standard Time": "America/Anchorage",
        "Hawaiian Standard Time": "Pacific/Honolulu",
        "Atlantic Standard Time": "America/Halifax",
        "Canada Central Standard Time": "America/Regina",
        "E. South America Standard Time": "America/Sao_Paulo",
    ]
}
