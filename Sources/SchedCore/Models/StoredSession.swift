import Foundation

/// A login session as stored: the hash of its token, when it was issued, when it lapses, and
/// whether `logout` revoked it.
public struct StoredSession: Sendable, Equatable {
    public var tokenHash: String
    public var issuedAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?

    public init(tokenHash: String, issuedAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.tokenHash = tokenHash
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
