import Diagnostics
import Foundation
@testable import LintEngine
import LintTestSupport
import RuleDocs
import Testing

/// A scratch folder removed at the end of the test.
final class TempDir {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        _ = Run.process("/bin/chmod", ["-R", "u+rwx", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    @discardableResult
    func write(_ relative: String, _ text: String) -> String {
        write(relative, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) -> String {
        let full = path + "/" + relative
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    func mkdir(_ relative: String) {
        try? FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }
}

/// A seeded generator, so that random cases repeat.
struct LCG: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state
    }
}

@Suite struct GlobTests {
    @Test(arguments: [
        ("*.js", "a.js", true), ("*.js", "src/a.js", false), ("**/*.js", "src/a/b.js", true),
        ("**/*.js", "b.js", true), ("src/**", "src/a/b.js", true), ("src/**", "lib/a.js", false),
        ("a?c.ts", "abc.ts", true), ("[ab]x.js", "bx.js", true), ("[!ab]x.js", "bx.js", false),
        ("**/gen/**/*.js", "x/gen/y/z.js", true), ("*.min.js", "a.min.js", true), ("a*b*c", "axxbyyc", true),
        // plain-text segments after a leading `**` are compared, not matched
        ("**/dist", "a/dist", true), ("**/dist", "dist", true), ("**/dist", "a/dista", false), ("**/dist", "a/dis", false),
        ("**/dist", "a/Dist", false), ("**/a/dist", "x/a/dist", true), ("**/a/dist", "x/b/dist", false),
        ("**/a/*.js", "x/a/b.js", true), ("**/a/*.js", "x/ab/b.js", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(Glob(pattern).matches(path) == expected)
    }

    @Test func gitignoreSemantics() {
        var stack = GitIgnoreStack()
        stack.push(GitIgnore(base: "/r", text: "# build output\ndist/\n/out\n*.log\n!keep.log\nsrc/gen/\n"))
        #expect(stack.isIgnored(absolutePath: "/r/dist", isDirectory: true))
        #expect(!stack.isIgnored(absolutePath: "/r/dist", isDirectory: false))  // dir-only pattern
        #expect(stack.isIgnored(absolutePath: "/r/pkg/dist", isDirectory: true))  // unanchored
        #expect(stack.isIgnored(absolutePath: "/r/out", isDirectory: true))
        #expect(!stack.isIgnored(absolutePath: "/r/pkg/out", isDirectory: true))  // anchored
        #expect(stack.isIgnored(absolutePath: "/r/a/b.log", isDirectory: false))
        #expect(!stack.isIgnored(absolutePath: "/r/keep.log", isDirectory: false))
        #expect(stack.isIgnored(absolutePath: "/r/src/gen", isDirectory: true))
        stack.push(GitIgnore(base: "/r/pkg", text: "!dist/\n"))
        #expect(!stack.isIgnored(absolutePath: "/r/pkg/dist", isDirectory: true))  // deeper file wins
        #expect(stack.isIgnored(absolutePath: "/r/pkgx/a/dist", isDirectory: true))  // /r's dist/: /r/pkg's `!dist/` is not above it
        #expect(stack.isIgnored(absolutePath: "/r//a//b.log", isDirectory: false))  // empty segments left out
        var root = GitIgnoreStack()
        root.push(GitIgnore(base: "/", text: "/top\n"))
        #expect(root.isIgnored(absolutePath: "/top", isDirectory: true))
        #expect(!root.isIgnored(absolutePath: "/a/top", isDirectory: true))
    }

    /// A path's verdict from the segments of its absolute path (split once for every .gitignore above it)
    /// equals the verdict of the path made relative to each file's folder, on seeded random paths and patterns.
    @Test func segmentsUnderABaseAreTheRelativePath() {
        var rng = LCG(state: 0x51f3)
        let names = ["a", "b", "dist", "gen", "x.js", "y.log", "pkg", "pkgx", "src", "*"]
        let patterns = ["dist/", "/out", "*.log", "!keep.log", "src/gen/", "**/x.js", "a/**/b", "pkg/*", "[ab]", "?.js",
                        "**/dist/**", "gen", "!gen/"]
        let bases = ["/r", "/r/pkg", "/r/pkgx", "/"]
        for _ in 0..<400 {
            let depth = Int.random(in: 1...5, using: &rng)
            let path = "/r/" + (0..<depth).map { _ in names.randomElement(using: &rng)! }.joined(separator: "/")
            let base = bases.randomElement(using: &rng)!
            let text = (0..<3).map { _ in patterns.randomElement(using: &rng)! }.joined(separator: "\n")
            let file = GitIgnore(base: base, text: text)
            var stack = GitIgnoreStack()
            stack.push(file)
            let isDirectory = Bool.random(using: &rng)
            let expected = GitIgnoreStack.relative(path, to: base)
                .flatMap { file.verdict(relativePath: $0, isDirectory: isDirectory) } ?? false
            #expect(stack.isIgnored(absolutePath: path, isDirectory: isDirectory) == expected, "\(path) under \(base): \(text)")
        }
    }
}

@Suite struct ConfigTests {
    @Test func parsesEverySection() throws {
        let config = try LintConfig.parse("""
            rules:
              blocking/fs-sync: error
              redos: off
              serial-await/sequential:
                severity: note
                options: { minAwaits: 3, names: [a, b], strict: true }
            ignore: ["scripts/**", "**/*.min.js"]
            entryPoints:
              - handleJob
              - { file: "src/jobs/*.js", function: run }
            blockingAPIs:
              - { module: "./lib/hash", name: hashSync }
            budget: { maxFileBytes: 1000 }
            """, path: "looplint.yml")
        #expect(config.severity(for: "blocking/fs-sync", default: .warning) == .error)
        #expect(config.severity(for: "redos/exponential", default: .error) == nil)
        #expect(config.severity(for: "serial-await/sequential", default: .warning) == .note)
        #expect(config.severity(for: "listener-leak/x", default: .warning) == .warning)
        let options = config.setting(for: "serial-await/sequential").options
        #expect(options["minAwaits"] == .int(3))
        #expect(options["names"]?.strings == ["a", "b"])
        #expect(options["strict"] == .bool(true))
        #expect(config.ignore == ["scripts/**", "**/*.min.js"])
        #expect(config.entryPoints == [EntryPoint(function: "handleJob"), EntryPoint(file: "src/jobs/*.js", function: "run")])
        #expect(config.blockingAPIs == [BlockingAPI(module: "./lib/hash", name: "hashSync")])
        #expect(config.budget.maxFileBytes == 1000)
    }

    @Test func emptyFileIsDefaults() throws {
        #expect(try LintConfig.parse("", path: "x.yml").rules.isEmpty)
    }

    @Test(arguments: [
        ("rules: [a]", "'rules' must map"),
        ("rulez: {}", "unknown key 'rulez'"),
        ("rules:\n  blocking/fs-sync: loud", "unknown severity 'loud'"),
        ("rules: {a: {severity: error, colour: red}}", "unknown key 'colour'"),
        ("budget: {maxFileBytes: -1}", "positive integers"),
        ("entryPoints: [{file: x}]", "needs 'function'"),
        ("rules: {a: [", "invalid YAML"),
    ])
    func mistakesAreTypedErrors(yaml: String, fragment: String) {
        do {
            _ = try LintConfig.parse(yaml, path: "looplint.yml")
            Issue.record("no error for \(yaml)")
        } catch let error as ConfigError {
            #expect(error.description.contains(fragment), "\(error)")
            #expect(error.description.hasPrefix("looplint.yml"))
        } catch {
            Issue.record("untyped error \(error)")
        }
    }

    @Test func foundUpward() throws {
        let dir = TempDir()
        dir.write("looplint.yml", "rules: {}\n")
        dir.write("src/deep/a.js", "")
        #expect(LintConfig.find(from: dir.path + "/src/deep") == dir.path + "/looplint.yml")
        #expect(LintConfig.find(from: dir.path + "/src/deep/a.js") == dir.path + "/looplint.yml")
    }
}

@Suite struct DiscoveryTests {
    func paths(_ d: Discovery) -> [String] { d.candidates.map(\.path) }

    @Test(arguments: [
        ("a.js", true), ("a.cjs", true), ("a.mjs", true), ("a.jsx", true), ("a.ts", true), ("a.mts", true),
        ("a.cts", true), ("a.tsx", true), ("a.d.ts", false), ("a.d.mts", false), ("a.d.cts", false), (".d.ts", false),
        ("d.ts", true), ("a.d.tsx", true), (".js", false), ("js", false), ("a.JS", false), ("a.json", false),
        ("a.js.map", false), ("a.", false), ("é.ts", true), ("a.tsx.bak", false), ("a.d.js", true),
        ("a.jx", false), ("a.ss", false), ("a.cjsx", false), ("a.ms", false), ("a.tjs", false), ("a.csx", false),
        ("a.mjx", false), ("a.d.jsx", true), ("ad.ts", true), ("a.xd.ts", true), ("a..ts", true),
    ])
    func sourceNames(name: String, expected: Bool) {
        #expect(FileDiscovery.isSourceName(name) == expected)
    }

    @Test func extensionsAndSkips() throws {
        let dir = TempDir()
        for f in ["a.js", "b.cjs", "c.mjs", "d.jsx", "e.ts", "f.cts", "g.mts", "h.tsx", "types.d.ts", "x.json",
                  "node_modules/dep/index.js", ".git/hooks/x.js", "src/nested/i.js", "README.md"]
        {
            dir.write(f, "")
        }
        let found = try FileDiscovery(config: LintConfig()).discover([dir.path])
        #expect(paths(found) == ["a.js", "b.cjs", "c.mjs", "d.jsx", "e.ts", "f.cts", "g.mts", "h.tsx", "src/nested/i.js"]
            .map { dir.path + "/" + $0 })
        #expect(found.errors.isEmpty)
    }

    /// The walk notes which project files each listed folder held; the reader of project files takes a probed
    /// name the walk did not see as absent without opening it (a file made after the walk proves it), and reads
    /// the rest: names the walk saw, other names, and folders it did not list (node_modules).
    @Test func listedFoldersAnswerProbesForAbsentProjectFiles() throws {
        let dir = TempDir()
        dir.write("a/package.json", "{}")
        dir.write("a/x.js", "")
        dir.write("b/y.js", "")
        dir.write("node_modules/dep/index.js", "")
        let found = try FileDiscovery(config: LintConfig()).discover([dir.path])
        let root = FileDiscovery.absolute(dir.path)
        #expect(found.listings.isKnownAbsent(root + "/b/package.json"))
        #expect(found.listings.isKnownAbsent(root + "/tsconfig.json"))
        #expect(!found.listings.isKnownAbsent(root + "/a/package.json"))
        #expect(!found.listings.isKnownAbsent(root + "/b/other.json"))
        #expect(!found.listings.isKnownAbsent(root + "/node_modules/dep/package.json"))
        #expect(!found.listings.isKnownAbsent(root + "/c/package.json"))
        dir.write("b/package.json", "{}")
        dir.write("b/other.json", "{}")
        dir.write("node_modules/dep/package.json", "{}")
        let reader = ProjectFileReader(listings: found.listings)
        #expect(reader.bytes(atPath: root + "/b/package.json") == nil)
        #expect(reader.bytes(atPath: root + "/b/other.json") != nil)
        #expect(reader.bytes(atPath: root + "/a/package.json") != nil)
        #expect(reader.bytes(atPath: root + "/node_modules/dep/package.json") != nil)
        #expect(ProjectFileReader().bytes(atPath: root + "/b/package.json") != nil)
    }

    /// A folder that only holds projects (a checkout of several repositories side by side) scopes each
    /// project's files below the project's folder, so file roles read the project's own layout (its top-level
    /// `client/` is browser code); a project folder, or a folder with files of its own, keeps its paths.
    @Test func aFolderOfProjectsScopesFilesBelowEachProject() throws {
        let dir = TempDir()
        dir.write("wiki/package.json", "{}")
        dir.write("wiki/client/app.js", "")
        dir.write("wiki/server/main.js", "")
        dir.write("notes/client/a.js", "")
        let found = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir.path)
        let scopes = Dictionary(uniqueKeysWithValues: found.candidates.map { ($0.path, $0.scopePath) })
        #expect(scopes == ["wiki/client/app.js": "client/app.js", "wiki/server/main.js": "server/main.js",
                           "notes/client/a.js": "notes/client/a.js"])
        #expect(FileRoles.role(forPath: scopes["wiki/client/app.js"]!) == .browser)
        // the project scanned by itself gives the same scope
        let alone = try FileDiscovery(config: LintConfig()).discover(["wiki"], cwd: dir.path)
        #expect(alone.candidates.map(\.scopePath) == ["client/app.js", "server/main.js"])
        // a folder with a file of its own is a project's folder: its paths stay as they are
        dir.write("index.js", "")
        let own = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir.path)
        #expect(own.candidates.map(\.scopePath) == ["index.js", "notes/client/a.js", "wiki/client/app.js", "wiki/server/main.js"])
    }

    @Test func relativePathsStayRelative() throws {
        let dir = TempDir()
        dir.write("proj/src/a.js", "")
        let found = try FileDiscovery(config: LintConfig()).discover(["src"].map { $0 }, cwd: dir.path + "/proj")
        #expect(paths(found) == ["src/a.js"])
        let dot = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir.path + "/proj")
        #expect(paths(dot) == ["src/a.js"])
    }

    @Test func gitignoreAndConfigIgnore() throws {
        let dir = TempDir()
        dir.mkdir(".git")
        dir.write(".gitignore", "dist/\n*.gen.js\n")
        dir.write("dist/bundle.js", "")
        dir.write("src/a.js", "")
        dir.write("src/b.gen.js", "")
        dir.write("scripts/tool.js", "")
        dir.write("src/.gitignore", "local.js\n")
        dir.write("src/local.js", "")
        let config = LintConfig(path: dir.path + "/looplint.yml", ignore: ["scripts/**"])
        let found = try FileDiscovery(config: config).discover([dir.path])
        #expect(paths(found) == [dir.path + "/src/a.js"])
        // Scanning a subfolder still honours the repository root's .gitignore.
        let sub = try FileDiscovery(config: LintConfig()).discover([dir.path + "/src"])
        #expect(paths(sub) == [dir.path + "/src/a.js"])
    }

    @Test func symlinkLoopIsAnErrorNotAHang() throws {
        let dir = TempDir()
        dir.write("a/x.js", "")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/loop", withDestinationPath: dir.path + "/a")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/self.js", withDestinationPath: dir.path + "/a/self.js")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/gone.js", withDestinationPath: dir.path + "/nowhere.js")
        let found = try FileDiscovery(config: LintConfig()).discover([dir.path + "/a"])
        #expect(paths(found) == [dir.path + "/a/x.js"])
        let messages = found.errors.map { "\(($0.file as NSString).lastPathComponent): \($0.message)" }
        #expect(messages == ["gone.js: broken symbolic link", "loop: symbolic link loop (links to a folder above it)",
                             "self.js: symbolic link loop"])
    }

    /// The folders under a scanned folder are walked side by side with more than one job; what is found is
    /// what the walk in order finds, links between the folders included: a folder reached first through a
    /// link (`a/to-c`, walked before `c`) is walked once, under the path the walk in order gives it.
    @Test func walkingSideBySideFindsWhatTheWalkInOrderFinds() throws {
        let dir = TempDir()
        dir.mkdir(".git")
        dir.write(".gitignore", "dist/\n")
        for f in ["a/x.js", "b/y.ts", "b/deep/z.js", "c/w.js", "c/inner/v.js", "dist/bundle.js", "top.js", "notes.md"] {
            dir.write(f, "")
        }
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/a/to-c", withDestinationPath: dir.path + "/c")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/b/up", withDestinationPath: dir.path)
        var inOrder = FileDiscovery(config: LintConfig())
        inOrder.jobs = 1
        var sideBySide = FileDiscovery(config: LintConfig())
        sideBySide.jobs = 2
        let one = try inOrder.discover([dir.path]), two = try sideBySide.discover([dir.path])
        #expect(paths(one) == ["a/to-c/inner/v.js", "a/to-c/w.js", "a/x.js", "b/deep/z.js", "b/y.ts", "top.js"].map { dir.path + "/" + $0 })
        #expect(paths(two) == paths(one))
        #expect(two.sizes == one.sizes)
        #expect(two.errors == one.errors && one.errors.map(\.message) == ["symbolic link loop (links to a folder above it)"])
    }

    @Test func folderNamedLikeASourceFileIsWalkedNotRead() throws {
        let dir = TempDir()
        dir.write("highlight.js/lib/index.js", "")
        let found = try FileDiscovery(config: LintConfig()).discover([dir.path])
        #expect(paths(found) == [dir.path + "/highlight.js/lib/index.js"])
    }

    @Test func missingPathIsAUsageError() {
        #expect(throws: InputError.self) { try FileDiscovery(config: LintConfig()).discover(["/nonexistent/looplint"]) }
    }

    @Test func fifoWithSourceNameIsReportedNotOpened() throws {
        let dir = TempDir()
        _ = Run.process("/usr/bin/mkfifo", [dir.path + "/pipe.js"])
        dir.write("ok.js", "")
        let found = try FileDiscovery(config: LintConfig()).discover([dir.path])
        #expect(paths(found) == [dir.path + "/ok.js"])
        #expect(found.errors.map(\.message) == ["not a regular file"])
    }
}

@Suite struct SourceLoaderTests {
    func load(_ path: String, budget: AnalysisBudget = AnalysisBudget()) -> Result<String, ScanError> {
        SourceLoader.load(Candidate(path: "f.js", origin: .disk(path)), budget: budget).map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func readsUTF8() {
        let dir = TempDir()
        let p = dir.write("a.js", "const é = '😀'\n")
        #expect((try? load(p).get()) == "const é = '😀'\n")
    }

    @Test func invalidUTF8IsAnErrorWithPosition() {
        let dir = TempDir()
        let p = dir.write("a.js", bytes: Array("ok()\nx = '".utf8) + [0xC3, 0x28] + Array("'\n".utf8))
        guard case .failure(let e) = load(p) else { Issue.record("accepted invalid UTF-8"); return }
        #expect(e.line == 2 && e.column == 6)
        #expect(e.message.contains("invalid UTF-8"))
    }

    @Test(arguments: [[0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x80]] as [[UInt8]])
    func malformedSequencesAreRejected(bytes: [UInt8]) {
        #expect(SourceLoader.firstInvalidUTF8(Array("ab".utf8) + bytes) == 2)
    }

    @Test func binaryFileIsAnError() {
        let dir = TempDir()
        let p = dir.write("a.js", bytes: [0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2])
        guard case .failure(let e) = load(p) else { Issue.record("accepted binary"); return }
        #expect(e.message.contains("binary"))
    }

    /// Only the first 8,000 bytes are probed for a NUL, as git does: one at the last probed byte makes the file
    /// binary, one just after it does not (NUL is valid UTF-8).
    @Test func binaryProbeEndsAtItsLimit() {
        let limit = SourceLoader.binaryProbeBytes
        var inside = [UInt8](repeating: UInt8(ascii: "a"), count: limit + 10)
        inside[limit - 1] = 0
        guard case .failure(let e) = SourceLoader.validate(inside, path: "a.js") else { Issue.record("accepted binary"); return }
        #expect(e.message.contains("binary"))
        var after = [UInt8](repeating: UInt8(ascii: "a"), count: limit + 10)
        after[limit] = 0
        guard case .success = SourceLoader.validate(after, path: "b.js") else { Issue.record("rejected a NUL past the probe"); return }
        #expect(SourceLoader.hasNUL([], within: limit) == false)
    }

    @Test func hugeFileIsAnErrorWithoutReadingIt() {
        let dir = TempDir()
        let p = dir.write("big.min.js", String(repeating: "a", count: 3000))
        var budget = AnalysisBudget()
        budget.maxFileBytes = 2048
        guard case .failure(let e) = load(p, budget: budget) else { Issue.record("accepted a file over budget"); return }
        #expect(e.message.contains("too large"))
    }

    @Test func deletedFileIsAnError() {
        let dir = TempDir()
        let p = dir.write("gone.js", "x")
        try? FileManager.default.removeItem(atPath: p)
        guard case .failure(let e) = load(p) else { Issue.record("read a deleted file"); return }
        #expect(e.message == "file disappeared during the scan")
    }

    @Test func folderInPlaceOfAFileIsAnError() {
        let dir = TempDir()
        dir.mkdir("x.js")
        guard case .failure(let e) = load(dir.path + "/x.js") else { Issue.record("read a folder"); return }
        #expect(e.message.contains("is a directory"))
    }
}

@Suite struct SuppressionTests {
    func comments(_ items: [(String, Int)]) -> [SuppressionComment] {
        items.map { SuppressionComment(text: $0.0, startLine: $0.1, endLine: $0.1) }
    }

    @Test func nextLineWithRulesAndReason() {
        let s = Suppressions(comments: comments([("// looplint-disable-next-line blocking/fs-sync, redos -- startup only", 3)]))
        #expect(s.suppresses("blocking/fs-sync", line: 4))
        #expect(s.suppresses("redos/exponential", line: 4))
        #expect(!s.suppresses("serial-await/sequential", line: 4))
        #expect(!s.suppresses("blocking/fs-sync", line: 3))
        #expect(!s.suppresses("blocking/fs-sync", line: 5))
    }

    @Test func blocks() {
        let s = Suppressions(comments: comments([("/* looplint-disable blocking */", 2), ("/* looplint-enable blocking */", 5),
                                                 ("/* looplint-disable */", 9)]))
        #expect(!s.suppresses("blocking/fs-sync", line: 1))
        #expect(s.suppresses("blocking/fs-sync", line: 3))
        #expect(!s.suppresses("redos/exponential", line: 3))
        #expect(!s.suppresses("blocking/fs-sync", line: 6))
        #expect(s.suppresses("redos/exponential", line: 100))  // open to the end of the file
    }

    @Test func prose_mentioning_the_directive_is_not_a_directive() {
        let s = Suppressions(comments: comments([("// do not use looplint-disable-next-line here", 1), ("// looplint-disabled x", 3)]))
        #expect(s.isEmpty)
    }
}

@Suite struct BaselineTests {
    func finding(_ line: Int, code: String, occurrence: Int = 0) -> Finding {
        Finding(ruleId: "blocking/fs-sync", severity: .warning, file: "src/a.js", line: line, column: 3, endLine: line,
                endColumn: 9, message: "m",
                fingerprint: Fingerprint.make(ruleId: "blocking/fs-sync", file: "src/a.js", code: code, occurrence: occurrence))
    }

    @Test func matchesByCodeNotLine() {
        let old = [finding(10, code: "fs.readFileSync(a)"), finding(20, code: "fs.readFileSync(b)")]
        let baseline = Baseline(findings: old)
        // Lines moved by an unrelated edit; one new finding.
        let now = [finding(12, code: "fs.readFileSync(a)"), finding(22, code: "fs.readFileSync(b)"), finding(30, code: "fs.statSync(c)")]
        #expect(baseline.filter(now).map(\.line) == [30])
    }

    @Test func countsDuplicates() {
        let baseline = Baseline(findings: [finding(1, code: "x()")])
        #expect(baseline.filter([finding(1, code: "x()"), finding(2, code: "x()", occurrence: 1)]).map(\.line) == [2])
    }

    @Test func fingerprintIgnoresWhitespaceAndDotSlash() {
        #expect(Fingerprint.make(ruleId: "a/b", file: "./x.js", code: "f( a )", occurrence: 0)
            == Fingerprint.make(ruleId: "a/b", file: "x.js", code: "f(a)", occurrence: 0))
        #expect(Fingerprint.make(ruleId: "a/b", file: "x.js", code: "f(a)", occurrence: 0)
            != Fingerprint.make(ruleId: "a/c", file: "x.js", code: "f(a)", occurrence: 0))
    }

    @Test func unreadableBaselineIsAnInputError() {
        let dir = TempDir()
        let p = dir.write("b.json", "{\"not\": \"a report\"}")
        #expect(throws: InputError.self) { try Baseline.load(path: p) }
    }
}

@Suite struct ParallelMapTests {
    @Test(arguments: [1, 2, 7])
    func resultsInIndexOrder(jobs: Int) {
        let out = ParallelMap.map(count: 1000, jobs: jobs) { $0 * $0 }
        #expect(out == (0..<1000).map { $0 * $0 })
    }
}

@Suite struct RulePageTests {
    @Test func parsesExamplesAndExpectations() throws {
        let page = try RulePage.parse("""
            ---
            id: demo/thing
            severity: note
            summary: A demo
            fix: do better
            ---
            # demo/thing
            ```js bad
            a()
            b() // expect: demo/thing, demo/other
            ```
            ```ts good
            c()
            ```
            ```sh
            not an example // expect: x
            ```
            """, path: "rules/demo/thing.md")
        #expect(page.category == "demo")
        #expect(page.examples.count == 2)
        #expect(page.examples[0].expectations == [.init(line: 2, ruleId: "demo/thing"), .init(line: 2, ruleId: "demo/other")])
        #expect(page.examples[1].language == "ts" && page.examples[1].kind == .good)
        #expect(page.explainText.contains("```js\na()\nb()\n```"))
        #expect(!page.explainText.contains("expect: demo"))
    }

    @Test func rejectsMissingFields() {
        #expect(throws: RuleDocsError.self) { try RulePage.parse("---\nid: a/b\n---\n", path: "x.md") }
        #expect(throws: RuleDocsError.self) { try RulePage.parse("# no front matter", path: "x.md") }
        #expect(throws: RuleDocsError.self) {
            try RulePage.parse("---\nid: a/b\nseverity: loud\nsummary: s\nfix: f\n---\n", path: "x.md")
        }
    }
}
