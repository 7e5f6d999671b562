// A fixed set of names asked about in hot loops (every call's method name against the names of route
// registrations): most names asked about are in no such set, and a look-up of a Set<String> hashes every
// byte of the name first. A `NameSet` turns such names away by their first byte and length (a bit table,
// no hashing) and asks the set only when some name of the set starts with that byte and has that length (or
// when the name is not all ASCII).

public struct NameSet: Sendable, ExpressibleByArrayLiteral {
    @usableFromInline let names: Set<String>
    /// Per first byte, bit `min(length, 63)` set when a name of the set has that first byte and length.
    @usableFromInline let shapes: [UInt64]

    public init(_ names: Set<String>) {
        self.names = names
        var shapes = [UInt64](repeating: 0, count: 256)
        for n in names {
            let u = n.utf8
            guard let first = u.first else { continue }
            shapes[Int(first)] |= UInt64(1) << UInt64(min(u.count, 63))
        }
        self.shapes = shapes
    }

    public init(arrayLiteral elements: String...) { self.init(Set(elements)) }

    /// Whether `name` is one of the set's names.
    @inlinable public func contains(_ name: String) -> Bool {
        let u = name.utf8
        guard let first = u.first, first < 0x80 else { return names.contains(name) }
        guard shapes[Int(first)] & (UInt64(1) << UInt64(min(u.count, 63))) != 0 else {
            // Strings compare by canonical equivalence (U+212A KELVIN SIGN equals "K"): only a name all in ASCII
            // is turned away unasked
            for b in u where b >= 0x80 { return names.contains(name) }
            return false
        }
        return names.contains(name)
    }
}
