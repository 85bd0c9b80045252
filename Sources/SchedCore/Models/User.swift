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
