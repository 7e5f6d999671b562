// Tests that run Node.js: a throwaway server that knows nothing of looplint, server start-up
// failures, Ctrl-C, and the bundled server's `looplint bench --verify --quick`. Each skips with a
// printed reason when `node` (or the built binary) is missing.

import Bench
import Foundation
import LintTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

enum NodeTestSupport {
    static let node = findExecutable("node")

    static func skipReason() -> String? {
        node == nil ? "node is not on PATH; skipping the Node.js bench tests" : nil
    }

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
        guard let binary = RepoPaths.binary else { throw TestSkip("looplint binary not built") }
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

struct TestSkip: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Serialized so that no two of these load the machine at once.
@Suite(.serialized) struct NodeBenchTests {
    @Test func benchesAServerThatKnowsNothingOfLooplint() async throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
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

    @Test func commandLineBenchOfAThrowawayServerWritesJSON() throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
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

    @Test func serverThatExitsEarlyShowsItsOutput() async throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
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

    @Test func serverThatNeverAnswersTimesOut() async throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
        do {
            _ = try await BenchSession.start(command: ["node", "-e", "setTimeout(() => {}, 60000)"], probeScript: nil,
                                             expectedPort: 1, readyPath: "/", startupTimeout: 1)
            Issue.record("start should fail")
        } catch let error as ServerError {
            guard case .neverAnswered = error else { Issue.record("unexpected \(error)"); return }
            #expect(error.description.contains("did not answer"))
        }
    }

    @Test func portTakenByAnotherProcessIsRefused() async throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
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

    @Test func ctrlCStopsTheServer() throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
        guard let binary = RepoPaths.binary else { print("looplint binary not built; skipping"); return }
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

    /// The issue's acceptance check: `make test` runs `looplint bench --verify --quick`.
    @Test func verifyQuickPasses() throws {
        if let reason = NodeTestSupport.skipReason() { print(reason); return }
        guard RepoPaths.binary != nil else { print("looplint binary not built; skipping"); return }
        let table = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-verify-\(UInt32.random(in: 0...UInt32.max)).txt").path
        defer { try? FileManager.default.removeItem(atPath: table) }
        let run = try NodeTestSupport.looplint(["bench", "--verify", "--quick", "--output", table,
                                                "--bench-server", RepoPaths.path("fixtures/bench-server")], timeout: 240)
        let text = (try? String(contentsOfFile: table, encoding: .utf8)) ?? ""
        print(text)
        #expect(run.status == 0, "looplint bench --verify --quick failed:\n\(text)\n\(run.output)")
        #expect(text.contains("pairs pass"))
    }
}

@Suite struct BundledServerTests {
    @Test func manifestMatchesTheCode() throws {
        let bundled = try BundledServer.locate(explicit: RepoPaths.path("fixtures/bench-server"), executable: nil)
        #expect(bundled.staleAnchors().isEmpty)
        #expect(Set(bundled.manifest.pairs.map(\.family)) == ["blocking", "redos", "serial-await", "unbounded-cache", "listener-leak"])
        for pair in bundled.manifest.pairs {
            #expect(pair.hazard.rule.hasPrefix(pair.family + "/"))
            #expect(pair.fixed.path.hasPrefix(RouteSpec(path: pair.hazard.path).name + "/fixed"))
        }
    }
}
