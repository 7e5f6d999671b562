// Parser tests: the patterns and verdicts below were checked against Node.js 20 (`new RegExp(p, f)`).

import Testing
@testable import RegexSafety

struct Case: CustomTestStringConvertible, Sendable {
    var pattern: String
    var flags: String
    var testDescription: String { "/\(pattern)/\(flags)" }
}

let validPatterns: [Case] = [
    Case(pattern: "a|b", flags: ""),
    Case(pattern: "(a)(?<n>b)\\k<n>\\1", flags: ""),
    Case(pattern: "(?:a+?){2,3}?", flags: ""),
    Case(pattern: "[a-z\\d_-]", flags: ""),
    Case(pattern: "\\p{L}+", flags: "u"),
    Case(pattern: "\\p{Script=Greek}", flags: "u"),
    Case(pattern: "[\\p{L}--[a-z]]", flags: "v"),
    Case(pattern: "[[a-z]&&[aeiou]]", flags: "v"),
    Case(pattern: "[\\q{abc|d}x]", flags: "v"),
    Case(pattern: "\\8\\1", flags: ""),
    Case(pattern: "\\0", flags: ""),
    Case(pattern: "\\07", flags: ""),
    Case(pattern: "a{", flags: ""),
    Case(pattern: "a{1", flags: ""),
    Case(pattern: "}", flags: ""),
    Case(pattern: "]", flags: ""),
    Case(pattern: "\\c", flags: ""),
    Case(pattern: "[\\c_]", flags: ""),
    Case(pattern: "\\k", flags: ""),
    Case(pattern: "(?=a)*", flags: ""),
    Case(pattern: "\\u{1F600}", flags: "u"),
    Case(pattern: "\\uD83D\\uDE00", flags: "u"),
    Case(pattern: "[\\d-z]", flags: ""),
    Case(pattern: "\\x4", flags: ""),
    Case(pattern: "(?<=a|bc)x", flags: ""),
    Case(pattern: "(?<!\\d)x", flags: ""),
    Case(pattern: "\\/", flags: "u"),
    Case(pattern: "$^", flags: "m")
]

let invalidPatterns: [Case] = [
    Case(pattern: "a**", flags: ""),
    Case(pattern: "(", flags: ""),
    Case(pattern: ")", flags: ""),
    Case(pattern: "[b-a]", flags: ""),
    Case(pattern: "a{2,1}", flags: ""),
    Case(pattern: "\\p{Foo}", flags: "u"),
    Case(pattern: "{1}", flags: ""),
    Case(pattern: "a{", flags: "u"),
    Case(pattern: "]", flags: "u"),
    Case(pattern: "\\8", flags: "u"),
    Case(pattern: "(?<n>a)(?<n>b)", flags: ""),
    Case(pattern: "\\k<x>", flags: "u"),
    Case(pattern: "(?=a)*", flags: "u"),
    Case(pattern: "[\\d-z]", flags: "u"),
    Case(pattern: "[a&&&b]", flags: "v"),
    Case(pattern: "[(]", flags: "v"),
    Case(pattern: "\\c", flags: "u"),
    Case(pattern: "(?<a>x)\\k<b>", flags: ""),
    Case(pattern: "x{2}{3}", flags: ""),
    Case(pattern: "+", flags: ""),
    Case(pattern: "[", flags: ""),
    Case(pattern: "\\", flags: ""),
    Case(pattern: "(?", flags: ""),
    Case(pattern: "(?<>a)", flags: ""),
    Case(pattern: "\\q{a}", flags: "v")
]

@Test(arguments: validPatterns)
func parsesValidPattern(_ c: Case) throws {
    _ = try RegexParser.parse(c.pattern, flags: c.flags)
}

@Test(arguments: invalidPatterns)
func rejectsInvalidPattern(_ c: Case) {
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse(c.pattern, flags: c.flags) }
}

@Test func rejectsBadFlags() {
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse("a", flags: "uv") }
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse("a", flags: "gg") }
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse("a", flags: "x") }
}

func chars(_ p: String, _ f: String = "") throws -> CharSet {
    let r = try RegexParser.parse(p, flags: f)
    guard case .chars(let set) = r.root.kind else { Issue.record("not a single set: \(r.root.kind)"); return CharSet() }
    return set
}

@Test func resolvesCharacterSets() throws {
    #expect(try chars("[a-c]") == CharSet(ranges: [0x61...0x63]))
    #expect(try chars("[a-c]", "i") == CharSet(ranges: [0x41...0x43, 0x61...0x63]))
    #expect(try chars("\\d") == .digits)
    #expect(try chars("[^\\d]") == CharSet.digits.inverted)
    #expect(try chars(".") == .dot)
    #expect(try chars(".", "s") == .all)
    #expect(try chars("\\x41") == CharSet(0x41))
    #expect(try chars("\\101") == CharSet(0x41))
    #expect(try chars("\\cJ") == CharSet(0x0A))
    #expect(try chars("\\u{1F600}", "u") == CharSet(0x1F600))
    #expect(try chars("\\uD83D\\uDE00", "u") == CharSet(0x1F600))
    #expect(try chars("[\\d-z]") == CharSet.digits.union(CharSet(ranges: [0x2D...0x2D, 0x7A...0x7A])))
    #expect(try chars("[[a-z]&&[aeiou]]", "v") == CharSet(ranges: [0x61...0x61, 0x65...0x65, 0x69...0x69, 0x6F...0x6F, 0x75...0x75]))
    #expect(try chars("[[a-z]--[b-y]]", "v") == CharSet(ranges: [0x61...0x61, 0x7A...0x7A]))
    #expect(try chars("\\p{Lu}", "u").contains(0x41))
    #expect(try !chars("\\p{Lu}", "u").contains(0x61))
    #expect(try chars("\\P{L}", "u").contains(0x31))
}

@Test func resolvesBackreferencesAndGroups() throws {
    let r = try RegexParser.parse("(a)(?<n>b)\\k<n>\\1", flags: "")
    #expect(r.groupCount == 2)
    #expect(r.groupNames == [nil, nil, "n"])
    guard case .sequence(let items) = r.root.kind else { Issue.record("not a sequence"); return }
    #expect(items[2].kind == .backreference(2))
    #expect(items[3].kind == .backreference(1))
    // \2 with one group is an octal escape in Annex B.
    let annexB = try RegexParser.parse("(a)\\2", flags: "")
    guard case .sequence(let b) = annexB.root.kind else { Issue.record("not a sequence"); return }
    #expect(b[1].kind == .chars(CharSet(2)))
}

@Test func quantifiersAndSpans() throws {
    let r = try RegexParser.parse("x(?:ab)+?c{2,}", flags: "")
    guard case .sequence(let items) = r.root.kind else { Issue.record("not a sequence"); return }
    guard case .quantified(_, 1, nil, false) = items[1].kind else { Issue.record("lazy plus: \(items[1].kind)"); return }
    guard case .quantified(_, 2, nil, true) = items[2].kind else { Issue.record("{2,}: \(items[2].kind)"); return }
    #expect(r.text(of: items[1].span) == "(?:ab)+?")
    #expect(r.text(of: items[2].span) == "c{2,}")
}

@Test func stringAlternativesInVMode() throws {
    let r = try RegexParser.parse("[\\q{abc|d}x]", flags: "v")
    guard case .alternation(let alts) = r.root.kind else { Issue.record("not an alternation"); return }
    #expect(alts.count == 2)  // "abc", then [dx]
    #expect(alts[1].kind == .chars(CharSet(ranges: [0x64...0x64, 0x78...0x78])))
}

@Test func deepNestingIsAnErrorNotACrash() {
    let deep = String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000)
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse(deep, flags: "") }
    let deepClass = "[" + String(repeating: "[", count: 5000) + "a" + String(repeating: "]", count: 5001)
    #expect(throws: RegexSyntaxError.self) { try RegexParser.parse(deepClass, flags: "v") }
}

@Test func seededGarbageNeverCrashes() {
    var rng = SplitMix(seed: 42)
    let alphabet = Array("ab()[]{}|?*+\\^$.-,:=!<>kdpuq0123456789&")
    for _ in 0..<3000 {
        let n = Int(rng.next() % 16)
        let text = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
        for flags in ["", "u", "v", "i"] { _ = try? RegexParser.parse(text, flags: flags) }
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
