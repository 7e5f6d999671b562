// The cache across runs: a warm run gives the cold run's report byte for byte, a changed input gives
// what a cold run over the changed tree gives, and a cache from another configuration or build, or a
// damaged one, is ignored.

import Diagnostics
import Foundation
import JSSyntax
@testable import LintEngine
import LintTestSupport
import Reporting
import Rules
import Testing

@Suite struct ScanCacheTests {
    /// An Express app whose findings cross modules: a route in app.js, its handler in routes/, helpers in
    /// lib/ and a folder module resolved through its package.json `main`.
    static let project: [(String, String)] = [
        ("app.js", """
            const express = require('express')
            const users = require('./routes/users')
            const files = require('./files')
            const app = express()
            app.get('/users/:id', users.show)
            app.get('/users', users.list)
            app.get('/file', (req, res) => res.send(files.read(req.query.p)))
            app.listen(3000)
            """),
        ("routes/users.js", """
            const fs = require('fs')
            const store = require('../lib/store')
            const { USED } = require('../lib/patterns')
            exports.show = async (req, res) => {
              const user = await store.load(req.params.id)
              const feed = await store.feed(req.params.id)
              res.send(fs.readFileSync(`users/${req.params.id}.json`) + user + feed)
            }
            // quiet only while the cached finding keeps which awaits it is about: names() waits for nothing
            exports.list = async (req, res) => {
              const names = await store.names()
              const first = await store.load(req.query.first)
              res.send({ names, first, ok: USED.test(req.query.s) })
            }
            """),
        ("lib/store.js", """
            const cache = new Map()
            exports.load = async (id) => { cache.set(id, await fetch(id)); return cache.get(id) }
            exports.feed = async (id) => fetch('/feed/' + id)
            exports.valid = (s) => /^(a+)+$/.test(s)
            exports.names = () => ['a', 'b']
            """),
        // USED is a warning (a handler's module imports it), TRAIL a note (nothing imports it) while the cached
        // findings keep that only the importers of each name decide its context
        ("lib/patterns.js", """
            exports.USED = /\\s*;\\s*b$/
            exports.TRAIL = /\\s*,\\s*a$/
            """),
        ("files/package.json", #"{ "name": "files", "main": "sync.js" }"#),
        ("files/sync.js", """
            const fs = require('fs')
            exports.read = (p) => fs.readFileSync(p, 'utf8')
            """),
        ("files/async.js", """
            exports.read = async (p) => p
            """),
        // a published package (not private, no `npm start`): its unreached code stays a note, which the
        // pending findings' scopes below are about (an application's is left out)
        ("package.json", #"{ "name": "cache-app", "main": "app.js" }"#),
    ]

    func makeProject() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-cache-\(UUID().uuidString)").path
        for (path, text) in ScanCacheTests.project { try write(dir, path, text) }
        return dir
    }

    func write(_ dir: String, _ path: String, _ text: String) throws {
        let full = dir + "/" + path
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func linter(_ config: LintConfig = LintConfig(), select: [String] = [], jobs: Int = 1) -> Linter {
        RuleRegistry.linter(LintOptions(config: config, selection: RuleSelection(select: select), jobs: jobs))
    }

    func discover(_ dir: String, skipping cacheDir: String) throws -> Discovery {
        try FileDiscovery(config: LintConfig(), skippedPaths: [cacheDir]).discover(["."], cwd: dir)
    }

    func json(_ result: LintResult) -> String {
        var report = result.report
        report.summary.durationMs = 0
        return JSONReporter.render(report)
    }

    func text(_ result: LintResult) -> String {
        var report = result.report
        report.summary.durationMs = 0
        return TextReporter(color: false, ruleSummary: true).render(report, excerpts: result.excerpts)
    }

    /// A run without the cache, over the tree as it is now.
    func cold(_ dir: String, _ linter: Linter) throws -> LintResult {
        linter.run(try discover(dir, skipping: dir + "/.looplint-cache"))
    }

    func cached(_ dir: String, _ linter: Linter, cache: ScanCache? = nil) throws -> (result: LintResult, outcome: ScanCache.Outcome) {
        let cache = cache ?? ScanCache(directory: dir + "/.looplint-cache")
        return cache.lint(linter, discovery: try discover(dir, skipping: cache.directory), paths: ["."], cwd: dir)
    }

    @Test func warmRunGivesTheColdReportByteForByte() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        let first = try cached(dir, l)
        #expect(first.outcome == .scanned(reused: 0, files: 6))
        #expect(first.result.report.findings.count >= 4)
        let second = try cached(dir, l)
        #expect(second.outcome == .hit)
        #expect(json(second.result) == json(first.result))
        #expect(text(second.result) == text(first.result))
        #expect(json(second.result) == json(try cold(dir, l)))
        // The cache folder ignores itself in git.
        #expect(FileManager.default.fileExists(atPath: dir + "/.looplint-cache/.gitignore"))
    }

    @Test func oneFileChangedGivesTheColdRunsReport() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        _ = try cached(dir, l)
        let before = json(try cold(dir, l))
        // Each change alters findings in files that did not change (request paths cross modules).
        let changes: [(String, String?)] = [
            ("app.js", Self.project[0].1.replacingOccurrences(of: "app.get('/users/:id', users.show)\n", with: "")),
            ("lib/store.js", Self.project[2].1 + "\nexports.more = (s) => /^(b+)+c$/.test(s)\n"),
            ("routes/extra.js", "const fs = require('fs')\nmodule.exports = (req, res) => res.send(fs.readFileSync('x'))\n"),
            ("routes/users.js", nil),
        ]
        var previous = before
        for (path, content) in changes {
            if let content { try write(dir, path, content) } else { try FileManager.default.removeItem(atPath: dir + "/" + path) }
            let warm = try cached(dir, l)
            let coldNow = json(try cold(dir, l))
            #expect(json(warm.result) == coldNow, "after changing \(path)")
            // what reused files' pending findings carry comes back: the awaits they are about, and an exported
            // regex's own scope
            let findings = warm.result.report.findings
            #expect(!findings.contains { $0.message.contains("store.load waits for store.names") }, "after changing \(path)")
            let patterns = findings.filter { $0.file == "lib/patterns.js" }.map { "\($0.line) \($0.severity)" }
            #expect(patterns == (content == nil ? ["1 note", "2 note"] : ["1 warning", "2 note"]), "after changing \(path)")
            #expect(coldNow != previous, "the change to \(path) changes the report")
            guard case .scanned(let reused, let files) = warm.outcome else {
                Issue.record("a changed tree must be scanned")
                continue
            }
            // Every file but the changed one takes its file-hook findings from the cache.
            #expect(reused == files - (content == nil ? 0 : 1), "after changing \(path)")
            #expect(try cached(dir, l).outcome == .hit)
            previous = coldNow
        }
    }

    /// A reused file's pending finding keeps the calls it takes as reads only if their functions read and emit
    /// (`AwaitedCalls.emitOnly`): whether it stands follows the module that defines them, warm as cold.
    @Test func emitOnlyCallsComeBackFromTheCache() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(dir, "login.js", """
            const { Server } = require('socket.io')
            const { sendInfo, sendList } = require('./lists')
            const io = new Server(3000)
            io.on('connection', (socket) => {
              socket.on('login', async () => {
                await sendInfo(socket)
                await sendList(socket)
              })
            })
            """)
        let writes = """
            const db = require('./db')
            exports.sendInfo = async (socket) => { socket.emit('info', await db.findOne('setting', { key: 'url' })) }
            exports.sendList = async (socket) => { await db.update('user', { seen: Date.now() }); socket.emit('list', await db.find('item', {})) }
            """
        try write(dir, "lists.js", writes)
        try write(dir, "package.json", #"{ "name": "login-app", "private": true, "scripts": { "start": "node login.js" } }"#)
        let l = linter()
        let first = try cached(dir, l)
        #expect(!first.result.report.findings.contains { $0.file == "login.js" })
        // the function that writes now only reads: login.js, reused from the cache, is reported
        try write(dir, "lists.js", writes.replacingOccurrences(of: "await db.update('user', { seen: Date.now() }); ", with: ""))
        let warm = try cached(dir, l)
        #expect(warm.outcome == .scanned(reused: 1, files: 2))
        #expect(warm.result.report.findings.contains { $0.file == "login.js" && $0.ruleId.rawValue == "serial-await/sequential" })
        #expect(json(warm.result) == json(try cold(dir, l)))
        // and back: the reused finding is dropped again
        try write(dir, "lists.js", writes)
        let again = try cached(dir, l)
        #expect(!again.result.report.findings.contains { $0.file == "login.js" })
        #expect(json(again.result) == json(try cold(dir, l)))
    }

    @Test func changedPackageJSONIsSeen() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        let first = try cached(dir, l)
        #expect(first.result.report.findings.contains { $0.file == "files/sync.js" })
        try write(dir, "files/package.json", #"{ "name": "files", "main": "async.js" }"#)
        let second = try cached(dir, l)
        #expect(second.outcome != .hit)
        #expect(!second.result.report.findings.contains { $0.file == "files/sync.js" })
        #expect(json(second.result) == json(try cold(dir, l)))
    }

    @Test func otherConfigurationOrBuildIsNotReused() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try cached(dir, linter())
        #expect(try cached(dir, linter()).outcome == .hit)

        let selected = linter(select: ["blocking"])
        let narrowed = try cached(dir, selected)
        #expect(narrowed.outcome == .scanned(reused: 0, files: 6))
        #expect(json(narrowed.result) == json(try cold(dir, selected)))

        var config = LintConfig()
        config.rules["blocking"] = RuleSetting(level: .severity(.error))
        let stricter = linter(config)
        let strict = try cached(dir, stricter)
        #expect(strict.outcome == .scanned(reused: 0, files: 6))
        #expect(strict.result.report.findings.contains { $0.ruleId.category == "blocking" && $0.severity == .error })
        #expect(json(strict.result) == json(try cold(dir, stricter)))

        let otherBuild = ScanCache(directory: dir + "/.looplint-cache", buildID: "another build")
        #expect(try cached(dir, linter(), cache: otherBuild).outcome == .scanned(reused: 0, files: 6))
    }

    @Test func everyConfigurationFieldIsPartOfTheIdentity() {
        let cache = ScanCache(directory: "/nonexistent", buildID: "b")
        let base = LintConfig()
        var changed: [(String, LintConfig)] = []
        var c = base; c.path = "/p/looplint.yml"; changed.append(("path", c))
        c = base; c.rules["redos"] = RuleSetting(level: .off); changed.append(("rules", c))
        c = base; c.rules["serial-await/sequential"] = RuleSetting(options: ["minAwaits": .int(3)]); changed.append(("options", c))
        c = base; c.ignore = ["scripts/**"]; changed.append(("ignore", c))
        c = base; c.entryPoints = [EntryPoint(function: "handle")]; changed.append(("entryPoints", c))
        c = base; c.blockingAPIs = [BlockingAPI(module: "./lib/x", name: "y")]; changed.append(("blockingAPIs", c))
        c = base; c.budget.maxFindingsPerFile = 3; changed.append(("budget", c))
        c = base; c.contexts = [ContextAssignment(role: .tooling, globs: ["ops/**"])]; changed.append(("contexts", c))
        c = base; c.libraryAPI = true; changed.append(("libraryAPI", c))
        c = base; c.hotOnly = true; changed.append(("hotOnly", c))
        let reference = cache.identityText(linter(base), paths: ["."], cwd: "/w")
        #expect(reference == cache.identityText(linter(base), paths: ["."], cwd: "/w"))
        for (field, config) in changed {
            #expect(cache.identityText(linter(config), paths: ["."], cwd: "/w") != reference, "\(field)")
        }
        #expect(cache.identityText(linter(base), paths: ["src"], cwd: "/w") != reference)
        #expect(cache.identityText(linter(base), paths: ["."], cwd: "/v") != reference)
        #expect(cache.identityText(RuleRegistry.linter(LintOptions(allContexts: true)), paths: ["."], cwd: "/w") != reference)
        // Dictionary order changes between processes; the identity sorts it.
        var a = base, b = base
        for k in ["blocking", "redos", "serial-await", "listener-leak", "unbounded-cache", "concurrency"] { a.rules[k] = RuleSetting(level: .severity(.note)) }
        for k in ["blocking", "redos", "serial-await", "listener-leak", "unbounded-cache", "concurrency"].reversed() { b.rules[k] = RuleSetting(level: .severity(.note)) }
        #expect(ScanCache.canonical(a) == ScanCache.canonical(b))
    }

    @Test func damagedCacheIsIgnored() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        let reference = json(try cold(dir, l))
        _ = try cached(dir, l)
        let folder = dir + "/.looplint-cache"
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".bin") }.sorted()
        #expect(entries.count == 2)
        let damages: [(String, ([UInt8]) -> [UInt8])] = [
            ("truncated", { Array($0.prefix($0.count / 2)) }),
            ("one byte flipped", { var b = $0; b[b.count / 2] ^= 0x40; return b }),
            ("empty", { _ in [] }),
            ("garbage", { b in b.indices.map { UInt8(truncatingIfNeeded: $0 &* 31) } }),
        ]
        for (what, damage) in damages {
            _ = try cached(dir, l)  // a sound cache again
            for name in entries {
                let path = folder + "/" + name
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                try Data(damage(bytes)).write(to: URL(fileURLWithPath: path))
            }
            let run = try cached(dir, l)
            #expect(run.outcome == .scanned(reused: 0, files: 6), "\(what)")
            #expect(json(run.result) == reference, "\(what)")
        }
    }

    @Test func concurrentRunsAgree() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        let reference = json(try cold(dir, l))
        let outputs = ParallelMap.map(count: 6, jobs: 3) { _ in (try? self.cached(dir, l)).map { self.json($0.result) } ?? "" }
        #expect(outputs.allSatisfy { $0 == reference })
        #expect(try cached(dir, l).outcome == .hit)
    }

    @Test func newDiscoveryErrorIsSeen() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let l = linter()
        _ = try cached(dir, l)
        try FileManager.default.createSymbolicLink(atPath: dir + "/lib/broken.js", withDestinationPath: "nowhere.js")
        let run = try cached(dir, l)
        #expect(run.outcome == .scanned(reused: 6, files: 6))
        #expect(run.result.report.errors.map(\.file) == ["lib/broken.js"])
        #expect(json(run.result) == json(try cold(dir, l)))
    }

    @Test func oldEntriesArePruned() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cache = ScanCache(directory: dir + "/.looplint-cache")
        let discovery = try discover(dir, skipping: cache.directory)
        // Each working folder is another identity, hence another pair of entries.
        for k in 0..<(ScanCache.maxEntries + 4) {
            _ = cache.lint(linter(), discovery: discovery, paths: ["."], cwd: "/identity/\(k)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        #expect(names.filter { $0.hasPrefix("report-") }.count == ScanCache.maxEntries)
        #expect(names.filter { $0.hasPrefix("files-") }.count == ScanCache.maxEntries)
        #expect(!names.contains { $0.contains(".tmp-") })
        // The newest identity is still answered from the cache.
        let last = cache.lint(linter(), discovery: discovery, paths: ["."], cwd: "/identity/\(ScanCache.maxEntries + 3)")
        #expect(last.outcome == .hit)
    }

    @Test func cacheFolderIsNotLinted() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hazard = "const fs = require('fs')\nmodule.exports = (req, res) => res.send(fs.readFileSync('x'))\n"
        try write(dir, ".looplint-cache/leftover.js", hazard)
        try write(dir, "build-cache/looplint/leftover.js", hazard)
        let discovery = try FileDiscovery(config: LintConfig(), skippedPaths: [dir + "/build-cache/looplint"])
            .discover(["."], cwd: dir)
        let paths = discovery.candidates.map(\.path)
        #expect(paths == ["app.js", "files/async.js", "files/sync.js", "lib/patterns.js", "lib/store.js", "routes/users.js"])
        // Without the option the custom folder is walked like any other.
        let plain = try FileDiscovery(config: LintConfig()).discover(["."], cwd: dir)
        #expect(plain.candidates.map(\.path).contains("build-cache/looplint/leftover.js"))
    }

    @Test func defaultFolderFollowsNodeModules() throws {
        let dir = try makeProject()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(ScanCache.defaultDirectory(projectRoot: dir) == dir + "/.looplint-cache")
        try FileManager.default.createDirectory(atPath: dir + "/node_modules", withIntermediateDirectories: true)
        #expect(ScanCache.defaultDirectory(projectRoot: dir) == dir + "/node_modules/.cache/looplint")
    }

    @Test func findingsComeBackExactly() throws {
        var evidence = Evidence()
        evidence["steps"] = .double(2.0)
        evidence["attack"] = .object(["prefix": "", "pump": "a", "suffix": "!"])
        evidence["confirmed"] = true
        evidence["degree"] = .array([.int(-3), .string("é\u{0}"), .double(0.1)])
        let finding = Finding(ruleId: "redos/polynomial", severity: .note, file: "src/a b.ts", line: 3, column: 7,
                              endLine: 4, endColumn: 1, message: "m", trace: [TraceStep(file: "x.js", line: 1, column: 2, label: "h")],
                              evidence: evidence, fix: Fix(description: "d", edits: [TextEdit(line: 1, column: 1, endLine: 1, endColumn: 2, text: "\r\n")]),
                              fingerprint: "abc:1")
        var w = ByteWriter()
        w.findings([finding, Finding(ruleId: "blocking/fs-sync", severity: .error, file: "b.js", line: 1, column: 1,
                                     endLine: 1, endColumn: 2, message: "n")])
        var r = ByteReader(w.bytes)
        let back = try r.findings()
        #expect(r.isAtEnd)
        #expect(back.count == 2)
        // Field order and value kinds survive (a JSON round trip would turn 2.0 into 2 and sort the keys).
        #expect(back.first?.evidence.fields.map(\.key) == ["steps", "attack", "confirmed", "degree"])
        #expect(back.first?.evidence["steps"] == .double(2.0))
        #expect(back.first == finding)
        #expect(JSONReporter.render(LintReport(files: 1, findings: back, errors: [], durationMs: 0))
            == JSONReporter.render(LintReport(files: 1, findings: [finding, back[1]], errors: [], durationMs: 0)))
    }

    @Test func pendingFindingsComeBackExactly() throws {
        let finding = Finding(ruleId: "redos/exponential", severity: .warning, file: "a.js", line: 2, column: 3,
                              endLine: 2, endColumn: 9, message: "placeholder")
        var deferred = Evidence()
        deferred["pattern"] = "^(a+)+$"
        deferred["lineFree"] = false
        deferred["bound"] = .object(["length": 500, "line": 4])
        let list = [
            PendingFinding(finding: finding, scope: .functions([NodeID(Int32(7)), NodeID(Int32(12))]), deferred: deferred),
            PendingFinding(finding: finding, scope: .exported("RE"), awaited: AwaitedCalls([NodeID(Int32(3))], minimum: 2)),
            PendingFinding(finding: finding, scope: .file, awaited: AwaitedCalls([NodeID(Int32(4)), NodeID(Int32(5))], minimum: 2, perIteration: true),
                           deferred: Evidence()),
        ]
        var w = ByteWriter()
        w.pendingFindings(list)
        var r = ByteReader(w.bytes)
        let back = try r.pendingFindings()
        #expect(r.isAtEnd)
        #expect(back.map(\.finding) == list.map(\.finding))
        #expect(back.map(\.scope) == list.map(\.scope))
        #expect(back.map(\.awaited) == list.map(\.awaited))
        // what the rule finishes the finding with, in its order
        #expect(back.map(\.deferred) == list.map(\.deferred))
        #expect(back[0].deferred?.fields.map(\.key) == ["pattern", "lineFree", "bound"])
    }

    @Test func contentHashIsXXH64() {
        // Reference value of XXH64 with seed 0 for the empty input.
        #expect(ContentHash.hash([UInt8]()) == 0xEF46_DB37_51D8_E999)
        // Every length through the stripe, word, half-word and byte tails: one changed byte changes the hash.
        for n in 1...100 {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            var changed = bytes
            changed[n - 1] ^= 1
            #expect(ContentHash.hash(bytes) != ContentHash.hash(changed), "length \(n)")
            #expect(ContentHash.hash(bytes) != ContentHash.hash(Array(bytes.dropLast())), "length \(n)")
        }
    }
}
