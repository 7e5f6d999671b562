// `looplint bench --verify`: does each finding on the bench server hold, and does each fix show the
// promised effect under load? The lint half takes the findings from the caller (the executable runs
// the linter); the measuring half takes the two RouteResults of each pair.

import Foundation

/// A finding reduced to what the verify needs; `file` is relative to the bench-server folder.
public struct FindingRef: Codable, Equatable, Sendable {
    public var ruleId: String
    public var file: String
    public var line: Int

    public init(ruleId: String, file: String, line: Int) {
        self.ruleId = ruleId
        self.file = file
        self.line = line
    }
}

public enum LintVerdict: Equatable, Sendable {
    case confirmed
    /// The rule exists in this build but did not report the hazard, or reported the fixed twin.
    case failed(String)
    /// The rule id is not in this build's catalog; does not fail the verify.
    case ruleNotAvailable
    /// The linter could not run at all (no `check` in this build); does not fail the verify.
    case notRun(String)

    public var passes: Bool {
        if case .failed = self { return false }
        return true
    }

    public var label: String {
        switch self {
        case .confirmed: return "found"
        case .failed(let why): return "FAIL: \(why)"
        case .ruleNotAvailable: return "rule not available in this build"
        case .notRun(let why): return "not run: \(why)"
        }
    }
}

public enum VerifyLint {
    /// Judges one pair's findings. `availableRules` is this build's catalog; `findings` is nil when
    /// the linter did not run (`reason` says why).
    public static func verdict(for pair: BenchManifest.Pair, findings: [FindingRef]?, reason: String = "",
                               availableRules: [String]) -> LintVerdict
    {
        guard availableRules.contains(pair.hazard.rule) else { return .ruleNotAvailable }
        guard let findings else { return .notRun(reason) }
        let hit = findings.contains {
            $0.ruleId == pair.hazard.rule && $0.file == pair.hazard.file && $0.line == pair.hazard.line
        }
        let onFixed = findings.filter { $0.file == pair.fixed.file }
        if !hit {
            let elsewhere = findings.filter { $0.file == pair.hazard.file }.map { "\($0.ruleId)@\($0.line)" }
            return .failed("no \(pair.hazard.rule) at \(pair.hazard.file):\(pair.hazard.line)"
                + (elsewhere.isEmpty ? "" : " (found " + elsewhere.joined(separator: ", ") + ")"))
        }
        if !onFixed.isEmpty {
            let list = onFixed.map { "\($0.ruleId)@\($0.line)" }.joined(separator: ", ")
            return .failed("fixed twin \(pair.fixed.file) raised \(list)")
        }
        return .confirmed
    }
}

public struct EffectVerdict: Equatable, Sendable {
    public var passes: Bool
    /// How much the fix improved the metric (hazard / fixed), when it could be computed.
    public var factor: Double?
    public var summary: String
}

public enum VerifyEffect {
    /// Below this a p99 counts as this much, so sub-millisecond noise cannot make a ratio.
    public static let floorMs = 1.0
    /// Below this heap growth per 10,000 requests counts as this much.
    public static let heapFloorBytes = 256 * 1024
    /// The hazardous endpoint must grow the heap at least this much per 10,000 requests for the
    /// heap check to mean anything.
    public static let minHazardHeapGrowth = 1 << 20

    public static func verdict(for pair: BenchManifest.Pair, hazard: RouteResult, fixed: RouteResult) -> EffectVerdict {
        let need = pair.effect.minFactor
        if hazard.errors > 0 || fixed.errors > 0 {
            return EffectVerdict(passes: false, factor: nil,
                                 summary: "errors under load (hazard \(hazard.errors), fixed \(fixed.errors))")
        }
        if hazard.requests == 0 || fixed.requests == 0 {
            return EffectVerdict(passes: false, factor: nil, summary: "no request completed")
        }
        switch pair.effect.metric {
        case .latencyP99:
            let factor = hazard.latency.p99 / max(fixed.latency.p99, floorMs)
            return EffectVerdict(passes: factor >= need, factor: factor,
                                 summary: "latency p99 \(ms(hazard.latency.p99)) -> \(ms(fixed.latency.p99)) (\(times(factor)), need \(times(need)))")
        case .loopDelayP99:
            guard let h = hazard.loopDelay, let f = fixed.loopDelay else {
                return EffectVerdict(passes: false, factor: nil, summary: "no event-loop figures (probe not attached)")
            }
            let factor = h.p99 / max(f.p99, floorMs)
            return EffectVerdict(passes: factor >= need, factor: factor,
                                 summary: "loop delay p99 \(ms(h.p99)) -> \(ms(f.p99)) (\(times(factor)), need \(times(need)))")
        case .heapGrowth:
            guard let h = hazard.heap, let f = fixed.heap else {
                return EffectVerdict(passes: false, factor: nil, summary: "no heap figures (probe not attached)")
            }
            let factor = Double(h.growthPer10kRequests) / Double(max(f.growthPer10kRequests, heapFloorBytes))
            let grows = h.growthPer10kRequests >= minHazardHeapGrowth
            let text = "heap growth per 10k requests \(bytes(h.growthPer10kRequests)) -> \(bytes(f.growthPer10kRequests))"
            if !grows {
                return EffectVerdict(passes: false, factor: factor,
                                     summary: text + " (the hazard should grow at least \(bytes(minHazardHeapGrowth)))")
            }
            return EffectVerdict(passes: factor >= need, factor: factor, summary: text + " (\(times(factor)), need \(times(need)))")
        }
    }

    static func ms(_ value: Double) -> String { formatMs(value) + " ms" }
    static func times(_ value: Double) -> String { String(format: "%.1fx", value) }
    static func bytes(_ value: Int) -> String { formatBytes(value) }
}

public struct PairOutcome: Equatable, Sendable {
    public var pair: BenchManifest.Pair
    public var lint: LintVerdict
    public var hazard: RouteResult?
    public var fixed: RouteResult?
    public var effect: EffectVerdict
    /// 2 when the first measurement missed and the pair was measured again.
    public var attempts: Int

    public init(pair: BenchManifest.Pair, lint: LintVerdict, hazard: RouteResult?, fixed: RouteResult?,
                effect: EffectVerdict, attempts: Int = 1)
    {
        self.attempts = attempts
        self.pair = pair
        self.lint = lint
        self.hazard = hazard
        self.fixed = fixed
        self.effect = effect
    }

    public var passes: Bool { lint.passes && effect.passes }
}

public func formatMs(_ value: Double) -> String {
    if value >= 100 { return String(format: "%.0f", value) }
    if value >= 10 { return String(format: "%.1f", value) }
    return String(format: "%.2f", value)
}

public func formatBytes(_ value: Int) -> String {
    let magnitude = Double(abs(value))
    let sign = value < 0 ? "-" : ""
    if magnitude >= 1_048_576 { return sign + String(format: "%.1f MB", magnitude / 1_048_576) }
    if magnitude >= 1024 { return sign + String(format: "%.0f KB", magnitude / 1024) }
    return sign + "\(Int(magnitude)) B"
}
