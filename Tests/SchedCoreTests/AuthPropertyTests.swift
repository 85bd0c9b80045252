import Foundation
import PropertyBased
import SchedSQLite
import SchedTestSupport
import Testing

@testable import SchedCore

/// The seed's property 2 on the auth service: a session is accepted until the instant it expires
/// and refused with `Token has expired` from that instant on.
@Suite struct AuthPropertyTests {
    static let username = "owner"
    static let password = "correct horse battery"

    /// A login instant and a session lifetime, and where the clock is moved to.
    struct Expiry: Sendable, CustomStringConvertible {
        /// Unix milliseconds; the manual clock keeps whole seconds.
        let loginMillis: Int
        /// Whole seconds, from a minute to seven days.
        let lifetime: Int
        /// Milliseconds after the expiry (negative: before it).
        let offsetMillis: Int

        var description: String {
            "login at \(loginMillis)ms, lifetime \(lifetime)s, clock at expiry \(offsetMillis >= 0 ? "+" : "")\(offsetMillis)ms"
        }

        static let edgeLifetimes = [60, 61, 120, 3599, 3600, 86_399, 86_400, 604_799, 604_800]
        static let edgeOffsets = [0, 1, 999, 1000, 1001, 60_000, -1, -999, -1000, -1001, -60_000]

        static let gen = zip(
            Gen.int(in: 1_500_000_000_000...2_100_000_000_000), Gen.int(in: 0...9), pick(edgeLifetimes),
            Gen.int(in: 1...10_080), Gen.int(in: 60...604_800), pick(edgeOffsets), Gen.int(in: -1_000_000...3_000_000)
        ).map { login, choice, edgeLifetime, minutes, seconds, edgeOffset, fraction -> Expiry in
            let lifetime = choice < 3 ? edgeLifetime : (choice < 6 ? minutes * 60 : seconds)
            // Up to the login instant before the expiry, and up to three lifetimes after it.
            let spread = Int((Double(lifetime) * 1000 * Double(fraction) / 1_000_000).rounded())
            let offset = choice % 2 == 0 ? edgeOffset : spread
            return Expiry(loginMillis: login, lifetime: lifetime, offsetMillis: max(offset, -lifetime * 1000))
        }
    }

    // Feature: appointment-scheduling-system, Property 2: Expired Token Rejection
    @Test("Property 2: Expired token rejection")
    func property2ExpiredTokenRejection() async {
        await propertyCheck(count: 150, input: Expiry.gen) { expiry in
            checking {
                let file = TemporaryPath()
                let store = try SQLiteStore(path: file.path, defaultZone: .utc)
                let loginAt = Date(timeIntervalSince1970: Double(expiry.loginMillis) / 1000)
                let clock = ManualClock(loginAt)
                let auth = AuthService(store: store, clock: clock, hashIterations: 1_000,
                                       sessionLifetime: TimeInterval(expiry.lifetime))
                _ = try auth.createUser(name: Self.username, password: Self.password)
                let (token, expiresAt) = try auth.login(name: Self.username, password: Self.password)

                // The expiry is the login second plus the lifetime, as returned and as stored.
                let loginSecond = expiry.loginMillis.floorDivided(by: 1000)
                #expect(expiresAt == Date(timeIntervalSince1970: Double(loginSecond + expiry.lifetime)))
                let stored = try store.read { try $0.session(tokenHash: token.hash) }
                #expect(stored?.expiresAt == expiresAt)
                #expect(stored?.issuedAt == Date(timeIntervalSince1970: Double(loginSecond)))
                #expect(try auth.authenticate(token).username == Self.username, "accepted right after login")

                let instant = expiresAt.addingTimeInterval(Double(expiry.offsetMillis) / 1000)
                clock.set(instant)
                if instant >= expiresAt {
                    #expect(throws: SchedError.tokenExpired, "\(expiry)") { try auth.authenticate(token) }
                    #expect(thrownError { _ = try auth.authenticate(token) }.map { "\($0)" } == "Token has expired")
                    #expect(try auth.currentUser(token) == nil)
                    // Refusing it changes nothing: it stays expired, and a new login works.
                    #expect(try store.read { try $0.session(tokenHash: token.hash) } == stored)
                    #expect(throws: SchedError.tokenExpired) { try auth.authenticate(token) }
                    let (fresh, freshExpiry) = try auth.login(name: Self.username, password: Self.password)
                    #expect(freshExpiry > clock.now)
                    #expect(try auth.authenticate(fresh).username == Self.username)
                    #expect(throws: SchedError.tokenExpired) { try auth.authenticate(token) }
                } else {
                    #expect(try auth.authenticate(token).username == Self.username, "\(expiry) refused")
                    #expect(try auth.currentUser(token)?.username == Self.username)
                    // Still valid on a second store on the same file, as another process sees it.
                    let other = try SQLiteStore(path: file.path, defaultZone: .utc)
                    let otherAuth = AuthService(store: other, clock: clock, hashIterations: 1_000)
                    #expect(try otherAuth.authenticate(token).username == Self.username)
                    // And it lapses for that process at the same instant.
                    clock.set(expiresAt)
                    #expect(throws: SchedError.tokenExpired) { try otherAuth.authenticate(token) }
                    #expect(throws: SchedError.tokenExpired) { try auth.authenticate(token) }
                }
                // A revoked session is refused as unknown, expired or not.
                try auth.logout(token)
                #expect(throws: SchedError.authenticationRequired) { try auth.authenticate(token) }
            }
        }
    }
}
