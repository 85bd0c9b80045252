import GRDB
import SchedCore

extension SQLiteStore {
    /// The `EXPLAIN QUERY PLAN` details of the overlap query, or of the check that it would
    /// find a row, to check that they scan the index.
    func overlapQueryPlan(existence: Bool = false) throws -> [String] {
        try read { tx in
            guard let tx = tx as? SQLiteTransaction else { return [] }
            let query = existence ? SQLiteTransaction.overlapExistsSQL(excluding: false)
                : SQLiteTransaction.overlapSQL(excluding: true)
            let sql = "EXPLAIN QUERY PLAN " + query
            let arguments: StatementArguments = existence ? [0, 0, 0] : [0, 0, 0, ""]
            return try Row.fetchAll(tx.db, sql: sql, arguments: arguments).map { row in
                try row.decode(String.self, forColumn: "detail")
            }
        }
    }
}
