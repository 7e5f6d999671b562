// Fingerprints identify a finding by its rule and code rather than its line number, so a baseline
// stays valid when unrelated edits move code around.

public enum Fingerprint {
    /// FNV-1a 64-bit over the rule id, the file and the finding's source text with all whitespace removed,
    /// plus an occurrence number that tells apart identical snippets in the same file.
    public static func make(ruleId: RuleID, file: String, code: String, occurrence: Int) -> String {
        var h = FNV()
        for b in ruleId.rawValue.utf8 { h.mix(b) }
        h.mix(0)
        for b in normalizedPath(file).utf8 { h.mix(b) }
        h.mix(0)
        for b in code.utf8 where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { h.mix(b) }
        h.mix(0)
        for b in String(occurrence).utf8 { h.mix(b) }
        return h.hex
    }

    /// The fingerprint of the `occurrence`-th (1, 2, ...) finding whose code fingerprint is `base`, when
    /// one rule reports identical code more than once in a file.
    public static func numbered(_ base: String, occurrence: Int) -> String {
        var h = FNV()
        for b in (base + "#\(occurrence)").utf8 { h.mix(b) }
        return h.hex
    }

    /// FNV-1a, 64 bits, printed as 16 hex digits.
    struct FNV {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        mutating func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }

        var hex: String {
            let digits = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }

    /// `./a/b.js` and `a/b.js` name the same file in a baseline.
    public static func normalizedPath(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return String(p)
    }
}
