// IdentifierTable: the binder's per-node answers (the binding an identifier declares or refers to, and
// how it is used), kept only for the nodes that have one.
//
// Only identifiers get a binding or reference flags, about one node in four, so instead of two values
// for every node of the file the table keeps a bit per node (has an entry or not) and the entries of the
// nodes that have one, in node order. A node's entry is the number of set bits before its own: the count
// before its 64-bit word (stored per word) plus a population count inside the word. Per node that is
// about 1.5 bits, plus three bytes per entry, against three bytes per node in two full arrays.

import SourceText

struct IdentifierTable: Sendable {
    /// Bit `n % 64` of word `n / 64` is set when node `n` has an entry.
    private let present: [UInt64]
    /// The entries before each word of `present`.
    private let before: [Int32]
    /// Per entry: the binding (-1 for none) and the reference flags.
    private let entryBindings: CompactIndexes
    private let entryFlags: [UInt8]
    /// How many nodes the table covers.
    let nodeCount: Int

    /// The table of `binding[n]` and `flags[n]` for every node `n`; a node with no binding (-1) and no
    /// flags (0) gets no entry.
    init(binding: [Int32], flags: [UInt8]) {
        let n = binding.count
        nodeCount = n
        var present = [UInt64](repeating: 0, count: (n + 63) >> 6)
        var before = [Int32](repeating: 0, count: present.count)
        var entryBindings: [Int32] = []
        var entryFlags: [UInt8] = []
        var total: Int32 = 0
        for i in 0..<n where binding[i] >= 0 || flags[i] != 0 { total += 1 }
        entryBindings.reserveCapacity(Int(total))
        entryFlags.reserveCapacity(Int(total))
        var seen: Int32 = 0
        for w in 0..<present.count {
            before[w] = seen
            var word: UInt64 = 0
            let lo = w << 6, hi = min(n, lo + 64)
            for i in lo..<hi where binding[i] >= 0 || flags[i] != 0 {
                word |= UInt64(1) << UInt64(i - lo)
                entryBindings.append(binding[i])
                entryFlags.append(flags[i])
                seen += 1
            }
            present[w] = word
        }
        self.present = present
        self.before = before
        self.entryBindings = CompactIndexes(entryBindings)
        self.entryFlags = entryFlags
    }

    /// The position of node `n`'s entry, nil when it has none.
    @inline(__always) private func entry(_ n: Int) -> Int? {
        guard n >= 0, n < nodeCount else { return nil }
        let word = present[n >> 6]
        let bit = UInt64(1) << UInt64(n & 63)
        guard word & bit != 0 else { return nil }
        return Int(before[n >> 6]) + (word & (bit &- 1)).nonzeroBitCount
    }

    /// The binding node `n` declares or refers to, -1 for none.
    @inline(__always) func binding(_ n: Int) -> Int32 {
        guard let e = entry(n) else { return -1 }
        return entryBindings[e]
    }

    /// The reference flags of node `n` (0 for none).
    @inline(__always) func flags(_ n: Int) -> UInt8 {
        guard let e = entry(n) else { return 0 }
        return entryFlags[e]
    }
}
