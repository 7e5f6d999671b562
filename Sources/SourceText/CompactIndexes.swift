// Per-node side tables that stay in memory for a whole scan (parents, byte ranges, bindings, scopes)
// hold indexes into one file. Most files have fewer than 65,535 nodes, bindings and scopes and fewer
// than 65,535 bytes, so such a table is stored in two bytes per entry when every value fits, and in
// four otherwise; reading it is one branch more than reading an `[Int32]`.

/// An array of indexes, each -1 or non-negative, in the narrowest of two widths that holds them all.
///
/// Both widths live in one `[UInt16]`: a value per element when every value fits two bytes, else each value's
/// `Int32` in two elements (native byte order). A copy of the table (a child list's `NodeIDs` holds one, made
/// on every `SyntaxTree.list(_:)`) then retains and releases one buffer, not two.
public struct CompactIndexes: Sendable {
    /// Two bytes per value, 0xFFFF standing for -1; or, when `isWide`, four (an `Int32`) per value.
    @usableFromInline let storage: [UInt16]
    @usableFromInline let isWide: Bool

    public init(_ values: [Int32]) {
        (storage, isWide) = values.withUnsafeBufferPointer(CompactIndexes.stored)
    }

    /// The same table, from values in place (a copy of them when they do not fit two bytes).
    public init(_ values: UnsafeBufferPointer<Int32>) {
        (storage, isWide) = CompactIndexes.stored(values)
    }

    /// A table already in its two-byte form: `narrow[i]` is value `i`, 0xFFFF standing for -1 (what `init(_:)`
    /// makes of values that all fit).
    public init(narrow: [UInt16]) {
        storage = narrow
        isWide = false
    }

    /// The storage of `input`: its two-byte copy when every value fits, else its values as they are, four bytes
    /// each.
    static func stored(_ input: UnsafeBufferPointer<Int32>) -> ([UInt16], Bool) {
        if let narrow = narrowed(input) { return (narrow, false) }
        let wide = [UInt16](unsafeUninitializedCapacity: input.count * 2) { out, written in
            if let base = input.baseAddress, input.count > 0 {
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(start: base, count: input.count * 4))
            }
            written = input.count * 2
        }
        return (wide, true)
    }

    /// The two-byte copy of `input` (-1 as 0xFFFF, which is what truncating it gives), or nil when a value is
    /// below -1 or above 0xFFFE. One pass: the copy is written while the values are checked, and dropped at
    /// the first that does not fit.
    static func narrowed(_ input: UnsafeBufferPointer<Int32>) -> [UInt16]? {
        var fits = true
        let out = [UInt16](unsafeUninitializedCapacity: input.count) { out, written in
            for i in 0..<input.count {
                let v = input[i]
                if UInt32(bitPattern: v &+ 1) > 0xFFFF {
                    fits = false
                    written = i
                    return
                }
                out[i] = UInt16(truncatingIfNeeded: v)
            }
            written = input.count
        }
        return fits ? out : nil
    }

    @inlinable public var count: Int { isWide ? storage.count &>> 1 : storage.count }

    @inlinable public subscript(i: Int) -> Int32 {
        if isWide {
            return storage.withUnsafeBufferPointer { p -> Int32 in
                precondition(UInt(bitPattern: i) < UInt(p.count &>> 1), "index out of range")
                // the buffer of a [UInt16] is aligned for an Int32 (it starts on a 16-byte boundary)
                return UnsafeRawPointer(p.baseAddress!).load(fromByteOffset: i &<< 2, as: Int32.self)
            }
        }
        let v = storage[i]
        return v == 0xFFFF ? -1 : Int32(v)
    }

    /// Bytes of storage held (for memory measurements).
    public var storageBytes: Int { storage.capacity * 2 }
}

/// The byte ranges of a file's nodes in three bytes each: a 16-bit start and an 8-bit length. In a file
/// shorter than 65,535 bytes the start is the offset itself. In a longer file (a bundle, a generated
/// parser) each block of 64 consecutive nodes has a 32-bit base offset and a node keeps its start's
/// distance from it; the few nodes too far from their block's base, or longer than 65,534 bytes, are
/// marked 0xFFFF and kept whole in a sorted side table. Most nodes are shorter than 255 bytes (names,
/// members, calls, short statements); a longer one has length 0xFF and its length in a second sorted side
/// table (`CompactIndexes`, two bytes a node and two a length), found by binary search.
public struct CompactRanges: Sendable {
    /// Per node: its start, or in a long file its start's distance from its block's base (0xFFFF: in `farNodes`).
    @usableFromInline let starts: [UInt16]
    /// Per node: its length, 0xFF for a length in `longNodes`.
    @usableFromInline let lengths: [UInt8]
    /// Per block of 64 nodes, in a long file: the offset its nodes' starts are counted from; empty in a
    /// short file.
    @usableFromInline let bases: [Int32]
    /// In a long file, the nodes whose range does not fit a distance from the base and a 16-bit length,
    /// sorted, and their ranges.
    @usableFromInline let farNodes: [Int32]
    @usableFromInline let farRanges: [ByteRange]
    /// The nodes of 255 bytes or more (not far), sorted, and their lengths.
    @usableFromInline let longNodes: CompactIndexes
    @usableFromInline let longLengths: CompactIndexes
    @usableFromInline let isWide: Bool

    public init(_ ranges: [ByteRange]) {
        let n = ranges.count
        var starts = [UInt16](repeating: 0, count: n)
        var lengths = [UInt8](repeating: 0, count: n)
        var longNodes: [Int32] = [], longLengths: [Int32] = []
        var bases: [Int32] = []
        var farNodes: [Int32] = []
        var farRanges: [ByteRange] = []
        var fits = true
        ranges.withUnsafeBufferPointer { rs in
            starts.withUnsafeMutableBufferPointer { starts in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    // node i's start (as stored) and length; a length of 0xFF or more is kept aside
                    func put(_ i: Int, start: UInt16, length: Int32) {
                        starts[i] = start
                        if length < 0xFF {
                            lengths[i] = UInt8(truncatingIfNeeded: length)
                        } else {
                            lengths[i] = 0xFF
                            longNodes.append(Int32(i))
                            longLengths.append(length)
                        }
                    }
                    // a short file's ranges in the same pass as the check that they all fit (start and end
                    // below 0xFFFF and not negative, the end not before the start); at the first that does not,
                    // the long file's form is made from scratch below
                    for i in 0..<n {
                        let r = rs[i]
                        if UInt32(bitPattern: r.start) >= 0xFFFF || UInt32(bitPattern: r.end) >= 0xFFFF || r.end < r.start {
                            fits = false
                            break
                        }
                        put(i, start: UInt16(truncatingIfNeeded: r.start), length: r.end &- r.start)
                    }
                    if fits { return }
                    longNodes = []
                    longLengths = []
                    bases = [Int32](repeating: 0, count: (n + 63) >> 6)
                    for b in 0..<bases.count {
                        let lo = b << 6, hi = min(n, lo + 64)
                        // the base is the least start of the block's nodes short enough to be kept here
                        var base = Int32.max
                        for i in lo..<hi where CompactRanges.fitsLength(rs[i]) { base = min(base, rs[i].start) }
                        if base == Int32.max { base = 0 }
                        bases[b] = base
                        for i in lo..<hi {
                            let r = rs[i]
                            let offset = Int64(r.start) - Int64(base)
                            if CompactRanges.fitsLength(r), offset >= 0, offset < 0xFFFF {
                                put(i, start: UInt16(truncatingIfNeeded: offset), length: r.end - r.start)
                            } else {
                                starts[i] = 0xFFFF
                                lengths[i] = 0
                                farNodes.append(Int32(i))
                                farRanges.append(r)
                            }
                        }
                    }
                }
            }
        }
        self.starts = starts
        self.lengths = lengths
        self.bases = bases
        self.farNodes = farNodes.trimmed()
        self.farRanges = farRanges.trimmed()
        self.longNodes = CompactIndexes(longNodes)
        self.longLengths = CompactIndexes(longLengths)
        isWide = !fits
    }

    @usableFromInline static func fitsLength(_ r: ByteRange) -> Bool {
        r.start >= 0 && r.end >= r.start && Int64(r.end) - Int64(r.start) < 0xFFFF
    }

    @inlinable public var count: Int { starts.count }

    @inlinable public subscript(i: Int) -> ByteRange {
        let s = starts[i], l = lengths[i]
        var start = Int32(s)
        if isWide {
            if s == 0xFFFF { return far(i) }
            start += bases[i >> 6]
        }
        return ByteRange(start: start, end: start + (l == 0xFF ? long(i) : Int32(l)))
    }

    /// The range of a node kept in the far table.
    @usableFromInline func far(_ i: Int) -> ByteRange {
        Self.position(of: i, count: farNodes.count) { farNodes[$0] }.map { farRanges[$0] } ?? ByteRange(start: 0, end: 0)
    }

    /// The length of a node kept in the long table.
    @usableFromInline func long(_ i: Int) -> Int32 {
        Self.position(of: i, count: longNodes.count) { longNodes[$0] }.map { longLengths[$0] } ?? 0
    }

    /// Where node `i` is among a side table's `count` sorted node numbers (`node(k)`, binary search); nil when
    /// it is not there.
    @usableFromInline static func position(of i: Int, count: Int, _ node: (Int) -> Int32) -> Int? {
        let key = Int32(truncatingIfNeeded: i)
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if node(mid) < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && node(lo) == key ? lo : nil
    }

    /// Bytes of storage held (for memory measurements).
    public var storageBytes: Int {
        starts.capacity * 2 + lengths.capacity + bases.capacity * 4 + farNodes.capacity * 4 + farRanges.capacity * 8
            + longNodes.storageBytes + longLengths.storageBytes
    }
}
