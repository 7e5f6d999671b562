// Fingerprints identify a finding by its rule and code rather than its line number, so a baseline
// stays valid when unrelated edits move code around.

public enum Fingerprint {
    /// FNV-1a 64-bit over the rule id, the file and the finding's source text with all whitespace removed,
    /// plus an occurrence number that tells apart identical snippets in the same file.
    public static func make(ruleId: RuleID, file: String, code: String, occurrence: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for b in ruleId.rawValue.utf8 { mix(b) }
        mix(0)
        for b in normalizedPath(file).utf8 { mix(b) }
        mix(0)
        for b in code.utf8 where b != 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { mix(b) }
        mix(0)
        for b in String(occurrence).utf8 { mix(b) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `./a/b.js` and `a/b.js` name the same file in a baseline.
    public static func normalizedPath(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return String(p)
    }
}
