/// The `export` and `import` statements: appointments written to and read from files.
extension Parser {
    /// Parses an import of appointments from a file; `atomic` makes one bad entry refuse the file.
    ///
    ///     import-stmt → 'import' ('ics' | 'csv') text 'atomic'?
    mutating func parseImport() throws(ParseError) -> Statement {
        let start = advance()
        let format = try parseChoice(ImportFormat.self, after: "'import'")
        let file = try parseText("a file name such as \"visits.\(format.rawValue)\"", after: "'import \(format.rawValue)'")
        var statement = ImportStatement(format: format, file: file)
        if !atEndOfStatement {
            guard accept("atomic") != nil else {
                throw unknownClause(current, in: "import \(format.rawValue)", options: [Keywords.importAtomic])
            }
            statement.atomic = true
        }
        return Statement(kind: .importAppointments(statement), range: range(from: start))
    }

    /// Parses an export of appointments; `cancelled` adds the cancelled ones.
    ///
    ///     export-stmt → 'export' 'ics' export-target range? 'cancelled'?
    ///                 | 'export' 'csv' export-target range?
    mutating func parseExport() throws(ParseError) -> Statement {
        let start = advance()
        let format = try parseChoice(ExportFormat.self, after: "'export'")
        var export = ExportStatement(target: try parseExportTarget(format))
        export.format = format
        if lexer.isWord(current, in: Keywords.rangeStarts) {
            export.dates = try parseRange(after: "'export \(format.rawValue)'")
        }
        if !atEndOfStatement {
            guard format == .ics, accept("cancelled") != nil else { throw unknownExportClause(current, format) }
            export.includesCancelled = true
        }
        return Statement(kind: .exportCalendar(export), range: range(from: start))
    }

    /// Parses where the calendar goes.
    ///
    ///     export-target → text | '-'
    private mutating func parseExportTarget(_ format: ExportFormat) throws(ParseError) -> ExportTarget {
        if current.kind == .minus {
            advance()
            return .standardOutput
        }
        let expected = "a file name such as \"visits.\(format.rawValue)\" or '-' for standard output"
        return .file(try parseText(expected, after: "'export \(format.rawValue)'"))
    }

    /// What follows the target that is neither a range nor `cancelled`.
    private func unknownExportClause(_ token: Lexeme, _ format: ExportFormat) -> ParseError {
        let options = Keywords.rangeStarts + (format == .ics ? [Keywords.exportCancelled] : [])
        guard case .word = token.kind else {
            let expected = format == .ics ? "a range such as 'this week' or 'cancelled'" : "a range such as 'this week'"
            return error(.expectedAfter(expected, after: "the export target", found: describe(token)), at: token)
        }
        return unknownClause(token, in: "export \(format.rawValue)", options: options)
    }
}
