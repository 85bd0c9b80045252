import Foundation
import SchedSQLite
import SchedTestSupport
import Testing

@testable import SchedCore

/// A database of its own with an auth service on a manual clock, hashing cheaply unless told
/// otherwise.
private final class AuthFixture {
    static let username = "owner"
    static let password = "correct horse battery"
    static let cheap = 1_000

    let file = TemporaryPath()
    let store: SQLiteStore
    let clock = ManualClock(defaultNow)
    let auth: AuthService

    init(iterations: Int = AuthFixture.cheap) throws {
        store = try SQLiteStore(path: file.path, defaultZone: .utc)
        auth = AuthService(store: store, clock: clock, hashIterations: iterations)
    }

    /// Another store and service on the same file, as a second process would open it.
    func secondProcess() throws -> AuthService {
        AuthService(store: try SQLiteStore(path: file.path, defaultZone: .utc), clock: clock, hashIterations: Self.cheap)
    }

    @discardableResult
    func createUser(_ name: String = username, _ password: String = password) throws -> User {
        try auth.createUser(name: name, password: password)
    }

    func login(_ name: String = username, _ password: String = password) throws -> SessionToken {
        try auth.login(name: name, password: password).token
    }

    func storedHash() throws -> String {
        try #require(try store.read { try $0.user() }).passwordHash
    }

    func failures() throws -> LoginFailures {
        try store.read { try $0.loginFailures() }
    }

    /// The message `login` fails with, or nil when it succeeds.
    func loginFailure(_ name: String = username, _ password: String = password, on service: AuthService? = nil) -> String? {
        do {
            _ = try (service ?? auth).login(name: name, password: password)
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// The parts of `pbkdf2-sha256$ITERATIONS$SALT$HASH`, salt and hash decoded.
private func parts(of encoded: String) throws -> (algorithm: String, iterations: String, salt: Data, hash: Data) {
    let fields = encoded.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
    try #require(fields.count == 4, "\(encoded)")
    let salt = try #require(Data(base64Encoded: fields[2]), "salt of \(encoded)")
    let hash = try #require(Data(base64Encoded: fields[3]), "hash of \(encoded)")
    return (fields[0], fields[1], salt, hash)
}

@Suite struct AuthServiceTests {
    // MARK: - Password hashes

    @Test func defaultHashIsPBKDF2With600000RoundsAndA16ByteSalt() throws {
        let f = try AuthFixture(iterations: PasswordHash.defaultIterations)
        #expect(f.auth.hashIterations == 600_000)
        #expect(AuthService(store: f.store, clock: f.clock).hashIterations == 600_000)
        let user = try f.createUser()
        let stored = try f.storedHash()
        #expect(stored == user.passwordHash)
        #expect(stored.hasPrefix("pbkdf2-sha256$600000$"), "\(stored)")
        let (algorithm, iterations, salt, hash) = try parts(of: stored)
        #expect(algorithm == "pbkdf2-sha256")
        #expect(iterations == "600000")
        #expect(salt.count == 16)
        #expect(hash.count == 32)
        #expect(!stored.contains(AuthFixture.password))
        let parsed = try #require(PasswordHash(encoded: stored))
        #expect(parsed.iterations == 600_000)
        #expect(parsed.encoded == stored)
        #expect(parsed.verifies(AuthFixture.password))
        #expect(!parsed.verifies(AuthFixture.password + "!"))
        _ = try f.login()
    }

    @Test func theSameNewPasswordHashesDifferentlyEachTime() throws {
        let first = try PasswordHash(password: AuthFixture.password, iterations: AuthFixture.cheap)
        let second = try PasswordHash(password: AuthFixture.password, iterations: AuthFixture.cheap)
        #expect(first.encoded != second.encoded)
        #expect(try parts(of: first.encoded).salt != parts(of: second.encoded).salt)
        #expect(try parts(of: first.encoded).hash != parts(of: second.encoded).hash)
        #expect(first.verifies(AuthFixture.password) && second.verifies(AuthFixture.password))

        // Two users, each in a database of their own, with the same password.
        let a = try AuthFixture()
        let b = try AuthFixture()
        try a.createUser()
        try b.createUser()
        let hashA = try a.storedHash()
        let hashB = try b.storedHash()
        #expect(hashA != hashB)
        #expect(try parts(of: hashA).salt != parts(of: hashB).salt)
        #expect(hashA.hasPrefix("pbkdf2-sha256$1000$") && hashB.hasPrefix("pbkdf2-sha256$1000$"))
        _ = try a.login()
        _ = try b.login()

        // Salts of many hashes never repeat.
        let salts = try (0..<50).map { _ in
            try parts(of: PasswordHash(password: "same password", iterations: 1).encoded).salt
        }
        #expect(Set(salts).count == salts.count)
        #expect(salts.allSatisfy { $0.count == 16 })
    }

    @Test func verifiesOnlyTheRightPassword() throws {
        let passwords = [AuthFixture.password, "12345678", "pässwörd-ünïcode", "😀😀😀😀😀😀😀😀", String(repeating: "x", count: 1024)]
        for password in passwords {
            let hash = try PasswordHash(password: password, iterations: AuthFixture.cheap)
            #expect(hash.verifies(password))
            var wrong = ["", " ", password + " ", " " + password, password.uppercased() == password ? password.lowercased() : password.uppercased(),
                         String(password.dropLast()), password + "x", String(password.reversed())]
            if let last = password.last { wrong.append(String(password.dropLast()) + (last == "a" ? "b" : "a")) }
            for candidate in wrong where candidate != password {
                #expect(!hash.verifies(candidate), "\(password.debugDescription) verified \(candidate.debugDescription)")
            }
            // The stored form reads back and verifies the same way.
            let reread = try #require(PasswordHash(encoded: hash.encoded))
            #expect(reread == hash)
            #expect(reread.verifies(password) && !reread.verifies(password + "x"))
        }
        // NFC and NFD spellings are different bytes: a hash verifies the bytes it was made from.
        let composed = try PasswordHash(password: "caf\u{E9}-password", iterations: AuthFixture.cheap)
        #expect(composed.verifies("caf\u{E9}-password"))
        #expect(PasswordHash(encoded: "pbkdf2-sha256$0$AAAA$AAAA") == nil)
        #expect(PasswordHash(encoded: "scrypt$1000$c2FsdA==$" + Data(count: 32).base64EncodedString()) == nil)
        #expect(PasswordHash(encoded: "pbkdf2-sha256$1000$$" + Data(count: 32).base64EncodedString()) == nil)
    }

    // MARK: - Session tokens

    @Test func tokenIsSchedAnd43Base64URLCharacters() throws {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var seen: Set<String> = []
        for _ in 0..<200 {
            let token = SessionToken.generate()
            #expect(token.value.hasPrefix("sched_"), "\(token.value)")
            let body = token.value.dropFirst("sched_".count)
            #expect(body.count == 43, "\(token.value)")
            #expect(body.allSatisfy { alphabet.contains($0) }, "\(token.value)")
            // 43 base64url characters are 258 bits, of which the last 2 are padding and zero.
            let last = try #require(body.last)
            #expect(Set("AEIMQUYcgkosw048").contains(last), "\(token.value)")
            seen.insert(token.value)
            let hash = token.hash
            #expect(hash.count == 64 && hash.allSatisfy { Set("0123456789abcdef").contains($0) }, "\(hash)")
        }
        #expect(seen.count == 200)
        // The SHA-256 of "abc" (FIPS 180-2), so the hash is computed independently of the code.
        #expect(SessionToken(value: "abc").hash == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SessionToken(value: "").hash == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func databaseKeepsOnlyTheSHA256OfTheToken() throws {
        let f = try AuthFixture()
        try f.createUser()
        let (token, expiresAt) = try f.auth.login(name: AuthFixture.username, password: AuthFixture.password)
        let second = try f.login()

        let stored = try #require(try f.store.read { try $0.session(tokenHash: token.hash) })
        #expect(stored.tokenHash == token.hash)
        #expect(stored.tokenHash.count == 64)
        #expect(stored.expiresAt == expiresAt)
        #expect(stored.revokedAt == nil)
        #expect(try f.store.read { try $0.session(tokenHash: token.value) } == nil)
        #expect(token.value != second.value)

        // Close every connection so the WAL is checkpointed, then read the bytes of the files.
        let path = f.file.path
        let tokens = [token, second]
        do {
            let reopened = try SQLiteStore(path: path, defaultZone: .utc)
            _ = try reopened.read { try $0.user() }
        }
        var bytes = Data()
        for suffix in ["", "-wal", "-journal"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { bytes.append(data) }
        }
        #expect(!bytes.isEmpty)
        for token in tokens {
            #expect(bytes.range(of: Data(token.hash.utf8)) != nil, "the hash is not in the file: wrong bytes read?")
            #expect(bytes.range(of: Data(token.value.utf8)) == nil, "the token is in the database file")
            #expect(bytes.range(of: Data(token.value.dropFirst(6).utf8)) == nil, "the token's random part is in the file")
            #expect(bytes.range(of: Data(token.value.dropFirst(6).prefix(16).utf8)) == nil)
        }
        #expect(bytes.range(of: Data(AuthFixture.password.utf8)) == nil, "the password is in the database file")
        // The raw token still authenticates, and its hash does not.
        #expect(try f.auth.authenticate(token).username == AuthFixture.username)
        #expect(throws: SchedError.authenticationRequired) { try f.auth.authenticate(SessionToken(value: token.hash)) }
    }

    @Test func logoutRevokesOnlyThatSession() throws {
        let f = try AuthFixture()
        try f.createUser()
        let first = try f.login()
        let second = try f.login()
        try f.auth.logout(first)
        #expect(throws: SchedError.authenticationRequired) { try f.auth.authenticate(first) }
        #expect(try f.auth.authenticate(second).username == AuthFixture.username)
        #expect(try f.store.read { try $0.session(tokenHash: first.hash) }?.revokedAt == f.clock.now)
        #expect(throws: SchedError.authenticationRequired) { try f.auth.authenticate(nil) }
        #expect(try f.auth.currentUser(nil) == nil)
        #expect(try f.auth.currentUser(first) == nil)
        // Revoked in one process, refused in another.
        #expect(throws: SchedError.authenticationRequired) { try f.secondProcess().authenticate(first) }
        try f.auth.logout(nil)
        try f.auth.logout(SessionToken(value: "sched_unknown"))
    }

    // MARK: - The user

    @Test func secondUserIsRefused() throws {
        let f = try AuthFixture()
        let user = try f.createUser("  owner  ")
        #expect(user.username == "owner")
        #expect(user.createdAt == defaultNow)
        #expect(throws: SchedError.userExists) { try f.createUser() }
        #expect(throws: SchedError.userExists) { try f.createUser("someone else", "another password") }
        #expect(thrownError { try f.createUser("x", "another password") }.map { "\($0)" } == "A user already exists")
        #expect(throws: SchedError.userExists) { try f.secondProcess().createUser(name: "third", password: "12345678") }
        #expect(try f.storedHash() == user.passwordHash)
        _ = try f.login()
    }

    @Test func shortPasswordIsRefused() throws {
        let f = try AuthFixture()
        for short in ["1234567", "a", "ééééééé", "😀😀😀😀😀😀😀", "       "] {
            let message = thrownError { try f.createUser("owner", short) }.map { "\($0)" }
            #expect(message == "password: must be at least 8 characters", "\(short.debugDescription): \(message ?? "accepted")")
        }
        #expect(try f.store.read { try $0.user() } == nil)
        #expect(thrownError { try f.createUser("owner", "") }.map { "\($0)" } == "password: Field is required")
        try f.createUser("owner", "12345678")
        _ = try f.login("owner", "12345678")
    }

    // MARK: - Logging in

    @Test func wrongPasswordAndUnknownUserGetTheSameAnswer() throws {
        let f = try AuthFixture()
        #expect(f.loginFailure() == "Invalid username or password", "no user yet")
        try f.createUser()
        #expect(f.loginFailure(AuthFixture.username, "wrong password") == "Invalid username or password")
        #expect(f.loginFailure("nobody", AuthFixture.password) == "Invalid username or password")
        #expect(f.loginFailure("Owner", AuthFixture.password) == "Invalid username or password")
        // The attempt before there was a user counted too.
        #expect(try f.failures().count == 4)
        #expect(f.loginFailure() == nil)
        #expect(throws: SchedError.invalidCredentials) { _ = try f.login("nobody", "wrong password") }
        #expect(try f.failures().count == 1)
        #expect(f.loginFailure("  owner ", AuthFixture.password) == nil, "the name is trimmed as when it was created")
    }

    @Test func fiveFailuresLockForThirtySeconds() throws {
        let f = try AuthFixture()
        try f.createUser()
        for attempt in 1...5 {
            #expect(f.loginFailure(AuthFixture.username, "wrong \(attempt)") == "Invalid username or password", "attempt \(attempt)")
        }
        #expect(try f.failures() == LoginFailures(count: 5, lockedUntil: defaultNow.addingTimeInterval(30)))
        #expect(f.loginFailure() == "Too many failed logins; try again in 30 seconds")
        #expect(f.loginFailure("nobody", "wrong") == "Too many failed logins; try again in 30 seconds")
        // Refused attempts while locked are not counted.
        #expect(try f.failures().count == 5)
        f.clock.set(defaultNow.addingTimeInterval(1))
        #expect(f.loginFailure() == "Too many failed logins; try again in 29 seconds")
        f.clock.set(defaultNow.addingTimeInterval(29))
        #expect(f.loginFailure() == "Too many failed logins; try again in 1 second")
        f.clock.set(defaultNow.addingTimeInterval(30))
        #expect(f.loginFailure() == nil, "the lock has passed")
        #expect(try f.failures() == LoginFailures())
    }

    @Test func aSixthFailureAfterTheLockLocksForSixtySeconds() throws {
        let f = try AuthFixture()
        try f.createUser()
        for attempt in 1...5 { _ = f.loginFailure(AuthFixture.username, "wrong \(attempt)") }
        f.clock.set(defaultNow.addingTimeInterval(30))
        #expect(f.loginFailure(AuthFixture.username, "wrong 6") == "Invalid username or password")
        #expect(try f.failures() == LoginFailures(count: 6, lockedUntil: defaultNow.addingTimeInterval(90)))
        #expect(f.loginFailure() == "Too many failed logins; try again in 60 seconds")

        // Each further failure doubles the wait, up to an hour.
        var now = defaultNow.addingTimeInterval(90)
        let waits = ["2 minutes", "4 minutes", "8 minutes", "16 minutes", "32 minutes", "60 minutes", "60 minutes"]
        for wait in waits {
            f.clock.set(now)
            #expect(f.loginFailure(AuthFixture.username, "wrong again") == "Invalid username or password")
            #expect(f.loginFailure() == "Too many failed logins; try again in \(wait)")
            now = try #require(try f.failures().lockedUntil)
        }
        f.clock.set(now)
        #expect(f.loginFailure() == nil)
    }

    @Test func successResetsTheCount() throws {
        let f = try AuthFixture()
        try f.createUser()
        for round in 1...3 {
            for attempt in 1...4 {
                #expect(f.loginFailure(AuthFixture.username, "wrong \(round).\(attempt)") == "Invalid username or password")
            }
            #expect(try f.failures().count == 4)
            #expect(f.loginFailure() == nil, "round \(round): four failures do not lock")
            #expect(try f.failures() == LoginFailures())
        }
        // After a reset it again takes five failures to lock, and then 30 seconds, not more.
        for attempt in 1...5 { _ = f.loginFailure(AuthFixture.username, "wrong \(attempt)") }
        #expect(f.loginFailure() == "Too many failed logins; try again in 30 seconds")
        f.clock.set(defaultNow.addingTimeInterval(30))
        #expect(f.loginFailure() == nil)
        #expect(f.loginFailure(AuthFixture.username, "one more") == "Invalid username or password")
        #expect(f.loginFailure() == nil, "one failure after a success does not lock")
    }

    @Test func lockoutHoldsAcrossStoresOnTheSameFile() throws {
        let f = try AuthFixture()
        try f.createUser()
        let other = try f.secondProcess()
        // Failures counted across both "processes".
        for attempt in 1...5 {
            let service = attempt % 2 == 0 ? other : f.auth
            #expect(f.loginFailure(AuthFixture.username, "wrong \(attempt)", on: service) == "Invalid username or password")
        }
        #expect(f.loginFailure(on: other) == "Too many failed logins; try again in 30 seconds")
        #expect(f.loginFailure(on: f.auth) == "Too many failed logins; try again in 30 seconds")

        // A process started later, after the first ones have closed the file, sees the lock too.
        let path = f.file.path
        do {
            let later = AuthService(store: try SQLiteStore(path: path, defaultZone: .utc),
                                    clock: ManualClock(defaultNow.addingTimeInterval(10)), hashIterations: 1_000)
            #expect(f.loginFailure(on: later) == "Too many failed logins; try again in 20 seconds")
        }
        let afterwards = AuthService(store: try SQLiteStore(path: path, defaultZone: .utc),
                                     clock: ManualClock(defaultNow.addingTimeInterval(30)), hashIterations: 1_000)
        #expect(f.loginFailure(on: afterwards) == nil)
        #expect(try f.failures() == LoginFailures())
    }
}
