// NameIDs: each distinct identifier name of one file as a small integer, for the binder.
//
// Names are Strings compared as Swift compares them (canonical equivalence: `\u212A` Kelvin sign and
// `K` are one name). Most names are plain ASCII bytes of the file, and for those the String is never
// built: a hash table keyed by the bytes themselves (the first occurrence's place in the file) answers
// them. An ASCII name met for the first time, and every other name, goes through the String dictionary,
// which holds every name seen, so a non-ASCII name equivalent to an ASCII one gets its id.

import JSSyntax

struct NameIDs {
    private var byString: [String: Int32] = [:]
    /// Open addressing, a power of two long; `id < 0` marks an empty slot.
    private var slots: [Slot]
    private var used = 0

    private struct Slot {
        var hash: UInt32
        var start: Int32
        var length: Int32
        var id: Int32
    }

    init() {
        slots = [Slot](repeating: Slot(hash: 0, start: 0, length: 0, id: -1), count: 64)
    }

    /// The id of a name given as a String.
    mutating func id(_ name: String) -> Int32 {
        if let known = byString[name] { return known }
        let id = Int32(truncatingIfNeeded: byString.count)
        byString[name] = id
        return id
    }

    /// The id of the name of an identifier-like node (`SyntaxTree.name(of:)`).
    mutating func id(of node: NodeID, in tree: SyntaxTree) -> Int32 {
        guard let r = tree.plainNameRange(of: node), !r.isEmpty else { return id(tree.name(of: node)) }
        let bytes = tree.file.bytes
        return bytes.withUnsafeBufferPointer { p -> Int32 in
            // FNV-1a, and whether every byte is ASCII
            var h: UInt32 = 2_166_136_261
            var high: UInt8 = 0
            for i in r {
                h = (h ^ UInt32(p[i])) &* 16_777_619
                high |= p[i]
            }
            if high >= 0x80 { return id(tree.name(of: node)) }
            let mask = slots.count - 1
            var k = Int(h) & mask
            while slots[k].id >= 0 {
                let s = slots[k]
                if s.hash == h, Int(s.length) == r.count {
                    var same = true
                    let offset = Int(s.start) - r.lowerBound
                    for i in r where p[i] != p[i + offset] {
                        same = false
                        break
                    }
                    if same { return s.id }
                }
                k = (k + 1) & mask
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
            let new = id(name)
            slots[k] = Slot(hash: h, start: Int32(r.lowerBound), length: Int32(r.count), id: new)
            used += 1
            if used * 2 > slots.count { grow() }
            return new
        }
    }

    private mutating func grow() {
        var bigger = [Slot](repeating: Slot(hash: 0, start: 0, length: 0, id: -1), count: slots.count * 2)
        let mask = bigger.count - 1
        for s in slots where s.id >= 0 {
            var k = Int(s.hash) & mask
            while bigger[k].id >= 0 { k = (k + 1) & mask }
            bigger[k] = s
        }
        slots = bigger
    }
}
