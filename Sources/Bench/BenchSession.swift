// One bench session: the server under test (started here or already running), its lag probe, and
// the per-route measurement: warm up, reset the probe, load, read the probe.

import Foundation
import NIOCore
import NIOPosix

public struct RouteSpec: Sendable, Equatable {
    /// The name shown in tables and used to match routes in `--compare`.
    public var name: String
    public var request: LoadRequest

    public init(name: String, request: LoadRequest) {
        self.name = name
        self.request = request
    }

    /// A route from a path given on the command line: named after the path without its query.
    public init(path: String) {
        let normalized = path.hasPrefix("/") ? path : "/" + path
        name = String(normalized.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        request = LoadRequest(path: normalized)
    }
}

public struct LoadPlan: Sendable, Equatable {
    public var connections: Int
    public var limit: LoadLimit
    public var warmupSeconds: Double

    public init(connections: Int, limit: LoadLimit, warmupSeconds: Double) {
        self.connections = min(max(1, connections), LoadBounds.maxConnections)
        switch limit {
        case .duration(let seconds): self.limit = .duration(seconds: min(max(0.05, seconds), LoadBounds.maxDurationSeconds))
        case .requests(let count): self.limit = .requests(min(max(1, count), LoadBounds.maxRequests))
        }
        self.warmupSeconds = min(max(0, warmupSeconds), 60)
    }

    public var settings: BenchSettings {
        switch limit {
        case .duration(let seconds):
            return BenchSettings(connections: connections, durationSeconds: seconds, requests: nil, warmupSeconds: warmupSeconds)
        case .requests(let count):
            return BenchSettings(connections: connections, durationSeconds: nil, requests: count, warmupSeconds: warmupSeconds)
        }
    }
}

/// Parses `http://127.0.0.1:PORT[/...]`; only loopback hosts are accepted.
public func parseTargetURL(_ text: String) throws -> (host: String, port: Int) {
    guard let components = URLComponents(string: text), components.scheme == "http", let host = components.host,
          !host.isEmpty
    else { throw BenchSetupError.badURL(text) }
    try checkLoopback(host)
    return (host, components.port ?? 80)
}

public final class BenchSession: @unchecked Sendable {
    public let host: String
    public private(set) var port: Int
    public let generator: LoadGenerator
    private let probeGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var server: ServerProcess?
    private var probe: ProbeClient?
    public private(set) var probeNote: String?
    private var workDirectory: String?

    private init(host: String, port: Int) {
        self.host = host
        self.port = port
        generator = LoadGenerator(threads: 1)
    }

    deinit {
        stop()
        try? probeGroup.syncShutdownGracefully()
    }

    /// Targets a server that is already running. `probeDirectory` is the LOOPLINT_PROBE folder it
    /// was started with, if any.
    public static func attach(url: String, probeDirectory: String?) async throws -> BenchSession {
        let (host, port) = try parseTargetURL(url)
        let session = BenchSession(host: host, port: port)
        guard await session.generator.probeStatus(host: host, port: port, path: "/", timeout: 5) != nil else {
            throw ServerError.neverAnswered(seconds: 5, log: "")
        }
        if let probeDirectory {
            await session.connectProbe(directory: probeDirectory)
        } else {
            session.probeNote = "no probe: start the server with LOOPLINT_PROBE and NODE_OPTIONS=--require probe.js and pass --probe-dir"
        }
        return session
    }

    /// Starts `command` with the probe preloaded and waits until it answers HTTP. Without
    /// `expectedPort` the port is the one the probe announces.
    public static func start(command: [String], probeScript: String?, expectedPort: Int?, readyPath: String,
                             startupTimeout: Double, extraEnvironment: [String: String] = [:]) async throws -> BenchSession
    {
        let session = BenchSession(host: "127.0.0.1", port: expectedPort ?? 0)
        if let expectedPort, await session.generator.isListening(host: "127.0.0.1", port: expectedPort) {
            throw ServerError.portInUse(expectedPort)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        session.workDirectory = dir
        var environment = extraEnvironment
        if let probeScript {
            environment["LOOPLINT_PROBE"] = dir
            let existing = ProcessInfo.processInfo.environment["NODE_OPTIONS"].map { " " + $0 } ?? ""
            environment["NODE_OPTIONS"] = "--require \(quoteForNodeOptions(probeScript))" + existing
        } else if expectedPort == nil {
            throw BenchSetupError.usage("without the probe looplint cannot learn the server's port: pass --url http://127.0.0.1:PORT")
        }
        let server = try ServerProcess(command: command, environment: environment, logPath: dir + "/server.log")
        session.server = server
        do {
            try await session.waitUntilReady(readyPath: readyPath, timeout: startupTimeout, probeDirectory: probeScript == nil ? nil : dir)
        } catch {
            session.stop()
            throw error
        }
        if probeScript != nil {
            await session.connectProbe(directory: dir)
        } else {
            session.probeNote = "no probe loaded"
        }
        return session
    }

    private func waitUntilReady(readyPath: String, timeout: Double, probeDirectory: String?) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        // Checks before it looks at the clock, so a task that was not scheduled for a while (a busy
        // machine) still looks once more after the deadline instead of failing a server that is up.
        while true {
            if let server, let status = server.exited() {
                throw ServerError.exited(status: status, log: server.log())
            }
            if port == 0, let probeDirectory, let announced = ProbeClient.announcedPorts(in: probeDirectory).first {
                port = announced
            }
            if port != 0, await generator.probeStatus(host: host, port: port, path: readyPath, timeout: 1) != nil {
                return
            }
            if Date() >= deadline { break }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ServerError.neverAnswered(seconds: timeout, log: server?.log() ?? "")
    }

    private func connectProbe(directory: String) async {
        let path = ProbeClient.socketPath(directory: directory, port: port)
        // The probe opens its socket right after the server starts listening; give it a moment.
        for _ in 0..<40 where !FileManager.default.fileExists(atPath: path) {
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        do {
            probe = try await ProbeClient(socketPath: path, group: probeGroup)
        } catch {
            probeNote = "no probe: \(error)"
        }
    }

    public var hasProbe: Bool { probe != nil }

    /// Warm-up, then one measured phase of `route` under `plan`; `progress` hears when each phase starts.
    public func measure(_ route: RouteSpec, plan: LoadPlan, progress: BenchProgress.Handler? = nil) async throws -> RouteResult {
        if plan.warmupSeconds > 0 {
            progress?(BenchProgress(phase: .warmingUp, route: route.name, plannedSeconds: plan.warmupSeconds))
            _ = try await generator.run(host: host, port: port, request: route.request, connections: plan.connections,
                                        limit: .duration(seconds: plan.warmupSeconds))
        }
        var note = probeNote
        if let probe {
            do {
                try await probe.reset()
            } catch {
                note = "\(error)"
            }
        }
        switch plan.limit {
        case .duration(let seconds): progress?(BenchProgress(phase: .load, route: route.name, plannedSeconds: seconds))
        case .requests(let count): progress?(BenchProgress(phase: .load, route: route.name, plannedRequests: count))
        }
        let outcome = try await generator.run(host: host, port: port, request: route.request,
                                              connections: plan.connections, limit: plan.limit)
        var report: ProbeReport?
        if let probe, note == nil {
            do {
                report = try await probe.report()
            } catch {
                note = "\(error)"
            }
        }
        if outcome.errors > 0, !outcome.errorSamples.isEmpty {
            let errors = "errors: " + outcome.errorSamples.joined(separator: "; ")
            note = note.map { $0 + "; " + errors } ?? errors
        }
        return RouteResult(
            route: route.name, method: route.request.method, path: route.request.path,
            requests: outcome.requests, errors: outcome.errors, elapsedSeconds: outcome.elapsedSeconds,
            latency: outcome.latency.summary(), loopDelay: report?.loopDelaySummary,
            utilization: report?.utilization,
            heap: report.map { HeapSummary(startBytes: $0.heap.startBytes, endBytes: $0.heap.endBytes,
                                           requests: outcome.requests, afterFullGC: $0.heap.forcedGC) },
            gc: report.map { GCSummary(count: $0.gc.count, major: $0.gc.major, totalMs: $0.gc.totalMs, maxMs: $0.gc.maxMs) },
            probeNote: note)
    }

    /// Stops the server this session started (by its pid) and removes the session's files.
    public func stop() {
        probe?.close()
        probe = nil
        server?.stop()
        server = nil
        if let workDirectory {
            try? FileManager.default.removeItem(atPath: workDirectory)
            self.workDirectory = nil
        }
    }
}

/// NODE_OPTIONS takes double-quoted values for paths with spaces.
func quoteForNodeOptions(_ path: String) -> String {
    path.contains(" ") ? "\"" + path.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : path
}
