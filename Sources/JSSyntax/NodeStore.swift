// NodeStore: a tree's nodes, packed.
//
// A `Node` is decoded on each read from a 16-byte `PackedNode` (kind, small fields, three 32-bit slots);
// the few cases that do not pack (functions, classes, `for`, templates, and lists of 65,535 or more
// items) are kept whole in `wide`, the slot `a` giving where. The packing code is generated with the
// node enum (scripts/gen-ast.py), so it covers every case.
//
// Every slot holds a node id, a list start, an index into `wide` or "none", so in a file of fewer than
// 65,535 nodes and list entries (most files) each slot fits in two bytes: a finished tree (`finished`)
// keeps such nodes in 9 bytes (`NarrowPackedNode`: flags, the small field and the three slots; the kind
// is in `kinds`), the value plus one stored so that "none" is 0 and widening is one subtraction, no
// branch. Every tree stays in memory for the whole scan.
//
// About half the nodes of a file carry nothing but their kind: identifiers without a type annotation,
// literals, `this` (their text is in the source). A finished tree keeps every node's kind in a byte,
// and the packed form only of the other nodes, in node order, with a bit per node saying which have
// one; a node's packed form is found by counting the bits set before its own (a count per 64-bit word
// plus a population count). A node without one is `PackedNode.plain(kind)`, which decodes to the same
// node its own packed form did, since the two are equal.

import SourceText

public struct PackedNode: Sendable {
    @usableFromInline var tag: UInt8
    @usableFromInline var bits: UInt8
    @usableFromInline var half: UInt16
    @usableFromInline var a: UInt32
    @usableFromInline var b: UInt32
    @usableFromInline var c: UInt32

    @inlinable init(tag: UInt8, bits: UInt8, half: UInt16, a: UInt32, b: UInt32, c: UInt32) {
        self.tag = tag
        self.bits = bits
        self.half = half
        self.a = a
        self.b = b
        self.c = c
    }

    /// The slot value of an absent optional node.
    @inlinable static var none: UInt32 { UInt32.max }

    @inlinable static func id(_ slot: UInt32) -> NodeID? {
        slot == none ? nil : NodeID(Int32(bitPattern: slot))
    }
}

/// The 9-byte form of a `PackedNode` whose slots fit in 16 bits, each stored plus one (`PackedNode.none`
/// as 0), little-endian: `bits`, `half`, `a`, `b`, `c`; the tag is not stored (a finished tree keeps every
/// node's kind in `NodeStore.kinds`).
public enum NarrowPackedNode {
    @usableFromInline static var size: Int { 9 }

    /// Whether every slot of `p` fits.
    static func fits(_ p: PackedNode) -> Bool { fits(p.a) && fits(p.b) && fits(p.c) }

    /// True for 0 ... 0xFFFE and `PackedNode.none`.
    static func fits(_ slot: UInt32) -> Bool { slot &+ 1 <= 0xFFFF }

    /// Writes the narrow form of `p` (whose slots fit) at `out[o ..< o + size]`: one 8-byte store (`bits`,
    /// `half`, `a`, `b` and the low byte of `c`) and the high byte of `c`.
    @inline(__always) static func write(_ p: PackedNode, to out: UnsafeMutableBufferPointer<UInt8>, at o: Int) {
        assert(o >= 0 && o + size <= out.count)
        let a = UInt64(UInt16(truncatingIfNeeded: p.a &+ 1)), b = UInt64(UInt16(truncatingIfNeeded: p.b &+ 1))
        let c = UInt16(truncatingIfNeeded: p.c &+ 1)
        let word = UInt64(p.bits) | UInt64(p.half) << 8 | a << 24 | b << 40 | UInt64(c) << 56
        let raw = UnsafeMutableRawPointer(out.baseAddress!)
        raw.storeBytes(of: word.littleEndian, toByteOffset: o, as: UInt64.self)
        raw.storeBytes(of: UInt8(truncatingIfNeeded: c >> 8), toByteOffset: o + 8, as: UInt8.self)
    }

    /// The packed node of kind `tag` whose narrow form is entry `e` of `bytes`.
    @inlinable @inline(__always) static func read(_ bytes: [UInt8], _ e: Int, tag: UInt8) -> PackedNode {
        bytes.withUnsafeBytes { raw -> PackedNode in
            let o = e &* size
            assert(o >= 0 && o &+ size <= raw.count)
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self))
            let last = UInt32(raw.load(fromByteOffset: o &+ 8, as: UInt8.self))
            return PackedNode(tag: tag, bits: UInt8(truncatingIfNeeded: w),
                              half: UInt16(truncatingIfNeeded: w >> 8),
                              a: UInt32(truncatingIfNeeded: (w >> 24) & 0xFFFF) &- 1,
                              b: UInt32(truncatingIfNeeded: (w >> 40) & 0xFFFF) &- 1,
                              c: (UInt32(truncatingIfNeeded: w >> 56) | last << 8) &- 1)
        }
    }
}

public struct NodeStore: Sendable {
    /// The nodes while parsing (a finished tree keeps them in the compact arrays below instead).
    @usableFromInline var packed: [PackedNode] = []
    /// A finished tree's nodes: every node's kind, a bit per node (bit `i % 64` of word `i / 64`) set
    /// when the node has a packed form of its own, beside the count of such nodes before the word (one
    /// read for both), and the packed forms in node order, in `narrow` when every slot fits in 16 bits
    /// and in `entries` otherwise.
    @usableFromInline var kinds: [UInt8] = []
    @usableFromInline var present: [PresenceWord] = []
    @usableFromInline var narrow: [UInt8] = []
    @usableFromInline var entries: [PackedNode] = []
    @usableFromInline var isCompact = false
    @usableFromInline var isNarrow = false
    @usableFromInline var wide: [Node] = []
    /// Entries of `wide` written for nodes that were replaced (not appended): kept by `truncate`.
    var pinnedWide = 0

    init() {}

    @inlinable public var count: Int { isCompact ? kinds.count : packed.count }

    /// How many nodes `wide` holds (for `truncate`).
    var wideCount: Int { wide.count }

    @inlinable public func kind(_ index: Int) -> NodeKind {
        unsafeBitCast(isCompact ? kinds[index] : packed[index].tag, to: NodeKind.self)
    }

    /// The packed form of node `index`, however it is kept.
    @inlinable @inline(__always) func packedNode(_ index: Int) -> PackedNode {
        guard isCompact else { return packed[index] }
        // the one bounds check: `present` has a word per 64 kinds and the entry a word's bits count to is
        // there by construction (`finished`), so both are read unchecked
        let tag = kinds[index]
        let word = present.withUnsafeBufferPointer { $0[index &>> 6] }
        let bit = UInt64(1) &<< UInt64(index & 63)
        if word.bits & bit == 0 { return PackedNode.plain(tag) }
        let e = Int(word.before) &+ (word.bits & (bit &- 1)).nonzeroBitCount
        return isNarrow ? NarrowPackedNode.read(narrow, e, tag: tag) : entries.withUnsafeBufferPointer { $0[e] }
    }

    /// `packedNode(index)` of a finished store (`isCompact`, as a `SyntaxTree`'s always is), read without asking
    /// which form the store is in: one unsigned bounds check on the kinds, then the presence word and the entry
    /// unchecked (both there by construction, `finished`).
    @inlinable @inline(__always) func finishedPackedNode(_ index: Int) -> PackedNode {
        assert(isCompact)
        let tag = kinds.withUnsafeBufferPointer { k -> UInt8 in
            precondition(UInt(bitPattern: index) < UInt(k.count), "node index out of range")
            return k[index]
        }
        let word = present.withUnsafeBufferPointer { $0[index &>> 6] }
        let bit = UInt64(1) &<< UInt64(index & 63)
        if word.bits & bit == 0 { return PackedNode.plain(tag) }
        let e = Int(word.before) &+ (word.bits & (bit &- 1)).nonzeroBitCount
        return isNarrow ? NarrowPackedNode.read(narrow, e, tag: tag) : entries.withUnsafeBufferPointer { $0[e] }
    }

    /// Whether node `index` differs from `PackedNode.plain` of its kind (has a packed form of its own): for an
    /// identifier, whether it has a type annotation or a `?`. Read from the presence bit, nothing decoded.
    @inlinable @inline(__always) func hasPayload(_ index: Int) -> Bool {
        guard isCompact else { return !packed[index].isPlain }
        precondition(index >= 0 && index < kinds.count)
        return present.withUnsafeBufferPointer { $0[index &>> 6] }.bits & (UInt64(1) &<< UInt64(index & 63)) != 0
    }

    public internal(set) subscript(index: Int) -> Node {
        @inlinable @inline(__always) get { unpack(packedNode(index)) }
        set {
            widen()
            packed[index] = NodeStore.pack(newValue, &wide)
            pinnedWide = wide.count
        }
    }

    @inline(__always) mutating func append(_ node: Node) {
        if isCompact { widen() }
        packed.append(NodeStore.pack(node, &wide))
    }

    /// Appends a node whose packed form is `PackedNode.plain(kind)` (`ParserImpl.plainLeaf`).
    @inline(__always) mutating func appendPlain(_ kind: NodeKind) {
        if isCompact { widen() }
        packed.append(PackedNode.plain(kind.rawValue))
    }

    /// Back to `packed` (a compact store is only made by `finished`, for reading).
    mutating func widen() {
        guard isCompact else { return }
        let old = self
        packed = (0..<old.count).map { old.packedNode($0) }
        kinds = []
        present = []
        narrow = []
        entries = []
        isCompact = false
        isNarrow = false
    }

    mutating func reserveCapacity(_ n: Int) {
        packed.reserveCapacity(n)
    }

    /// Drops the nodes from `nodes` on and the entries of `wide` from `wideNodes` on (a failed speculation).
    mutating func truncate(nodes: Int, wideNodes: Int) {
        widen()
        if packed.count > nodes { packed.removeSubrange(nodes...) }
        let keep = max(wideNodes, pinnedWide)
        if wide.count > keep { wide.removeSubrange(keep...) }
    }

    /// The finished tree's store and each node's parent, from the packed nodes: one pass for the kinds, the
    /// presence bits and the parents, one over the nodes with a packed form of their own.
    ///
    /// The store is a compact copy with exact-size arrays, its packed forms narrow when every slot fits: the
    /// first pass writes each node's kind and presence bit and finds whether every slot fits, the second writes
    /// the packed forms straight into their final storage (a buffer with room for every node's form, filled in
    /// the first pass, raised the scan's peak memory: every tree stays in memory, allocated between them).
    ///
    /// The parents are what setting each child's entry to its node, node by node in order, gives (a child
    /// listed by two nodes keeps the later), -1 for none: read in the first pass by each kind's child slots
    /// (`childSlots`; only nodes kept whole are decoded), lists read from `lists`. In a file of at most 65,535
    /// nodes every parent fits two bytes and the table is written in that form directly.
    func finished(lists: [NodeID]) -> (store: NodeStore, parents: CompactIndexes) {
        precondition(!isCompact, "a store is finished once, from the nodes being built")
        var copy = NodeStore()
        copy.wide = wide.trimmed()
        copy.pinnedWide = pinnedWide
        let n = packed.count
        let words = (n + 63) >> 6
        let size = NarrowPackedNode.size
        let narrowParents = n <= 0xFFFF
        var parents16 = narrowParents ? [UInt16](repeating: 0xFFFF, count: n) : []
        var parents32 = narrowParents ? [] : [Int32](repeating: -1, count: n)
        var kinds = [UInt8](repeating: 0, count: n)
        var present = [PresenceWord](repeating: PresenceWord(bits: 0, before: 0), count: words)
        var total = 0
        var allFit = true
        kinds.withUnsafeMutableBufferPointer { kindsOut in
            present.withUnsafeMutableBufferPointer { presentOut in
                parents16.withUnsafeMutableBufferPointer { p16 in
                    parents32.withUnsafeMutableBufferPointer { p32 in
                        packed.withUnsafeBufferPointer { nodes in
                            lists.withUnsafeBufferPointer { lists in
                                NodeStore.childSlots.withUnsafeBufferPointer { table in
                                    let count = UInt32(truncatingIfNeeded: n)
                                    @inline(__always) func setParent(_ child: Int, _ parent: Int) {
                                        if narrowParents {
                                            p16[child] = UInt16(truncatingIfNeeded: parent)
                                        } else {
                                            p32[child] = Int32(truncatingIfNeeded: parent)
                                        }
                                    }
                                    var t = 0
                                    // every slot plus one of every node kept, or-ed: all fit 16 bits when this
                                    // does (`NarrowPackedNode.fits`)
                                    var slots: UInt32 = 0
                                    let identifier = NodeKind.identifier.rawValue
                                    for w in 0..<words {
                                        let before = Int32(truncatingIfNeeded: t)
                                        var word: UInt64 = 0
                                        let lo = w &<< 6
                                        for i in lo..<min(n, lo &+ 64) {
                                            let p = nodes[i]
                                            kindsOut[i] = p.tag
                                            let d = Int(p.tag) < table.count ? table[Int(p.tag)] : 0
                                            if d != 0 {
                                                let listSlot = (d >> 3) & 3
                                                if d & 32 != 0 || (listSlot != 0 && p.half == 0xFFFF) {
                                                    NodeStore.forEachChild(ofWide: wide[Int(p.a)], lists: lists) { c in
                                                        if UInt32(bitPattern: c.raw) < count { setParent(c.index, i) }
                                                    }
                                                } else {
                                                    // a slot past the last node is "none" (an absent optional child)
                                                    if d & 1 != 0 && p.a < count { setParent(Int(p.a), i) }
                                                    if d & 2 != 0 && p.b < count { setParent(Int(p.b), i) }
                                                    if d & 4 != 0 && p.c < count { setParent(Int(p.c), i) }
                                                    if listSlot != 0 {
                                                        let s = Int(listSlot == 1 ? p.a : listSlot == 2 ? p.b : p.c)
                                                        for k in s..<s + Int(p.half) {
                                                            let c = lists[k].raw
                                                            if UInt32(bitPattern: c) < count { setParent(Int(c), i) }
                                                        }
                                                    }
                                                }
                                            }
                                            // `isPlain` as one test: no bit differs from the plain node's
                                            let plainA = p.tag == identifier ? PackedNode.none : 0
                                            if UInt32(p.bits) | UInt32(p.half) | p.b | p.c | (p.a ^ plainA) == 0 { continue }
                                            word |= UInt64(1) &<< UInt64(i &- lo)
                                            t &+= 1
                                            slots |= (p.a &+ 1) | (p.b &+ 1) | (p.c &+ 1)
                                        }
                                        presentOut[w] = PresenceWord(bits: word, before: before)
                                    }
                                    total = t
                                    allFit = slots <= 0xFFFF
                                }
                            }
                        }
                    }
                }
            }
        }
        copy.kinds = kinds
        copy.isCompact = true
        /// Calls `body` with each node that has a packed form of its own, in order, and its entry number.
        @inline(__always) func forEachEntry(_ body: (PackedNode, Int) -> Void) {
            packed.withUnsafeBufferPointer { nodes in
                present.withUnsafeBufferPointer { words in
                    var e = 0
                    for w in 0..<words.count {
                        var bits = words[w].bits
                        while bits != 0 {
                            body(nodes[(w << 6) | bits.trailingZeroBitCount], e)
                            e &+= 1
                            bits &= bits &- 1
                        }
                    }
                }
            }
        }
        if allFit {
            copy.narrow = [UInt8](unsafeUninitializedCapacity: total * size) { out, written in
                forEachEntry { p, e in NarrowPackedNode.write(p, to: out, at: e &* size) }
                written = total * size
            }
            copy.isNarrow = true
        } else {
            copy.entries = [PackedNode](unsafeUninitializedCapacity: total) { out, written in
                forEachEntry { p, e in out[e] = p }
                written = total
            }
        }
        copy.present = present
        return (copy, narrowParents ? CompactIndexes(narrow: parents16) : CompactIndexes(parents32))
    }
}

/// 64 nodes' bits saying which have a packed form of their own, and how many nodes before them do.
public struct PresenceWord: Sendable {
    @usableFromInline var bits: UInt64
    @usableFromInline var before: Int32

    @inlinable init(bits: UInt64, before: Int32) {
        self.bits = bits
        self.before = before
    }
}

extension PackedNode {
    /// The packed form a finished tree does not keep for a node of kind `tag`: no flags, no count, its
    /// slots zero, except an identifier's type annotation, "none" (what an identifier without one packs to).
    @inlinable @inline(__always) static func plain(_ tag: UInt8) -> PackedNode {
        PackedNode(tag: tag, bits: 0, half: 0, a: tag == NodeKind.identifier.rawValue ? PackedNode.none : 0, b: 0, c: 0)
    }

    /// Whether this is `plain(tag)`: a finished tree keeps only the kind.
    @inlinable var isPlain: Bool {
        bits == 0 && half == 0 && b == 0 && c == 0 && a == (tag == NodeKind.identifier.rawValue ? PackedNode.none : 0)
    }
}

extension NodeStore {
    /// The node `PackedNode.plain(kind)` decodes to (tests).
    static func plainNode(_ kind: NodeKind) -> Node {
        var store = NodeStore()
        store.appendPlain(kind)
        return store[0]
    }
}
