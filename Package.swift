// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sched",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sched", targets: ["sched"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
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
        .executableTarget(
            name: "sched",
            dependencies: [
                "SchedRuntime",
                "SchedSQLite",
                "Scheduling",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
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
            name: "CLITests",
            dependencies: ["sched", "SchedCore", "SchedSQLite", "CalComFake", "SchedTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
