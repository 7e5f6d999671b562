// PCRE2 confirmation: deterministic step counts and the growth fit on known cases.

import CPCRE2
import Foundation
import Testing
@testable import RegexSafety

@Test func nestedPlusDoublesPerExtraA() throws {
    let r = try RegexParser.parse("^(a+)+$", flags: "")
    let program = try PCRE2Program(r)
    let attack = Attack(prefix: "", pumps: ["a"], suffix: "!")
    let fit = try PCRE2Confirmer.measure(program, attack: attack, expect: .exponential)
    #expect(fit.measured == .exponential)
    #expect(fit.samples.count >= 8)
    #expect(abs(fit.factor - 2) < 0.05, "factor \(fit.factor)")
}

@Test func spacesAroundHashGrowQuadratically() throws {
    let r = try RegexParser.parse("\\s*#\\s*$", flags: "")
    let program = try PCRE2Program(r)
    let attack = Attack(prefix: "", pumps: [" "], suffix: "")
    let fit = try PCRE2Confirmer.measure(program, attack: attack, expect: .polynomial)
    #expect(fit.measured == .polynomial)
    #expect(abs(fit.degree - 2) < 0.1, "degree \(fit.degree)")
}

@Test func linearPatternMeasuresLinear() throws {
    let r = try RegexParser.parse("^\\s*#\\s*$", flags: "")
    let program = try PCRE2Program(r)
    let fit = try PCRE2Confirmer.measure(program, attack: Attack(prefix: "", pumps: [" "], suffix: ""), expect: .polynomial)
    #expect(fit.measured == .linear)
}

@Test func stepCountsAreDeterministic() throws {
    let program = try PCRE2Program(RegexParser.parse("(a+)+b", flags: ""))
    let a = try program.steps(on: "aaaaaaaaaa", limits: PCRE2Limits())
    let b = try program.steps(on: "aaaaaaaaaa", limits: PCRE2Limits())
    #expect(a.steps == b.steps)
    #expect(a.steps > 1000)
    #expect(!a.matched)
}

@Test func stepCapStopsARun() throws {
    let program = try PCRE2Program(RegexParser.parse("^(a+)+$", flags: ""))
    var limits = PCRE2Limits()
    limits.stepCap = 10_000
    let run = try program.steps(on: String(repeating: "a", count: 40) + "!", limits: limits)
    #expect(run.capped)
    #expect(run.steps == 10_000)
}

@Test(arguments: [
    ("^(a+)+$", "", "aaa!", false), ("\\s+$", "", "a  ", true), ("^a$", "m", "b\na\nc", true),
    ("^a$", "", "b\na\nc", false), ("\\bfoo\\b", "", "a foo.", true), ("[\\d-z]+", "", "-", true),
    ("(?<n>x)\\k<n>", "", "xx", true), ("A", "i", "a", true), ("a.c", "", "a\nc", false), ("a.c", "s", "a\nc", true),
    ("[^a]", "", "\u{2028}", true), ("x\\s", "", "x\u{FEFF}", true), ("\\u{1F600}+", "u", "\u{1F600}\u{1F600}", true),
])
func translationKeepsMeaning(_ c: (String, String, String, Bool)) throws {
    let program = try PCRE2Program(RegexParser.parse(c.0, flags: c.1))
    #expect(try program.steps(on: c.2, limits: PCRE2Limits()).matched == c.3)
}

@Test func checkerConfirmsAndCaches() {
    let report = ReDoSChecker.check(pattern: "(x+x+)+y", flags: "")
    #expect(report.complexity == .exponential)
    #expect(report.confirmed)
    #expect(report.steps.count >= 3)
    #expect(report.loopText == "(x+x+)+")
    let again = ReDoSChecker.check(pattern: "(x+x+)+y", flags: "")
    #expect(again == report)
    let safe = ReDoSChecker.check(pattern: "^[a-z]+$", flags: "")
    #expect(safe.complexity == nil)
    let bad = ReDoSChecker.check(pattern: "(", flags: "")
    #expect(bad.syntaxError != nil)
}

@Test func untranslatableLookbehindStaysStaticOnly() {
    let report = ReDoSChecker.check(pattern: "(?<=a+)\\s+$", flags: "")
    #expect(report.complexity == .polynomial)
    #expect(!report.confirmed)
    #expect(report.unconfirmedReason?.contains("PCRE2") == true)
}

/// Input without line terminators (a request target, a header value): `.*$` runs to the end and `$` holds
/// there, so a pattern whose every attack ends in a newline is linear; one that backtracks on other
/// characters stays super-linear, with an attack made of those.
@Test(arguments: [
    ("\\?.*$", "", false),
    ("#.*$", "", false),
    ("^(text\\/(plain|html).*|application\\/(.*json|.*xml).*)$", "", false),
    ("\\s+$", "", true),
    ("\\s*,\\s*a$", "", true),
])
func lineFreeInput(pattern: String, flags: String, superLinear: Bool) {
    let any = ReDoSChecker.check(pattern: pattern, flags: flags)
    #expect(any.complexity == .polynomial)
    let lineFree = ReDoSChecker.check(pattern: pattern, flags: flags, input: .lineFree)
    #expect((lineFree.complexity != nil) == superLinear)
    if let attack = lineFree.attack {
        let text = attack.string(repeating: 4)
        #expect(!text.unicodeScalars.contains { CharSet.lineTerminators.contains($0.value) }, "\(text)")
        #expect(lineFree.confirmed)
    }
}

// A measurement leaves out the run its growth says would stop at the step cap: that run must really be capped,
// so leaving it out loses no sample (quadratic, cubic, exponential, and a long pump).
@Test(arguments: [
    ("\\s*#\\s*$", " ", Complexity.polynomial), ("\\s+$", " ", .polynomial), ("a*a*a*b", "a", .polynomial),
    ("^(a+)+$", "a", .exponential), ("\\{%\\s*code([^%]*)%\\}\\s*\\r?\\n```(\\w*)", "{%code%}\n```\na", .polynomial),
])
func measurementStopsOnlyBeforeACappedRun(_ c: (String, String, Complexity)) throws {
    let program = try PCRE2Program(RegexParser.parse(c.0, flags: ""))
    let attack = Attack(prefix: "", pumps: [c.1], suffix: c.2 == .exponential ? "!" : "")
    let limits = PCRE2Limits()
    let fit = try PCRE2Confirmer.measure(program, attack: attack, expect: c.2, limits: limits)
    let last = try #require(fit.samples.last)
    let total = fit.samples.reduce(0) { $0 + $1.steps }
    let next = c.2 == .exponential ? last.pumps + 1 : last.pumps * 2
    let subject = attack.string(repeating: next)
    // the measurement ended for another reason (budget, longest subject) or the next run is capped
    if total <= limits.totalSteps, subject.utf8.count <= limits.maxSubjectLength {
        #expect(try program.steps(on: subject, limits: limits).capped, "\(c.0): \(fit.samples)")
    }
}

// A bounded input's cost is estimated from the confirmation's samples only where the estimate is far below the
// cap; the estimate is then within a small factor of the run it stands for.
@Test(arguments: [("\\s*#\\s*$", 500), ("[ \\t]+$", 2_000), ("\\/.+;", 500), ("(\\d+)+$", 18)])
func boundedCostEstimateIsCloseToTheRun(_ c: (String, Int)) throws {
    let report = ReDoSChecker.check(pattern: c.0, flags: "")
    let attack = try #require(report.attack)
    #expect(report.confirmed)
    let pumpLength = attack.pumps.reduce(0) { $0 + $1.count }
    let pumps = max(1, (c.1 - attack.prefix.count - attack.suffix.count) / pumpLength)
    let estimate = try #require(ReDoSChecker.estimatedSteps(report, pumps: pumps))
    var limits = PCRE2Limits()
    limits.stepCap = 100_000_000
    limits.matchLimit = 100_000_000
    let run = try PCRE2Program(RegexParser.parse(c.0, flags: "")).steps(on: attack.string(repeating: pumps), limits: limits)
    #expect(!run.capped)
    #expect(estimate >= Double(run.steps) / 2 && estimate <= Double(run.steps) * 2, "estimate \(estimate), run \(run.steps)")
}

// A scanning lookahead is read as consuming its body when the pattern is linear without it; PCRE2 measures
// the pattern as written (hono's Accept parameters, fixed in 50869562).
@Test(arguments: [
    (";(?=(?:(?:[^\"]*\"){2})*[^\"]*$)", true),
    ("(?=.*\\d)", true),
    ("^(?=.*\\d)(?=.*[a-z]).{8,}$", false),  // anchored: one start position
    (",(?=\\d)", false),                     // one character ahead: a guard
    (";(?=[^\"]{0,8}$)", false),             // bounded body
    (";(?=[^;]*=)", false),                  // the scan stops at the next ';'
    ("a(?![^b]*c)", false),                  // negative lookaheads stay always true
])
func scanningLookaheads(pattern: String, superLinear: Bool) {
    let r = ReDoSChecker.check(pattern: pattern, flags: "")
    #expect((r.complexity == .polynomial) == superLinear, "\(pattern): \(String(describing: r.complexity))")
    if superLinear {
        #expect(r.confirmed)
        #expect(r.staticResult?.approximations.contains(ReDoSChecker.lookaheadNote) == true)
    }
}

@Test func lookaheadReadAsConsumedDropsWhatFollows() throws {
    let parsed = try RegexParser.parse("a(?=b*c)d", flags: "")
    let variant = try #require(ReDoSChecker.lookaheadConsumed(parsed.root))
    guard case .sequence(let items) = variant.kind else { Issue.record("not a sequence"); return }
    #expect(items.count == 2)
    #expect(ReDoSChecker.lookaheadConsumed(try RegexParser.parse("a(?=b)c", flags: "").root) == nil)
}

// A bounded-cost run is skipped when the growth of the confirmation's last two samples, carried on, already
// reaches the step cap: that lower bound, and the run it stands for, agree on a real quadratic attack.
@Test func lowerBoundFromTheLastTwoSamples() throws {
    var report = ReDoSChecker.check(pattern: "\\s*#?\\s*$", flags: "")
    #expect(report.complexity == .polynomial)
    guard let fit = report.fit, fit.samples.count >= 2 else {
        Issue.record("no samples")
        return
    }
    let a = fit.samples[fit.samples.count - 2], b = fit.samples[fit.samples.count - 1]
    // within the samples there is no bound to carry on
    #expect(ReDoSChecker.lowerBoundSteps(report, pumps: b.pumps) == nil)
    let far = b.pumps * 8
    let lower = try #require(ReDoSChecker.lowerBoundSteps(report, pumps: far))
    let slope = log(Double(b.steps) / Double(a.steps)) / log(Double(b.pumps) / Double(a.pumps))
    #expect(abs(lower - Double(b.steps) * pow(8, slope)) < 1)
    // the measured run at that many pumps costs at least the bound (growth does not slow down)
    let attack = try #require(report.attack)
    let program = try PCRE2Program(try RegexParser.parse(report.pattern, flags: report.flags))
    var limits = PCRE2Limits()
    limits.stepCap = Int(lower * 4)
    let run = try program.steps(on: attack.string(repeating: far), limits: limits)
    #expect(Double(run.steps) >= lower * 0.999, "run \(run.steps) bound \(lower)")
    // samples that do not grow give no bound
    report.fit?.samples = [a, a]
    #expect(ReDoSChecker.lowerBoundSteps(report, pumps: far) == nil)
}

// The set of every character is rendered as `\p{Any}` (PCRE2 compiles the class `[\x{0}-\x{10FFFF}]` code point by
// code point under PCRE2_CASELESS): the same steps, matches and caps as the class, with and without `i`, on attacks
// and on subjects with non-ASCII, line terminators and case pairs; and a pattern PCRE2 rejects is rejected with the
// class rendering's message and offset.
@Test(arguments: [
    ("(?:<\\?php|<\\?)[\\s\\S]*?(?:\\?>|$)", "gi", ["<?php " + String(repeating: "a", count: 200), "<?<?<?php ?> zz\u{2028}"]),
    ("<details>\\s*<summary>([\\s\\S]*?)<\\/summary>([\\s\\S]*?)<\\/details>", "gi",
     ["<details><summary>" + String(repeating: "<summary>", count: 30), "<DETAILS>\n<SUMMARY>é</summary>ÉK\u{212A}"]),
    ("([\\s\\S])\\1+[^]*x", "i", [String(repeating: "aA", count: 40), "ſSsK\u{212A}k\r\n"]),
    ("a[^]*b[^]*c", "", [String(repeating: "ab", count: 60) + "\u{1F600}"]),
    ("\\[[a-z][\\s\\S]*?\\]", "i", ["[a" + String(repeating: "[b", count: 80)]),
])
func anyCharacterRendersAsTheClassDid(_ c: (String, String, [String])) throws {
    let regex = try RegexParser.parse(c.0, flags: c.1)
    let rendered = try PCRE2Pattern.render(regex)
    #expect(rendered.contains(PCRE2Pattern.anyCharacter))
    let now = try PCRE2Program(rendered: rendered, flags: regex.flags)
    let before = try PCRE2Program(rendered: PCRE2Pattern.withAnyCharacterAsClass(rendered), flags: regex.flags)
    var limits = PCRE2Limits()
    for subject in c.2 {
        for cap in [100, 100_000] {
            limits.stepCap = cap
            let a = try now.steps(on: subject, limits: limits), b = try before.steps(on: subject, limits: limits)
            #expect(a.steps == b.steps && a.matched == b.matched && a.capped == b.capped, "\(c.0) on \(subject.prefix(20)): \(a) vs \(b)")
        }
    }
}

@Test func rejectedAnyCharacterPatternKeepsTheClassRenderingsError() throws {
    let regex = try RegexParser.parse("[\\s\\S]x(?<=a[\\s\\S]*)", flags: "i")
    let rendered = try PCRE2Pattern.render(regex)
    var before: PCRE2Error?
    do { _ = try PCRE2Program(rendered: PCRE2Pattern.withAnyCharacterAsClass(rendered), flags: regex.flags) } catch let e as PCRE2Error { before = e }
    var now: PCRE2Error?
    do { _ = try PCRE2Program(regex) } catch let e as PCRE2Error { now = e }
    #expect(before != nil)
    #expect(now == before)
}

// The JIT counts the steps the interpreter counts: same callouts, same cap; a run the interpreter stops at its
// depth limit (10,000 nested backtracking points) overflows the JIT's stack first and is run again on the
// interpreter, so the answer is the interpreter's there too.
@Test(arguments: [
    ("^(a+)+$", "", "a", "!"), ("(a+)+b", "", "a", ""), ("\\s*#\\s*$", "", " ", ""), ("a*a*a*b", "", "a", ""),
    ("^(a|a)*$", "", "a", "!"), ("(\\w+\\s?)+$", "", "ab ", "!"), ("^(a|b)*$", "", "ab", "!"), ("(x+x+)+y", "i", "X", ""),
    ("^([a-z]+\\.)+[a-z]{2,}$", "", "abc.", "!"), ("\\{%\\s*code([^%]*)%\\}", "", "{%code", ""), ("(\\d+)+$", "u", "1", "x"),
    ("(?:a|b|ab)*c", "g", "ab", ""), ("[\\s\\S]*?x[\\s\\S]*?y", "", "x", ""),
])
func jitCountsTheInterpretersSteps(_ c: (String, String, String, String)) throws {
    let parsed = try RegexParser.parse(c.0, flags: c.1)
    let jit = try PCRE2Program(parsed), interpreter = try PCRE2Program(parsed, jit: false)
    var available: UInt32 = 0
    _ = withUnsafeMutablePointer(to: &available) { pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), $0) }
    #expect(jit.jit == (available == 1))
    #expect(!interpreter.jit)
    var limits = PCRE2Limits()
    limits.stepCap = 200_000
    for pumps in [1, 2, 3, 5, 8, 13, 21, 34, 100, 1_000, 6_000, 12_000] {
        let subject = String(repeating: c.2, count: pumps) + c.3
        let a = try jit.steps(on: subject, limits: limits), b = try interpreter.steps(on: subject, limits: limits)
        #expect(a.steps == b.steps && a.matched == b.matched && a.capped == b.capped, "\(c.0) x\(pumps): \(a) vs \(b)")
    }
}
