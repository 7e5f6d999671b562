// A map from project nodes to values for the searches over the call graph: open addressing over flat
// arrays, keyed by the node's file and node numbers as one 64-bit integer with a multiplicative hash, so a
// look-up reads two arrays and hashes no bytes. Only looked up and added to, never iterated: what a
// search finds does not depend on where the map keeps it.

import JSSemantic

struct NodeMap<Value> {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0
    /// No node has this key (a node number is never -1).
    private static var empty: UInt64 { UInt64.max }

    init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: NodeMap.empty, count: capacity)
        values = [Value?](repeating: nil, count: capacity)
        mask = capacity - 1
    }

    @inline(__always) private static func key(_ n: ProjectNode) -> UInt64 {
        UInt64(UInt32(bitPattern: n.file.raw)) << 32 | UInt64(UInt32(bitPattern: n.node.raw))
    }

    @inline(__always) private func slot(_ k: UInt64) -> Int {
        // Fibonacci hashing: the high bits of the product spread neighbouring keys apart
        Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(_ n: ProjectNode) -> Value? {
        get {
            let k = NodeMap.key(n)
            var i = slot(k)
            while true {
                let stored = keys[i]
                if stored == k { return values[i] }
                if stored == NodeMap.empty { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            guard let newValue else {
                precondition(self[n] == nil, "NodeMap does not remove entries")
                return
            }
            let k = NodeMap.key(n)
            var i = slot(k)
            while true {
                let stored = keys[i]
                if stored == k {
                    values[i] = newValue
                    return
                }
                if stored == NodeMap.empty { break }
                i = (i + 1) & mask
            }
            keys[i] = k
            values[i] = newValue
            count += 1
            if count * 2 > keys.count { grow() }
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: NodeMap.empty, count: oldKeys.count * 2)
        values = [Value?](repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        for j in oldKeys.indices where oldKeys[j] != NodeMap.empty {
            var i = slot(oldKeys[j])
            while keys[i] != NodeMap.empty { i = (i + 1) & mask }
            keys[i] = oldKeys[j]
            values[i] = oldValues[j]
        }
    }
}
