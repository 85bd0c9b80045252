import Foundation

extension HomeZone {
    /// The zone of this machine: `$TZ`, else the zone `/etc/localtime` points at, else
    /// `/etc/timezone`, else UTC.
    public static func system() -> HomeZone {
        let sources = [environmentZoneName, localtimeLinkZoneName, timezoneFileZoneName]
        for source in sources {
            if let name = source(), let zone = HomeZone(identifier: name) {
                return zone
            }
        }
        return .utc
    }

    private static func environmentZoneName() -> String? {
        guard var name = ProcessInfo.processInfo.environment["TZ"], !name.isEmpty else { return nil }
        if name.hasPrefix(":") {
            name.removeFirst()
        }
        return name
    }

    private static func localtimeLinkZoneName() -> String? {
        guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime"),
              let range = target.range(of: "zoneinfo/")
        else { return nil }
        return String(target[range.upperBound...])
    }

    private static func timezoneFileZoneName() -> String? {
        guard let text = try? String(contentsOfFile: "/etc/timezone", encoding: .utf8) else { return nil }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? nil : name
    }
}
