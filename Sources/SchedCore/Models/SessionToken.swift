import Crypto
import Foundation

/// A session token: 256 random bits, shown once to the client; the database keeps only its
/// SHA-256 hash.
public struct SessionToken: Sendable, Equatable {
    /// The token as the client keeps it: `sched_` and 43 base64url characters.
    public let value: String
    /// The hex SHA-256 of the token, which is all the database stores.
    public let hash: String

    public init(value: String) {
        self.value = value
        hash = SHA256.hash(data: Data(value.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// A new random token.
    public static func generate() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return SessionToken(value: "sched_" + text)
    }
}
