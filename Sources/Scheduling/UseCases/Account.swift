import Foundation
import SchedCore

/// Creates the one user (`create user`); hashes the password outside any transaction.
public struct CreateUser: UseCase {
    public static let policy = UseCasePolicy.account(.opensItsOwn)
    let credentials: Resolving<(name: String, password: String)>

    public init(_ credentials: @escaping Resolving<(name: String, password: String)>) {
        self.credentials = credentials
    }

    public func run(_ context: UseCaseContext) throws -> User {
        let (name, password) = try credentials(context.moment)
        return try context.auth.createUser(name: name, password: password)
    }
}

/// Checks a name and password and opens a session (`login`, `POST /api/auth/login`).
///
/// A wrong name or password comes back as a failure rather than thrown: the attempt was
/// counted in the same transaction, and inside an `--atomic` run a thrown error would undo
/// that count with the rest of the statement, letting a script guess without ever being locked
/// out. `get()` on the result throws it.
public struct LogIn: UseCase {
    public static let policy = UseCasePolicy.account(.opensItsOwn)
    public struct Session: Sendable {
        /// The user name as stored (the given one, trimmed).
        public let username: String
        public let token: SessionToken
        public let expiresAt: Date
    }

    let credentials: Resolving<(name: String, password: String)>

    public init(_ credentials: @escaping Resolving<(name: String, password: String)>) {
        self.credentials = credentials
    }

    public func run(_ context: UseCaseContext) throws -> Result<Session, SchedError> {
        let (name, password) = try credentials(context.moment)
        do {
            let (token, expiresAt) = try context.auth.login(name: name, password: password)
            return .success(Session(username: name.trimmingCharacters(in: .whitespacesAndNewlines), token: token,
                                    expiresAt: expiresAt))
        } catch let refusal as SchedError where refusal == .invalidCredentials {
            return .failure(refusal)
        }
    }
}

/// Revokes the caller's session, if it names one (`logout`, `POST /api/auth/logout`).
public struct LogOut: UseCase {
    public static let policy = UseCasePolicy.account(.writes)

    public init() {}

    public func run(_ context: UseCaseContext) throws {
        try context.auth.logout(context.session)
    }
}

/// The user the caller's session is valid for, or nil (`whoami`, `GET /api/auth/me`).
public struct WhoAmI: UseCase {
    public static let policy = UseCasePolicy.account(.reads)

    public init() {}

    public func run(_ context: UseCaseContext) throws -> User? {
        try context.auth.currentUser(context.session)
    }
}

/// The database's one user, if it has one, session or not: whom `sched login` logs in, and
/// whether a hint should say to create one.
public struct DatabaseUser: UseCase {
    public static let policy = UseCasePolicy.account(.reads)

    public init() {}

    public func run(_ context: UseCaseContext) throws -> User? {
        try context.access.read { try $0.user() }
    }
}
