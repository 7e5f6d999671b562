import ArgumentParser
import Bench
import Foundation
import Rules

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Load a Node.js server and measure event-loop lag, latency and heap growth per route.",
        discussion: """
        Without --server-command or --url, runs the bundled bench server (fixtures/bench-server) and \
        all routes of its manifest. A server command is started with looplint's lag probe preloaded \
        through NODE_OPTIONS, so the server's code needs no change. Load goes to loopback only.

        Examples:
          looplint bench --duration 5
          looplint bench --server-command "node app.js" --routes /api/users,/api/orders --format json --output before.json
          looplint bench --compare before.json after.json --chart lag.svg
          looplint bench --verify --quick
        """
    )

    @Option(help: ArgumentHelp("Start this server (split like a shell, no expansions); stopped when the run ends.", valueName: "command"))
    var serverCommand: String?

    @Option(help: ArgumentHelp("The server's address, http://127.0.0.1:PORT. With --server-command: where it will listen (default: the port the probe reports); alone: a server that is already running.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("Comma-separated request paths, e.g. /users,/orders?limit=5 ({seq} = a per-request counter). Default: the bundled manifest's routes.", valueName: "paths"))
    var routes: String?

    @Option(help: "Concurrent keep-alive connections (1-256).")
    var connections: Int = 8

    @Option(help: "Seconds of measured load per route (at most 600).")
    var duration: Double?

    @Option(help: "Measured requests per route, instead of a duration.")
    var requests: Int?

    @Option(help: "Seconds of unmeasured load per route before measuring.")
    var warmup: Double?

    @Option(help: "text or json")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Write the report there instead of stdout.", valueName: "file"))
    var output: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Compare two JSON reports: before.json after.json.", valueName: "before after"))
    var compare: [String] = []

    @Option(help: ArgumentHelp("With --compare: write an SVG chart of the event-loop delay distributions.", valueName: "file.svg"))
    var chart: String?

    @Flag(help: "Lint the bundled server, then check that each fix shows its effect under load (exit 1 unless every pair passes).")
    var verify = false

    @Flag(help: "With --verify: short phases (under a minute in all).")
    var quick = false

    @Option(help: ArgumentHelp("Folder of the bundled bench server.", valueName: "dir"))
    var benchServer: String?

    @Option(help: ArgumentHelp("With --url: the LOOPLINT_PROBE folder the running server was started with.", valueName: "dir"))
    var probeDir: String?

    @Flag(help: "Do not preload the lag probe into a started server.")
    var noProbe = false

    @Option(help: "Path that must answer before the server counts as up.")
    var readyPath: String = "/"

    @Option(help: "Seconds to wait for the server to answer.")
    var startupTimeout: Double = 30

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if !compare.isEmpty, compare.count != 2 {
            throw ValidationError("--compare takes two reports: before.json after.json")
        }
        if chart != nil, compare.isEmpty {
            throw ValidationError("--chart goes with --compare")
        }
        if quick, !verify { throw ValidationError("--quick goes with --verify") }
        if duration != nil, requests != nil { throw ValidationError("give --duration or --requests, not both") }
        if let duration, !(duration > 0 && duration <= LoadBounds.maxDurationSeconds) {
            throw ValidationError("--duration must be between 0 and \(Int(LoadBounds.maxDurationSeconds)) seconds")
        }
        if let requests, !(requests >= 1 && requests <= LoadBounds.maxRequests) {
            throw ValidationError("--requests must be between 1 and \(LoadBounds.maxRequests)")
        }
        if !(1...LoadBounds.maxConnections).contains(connections) {
            throw ValidationError("--connections must be between 1 and \(LoadBounds.maxConnections)")
        }
        if let warmup, !(warmup >= 0 && warmup <= 60) { throw ValidationError("--warmup must be between 0 and 60 seconds") }
    }

    func run() async throws {
        if !compare.isEmpty { return try runCompare() }
        // Ctrl-C stops the server this command starts before looplint exits.
        ServerRegistry.shared.installSignalHandlers()
        // A person at a terminal gets a progress line (after a second): phase, route, time against plan.
        let interactive = format == .text && output == nil && Terminal.isTerminal(STDOUT_FILENO)
        let line = interactive && Terminal.isTerminal(STDERR_FILENO)
            ? ProgressLine(color: ColorMode.auto.enabled(for: STDERR_FILENO)) : nil
        defer { line?.finish() }
        do {
            if verify { return try await runVerify(line) }
            try await runBench(line)
        } catch {
            ServerRegistry.shared.waitIfInterrupted()
            throw error
        }
    }

    // MARK: bench

    private var plan: LoadPlan {
        let limit: LoadLimit = requests.map { .requests($0) } ?? .duration(seconds: duration ?? 5)
        return LoadPlan(connections: connections, limit: limit, warmupSeconds: warmup ?? 1)
    }

    private func runBench(_ line: ProgressLine?) async throws {
        var specs = try routes.map(parseRoutes) ?? []
        let session: BenchSession
        let target: String
        if let serverCommand {
            let words = try splitCommandLine(serverCommand)
            let expectedPort = try url.map { try parseTargetURL($0).port }
            let probe = noProbe ? nil : try? BundledServer.locate(explicit: benchServer, executable: executablePath).probeScript
            if specs.isEmpty { specs = [RouteSpec(path: readyPath)] }
            line?.update(BenchProgress(phase: .starting))
            session = try await BenchSession.start(command: words, probeScript: probe, expectedPort: expectedPort,
                                                   readyPath: readyPath, startupTimeout: startupTimeout)
            target = serverCommand
        } else if let url {
            if specs.isEmpty { specs = [RouteSpec(path: readyPath)] }
            session = try await BenchSession.attach(url: url, probeDirectory: probeDir)
            target = url
        } else {
            let bundled = try BundledServer.locate(explicit: benchServer, executable: executablePath)
            if specs.isEmpty { specs = bundled.routes(pairs: bundled.manifest.pairs) }
            line?.update(BenchProgress(phase: .starting))
            session = try await BenchSession.start(command: bundled.command, probeScript: noProbe ? nil : bundled.probeScript,
                                                   expectedPort: nil, readyPath: "/health", startupTimeout: startupTimeout)
            target = "bundled bench server"
        }
        defer { session.stop() }
        var results: [RouteResult] = []
        for spec in specs {
            progress("bench \(spec.name)", line)
            results.append(try await session.measure(spec, plan: plan, progress: line?.benchHandler))
        }
        line?.finish()
        let report = BenchReport(version: LoopLint.configuration.version, target: target, settings: plan.settings,
                                 routes: results)
        try emit(format == .json ? report.jsonString() : BenchRendering.text(report))
    }

    private func parseRoutes(_ text: String) throws -> [RouteSpec] {
        let paths = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if paths.isEmpty { throw UsageError("--routes needs at least one path") }
        // The bundled manifest knows request bodies of its routes.
        let bundled = serverCommand == nil && url == nil ? try? BundledServer.locate(explicit: benchServer, executable: executablePath) : nil
        return paths.map { path in
            var spec = RouteSpec(path: path)
            if let pair = bundled?.manifest.pairs.first(where: { RouteSpec(path: $0.hazard.path).name == spec.name || RouteSpec(path: $0.fixed.path).name == spec.name }) {
                spec.request = pair.loadRequest(path: spec.request.path)
            }
            return spec
        }
    }

    // MARK: compare

    private func runCompare() throws {
        let before = try readReport(compare[0])
        let after = try readReport(compare[1])
        let comparison = BenchComparison(before: before, after: after)
        if let chart {
            let svg = SVGChart.render(comparison, beforeLabel: "before (\(URL(fileURLWithPath: compare[0]).lastPathComponent))",
                                      afterLabel: "after (\(URL(fileURLWithPath: compare[1]).lastPathComponent))")
            try write(svg, to: chart)
        }
        try emit(comparison.text())
    }

    private func readReport(_ path: String) throws -> BenchReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
        do {
            return try BenchReport.decode(data)
        } catch {
            throw UsageError("\(path) is not a looplint bench JSON report (write one with --format json)")
        }
    }

    // MARK: verify

    private func runVerify(_ line: ProgressLine?) async throws {
        let bundled = try BundledServer.locate(explicit: benchServer, executable: executablePath)
        let stale = bundled.staleAnchors()
        if !stale.isEmpty { throw UsageError("the bench manifest does not match the code: " + stale.joined(separator: "; ")) }
        progress("linting \(bundled.directory)", line)
        line?.update(BenchProgress(phase: .linting))
        let lint = executablePath.map { CheckRun.run(executable: $0, in: bundled.directory) }
            ?? .notRun("cannot find the looplint executable")
        let verifyPlan = quick
            ? LoadPlan(connections: connections, limit: .duration(seconds: duration ?? 1.2), warmupSeconds: warmup ?? 0.3)
            : LoadPlan(connections: connections, limit: requests.map { .requests($0) } ?? .duration(seconds: duration ?? 4),
                       warmupSeconds: warmup ?? 1)
        let started = Date()
        let outcomes = try await bundled.verify(pairs: bundled.manifest.pairs, plan: verifyPlan, lint: lint,
                                                catalog: RuleCatalog.ids.map(\.rawValue),
                                                progress: { progress($0, line) }, phases: line?.benchHandler)
        line?.finish()
        let report = VerifyReport(version: LoopLint.configuration.version, quick: quick, settings: verifyPlan.settings,
                                  lint: lint, pairs: outcomes, seconds: Date().timeIntervalSince(started))
        try emit(format == .json ? report.jsonString() : BenchRendering.verifyText(report))
        if !report.passes { throw ExitCode(1) }
    }

    // MARK: output

    private var executablePath: String? {
        #if os(Linux)
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }

    /// A log line on standard error (above the progress line, when there is one).
    private func progress(_ message: String, _ line: ProgressLine?) {
        if let line { return line.log("looplint: \(message)") }
        FileHandle.standardError.write(Data("looplint: \(message)\n".utf8))
    }

    private func emit(_ text: String) throws {
        // a measurement can also end normally once Ctrl-C has stopped the server (its connections refused):
        // no report of such a run, which ends as interrupted
        ServerRegistry.shared.waitIfInterrupted()
        if let output {
            try write(text, to: output)
        } else {
            print(text, terminator: "")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw UsageError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
