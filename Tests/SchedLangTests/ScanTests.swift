import Foundation
import SchedLang
import Testing

/// `Parser.scan` reads statement by statement and must find exactly what `Parser.parse` finds.
@Suite struct ScanTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every example and scenario script, and texts full of syntax errors.
    static func sources() throws -> [SourceFile] {
        var files: [SourceFile] = []
        for folder in ["examples", "Tests/Scenarios"] {
            let directory = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            where name.hasSuffix(".sched") {
                files.append(SourceFile(name: name, text: try String(contentsOf: directory.appendingPathComponent(name),
                                                                    encoding: .utf8)))
            }
        }
        let broken = """
            book "Ann" at 2025-03-04T10:00 for 30m
            book at at at
            list this week; cancel 3; frobnicate
            available mon-fri 09:00-12:00, 13:00-
            "unterminated
            let $a = book "Bo" at tomorrow 10:00 for 1h
            expect $a.start < 2025-06-03T10:00
            """
        files.append(SourceFile(name: "broken", text: broken))
        // Enough statements and errors that the streaming parser lets go of read tokens many times.
        files.append(SourceFile(name: "long", text: String(repeating: broken + "\n", count: 300)))
        files.append(SourceFile(name: "empty", text: ""))
        files.append(SourceFile(name: "separators", text: "\n;\n;;\n"))
        return files
    }

    @Test func scanFindsWhatParseFinds() throws {
        for file in try Self.sources() {
            let parsed = Parser.parse(file)
            var statements: [String] = []
            var diagnostics: [Diagnostic] = []
            Parser.scan(file) { item in
                switch item {
                case .statement(let statement): statements.append(AST.dump(statement.kind) + "@\(statement.range)")
                case .error(let diagnostic): diagnostics.append(diagnostic)
                }
            }
            #expect(statements == parsed.statements.map { AST.dump($0.kind) + "@\($0.range)" }, "\(file.name)")
            #expect(diagnostics.map(\.message) == parsed.diagnostics.map(\.message), "\(file.name)")
            #expect(diagnostics.map(\.range) == parsed.diagnostics.map(\.range), "\(file.name)")
        }
    }
}
