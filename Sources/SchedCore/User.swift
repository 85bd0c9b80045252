import Foundation

/// The one user of a database.
public struct User: Sendable, Equatable {
    public var username: String
    public var passwordHash: String
    public var createdAt: Date

    public init(username: String, passwordHash: String, createdAt: Date) {
        self.username = username
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

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

/// Failed logins in a row, and until when further attempts are refused.
public struct LoginFailures: Sendable, Equatable {
    public var count: Int
    public var lockedUntil: Date?

    public init(count: Int = 0, lockedUntil: Date? = nil) {
        self.count = count
        self.lockedUntil = lockedUntil
    }
}
