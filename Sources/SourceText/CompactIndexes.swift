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

/// The byte ranges of a file's nodes: two bytes per offset when every offset is below 65,535 (files
/// shorter than that).
public struct CompactRanges: Sendable {
    @usableFromInline let narrow: [UInt16]
    @usableFromInline let wide: [ByteRange]
    @usableFromInline let isWide: Bool

    public init(_ ranges: [ByteRange]) {
        var fits = true
        for r in ranges where r.start < 0 || r.start >= 0xFFFF || r.end < 0 || r.end >= 0xFFFF { fits = false; break }
        if fits {
            var out = [UInt16](repeating: 0, count: ranges.count * 2)
            for (i, r) in ranges.enumerated() {
                out[2 * i] = UInt16(truncatingIfNeeded: r.start)
                out[2 * i + 1] = UInt16(truncatingIfNeeded: r.end)
            }
            narrow = out
            wide = []
        } else {
            narrow = []
            wide = ranges.trimmed()
        }
        isWide = !fits
    }

    @inlinable public var count: Int { isWide ? wide.count : narrow.count / 2 }

    @inlinable public subscript(i: Int) -> ByteRange {
        if isWide { return wide[i] }
        return ByteRange(start: Int32(narrow[2 * i]), end: Int32(narrow[2 * i + 1]))
    }

    /// Bytes of storage held (for memory measurements).
    public var storageBytes: Int { isWide ? wide.capacity * 8 : narrow.capacity * 2 }
}
