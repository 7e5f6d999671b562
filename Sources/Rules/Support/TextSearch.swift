// Substring tests on names and string values without Foundation's string search (CFStringFind took ~7% of
// a whole scan when call descriptions asked `base.lowercased().contains("lock")` of every awaited call).
// For ASCII text the answers are those of `String.contains` after `lowercased()` / `uppercased()`;
// anything else takes the Foundation path, so results never change.

import Foundation

enum TextSearch {
    /// `text.contains(needle)` for an ASCII `needle`.
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.allSatisfy({ $0 < 0x80 }) else { return String(decoding: hay, as: UTF8.self).contains(needle) }
            return find(hay, needle, fold: .none)
        }
    }

    /// `text.lowercased().contains(needle)` for an ASCII, lower-case `needle`.
    static func lowercasedContains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: hay, as: UTF8.self).lowercased().contains(needle)
            }
            return find(hay, needle, fold: .lower)
        }
    }

    /// `text.uppercased().contains(needle)` for an ASCII, upper-case `needle`.
    static func uppercasedContains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: hay, as: UTF8.self).uppercased().contains(needle)
            }
            return find(hay, needle, fold: .upper)
        }
    }

    /// Which of `needles` (ASCII, lower-case; at most 64) `text.lowercased()` contains: bit `i` for
    /// `needles[i]`. One pass over the text's storage for all of them.
    static func lowercasedMatches(_ text: String, _ needles: [String]) -> UInt64 {
        var text = text
        return text.withUTF8 { lowercasedMatches($0, needles) }
    }

    /// `lowercasedMatches` of UTF-8 bytes (a comment's, read in place).
    static func lowercasedMatches(_ hay: UnsafeBufferPointer<UInt8>, _ needles: [String]) -> UInt64 {
        var bits: UInt64 = 0
        guard hay.allSatisfy({ $0 < 0x80 }) else {
            let lower = String(decoding: hay, as: UTF8.self).lowercased()
            for (i, n) in needles.enumerated() where i < 64 && lower.contains(n) { bits |= 1 << UInt64(i) }
            return bits
        }
        for (i, n) in needles.enumerated() where i < 64 && find(hay, n, fold: .lower) { bits |= 1 << UInt64(i) }
        return bits
    }

    /// Whether UTF-8 bytes hold an ASCII `needle` as it is spelled (no decoding: an ASCII byte never occurs
    /// inside a multi-byte sequence, so a file with non-ASCII text is searched in place too).
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        find(hay, needle, fold: .none)
    }

    private enum Fold { case none, lower, upper }

    private static func find(_ hay: UnsafeBufferPointer<UInt8>, _ needle: String, fold: Fold) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            guard !n.isEmpty, hay.count >= n.count else { return false }
            var i = 0
            while i + n.count <= hay.count {
                var j = 0
                while j < n.count {
                    var b = hay[i + j]
                    switch fold {
                    case .none: break
                    case .lower: if b >= 0x41 && b <= 0x5A { b |= 0x20 }
                    case .upper: if b >= 0x61 && b <= 0x7A { b &= ~0x20 }
                    }
                    if b != n[j] { break }
                    j += 1
                }
                if j == n.count { return true }
                i += 1
            }
            return false
        }
    }
}
