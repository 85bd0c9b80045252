import Crypto
import CryptoExtras
import Foundation

/// A salted PBKDF2-HMAC-SHA256 password hash, stored with its parameters so they can be raised
/// later: `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in base64).
public struct PasswordHash: Sendable, Equatable {
    public static let algorithm = "pbkdf2-sha256"
    /// The default cost, as OWASP recommends for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    static let saltBytes = 16
    static let hashBytes = 32

    public let iterations: Int
    let salt: [UInt8]
    let hash: [UInt8]

    /// Hashes a password with a fresh random salt.
    public init(password: String, iterations: Int = defaultIterations) throws {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<Self.saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        self.iterations = iterations
        self.salt = salt
        self.hash = try Self.derive(password, salt: salt, iterations: iterations)
    }

    /// Reads the stored form; nil when it is not one.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.algorithm,
              let iterations = Int(parts[1]), iterations >= 1,
              let salt = Data(base64Encoded: String(parts[2])), !salt.isEmpty,
              let hash = Data(base64Encoded: String(parts[3])), hash.count == Self.hashBytes
        else { return nil }
        self.iterations = iterations
        self.salt = [UInt8](salt)
        self.hash = [UInt8](hash)
    }

    /// The stored form.
    public var encoded: String {
        [Self.algorithm, String(iterations), Data(salt).base64EncodedString(), Data(hash).base64EncodedString()]
            .joined(separator: "$")
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func verifies(_ password: String) -> Bool {
        guard let candidate = try? Self.derive(password, salt: salt, iterations: iterations) else { return false }
        return Self.constantTimeEqual(candidate, hash)
    }

    static func derive(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256,
            outputByteCount: hashBytes, unsafeUncheckedRounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Compares every byte whatever the first difference, so timing tells nothing.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}
