// IntKeyTable: a hash table of 64-bit keys for the evaluation memos, which look a key up for every
// binding an evaluation meets. Open addressing with linear probing over a power-of-two array, the slot
// picked by a multiplicative (Fibonacci) hash: no `Hasher` run per lookup, no String, one array of keys
// and one of values. UInt64.max marks an empty slot, so it is no key.

struct IntKeyTable<Value> {
    private var keys: [UInt64]
    private var values: [Value?]
    private var shift: UInt64
    private(set) var count = 0

    private static var empty: UInt64 { .max }

    init() {
        keys = Array(repeating: Self.empty, count: 16)
        values = Array(repeating: nil, count: 16)
        shift = 60
    }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored under `key` (not `UInt64.max`).
    subscript(key: UInt64) -> Value? {
        let mask = keys.count - 1
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` under `key`, replacing what was there.
    mutating func insert(_ key: UInt64, _ value: Value) {
        // at most half full: probes stay short
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key {
                values[i] = value
                return
            }
            if k == Self.empty {
                keys[i] = key
                values[i] = value
                count += 1
                return
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: Self.empty, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for i in oldKeys.indices where oldKeys[i] != Self.empty {
            if let v = oldValues[i] { insert(oldKeys[i], v) }
        }
    }
}
