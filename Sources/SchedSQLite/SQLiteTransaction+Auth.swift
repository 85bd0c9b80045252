import Foundation
import GRDB
import SchedCore

extension SQLiteTransaction {
    func user() throws -> User? {
        if let known = cache?.user { return known }
        let user = try fetchUser()
        cache?.user = .some(user)
        return user
    }

    private func fetchUser() throws -> User? {
        guard let row = try Row.fetchOne(statement("SELECT username, password_hash, created_at FROM users WHERE id = 1"))
        else { return nil }
        return User(username: row["username"], passwordHash: row["password_hash"],
                    createdAt: Date(unixSeconds: row["created_at"]))
    }

    func insertUser(_ user: User) throws {
        cache?.clear()
        try execute(
            sql: "INSERT INTO users (id, username, password_hash, created_at) VALUES (1, ?, ?, ?)",
            arguments: [user.username, user.passwordHash, user.createdAt.unixSeconds])
    }

    func session(tokenHash: String) throws -> StoredSession? {
        guard let cache else { return try fetchSession(tokenHash: tokenHash) }
        return try StoreCache.value(&cache.sessions, tokenHash) { try fetchSession(tokenHash: tokenHash) }
    }

    private func fetchSession(tokenHash: String) throws -> StoredSession? {
        guard let row = try Row.fetchOne(
            statement("SELECT issued_at, expires_at, revoked_at FROM sessions WHERE token_hash = ?"),
            arguments: [tokenHash])
        else { return nil }
        let revoked: Int? = row["revoked_at"]
        return StoredSession(tokenHash: tokenHash, issuedAt: Date(unixSeconds: row["issued_at"]),
                             expiresAt: Date(unixSeconds: row["expires_at"]),
                             revokedAt: revoked.map { Date(unixSeconds: $0) })
    }

    func insertSession(_ session: StoredSession) throws {
        cache?.clear()
        try execute(
            sql: "INSERT INTO sessions (token_hash, user_id, issued_at, expires_at) VALUES (?, 1, ?, ?)",
            arguments: [session.tokenHash, session.issuedAt.unixSeconds, session.expiresAt.unixSeconds])
    }

    func revokeSession(tokenHash: String, at instant: Date) throws {
        cache?.clear()
        try execute(
            sql: "UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            arguments: [instant.unixSeconds, tokenHash])
    }

    func loginFailures() throws -> LoginFailures {
        guard let row = try Row.fetchOne(statement("SELECT failures, locked_until FROM login_failures WHERE id = 1"))
        else { return LoginFailures() }
        let locked: Int? = row["locked_until"]
        return LoginFailures(count: row["failures"], lockedUntil: locked.map { Date(unixSeconds: $0) })
    }

    func setLoginFailures(_ failures: LoginFailures) throws {
        try execute(
            sql: """
                INSERT INTO login_failures (id, failures, locked_until) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until
                """,
            arguments: [failures.count, failures.lockedUntil?.unixSeconds])
    }
}
