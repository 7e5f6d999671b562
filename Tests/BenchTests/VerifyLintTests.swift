// `bench --verify` must not pass what it did not see: a pair passes only when its rule is in the
// catalog, `check` ran and reported the hazard on its line, the fixed twin is clean of that rule, and
// the effect meets its bar. `check` is replaced by small shell scripts here (crash, bad JSON, failure),
// and the load by canned measurements, so these tests are deterministic and need neither node nor
// the built binary.

import Bench
import Foundation
import LintTestSupport
import Rules
import Testing

@Suite struct VerifyLintTests {
    let blocking = pair(metric: .loopDelayP99, factor: 5)
    let catalog = ["blocking/fs-sync", "blocking/json-body"]
    let hit = FindingRef(ruleId: "blocking/fs-sync", file: "lib/h.js", line: 7)

    @Test func hazardOnItsLineAndACleanTwinIsFound() {
        let verdict = VerifyLint.verdict(for: blocking, lint: .ran([hit]), catalog: catalog)
        #expect(verdict == .found)
        #expect(verdict.passes)
        #expect(verdict.label == "found")
    }

    @Test func unknownRuleFailsAndNamesTheRulesOfItsCategory() {
        var p = blocking
        p.hazard.rule = "blocking/json-parse"
        let verdict = VerifyLint.verdict(for: p, lint: .ran([hit]), catalog: catalog)
        guard case .unknownRule(let why) = verdict else { Issue.record("expected unknown rule, got \(verdict)"); return }
        #expect(!verdict.passes)
        #expect(why.contains("`blocking/json-parse` is not in this build's rule catalog"))
        #expect(why.contains("blocking/json-body"))
        #expect(verdict.label.hasPrefix("unknown rule: "))
    }

    @Test func missedHazardFails() {
        let moved = FindingRef(ruleId: "blocking/fs-sync", file: "lib/h.js", line: 8)
        let other = FindingRef(ruleId: "blocking/json-body", file: "lib/h.js", line: 7)
        let verdict = VerifyLint.verdict(for: blocking, lint: .ran([moved, other]), catalog: catalog)
        #expect(verdict == .missed("no blocking/fs-sync at lib/h.js:7 (found blocking/fs-sync@8, blocking/json-body@7)"))
        #expect(!verdict.passes)
        #expect(VerifyLint.verdict(for: blocking, lint: .ran([]), catalog: catalog) == .missed("no blocking/fs-sync at lib/h.js:7"))
    }

    @Test func theRuleOnTheFixedTwinFailsAnotherRuleThereDoesNot() {
        let onFixed = FindingRef(ruleId: "blocking/fs-sync", file: "lib/f.js", line: 3)
        let flagged = VerifyLint.verdict(for: blocking, lint: .ran([hit, onFixed]), catalog: catalog)
        #expect(flagged == .fixedTwinFlagged("lib/f.js raised blocking/fs-sync at line 3"))
        #expect(!flagged.passes)
        let otherRule = FindingRef(ruleId: "blocking/json-body", file: "lib/f.js", line: 3)
        #expect(VerifyLint.verdict(for: blocking, lint: .ran([hit, otherRule]), catalog: catalog) == .found)
    }

    @Test func notRunFails() {
        let verdict = VerifyLint.verdict(for: blocking, lint: .notRun("`looplint check` crashed (signal 11)"), catalog: catalog)
        #expect(verdict == .notRun("`looplint check` crashed (signal 11)"))
        #expect(!verdict.passes)
        #expect(verdict.label == "not run: `looplint check` crashed (signal 11)")
    }

    @Test func aPairPassesOnlyWithBothHalves() {
        let good = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 60), fixed: route("/f", loopP99: 2))
        let bad = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 6), fixed: route("/f", loopP99: 2))
        let verdicts: [LintVerdict] = [.missed("m"), .fixedTwinFlagged("f"), .notRun("n"), .unknownRule("u")]
        #expect(PairOutcome(pair: blocking, lint: .found, hazard: nil, fixed: nil, effect: good).passes)
        #expect(!PairOutcome(pair: blocking, lint: .found, hazard: nil, fixed: nil, effect: bad).passes)
        for verdict in verdicts {
            let outcome = PairOutcome(pair: blocking, lint: verdict, hazard: nil, fixed: nil, effect: good)
            #expect(!outcome.passes, "\(verdict) must fail the pair")
            #expect(outcome.failures == ["lint " + verdict.label])
        }
    }

    @Test func verdictsSurviveAJSONRoundTrip() throws {
        let verdicts: [LintVerdict] = [.found, .missed("m"), .fixedTwinFlagged("f"), .notRun("n"), .unknownRule("u")]
        let data = try JSONEncoder().encode(verdicts)
        #expect(try JSONDecoder().decode([LintVerdict].self, from: data) == verdicts)
        let text = String(decoding: try JSONEncoder().encode(LintVerdict.missed("m")), as: UTF8.self)
        #expect(text.contains("\"verdict\":\"missed\"") && text.contains("\"passes\":false"))
    }
}

/// `check` replaced by a script: what the verify makes of a crash, a failure and output that is not
/// the JSON report.
@Suite struct CheckRunTests {
    /// Writes an executable shell script and returns its path.
    static func fakeCheck(_ body: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-fake-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/looplint"
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    static let folder = FileManager.default.temporaryDirectory.path

    @Test func crashedCheckIsNotRun() throws {
        let exe = try Self.fakeCheck("echo 'Fatal error: index out of range' >&2\nkill -SEGV $$")
        #expect(CheckRun.run(executable: exe, in: Self.folder)
            == .notRun("`looplint check` crashed (signal 11): Fatal error: index out of range"))
    }

    @Test func failedCheckIsNotRun() throws {
        let exe = try Self.fakeCheck("echo 'error: cannot read looplint.yml' >&2\nexit 2")
        #expect(CheckRun.run(executable: exe, in: Self.folder)
            == .notRun("`looplint check` exited with status 2: error: cannot read looplint.yml"))
    }

    @Test func badJSONIsNotRun() throws {
        let truncated = try Self.fakeCheck(#"printf '{"findings": [{"ruleId": "blocking/fs-sync",'"#)
        #expect(CheckRun.run(executable: truncated, in: Self.folder)
            == .notRun(#"`looplint check` printed no JSON report (output began `{"findings": [{"ruleId": "blocking/fs-sync",`)"#))
        let silent = try Self.fakeCheck("exit 0")
        #expect(CheckRun.run(executable: silent, in: Self.folder) == .notRun("`looplint check` printed no JSON report (empty output)"))
    }

    /// A just-written executable that some process still holds open for writing cannot be launched for a
    /// moment ("text file busy"); the launch is tried again and succeeds once the writer closes it.
    @Test func busyExecutableIsLaunchedWhenItFreesUp() throws {
        let exe = try Self.fakeCheck(#"printf '{"tool": {"name": "looplint"}, "findings": [], "errors": []}'"#)
        let writer = try #require(FileHandle(forWritingAtPath: exe))
        // a thread of its own: the shared queues can be kept busy by the other tests running beside this one
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            try? writer.close()
        }
        #expect(CheckRun.run(executable: exe, in: Self.folder) == .ran([]))
    }

    @Test func missingExecutableIsNotRun() {
        guard case .notRun(let why) = CheckRun.run(executable: "/nonexistent/looplint", in: Self.folder) else {
            Issue.record("a missing executable must not run"); return
        }
        #expect(why.hasPrefix("cannot run /nonexistent/looplint"))
    }

    @Test func findingsAreReadRelativeToTheFolder() throws {
        let exe = try Self.fakeCheck("""
        echo "$@" > args.txt
        cat <<'EOF'
        {"tool": {"name": "looplint"}, "findings": [
          {"ruleId": "blocking/fs-sync", "file": "./lib/a.js", "line": 3, "column": 1},
          {"ruleId": "redos/exponential", "file": "lib/b.js", "line": 9, "column": 2}], "errors": []}
        EOF
        """)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-fake-cwd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(CheckRun.run(executable: exe, in: dir) == .ran([
            FindingRef(ruleId: "blocking/fs-sync", file: "lib/a.js", line: 3),
            FindingRef(ruleId: "redos/exponential", file: "lib/b.js", line: 9),
        ]))
        #expect(try String(contentsOfFile: dir + "/args.txt", encoding: .utf8) == "check --format json --fail-on never --no-cache .\n")
    }
}

/// The whole verify over the bundled manifest with canned measurements that meet every bar: only the
/// lint half can fail it.
@Suite struct VerifyRunTests {
    static func bundled() throws -> BundledServer {
        try BundledServer.locate(explicit: RepoPaths.path("fixtures/bench-server"), executable: nil)
    }

    static func manifest() throws -> BenchManifest { try bundled().manifest }

    /// Results that pass every pair's effect bar.
    static func measure(_ spec: RouteSpec) -> RouteResult {
        let fixed = spec.name.hasSuffix("/fixed")
        return route(spec.name, loopP99: fixed ? 1 : 100, latencyP99: fixed ? 10 : 100, heapPer10k: fixed ? 0 : 64 << 20)
    }

    static func run(_ lint: LintRun, catalog: [String] = RuleCatalog.ids.map(\.rawValue)) async throws -> VerifyReport {
        let bundled = try bundled()
        let outcomes = try await VerifyRun.judge(pairs: bundled.manifest.pairs, lint: lint, catalog: catalog,
                                                 routes: bundled.routes(pairs:), measure: { Self.measure($0) },
                                                 progress: { _ in })
        let settings = BenchSettings(connections: 8, durationSeconds: 1.2, requests: nil, warmupSeconds: 0.3)
        return VerifyReport(version: "test", quick: true, settings: settings, lint: lint, pairs: outcomes, seconds: 1)
    }

    /// Every manifest hazard, as a `check` that finds them all would report it.
    static func allHazards() throws -> [FindingRef] {
        try manifest().pairs.map { FindingRef(ruleId: $0.hazard.rule, file: $0.hazard.file, line: $0.hazard.line) }
    }

    @Test func cannedEffectsAndEveryHazardFoundPass() async throws {
        let report = try await Self.run(.ran(try Self.allHazards()))
        #expect(report.pairs.count == 8)
        #expect(report.pairs.allSatisfy { $0.lint == .found && $0.effect.passes && $0.attempts == 1 }, "\(report.pairs.map(\.failures))")
        #expect(report.passes)
    }

    @Test func crashedCheckFailsEveryPair() async throws {
        let exe = try CheckRunTests.fakeCheck("kill -SEGV $$")
        let lint = CheckRun.run(executable: exe, in: RepoPaths.path("fixtures/bench-server"))
        let report = try await Self.run(lint)
        #expect(!report.passes)
        #expect(report.failed == report.pairs.count)
        #expect(report.linter == VerifyReport.Linter(.notRun("`looplint check` crashed (signal 11)")))
        #expect(report.pairs.allSatisfy { $0.lint == .notRun("`looplint check` crashed (signal 11)") })
        let text = BenchRendering.verifyText(report)
        #expect(text.contains("linter: not run (`looplint check` crashed (signal 11))"))
        #expect(text.contains("FAIL  blocking/fs-sync (blocking/fs-sync)"))
        #expect(text.contains("0 of 8 pairs pass"))
    }

    @Test func missedHazardFailsItsPairOnly() async throws {
        let findings = try Self.allHazards().filter { $0.ruleId != "serial-await/sequential" }
        let report = try await Self.run(.ran(findings))
        #expect(report.failed == 1)
        let failed = try #require(report.pairs.first { !$0.passes })
        #expect(failed.pair.id == "serial-await/sequential")
        #expect(failed.lint == .missed("no serial-await/sequential at lib/serial-await/dashboard.js:8"))
        #expect(BenchRendering.verifyText(report).contains("lint missed: no serial-await/sequential at lib/serial-await/dashboard.js:8"))
    }

    @Test func unknownRuleFailsItsPair() async throws {
        let catalog = RuleCatalog.ids.map(\.rawValue).filter { $0 != "redos/exponential" }
        let report = try await Self.run(.ran(try Self.allHazards()), catalog: catalog)
        #expect(report.pairs.filter { !$0.passes }.map(\.pair.id) == ["redos/exponential"])
        #expect(report.pairs.first { $0.pair.id == "redos/exponential" }?.lint.name == "unknown rule")
    }

    @Test func jsonReportRoundTripsAndSaysWhy() async throws {
        let findings = try Self.allHazards().filter { $0.ruleId != "blocking/json-body" }
        let report = try await Self.run(.ran(findings))
        let json = report.jsonString()
        #expect(try VerifyReport.decode(Data(json.utf8)) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["failed"] as? Int == 1)
        let pairs = try #require(object["pairs"] as? [[String: Any]])
        let jsonPair = try #require(pairs.first { ($0["pair"] as? [String: Any])?["id"] as? String == "blocking/json-parse" })
        #expect(jsonPair["passes"] as? Bool == false)
        let lint = try #require(jsonPair["lint"] as? [String: Any])
        #expect(lint["verdict"] as? String == "missed")
        #expect(lint["reason"] as? String == "no blocking/json-body at lib/blocking/import.js:7")
    }

    @Test func verifyTableHasARowPerPair() async throws {
        let report = try await Self.run(.ran(try Self.allHazards()))
        let table = BenchRendering.verifyTable(report.pairs)
        #expect(table.split(separator: "\n").count == 2 + report.pairs.count)
        #expect(table.contains("| `blocking/fs-sync` | found | "))
        #expect(table.contains("100 → 1.00"))
    }
}
