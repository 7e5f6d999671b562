// `looplint bench --verify`: does each finding on the bench server hold, and does each fix show the
// promised effect under load? A pair passes only when the linter reported its hazard (the rule is in
// the catalog, `check` ran, the finding is on the manifest's line), did not report that rule on the
// fixed twin, and the measured effect meets its bar. The lint half takes `check`'s findings
// (CheckRun.swift); the measuring half takes the two RouteResults of each pair.

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

/// What `looplint check` gave on the bench server: its findings, or why there are none.
public enum LintRun: Equatable, Sendable {
    case ran([FindingRef])
    /// `check` could not be started, crashed, failed or printed no JSON report.
    case notRun(String)
}

/// The lint half of a pair's verdict. Only `.found` passes: a verify that cannot lint, or that names
/// a rule this build does not have, cannot confirm anything.
public enum LintVerdict: Equatable, Sendable {
    /// The rule reported the hazard on its line and nothing on the fixed twin.
    case found
    /// The rule did not report the hazard on its line.
    case missed(String)
    /// The rule reported the fixed twin.
    case fixedTwinFlagged(String)
    /// The linter gave no findings (crash, bad JSON, no executable).
    case notRun(String)
    /// The manifest names a rule that is not in this build's catalog.
    case unknownRule(String)

    public var passes: Bool { self == .found }

    /// "found", "missed", "fixed twin flagged", "not run" or "unknown rule".
    public var name: String {
        switch self {
        case .found: return "found"
        case .missed: return "missed"
        case .fixedTwinFlagged: return "fixed twin flagged"
        case .notRun: return "not run"
        case .unknownRule: return "unknown rule"
        }
    }

    public var reason: String? {
        switch self {
        case .found: return nil
        case .missed(let why), .fixedTwinFlagged(let why), .notRun(let why), .unknownRule(let why): return why
        }
    }

    public var label: String { reason.map { "\(name): \($0)" } ?? name }
}

extension LintVerdict: Codable {
    private enum CodingKeys: String, CodingKey { case verdict, reason, passes }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .verdict)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encode(passes, forKey: .passes)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .verdict)
        let reason = try c.decodeIfPresent(String.self, forKey: .reason) ?? ""
        switch name {
        case "found": self = .found
        case "missed": self = .missed(reason)
        case "fixed twin flagged": self = .fixedTwinFlagged(reason)
        case "not run": self = .notRun(reason)
        case "unknown rule": self = .unknownRule(reason)
        default:
            throw DecodingError.dataCorruptedError(forKey: .verdict, in: c, debugDescription: "unknown lint verdict \(name)")
        }
    }
}

public enum VerifyLint {
    /// Judges one pair. `catalog` is this build's rule ids; `lint` is what `check` gave.
    public static func verdict(for pair: BenchManifest.Pair, lint: LintRun, catalog: [String]) -> LintVerdict {
        let rule = pair.hazard.rule
        guard catalog.contains(rule) else {
            let category = rule.split(separator: "/").first.map(String.init) ?? rule
            let siblings = catalog.filter { $0.hasPrefix(category + "/") }.sorted()
            return .unknownRule("`\(rule)` is not in this build's rule catalog"
                + (siblings.isEmpty ? "" : " (\(category) rules: " + siblings.joined(separator: ", ") + ")"))
        }
        let findings: [FindingRef]
        switch lint {
        case .notRun(let why): return .notRun(why)
        case .ran(let list): findings = list
        }
        let hit = findings.contains { $0.ruleId == rule && $0.file == pair.hazard.file && $0.line == pair.hazard.line }
        if !hit {
            let elsewhere = findings.filter { $0.file == pair.hazard.file }.map { "\($0.ruleId)@\($0.line)" }
            return .missed("no \(rule) at \(pair.hazard.file):\(pair.hazard.line)"
                + (elsewhere.isEmpty ? "" : " (found " + elsewhere.joined(separator: ", ") + ")"))
        }
        let onFixed = findings.filter { $0.ruleId == rule && $0.file == pair.fixed.file }
        if !onFixed.isEmpty {
            return .fixedTwinFlagged("\(pair.fixed.file) raised \(rule) at line "
                + onFixed.map { String($0.line) }.joined(separator: ", "))
        }
        return .found
    }
}

public struct EffectVerdict: Codable, Equatable, Sendable {
    public var passes: Bool
    /// How much the fix improved the metric (hazard / fixed), when it could be computed.
    public var factor: Double?
    public var summary: String

    public init(passes: Bool, factor: Double?, summary: String) {
        self.passes = passes
        self.factor = factor
        self.summary = summary
    }
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

    /// The linter found the hazard, not the fixed twin, and the fix showed its effect.
    public var passes: Bool { lint.passes && effect.passes }

    /// Why the pair fails, lint first; empty when it passes.
    public var failures: [String] {
        var out: [String] = []
        if !lint.passes { out.append("lint " + lint.label) }
        if !effect.passes { out.append("effect: " + effect.summary) }
        return out
    }
}

extension PairOutcome: Codable {
    private enum CodingKeys: String, CodingKey { case pair, lint, effect, attempts, hazard, fixed, passes, failures }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(pair, forKey: .pair)
        try c.encode(passes, forKey: .passes)
        try c.encode(failures, forKey: .failures)
        try c.encode(lint, forKey: .lint)
        try c.encode(effect, forKey: .effect)
        try c.encode(attempts, forKey: .attempts)
        try c.encodeIfPresent(hazard, forKey: .hazard)
        try c.encodeIfPresent(fixed, forKey: .fixed)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pair: try c.decode(BenchManifest.Pair.self, forKey: .pair),
                  lint: try c.decode(LintVerdict.self, forKey: .lint),
                  hazard: try c.decodeIfPresent(RouteResult.self, forKey: .hazard),
                  fixed: try c.decodeIfPresent(RouteResult.self, forKey: .fixed),
                  effect: try c.decode(EffectVerdict.self, forKey: .effect),
                  attempts: try c.decode(Int.self, forKey: .attempts))
    }
}

/// Measures and judges every pair: `measure` runs one route under load (a live server in
/// `BundledServer.verify`, canned results in tests). A pair whose effect misses is measured once
/// more and that second run alone decides; the lint verdict does not depend on the measurement.
public enum VerifyRun {
    public static func judge(pairs: [BenchManifest.Pair], lint: LintRun, catalog: [String],
                             routes: ([BenchManifest.Pair]) -> [RouteSpec],
                             measure: (RouteSpec) async throws -> RouteResult,
                             progress: (String) -> Void,
                             pairStarted: ((Int, String) -> Void)? = nil) async throws -> [PairOutcome]
    {
        var outcomes: [PairOutcome] = []
        for (n, pair) in pairs.enumerated() {
            pairStarted?(n + 1, pair.id)
            progress("measuring \(pair.id)")
            let pairStarted = Date()
            let specs = routes([pair])
            var attempt = 1
            var hazard = try await measure(specs[0])
            var fixed = try await measure(specs[1])
            var effect = VerifyEffect.verdict(for: pair, hazard: hazard, fixed: fixed)
            if !effect.passes {
                // A busy machine can drown one short phase; the pair gets one more run, and that
                // second run alone decides.
                let notes = [hazard, fixed].compactMap { r in r.probeNote.map { "\(r.route): \($0)" } }
                progress("measuring \(pair.id) again (\(effect.summary)\(notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))")
                attempt = 2
                hazard = try await measure(specs[0])
                fixed = try await measure(specs[1])
                effect = VerifyEffect.verdict(for: pair, hazard: hazard, fixed: fixed)
            }
            let outcome = PairOutcome(pair: pair, lint: VerifyLint.verdict(for: pair, lint: lint, catalog: catalog),
                                      hazard: hazard, fixed: fixed, effect: effect, attempts: attempt)
            outcomes.append(outcome)
            progress("\(pair.id): \(outcome.passes ? "pass" : "FAIL") after \(String(format: "%.0f", Date().timeIntervalSince(pairStarted))) s")
        }
        return outcomes
    }
}

/// The whole `bench --verify` result, as `--format json` writes it and the text report renders it.
public struct VerifyReport: Codable, Equatable, Sendable {
    public struct Linter: Codable, Equatable, Sendable {
        /// Whether `check` ran and gave a JSON report.
        public var ran: Bool
        public var findings: Int?
        /// Why it did not run.
        public var reason: String?

        public init(_ run: LintRun) {
            switch run {
            case .ran(let list): ran = true; findings = list.count; reason = nil
            case .notRun(let why): ran = false; findings = nil; reason = why
            }
        }
    }

    public var tool: String = "looplint"
    public var version: String
    public var quick: Bool
    public var settings: BenchSettings
    public var linter: Linter
    public var pairs: [PairOutcome]
    public var passed: Int
    public var failed: Int
    public var seconds: Double

    public init(version: String, quick: Bool, settings: BenchSettings, lint: LintRun, pairs: [PairOutcome],
                seconds: Double)
    {
        self.version = version
        self.quick = quick
        self.settings = settings
        self.linter = Linter(lint)
        self.pairs = pairs
        self.passed = pairs.filter(\.passes).count
        self.failed = pairs.count - passed
        self.seconds = seconds
    }

    /// Every pair passes (and there is at least one).
    public var passes: Bool { failed == 0 && !pairs.isEmpty }

    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func decode(_ data: Data) throws -> VerifyReport {
        try JSONDecoder().decode(VerifyReport.self, from: data)
    }
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
