import Foundation
import PostgresNIO
import SchedCore

extension PostgresTransaction {
    func user() throws -> User? {
        if let known = cache?.user { return known }
        let user = try rowsBesideBatch("SELECT username, password_hash, created_at FROM users WHERE id = 1").first.map { row in
            var cells = Cells(row, table: "users")
            return try Self.user(&cells)
        }
        cache?.user = .some(user)
        return user
    }

    func insertUser(_ user: User) throws {
        cache?.clear()
        try execute("""
            INSERT INTO users (id, username, password_hash, created_at)
            VALUES (1, \(user.username), \(user.passwordHash), \(user.createdAt.stored))
            """)
    }

    func session(tokenHash: String) throws -> StoredSession? {
        guard let cache else { return try fetchSession(tokenHash: tokenHash) }
        return try StoreCache.value(&cache.sessions, tokenHash) { try fetchSession(tokenHash: tokenHash) }
    }

    /// One round trip rather than two: the user's row with the session's columns beside it.
    func sessionAndUser(tokenHash: String) throws -> (session: StoredSession?, user: User?) {
        if let cache, let known = cache.user, let session = cache.sessions[tokenHash] {
            return (session, known)
        }
        let found = try rowsBesideBatch("""
            SELECT u.username, u.password_hash, u.created_at, s.issued_at, s.expires_at, s.revoked_at
            FROM users u LEFT JOIN sessions s ON s.token_hash = \(tokenHash) WHERE u.id = 1
            """).first.map { row in
            var cells = Cells(row, table: "sessions")
            let user = try Self.user(&cells)
            let session = try cells.nextUnlessNull(Date.self).map { try Self.session(tokenHash, issuedAt: $0, &cells) }
            return (session, user)
        }
        // Sessions belong to the user: with no user there is no session either.
        let (session, user) = found ?? (nil, nil)
        if let cache {
            cache.user = .some(user)
            _ = StoreCache.value(&cache.sessions, tokenHash) { session }
        }
        return (session, user)
    }

    private func fetchSession(tokenHash: String) throws -> StoredSession? {
        try rowsBesideBatch("SELECT issued_at, expires_at, revoked_at FROM sessions WHERE token_hash = \(tokenHash)").first.map { row in
            var cells = Cells(row, table: "sessions")
            return try Self.session(tokenHash, issuedAt: try cells.next(), &cells)
        }
    }

    /// The user in the next three columns: name, password hash, created.
    private static func user(_ cells: inout Cells) throws -> User {
        User(username: try cells.next(), passwordHash: try cells.next(), createdAt: try cells.next())
    }

    /// The session issued at `issuedAt`, its expiry and revocation in the next two columns.
    private static func session(_ tokenHash: String, issuedAt: Date, _ cells: inout Cells) throws -> StoredSession {
        StoredSession(tokenHash: tokenHash, issuedAt: issuedAt, expiresAt: try cells.next(),
                      revokedAt: try cells.next(Date?.self))
    }

    func insertSession(_ session: StoredSession) throws {
        cache?.clear()
        try execute("""
            INSERT INTO sessions (token_hash, user_id, issued_at, expires_at)
            VALUES (\(session.tokenHash), 1, \(session.issuedAt.stored), \(session.expiresAt.stored))
            """)
    }

    func revokeSession(tokenHash: String, at instant: Date) throws {
        cache?.clear()
        try execute("""
            UPDATE sessions SET revoked_at = \(instant.stored) WHERE token_hash = \(tokenHash) AND revoked_at IS NULL
            """)
    }

    /// A login reads and counts inside one write transaction, which holds the store's write lock:
    /// no other login's check can come between.
    func loginFailures() throws -> LoginFailures {
        guard let row = try rows("SELECT failures, locked_until FROM login_failures WHERE id = 1").first else {
            return LoginFailures()
        }
        var cells = Cells(row, table: "login_failures")
        return LoginFailures(count: try cells.next(), lockedUntil: try cells.next(Date?.self))
    }

    func setLoginFailures(_ failures: LoginFailures) throws {
        try execute("""
            INSERT INTO login_failures (id, failures, locked_until) VALUES (1, \(failures.count), \(failures.lockedUntil?.stored))
            ON CONFLICT (id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until
            """)
    }
}
