// Tests that run Node.js: a throwaway server that knows nothing of looplint, server start-up
// failures, Ctrl-C, and the bundled server's `looplint bench --verify --quick`. Without `node` on
// PATH they are skipped through `.enabled(if:)`, so the skip and its reason show in the test report
// (CI installs node and counts skips); a missing looplint binary fails them.

import Bench
import Foundation
import LintTestSupport
import Rules
import Testing
#if canImport(Glibc)
import Glibc
#endif

enum NodeTestSupport {
    static let node = findExecutable("node")

    static var hasNode: Bool { node != nil }
    static let noNode: Comment = "node is not on PATH (install Node.js; CI does)"

    static var probeScript: String { RepoPaths.path("fixtures/bench-server/probe.js") }

    /// A plain Node.js HTTP server, unaware of looplint: `/` answers at once, `/busy` spins 3 ms.
    /// It writes its pid to `pid` beside itself once listening.
    static func writeThrowawayServer() throws -> (dir: String, script: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-throwaway-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let script = dir + "/app.js"
        try """
        const http = require('http');
        const fs = require('fs');
        const path = require('path');
        let served = 0;
        const server = http.createServer((req, res) => {
          served += 1;
          if (req.url.startsWith('/busy')) {
            const end = Date.now() + 3;
            while (Date.now() < end) {}
          }
          res.setHeader('content-type', 'text/plain');
          res.end('served ' + served + '\\n');
        });
        server.listen(Number(process.env.APP_PORT || 0), '127.0.0.1', () => {
          fs.writeFileSync(path.join(__dirname, 'pid'), String(process.pid));
        });

        """.write(toFile: script, atomically: true, encoding: .utf8)
        return (dir, script)
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0
    }

    struct Run {
        var status: Int32
        /// stdout and stderr together.
        var output: String
    }

    /// Runs the looplint binary (in a process group of its own, with no inherited descriptors) and
    /// waits at most `timeout` seconds; past that it is stopped and the status is 124.
    static func looplint(_ arguments: [String], timeout: Double = 120) throws -> Run {
        let binary = try #require(RepoPaths.binary, "looplint binary not found next to the tests; run swift build first")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-run-\(UInt32.random(in: 0...UInt32.max)).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let process = try ServerProcess(command: [binary] + arguments, environment: [:], logPath: log)
        let deadline = Date().addingTimeInterval(timeout)
        while process.exited() == nil, Date() < deadline { usleep(50_000) }
        let status = process.exited() ?? 124
        process.stop()
        return Run(status: status, output: process.log())
    }
}

/// Serialized so that no two of these load the machine at once.
@Suite(.serialized) struct NodeBenchTests {
    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func benchesAServerThatKnowsNothingOfLooplint() async throws {
        let app = try NodeTestSupport.writeThrowawayServer()
        defer { try? FileManager.default.removeItem(atPath: app.dir) }
        let session = try await BenchSession.start(command: ["node", app.script], probeScript: NodeTestSupport.probeScript,
                                                   expectedPort: nil, readyPath: "/", startupTimeout: 30)
        defer { session.stop() }
        #expect(session.hasProbe, "the probe should attach through NODE_OPTIONS: \(session.probeNote ?? "")")
        let plan = LoadPlan(connections: 4, limit: .requests(300), warmupSeconds: 0)
        let idle = try await session.measure(RouteSpec(path: "/"), plan: plan)
        let busy = try await session.measure(RouteSpec(path: "/busy"), plan: LoadPlan(connections: 2, limit: .requests(60), warmupSeconds: 0))
        let pidText = try String(contentsOfFile: app.dir + "/pid", encoding: .utf8)
        session.stop()

        #expect(idle.requests == 300)
        #expect(idle.errors == 0)
        #expect(busy.requests == 60)
        #expect(idle.latency.max > 0)
        let loop = try #require(busy.loopDelay, "no event-loop figures: \(busy.probeNote ?? "")")
        #expect(loop.samples > 0)
        #expect(!loop.distribution.isEmpty)
        // Each /busy request holds the loop for 3 ms of a busy-wait, so the probe's timer is late.
        #expect(loop.max >= 2)
        #expect(busy.heap?.afterFullGC == true)
        #expect(busy.utilization != nil)
        if let pid = pid_t(pidText) {
            #expect(!NodeTestSupport.isAlive(pid), "the server must be stopped by its pid")
        }
    }

    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func commandLineBenchOfAThrowawayServerWritesJSON() throws {
        let app = try NodeTestSupport.writeThrowawayServer()
        defer { try? FileManager.default.removeItem(atPath: app.dir) }
        let output = app.dir + "/report.json"
        let run = try NodeTestSupport.looplint(["bench", "--server-command", "node \(app.script)", "--routes", "/,/busy?x={seq}",
                                                "--requests", "100", "--connections", "2", "--warmup", "0",
                                                "--format", "json", "--output", output])
        #expect(run.status == 0, "looplint bench failed: \(run.output)")
        let report = try BenchReport.decode(try Data(contentsOf: URL(fileURLWithPath: output)))
        #expect(report.routes.map(\.route) == ["/", "/busy"])
        #expect(report.routes.allSatisfy { $0.requests == 100 && $0.errors == 0 && $0.loopDelay != nil })
        if let pid = pid_t((try? String(contentsOfFile: app.dir + "/pid", encoding: .utf8)) ?? "") {
            #expect(!NodeTestSupport.isAlive(pid))
        }
    }

    @Test func missingCommandIsAClearError() async throws {
        await #expect(throws: ServerError.commandNotFound("looplint-no-such-server")) {
            _ = try await BenchSession.start(command: ["looplint-no-such-server"], probeScript: nil, expectedPort: 1,
                                             readyPath: "/", startupTimeout: 1)
        }
    }

    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func serverThatExitsEarlyShowsItsOutput() async throws {
        do {
            _ = try await BenchSession.start(command: ["node", "-e", "console.error('cannot open db'); process.exit(3)"],
                                             probeScript: NodeTestSupport.probeScript, expectedPort: nil, readyPath: "/",
                                             startupTimeout: 20)
            Issue.record("start should fail")
        } catch let error as ServerError {
            guard case .exited(let status, let log) = error else { Issue.record("unexpected \(error)"); return }
            #expect(status == 3)
            #expect(log.contains("cannot open db"))
        }
    }

    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func serverThatNeverAnswersTimesOut() async throws {
        do {
            _ = try await BenchSession.start(command: ["node", "-e", "setTimeout(() => {}, 60000)"], probeScript: nil,
                                             expectedPort: 1, readyPath: "/", startupTimeout: 1)
            Issue.record("start should fail")
        } catch let error as ServerError {
            guard case .neverAnswered = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains("did not answer"))
        }
    }

    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func portTakenByAnotherProcessIsRefused() async throws {
        let app = try NodeTestSupport.writeThrowawayServer()
        defer { try? FileManager.default.removeItem(atPath: app.dir) }
        let first = try await BenchSession.start(command: ["node", app.script], probeScript: NodeTestSupport.probeScript,
                                                 expectedPort: nil, readyPath: "/", startupTimeout: 30)
        defer { first.stop() }
        await #expect(throws: ServerError.portInUse(first.port)) {
            _ = try await BenchSession.start(command: ["node", app.script], probeScript: nil, expectedPort: first.port,
                                             readyPath: "/", startupTimeout: 5)
        }
    }

    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func ctrlCStopsTheServer() throws {
        let binary = try #require(RepoPaths.binary, "looplint binary not found next to the tests; run swift build first")
        let app = try NodeTestSupport.writeThrowawayServer()
        defer { try? FileManager.default.removeItem(atPath: app.dir) }
        let log = app.dir + "/looplint.log"
        let process = try ServerProcess(command: [binary, "bench", "--server-command", "node \(app.script)", "--routes", "/",
                                                  "--duration", "60", "--connections", "1"],
                                        environment: [:], logPath: log)
        defer { process.stop() }
        let deadline = Date().addingTimeInterval(30)
        var pid: pid_t?
        while pid == nil, Date() < deadline, process.exited() == nil {
            pid = (try? String(contentsOfFile: app.dir + "/pid", encoding: .utf8)).flatMap { pid_t($0) }
            usleep(50_000)
        }
        let serverPid = try #require(pid, "the server never started: \(process.log())")
        usleep(300_000)
        kill(process.pid, SIGINT)
        let exitDeadline = Date().addingTimeInterval(20)
        while process.exited() == nil, Date() < exitDeadline { usleep(20_000) }
        #expect(process.exited() == 128 + SIGINT, "\(process.log())")
        usleep(100_000)
        #expect(!NodeTestSupport.isAlive(serverPid), "Ctrl-C must stop the server looplint started")
    }

    /// `make test` runs `looplint bench --verify --quick --format json`: the report covers every pair,
    /// the exit status agrees with it (0 only when every pair passes), and the linter found every
    /// manifest hazard. Effects under load are timing and are not asserted here (VerifyJudgementTests
    /// judges canned figures); the report is printed for the log.
    @Test(.enabled(if: NodeTestSupport.hasNode, NodeTestSupport.noNode))
    func verifyQuickReportsEveryPair() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-verify-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let benchServer = RepoPaths.path("fixtures/bench-server")
        let run = try NodeTestSupport.looplint(["bench", "--verify", "--quick", "--format", "json", "--output", output,
                                                "--bench-server", benchServer], timeout: 300)
        let data = try #require(FileManager.default.contents(atPath: output), "no report written: \(run.output)")
        let report = try VerifyReport.decode(data)
        print(BenchRendering.verifyText(report))
        let manifest = try BundledServer.locate(explicit: benchServer, executable: nil).manifest
        #expect(report.pairs.map(\.pair) == manifest.pairs)
        #expect(run.status == (report.passes ? 0 : 1), "exit status \(run.status) for \(report.failed) failing pairs: \(run.output)")
        #expect(report.linter.ran, "\(report.linter.reason ?? "")")
        for outcome in report.pairs {
            BundledServerTests.expectFound(outcome.pair, outcome.lint)
        }
    }
}

@Suite struct BundledServerTests {
    static func bundled() throws -> BundledServer {
        try BundledServer.locate(explicit: RepoPaths.path("fixtures/bench-server"), executable: nil)
    }

    /// Pairs whose hazard the linter does not find yet, with why; `expectFound` records them as known
    /// issues, so the pair still fails `bench --verify` and this list must shrink when a rule learns.
    static let knownMisses: [String: Comment] = [:]

    static func expectFound(_ pair: BenchManifest.Pair, _ verdict: LintVerdict, sourceLocation: SourceLocation = #_sourceLocation) {
        if let why = knownMisses[pair.id] {
            guard case .missed = verdict else {
                #expect(verdict != .found, "\(pair.id) is found now: remove it from knownMisses", sourceLocation: sourceLocation)
                #expect(verdict == .found, "\(pair.id): \(verdict.label)", sourceLocation: sourceLocation)
                return
            }
            withKnownIssue(why) {
                #expect(verdict == .found, "\(pair.id): \(verdict.label)", sourceLocation: sourceLocation)
            }
        } else {
            #expect(verdict == .found, "\(pair.id): \(verdict.label)", sourceLocation: sourceLocation)
        }
    }

    @Test func manifestMatchesTheCode() throws {
        let bundled = try Self.bundled()
        #expect(bundled.staleAnchors().isEmpty)
        #expect(Set(bundled.manifest.pairs.map(\.family)) == ["blocking", "redos", "serial-await", "unbounded-cache", "listener-leak"])
        for pair in bundled.manifest.pairs {
            #expect(pair.hazard.rule.hasPrefix(pair.family + "/"))
            #expect(pair.fixed.path.hasPrefix(RouteSpec(path: pair.hazard.path).name + "/fixed"))
        }
    }

    @Test func manifestRuleIdsAreInTheCatalog() throws {
        let catalog = RuleCatalog.ids.map(\.rawValue)
        for pair in try Self.bundled().manifest.pairs {
            #expect(catalog.contains(pair.hazard.rule),
                    "fixtures/bench-server/routes.json: pair \(pair.id) names rule \(pair.hazard.rule), which is not in the catalog")
        }
    }

    /// The lint half of `bench --verify` with the real `check`, without load: every hazard found on
    /// its line, no fixed twin flagged by its rule.
    @Test func checkFindsEveryManifestHazard() throws {
        let binary = try #require(RepoPaths.binary, "looplint binary not found next to the tests; run swift build first")
        let bundled = try Self.bundled()
        let lint = CheckRun.run(executable: binary, in: bundled.directory)
        guard case .ran = lint else { Issue.record("check did not run: \(lint)"); return }
        let catalog = RuleCatalog.ids.map(\.rawValue)
        for pair in bundled.manifest.pairs {
            Self.expectFound(pair, VerifyLint.verdict(for: pair, lint: lint, catalog: catalog))
        }
    }
}
