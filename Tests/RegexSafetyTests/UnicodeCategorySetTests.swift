// \p{...} general-category sets, built from runs of one pass over the code points, hold exactly the
// code points whose category is listed (checked here code point by code point over the planes scanned).

import Testing
@testable import RegexSafety

@Test(arguments: [
    ("Lu", [Unicode.GeneralCategory.uppercaseLetter]),
    ("Nd", [.decimalNumber]),
    ("L", [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]),
    ("P", [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
           .finalPunctuation, .otherPunctuation]),
])
func categorySetMatchesEachCodePoint(name: String, categories: [Unicode.GeneralCategory]) throws {
    let result = try #require(UnicodeProperties.set(for: name))
    let wanted = Set(categories)
    var wrong: [UInt32] = []
    for range in [UInt32(0)...0x3FFFF, 0xE0000...0xEFFFF] {
        for c in range {
            let expected = Unicode.Scalar(c).map { wanted.contains($0.properties.generalCategory) } ?? false
            if result.set.contains(c) != expected, wrong.count < 5 { wrong.append(c) }
        }
    }
    #expect(wrong.isEmpty, "\\p{\(name)} wrong at \(wrong.map { String($0, radix: 16) })")
}
