// TextSearch answers as `lowercased().contains` would: ASCII text is searched on its bytes, other text through
// String (so a Kelvin sign still folds to "k"); `lowercasedMatches` gives one bit per needle.

import Testing
@testable import Rules

@Test func lowercasedMatchesGivesABitPerNeedle() {
    let needles = ["limiter", "lock", "mutex", "one by one"]
    #expect(TextSearch.lowercasedMatches("this.rateLimiter", needles) == 0b0001)
    #expect(TextSearch.lowercasedMatches("redisLock.MUTEX", needles) == 0b0110)
    #expect(TextSearch.lowercasedMatches("// Run them One By One", needles) == 0b1000)
    #expect(TextSearch.lowercasedMatches("db.users", needles) == 0)
    #expect(TextSearch.lowercasedMatches("", needles) == 0)
    // outside ASCII: String's lower-casing (U+212A KELVIN SIGN lower-cases to "k")
    #expect(TextSearch.lowercasedMatches("LOC\u{212A}ER", needles) == 0b0010)
    #expect(TextSearch.lowercasedMatches("größe lock", needles) == 0b0010)
    for text in ["this.rateLimiter", "LOC\u{212A}ER", "Mutexes", "x"] {
        for (i, n) in needles.enumerated() {
            let bit = TextSearch.lowercasedMatches(text, needles) & (1 << UInt64(i)) != 0
            #expect(bit == text.lowercased().contains(n), "\(text) / \(n)")
        }
    }
}

@Test func containsSearchesUTF8BytesInPlace() {
    func bytes(_ s: String, _ needle: String) -> Bool { Array(s.utf8).withUnsafeBufferPointer { TextSearch.contains($0, needle) } }
    #expect(bytes("await Promise.all(xs)", "Promise.all"))
    // non-ASCII text around it (an emoji, accented words) is searched without decoding
    #expect(bytes("const s = '🎉 größe'; await Promise.allSettled(x)", "Promise.all"))
    #expect(!bytes("await promise.all(xs)", "Promise.all"))
    #expect(!bytes("Promise.al", "Promise.all"))
    #expect(!bytes("", "Promise.all"))
}
