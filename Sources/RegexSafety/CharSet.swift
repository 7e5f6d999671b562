// CharSet: a set of Unicode code points as sorted, disjoint, non-adjacent closed ranges.
//
// Every character-matching item of a pattern (a literal, `.`, `\d`, a class, a property escape, a
// v-mode set expression) becomes one CharSet, so the automaton only ever intersects and unions
// ranges; case folding is applied when the set is built, never at match time.

public struct CharSet: Hashable, Sendable, CustomStringConvertible {
    public static let maxCodePoint: UInt32 = 0x10FFFF

    /// Sorted, disjoint, non-adjacent closed ranges.
    public private(set) var ranges: [ClosedRange<UInt32>]

    public init() { ranges = [] }

    public init(_ c: UInt32) { ranges = [c...c] }

    public init(ranges input: [ClosedRange<UInt32>]) {
        ranges = CharSet.normalize(input)
    }

    public static let empty = CharSet()
    public static let all = CharSet(ranges: [0...maxCodePoint])
    public static let digits = CharSet(ranges: [0x30...0x39])
    public static let word = CharSet(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// ECMAScript WhiteSpace and LineTerminator (`\s`).
    public static let space = CharSet(ranges: [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    public static let lineTerminators = CharSet(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])
    public static let dot = lineTerminators.inverted

    public var isEmpty: Bool { ranges.isEmpty }

    public var count: Int { ranges.reduce(0) { $0 + Int($1.upperBound - $1.lowerBound) + 1 } }

    public func contains(_ c: UInt32) -> Bool {
        var lo = 0, hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = ranges[mid]
            if c < r.lowerBound { hi = mid - 1 } else if c > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    static func normalize(_ input: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        if input.count <= 1 { return input }
        let sorted = input.sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<UInt32>] = []
        out.reserveCapacity(sorted.count)
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound &+ 1, last.upperBound != UInt32.max {
                if r.upperBound > last.upperBound { out[out.count - 1] = last.lowerBound...r.upperBound }
            } else {
                out.append(r)
            }
        }
        return out
    }

    public func union(_ other: CharSet) -> CharSet {
        if other.isEmpty { return self }
        if isEmpty { return other }
        return CharSet(ranges: ranges + other.ranges)
    }

    public func intersection(_ other: CharSet) -> CharSet {
        var out: [ClosedRange<UInt32>] = []
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let lo = max(a.lowerBound, b.lowerBound), hi = min(a.upperBound, b.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        var result = CharSet()
        result.ranges = out
        return result
    }

    public func intersects(_ other: CharSet) -> Bool {
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            if max(a.lowerBound, b.lowerBound) <= min(a.upperBound, b.upperBound) { return true }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return false
    }

    public var inverted: CharSet {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            if r.upperBound == CharSet.maxCodePoint { next = CharSet.maxCodePoint + 1; break }
            next = r.upperBound + 1
        }
        if next <= CharSet.maxCodePoint { out.append(next...CharSet.maxCodePoint) }
        var result = CharSet()
        result.ranges = out
        return result
    }

    public func subtracting(_ other: CharSet) -> CharSet { intersection(other.inverted) }

    public func isSubset(of other: CharSet) -> Bool { subtracting(other).isEmpty }

    /// A readable member: printable ASCII first (letters and digits before punctuation), never a surrogate.
    public var representative: UInt32? {
        // the least member in each preferred range, in order, read off the sorted ranges (no set is built:
        // the ambiguity searches ask this of every edge label they try)
        for preferred in CharSet.preferredRepresentatives {
            if let c = leastMember(in: preferred) { return c }
        }
        for r in ranges {
            if r.lowerBound >= 0xD800 && r.upperBound <= 0xDFFF { continue }
            if r.lowerBound >= 0xD800 && r.lowerBound <= 0xDFFF { return 0xE000 }
            return r.lowerBound
        }
        return nil
    }

    /// Where `representative` looks first, in order: lower-case letters, upper-case letters, digits, printable
    /// ASCII, ASCII white space.
    static let preferredRepresentatives: [ClosedRange<UInt32>] = [0x61...0x7A, 0x41...0x5A, 0x30...0x39, 0x20...0x7E, 0x09...0x0D]

    /// The least member within `range`: the first of the sorted ranges that reaches into it, clipped to it.
    func leastMember(in range: ClosedRange<UInt32>) -> UInt32? {
        for r in ranges {
            if r.upperBound < range.lowerBound { continue }
            return r.lowerBound <= range.upperBound ? max(r.lowerBound, range.lowerBound) : nil
        }
        return nil
    }

    /// `intersection(other).representative`, without building the intersection.
    public func representative(intersectedWith other: CharSet) -> UInt32? {
        CharSet.representative(ofCommonPartOf: ranges, other.ranges)
    }

    /// `CharSet(ranges: [range]).intersection(self).representative`, without building either set.
    public func representative(within range: ClosedRange<UInt32>) -> UInt32? {
        CharSet.representative(ofCommonPartOf: ranges, CollectionOfOne(range))
    }

    /// `representative` of the common part of two sorted lists of disjoint, non-adjacent ranges, read off the
    /// pieces `intersection` would build (its sweep, in the same order).
    static func representative<A: RandomAccessCollection, B: RandomAccessCollection>(ofCommonPartOf a: A, _ b: B) -> UInt32?
    where A.Element == ClosedRange<UInt32>, B.Element == ClosedRange<UInt32> {
        for preferred in preferredRepresentatives {
            var i = a.startIndex, j = b.startIndex
            while i != a.endIndex && j != b.endIndex {
                let x = a[i], y = b[j]
                let start = max(x.lowerBound, y.lowerBound)
                if start > preferred.upperBound { break }  // this piece and every later one start beyond it
                let lo = max(start, preferred.lowerBound), hi = min(x.upperBound, y.upperBound, preferred.upperBound)
                if lo <= hi { return lo }
                if x.upperBound < y.upperBound { a.formIndex(after: &i) } else { b.formIndex(after: &j) }
            }
        }
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex && j != b.endIndex {
            let x = a[i], y = b[j]
            let lo = max(x.lowerBound, y.lowerBound), hi = min(x.upperBound, y.upperBound)
            if lo <= hi && !(lo >= 0xD800 && hi <= 0xDFFF) {
                return lo >= 0xD800 && lo <= 0xDFFF ? 0xE000 : lo
            }
            if x.upperBound < y.upperBound { a.formIndex(after: &i) } else { b.formIndex(after: &j) }
        }
        return nil
    }

    /// Adds the simple case variants of the members (ECMAScript Canonicalize, approximated with the
    /// Unicode simple case mappings). Large non-ASCII ranges fold ASCII letters and the common ones only.
    public func caseFolded(unicode: Bool) -> CharSet {
        var extra: [ClosedRange<UInt32>] = []
        let letters: [(ClosedRange<UInt32>, Int64)] = [(0x41...0x5A, 32), (0x61...0x7A, -32)]
        for (range, delta) in letters {
            for r in intersection(CharSet(ranges: [range])).ranges {
                extra.append(UInt32(Int64(r.lowerBound) + delta)...UInt32(Int64(r.upperBound) + delta))
            }
        }
        var budget = 4096
        for r in ranges where r.upperBound >= 0x80 {
            var c = max(r.lowerBound, 0x80)
            while c <= r.upperBound && budget > 0 {
                budget -= 1
                if let s = Unicode.Scalar(c) {
                    let properties = s.properties
                    // lower case, then upper case; a mapping to more than one scalar is not simple
                    for v in [CharSet.onlyScalar(properties.lowercaseMapping), CharSet.onlyScalar(properties.uppercaseMapping)] {
                        guard let v, v != c else { continue }
                        // Non-unicode mode does not fold non-ASCII into ASCII.
                        if unicode || v >= 0x80 { extra.append(v...v) }
                    }
                }
                c += 1
            }
        }
        if unicode {
            // U+017F LATIN SMALL LETTER LONG S and U+212A KELVIN SIGN fold to s and k.
            if contains(0x73) || contains(0x53) { extra.append(0x17F...0x17F) }
            if contains(0x6B) || contains(0x4B) { extra.append(0x212A...0x212A) }
        }
        return extra.isEmpty ? self : union(CharSet(ranges: extra))
    }

    /// The scalar of a string that is exactly one, read without building an array of them.
    static func onlyScalar(_ text: String) -> UInt32? {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first.value
    }

    public var description: String { CharSet.describe(self) }

    static func describe(_ set: CharSet) -> String {
        if set == .all { return "[\\s\\S]" }
        if set == .dot { return "." }
        if set.ranges.count == 1, set.ranges[0].lowerBound == set.ranges[0].upperBound {
            return escapeOutside(set.ranges[0].lowerBound)
        }
        if set == .digits { return "\\d" }
        if set == .word { return "\\w" }
        if set == .space { return "\\s" }
        let inv = set.inverted
        if inv == .digits { return "\\D" }
        if inv == .word { return "\\W" }
        if inv == .space { return "\\S" }
        if inv.count < set.count {
            return "[^" + inv.ranges.map(rangeText).joined() + "]"
        }
        return "[" + set.ranges.map(rangeText).joined() + "]"
    }

    static func rangeText(_ r: ClosedRange<UInt32>) -> String {
        if r.lowerBound == r.upperBound { return escapeInside(r.lowerBound) }
        if r.upperBound == r.lowerBound + 1 { return escapeInside(r.lowerBound) + escapeInside(r.upperBound) }
        return escapeInside(r.lowerBound) + "-" + escapeInside(r.upperBound)
    }

    static func escapeInside(_ c: UInt32) -> String {
        switch c {
        case 0x5C, 0x5D, 0x5E, 0x2D: return "\\" + String(Character(Unicode.Scalar(UInt8(c))))
        default: return plain(c)
        }
    }

    static func escapeOutside(_ c: UInt32) -> String {
        if let s = Unicode.Scalar(c), "\\^$.|?*+()[]{}/".unicodeScalars.contains(s) { return "\\" + String(Character(s)) }
        return plain(c)
    }

    static func plain(_ c: UInt32) -> String {
        switch c {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x0B: return "\\v"
        case 0x0C: return "\\f"
        case 0x20...0x7E: return String(Character(Unicode.Scalar(UInt8(c))))
        default:
            let hex = String(c, radix: 16, uppercase: true)
            if c <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
            if c <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
            return "\\u{" + hex + "}"
        }
    }
}
