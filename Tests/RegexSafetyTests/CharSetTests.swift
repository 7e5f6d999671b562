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
