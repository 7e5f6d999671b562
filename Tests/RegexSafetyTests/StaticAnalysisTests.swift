// Static analysis: known vulnerable and safe shapes, attacks that really fail, budgets.

import Testing
@testable import RegexSafety

struct Expectation: CustomTestStringConvertible, Sendable {
    var pattern: String
    var flags: String = ""
    var complexity: Complexity
    var degree: Int = 0
    var retry: Bool = false
    var testDescription: String { "/\(pattern)/\(flags) \(complexity)" }
}

let staticExpectations: [Expectation] = [
    Expectation(pattern: "^(a+)+$", complexity: .exponential),
    Expectation(pattern: "(a+)+b", complexity: .exponential),
    Expectation(pattern: "(a|a)*$", complexity: .exponential),
    Expectation(pattern: "(a*)*$", complexity: .exponential),
    Expectation(pattern: "(?:(?:(?:a*)*)*)*b", complexity: .exponential),
    Expectation(pattern: "^((a|ab)(bc|c))*$", complexity: .exponential),
    Expectation(pattern: "^(\\w+\\s?)*$", complexity: .exponential),
    Expectation(pattern: "^(a|b|ab)*c", complexity: .exponential),
    Expectation(pattern: "^(A+)+$", flags: "i", complexity: .exponential),
    Expectation(pattern: "\\s+$", complexity: .polynomial, degree: 2, retry: true),
    Expectation(pattern: "\\s*#\\s*$", complexity: .polynomial, degree: 2, retry: true),
    Expectation(pattern: " *, *", complexity: .polynomial, degree: 2, retry: true),
    Expectation(pattern: "\\{.*\\}", complexity: .polynomial, degree: 2, retry: true),
    Expectation(pattern: "<!--[\\s\\S]*?-->", complexity: .polynomial, degree: 2, retry: true),
    Expectation(pattern: "^ab*b*c", complexity: .polynomial, degree: 2),
    Expectation(pattern: "^a*a*a*b", complexity: .polynomial, degree: 3),
    Expectation(pattern: "\\s+$", flags: "m", complexity: .polynomial, degree: 2, retry: true),
    // The shortest pump holds the closing quote (every attempt then matches); a pump of the loop's own
    // characters (a run of backslashes) fails: sequelize's hstore parser, a real fix commit.
    Expectation(pattern: #""(?:\\"|\\\\|[\s\S])*?""#, flags: "g", complexity: .exponential),
    Expectation(pattern: #"(["])(?:\\\1|\\\\|[\s\S])*?\1|NULL"#, flags: "g", complexity: .exponential),
    // Safe: anchored, separated, deterministic, guarded.
    Expectation(pattern: "^\\s+$", complexity: .linear),
    Expectation(pattern: "^[a-z]+$", complexity: .linear),
    Expectation(pattern: "^\\d+\\.\\d+$", complexity: .linear),
    Expectation(pattern: "^([a-z0-9]+[-.])*[a-z0-9]+$", complexity: .linear),
    Expectation(pattern: "\\s+$", flags: "y", complexity: .linear),
    Expectation(pattern: "\\bx+y", complexity: .linear),
    Expectation(pattern: "(?<![a-z])x+y", complexity: .linear),
    Expectation(pattern: "(?<!\\s)\\s+$", complexity: .linear),
    Expectation(pattern: "^(a|b)*$", complexity: .linear),
    Expectation(pattern: "(a|a)*", complexity: .linear),          // matches at once
    Expectation(pattern: "^(?:a{1000}){2}$", complexity: .linear),
    Expectation(pattern: "^(a?){25}a{25}$", complexity: .linear),  // bounded, not pumpable
    Expectation(pattern: "[\\s\\S]*", complexity: .linear),
]

@Test(arguments: staticExpectations)
func staticClassification(_ e: Expectation) throws {
    let r = try RegexParser.parse(e.pattern, flags: e.flags)
    let s = StaticAnalyzer.analyze(r)
    #expect(s.budgetExhausted == nil)
    #expect(s.complexity == e.complexity)
    if e.complexity == .polynomial {
        #expect(s.degree == e.degree)
        #expect(s.usesRetry == e.retry)
    }
    if e.complexity != .linear {
        #expect(s.attack != nil)
    }
}

/// The attack is rejected by the automaton at every pump count: no prefix of it matches.
@Test(arguments: ["^(a+)+$", "\\s*#\\s*$", "^((a|ab)(bc|c))*$", "\\{.*\\}", "^a*a*a*b"])
func attacksFailToMatch(_ pattern: String) throws {
    let r = try RegexParser.parse(pattern, flags: "")
    let s = StaticAnalyzer.analyze(r)
    let attack = try #require(s.attack)
    let nfa = try PositionNFA.build(r)
    let a = Analyzer(nfa: nfa, limits: AnalysisLimits())
    for n in [1, 2, 5, 9] {
        let text = attack.string(repeating: n).unicodeScalars.map(\.value)
        // With retries dropped after the blow-up, the exploited attempts all fail.
        var set = [0]
        var matched = false
        for c in text {
            if a.accepted(set, next: c) && !set.allSatisfy({ nfa.states[$0].isRetry || $0 == 0 }) { matched = true }
            set = a.step(set, c)
        }
        #expect(!matched || s.usesRetry, "attack \(text) matched")
    }
}

@Test func loopSpanNamesTheQuantifier() throws {
    let r = try RegexParser.parse("^foo(\\d+)+$", flags: "")
    let s = StaticAnalyzer.analyze(r)
    let span = try #require(s.loopSpan)
    #expect(r.text(of: span) == "(\\d+)+")
}

/// Pathological inputs come back with a budget-exhausted result instead of running long.
@Test(arguments: [
    "^(?:a{1000}){1000}c*$",
    "^(?:(?:(?:a{16}){16}){16}){16}c*$",
    "(?:(?:(?:(?:[a-z]{0,16}){0,16}){0,16}){0,16})b+",
    String(repeating: "(?:a|", count: 200) + String(repeating: ")", count: 200) + "*$",
])
func pathologicalPatternsHitABudget(_ pattern: String) throws {
    let r = try RegexParser.parse(pattern, flags: "")
    let s = StaticAnalyzer.analyze(r)
    #expect(s.budgetExhausted != nil)
    #expect(s.complexity == .linear)
}

/// Without a quantifier that has no upper bound there is no loop to analyse: linear at once, however large the
/// bounded repeats (no automaton is built, so no budget runs out).
@Test(arguments: [
    "^(?:a{1000}){1000}$", "^(?:(?:(?:a{16}){16}){16}){16}$", "(?:(?:(?:(?:[a-z]{0,16}){0,16}){0,16}){0,16})b",
    "^\\d{4}-\\d{2}(?=x{0,3})$",
])
func loopFreePatternsAreLinearAtOnce(_ pattern: String) throws {
    let r = try RegexParser.parse(pattern, flags: "")
    #expect(!r.root.repeatsWithoutBound)
    let s = StaticAnalyzer.analyze(r)
    #expect(s.complexity == .linear)
    #expect(s.budgetExhausted == nil)
}

/// A quantifier without an upper bound anywhere (inside a lookaround, a group, an alternative) is a loop.
@Test(arguments: ["a(?=b*)", "(?:x|y+)", "((a){2,})", "(?<!c+)d"])
func unboundedQuantifiersAreFoundAnywhere(_ pattern: String) throws {
    #expect(try RegexParser.parse(pattern, flags: "").root.repeatsWithoutBound)
}

@Test func smallBudgetsAreHonoured() throws {
    var limits = AnalysisLimits()
    limits.maxProductWork = 50
    let r = try RegexParser.parse("^(a|b|c|d|e|f|g|h)*(a|b|c|d|e|f|g|h)*(a|b|c|d|e|f|g|h)*$", flags: "")
    let s = StaticAnalyzer.analyze(r, limits: limits)
    #expect(s.budgetExhausted != nil)
}

@Test func hugeCountedRepetitionIsApproximatedNotExpanded() throws {
    let r = try RegexParser.parse("^(?:a{1000}){2}$", flags: "")
    let nfa = try PositionNFA.build(r)
    #expect(nfa.states.count < 400)
    #expect(nfa.approximations.contains { $0.contains("counted repetition") })
}
