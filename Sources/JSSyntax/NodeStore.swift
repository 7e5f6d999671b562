// NodeStore: a tree's nodes, packed.
//
// A `Node` is decoded on each read from a 16-byte `PackedNode` (kind, small fields, three 32-bit slots);
// the few cases that do not pack (functions, classes, `for`, templates, and lists of 65,535 or more
// items) are kept whole in `wide`, the slot `a` giving where. The packing code is generated with the
// node enum (scripts/gen-ast.py), so it covers every case.
//
// Every slot holds a node id, a list start, an index into `wide` or "none", so in a file of fewer than
// 65,535 nodes and list entries (most files) each slot fits in two bytes: a finished tree (`trimmed`)
// keeps such nodes as 10-byte `NarrowPackedNode`s, the value plus one stored so that "none" is 0 and
// widening is one subtraction, no branch. Every tree stays in memory for the whole scan.

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

/// A `PackedNode` whose slots fit in 16 bits, each stored plus one (`PackedNode.none` as 0).
public struct NarrowPackedNode: Sendable {
    @usableFromInline var tag: UInt8
    @usableFromInline var bits: UInt8
    @usableFromInline var half: UInt16
    @usableFromInline var a: UInt16
    @usableFromInline var b: UInt16
    @usableFromInline var c: UInt16

    /// The narrow form of `p`, or nil when a slot does not fit.
    init?(_ p: PackedNode) {
        guard NarrowPackedNode.fits(p.a), NarrowPackedNode.fits(p.b), NarrowPackedNode.fits(p.c) else { return nil }
        tag = p.tag
        bits = p.bits
        half = p.half
        a = UInt16(truncatingIfNeeded: p.a &+ 1)
        b = UInt16(truncatingIfNeeded: p.b &+ 1)
        c = UInt16(truncatingIfNeeded: p.c &+ 1)
    }

    /// True for 0 ... 0xFFFE and `PackedNode.none`.
    static func fits(_ slot: UInt32) -> Bool { slot &+ 1 <= 0xFFFF }

    @inlinable @inline(__always) var widened: PackedNode {
        PackedNode(tag: tag, bits: bits, half: half,
                   a: UInt32(a) &- 1, b: UInt32(b) &- 1, c: UInt32(c) &- 1)
    }
}

public struct NodeStore: Sendable {
    /// The nodes while parsing, and in a finished tree whose slots do not all fit in `narrow`.
    @usableFromInline var packed: [PackedNode] = []
    /// A finished tree's nodes when every slot fits in 16 bits (`packed` is then empty).
    @usableFromInline var narrow: [NarrowPackedNode] = []
    @usableFromInline var isNarrow = false
    @usableFromInline var wide: [Node] = []
    /// Entries of `wide` written for nodes that were replaced (not appended): kept by `truncate`.
    var pinnedWide = 0

    init() {}

    @inlinable public var count: Int { isNarrow ? narrow.count : packed.count }

    /// How many nodes `wide` holds (for `truncate`).
    var wideCount: Int { wide.count }

    @inlinable public func kind(_ index: Int) -> NodeKind {
        unsafeBitCast(isNarrow ? narrow[index].tag : packed[index].tag, to: NodeKind.self)
    }

    /// The packed form of node `index`, whichever width it is kept in.
    @inlinable @inline(__always) func packedNode(_ index: Int) -> PackedNode {
        isNarrow ? narrow[index].widened : packed[index]
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
        if isNarrow { widen() }
        packed.append(NodeStore.pack(node, &wide))
    }

    /// Back to `packed` (a narrow store is only made by `trimmed`, for reading).
    mutating func widen() {
        guard isNarrow else { return }
        packed = narrow.map(\.widened)
        narrow = []
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

    /// A copy with exact-size arrays, narrow when every slot fits.
    func trimmed() -> NodeStore {
        var copy = NodeStore()
        copy.wide = wide.trimmed()
        copy.pinnedWide = pinnedWide
        if isNarrow {
            copy.narrow = narrow
            copy.isNarrow = true
            return copy
        }
        var narrowNodes: [NarrowPackedNode] = []
        narrowNodes.reserveCapacity(packed.count)
        for p in packed {
            guard let n = NarrowPackedNode(p) else {
                copy.packed = packed.trimmed()
                return copy
            }
            narrowNodes.append(n)
        }
        copy.narrow = narrowNodes
        copy.isNarrow = true
        return copy
    }
}
