// swift-tools-version:6.0
import PackageDescription

// Every first-party target is compiled for Nehalem (SSE4.2 and POPCNT: every x86-64 processor since 2009) on
// x86-64: the node store finds a node's packed form with a population count, once per node read.
// Release builds optimise across modules: the analyses call the syntax tree's small accessors (a node's
// children, its name, an unwrapped expression) from other modules, and these are inlined where they are called.
let cmo: SwiftSetting = .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))

let cpu: [SwiftSetting] = {
    #if arch(x86_64)
    return [.unsafeFlags(["-target-cpu", "nehalem"]), cmo]
    #else
    return [cmo]
    #endif
}()

// The analyses keep their state in classes (file models, memos, the project index) and read it in hot loops:
// release builds leave out the dynamic exclusivity checks of those reads. Debug builds, which the tests run,
// keep them, so an overlapping access still traps there.
let analysis: [SwiftSetting] = cpu + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "looplint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "looplint", targets: ["looplint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.2.2"),
    ],
    targets: [
        // Layers, each importing only those to its left:
        // SourceText -> Diagnostics -> JSSyntax -> JSSemantic -> ExecutionContext -> LintEngine -> ExecutionModel -> Rules -> looplint
        .target(name: "SourceText", swiftSettings: cpu),
        .target(name: "Diagnostics", dependencies: ["SourceText"], swiftSettings: cpu),
        // The parser's state lives in one class: dynamic exclusivity checks cost ~40% of parse time.
        .target(name: "JSSyntax", dependencies: ["SourceText", "Diagnostics"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"])] + cpu),
        .target(name: "JSSemantic", dependencies: ["JSSyntax", "SourceText"], swiftSettings: analysis),
        // Where code runs (file roles: source, test, tooling, example, browser, generated), shared by every family.
        .target(name: "ExecutionContext", dependencies: ["JSSyntax", "SourceText"], swiftSettings: analysis),
        .target(name: "LintEngine", dependencies: [
            "JSSemantic", "ExecutionContext", "SourceText",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Collections", package: "swift-collections"),
        ], swiftSettings: analysis),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8",
                       providers: [.apt(["libpcre2-dev"])]),
        .target(name: "RegexSafety", dependencies: ["CPCRE2"], swiftSettings: analysis),
        // What runs per request, per message, per job or as a library API, and from which entry point:
        // the execution-context model every rule family consumes.
        .target(name: "ExecutionModel", dependencies: ["LintEngine", "JSSemantic", "ExecutionContext", "SourceText"], swiftSettings: analysis),
        .target(name: "Rules", dependencies: ["LintEngine", "ExecutionContext", "ExecutionModel", "RegexSafety"], swiftSettings: analysis),
        .target(name: "RuleDocs", dependencies: []),
        // Rainbow writes the ANSI colours of text reports on a terminal.
        .target(name: "Reporting", dependencies: ["Diagnostics", .product(name: "Rainbow", package: "Rainbow")], swiftSettings: cpu),
        .target(name: "Bench", dependencies: [
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Histogram", package: "hdrhistogram-swift"),
        ]),
        // `looplint lsp`: the Language Server Protocol over stdio (JSON-RPC framing written by hand).
        .target(name: "LanguageServer", dependencies: ["Rules", "LintEngine", "Diagnostics", "JSSemantic"], swiftSettings: cpu),
        .executableTarget(name: "looplint", dependencies: [
            "Rules", "Reporting", "LanguageServer", "RuleDocs", "Bench", "JSSyntax", "RegexSafety", "JSSemantic",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Rainbow", package: "Rainbow"),
        ], swiftSettings: cpu),
        // `make generate`: renders Sources/Rules/Generated/* and rules/README.md from the rule pages.
        .executableTarget(name: "looplint-generate", dependencies: ["RuleDocs"]),
        .target(name: "LintTestSupport", dependencies: ["Rules", "Reporting", "RuleDocs"]),

        .testTarget(name: "JSSyntaxTests", dependencies: ["JSSyntax"]),
        .testTarget(name: "JSSemanticTests", dependencies: ["JSSemantic", "JSSyntax", "SourceText"]),
        .testTarget(name: "ExecutionContextTests", dependencies: ["ExecutionContext", "JSSyntax", "SourceText"]),
        .testTarget(name: "RegexSafetyTests", dependencies: ["RegexSafety"]),
        .testTarget(name: "LintEngineTests", dependencies: ["LintTestSupport"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "LintTestSupport"]),
        .testTarget(name: "IntegrationTests", dependencies: ["LintTestSupport", "LanguageServer"]),
        .testTarget(name: "RulesTests", dependencies: ["LintTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
