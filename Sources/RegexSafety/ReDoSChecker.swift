// ReDoSChecker: the entry point. Parse, analyse statically, confirm with PCRE2, cache per pattern.
//
// A pattern is reported as super-linear when the static analysis finds an ambiguity with a failing
// attack and PCRE2 agrees (its step counts grow as predicted), or when PCRE2 cannot run the pattern
// (then `confirmed` is false and `unconfirmedReason` says why). When PCRE2 runs the attack and the
// steps do not grow, the static finding is dropped as a false alarm. Results are cached by pattern and
// flags, so a pattern seen in many files is analysed once.
//
// The input may be known to hold no line terminator (`InputKind.lineFree`: an HTTP header value, a
// request target); the analysis then builds attacks from other characters only, and a pattern whose
// every attack needs one (`\?.*$`: `.*` runs to the end and `$` holds there) is linear on such input.
// PCRE2 confirms with the pattern as written: on such input the two mean the same.

import Foundation

public struct ReDoSReport: Hashable, Sendable {
    public var pattern: String
    public var flags: String
    /// Set when the pattern does not parse; nothing else is then meaningful.
    public var syntaxError: RegexSyntaxError?
    public var staticResult: StaticResult?
    /// PCRE2's measurement of the attack, when it ran.
    public var fit: GrowthFit?
    public var confirmed: Bool
    public var unconfirmedReason: String?

    /// The verdict: nil for linear (or unknown) patterns.
    public var complexity: Complexity? {
        guard let s = staticResult, s.complexity != .linear, s.attack != nil else { return nil }
        if let fit, !confirmed, fit.samples.count >= 3 { return nil }  // PCRE2 ran and saw no growth
        return s.complexity
    }

    public var degree: Int? { complexity == .polynomial ? staticResult?.degree : nil }
    public var attack: Attack? { complexity == nil ? nil : staticResult?.attack }

    /// The quantifier that loops, as pattern text.
    public var loopText: String? {
        guard let span = staticResult?.loopSpan else { return nil }
        let scalars = Array(pattern.unicodeScalars)
        guard span.lowerBound >= 0, span.upperBound <= scalars.count, !span.isEmpty else { return nil }
        var v = String.UnicodeScalarView()
        v.append(contentsOf: scalars[span])
        return String(v)
    }

    /// Measured steps as (pumps, steps) pairs.
    public var steps: [GrowthFit.Sample] { fit?.samples ?? [] }
}

/// What the input to a pattern can hold.
public enum InputKind: String, Hashable, Sendable {
    /// Any string.
    case any
    /// No line terminator (`\n`, `\r`, U+2028, U+2029): an HTTP header value or request target, which
    /// Node's HTTP parser and the Fetch `Headers` class refuse to hold one.
    case lineFree

    var alphabet: CharSet {
        switch self {
        case .any: return .all
        case .lineFree: return CharSet.lineTerminators.inverted
        }
    }
}

public enum ReDoSChecker {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ReDoSReport] = [:]

    /// Analyses one pattern (cached) for input of the given kind. `confirm: false` skips PCRE2.
    public static func check(pattern: String, flags: String, input: InputKind = .any, confirm: Bool = true,
                             limits: AnalysisLimits = AnalysisLimits(),
                             pcre2: PCRE2Limits = PCRE2Limits()) -> ReDoSReport {
        let key = (confirm ? "c/" : "s/") + input.rawValue + "/" + flags + "/" + pattern
        lock.lock()
        if let hit = cache[key] { lock.unlock(); return hit }
        lock.unlock()
        // a confirmation starts from the static analysis, cached on its own: the rules analyse every regex
        // statically and confirm only those their report keeps
        let report = confirm
            ? confirmed(check(pattern: pattern, flags: flags, input: input, confirm: false, limits: limits, pcre2: pcre2),
                        pcre2: pcre2)
            : compute(pattern: pattern, flags: flags, input: input, confirm: false, limits: limits, pcre2: pcre2)
        lock.lock()
        if cache.count > 50_000 { cache.removeAll() }
        cache[key] = report
        lock.unlock()
        return report
    }

    /// Whether a confirmed analysis of the pattern for this input is cached, i.e. PCRE2 ran it in this process
    /// (tests: which patterns the rules had confirmed).
    static func holdsConfirmation(pattern: String, flags: String, input: InputKind = .any) -> Bool {
        let key = "c/" + input.rawValue + "/" + flags + "/" + pattern
        lock.lock()
        defer { lock.unlock() }
        return cache[key] != nil
    }

    static let lookaheadNote = "a lookahead's body analysed as consumed where the lookahead is tried"

    /// The pattern with its first scanning lookahead (positive, ahead, an unbounded quantifier inside)
    /// read as consuming its body, and what follows it dropped: `A(?=X)B` as `A(?:X)`. Only a lookahead
    /// of the top-level sequence (or of a top-level alternative's), where the engine tries it once per
    /// way of matching `A` at each start position; nil when there is none. A match of the variant is not
    /// one of the pattern (B is dropped), but a failing attack on the variant is one on the pattern: the
    /// lookahead fails where its body fails, and the engine then backtracks into `A`.
    static func lookaheadConsumed(_ root: RegexNode) -> RegexNode? {
        switch root.kind {
        case .sequence(let items):
            for (i, item) in items.enumerated() {
                guard case .look(let body, false, false) = item.kind, body.repeatsWithoutBound else { continue }
                return RegexNode(.sequence(Array(items[..<i]) + [body]), span: root.span)
            }
            return nil
        case .look(let body, false, false) where body.repeatsWithoutBound:
            return body
        case .alternation(let branches):
            var changed = false
            let out = branches.map { b -> RegexNode in
                guard let v = lookaheadConsumed(b) else { return b }
                changed = true
                return v
            }
            return changed ? RegexNode(.alternation(out), span: root.span) : nil
        default:
            return nil
        }
    }

    static func compute(pattern: String, flags: String, input: InputKind = .any, confirm: Bool, limits: AnalysisLimits,
                        pcre2: PCRE2Limits) -> ReDoSReport {
        var report = ReDoSReport(pattern: pattern, flags: flags, syntaxError: nil, staticResult: nil, fit: nil,
                                 confirmed: false, unconfirmedReason: nil)
        let parsed: ParsedRegex
        do {
            parsed = try RegexParser.parse(pattern, flags: flags)
        } catch let e as RegexSyntaxError {
            report.syntaxError = e
            return report
        } catch {
            report.syntaxError = RegexSyntaxError(message: "\(error)", offset: 0)
            return report
        }
        var s = StaticAnalyzer.analyze(parsed, limits: limits, alphabet: input.alphabet)
        // A lookahead that scans (`;(?=(?:[^"]*"[^"]*")*[^"]*$)`, hono's Accept parameters) runs its body at
        // every position the pattern reaches it, and fails back into what came before: the automaton,
        // which takes the lookahead as always true, sees none of that work. Read with the body consumed
        // in its place, the pattern shows the ambiguity; PCRE2 then measures the pattern as written.
        if s.complexity == .linear, s.budgetExhausted == nil, let consumed = lookaheadConsumed(parsed.root) {
            var variant = parsed
            variant.root = consumed
            var v = StaticAnalyzer.analyze(variant, limits: limits, alphabet: input.alphabet)
            if v.complexity != .linear, v.attack != nil {
                v.approximations.append(lookaheadNote)
                s = v
            }
        }
        report.staticResult = s
        guard s.complexity != .linear, s.attack != nil else { return report }
        report.unconfirmedReason = "PCRE2 confirmation not requested"
        return confirm ? confirmed(report, parsed: parsed, pcre2: pcre2) : report
    }

    /// A static report (`compute` with `confirm: false`) with PCRE2's confirmation of its attack; the report
    /// as it is when there is nothing to confirm.
    static func confirmed(_ unconfirmed: ReDoSReport, parsed: ParsedRegex? = nil, pcre2: PCRE2Limits) -> ReDoSReport {
        guard unconfirmed.syntaxError == nil, let s = unconfirmed.staticResult, s.complexity != .linear,
              let attack = s.attack, unconfirmed.fit == nil, !unconfirmed.confirmed else { return unconfirmed }
        var report = unconfirmed
        report.unconfirmedReason = nil
        do {
            let parsed = try parsed ?? RegexParser.parse(report.pattern, flags: report.flags)
            let program = try PCRE2Program(parsed)
            for (k, candidate) in ([attack] + s.alternativeAttacks).enumerated() {
                let fit = try PCRE2Confirmer.measure(program, attack: candidate, expect: s.complexity, limits: pcre2)
                if k == 0 || report.fit == nil { report.fit = fit }
                switch s.complexity {
                case .exponential: report.confirmed = fit.measured == .exponential
                case .polynomial: report.confirmed = fit.measured != .linear
                case .linear: report.confirmed = false
                }
                if report.confirmed {
                    report.fit = fit
                    report.staticResult?.attack = candidate
                    break
                }
            }
            guard let fit = report.fit else { return report }
            if !report.confirmed {
                report.unconfirmedReason = fit.samples.count < 3
                    ? "PCRE2 hit its limits before enough samples"
                    : "PCRE2 steps grew as \(fit.measured) (degree \(fit.degree))"
            }
        } catch {
            report.unconfirmedReason = "\(error)"
        }
        return report
    }
}

/// What the attack costs when the input can be no longer than a known bound (a `slice(0, 1000)`, a
/// length check): PCRE2's steps on the longest attack string that fits, counted up to a cap.
public struct BoundedCost: Hashable, Sendable {
    /// The bound, in characters.
    public var length: Int
    /// Pump repetitions in the attack string that fits the bound (at least one).
    public var pumps: Int
    /// PCRE2 steps on that string, up to `cap`.
    public var steps: Int
    /// The run reached the cap (or a PCRE2 limit): the cost is at least `steps`.
    public var capped: Bool
}

extension ReDoSChecker {
    /// The cost of a reported pattern's attack on input of at most `length` characters: one PCRE2 run
    /// of the attack with as many pumps as fit, stopped after `cap` steps. Nil when the pattern has no
    /// attack or PCRE2 cannot run it. Deterministic (steps are counted, not timed).
    public static func cost(of report: ReDoSReport, atLength length: Int, cap: Int) -> BoundedCost? {
        guard let attack = report.attack, length > 0 else { return nil }
        // a library ships the same tables twice (ua-parser-js's .js and .mjs): one run per pattern, attack
        // (line-free input has its own) and cap
        let key = "\(report.flags)/\(length)/\(cap)/\(report.pattern)/\(attack.prefix)/\(attack.pumps)/\(attack.suffix)"
        costLock.lock()
        if let hit = costCache[key] { costLock.unlock(); return hit }
        costLock.unlock()
        let result = measureCost(of: report, atLength: length, cap: cap)
        costLock.lock()
        if costCache.count > 50_000 { costCache.removeAll() }
        costCache[key] = result
        costLock.unlock()
        return result
    }

    /// How far below the cap an estimate must be to stand in for a run.
    static let costMargin = 8.0

    /// The steps of the confirmed attack at `pumps` repetitions, from PCRE2's confirmation samples (the
    /// same attack string, at fewer or more pumps): at most the steps of the first sample with at least
    /// that many pumps (steps grow with the pumps), or beyond the last sample its growth carried on (the
    /// measured degree for polynomial growth, the measured factor per pump for exponential growth). Nil
    /// when PCRE2 did not confirm the attack.
    static func estimatedSteps(_ report: ReDoSReport, pumps: Int) -> Double? {
        guard report.confirmed, let fit = report.fit, let last = fit.samples.last, last.steps > 0, last.pumps > 0
        else { return nil }
        if let sample = fit.samples.first(where: { $0.pumps >= pumps }) { return Double(sample.steps) }
        let ratio = Double(pumps) / Double(last.pumps)
        switch fit.measured {
        case .polynomial: return Double(last.steps) * pow(ratio, max(1, fit.degree))
        case .exponential: return Double(last.steps) * pow(max(1, fit.factor), Double(pumps - last.pumps))
        case .linear: return nil
        }
    }

    /// At least how many steps the attack takes at `pumps` repetitions, beyond PCRE2's last sample: the
    /// growth between the last two samples carried on (their log-log slope for a polynomial attack, their
    /// factor per pump for an exponential one). This is the confirmation's own assumption when it stops
    /// before a run that would reach its step cap (`PCRE2Confirmer.measure`, which then may hold only two
    /// samples): the growth of a super-linear attack's steps does not slow down. Nil within the samples, or
    /// without two samples that grow.
    static func lowerBoundSteps(_ report: ReDoSReport, pumps: Int) -> Double? {
        guard let complexity = report.complexity, let fit = report.fit, fit.samples.count >= 2 else { return nil }
        let a = fit.samples[fit.samples.count - 2], b = fit.samples[fit.samples.count - 1]
        guard a.steps > 0, a.pumps > 0, b.steps > a.steps, b.pumps > a.pumps, pumps > b.pumps else { return nil }
        let growth = Double(b.steps) / Double(a.steps)
        switch complexity {
        case .polynomial:
            let slope = log(growth) / log(Double(b.pumps) / Double(a.pumps))
            return Double(b.steps) * pow(Double(pumps) / Double(b.pumps), slope)
        case .exponential:
            let factor = pow(growth, 1 / Double(b.pumps - a.pumps))
            return Double(b.steps) * pow(factor, Double(pumps - b.pumps))
        case .linear:
            return nil
        }
    }

    private static let costLock = NSLock()
    nonisolated(unsafe) private static var costCache: [String: BoundedCost?] = [:]

    private static func measureCost(of report: ReDoSReport, atLength length: Int, cap: Int) -> BoundedCost? {
        guard let attack = report.attack else { return nil }
        let fixed = attack.prefix.count + attack.suffix.count
        let pumpLength = max(1, attack.pumps.reduce(0) { $0 + $1.count })
        let pumps = max(1, (length - fixed) / pumpLength)
        // far below the cap by the growth PCRE2 measured when it confirmed the attack: the run would only
        // say "negligible" (a finding is dropped on it, so the figure is never shown)
        if let estimate = estimatedSteps(report, pumps: pumps), estimate * costMargin <= Double(cap) {
            return BoundedCost(length: length, pumps: pumps, steps: Int(estimate.rounded(.up)), capped: false)
        }
        // at or above the cap by the same growth, which does not slow down: the run would only count up to the
        // cap (15 million steps cost about a second of PCRE2 with its counting callout)
        if let lower = lowerBoundSteps(report, pumps: pumps), lower >= Double(cap) {
            return BoundedCost(length: length, pumps: pumps, steps: max(1, cap), capped: true)
        }
        var limits = PCRE2Limits()
        limits.stepCap = max(1, cap)
        limits.matchLimit = UInt32(clamping: max(cap, Int(limits.matchLimit)))
        do {
            let parsed = try RegexParser.parse(report.pattern, flags: report.flags)
            let program = try PCRE2Program(parsed)
            let run = try program.steps(on: attack.string(repeating: pumps), limits: limits)
            return BoundedCost(length: length, pumps: pumps, steps: run.steps, capped: run.capped)
        } catch {
            return nil
        }
    }
}
