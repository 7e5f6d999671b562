// Unicode property escapes (`\p{..}`) as code-point sets.
//
// General categories and binary properties are computed from the Swift runtime's Unicode tables by
// scanning the assigned planes once per property and caching the result. Scripts are not exposed by
// the runtime: the common ones map to their main blocks and the rest to "any non-ASCII letter", and
// such results say they are approximate.

import Foundation

enum UnicodeProperties {
    struct Result {
        var set: CharSet
        var approximate: Bool
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: CharSet] = [:]

    static func set(for text: String) -> Result? {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            switch parts[0] {
            case "General_Category", "gc":
                guard let cats = categoryNames[parts[1]] else { return nil }
                return Result(set: cached("gc=" + parts[1]) { categorySet(cats) }, approximate: false)
            case "Script", "sc", "Script_Extensions", "scx":
                return scriptSet(parts[1])
            default:
                return nil
            }
        }
        if let cats = categoryNames[text] {
            return Result(set: cached("gc=" + text) { categorySet(cats) }, approximate: false)
        }
        switch text {
        case "Any": return Result(set: .all, approximate: false)
        case "ASCII": return Result(set: CharSet(ranges: [0...0x7F]), approximate: false)
        case "Regional_Indicator", "RI": return Result(set: CharSet(ranges: [0x1F1E6...0x1F1FF]), approximate: false)
        case "Assigned":
            return Result(set: cached("Assigned") { categorySet(Set(allCategories).subtracting([.unassigned])) }, approximate: false)
        default: break
        }
        guard let predicate = binaryProperties[text] else { return nil }
        return Result(set: cached(text) { scan(predicate) }, approximate: false)
    }

    private static func cached(_ key: String, _ make: () -> CharSet) -> CharSet {
        lock.lock()
        if let hit = cache[key] { lock.unlock(); return hit }
        lock.unlock()
        let made = make()
        lock.lock()
        cache[key] = made
        lock.unlock()
        return made
    }

    /// Scans planes 0-3 and 14, where all assigned code points live (private use planes are whole).
    private static func scan(_ predicate: (Unicode.Scalar.Properties) -> Bool) -> CharSet {
        var ranges: [ClosedRange<UInt32>] = []
        var runStart: UInt32? = nil
        func visit(_ range: ClosedRange<UInt32>) {
            for c in range {
                let hit = Unicode.Scalar(c).map { predicate($0.properties) } ?? false
                if hit {
                    if runStart == nil { runStart = c }
                } else if let r = runStart {
                    ranges.append(r...(c - 1))
                    runStart = nil
                }
            }
            if let r = runStart { ranges.append(r...range.upperBound); runStart = nil }
        }
        visit(0...0x3FFFF)
        visit(0xE0000...0xEFFFF)
        return CharSet(ranges: ranges)
    }

    /// The code points of each general category over the planes `scan` covers, as maximal runs: decoded
    /// on first use from the table generated from the Swift runtime's own Unicode data
    /// (`UnicodeCategoryTable`; a test checks it against `computeCategoryRuns()` and rewrites it under
    /// UPDATE_SNAPSHOTS=1), which spares every scan with a `\p{..}` regex a pass over 327,680 code points.
    private static let categoryRuns: [Unicode.GeneralCategory: [ClosedRange<UInt32>]] =
        decodeCategoryRuns(UnicodeCategoryTable.runs) ?? computeCategoryRuns()

    /// The runs of each general category, from one pass over the planes `scan` covers.
    static func computeCategoryRuns() -> [Unicode.GeneralCategory: [ClosedRange<UInt32>]] {
        var runs: [Unicode.GeneralCategory: [ClosedRange<UInt32>]] = [:]
        func visit(_ range: ClosedRange<UInt32>) {
            var current: Unicode.GeneralCategory? = nil
            var start = range.lowerBound
            for c in range {
                let category = Unicode.Scalar(c)?.properties.generalCategory
                if category != current {
                    if let k = current { runs[k, default: []].append(start...(c - 1)) }
                    current = category
                    start = c
                }
            }
            if let k = current { runs[k, default: []].append(start...range.upperBound) }
        }
        visit(0...0x3FFFF)
        visit(0xE0000...0xEFFFF)
        return runs
    }

    /// The runs as text: per run, in code point order, the category's place in `allCategories` (2 hex digits)
    /// and the run's first and last code points (5 hex digits each).
    static func encodeCategoryRuns(_ runs: [Unicode.GeneralCategory: [ClosedRange<UInt32>]]) -> String {
        var all: [(UInt32, UInt32, Int)] = []
        for (i, k) in allCategories.enumerated() {
            for r in runs[k] ?? [] { all.append((r.lowerBound, r.upperBound, i)) }
        }
        all.sort { $0.0 < $1.0 }
        func hex(_ v: Int, _ width: Int) -> String {
            let s = String(v, radix: 16, uppercase: true)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return all.map { hex($0.2, 2) + hex(Int($0.0), 5) + hex(Int($0.1), 5) }.joined()
    }

    /// `encodeCategoryRuns`'s text (line breaks allowed) back as runs; nil when it is malformed.
    static func decodeCategoryRuns(_ text: String) -> [Unicode.GeneralCategory: [ClosedRange<UInt32>]]? {
        // the generated source breaks the text into lines
        let bytes = text.utf8.filter { $0 != 0x0A }
        guard !bytes.isEmpty, bytes.count % 12 == 0 else { return nil }
        func value(_ from: Int, _ count: Int) -> UInt32? {
            var v: UInt32 = 0
            for b in bytes[from..<(from + count)] {
                let d: UInt8
                switch b {
                case 0x30...0x39: d = b - 0x30
                case 0x41...0x46: d = b - 0x41 + 10
                default: return nil
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        var runs: [Unicode.GeneralCategory: [ClosedRange<UInt32>]] = [:]
        var i = 0
        while i < bytes.count {
            guard let k = value(i, 2), Int(k) < allCategories.count, let lo = value(i + 2, 5), let hi = value(i + 7, 5),
                  lo <= hi else { return nil }
            runs[allCategories[Int(k)], default: []].append(lo...hi)
            i += 12
        }
        return runs
    }

    private static func categorySet(_ cats: Set<Unicode.GeneralCategory>) -> CharSet {
        var ranges: [ClosedRange<UInt32>] = []
        for k in allCategories where cats.contains(k) { ranges += categoryRuns[k] ?? [] }
        var set = CharSet(ranges: ranges)
        if cats.contains(.privateUse) { set = set.union(CharSet(ranges: [0xF0000...0x10FFFF])) }
        if cats.contains(.unassigned) { set = set.union(CharSet(ranges: [0x40000...0xDFFFF])) }
        return set
    }

    private static let allCategories: [Unicode.GeneralCategory] = [
        .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
        .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
        .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
        .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse, .unassigned,
    ]

    private static let categoryNames: [String: Set<Unicode.GeneralCategory>] = {
        var m: [String: Set<Unicode.GeneralCategory>] = [:]
        func add(_ names: [String], _ cats: [Unicode.GeneralCategory]) { for n in names { m[n] = Set(cats) } }
        add(["Lu", "Uppercase_Letter"], [.uppercaseLetter])
        add(["Ll", "Lowercase_Letter"], [.lowercaseLetter])
        add(["Lt", "Titlecase_Letter"], [.titlecaseLetter])
        add(["LC", "Cased_Letter"], [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter])
        add(["Lm", "Modifier_Letter"], [.modifierLetter])
        add(["Lo", "Other_Letter"], [.otherLetter])
        add(["L", "Letter"], [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter])
        add(["Mn", "Nonspacing_Mark"], [.nonspacingMark])
        add(["Mc", "Spacing_Mark"], [.spacingMark])
        add(["Me", "Enclosing_Mark"], [.enclosingMark])
        add(["M", "Mark", "Combining_Mark"], [.nonspacingMark, .spacingMark, .enclosingMark])
        add(["Nd", "Decimal_Number", "digit"], [.decimalNumber])
        add(["Nl", "Letter_Number"], [.letterNumber])
        add(["No", "Other_Number"], [.otherNumber])
        add(["N", "Number"], [.decimalNumber, .letterNumber, .otherNumber])
        add(["Pc", "Connector_Punctuation"], [.connectorPunctuation])
        add(["Pd", "Dash_Punctuation"], [.dashPunctuation])
        add(["Ps", "Open_Punctuation"], [.openPunctuation])
        add(["Pe", "Close_Punctuation"], [.closePunctuation])
        add(["Pi", "Initial_Punctuation"], [.initialPunctuation])
        add(["Pf", "Final_Punctuation"], [.finalPunctuation])
        add(["Po", "Other_Punctuation"], [.otherPunctuation])
        add(["P", "Punctuation", "punct"], [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                                           .initialPunctuation, .finalPunctuation, .otherPunctuation])
        add(["Sm", "Math_Symbol"], [.mathSymbol])
        add(["Sc", "Currency_Symbol"], [.currencySymbol])
        add(["Sk", "Modifier_Symbol"], [.modifierSymbol])
        add(["So", "Other_Symbol"], [.otherSymbol])
        add(["S", "Symbol"], [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol])
        add(["Zs", "Space_Separator"], [.spaceSeparator])
        add(["Zl", "Line_Separator"], [.lineSeparator])
        add(["Zp", "Paragraph_Separator"], [.paragraphSeparator])
        add(["Z", "Separator"], [.spaceSeparator, .lineSeparator, .paragraphSeparator])
        add(["Cc", "Control", "cntrl"], [.control])
        add(["Cf", "Format"], [.format])
        add(["Cs", "Surrogate"], [.surrogate])
        add(["Co", "Private_Use"], [.privateUse])
        add(["Cn", "Unassigned"], [.unassigned])
        add(["C", "Other"], [.control, .format, .surrogate, .privateUse, .unassigned])
        return m
    }()

    private static let binaryProperties: [String: (Unicode.Scalar.Properties) -> Bool] = {
        var m: [String: (Unicode.Scalar.Properties) -> Bool] = [:]
        func add(_ names: [String], _ f: @escaping (Unicode.Scalar.Properties) -> Bool) { for n in names { m[n] = f } }
        add(["Alphabetic", "Alpha"], { $0.isAlphabetic })
        add(["White_Space", "space"], { $0.isWhitespace })
        add(["Uppercase", "Upper"], { $0.isUppercase })
        add(["Lowercase", "Lower"], { $0.isLowercase })
        add(["ID_Start", "IDS"], { $0.isIDStart })
        add(["ID_Continue", "IDC"], { $0.isIDContinue })
        add(["XID_Start", "XIDS"], { $0.isXIDStart })
        add(["XID_Continue", "XIDC"], { $0.isXIDContinue })
        add(["Hex_Digit", "Hex"], { $0.isHexDigit })
        add(["ASCII_Hex_Digit", "AHex"], { $0.isASCIIHexDigit })
        add(["Emoji"], { $0.isEmoji })
        add(["Emoji_Presentation", "EPres"], { $0.isEmojiPresentation })
        add(["Emoji_Modifier", "EMod"], { $0.isEmojiModifier })
        add(["Emoji_Modifier_Base", "EBase"], { $0.isEmojiModifierBase })
        add(["Math"], { $0.isMath })
        add(["Dash"], { $0.isDash })
        add(["Diacritic", "Dia"], { $0.isDiacritic })
        add(["Extender", "Ext"], { $0.isExtender })
        add(["Ideographic", "Ideo"], { $0.isIdeographic })
        add(["Cased"], { $0.isCased })
        add(["Case_Ignorable", "CI"], { $0.isCaseIgnorable })
        add(["Default_Ignorable_Code_Point", "DI"], { $0.isDefaultIgnorableCodePoint })
        add(["Noncharacter_Code_Point", "NChar"], { $0.isNoncharacterCodePoint })
        add(["Pattern_Syntax", "Pat_Syn"], { $0.isPatternSyntax })
        add(["Pattern_White_Space", "Pat_WS"], { $0.isPatternWhitespace })
        add(["Quotation_Mark", "QMark"], { $0.isQuotationMark })
        add(["Radical"], { $0.isRadical })
        add(["Sentence_Terminal", "STerm"], { $0.isSentenceTerminal })
        add(["Terminal_Punctuation", "Term"], { $0.isTerminalPunctuation })
        add(["Unified_Ideograph", "UIdeo"], { $0.isUnifiedIdeograph })
        add(["Variation_Selector", "VS"], { $0.isVariationSelector })
        add(["Join_Control", "Join_C"], { $0.isJoinControl })
        add(["Bidi_Mirrored", "Bidi_M"], { $0.isBidiMirrored })
        add(["Changes_When_Lowercased", "CWL"], { $0.changesWhenLowercased })
        add(["Changes_When_Uppercased", "CWU"], { $0.changesWhenUppercased })
        add(["Changes_When_Titlecased", "CWT"], { $0.changesWhenTitlecased })
        add(["Changes_When_Casefolded", "CWCF"], { $0.changesWhenCaseFolded })
        add(["Changes_When_Casemapped", "CWCM"], { $0.changesWhenCaseMapped })
        add(["Changes_When_NFKC_Casefolded", "CWKCF"], { $0.changesWhenNFKCCaseFolded })
        add(["Grapheme_Base", "Gr_Base"], { $0.isGraphemeBase })
        add(["Grapheme_Extend", "Gr_Ext"], { $0.isGraphemeExtend })
        add(["Deprecated", "Dep"], { $0.isDeprecated })
        add(["Logical_Order_Exception", "LOE"], { $0.isLogicalOrderException })
        add(["Soft_Dotted", "SD"], { $0.isSoftDotted })
        add(["IDS_Binary_Operator", "IDSB"], { $0.isIDSBinaryOperator })
        add(["IDS_Trinary_Operator", "IDST"], { $0.isIDSTrinaryOperator })
        add(["Emoji_Component", "EComp"], { $0.isEmoji && !$0.isEmojiPresentation })
        add(["Extended_Pictographic", "ExtPict"], { $0.isEmoji })
        return m
    }()

    /// Main blocks of common scripts; other scripts become "non-ASCII"; both are marked approximate.
    private static func scriptSet(_ name: String) -> Result? {
        let blocks: [String: [ClosedRange<UInt32>]] = [
            "Latin": [0x41...0x5A, 0x61...0x7A, 0xAA...0xAA, 0xBA...0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F,
                      0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xFF21...0xFF3A, 0xFF41...0xFF5A],
            "Latn": [0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF],
            "Greek": [0x370...0x3FF, 0x1F00...0x1FFF], "Grek": [0x370...0x3FF, 0x1F00...0x1FFF],
            "Cyrillic": [0x400...0x52F, 0x2DE0...0x2DFF, 0xA640...0xA69F], "Cyrl": [0x400...0x52F],
            "Armenian": [0x531...0x58F], "Hebrew": [0x591...0x5FF], "Hebr": [0x591...0x5FF],
            "Arabic": [0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF],
            "Arab": [0x600...0x6FF, 0x750...0x77F],
            "Devanagari": [0x900...0x97F], "Deva": [0x900...0x97F], "Bengali": [0x980...0x9FF],
            "Thai": [0xE00...0xE7F], "Georgian": [0x10A0...0x10FF], "Hangul": [0x1100...0x11FF, 0xAC00...0xD7AF, 0x3130...0x318F],
            "Hang": [0x1100...0x11FF, 0xAC00...0xD7AF],
            "Hiragana": [0x3041...0x309F], "Hira": [0x3041...0x309F],
            "Katakana": [0x30A0...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F], "Kana": [0x30A0...0x30FF],
            "Han": [0x2E80...0x2FDF, 0x3005...0x3007, 0x3021...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F],
            "Hani": [0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F],
        ]
        if let r = blocks[name] { return Result(set: CharSet(ranges: r), approximate: true) }
        guard name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" }) else { return nil }
        return Result(set: CharSet(ranges: [0x80...CharSet.maxCodePoint]), approximate: true)
    }
}
