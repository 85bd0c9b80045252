import Foundation
import SchedCore
import SchedLang
import Scheduling

/// Runs parsed scripts through an interpreter: prints results, reports failures with their
/// position, pairs failures with `expect error`, follows `source`, and keeps `--atomic` whole.
public final class ScriptRunner {
    public let interpreter: Interpreter
    public let output: OutputSink
    public var options: Options
    public var renderer: DiagnosticRenderer
    /// Paint results (dates, times, table headers, help keywords) with terminal colour codes;
    /// set only when standard output is a terminal and `NO_COLOR` is unset.
    public var colour: Bool = false
    /// The columns calendar grids may use: the terminal's width, or 80.
    public var width: Int = 80
    /// The next step to suggest after an authentication error; nil in test scenarios.
    public var logInHint: Hint.LogIn?
    /// What the previous statement did, for an `expect error` that follows it.
    private var previous: Outcome?
    private var depth = 0

    public struct Options: Sendable {
        /// Go on after a failing statement (batch mode stops at the first).
        public var keepGoing: Bool
        /// Run the whole input in one transaction.
        public var atomic: Bool

        public init(keepGoing: Bool = false, atomic: Bool = false) {
            self.keepGoing = keepGoing
            self.atomic = atomic
        }
    }

    /// The result of a run, which decides the exit code.
    public enum Status: Sendable, Equatable {
        case success
        case failed
        case syntaxError

        public var exitCode: Int32 {
            switch self {
            case .success: 0
            case .failed: 1
            case .syntaxError: 2
            }
        }
    }

    private enum Outcome {
        case succeeded
        case failed(SchedError)
    }

    /// The deepest chain of `source` statements allowed.
    public static let sourceDepthLimit = 32

    public init(interpreter: Interpreter, output: OutputSink, options: Options = Options(),
                renderer: DiagnosticRenderer = DiagnosticRenderer()) {
        self.interpreter = interpreter
        self.output = output
        self.options = options
        self.renderer = renderer
        var warnings = ErrorWriter(renderer: renderer, output: output)
        warnings.renderer.json = interpreter.format == .json
        interpreter.warn = { [warnings] message in warnings.warning(message) }
    }

    /// What errors are written with now: JSON while results are JSON (`--json`, `set output json`).
    public var errors: ErrorWriter {
        var current = ErrorWriter(renderer: renderer, output: output)
        current.renderer.json = interpreter.format == .json
        return current
    }

    /// Checks every file, then runs them in order; nothing runs if any has a syntax error.
    ///
    /// Both passes read statement by statement, so a long script is never held whole as
    /// statements: the check keeps only its errors, and the run parses each statement again
    /// just before it runs.
    public func run(_ files: [ScriptFile]) -> Status {
        let showFileName = interpreter.mode != .interactive
        guard Self.check(files, errors: ErrorWriter(renderer: renderer, output: output), showFileName: showFileName) else {
            return .syntaxError
        }
        return runChecked(files)
    }

    /// Reports every syntax error of the files, keeping no statements; true when there is none.
    /// `hint` may add the next step to an error.
    public static func check(_ files: [ScriptFile], errors: ErrorWriter,
                             showFileName: Bool = true, hint: (@Sendable (Diagnostic) -> String?)? = nil) -> Bool {
        // Every file is scanned, so every error is reported, before the answer is given.
        files.map { statementCount($0, errors: errors, showFileName: showFileName, hint: hint) }
            .allSatisfy { $0 != nil }
    }

    /// Scans one file statement by statement, keeping none, and reports its syntax errors (with
    /// secrets masked); the number of statements, or nil when there was an error.
    public static func statementCount(_ script: ScriptFile, errors: ErrorWriter,
                                      showFileName: Bool = true, hint: (@Sendable (Diagnostic) -> String?)? = nil) -> Int? {
        var statements = 0
        var shown: RedactedSource?
        Parser.scan(script.source) { item in
            switch item {
            case .statement:
                statements += 1
            case .error(var diagnostic):
                let redacted = shown ?? Redaction.redacting(script.source)
                shown = redacted
                diagnostic.hint = diagnostic.hint ?? hint?(diagnostic)
                errors.diagnostic(diagnostic, in: redacted, showFileName: showFileName)
            }
        }
        return shown == nil ? statements : nil
    }

    /// Runs files that `check` passed, parsing each statement just before it runs.
    public func runChecked(_ files: [ScriptFile]) -> Status {
        transaction {
            for script in files {
                let status = runStatements(StatementStream(script.source), in: script)
                if status != .success { return status }
            }
            return .success
        }
    }

    /// Parses every file, reporting all syntax errors; nil when there were any.
    public static func parse(_ files: [ScriptFile], errors: ErrorWriter,
                             showFileName: Bool = true) -> [ParsedScript]? {
        var parsed: [ParsedScript] = []
        var syntaxErrors = false
        for script in files {
            let result = Parser.parse(script.source)
            if !result.diagnostics.isEmpty {
                let shown = Redaction.redacting(script.source)
                for diagnostic in result.diagnostics {
                    errors.diagnostic(diagnostic, in: shown, showFileName: showFileName)
                }
                syntaxErrors = true
            }
            parsed.append(ParsedScript(file: script, statements: result.statements))
        }
        return syntaxErrors ? nil : parsed
    }

    /// Runs parsed scripts in order.
    public func run(_ parsed: [ParsedScript]) -> Status {
        transaction {
            for script in parsed {
                let status = runStatements(script.statements, in: script.file)
                if status != .success { return status }
            }
            return .success
        }
    }

    /// Runs the whole body in one transaction when `--atomic` asks for it.
    private func transaction(_ body: () -> Status) -> Status {
        guard options.atomic else { return body() }
        let run: any StoreRun
        do {
            run = try interpreter.store.begin()
        } catch {
            report(ErrorWriter.schedError(error), at: nil, in: nil)
            return .failed
        }
        interpreter.run = run
        let status = body()
        interpreter.run = nil
        guard status == .success else {
            run.rollback()
            noteNothingSaved()
            return status
        }
        do {
            try run.commit()
        } catch {
            report(ErrorWriter.schedError(error), at: nil, in: nil)
            // A COMMIT that failed leaves the run open: it is undone, so none of it lands later.
            run.rollback()
            noteNothingSaved()
            return .failed
        }
        interpreter.pushQueuedChanges()
        // A long run leaves a long log: it goes into the database file now.
        interpreter.store.checkpoint()
        return status
    }

    private func noteNothingSaved() {
        errors.note("nothing was saved (--atomic)")
    }

    /// Runs statements in order; the first failure not answered by `expect error` stops them
    /// unless `keepGoing` is set.
    func runStatements(_ statements: some Sequence<Statement>, in script: ScriptFile) -> Status {
        var status = Status.success
        var iterator = statements.makeIterator()
        var upcoming = iterator.next()
        while let statement = upcoming {
            upcoming = iterator.next()
            let next = upcoming
            let failure: RuntimeFailure?
            if case .expectError(let kind, let text) = statement.kind {
                failure = checkExpectedError(kind: kind, text: text)
            } else {
                failure = perform(statement, in: script)
            }
            guard let failure else { continue }
            previous = .failed(failure.error)
            if let next, case .expectError = next.kind { continue }
            if failure.error.kind == .syntax, case .source = statement.kind {
                status = .syntaxError
            } else if status == .success {
                status = .failed
            }
            report(failure.error, at: failure.range ?? statement.keywordRange, in: script)
            if !options.keepGoing && interpreter.mode != .interactive { break }
            if status == .syntaxError && !options.keepGoing { break }
        }
        return status
    }

    /// Runs one statement and prints its result; gives back its failure, if any.
    private func perform(_ statement: Statement, in script: ScriptFile) -> RuntimeFailure? {
        if case .source(let path) = statement.kind {
            return source(path, from: script)
        }
        do {
            let bytes = script.source.bytes
            let range = max(0, min(statement.range.start.offset, bytes.count))..<max(0, min(statement.range.end.offset, bytes.count))
            let value = try interpreter.execute(statement, text: String(decoding: bytes[range], as: UTF8.self))
            previous = .succeeded
            if let value { print(value, for: statement) }
            if case .outcome(let outcome)? = value {
                for warning in outcome.warnings { errors.warning(warning) }
            }
            if case .outcome(let outcome)? = value, let failure = outcome.failure,
               interpreter.mode == .batch, !options.keepGoing {
                return RuntimeFailure(failure)
            }
            return nil
        } catch let failure as RuntimeFailure {
            return failure
        } catch {
            return RuntimeFailure(ErrorWriter.schedError(error))
        }
    }

    /// Prints a statement's result, or with no statement (what `sched login` did) the value as
    /// `print` shows it.
    private func print(_ value: Value, for statement: Statement?) {
        let zone = interpreter.zone
        switch interpreter.format {
        case .json:
            output.out(JSONRenderer(zone: zone).json(value).serialized() + "\n")
        case .table:
            let human = HumanRenderer(zone: zone, colour: colour, width: width)
            guard let statement else { return output.out(human.plain(value)) }
            let kind: StatementKind = if case .letBinding(_, .statement(let inner)) = statement.kind { inner.kind } else { statement.kind }
            output.out(human.render(value, for: kind))
        }
    }

    private func checkExpectedError(kind: String?, text: String?) -> RuntimeFailure? {
        defer { previous = .succeeded }
        guard let previous else { return RuntimeFailure(.expectedErrorWithoutStatement) }
        guard case .failed(let error) = previous else { return RuntimeFailure(.expectedErrorButSucceeded) }
        let kindMatches = kind.map { $0 == error.kind.rawValue } ?? true
        let textMatches = text.map { error.message.localizedCaseInsensitiveContains($0) } ?? true
        if kindMatches && textMatches { return nil }
        let wanted = [kind, text.map { "\"\($0)\"" }].compactMap { $0 }.joined(separator: " ")
        return RuntimeFailure(.expectedDifferentError(wanted: wanted, got: error))
    }

    /// `source "FILE"`: runs another file, relative to the directory of the one that names it.
    private func source(_ pathExpression: WrittenValue, from script: ScriptFile) -> RuntimeFailure? {
        let path: String
        do {
            let context = Moment(zone: interpreter.zone, now: interpreter.clock.now)
            path = try interpreter.text(pathExpression, context, what: "a file name")
        } catch let failure as RuntimeFailure {
            return failure
        } catch {
            return RuntimeFailure(ErrorWriter.schedError(error), at: pathExpression.range)
        }
        guard depth < Self.sourceDepthLimit else {
            return RuntimeFailure(.sourceTooDeep(limit: Self.sourceDepthLimit), at: pathExpression.range)
        }
        let resolved = path.hasPrefix("/") || script.directory.isEmpty
            ? path : (script.directory as NSString).appendingPathComponent(path)
        let inner: ScriptFile
        do {
            inner = try ScriptFile.load(path: resolved)
        } catch {
            return RuntimeFailure(ErrorWriter.schedError(error), at: pathExpression.range)
        }
        let result = Parser.parse(inner.source)
        if !result.diagnostics.isEmpty {
            let shown = Redaction.redacting(inner.source)
            for diagnostic in result.diagnostics {
                errors.diagnostic(diagnostic, in: shown, showFileName: true)
            }
            return RuntimeFailure(.sourceHasSyntaxErrors(path, count: result.diagnostics.count), at: pathExpression.range)
        }
        depth += 1
        defer { depth -= 1 }
        let status = runStatements(result.statements, in: inner)
        previous = status == .success ? .succeeded : previous
        return status == .success ? nil : RuntimeFailure(.sourceStopped(path), at: pathExpression.range)
    }

    /// Prints a value that belongs to no statement (what `sched login` did) as results are printed.
    public func show(_ value: Value) {
        print(value, for: nil)
    }

    /// Prints a failure that belongs to no statement, as `error: MESSAGE [KIND]`.
    public func report(_ error: any Error) {
        report(ErrorWriter.schedError(error), at: nil, in: nil)
    }

    private func report(_ error: SchedError, at range: SourceRange?, in script: ScriptFile?) {
        let hint = hint(after: error)
        guard let range, let script else { return errors.error(error, hint: hint) }
        errors.error(error, at: range, in: script.source, showFileName: interpreter.mode != .interactive, hint: hint)
    }

    /// How to log in (or make the user, on a database without one) after an error that asks for it.
    public func hint(after error: SchedError) -> String? {
        guard let logInHint, error == .authenticationRequired || error == .tokenExpired else { return nil }
        // Inside an --atomic run, the user the run itself may have created counts.
        let found = try? interpreter.scheduler.run(DatabaseUser(), session: nil, in: interpreter.run)
        guard let user = found?.output else {
            return logInHint.createUser
        }
        return logInHint.logIn(user.username)
    }
}

/// A script and the statements parsed from it.
public struct ParsedScript: Sendable {
    public let file: ScriptFile
    public let statements: [Statement]
}

/// A script's text with the directory its `source` paths are read from.
public struct ScriptFile: Sendable {
    public let source: SourceFile
    /// Where relative `source` paths start; empty for the working directory.
    public let directory: String

    public init(source: SourceFile, directory: String) {
        self.source = source
        self.directory = directory
    }

    /// Text given on the command line or typed, read relative to the working directory.
    public init(name: String, text: String) {
        self.init(source: SourceFile(name: name, text: text), directory: "")
    }

    /// A file from disk.
    public static func load(path: String, displayName: String? = nil) throws -> ScriptFile {
        let bytes: [UInt8]
        do {
            bytes = try FileContents.read(path: path)
        } catch {
            throw SchedError.fileUnreadable(displayName ?? path, reason: error.reason)
        }
        return ScriptFile(source: SourceFile(name: displayName ?? path, bytes: bytes),
                          directory: (path as NSString).deletingLastPathComponent)
    }
}
