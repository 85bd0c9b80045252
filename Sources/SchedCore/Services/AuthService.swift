import Foundation

/// The one user, password logins, and the sessions they open (the seed's AuthService).
///
/// Hashing runs outside any transaction, so a slow PBKDF2 never holds the database lock.
public struct AuthService: Sendable {
    let store: any StoreAccess
    let clock: any Clock
    /// PBKDF2 rounds for new password hashes; a stored hash keeps its own.
    public let hashIterations: Int
    /// How long a new session lasts.
    public let sessionLifetime: TimeInterval

    /// Failed logins in a row allowed before attempts are refused for a while.
    public static let allowedFailures = 5
    /// The first wait after too many failures; each further failure doubles it, up to an hour.
    public static let firstLockout: TimeInterval = 30
    public static let longestLockout: TimeInterval = 3600
    public static let defaultSessionLifetime: TimeInterval = 3600

    public init(store: any StoreAccess, clock: any Clock, hashIterations: Int = PasswordHash.defaultIterations,
                sessionLifetime: TimeInterval = defaultSessionLifetime) {
        self.store = store
        self.clock = clock
        self.hashIterations = hashIterations
        self.sessionLifetime = sessionLifetime
    }

    /// Creates the user; `A user already exists` once there is one.
    public func createUser(name: String, password: String) throws -> User {
        let username = try UserRules.username(name)
        try UserRules.password(password)
        if try store.read({ try $0.user() }) != nil { throw SchedError.userExists }
        let hash = try PasswordHash(password: password, iterations: hashIterations)
        let user = User(username: username, passwordHash: hash.encoded, createdAt: clock.now.wholeSeconds)
        try store.write { tx in
            guard try tx.user() == nil else { throw SchedError.userExists }
            try tx.insertUser(user)
        }
        return user
    }

    /// Checks the name and password and opens a session. A wrong name and a wrong password get
    /// the same answer, and after too many failures in a row every attempt waits.
    ///
    /// The attempt is counted as a failure before its password is checked, in the transaction
    /// that checks the lock: logins started at once, in any number of processes, cannot have
    /// more passwords checked than `allowedFailures` before the wait applies.
    public func login(name: String, password: String) throws -> (token: SessionToken, expiresAt: Date) {
        let now = clock.now.wholeSeconds
        let (user, counted) = try countAttempt(at: now)
        let matches: Bool
        if let user, let stored = PasswordHash(encoded: user.passwordHash) {
            matches = stored.verifies(password) && user.username == name.trimmingWhitespace()
        } else {
            // As slow as a real check, so a missing user cannot be told from a wrong password.
            _ = try? PasswordHash(password: password, iterations: hashIterations)
            matches = false
        }
        // A failure was counted already.
        guard matches else { throw SchedError.invalidCredentials }
        let token = SessionToken.generate()
        let expiresAt = now.addingTimeInterval(sessionLifetime)
        try store.write { tx in
            try tx.insertSession(StoredSession(tokenHash: token.hash, issuedAt: now, expiresAt: expiresAt))
            // Attempts counted while this password was checked may still fail: the count stays
            // unless it is as this attempt left it.
            if try tx.loginFailures() == counted {
                try tx.setLoginFailures(LoginFailures())
            }
        }
        return (token, expiresAt)
    }

    /// The user a token belongs to: `Authentication required` without a token or with an
    /// unknown or revoked one, `Token has expired` once it has lapsed.
    public func authenticate(_ token: SessionToken?) throws -> User {
        guard let token else { throw SchedError.authenticationRequired }
        let now = clock.now
        let found = try store.read { tx in try tx.sessionAndUser(tokenHash: token.hash) }
        guard let session = found.session, session.revokedAt == nil, let user = found.user else {
            throw SchedError.authenticationRequired
        }
        guard now < session.expiresAt else { throw SchedError.tokenExpired }
        return user
    }

    /// Revokes the session, if the token names one.
    public func logout(_ token: SessionToken?) throws {
        guard let token else { return }
        let now = clock.now
        try store.write { tx in try tx.revokeSession(tokenHash: token.hash, at: now) }
    }

    /// The user a token is valid for, or nil (for `whoami`, which never fails for want of one).
    public func currentUser(_ token: SessionToken?) throws -> User? {
        do {
            return try authenticate(token)
        } catch let error as SchedError where error.kind == .auth {
            return nil
        }
    }

    /// Refuses the attempt while logins are locked; otherwise counts it as a failure, locking
    /// logins once the count reaches the limit, as a failed check would have. Gives back the
    /// user and the count as this attempt left it.
    private func countAttempt(at now: Date) throws -> (User?, LoginFailures) {
        try store.write { tx in
            var failures = try tx.loginFailures()
            if let lockedUntil = failures.lockedUntil, lockedUntil > now {
                throw SchedError.loginLocked(seconds: Int(lockedUntil.timeIntervalSince(now).rounded(.up)))
            }
            failures.count += 1
            if failures.count >= Self.allowedFailures {
                let doublings = min(failures.count - Self.allowedFailures, 16)
                let wait = min(Self.firstLockout * pow(2, Double(doublings)), Self.longestLockout)
                failures.lockedUntil = now.addingTimeInterval(wait)
            }
            try tx.setLoginFailures(failures)
            return (try tx.user(), failures)
        }
    }
}
