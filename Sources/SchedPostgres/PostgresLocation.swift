import Foundation

/// A PostgreSQL database as `--db postgres://…` (or `postgresql://`) names it, read as libpq reads
/// a connection URI: the URL first, then `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
/// `PGSSLMODE`; the password from the URL, else `PGPASSWORD`, else the password file
/// (`PGPASSFILE`, else `~/.pgpass`). The password never appears in `shown`.
public struct PostgresLocation: Sendable, Equatable {
    /// libpq's `sslmode` values.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode
    /// The certificates the server's must chain to for `verify-ca` and `verify-full`
    /// (`sslrootcert`, else `PGSSLROOTCERT`); the system's when nil.
    public var rootCertificates: String?
    /// Seconds to wait for a connection (`connect_timeout`, else `PGCONNECT_TIMEOUT`); 10 when nil.
    public var connectTimeout: Int?
    /// A directory holding the server's Unix socket, when `host` starts with `/`.
    public var socketDirectory: String? { host.hasPrefix("/") ? host : nil }

    /// Why a location could not be read; the message never holds the password.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Whether `text` names a PostgreSQL database rather than a file.
    public static func names(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    public init(host: String, port: Int, user: String, password: String?, database: String, sslMode: SSLMode) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Reads `url` with `environment` filling what it leaves out; `passwordFile` gives the text of
    /// the password file, if there is one (read by the caller, which checks its mode).
    public init(url: String, environment: [String: String], passwordFile: String? = nil) throws(Invalid) {
        guard Self.names(url), let components = URLComponents(string: url) else {
            throw Invalid(description: PostgresText.notAURL(Self.mask(url)))
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            query[item.name] = item.value ?? ""
        }
        let known: Set<String> = ["sslmode", "sslrootcert", "host", "port", "user", "password", "dbname", "connect_timeout",
                                  "application_name"]
        if let unknown = query.keys.filter({ !known.contains($0) }).sorted().first {
            throw Invalid(description: PostgresText.unknownParameter(unknown))
        }
        let nonEmpty = { (text: String?) -> String? in text.flatMap { $0.isEmpty ? nil : $0 } }
        host = nonEmpty(query["host"]) ?? nonEmpty(components.host.map(Self.unbracketed)) ?? nonEmpty(environment["PGHOST"]) ?? "localhost"
        let portText = nonEmpty(query["port"]) ?? components.port.map(String.init) ?? nonEmpty(environment["PGPORT"]) ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else { throw Invalid(description: PostgresText.badPort(portText)) }
        self.port = port
        user = nonEmpty(query["user"]) ?? nonEmpty(components.user) ?? nonEmpty(environment["PGUSER"])
            ?? nonEmpty(environment["USER"]) ?? "postgres"
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = nonEmpty(query["dbname"]) ?? nonEmpty(path.removingPercentEncoding ?? path) ?? nonEmpty(environment["PGDATABASE"]) ?? user
        let modeText = nonEmpty(query["sslmode"]) ?? nonEmpty(environment["PGSSLMODE"]) ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else { throw Invalid(description: PostgresText.badSSLMode(modeText)) }
        sslMode = mode
        rootCertificates = nonEmpty(query["sslrootcert"]) ?? nonEmpty(environment["PGSSLROOTCERT"])
        if let timeoutText = nonEmpty(query["connect_timeout"]) ?? nonEmpty(environment["PGCONNECT_TIMEOUT"]) {
            guard let seconds = Int(timeoutText), seconds >= 0 else {
                throw Invalid(description: PostgresText.badTimeout(timeoutText))
            }
            // libpq treats less than 2 as 2, and 0 as no limit: sched then keeps its own 10 seconds.
            connectTimeout = seconds == 0 ? nil : max(2, seconds)
        }
        password = nonEmpty(query["password"]) ?? nonEmpty(components.password) ?? nonEmpty(environment["PGPASSWORD"])
            ?? passwordFile.flatMap { Self.password(in: $0, host: host, port: port, database: database, user: user) }
    }

    /// The location as messages show it: `postgres://ann:***@db.example.com:5432/sched`.
    public var shown: String {
        let credentials = user + (password == nil ? "" : ":***")
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(credentials)@\(shownHost):\(port)/\(database)"
    }

    /// `user:password@` becomes `user:***@`, for a URL that could not be read.
    public static func mask(_ url: String) -> String {
        guard var components = URLComponents(string: url) else {
            // Too broken to parse: keep the scheme and nothing that could be a secret.
            return (url.split(separator: ":").first.map(String.init) ?? "postgres") + "://…"
        }
        if components.password != nil { components.password = "***" }
        if let items = components.queryItems, items.contains(where: { $0.name == "password" }) {
            components.queryItems = items.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
        }
        return components.string ?? url
    }

    private static func unbracketed(_ host: String) -> String {
        host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
    }

    /// The password of the first line of a `.pgpass` text that matches: `host:port:db:user:password`,
    /// `*` matching anything, `\:` and `\\` escaping.
    static func password(in file: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in file.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = []
            var current = ""
            var escaped = false
            for character in line {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ":" && fields.count < 4 {
                    fields.append(current)
                    current = ""
                } else {
                    current.append(character)
                }
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
                return fields[4]
            }
        }
        return nil
    }
}

/// What reading a PostgreSQL location says.
enum PostgresText {
    static func notAURL(_ shown: String) -> String { "\(shown) is not a postgres:// URL" }
    static func unknownParameter(_ name: String) -> String {
        "unknown parameter '\(name)' in the postgres:// URL (sched reads sslmode, sslrootcert, host, port, user, password, dbname, connect_timeout, application_name)"
    }
    static func badTimeout(_ text: String) -> String { "connect_timeout must be a number of seconds, not '\(text)'" }
    static func badPort(_ text: String) -> String { "the port must be a number from 1 to 65535, not '\(text)'" }
    static func badSSLMode(_ text: String) -> String {
        "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, not '\(text)'"
    }
}
