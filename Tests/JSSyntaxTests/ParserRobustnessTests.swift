// Seeded robustness test: at least 10,000 broken inputs per run, built from the parser fixtures and
// corpus samples by byte flips, insertions (random bytes, invalid UTF-8, NULs, JS tokens), span
// deletions and duplications, truncations, splices, shuffled token soups and random bytes, plus a
// fixed set of deeply nested inputs. Every input must come back: no crash, and bounded work, measured
// without a clock: the parser's own work counter (bytes scanned, speculative re-reads included, plus
// one per token) must stay under its budget linear in the input without needing the budget's stop,
// and node and error counts must stay linear too. Deep nesting ends in "Nesting too deep".
//
// Reproduce: LOOPLINT_FUZZ_SEED=<seed> [LOOPLINT_FUZZ_ONLY=<index>] [LOOPLINT_FUZZ_COUNT=<n>]
//            swift test --filter ParserRobustnessTests
// To find the input behind a crash or hang, add LOOPLINT_FUZZ_TRACE=1: each input is written to
// $TMPDIR/looplint-fuzz-current.<ext> before it is parsed, and its label printed (slow).

import Foundation
@testable import JSSyntax
import SourceText
import Testing

/// SplitMix64: tiny, fast and the same on every platform and Swift version (unlike the standard
/// library's `random(in:using:)`, whose use of the generator is not promised to stay the same).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform enough in 0..<n (n > 0); 0 when n <= 0.
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

struct FuzzSource {
    let name: String
    let ext: String
    let bytes: [UInt8]
}

enum Fuzz {
    static let defaultSeed: UInt64 = 0x6C6F_6F70_6C69_6E74   // "looplint"

    static var seed: UInt64 {
        guard let text = ProcessInfo.processInfo.environment["LOOPLINT_FUZZ_SEED"] else { return defaultSeed }
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? defaultSeed }
        return UInt64(text) ?? defaultSeed
    }

    static var count: Int { ProcessInfo.processInfo.environment["LOOPLINT_FUZZ_COUNT"].flatMap { Int($0) } ?? 10_000 }
    static var only: Int? { ProcessInfo.processInfo.environment["LOOPLINT_FUZZ_ONLY"].flatMap { Int($0) } }
    static let trace = ProcessInfo.processInfo.environment["LOOPLINT_FUZZ_TRACE"] == "1"

    static let extensions = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"]

    /// Bytes that upset lexers: NUL, invalid UTF-8 (lone continuation, overlong lead, surrogate
    /// halves, past U+10FFFF, truncated sequences), line separators, and JS punctuation.
    static let nastyBytes: [[UInt8]] = [
        [0x00], [0xFF], [0xFE], [0x80], [0xC0, 0x80], [0xC3], [0xE2, 0x80], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9],
        [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F], [0xEF, 0xBB, 0xBF], [0x0D], [0x0A], [0x09], [0x0B],
        [0x0C], [0x20], [0xC2, 0xA0],
    ] + Array("{}()[]<>/\\`'\"*;:,.=!?@#$%&|^~-+_0123456789anx".utf8).map { [$0] }

    static let tokens: [String] = [
        "function", "=>", "async", "await", "yield", "class", "extends", "`${", "${", "}`", "`", "}", "{", "(", ")",
        "[", "]", "/*", "*/", "//", "<!--", "-->", "<", ">", "</", "/>", "<>", "</>", "import", "export", "default",
        "type", "interface", "enum", "namespace", "declare", "abstract", "as", "satisfies", "keyof", "infer", "is",
        "asserts", "!", "?.", "??=", "?", ":", "...", "#x", "@dec", "\\u{", "\\u0061", "0x", "1n", "1_0", ".5", "'",
        "\"", "/re/g", "/", "new", "new.target", "import.meta", "let", "const", "var", "of", "in", "get", "set", "static",
        "accessor", "override", "readonly", "unique symbol", "=", ";", ",", "\n", " ", "#!", "&amp;", "<a>", "</a>",
        "<T,>", "<T>", "Array<", ">>", ">>>", "=>{", "return", "with", "label:", "break", "case", "switch",
    ]

    static let jsAlphabet: [UInt8] = Array("abcdefxyzAB_$0123456789 \n\t{}()[]<>/\\`'\"*;:,.=!?@#%&|^~-+".utf8)
}

@Suite struct ParserRobustnessTests {
    static func sources() -> [FuzzSource] {
        var out: [FuzzSource] = []
        for group in ["ok", "err", "pending"] {
            for input in ParserFixtures.inputs(group) {
                guard let data = try? Data(contentsOf: ParserFixtures.url(input)) else { continue }
                out.append(FuzzSource(name: input, ext: (input as NSString).pathExtension, bytes: [UInt8](data)))
            }
        }
        // Corpus samples: up to 32 files spread over the sorted list, at most 16 KB of each.
        if Corpus.available {
            let files = Corpus.files()
            let step = max(1, files.count / 32)
            for path in stride(from: 0, to: files.count, by: step).map({ files[$0] }).prefix(32) {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                out.append(FuzzSource(name: path, ext: (path as NSString).pathExtension, bytes: Array([UInt8](data).prefix(16_384))))
            }
        }
        return out
    }

    /// Fixed, deeply nested or very long inputs.
    static func deepInputs() -> [(name: String, ext: String, bytes: [UInt8])] {
        func r(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }
        let cases: [(String, String, String)] = [
            ("parens open", "js", r("(", 100_000)),
            ("parens balanced", "js", r("(", 100_000) + "x" + r(")", 100_000)),
            ("brackets open", "js", r("[", 100_000)),
            ("braces open", "js", r("{", 100_000)),
            ("object literals", "js", "x = " + r("{a:", 50_000)),
            ("nested conditionals", "js", r("a?", 50_000) + "b" + r(":c", 50_000)),
            ("chained conditionals", "js", r("a?b:", 100_000) + "c"),
            ("unary chain", "js", r("!", 100_000) + "x"),
            ("await chain", "mjs", r("await ", 50_000) + "x"),
            ("arrow chain", "js", r("x => ", 50_000) + "x"),
            ("function nesting", "js", r("function f(){", 50_000)),
            ("if nesting", "js", r("if (a) ", 50_000) + ";"),
            ("new chain", "js", r("new ", 50_000) + "X"),
            ("template nesting", "js", r("`${", 30_000)),
            ("template balanced", "js", r("`${", 2_000) + r("}`", 2_000)),
            ("member chain", "js", r("a.", 100_000) + "b"),
            ("call chain", "js", "a" + r("()", 100_000)),
            ("binary chain", "js", r("a+", 100_000) + "a"),
            ("exponent chain", "js", r("a**", 100_000) + "a"),
            ("assignment chain", "js", r("a=", 100_000) + "a"),
            ("comma chain", "js", r("a,", 100_000) + "a"),
            ("array destructuring", "js", "[" + r("[", 50_000) + "a" + r("]", 50_000) + "] = x"),
            ("jsx elements in tsx", "tsx", r("<a>", 30_000)),
            ("jsx elements in jsx", "jsx", r("<a>", 30_000) + r("</a>", 30_000)),
            ("jsx expression containers", "jsx", "<a>" + r("{<a>", 30_000)),
            ("jsx attributes", "jsx", "<a " + r("b ", 50_000)),
            ("fragments", "tsx", r("<>", 50_000)),
            ("generic types", "ts", "let x: " + r("Array<", 50_000) + "number" + r(">", 50_000) + ";"),
            ("generic types open", "ts", "let x: " + r("Array<", 100_000)),
            ("generic calls", "ts", r("f<", 50_000) + "a" + r(">", 50_000) + "()"),
            ("generic call ambiguity", "ts", r("a < b > (", 20_000)),
            ("union type", "ts", "type T = " + r("A|", 100_000) + "B;"),
            ("type literals", "ts", "let x: " + r("{a:", 50_000)),
            ("conditional types", "ts", "type T = " + r("A extends B ? ", 30_000) + "C" + r(" : D", 30_000)),
            ("parenthesised types", "ts", "type T = " + r("(", 50_000) + "A" + r(")", 50_000)),
            ("arrow-or-paren in ts", "ts", r("(a, ", 20_000) + "b" + r(")", 20_000) + " => 1"),
            ("arrow params in ts", "ts", r("(a: (b: ", 20_000)),
            ("unterminated comment", "js", "/*" + r("x", 200_000)),
            ("unterminated string", "js", "'" + r("x", 200_000)),
            ("unterminated template", "js", "`" + r("${a}", 50_000)),
            ("unterminated regex", "js", "x = /" + r("[", 100_000)),
            ("long identifier", "js", r("a", 500_000)),
            ("long number", "js", r("1", 200_000)),
            ("escape soup", "js", r("\\u", 100_000)),
            ("html comments", "js", r("<!--\n", 50_000)),
            ("decorators", "ts", r("@a ", 50_000) + "class C {}"),
            ("class nesting", "ts", r("class A { m() { ", 20_000)),
            ("namespace nesting", "ts", r("namespace A { ", 50_000)),
            ("medium parens in ts", "ts", r("(", 900) + "a" + r(")", 900)),
            ("medium arrows in ts", "ts", r("(a) => (", 450) + "a" + r(")", 450)),
            ("medium generics in ts", "ts", r("f<", 400) + "a" + r(">", 400) + "(x)"),
            ("medium type args in tsx", "tsx", r("<T,>(x: T) => ", 400) + "x"),
            ("medium jsx in tsx", "tsx", r("<a>", 400) + r("</a>", 400)),
        ]
        return cases.map { ($0.0, $0.1, Array($0.2.utf8)) }
    }

    /// Builds mutated input `index` deterministically from the seed.
    static func mutatedInput(_ index: Int, seed: UInt64, sources: [FuzzSource]) -> (ext: String, bytes: [UInt8], how: String) {
        var rng = SplitMix64(seed: seed &+ UInt64(index) &* 0xD134_2543_DE82_EF95)
        let source = rng.pick(sources)
        var bytes = source.bytes
        var ext = source.ext
        if rng.chance(15) { ext = rng.pick(Fuzz.extensions) }
        var how: [String] = [source.name]
        let rounds = 1 + (rng.chance(30) ? rng.below(3) : 0)
        for _ in 0..<rounds {
            switch rng.below(10) {
            case 0:
                how.append("flip")
                for _ in 0..<(1 + rng.below(8)) where !bytes.isEmpty {
                    bytes[rng.below(bytes.count)] ^= UInt8(1 + rng.below(255))
                }
            case 1:
                how.append("insert-bytes")
                for _ in 0..<(1 + rng.below(4)) {
                    var chunk: [UInt8] = []
                    for _ in 0..<(1 + rng.below(8)) { chunk += rng.pick(Fuzz.nastyBytes) }
                    bytes.insert(contentsOf: chunk, at: rng.below(bytes.count + 1))
                }
            case 2:
                how.append("insert-tokens")
                for _ in 0..<(1 + rng.below(6)) {
                    bytes.insert(contentsOf: Array(rng.pick(Fuzz.tokens).utf8), at: rng.below(bytes.count + 1))
                }
            case 3:
                how.append("delete")
                for _ in 0..<(1 + rng.below(3)) where !bytes.isEmpty {
                    let start = rng.below(bytes.count)
                    let end = min(bytes.count, start + 1 + rng.below(64))
                    bytes.removeSubrange(start..<end)
                }
            case 4:
                how.append("truncate")
                bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            case 5:
                how.append("token-soup")
                let chunks = tokenChunks(bytes)
                var soup: [UInt8] = []
                if !chunks.isEmpty {
                    for _ in 0..<min(2_000, chunks.count) { soup += rng.pick(chunks) }
                }
                bytes = soup
            case 6:
                let other = rng.pick(sources)
                how.append("splice:\(other.name)")
                bytes = Array(bytes.prefix(rng.below(bytes.count + 1))) + Array(other.bytes.suffix(rng.below(other.bytes.count + 1)))
            case 7:
                how.append("duplicate-span")
                if !bytes.isEmpty {
                    let start = rng.below(bytes.count)
                    let span = Array(bytes[start..<min(bytes.count, start + 1 + rng.below(256))])
                    bytes.insert(contentsOf: span, at: rng.below(bytes.count + 1))
                }
            case 8:
                how.append("random-bytes")
                bytes = (0..<rng.below(2_048)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            default:
                how.append("random-js-alphabet")
                bytes = (0..<rng.below(2_048)).map { _ in rng.pick(Fuzz.jsAlphabet) }
            }
        }
        return (ext, bytes, how.joined(separator: " "))
    }

    /// Splits bytes into runs of identifier bytes, runs of whitespace, and single other bytes.
    static func tokenChunks(_ bytes: [UInt8]) -> [[UInt8]] {
        func cls(_ b: UInt8) -> Int {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"), 0x80...0xFF: return 0
            case 0x20, 0x09, 0x0A, 0x0D: return 1
            default: return 2
            }
        }
        var out: [[UInt8]] = []
        var i = 0
        while i < bytes.count {
            let c = cls(bytes[i])
            var j = i + 1
            if c != 2 { while j < bytes.count && cls(bytes[j]) == c { j += 1 } }
            out.append(Array(bytes[i..<j]))
            i = j
        }
        return out
    }

    /// Parses one input and checks the invariants.
    @discardableResult
    static func check(_ bytes: [UInt8], ext: String, label: String, deepChecks: Bool) -> (result: ParseResult, work: Int) {
        let path = "fuzz.\(ext)"
        if Fuzz.trace {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-fuzz-current.\(ext)")
            try? Data(bytes).write(to: scratch)
            print("parsing \(label), \(bytes.count) bytes, written to \(scratch.path)")
        }
        let file = SourceFile(path: path, bytes: bytes)
        let (result, work) = Parser.parseMeasured(file, options: .forPath(path))
        let tree = result.tree
        let n = bytes.count
        #expect(tree.count <= 8 * n + 64, "\(label): \(tree.count) nodes for \(n) bytes")
        #expect(result.errors.count <= 4 * n + 64, "\(label): \(result.errors.count) errors for \(n) bytes")
        #expect(tree.kind(tree.root) == .program, "\(label): the root is not a program")
        // Bounded time without a clock: the parser counts its work (bytes scanned, re-reads included,
        // plus one per token) and stops past a budget linear in the input. No input may need that stop,
        // and the stop must hold (a failed speculation must not undo it).
        let budget = ParseOptions.workBudget(forBytes: n)
        #expect(!result.errors.contains { $0.message == "Parse work budget exceeded" },
                "\(label): ran out of its work budget (\(work) units for \(n) bytes)")
        #expect(work <= budget + n + 16, "\(label): \(work) work units for \(n) bytes, past the budget")
        var badRange: String?
        for i in 0..<tree.count {
            let r = tree.range(NodeID(Int32(i)))
            if r.start < 0 || r.start > r.end || Int(r.end) > n {
                badRange = "node #\(i) \(tree.kind(NodeID(Int32(i)))) \(r)"
                break
            }
        }
        let badError = result.errors.first { $0.offset < 0 || $0.offset > n }
        #expect(badRange == nil, "\(label): range outside the input: \(badRange ?? "")")
        #expect(badError == nil, "\(label): error offset outside the input: \(String(describing: badError))")
        if deepChecks {
            var badParent: String?
            outer: for i in 0..<tree.count {
                let id = NodeID(Int32(i))
                for child in tree.children(id) where tree.parent(child) != id {
                    badParent = "child \(child) of \(id) has parent \(String(describing: tree.parent(child)))"
                    break outer
                }
            }
            #expect(badParent == nil, "\(label): \(badParent ?? "")")
            let again = Parser.parse(SourceFile(path: path, bytes: bytes), options: .forPath(path))
            #expect(again.tree.dump() == tree.dump() && again.errors == result.errors, "\(label): two parses differ")
        }
        return (result, work)
    }

    @Test("10,000 seeded mutated, truncated and random inputs all return with bounded work")
    func mutatedInputs() {
        let seed = Fuzz.seed, count = Fuzz.count
        let sources = Self.sources()
        print("parser fuzz: seed 0x\(String(seed, radix: 16)) (LOOPLINT_FUZZ_SEED), \(count) mutated inputs from \(sources.count) sources")
        #expect(sources.count > 20, "too few fixture sources found under \(ParserFixtures.root.path)")
        let indices = Fuzz.only.map { [$0] } ?? Array(0..<count)
        var nodes = 0, bytes = 0, work = 0
        var heaviest = (ratio: 0.0, index: 0)
        for index in indices {
            let input = Self.mutatedInput(index, seed: seed, sources: sources)
            let label = "fuzz input #\(index) (seed 0x\(String(seed, radix: 16)), .\(input.ext), \(input.how))"
            let (result, inputWork) = Self.check(input.bytes, ext: input.ext, label: label, deepChecks: index % 50 == 0)
            nodes += result.tree.count
            bytes += input.bytes.count
            work += inputWork
            let ratio = Double(inputWork) / Double(input.bytes.count + 1)
            if ratio > heaviest.ratio { heaviest = (ratio, index) }
        }
        print("parser fuzz: \(indices.count) inputs, \(bytes) bytes, \(nodes) nodes, \(work) work units, all returned;"
              + " heaviest input #\(heaviest.index): \(String(format: "%.1f", heaviest.ratio)) work units per byte")
    }

    @Test("deeply nested and very long inputs return with bounded work")
    func deepInputs() {
        var maxTreeDepth: [(String, Int)] = []
        var heaviest: [(String, Double)] = []
        for (name, ext, bytes) in Self.deepInputs() {
            let (result, work) = Self.check(bytes, ext: ext, label: "deep input '\(name)'", deepChecks: false)
            maxTreeDepth.append((name, Self.treeDepth(result.tree)))
            heaviest.append((name, Double(work) / Double(bytes.count)))
        }
        // Informational: how deep the trees get (consumers that recurse need to know).
        let deepest = maxTreeDepth.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0): \($0.1)" }
        print("parser deep inputs: \(maxTreeDepth.count) returned; deepest trees: \(deepest.joined(separator: ", "))")
        let heaviestInputs = heaviest.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0): \(String(format: "%.1f", $0.1))" }
        print("parser deep inputs: most work per byte: \(heaviestInputs.joined(separator: ", "))")
    }

    /// Depth of the tree, computed without recursion.
    static func treeDepth(_ tree: SyntaxTree) -> Int {
        var depth = [Int](repeating: 0, count: tree.count)
        var stack = [tree.root]
        var deepest = 0
        while let id = stack.popLast() {
            let d = depth[Int(id.raw)]
            deepest = max(deepest, d)
            for child in tree.children(id) where Int(child.raw) < depth.count {
                depth[Int(child.raw)] = d + 1
                stack.append(child)
            }
        }
        return deepest
    }
}
