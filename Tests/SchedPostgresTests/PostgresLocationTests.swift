import SchedPostgres
import Testing

/// `--db postgres://…` read as libpq reads a connection URI, the environment filling the gaps,
/// and the password never shown.
@Suite struct PostgresLocationTests {
    @Test func aFullURLGivesEveryPart() throws {
        let location = try PostgresLocation(url: "postgres://ann:s3cret@db.example.com:6543/team?sslmode=require", environment: [:])
        #expect(location == PostgresLocation(host: "db.example.com", port: 6543, user: "ann", password: "s3cret",
                                             database: "team", sslMode: .require))
        #expect(location.shown == "postgres://ann:***@db.example.com:6543/team")
        #expect(!location.shown.contains("s3cret"))
    }

    @Test func theEnvironmentFillsWhatTheURLLeavesOut() throws {
        let environment = ["PGHOST": "pg.internal", "PGPORT": "5433", "PGUSER": "bob", "PGDATABASE": "sched",
                           "PGPASSWORD": "from-env", "PGSSLMODE": "disable"]
        let location = try PostgresLocation(url: "postgresql://", environment: environment)
        #expect(location == PostgresLocation(host: "pg.internal", port: 5433, user: "bob", password: "from-env",
                                             database: "sched", sslMode: .disable))
        // The URL wins over the environment.
        let named = try PostgresLocation(url: "postgres://carol:pw@here/db", environment: environment)
        #expect(named.host == "here" && named.user == "carol" && named.password == "pw" && named.database == "db" && named.port == 5433)
        // Nothing at all: localhost, 5432, the login name, a database named after the user.
        let bare = try PostgresLocation(url: "postgres://", environment: ["USER": "dave"])
        #expect(bare == PostgresLocation(host: "localhost", port: 5432, user: "dave", password: nil, database: "dave", sslMode: .prefer))
        #expect(bare.shown == "postgres://dave@localhost:5432/dave")
    }

    /// `sslrootcert` and `connect_timeout`, from the URL or else the environment; libpq's
    /// timeout has a floor of 2 seconds, and 0 leaves sched's own.
    @Test func rootCertificatesAndTimeout() throws {
        let given = try PostgresLocation(url: "postgres://db/x?sslrootcert=/etc/ca.crt&connect_timeout=1", environment: [:])
        #expect(given.rootCertificates == "/etc/ca.crt" && given.connectTimeout == 2)
        let fromEnvironment = try PostgresLocation(url: "postgres://db/x",
                                                   environment: ["PGSSLROOTCERT": "/ca.pem", "PGCONNECT_TIMEOUT": "30"])
        #expect(fromEnvironment.rootCertificates == "/ca.pem" && fromEnvironment.connectTimeout == 30)
        let none = try PostgresLocation(url: "postgres://db/x?connect_timeout=0", environment: [:])
        #expect(none.rootCertificates == nil && none.connectTimeout == nil)
    }

    @Test func queryParametersEscapesSocketsAndIPv6() throws {
        let socket = try PostgresLocation(url: "postgres:///sched?host=/var/run/postgresql&user=ann", environment: [:])
        #expect(socket.socketDirectory == "/var/run/postgresql" && socket.user == "ann" && socket.database == "sched")
        let escaped = try PostgresLocation(url: "postgres://ann:p%40ss%3Aword@[::1]:5432/my%20db", environment: [:])
        #expect(escaped.password == "p@ss:word" && escaped.host == "::1" && escaped.database == "my db")
        #expect(escaped.shown == "postgres://ann:***@[::1]:5432/my db")
    }

    @Test func thePasswordFileIsReadAsLibpqReadsIt() throws {
        let file = """
            # comment
            other:5432:*:ann:not-this
            db.example.com:*:team:ann:pa\\:ss\\\\word
            *:*:*:*:fallback
            """
        let location = try PostgresLocation(url: "postgres://ann@db.example.com/team", environment: [:], passwordFile: file)
        #expect(location.password == "pa:ss\\word")
        let other = try PostgresLocation(url: "postgres://zed@elsewhere/x", environment: [:], passwordFile: file)
        #expect(other.password == "fallback")
        // PGPASSWORD comes before the file, the URL before both.
        #expect(try PostgresLocation(url: "postgres://ann@db.example.com/team", environment: ["PGPASSWORD": "env"],
                                     passwordFile: file).password == "env")
    }

    @Test func badLocationsAreRefusedWithoutTheirPassword() {
        let cases: [(String, String)] = [
            ("postgres://ann:secret@host:99999/db", "the port must be a number from 1 to 65535"),
            ("postgres://ann:secret@host/db?sslmode=sometimes", "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full, not 'sometimes'"),
            ("postgres://ann:secret@host/db?pasword=x", "unknown parameter 'pasword'"),
            ("postgres://ann:secret@host/db?connect_timeout=soon", "connect_timeout must be a number of seconds, not 'soon'"),
        ]
        for (url, message) in cases {
            #expect(throws: PostgresLocation.Invalid.self) { try PostgresLocation(url: url, environment: [:]) }
            do {
                _ = try PostgresLocation(url: url, environment: [:])
            } catch {
                #expect(error.description.contains(message), "\(url): \(error)")
                #expect(!error.description.contains("secret"))
            }
        }
        #expect(PostgresLocation.mask("postgres://ann:secret@host/db?password=other") == "postgres://ann:***@host/db?password=***")
        #expect(PostgresLocation.names("PostgreSQL://x") && !PostgresLocation.names("/tmp/sched.db"))
    }
}
