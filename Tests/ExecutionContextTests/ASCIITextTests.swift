// The byte-wise split and search of ASCII strings (SourceText's ASCIIText) give what the Character-wise
// standard-library calls give, on ASCII strings and on strings where a separator byte is not a Character
// of its own (a combining mark after it), where they must fall back to Characters.

import SourceText
import Testing

@Suite struct ASCIITextTests {
    static let samples: [String] = [
        "", "/", "//", "a", "a/b", "/a/b/", "a//b", "src/routes/users.test.ts", ".eslintrc.js", "a.b.c.", "...",
        "packages/ui/src/app/(auth)/page.tsx", "über/straße.js", "café/menu.js",
        // a slash and a dot followed by a combining acute accent: one Character each, not a separator
        "a/\u{301}b/c", "x.\u{301}y.z", "\u{301}/a",
    ]

    @Test func splitMatchesCharacterSplit() {
        for s in Self.samples {
            for sep: UInt8 in [UInt8(ascii: "/"), UInt8(ascii: ".")] {
                let c = Character(Unicode.Scalar(sep))
                for omitting in [true, false] {
                    let bytes = s.splitASCII(sep, omittingEmpty: omitting).map(String.init)
                    let chars = s.split(separator: c, omittingEmptySubsequences: omitting).map(String.init)
                    #expect(bytes == chars, "\(s.debugDescription) split on \(c) omitting empty \(omitting)")
                    let sub = s[...]
                    #expect(sub.splitASCII(sep, omittingEmpty: omitting).map(String.init) == chars)
                }
            }
        }
    }

    @Test func lastIndexMatchesCharacterSearch() {
        for s in Self.samples {
            for sep: UInt8 in [UInt8(ascii: "/"), UInt8(ascii: ".")] {
                let c = Character(Unicode.Scalar(sep))
                let byBytes = s.lastIndexASCII(of: sep).map { s[..<$0] }
                let byChars = s.lastIndex(of: c).map { s[..<$0] }
                #expect(byBytes == byChars, "\(s.debugDescription) last \(c)")
            }
        }
    }

    @Test func asciiTest() {
        #expect("src/a.js".isASCIIText)
        #expect("".isASCIIText)
        #expect(!"café".isASCIIText)
    }
}
