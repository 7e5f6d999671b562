// Sources/JSSyntax/*+Generated.swift are rendered by scripts/gen-ast.py from its tables: the test
// renders them into a scratch folder and fails, naming `make generate`, while a committed file differs.

import Foundation
import Testing

@Suite struct GeneratedASTTests {
    static let files = ["AST+Generated.swift", "Tree+Walk+Generated.swift", "Token+Generated.swift"]

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: python != nil, "python3 is not on PATH, so scripts/gen-ast.py cannot run"))
    func generatedASTIsFresh() throws {
        let python = try #require(Self.python)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-gen-ast-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let script = ParserFixtures.repoRoot.appendingPathComponent("scripts/gen-ast.py").path
        let (output, status) = try Toolchain.run(python, [script, scratch.path], input: "")
        try #require(status == 0, "scripts/gen-ast.py failed: \(output)")
        for name in Self.files {
            let committed = try String(contentsOf: ParserFixtures.repoRoot.appendingPathComponent("Sources/JSSyntax/" + name), encoding: .utf8)
            let rendered = try String(contentsOf: scratch.appendingPathComponent("Sources/JSSyntax/" + name), encoding: .utf8)
            let difference = ParserFixtures.firstDifference(expected: committed, actual: rendered)
            #expect(committed == rendered,
                    "Sources/JSSyntax/\(name) is stale: scripts/gen-ast.py renders it differently; run `make generate` and review the diff\n\(difference)")
        }
    }
}
