// The bundled bench server (fixtures/bench-server): finding it on disk, and running every pair of
// its manifest for `--verify`.

import Foundation

public struct BundledServer: Sendable {
    public var directory: String
    public var manifest: BenchManifest

    public var serverScript: String { directory + "/server.js" }
    public var probeScript: String { directory + "/probe.js" }

    public var command: [String] { ["node", serverScript, "--port", "0"] }

    /// Where to look, in order: the given folder, $LOOPLINT_BENCH_SERVER, ./fixtures/bench-server,
    /// then fixtures/bench-server beside each folder above the executable (a checkout's .build).
    public static func candidates(explicit: String?, executable: String?) -> [String] {
        if let explicit { return [explicit] }
        var list: [String] = []
        if let env = ProcessInfo.processInfo.environment["LOOPLINT_BENCH_SERVER"], !env.isEmpty { list.append(env) }
        list.append(FileManager.default.currentDirectoryPath + "/fixtures/bench-server")
        if let executable {
            var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<5 {
                list.append(dir.appendingPathComponent("fixtures/bench-server").path)
                dir.deleteLastPathComponent()
            }
        }
        var seen: [String] = []
        for path in list where !seen.contains(path) { seen.append(path) }
        return seen
    }

    public static func locate(explicit: String?, executable: String?) throws -> BundledServer {
        let tried = candidates(explicit: explicit, executable: executable)
        for dir in tried {
            let standard = URL(fileURLWithPath: dir).standardizedFileURL.path
            if FileManager.default.fileExists(atPath: standard + "/routes.json"),
               FileManager.default.fileExists(atPath: standard + "/server.js")
            {
                return BundledServer(directory: standard, manifest: try BenchManifest.load(path: standard + "/routes.json"))
            }
        }
        throw BenchSetupError.benchServerNotFound(tried)
    }

    /// Both routes of every pair, hazard first.
    public func routes(pairs: [BenchManifest.Pair]) -> [RouteSpec] {
        pairs.flatMap { pair in
            [RouteSpec(name: RouteSpec(path: pair.hazard.path).name, request: pair.loadRequest(path: pair.hazard.path)),
             RouteSpec(name: RouteSpec(path: pair.fixed.path).name, request: pair.loadRequest(path: pair.fixed.path))]
        }
    }

    /// Starts the server, measures each pair and judges it (`VerifyRun.judge`): `lint` is what
    /// `check` gave on this folder, `catalog` this build's rule ids.
    /// `phases` (when given) hears each phase as it starts, for a progress line.
    public func verify(pairs: [BenchManifest.Pair], plan: LoadPlan, lint: LintRun, catalog: [String],
                       progress: (String) -> Void, phases: BenchProgress.Handler? = nil) async throws -> [PairOutcome]
    {
        phases?(BenchProgress(phase: .starting))
        let session = try await BenchSession.start(command: command, probeScript: probeScript, expectedPort: nil,
                                                   readyPath: "/health", startupTimeout: 30)
        defer { session.stop() }
        let current = PairCounter()
        return try await VerifyRun.judge(
            pairs: pairs, lint: lint, catalog: catalog, routes: routes(pairs:),
            measure: { spec in
                let (index, id) = current.value
                return try await session.measure(spec, plan: plan, progress: phases.map { handler in
                    { handler($0.inPair(index, of: pairs.count, id: id)) }
                })
            },
            progress: progress, pairStarted: { current.set($0, $1) })
    }

    /// The manifest's anchors that are not on their stated lines (empty when the manifest is current).
    public func staleAnchors() -> [String] {
        manifest.pairs.compactMap { pair in
            let path = directory + "/" + pair.hazard.file
            guard let data = FileManager.default.contents(atPath: path) else { return "\(pair.id): \(pair.hazard.file) is missing" }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            guard pair.hazard.line >= 1, pair.hazard.line <= lines.count,
                  lines[pair.hazard.line - 1].contains(pair.hazard.anchor)
            else { return "\(pair.id): `\(pair.hazard.anchor)` is not on \(pair.hazard.file):\(pair.hazard.line)" }
            if !FileManager.default.fileExists(atPath: directory + "/" + pair.fixed.file) {
                return "\(pair.id): \(pair.fixed.file) is missing"
            }
            return nil
        }
    }
}

/// The pair `verify` is measuring (1-based index and id), set by `VerifyRun.judge` and read by `measure`.
final class PairCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var index = 0
    private var id = ""

    var value: (Int, String) {
        lock.lock()
        defer { lock.unlock() }
        return (index, id)
    }

    func set(_ index: Int, _ id: String) {
        lock.lock()
        self.index = index
        self.id = id
        lock.unlock()
    }
}
