// swift-tools-version: 6.1
import PackageDescription

/// `sched` links at a fixed address (not position-independent): the loader then has no
/// relocations to apply to its own code at every start, a few milliseconds of each statement
/// (Benchmarks/RESULTS.md). The server, which stays up, keeps ASLR.
let fixedAddress: [LinkerSetting] = [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(platforms: [.linux]))]

let package = Package(
    name: "sched",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sched", targets: ["sched"]),
        .executable(name: "sched-serve", targets: ["sched-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        // Without its default traits: sched reads no configuration files through it.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // postgres-nio's own TLS library, named to set up the TLS that sslmode asks for.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(name: "SchedLang"),
        // libedit's wrappers and the state its callbacks share, compiled once in a .c file.
        .target(name: "CEditLine", linkerSettings: [.linkedLibrary("edit")]),
        .target(
            name: "SchedCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "SchedSQLite",
            dependencies: ["SchedCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The PostgreSQL store, for a team or several servers sharing one schedule.
        .target(name: "SchedPostgres"),
        // The driver side of the PostgreSQL store: postgres-nio and the store over it.
        .target(
            name: "SchedPostgresStore",
            dependencies: [
                "SchedPostgres", "SchedCore", "SchedStores",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Where `--db` points, and the store that opens it.
        .target(name: "SchedStores", dependencies: ["SchedCore", "SchedSQLite", "SchedPostgres"]),
        .target(name: "CCurl"),
        .target(
            name: "CalCom",
            dependencies: ["SchedCore", "CCurl"]
        ),
        // The iCalendar and CSV codecs: text in, entries out, and appointments back to text.
        .target(name: "SchedInterchange", dependencies: ["SchedCore"]),
        .target(
            name: "Scheduling",
            dependencies: ["SchedCore", "CalCom"]
        ),
        .target(
            name: "SchedRuntime",
            dependencies: ["SchedLang", "SchedCore", "Scheduling", "SchedInterchange", "CalCom"]
        ),
        // `sched serve`: the seed's REST API and the web app, over the same use cases.
        .target(
            name: "SchedServer",
            dependencies: [
                "SchedCore", "Scheduling", "SchedRuntime", "SchedLang", "SchedStores",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        // The server's own program, which `sched serve` runs: `sched` starts without its code.
        .executableTarget(
            name: "sched-serve",
            dependencies: [
                "SchedServer", "SchedStores", "SchedPostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command line and the prompt, which the two programs below run.
        .target(
            name: "SchedCommandLine",
            dependencies: [
                "SchedRuntime",
                "SchedStores",
                "SchedSQLite",
                "SchedPostgres",
                "Scheduling",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `sched`: the command line with both stores (Benchmarks/RESULTS.md has what linking the
        // PostgreSQL store costs a start on a file, against what running a program of its own cost).
        .executableTarget(name: "sched", dependencies: ["SchedCommandLine", "SchedStores", "SchedPostgresStore"],
                          linkerSettings: fixedAddress),
        .executableTarget(
            name: "SchedFuzz",
            dependencies: ["SchedRuntime", "SchedLang", "SchedCore", "SchedSQLite", "Scheduling"],
            path: "Benchmarks/Fuzz",
            exclude: ["README.md", "sched.dict"]
        ),
        .target(
            name: "SchedTestSupport",
            dependencies: ["SchedCore", .product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/SchedTestSupport"
        ),
        .target(
            name: "CalComFake",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/CalComFake",
            resources: [.copy("Resources")]
        ),
        .testTarget(
            name: "CalComTests",
            dependencies: ["CalCom", "CalComFake", "SchedCore"]
        ),
        .testTarget(
            name: "SchedLangTests",
            dependencies: ["SchedLang"]
        ),
        // The checks every store passes; a backend's tests run them with a factory of its own.
        .target(
            name: "StoreConformance",
            dependencies: ["SchedCore", "SchedTestSupport"],
            path: "Tests/StoreConformance"
        ),
        .testTarget(
            name: "SchedSQLiteTests",
            dependencies: [
                "SchedSQLite", "SchedCore", "SchedTestSupport", "StoreConformance",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SchedCoreTests",
            dependencies: [
                "SchedCore",
                "SchedSQLite",
                "SchedPostgres",
                "SchedPostgresStore",
                "SchedTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SchedRuntimeTests",
            dependencies: [
                "SchedRuntime",
                "SchedSQLite",
                "Scheduling",
                "SchedInterchange",
                "SchedTestSupport",
                "CalComFake",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "SchedPostgresTests",
            dependencies: [
                "SchedPostgres", "SchedPostgresStore", "SchedCore", "SchedSQLite", "SchedStores", "SchedTestSupport",
                "StoreConformance",
            ]
        ),
        // The server on loopback, in this process: every endpoint and error of the seed.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "SchedServer", "SchedSQLite", "SchedPostgres", "SchedPostgresStore", "Scheduling", "SchedCore", "CalCom",
                "SchedTestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["sched", "sched-serve", "SchedCommandLine", "SchedCore", "SchedSQLite", "CalCom", "CalComFake", "SchedTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
