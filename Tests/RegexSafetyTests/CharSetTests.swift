// CharSet queries with a shortcut: the same answers as the set operations they stand for.

import Testing
@testable import RegexSafety

/// `representative` as it was computed before it read the ranges directly: the least member of the set's
/// intersection with each preferred set, in order, then the first range that is not all surrogates.
func representativeBySetOperations(_ set: CharSet) -> UInt32? {
    for preferred in [CharSet(ranges: [0x61...0x7A]), CharSet(ranges: [0x41...0x5A]), .digits,
                      CharSet(ranges: [0x20...0x7E]), CharSet(ranges: [0x09...0x0D])] {
        if let r = set.intersection(preferred).ranges.first { return r.lowerBound }
    }
    for r in set.ranges {
        if r.lowerBound >= 0xD800 && r.upperBound <= 0xDFFF { continue }
        if r.lowerBound >= 0xD800 && r.lowerBound <= 0xDFFF { return 0xE000 }
        return r.lowerBound
    }
    return nil
}

@Test func representativeMatchesTheSetOperations() {
    var fixed: [CharSet] = [.empty, .all, .digits, .word, .space, .lineTerminators, .dot, .word.inverted, .space.inverted,
                            CharSet(ranges: [0xD800...0xDFFF]), CharSet(ranges: [0xD900...0xE100]), CharSet(0x7F),
                            CharSet(ranges: [0x00...0x08, 0x0E...0x1F]), CharSet(ranges: [0x5B...0x60, 0x7B...0x7E])]
    // random sets, with bounds drawn near the preferred ranges' edges as often as anywhere else
    let edges: [UInt32] = [0x00, 0x08, 0x09, 0x0D, 0x0E, 0x1F, 0x20, 0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B,
                           0x60, 0x61, 0x7A, 0x7B, 0x7E, 0x7F, 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0x10FFFF]
    var rng = SplitMix(seed: 20261206)
    for _ in 0..<5_000 {
        var ranges: [ClosedRange<UInt32>] = []
        for _ in 0..<Int(rng.next() % 5) {
            let a = rng.next() % 2 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : UInt32(rng.next() % 0x130)
            let b = rng.next() % 3 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : a + UInt32(rng.next() % 40)
            ranges.append(min(a, b)...min(max(a, b), CharSet.maxCodePoint))
        }
        fixed.append(CharSet(ranges: ranges))
    }
    var disagreements: [String] = []
    for set in fixed where set.representative != representativeBySetOperations(set) {
        disagreements.append("\(set): \(String(describing: set.representative)) vs \(String(describing: representativeBySetOperations(set)))")
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    // the cases the order is about
    #expect(CharSet(ranges: [0x30...0x39, 0x41...0x5A, 0x61...0x7A]).representative == 0x61)
    #expect(CharSet(ranges: [0x21...0x21, 0x35...0x35]).representative == 0x35)
    #expect(CharSet(ranges: [0x09...0x09, 0x7E...0x7E]).representative == 0x7E)
    #expect(CharSet(ranges: [0xD800...0xE005]).representative == 0xE000)
}

/// Sets for the comparisons: fixed ones and random ones with bounds near the preferred ranges' and the
/// surrogates' edges.
func sampleSets(_ count: Int, seed: UInt64) -> [CharSet] {
    var out: [CharSet] = [.empty, .all, .digits, .word, .space, .lineTerminators, .dot, .word.inverted, .space.inverted,
                          CharSet(ranges: [0xD800...0xDFFF]), CharSet(ranges: [0xD900...0xE100]), CharSet(0x7F)]
    let edges: [UInt32] = [0x00, 0x08, 0x09, 0x0D, 0x0E, 0x1F, 0x20, 0x2F, 0x30, 0x39, 0x3A, 0x40, 0x41, 0x5A, 0x5B,
                           0x60, 0x61, 0x7A, 0x7B, 0x7E, 0x7F, 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0x10FFFF]
    var rng = SplitMix(seed: seed)
    for _ in 0..<count {
        var ranges: [ClosedRange<UInt32>] = []
        for _ in 0..<Int(rng.next() % 6) {
            let a = rng.next() % 2 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : UInt32(rng.next() % 0x130)
            let b = rng.next() % 3 == 0 ? edges[Int(rng.next() % UInt64(edges.count))] : a + UInt32(rng.next() % 40)
            ranges.append(min(a, b)...min(max(a, b), CharSet.maxCodePoint))
        }
        out.append(CharSet(ranges: ranges))
    }
    return out
}

@Test func representativeOfACommonPartMatchesTheSetOperations() {
    let sets = sampleSets(400, seed: 7)
    var disagreements: [String] = []
    for a in sets {
        for b in sets.prefix(60) {
            let want = representativeBySetOperations(a.intersection(b))
            if a.representative(intersectedWith: b) != want { disagreements.append("\(a) & \(b)") }
        }
        for r in singleRanges(of: sets) {
            let want = representativeBySetOperations(CharSet(ranges: [r]).intersection(a))
            if a.representative(within: r) != want { disagreements.append("\(a) within \(r)") }
        }
    }
    #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
}

/// Single ranges to clip to: every range of the first sets, and a few fixed ones.
private func singleRanges(of sets: [CharSet]) -> [ClosedRange<UInt32>] {
    var out: [ClosedRange<UInt32>] = [0...CharSet.maxCodePoint, 0x00...0x08, 0x22...0x22, 0x7B...0xD900, 0xDC00...0xE000]
    for s in sets.prefix(20) { out += s.ranges }
    return out
}

/// `caseFolded` as it was written before it read the mappings without arrays.
func caseFoldedByArrays(_ set: CharSet, unicode: Bool) -> CharSet {
    var extra: [ClosedRange<UInt32>] = []
    let letters: [(ClosedRange<UInt32>, Int64)] = [(0x41...0x5A, 32), (0x61...0x7A, -32)]
    for (range, delta) in letters {
        for r in set.intersection(CharSet(ranges: [range])).ranges {
            extra.append(UInt32(Int64(r.lowerBound) + delta)...UInt32(Int64(r.upperBound) + delta))
        }
    }
    var budget = 4096
    for r in set.ranges where r.upperBound >= 0x80 {
        var c = max(r.lowerBound, 0x80)
        while c <= r.upperBound && budget > 0 {
            budget -= 1
            if let s = Unicode.Scalar(c) {
                for m in [s.properties.lowercaseMapping, s.properties.uppercaseMapping] {
                    let scalars = Array(m.unicodeScalars)
                    if scalars.count == 1, scalars[0].value != c {
                        let v = scalars[0].value
                        if unicode || v >= 0x80 { extra.append(v...v) }
                    }
                }
            }
            c += 1
        }
    }
    if unicode {
        if set.contains(0x73) || set.contains(0x53) { extra.append(0x17F...0x17F) }
        if set.contains(0x6B) || set.contains(0x4B) { extra.append(0x212A...0x212A) }
    }
    return extra.isEmpty ? set : set.union(CharSet(ranges: extra))
}

@Test func caseFoldingMatchesTheArrayReading() {
    // Latin-1, Latin Extended, Greek, Cyrillic, Armenian, Cherokee, Georgian, the Kelvin sign and ligatures
    // (whose mappings are more than one scalar), all of them, and the sample sets
    var sets = [CharSet(ranges: [0x80...0x24F]), CharSet(ranges: [0x370...0x52F]), CharSet(ranges: [0x531...0x587]),
                CharSet(ranges: [0x10A0...0x10FF, 0x13A0...0x13FD]), CharSet(ranges: [0x1E00...0x1FFF]),
                CharSet(ranges: [0x2126...0x212B, 0xFB00...0xFB17]), .all, .word, .dot]
    sets += sampleSets(300, seed: 11)
    for set in sets {
        for unicode in [false, true] {
            #expect(set.caseFolded(unicode: unicode) == caseFoldedByArrays(set, unicode: unicode), "\(set) unicode \(unicode)")
        }
    }
}
