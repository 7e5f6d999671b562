import Diagnostics
import Foundation
import JSSyntax
import LintEngine
import LintTestSupport
import SourceText
import Testing

/// `Fixer` with rules made for the test: a fix that breaks the syntax and one that leaves its finding
/// are refused (the file keeps its content), nested fixes overlap and are applied in two passes, and
/// the edits keep the file's line endings. `looplint check --fix` over the real fixtures is in
/// IntegrationTests/FixCommandTests.
@Suite struct AutofixTests {
    /// Reports `name(...)` calls and fixes them by rewriting the call's text.
    struct CallFixRule<Kind: CallFixKind>: Rule {
        static var id: RuleID { Kind.id }
        static var nodeKinds: Set<NodeKind> { [.call] }
        init() {}
        func visit(_ node: NodeID, _ ctx: FileContext) {
            guard case .call(let callee, _, _, _) = ctx.tree[node], ctx.tree.text(callee) == Kind.callee else { return }
            let text = Kind.rewrite(ctx.tree.text(node))
            ctx.report(node, Report("\(Kind.callee) called", fix: Fix(description: "rewrite", edits: [ctx.unit.edit(node, text)])))
        }
    }

    protocol CallFixKind: Sendable {
        static var id: RuleID { get }
        static var callee: String { get }
        static func rewrite(_ call: String) -> String
    }
    /// `old(x)` -> `fresh(x)`: a good fix.
    enum Renames: CallFixKind {
        static let id: RuleID = "test/renames"
        static let callee = "old"
        static func rewrite(_ call: String) -> String { "fresh" + call.dropFirst(3) }
    }
    /// `bad(x)` -> `bad(x`: the result does not parse.
    enum Breaks: CallFixKind {
        static let id: RuleID = "test/breaks"
        static let callee = "bad"
        static func rewrite(_ call: String) -> String { String(call.dropLast()) }
    }
    /// `same(x)` -> `same( x)`: still reported.
    enum Stays: CallFixKind {
        static let id: RuleID = "test/stays"
        static let callee = "same"
        static func rewrite(_ call: String) -> String { "same( " + call.dropFirst(5) }
    }

    static func fix(_ dir: TempDir) throws -> FixOutcome {
        let linter = Linter(rules: [CallFixRule<Renames>(), CallFixRule<Breaks>(), CallFixRule<Stays>()],
                            defaultSeverity: { _ in .warning }, options: LintOptions(jobs: 1))
        let discovery = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir.path)
        return Fixer(linter: linter, isAutomatic: { _ in true }).fix(discovery, first: linter.run(discovery))
    }

    @Test func refusesAFixThatBreaksTheSyntaxOrLeavesItsFinding() throws {
        let dir = TempDir()
        dir.write("a.js", "old(1)\nbad(2)\nsame(3)\n")
        let outcome = try Self.fix(dir)
        #expect(outcome.applied.map(\.ruleId) == ["test/renames"])
        let refused = outcome.refused.map { "\($0.line) \($0.ruleId): \($0.note)" }.sorted()
        #expect(refused.count == 2, "\(refused)")
        #expect(refused.first?.hasPrefix("2 test/breaks: the fixed code does not parse") == true, "\(refused)")
        #expect(refused.last == "3 test/stays: the fixed code is still reported by test/stays", "\(refused)")
        #expect(outcome.changes.map { String(decoding: $0.fixed, as: UTF8.self) } == ["fresh(1)\nbad(2)\nsame(3)\n"])
    }

    /// A Flow-annotated file parses only with its annotations: a fix that breaks it is refused, though the
    /// plain JavaScript parse fails at the first annotation either way.
    @Test func refusesAFixThatBreaksAFlowFile() throws {
        let dir = TempDir()
        dir.write("a.js", "type T = {| a: string |};\nold(1)\nbad(2)\n")
        let outcome = try Self.fix(dir)
        #expect(outcome.applied.map(\.ruleId) == ["test/renames"])
        #expect(outcome.refused.map { "\($0.line) \($0.ruleId)" } == ["3 test/breaks"], "\(outcome.refused)")
        #expect(outcome.changes.map { String(decoding: $0.fixed, as: UTF8.self) } == ["type T = {| a: string |};\nfresh(1)\nbad(2)\n"])
    }

    /// Files are first fixed together (one lint); when one file's fixes fail they go file by file.
    @Test func aFailingFileDoesNotHoldBackTheOthers() throws {
        let dir = TempDir()
        dir.write("a.js", "old(1)\n")
        dir.write("b.js", "bad(2)\nold(3)\n")
        dir.write("c.js", "old(4)\n")
        let outcome = try Self.fix(dir)
        #expect(outcome.applied.map { "\($0.file):\($0.line) \($0.ruleId)" }.sorted()
            == ["a.js:1 test/renames", "b.js:2 test/renames", "c.js:1 test/renames"], "\(outcome.applied)")
        #expect(outcome.refused.map(\.ruleId) == ["test/breaks"])
        #expect(outcome.changes.map { String(decoding: $0.fixed, as: UTF8.self) } == ["fresh(1)\n", "bad(2)\nfresh(3)\n", "fresh(4)\n"])
    }

    @Test func overlappingFixesAreAppliedInASecondPass() throws {
        let dir = TempDir()
        dir.write("nested.js", "old(old(1))\n")
        let outcome = try Self.fix(dir)
        #expect(outcome.applied.count == 2)
        #expect(outcome.changes.map { String(decoding: $0.fixed, as: UTF8.self) } == ["fresh(fresh(1))\n"])
        #expect(outcome.result.report.findings.isEmpty)
    }

    @Test func editsKeepCRLFLineEndings() throws {
        let file = SourceFile(path: "a.js", text: "a()\r\nb()\r\n")
        let edit = TextEdit(line: 1, column: 1, endLine: 2, endColumn: 4, text: "x(\n  1,\r\n)")
        let out = try #require(FixEdits.apply([edit], to: file))
        #expect(String(decoding: out, as: UTF8.self) == "x(\r\n  1,\r\n)\r\n")
        // Overlapping edits are not merged.
        let other = TextEdit(line: 1, column: 2, endLine: 1, endColumn: 3, text: "")
        #expect(FixEdits.apply([edit, other], to: file) == nil)
    }

    @Test func atomicWriteKeepsTheMode() throws {
        let dir = TempDir()
        let path = dir.write("m.js", "old(1)\n")
        #expect(chmod(path, 0o751) == 0)
        try AtomicWrite.save(Array("fresh(1)\n".utf8), to: path)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o751)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "fresh(1)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["m.js"], "no temporary file left")
    }

    @Test func atomicWriteThroughASymlinkKeepsTheLink() throws {
        let dir = TempDir()
        let target = dir.write("real.js", "old(1)\n")
        #expect(symlink(target, dir.path + "/link.js") == 0)
        try AtomicWrite.save(Array("fresh(1)\n".utf8), to: dir.path + "/link.js")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/link.js") == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "fresh(1)\n")
    }

    @Test func unifiedDiff() {
        let diff = UnifiedDiff.render(path: "a.js", old: Array("1\n2\n3\n4\n5\n6\n7\n8\n9\n".utf8),
                                      new: Array("1\n2\n3\n4\nfive\n6\n7\n8\n9\n".utf8))
        #expect(diff == "--- a/a.js\n+++ b/a.js\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n")
        #expect(UnifiedDiff.render(path: "a.js", old: [0x61], new: [0x61]) == "")
    }
}
