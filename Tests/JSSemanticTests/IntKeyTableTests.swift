// IntKeyTable: the evaluation memos' table of 64-bit keys answers as a Dictionary does.

import Testing
@testable import JSSemantic

@Suite struct IntKeyTableTests {
    /// Inserts and replacements of keys drawn from a few shapes (the memo's `file << 32 | binding`, keys
    /// that differ only in high bits, which the hash must spread, and random ones), through many growths:
    /// every lookup, of stored keys and of absent ones, agrees with a Dictionary given the same inserts.
    @Test func answersAsADictionary() {
        var table = IntKeyTable<(value: Int?, steps: Int)>()
        var reference: [UInt64: (value: Int?, steps: Int)] = [:]
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            // SplitMix64: a fixed sequence
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for round in 0..<20_000 {
            let r = next()
            let key: UInt64
            switch round % 3 {
            case 0: key = (r % 40) << 32 | (r >> 40) % 300
            case 1: key = (r % 1000) << 48
            default: key = r & ~(1 << 63)
            }
            let value: (value: Int?, steps: Int) = (r % 7 == 0 ? nil : Int(r % 1000), Int(r % 48))
            table.insert(key, value)
            reference[key] = value
            let probe = next() % 2 == 0 ? key : next() & ~(1 << 63)
            #expect(table[probe]?.value == reference[probe]?.value && table[probe]?.steps == reference[probe]?.steps)
        }
        #expect(table.count == reference.count && table.count > 10_000)
        for (key, value) in reference {
            guard let found = table[key] else {
                Issue.record("\(key) lost")
                continue
            }
            #expect(found.value == value.value && found.steps == value.steps)
        }
    }
}
