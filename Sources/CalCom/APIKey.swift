import Foundation

/// How a Cal.com API key is shown to people: never in full.
public enum APIKey {
    /// The key with everything but its kind and last four characters hidden: `cal_live_…9f2c`.
    /// A key without the `cal_` shape keeps only its last four characters, and only when it is
    /// long enough (12 or more) for those four to give nothing away: `…9f2c`, else `…`.
    public static func masked(_ key: String) -> String {
        guard key.count >= 12 else { return "…" }
        let last4 = String(key.suffix(4))
        if let prefix = knownPrefixes.first(where: key.hasPrefix), key.count >= prefix.count + 8 {
            return prefix + "…" + last4
        }
        return "…" + last4
    }

    /// Prefixes Cal.com gives its keys, the longest first.
    private static let knownPrefixes = ["cal_live_", "cal_"]

    /// `text` with every occurrence of `key` replaced by its masked form, so a message that
    /// quotes a request can be shown safely.
    static func redacting(_ key: String, in text: String) -> String {
        guard key.count >= 4 else { return text }
        return text.replacingOccurrences(of: key, with: masked(key))
    }
}
