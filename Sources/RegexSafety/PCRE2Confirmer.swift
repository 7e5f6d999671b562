// Dynamic confirmation: run an attack on PCRE2 at growing pump counts and fit the growth.
//
// PCRE2 is a backtracking engine like V8's. Compiled with PCRE2_NO_AUTO_POSSESS,
// PCRE2_NO_START_OPTIMIZE and PCRE2_NO_DOTSTAR_ANCHOR it skips the shortcuts V8 lacks, and it retries
// at every start position. PCRE2_AUTO_CALLOUT puts a callout before every pattern item; a counting
// callout gives a deterministic step count (no wall time). Each run is bounded by a match limit, a
// depth limit and a step cap (the callout stops the match when the cap is reached).

import CPCRE2

public struct GrowthFit: Hashable, Sendable, Codable {
    /// (pump count, steps) for each run, in order.
    public var samples: [Sample]
    public var measured: Complexity
    /// For polynomial growth: the estimated degree (log-log slope of the last two samples).
    public var degree: Double
    /// For exponential growth: the mean factor per extra pump over the last samples.
    public var factor: Double

    public struct Sample: Hashable, Sendable, Codable {
        public var pumps: Int
        public var steps: Int
    }
}

public struct PCRE2Limits: Hashable, Sendable {
    public var matchLimit: UInt32 = 10_000_000
    public var depthLimit: UInt32 = 10_000
    /// Steps (callouts) per run; the run stops there.
    public var stepCap = 100_000
    /// Steps over all runs of one confirmation.
    public var totalSteps = 750_000
    /// Longest attack string tried.
    public var maxSubjectLength = 20_000

    public init() {}
}

public final class PCRE2Program {
    let code: OpaquePointer
    let sticky: Bool
    let global: Bool

    /// `jit: false` runs the interpreter only (tests compare the two engines).
    public convenience init(_ regex: ParsedRegex, jit: Bool = true) throws {
        let pattern = try PCRE2Pattern.render(regex)
        let code: OpaquePointer
        do {
            code = try PCRE2Program.compile(pattern, flags: regex.flags)
        } catch PCRE2Error.compile(_) where pattern.contains(PCRE2Pattern.anyCharacter) {
            // a pattern PCRE2 rejects is rejected with the message and offset of its rendering with every
            // character as a class (`PCRE2Pattern.setText`), as before that rendering was shortened
            code = try PCRE2Program.compile(PCRE2Pattern.withAnyCharacterAsClass(pattern), flags: regex.flags)
        }
        self.init(code: code, flags: regex.flags, jit: jit)
    }

    /// A pattern already rendered for PCRE2 (`PCRE2Pattern.render`), with the flags of the regex it renders.
    convenience init(rendered pattern: String, flags: RegexFlags, jit: Bool = true) throws {
        self.init(code: try PCRE2Program.compile(pattern, flags: flags), flags: flags, jit: jit)
    }

    private init(code: OpaquePointer, flags: RegexFlags, jit: Bool) {
        self.code = code
        sticky = flags.sticky
        global = flags.global
        // PCRE2's JIT runs the same compiled pattern with the same callouts about twice as fast; where it is
        // not available the interpreter runs (see `steps`)
        self.jit = jit && pcre2_jit_compile_8(code, PCRE2_JIT_COMPLETE) == 0
    }

    /// Whether this program was JIT-compiled.
    public let jit: Bool

    static func compile(_ pattern: String, flags: RegexFlags) throws -> OpaquePointer {
        var options: UInt32 = PCRE2_UTF | PCRE2_NO_AUTO_POSSESS | PCRE2_NO_START_OPTIMIZE | PCRE2_NO_DOTSTAR_ANCHOR
            | PCRE2_AUTO_CALLOUT | PCRE2_MATCH_UNSET_BACKREF
        if flags.ignoreCase { options |= PCRE2_CASELESS }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buf in
            pcre2_compile_8(buf.baseAddress, buf.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &message, message.count)
            let text = n > 0 ? String(decoding: message.prefix(Int(n)), as: UTF8.self) : "error \(errorCode)"
            throw PCRE2Error.compile("\(text) at \(errorOffset)")
        }
        return compiled
    }

    deinit { pcre2_code_free_8(code) }

    /// Steps (callouts) taken by one search of `subject`, and whether it matched; the step count is
    /// capped at `limits.stepCap`.
    ///
    /// The JIT and the interpreter call the callout before the same pattern items, so they count the same
    /// steps; they differ only in their limits: the JIT has no depth limit (its stack, PCRE2's default 32 KB,
    /// holds fewer backtracking points than the interpreter's depth limit of 10,000 allows) and counts its
    /// match limit otherwise. A JIT run that ends at its stack or match limit is therefore run again on the
    /// interpreter, whose answer (the step count at the limit, capped) is the one given.
    public func steps(on subject: String, limits: PCRE2Limits) throws -> (steps: Int, matched: Bool, capped: Bool) {
        if jit {
            let r = try run(subject, limits: limits, options: 0)
            if r.limit != PCRE2_ERROR_MATCHLIMIT, r.limit != PCRE2_ERROR_JIT_STACKLIMIT {
                return (r.steps, r.matched, r.capped)
            }
        }
        let r = try run(subject, limits: limits, options: PCRE2_NO_JIT)
        return (r.steps, r.matched, r.capped)
    }

    /// One search on the engine `options` choose; `limit` is the error a limit stopped it with (0 if none).
    private func run(_ subject: String, limits: PCRE2Limits, options: UInt32) throws
        -> (steps: Int, matched: Bool, capped: Bool, limit: Int32)
    {
        guard let matchData = pcre2_match_data_create_from_pattern_8(code, nil) else { throw PCRE2Error.match(-48) }
        defer { pcre2_match_data_free_8(matchData) }
        guard let context = pcre2_match_context_create_8(nil) else { throw PCRE2Error.match(-48) }
        defer { pcre2_match_context_free_8(context) }
        pcre2_set_match_limit_8(context, limits.matchLimit)
        pcre2_set_depth_limit_8(context, limits.depthLimit)
        // the callout's state, reached through a raw pointer; the counting callout is C (CPCRE2's shim.h)
        let counter = UnsafeMutablePointer<looplint_step_counter>.allocate(capacity: 1)
        counter.initialize(to: looplint_step_counter(steps: 0, cap: Int64(limits.stepCap)))
        defer { counter.deallocate() }
        // With the global flag, every match from the last one on, as `replace`/`matchAll` do.
        let bytes = Array(subject.utf8)
        var offset = 0
        var matchedAny = false
        var rc: Int32 = 0
        pcre2_set_callout_8(context, looplint_count_step, UnsafeMutableRawPointer(counter))
        bytes.withUnsafeBufferPointer { buf in
            while offset <= buf.count {
                rc = pcre2_match_8(code, buf.baseAddress, buf.count, offset, (sticky ? PCRE2_ANCHORED : 0) | options,
                                   matchData, context)
                guard rc >= 0, global, let ovector = pcre2_get_ovector_pointer_8(matchData) else { break }
                matchedAny = true
                let start = ovector[0], end = ovector[1]
                var next = end > start ? end : end + 1
                while next < buf.count && buf[next] & 0xC0 == 0x80 { next += 1 }
                if next <= offset { break }
                offset = next
            }
        }
        let steps = Int(counter.pointee.steps)
        if global && matchedAny && rc == PCRE2_ERROR_NOMATCH { return (steps, true, false, 0) }
        switch rc {
        case let r where r >= 0: return (steps, true, false, 0)
        case PCRE2_ERROR_NOMATCH: return (steps, false, false, 0)
        case PCRE2_ERROR_CALLOUT: return (steps, false, true, 0)
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return (steps, false, true, rc)
        default: throw PCRE2Error.match(rc)
        }
    }
}

public enum PCRE2Confirmer {
    /// Runs the attack at growing pump counts (by one for exponential predictions, doubling for
    /// polynomial ones) until a run hits the step cap or the budget, then fits the growth.
    public static func measure(_ program: PCRE2Program, attack: Attack, expect: Complexity,
                               limits: PCRE2Limits = PCRE2Limits()) throws -> GrowthFit {
        var samples: [GrowthFit.Sample] = []
        var total = 0
        let pumpLength = max(1, attack.pumps.reduce(0) { $0 + $1.utf8.count })
        var n = expect == .exponential ? 1 : 4
        while samples.count < 24 {
            let subject = attack.string(repeating: n)
            if subject.utf8.count > limits.maxSubjectLength { break }
            // A later start position may still match (an empty match at the end, say): the steps
            // spent before it are the cost, so matched runs count too.
            let run = try program.steps(on: subject, limits: limits)
            total += run.steps
            if run.capped { break }
            samples.append(GrowthFit.Sample(pumps: n, steps: run.steps))
            if total > limits.totalSteps { break }
            if expect == .exponential { n += 1 } else { n *= 2 }
            if n * pumpLength > limits.maxSubjectLength && expect != .exponential { break }
            // the next run would stop at the step cap and add no sample: its steps grow from the last run's at
            // least as the last run's grew from the one before (each run adds one pump, or doubles them; the
            // growth of a super-linear attack's steps does not slow down), and that reaches the cap
            if samples.count >= 2 {
                let a = samples[samples.count - 2].steps, b = samples[samples.count - 1].steps
                if a > 0, b > a, Double(b) * Double(b) / Double(a) >= Double(limits.stepCap) { break }
            }
        }
        return fit(samples)
    }

    /// Classifies samples: exponential when the steps grow by a steady factor per extra pump,
    /// otherwise polynomial with the log-log slope of the last two samples as degree.
    public static func fit(_ samples: [GrowthFit.Sample]) -> GrowthFit {
        var result = GrowthFit(samples: samples, measured: .linear, degree: 1, factor: 1)
        let usable = samples.filter { $0.steps > 0 }
        guard usable.count >= 3 else { return result }
        let tail = Array(usable.suffix(4))
        guard let first = tail.first, let last = tail.last, last.pumps > first.pumps else { return result }
        // Log-log slope over the last two samples.
        let a = tail[tail.count - 2], b = tail[tail.count - 1]
        let slope = log(Double(b.steps) / Double(a.steps)) / log(Double(b.pumps) / Double(a.pumps))
        result.degree = (slope * 100).rounded() / 100
        // Mean factor per pump over the tail.
        let factor = pow(Double(last.steps) / Double(first.steps), 1 / Double(last.pumps - first.pumps))
        result.factor = (factor * 1000).rounded() / 1000
        let consecutive = zip(tail, tail.dropFirst()).allSatisfy { $1.pumps == $0.pumps + 1 }
        if consecutive && factor >= 1.3 && slope > 3.5 {
            result.measured = .exponential
        } else if slope >= 1.6 {
            result.measured = .polynomial
        }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
