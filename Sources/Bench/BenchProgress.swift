// What a bench is doing, for a progress display: the phase (starting the server, warming up, load),
// the route, how far the phase is against its plan, and during `--verify` which pair of how many.
// Sessions report a phase when it starts; the display computes how far it is from the clock, so the
// load generator is not slowed by reports.

import Foundation

public struct BenchProgress: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable {
        case starting = "starting the server"
        case linting = "linting"
        case warmingUp = "warming up"
        case load = "load"
    }

    public typealias Handler = @Sendable (BenchProgress) -> Void

    public var phase: Phase
    /// The route measured (warming up, load).
    public var route: String?
    /// The phase's planned length in seconds, when it is timed.
    public var plannedSeconds: Double?
    /// The phase's planned number of requests, when it is counted.
    public var plannedRequests: Int?
    /// When the phase started (`DispatchTime` uptime nanoseconds).
    public var startedAt: UInt64
    /// During `--verify`: the pair measured, 1-based, of `pairs`, and its id.
    public var pair: Int?
    public var pairs: Int?
    public var pairID: String?

    public init(phase: Phase, route: String? = nil, plannedSeconds: Double? = nil, plannedRequests: Int? = nil,
                startedAt: UInt64 = DispatchTime.now().uptimeNanoseconds)
    {
        self.phase = phase
        self.route = route
        self.plannedSeconds = plannedSeconds
        self.plannedRequests = plannedRequests
        self.startedAt = startedAt
    }

    /// The same progress inside pair `index` (1-based) of `count` of a `--verify` run.
    public func inPair(_ index: Int, of count: Int, id: String) -> BenchProgress {
        var p = self
        p.pair = index
        p.pairs = count
        p.pairID = id
        return p
    }

    /// One line for a terminal, at most `width` characters, `now` in uptime nanoseconds:
    ///
    ///   [4.2s] load 2.0s/5.0s /users
    ///   [31.0s] verifying pair 3/8 sync-fs: warming up 0.2s/0.3s /fs-sync
    ///
    /// The figures come before the route, so a narrow terminal cuts the route rather than them.
    public func line(elapsedSeconds: Double, now: UInt64, width: Int) -> String {
        var text = "[\(Self.tenths(elapsedSeconds))s] "
        if let pair, let pairs {
            text += "verifying pair \(pair)/\(pairs)"
            if let pairID { text += " \(pairID)" }
            text += ": "
        }
        text += phase.rawValue
        let inPhase = Double(now >= startedAt ? now - startedAt : 0) / 1e9
        if let plannedSeconds {
            text += " \(Self.short(min(inPhase, plannedSeconds)))s/\(Self.short(plannedSeconds))s"
        } else if let plannedRequests {
            text += " \(Self.short(inPhase))s (\(plannedRequests) requests)"
        } else if phase == .starting || phase == .linting {
            text += " \(Self.short(inPhase))s"
        }
        if let route { text += " " + route }
        if text.count > width { text = String(text.prefix(max(0, width - 1))) + "…" }
        return text
    }

    static func tenths(_ seconds: Double) -> String {
        "\((seconds * 10).rounded(.down) / 10)"
    }

    /// Whole seconds from 10 s on, tenths below.
    static func short(_ seconds: Double) -> String {
        seconds >= 10 ? "\(Int(seconds))" : tenths(seconds)
    }
}
