import Foundation
import SchedCore
import SchedLang
import SchedRuntime
import Scheduling
import SchedSQLite
import SchedTestSupport
import Testing

/// An interpreter on a fresh temporary database, with a pinned clock and captured output.
///
/// The database has its one user, and unless told otherwise the interpreter is logged in as
/// it: every statement that touches appointments, availability or settings needs a session.
final class ScriptFixture {
    /// The user every fixture creates.
    static let username = "owner"
    static let password = "correct horse battery"
    /// A low PBKDF2 cost: the default (600 000 rounds) would make each fixture take a while.
    static let hashIterations = 1_000

    let zone: ZoneCase
    let store: SQLiteStore
    let clock: ManualClock
    let interpreter: Interpreter
    let buffer = OutputBuffer()
    let runner: ScriptRunner
    private let file = TemporaryPath()

    /// The path of the database file.
    var path: String { file.path }

    init(_ zone: ZoneCase, format: OutputFormat = .table, loggedIn: Bool = true,
         sessionLifetime: TimeInterval = AuthService.defaultSessionLifetime) throws {
        self.zone = zone
        store = try SQLiteStore(path: file.path, defaultZone: zone.zone)
        clock = ManualClock(defaultNow)
        interpreter = Interpreter(
            scheduler: Scheduler(store: store, clock: clock, hashIterations: Self.hashIterations, sessionLifetime: sessionLifetime),
            mode: .batch, format: format)
        runner = ScriptRunner(interpreter: interpreter, output: buffer.sink)
        _ = try interpreter.scheduler.run(CreateUser { _ in (Self.username, Self.password) }, session: nil)
        if loggedIn { try logIn() }
    }

    /// Logs the user in and makes the new session the interpreter's.
    @discardableResult
    func logIn() throws -> (token: SessionToken, expiresAt: Date) {
        let login = try interpreter.scheduler.run(LogIn { _ in (Self.username, Self.password) }, session: nil).output.get()
        interpreter.session = login.token
        return (login.token, login.expiresAt)
    }

    /// Runs script text through the script runner.
    @discardableResult
    func run(_ text: String, name: String = "gen.sched") -> ScriptRunner.Status {
        runner.run([ScriptFile(name: name, text: text)])
    }

    /// Parses one statement; records an issue when it does not parse.
    func parse(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Statement? {
        let result = Parser.parse(SourceFile(name: "gen.sched", text: text))
        #expect(result.diagnostics.isEmpty, "\(text) should parse: \(result.diagnostics.map(\.message))",
                sourceLocation: sourceLocation)
        #expect(result.statements.count == 1, sourceLocation: sourceLocation)
        return result.diagnostics.isEmpty ? result.statements.first : nil
    }

    /// What executing the statement threw, as the `SchedError` it carries; nil if it succeeded.
    func failure(of statement: Statement) -> SchedError? {
        do {
            _ = try interpreter.execute(statement)
            return nil
        } catch let failure as RuntimeFailure {
            return failure.error
        } catch let error as SchedError {
            return error
        } catch {
            return SchedError(.internal, "not a SchedError: \(error)")
        }
    }

    func snapshot() throws -> StoreSnapshot { try StoreSnapshot(store) }
}
