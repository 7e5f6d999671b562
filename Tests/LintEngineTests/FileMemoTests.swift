import Diagnostics
import Foundation
import JSSyntax
import LintEngine
import LintTestSupport
import Testing

/// `FileContext.memo`: what two rules of one file both need is computed once per file, and each file gets its
/// own value (the ReDoS rules share the file's regex candidates this way).
@Suite struct FileMemoTests {
    /// Counts computations per file path.
    final class Counts: @unchecked Sendable {
        private let lock = NSLock()
        private var byPath: [String: Int] = [:]
        func add(_ path: String) { lock.lock(); byPath[path, default: 0] += 1; lock.unlock() }
        var all: [String: Int] { lock.lock(); defer { lock.unlock() }; return byPath }
    }

    /// Reports the file's node count, memoised under one key by every instance of the rule.
    struct CountingRule<Kind: RuleKind>: Rule {
        static var id: RuleID { Kind.id }
        init() {}
        func checkFile(_ ctx: FileContext) {
            let n = ctx.memo("nodes") { () -> Int in
                Kind.counts.add(ctx.path)
                return ctx.tree.count
            }
            ctx.report(ctx.tree.root, Report("\(n) nodes"))
        }
    }

    protocol RuleKind: Sendable {
        static var id: RuleID { get }
        static var counts: Counts { get }
    }

    static let shared = Counts()
    enum First: RuleKind { static let id: RuleID = "test/first"; static var counts: Counts { FileMemoTests.shared } }
    enum Second: RuleKind { static let id: RuleID = "test/second"; static var counts: Counts { FileMemoTests.shared } }

    @Test func twoRulesOfAFileComputeOnce() throws {
        let dir = TempDir()
        dir.write("a.js", "f(1)\n")
        dir.write("b.js", "g(1); h(2); k(3)\n")
        let linter = Linter(rules: [CountingRule<First>(), CountingRule<Second>()], defaultSeverity: { _ in .warning },
                            options: LintOptions(jobs: 2))
        let discovery = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir.path)
        let result = linter.run(discovery)
        #expect(Self.shared.all.count == 2)
        #expect(Self.shared.all.values.allSatisfy { $0 == 1 }, "\(Self.shared.all)")
        // both rules of a file report that file's own value: a.js and b.js differ in size
        var messages: [String: Set<String>] = [:]
        for f in result.report.findings { messages[f.file, default: []].insert(f.message) }
        #expect(messages.count == 2, "\(messages)")
        #expect(messages.values.allSatisfy { $0.count == 1 }, "\(messages)")
        #expect(Set(messages.values.compactMap(\.first)).count == 2, "\(messages)")
    }
}
