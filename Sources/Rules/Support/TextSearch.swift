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
            return find(hay, needle, fold: nil)
        }
    }

    /// `text.lowercased().contains(needle)` for an ASCII, lower-case `needle`.
    static func lowercasedContains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: hay, as: UTF8.self).lowercased().contains(needle)
            }
            return find(hay, needle) { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
    }

    /// `text.uppercased().contains(needle)` for an ASCII, upper-case `needle`.
    static func uppercasedContains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { hay in
            guard hay.allSatisfy({ $0 < 0x80 }) else {
                return String(decoding: hay, as: UTF8.self).uppercased().contains(needle)
            }
            return find(hay, needle) { $0 >= 0x61 && $0 <= 0x7A ? $0 & ~0x20 : $0 }
        }
    }

    private static func find(_ hay: UnsafeBufferPointer<UInt8>, _ needle: String, fold: ((UInt8) -> UInt8)?) -> Bool {
        let n = Array(needle.utf8)
        guard !n.isEmpty, hay.count >= n.count else { return false }
        var i = 0
        while i + n.count <= hay.count {
            var j = 0
            while j < n.count {
                let b = fold.map { $0(hay[i + j]) } ?? hay[i + j]
                if b != n[j] { break }
                j += 1
            }
            if j == n.count { return true }
            i += 1
        }
        return false
    }
}
