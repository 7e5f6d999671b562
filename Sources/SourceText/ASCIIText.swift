// ASCIIText: splitting and searching strings on an ASCII character by their bytes.
//
// `String.split(separator:)` and `lastIndex(of:)` walk Characters (grapheme clusters), which costs tens of
// instructions per character; paths and dotted names are asked for their parts thousands of times per
// scan. In an ASCII string every byte is one Character, so the bytes give the same answer; a string with
// any other byte keeps the Character semantics (a separator followed by a combining mark is one
// Character, not a separator). Inlinable, so that each caller gets a copy for its own string type.

extension StringProtocol {
    /// Whether every byte of the string is ASCII.
    @inlinable public var isASCIIText: Bool {
        for b in utf8 where b >= 0x80 { return false }
        return true
    }

    /// `split(separator:omittingEmptySubsequences:)` on an ASCII separator: the same parts, found by bytes
    /// when the string is ASCII.
    @inlinable public func splitASCII(_ separator: UInt8, omittingEmpty: Bool = true) -> [SubSequence] {
        let u = utf8
        var parts: [SubSequence] = []
        var start = u.startIndex
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b >= 0x80 {
                return split(separator: Character(Unicode.Scalar(separator)), omittingEmptySubsequences: omittingEmpty)
            }
            if b == separator {
                if !omittingEmpty || start != i { parts.append(self[start..<i]) }
                start = u.index(after: i)
            }
            i = u.index(after: i)
        }
        if !omittingEmpty || start != u.endIndex { parts.append(self[start..<u.endIndex]) }
        return parts
    }

    /// `lastIndex(of:)` for an ASCII character, found by bytes when the string is ASCII.
    @inlinable public func lastIndexASCII(of byte: UInt8) -> Index? {
        let u = utf8
        var found: Index?
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b >= 0x80 { return lastIndex(of: Character(Unicode.Scalar(byte))) }
            if b == byte { found = i }
            i = u.index(after: i)
        }
        return found
    }
}
