import Foundation
import JSSyntax
import LintTestSupport
import Rules
import SourceText
import Testing

/// `looplint check --fix` and `--fix-dry-run` with the built binary, on copies of the rule fixtures in a
/// temporary folder: which fixes were applied, that every changed file parses, that each applied fix
/// removed its finding, and that the result is the expected `*.fixed.*` file where there is one. Then
/// line endings and file modes are kept, and the dry run's diff applies to give what --fix writes.
/// The refusal of a fix that breaks the syntax is in LintEngineTests/AutofixTests (it needs a rule
/// written to do that).
@Suite struct FixCommandTests {
    struct Report: Decodable {
        struct Finding: Decodable { var ruleId: String; var file: String }
        var findings: [Finding]
    }

    static func ruleFolders() throws -> [String] {
        let fm = FileManager.default
        let root = RepoPaths.path("fixtures/rules")
        var out: [String] = []
        for category in try fm.contentsOfDirectory(atPath: root).sorted() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: root + "/" + category, isDirectory: &isDir), isDir.boolValue else { continue }
            for rule in try fm.contentsOfDirectory(atPath: root + "/" + category).sorted() {
                guard fm.fileExists(atPath: root + "/\(category)/\(rule)", isDirectory: &isDir), isDir.boolValue else { continue }
                out.append("fixtures/rules/\(category)/\(rule)")
            }
        }
        guard out.count >= 10 else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "fixtures/rules (expected its rule folders, found \(out))"]) }
        return out
    }

    /// A copy of a fixture folder in a new temporary folder.
    static func copy(_ folder: String) throws -> TempDir {
        let dir = try TempDir()
        try FileManager.default.removeItem(atPath: dir.path)
        try FileManager.default.copyItem(atPath: RepoPaths.path(folder), toPath: dir.path)
        return dir
    }

    static func counts(_ json: String) throws -> [String: Int] {
        let report = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        var out: [String: Int] = [:]
        for f in report.findings { out["\(f.file) \(f.ruleId)", default: 0] += 1 }
        return out
    }

    /// `fixed: FILE:LINE:COLUMN RULE` lines of standard error, as `FILE RULE`.
    static func fixedLines(_ stderr: String, prefix: String = "fixed: ") -> [String] {
        stderr.split(separator: "\n").filter { $0.hasPrefix(prefix) }.map { line in
            let parts = line.dropFirst(prefix.count).split(separator: " ")
            let file = parts[0].split(separator: ":")[0]
            return "\(file) \(parts[1])"
        }
    }

    static func sourceFiles(_ dir: String) throws -> [String] {
        try (FileManager.default.subpathsOfDirectory(atPath: dir)).filter { ["js", "ts", "mjs", "cjs", "jsx", "tsx", "mts", "cts"].contains(($0 as NSString).pathExtension) }.sorted()
    }

    @Test(arguments: try ruleFolders())
    func fixOverARuleFixtureFolder(_ folder: String) throws {
        let dir = try Self.copy(folder)
        let before = try CheckCommandTests.check([".", "--format", "json", "--fail-on", "never"], cwd: dir.path)
        #expect(before.status == 0, "\(before.stderr)")
        let fixed = try CheckCommandTests.check([".", "--fix", "--unsafe-fixes", "--format", "json", "--fail-on", "never"], cwd: dir.path)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(!fixed.stderr.contains("not fixed:"), "every fix of the fixtures checks out: \(fixed.stderr)")
        let applied = Self.fixedLines(fixed.stderr)
        let was = try Self.counts(before.stdout), now = try Self.counts(fixed.stdout)
        var perRule: [String: Int] = [:]
        for a in applied { perRule[a, default: 0] += 1 }
        for (key, n) in perRule {
            #expect(now[key, default: 0] <= was[key, default: 0] - n, "\(folder): \(key): \(n) fixes applied, findings \(was[key, default: 0]) -> \(now[key, default: 0])")
        }
        let original = RepoPaths.path(folder)
        var changed: [String] = []
        for file in try Self.sourceFiles(dir.path) {
            let new = try String(contentsOfFile: dir.path + "/" + file, encoding: .utf8)
            guard new != (try String(contentsOfFile: original + "/" + file, encoding: .utf8)) else { continue }
            changed.append(file)
            let parsed = Parser.parse(SourceFile(path: file, text: new), options: .forPath(file))
            #expect(parsed.errors.isEmpty, "\(folder)/\(file) after --fix does not parse: \(parsed.errors)")
            let expected = original + "/" + SerialAwaitFixName.fixed(file)
            if FileManager.default.fileExists(atPath: expected) {
                #expect(new == (try String(contentsOfFile: expected, encoding: .utf8)), "\(folder)/\(file) differs from its .fixed file")
            }
        }
        #expect(Set(applied.map { String($0.split(separator: " ")[0]) }) == Set(changed),
                "\(folder): files with applied fixes \(applied) and files changed \(changed)")
    }

    /// The fixes `--fix --unsafe-fixes` applies and refuses over every rule fixture folder, one line each, against
    /// `fixtures/cli/fix-over-rule-fixtures.txt` (UPDATE_SNAPSHOTS=1 rewrites it; review it like code).
    @Test func fixesOverAllRuleFixturesSnapshot() throws {
        var listing = "# looplint check --fix --unsafe-fixes over a copy of each fixtures/rules folder: what was applied and refused\n"
        for folder in try Self.ruleFolders() {
            let dir = try Self.copy(folder)
            let r = try CheckCommandTests.check([".", "--fix", "--unsafe-fixes", "--fail-on", "never"], cwd: dir.path)
            let lines = r.stderr.split(separator: "\n").filter { $0.hasPrefix("fixed: ") || $0.hasPrefix("not fixed: ") || $0.hasPrefix("looplint: ") }
            listing += "\n## \(folder)\n" + lines.map { $0 + "\n" }.joined()
        }
        let problem = Snapshot.check(listing, against: RepoPaths.path("fixtures/cli/fix-over-rule-fixtures.txt"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// A rule whose findings carry edits says on its page whether --fix applies them; `none` means no edits.
    @Test(arguments: try ruleFolders())
    func rulesWithEditsDeclareTheirAutofix(_ folder: String) throws {
        let result = try RuleHarness.lint(folder: RepoPaths.path(folder))
        for f in result.report.findings where !(f.fix?.edits.isEmpty ?? true) {
            let level = RuleCatalog.entry(for: f.ruleId)?.autofix
            #expect(level == .safe || level == .unsafe, "\(folder)/\(f.file):\(f.line): \(f.ruleId) has edits but its page says 'Autofix: none'")
        }
    }

    /// The serial-await rewrites are unsafe (their pages say so): plain --fix leaves them and says how
    /// many wait behind --unsafe-fixes; with it they are applied.
    @Test func unsafeFixesWaitForTheFlag() throws {
        let dir = try Self.copy("fixtures/rules/serial-await/sequential")
        // every finding of the folder that carries edits is one unsafe fix
        let withEdits = try RuleHarness.lint(folder: RepoPaths.path("fixtures/rules/serial-await/sequential")).report.findings
            .filter { !($0.fix?.edits.isEmpty ?? true) }.count
        #expect(withEdits >= 20)
        let plain = try CheckCommandTests.check([".", "--fix", "--fail-on", "never"], cwd: dir.path)
        #expect(Self.fixedLines(plain.stderr).isEmpty, "\(plain.stderr)")
        #expect(plain.stderr.contains("looplint: applied 0 fixes in 0 files\nlooplint: \(withEdits) more fixes are unsafe"), "\(plain.stderr)")
        let fixed = try CheckCommandTests.check([".", "--fix", "--unsafe-fixes", "--fail-on", "never"], cwd: dir.path)
        let applied = Self.fixedLines(fixed.stderr)
        #expect(applied.count == withEdits, "\(fixed.stderr)")
        #expect(applied.allSatisfy { $0.hasSuffix(" serial-await/sequential") })
        #expect(!fixed.stderr.contains("more fix"), "\(fixed.stderr)")
        let misuse = try CheckCommandTests.check([".", "--unsafe-fixes"], cwd: dir.path)
        #expect(misuse.status == 2)
    }

    @Test func keepsLineEndingsAndMode() throws {
        let dir = try TempDir()
        let source = try String(contentsOfFile: RepoPaths.path("fixtures/rules/serial-await/sequential/handlers.js"), encoding: .utf8)
        let expected = try String(contentsOfFile: RepoPaths.path("fixtures/rules/serial-await/sequential/handlers.fixed.js"), encoding: .utf8)
        let crlf = { (s: String) in s.replacingOccurrences(of: "\n", with: "\r\n") }
        try dir.write("handlers.js", crlf(source))
        try dir.write("unix.js", source)
        // the fixture's functions are not request handlers: report them wherever they are
        try dir.write("looplint.yml", "hotOnly: false\n")
        #expect(chmod(dir.path + "/handlers.js", 0o640) == 0)
        #expect(chmod(dir.path + "/unix.js", 0o755) == 0)
        let r = try CheckCommandTests.check([".", "--fix", "--unsafe-fixes", "--fail-on", "never"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: dir.path + "/handlers.js", encoding: .utf8) == crlf(expected))
        #expect(try String(contentsOfFile: dir.path + "/unix.js", encoding: .utf8) == expected)
        let mode = { (name: String) in
            ((try? FileManager.default.attributesOfItem(atPath: dir.path + "/" + name))?[.posixPermissions] as? NSNumber)?.intValue
        }
        #expect(mode("handlers.js") == 0o640)
        #expect(mode("unix.js") == 0o755)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["handlers.js", "looplint.yml", "unix.js"])
    }

    @Test func dryRunPrintsADiffThatGivesWhatFixWrites() throws {
        let dir = try Self.copy("fixtures/rules/serial-await/sequential")
        let untouched = try Self.sourceFiles(dir.path).map { try String(contentsOfFile: dir.path + "/" + $0, encoding: .utf8) }
        let dry = try CheckCommandTests.check([".", "--fix-dry-run", "--unsafe-fixes"], cwd: dir.path)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("--- a/guards.js\n+++ b/guards.js\n@@ "), "\(dry.stdout.prefix(300))")
        #expect(try Self.sourceFiles(dir.path).map { try String(contentsOfFile: dir.path + "/" + $0, encoding: .utf8) } == untouched,
                "--fix-dry-run changes nothing")
        try dry.stdoutBytes.write(to: URL(fileURLWithPath: dir.path + "/fix.diff"))
        let apply = Run.process("/usr/bin/env", ["git", "apply", "fix.diff"], cwd: dir.path)
        #expect(apply.status == 0, "git apply: \(apply.stderr)")
        for file in ["guards", "handlers", "negatives"] {
            #expect(try String(contentsOfFile: dir.path + "/\(file).js", encoding: .utf8)
                == (try String(contentsOfFile: dir.path + "/\(file).fixed.js", encoding: .utf8)), "\(file).js")
        }
    }
}

enum SerialAwaitFixName {
    /// `handlers.js` -> `handlers.fixed.js`.
    static func fixed(_ file: String) -> String {
        (file as NSString).deletingPathExtension + ".fixed." + (file as NSString).pathExtension
    }
}
