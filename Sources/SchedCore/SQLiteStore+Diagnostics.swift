import GRDB

extension SQLiteStore {
    /// The `EXPLAIN QUERY PLAN` details of the overlap query, to check that it scans the index.
    func overlapQueryPlan() throws -> [String] {
        try read { tx in
            guard let tx = tx as? SQLiteTransaction else { return [] }
            let sql = "EXPLAIN QUERY PLAN " + SQLiteTransaction.overlapSQL(excluding: true)
            return try Row.fetchAll(tx.db, sql: sql, arguments: [0, 0, 0, ""]).map { row in
                try row.decode(String.self, forColumn: "detail")
            }
        }
    }
}
