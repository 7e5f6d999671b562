// Per-node side tables that stay in memory for a whole scan (parents, byte ranges, bindings, scopes)
// hold indexes into one file. Most files have fewer than 65,535 nodes, bindings and scopes and fewer
// than 65,535 bytes, so such a table is stored in two bytes per entry when every value fits, and in
// four otherwise; reading it is one branch more than reading an `[Int32]`.

/// An array of indexes, each -1 or non-negative, in the narrowest of two widths that holds them all.
public struct CompactIndexes: Sendable {
    /// Two bytes per value, 0xFFFF standing for -1; empty when `wide` is used.
    @usableFromInline let narrow: [UInt16]
    @usableFromInline let wide: [Int32]
    @usableFromInline let isWide: Bool

    public init(_ values: [Int32]) {
        var fits = true
        for v in values where v < -1 || v >= 0xFFFF { fits = false; break }
        if fits {
            narrow = values.map { $0 < 0 ? 0xFFFF : UInt16(truncatingIfNeeded: $0) }
            wide = []
        } else {
            narrow = []
            wide = values.trimmed()
        }
        isWide = !fits
    }

    @inlinable public var count: Int { isWide ? wide.count : narrow.count }

    @inlinable public subscript(i: Int) -> Int32 {
        if isWide { return wide[i] }
        let v = narrow[i]
        return v == 0xFFFF ? -1 : Int32(v)
    }

    /// Bytes of storage held (for memory measurements).
    public var storageBytes: Int { isWide ? wide.capacity * 4 : narrow.capacity * 2 }
}

/// The byte ranges of a file's nodes in two 16-bit values each. In a file shorter than 65,535 bytes they
/// are the start and end offsets. In a longer file (a bundle, a generated parser) each block of 64
/// consecutive nodes has a 32-bit base offset and a node keeps its start's distance from it and its
/// length; the few nodes that do not fit (longer than 65,534 bytes, or too far from their block's
/// base) are marked 0xFFFF and kept whole in a sorted side table, found by binary search.
public struct CompactRanges: Sendable {
    @usableFromInline let narrow: [UInt16]
    /// Per block of 64 nodes, in a long file: the offset its nodes' starts are counted from; empty in a
    /// short file.
    @usableFromInline let bases: [Int32]
    /// In a long file, the nodes whose range does not fit in two 16-bit values, sorted, and their ranges.
    @usableFromInline let farNodes: [Int32]
    @usableFromInline let farRanges: [ByteRange]
    @usableFromInline let isWide: Bool

    public init(_ ranges: [ByteRange]) {
        var fits = true
        for r in ranges where r.start < 0 || r.start >= 0xFFFF || r.end < 0 || r.end >= 0xFFFF { fits = false; break }
        var out = [UInt16](repeating: 0, count: ranges.count * 2)
        if fits {
            for (i, r) in ranges.enumerated() {
                out[2 * i] = UInt16(truncatingIfNeeded: r.start)
                out[2 * i + 1] = UInt16(truncatingIfNeeded: r.end)
            }
            narrow = out
            bases = []
            farNodes = []
            farRanges = []
            isWide = false
            return
        }
        var bases = [Int32](repeating: 0, count: (ranges.count + 63) >> 6)
        var farNodes: [Int32] = []
        var farRanges: [ByteRange] = []
        for b in bases.indices {
            let lo = b << 6, hi = min(ranges.count, lo + 64)
            // the base is the least start of the block's nodes short enough to be kept here
            var base = Int32.max
            for i in lo..<hi where CompactRanges.fitsLength(ranges[i]) { base = min(base, ranges[i].start) }
            if base == Int32.max { base = 0 }
            bases[b] = base
            for i in lo..<hi {
                let r = ranges[i]
                let offset = Int64(r.start) - Int64(base)
                if CompactRanges.fitsLength(r), offset >= 0, offset < 0xFFFF {
                    out[2 * i] = UInt16(truncatingIfNeeded: offset)
                    out[2 * i + 1] = UInt16(truncatingIfNeeded: r.end - r.start)
                } else {
                    out[2 * i] = 0xFFFF
                    farNodes.append(Int32(i))
                    farRanges.append(r)
                }
            }
        }
        narrow = out
        self.bases = bases
        self.farNodes = farNodes.trimmed()
        self.farRanges = farRanges.trimmed()
        isWide = true
    }

    @usableFromInline static func fitsLength(_ r: ByteRange) -> Bool {
        r.start >= 0 && r.end >= r.start && Int64(r.end) - Int64(r.start) < 0xFFFF
    }

    @inlinable public var count: Int { narrow.count / 2 }

    @inlinable public subscript(i: Int) -> ByteRange {
        let a = narrow[2 * i], b = narrow[2 * i + 1]
        if !isWide { return ByteRange(start: Int32(a), end: Int32(b)) }
        if a == 0xFFFF { return far(i) }
        let start = bases[i >> 6] + Int32(a)
        return ByteRange(start: start, end: start + Int32(b))
    }

    /// The range of a node kept in the side table.
    @usableFromInline func far(_ i: Int) -> ByteRange {
        var lo = 0, hi = farNodes.count
        let key = Int32(truncatingIfNeeded: i)
        while lo < hi {
            let mid = (lo + hi) >> 1
            if farNodes[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < farNodes.count && farNodes[lo] == key ? farRanges[lo] : ByteRange(start: 0, end: 0)
    }

    /// Bytes of storage held (for memory measurements).
    public var storageBytes: Int { narrow.capacity * 2 + bases.capacity * 4 + farNodes.capacity * 4 + farRanges.capacity * 8 }
}
