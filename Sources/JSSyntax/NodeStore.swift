// NodeStore: a tree's nodes, packed.
//
// A `Node` is decoded on each read from a 16-byte `PackedNode` (kind, small fields, three 32-bit slots);
// the few cases that do not pack (functions, classes, `for`, templates, and lists of 65,535 or more
// items) are kept whole in `wide`, the slot `a` giving where. The packing code is generated with the
// node enum (scripts/gen-ast.py), so it covers every case.

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

public struct NodeStore: Sendable {
    @usableFromInline var packed: [PackedNode] = []
    @usableFromInline var wide: [Node] = []
    /// Entries of `wide` written for nodes that were replaced (not appended): kept by `truncate`.
    var pinnedWide = 0

    init() {}

    @inlinable public var count: Int { packed.count }

    /// How many nodes `wide` holds (for `truncate`).
    var wideCount: Int { wide.count }

    @inlinable public func kind(_ index: Int) -> NodeKind {
        unsafeBitCast(packed[index].tag, to: NodeKind.self)
    }

    public internal(set) subscript(index: Int) -> Node {
        @inlinable @inline(__always) get { unpack(packed[index]) }
        set {
            packed[index] = NodeStore.pack(newValue, &wide)
            pinnedWide = wide.count
        }
    }

    @inline(__always) mutating func append(_ node: Node) {
        packed.append(NodeStore.pack(node, &wide))
    }

    mutating func reserveCapacity(_ n: Int) {
        packed.reserveCapacity(n)
    }

    /// Drops the nodes from `nodes` on and the entries of `wide` from `wideNodes` on (a failed speculation).
    mutating func truncate(nodes: Int, wideNodes: Int) {
        if packed.count > nodes { packed.removeSubrange(nodes...) }
        let keep = max(wideNodes, pinnedWide)
        if wide.count > keep { wide.removeSubrange(keep...) }
    }

    /// A copy with exact-size arrays.
    func trimmed() -> NodeStore {
        var copy = NodeStore()
        copy.packed = packed.trimmed()
        copy.wide = wide.trimmed()
        return copy
    }
}
