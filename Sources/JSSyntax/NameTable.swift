// NameTable: the distinct plain ASCII names of one file's identifiers, each built as a String once.
//
// `SyntaxTree.name(of:)` is asked for the same identifiers again and again by every analysis (a member's
// property, a callee, a binding): the tree keeps, per identifier node, an index into this table, so a
// name is an array read instead of a String decoded from the file's bytes. Only plain ASCII names (no
// escape, no byte above 0x7F) are kept; anything else is decoded on request as before, which keeps
// `name(of:)` returning exactly the characters written.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct NameTable {
    private(set) var names: [String] = []
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

    /// The index of the name the bytes `r` of `p` spell; -1 when one of them is not ASCII.
    mutating func index(of r: Range<Int>, in p: UnsafeBufferPointer<UInt8>) -> Int32 {
        // FNV-1a, and whether every byte is ASCII
        var h = NameTable.hashSeed
        var high: UInt8 = 0
        for i in r {
            h = NameTable.hash(h, p[i])
            high |= p[i]
        }
        if high >= 0x80 { return -1 }
        return index(ofASCII: r, hash: h, in: p)
    }

    /// FNV-1a over a name's bytes: start from `hashSeed`, then `hash(h, byte)` for each.
    static var hashSeed: UInt32 { 2_166_136_261 }

    @inline(__always) static func hash(_ h: UInt32, _ byte: UInt8) -> UInt32 { (h ^ UInt32(byte)) &* 16_777_619 }

    /// The index of the name the ASCII bytes `r` of `p` spell, whose hash (`hash`) is `h`.
    mutating func index(ofASCII r: Range<Int>, hash h: UInt32, in p: UnsafeBufferPointer<UInt8>) -> Int32 {
        let length = Int32(truncatingIfNeeded: r.count)
        // the probe reads the slots in place (no bounds or uniqueness checks per step) and compares a
        // candidate's bytes with one `memcmp`; it answers the id found, or the empty slot as `-1 - slot`
        let probe = slots.withUnsafeBufferPointer { s -> Int32 in
            let mask = s.count - 1
            var k = Int(h) & mask
            while true {
                let slot = s[k]
                if slot.id < 0 { return -1 - Int32(truncatingIfNeeded: k) }
                if slot.hash == h, slot.length == length,
                   r.isEmpty || memcmp(p.baseAddress! + r.lowerBound, p.baseAddress! + Int(slot.start), r.count) == 0 {
                    return slot.id
                }
                k = (k + 1) & mask
            }
        }
        if probe >= 0 { return probe }
        let k = Int(-1 - probe)
        let id = Int32(truncatingIfNeeded: names.count)
        names.append(String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self))
        slots[k] = Slot(hash: h, start: Int32(r.lowerBound), length: length, id: id)
        used += 1
        if used * 2 > slots.count { grow() }
        return id
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
