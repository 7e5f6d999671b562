// The results of a bench run, as `looplint bench --format json` writes them and `--compare` reads
// them back. Times are in milliseconds, sizes in bytes; absent probe figures are nil.

import Foundation

public struct BenchReport: Codable, Equatable, Sendable {
    public var tool: String = "looplint"
    public var version: String
    public var target: String
    public var settings: BenchSettings
    public var routes: [RouteResult]

    public init(version: String, target: String, settings: BenchSettings, routes: [RouteResult]) {
        self.version = version
        self.target = target
        self.settings = settings
        self.routes = routes
    }

    public func route(named name: String) -> RouteResult? {
        routes.first { $0.route == name }
    }

    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func decode(_ data: Data) throws -> BenchReport {
        try JSONDecoder().decode(BenchReport.self, from: data)
    }
}

public struct BenchSettings: Codable, Equatable, Sendable {
    public var connections: Int
    /// The measured phase per route, in seconds, when the run is bounded by time.
    public var durationSeconds: Double?
    /// The measured requests per route, when the run is bounded by a count.
    public var requests: Int?
    public var warmupSeconds: Double

    public init(connections: Int, durationSeconds: Double?, requests: Int?, warmupSeconds: Double) {
        self.connections = connections
        self.durationSeconds = durationSeconds
        self.requests = requests
        self.warmupSeconds = warmupSeconds
    }
}

public struct LatencySummary: Codable, Equatable, Sendable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var mean: Double

    public init(p50: Double, p90: Double, p99: Double, max: Double, mean: Double) {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
        self.mean = mean
    }
}

/// Event-loop delay as the probe measured it: how late its 1 ms timer fired.
public struct LoopDelaySummary: Codable, Equatable, Sendable {
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double
    public var mean: Double
    public var samples: Int
    /// (percentile, delay) points of the whole distribution, percentile ascending.
    public var distribution: [DistributionPoint]

    public init(p50: Double, p90: Double, p99: Double, max: Double, mean: Double, samples: Int,
                distribution: [DistributionPoint])
    {
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
        self.mean = mean
        self.samples = samples
        self.distribution = distribution
    }
}

public struct DistributionPoint: Codable, Equatable, Sendable {
    public var percentile: Double
    public var value: Double

    public init(percentile: Double, value: Double) {
        self.percentile = percentile
        self.value = value
    }
}

public struct HeapSummary: Codable, Equatable, Sendable {
    public var startBytes: Int
    public var endBytes: Int
    public var growthBytes: Int
    /// Growth scaled to 10,000 requests, the unit the cache and listener checks use.
    public var growthPer10kRequests: Int
    /// Whether both figures were taken after a forced full collection.
    public var afterFullGC: Bool

    public init(startBytes: Int, endBytes: Int, requests: Int, afterFullGC: Bool) {
        self.startBytes = startBytes
        self.endBytes = endBytes
        self.growthBytes = endBytes - startBytes
        self.growthPer10kRequests = requests > 0 ? Int((Double(endBytes - startBytes) * 10_000 / Double(requests)).rounded()) : 0
        self.afterFullGC = afterFullGC
    }
}

public struct GCSummary: Codable, Equatable, Sendable {
    public var count: Int
    public var major: Int
    public var totalMs: Double
    public var maxMs: Double

    public init(count: Int, major: Int, totalMs: Double, maxMs: Double) {
        self.count = count
        self.major = major
        self.totalMs = totalMs
        self.maxMs = maxMs
    }
}

public struct RouteResult: Codable, Equatable, Sendable {
    /// The name the route is known by in tables and comparisons (the path without its query).
    public var route: String
    public var method: String
    public var path: String
    public var requests: Int
    public var errors: Int
    public var elapsedSeconds: Double
    public var requestsPerSecond: Double
    public var latency: LatencySummary
    public var loopDelay: LoopDelaySummary?
    public var utilization: Double?
    public var heap: HeapSummary?
    public var gc: GCSummary?
    /// Why the server-side figures are missing, when they are.
    public var probeNote: String?

    public init(route: String, method: String, path: String, requests: Int, errors: Int, elapsedSeconds: Double,
                latency: LatencySummary, loopDelay: LoopDelaySummary? = nil, utilization: Double? = nil,
                heap: HeapSummary? = nil, gc: GCSummary? = nil, probeNote: String? = nil)
    {
        self.route = route
        self.method = method
        self.path = path
        self.requests = requests
        self.errors = errors
        self.elapsedSeconds = elapsedSeconds
        self.requestsPerSecond = elapsedSeconds > 0 ? (Double(requests) / elapsedSeconds * 10).rounded() / 10 : 0
        self.latency = latency
        self.loopDelay = loopDelay
        self.utilization = utilization
        self.heap = heap
        self.gc = gc
        self.probeNote = probeNote
    }
}
