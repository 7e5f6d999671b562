// RegexParser: ECMAScript 2024 regular-expression syntax, recursive descent over Unicode scalars.
//
// Two grammars, chosen by the flags: with `u` or `v` the strict one, otherwise the Annex B one that
// browsers and Node accept (`\8`, legacy octal, `]` and `{` as literals, `\c` without a letter,
// quantified lookaheads). A first pass counts capturing groups and notes named ones, since whether
// `\2` or `\k` is a reference depends on the whole pattern. Classes, escapes and `\p{..}` resolve to
// `CharSet`s; v-mode set operations are computed here; `\q{..}` strings become alternatives.
// Errors are thrown as `RegexSyntaxError`; nesting is bounded by `maxDepth`.

public struct RegexParser {
    let s: [UInt32]
    var i = 0
    let flags: RegexFlags
    let uMode: Bool
    let vMode: Bool
    var groupCount = 0
    var totalGroups = 0
    var hasNamedGroups = false
    var groupNames: [String?] = [nil]
    var pendingNamedRefs: [(name: String, offset: Int)] = []
    var approximations: [String] = []
    var depth = 0
    public static let maxDepth = 256

    public static func parse(_ pattern: String, flags: String) throws -> ParsedRegex {
        guard let f = RegexFlags(flags) else {
            throw RegexSyntaxError(message: "Invalid flags '\(flags)'", offset: 0)
        }
        return try parse(pattern, flags: f)
    }

    public static func parse(_ pattern: String, flags: RegexFlags) throws -> ParsedRegex {
        var p = RegexParser(pattern: pattern, flags: flags)
        return try p.run(pattern)
    }

    init(pattern: String, flags: RegexFlags) {
        s = pattern.unicodeScalars.map(\.value)
        self.flags = flags
        uMode = flags.eitherUnicode
        vMode = flags.unicodeSets
    }

    mutating func run(_ pattern: String) throws -> ParsedRegex {
        prescan()
        let root = try parseDisjunction()
        if i < s.count {
            throw error(s[i] == 0x29 ? "Unmatched ')'" : "Unexpected character")
        }
        var names: [String: Int] = [:]
        for (n, name) in groupNames.enumerated() { if let name, names[name] == nil { names[name] = n } }
        var resolved = root
        if !pendingNamedRefs.isEmpty {
            for ref in pendingNamedRefs where names[ref.name] == nil {
                throw RegexSyntaxError(message: "Invalid named capture referenced", offset: ref.offset)
            }
            resolved = resolveNamed(root, names)
        }
        return ParsedRegex(pattern: pattern, flags: flags, root: resolved, groupCount: groupCount,
                           groupNames: groupNames, approximations: approximations)
    }

    /// Named references are parsed before their group may be seen: they hold `-(index into pending)-1`.
    func resolveNamed(_ node: RegexNode, _ names: [String: Int]) -> RegexNode {
        var n = node
        switch node.kind {
        case .backreference(let k) where k < 0:
            let ref = pendingNamedRefs[-k - 1]
            n.kind = .backreference(names[ref.name] ?? 0)
        case .sequence(let xs): n.kind = .sequence(xs.map { resolveNamed($0, names) })
        case .alternation(let xs): n.kind = .alternation(xs.map { resolveNamed($0, names) })
        case .group(let x, let c, let name): n.kind = .group(resolveNamed(x, names), capture: c, name: name)
        case .quantified(let x, let lo, let hi, let g): n.kind = .quantified(resolveNamed(x, names), min: lo, max: hi, greedy: g)
        case .look(let x, let b, let neg): n.kind = .look(resolveNamed(x, names), behind: b, negative: neg)
        default: break
        }
        return n
    }

    func error(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(message: message, offset: offset ?? i)
    }

    func peek(_ k: Int = 0) -> UInt32? { i + k < s.count ? s[i + k] : nil }

    mutating func eat(_ c: UInt32) -> Bool {
        if peek() == c { i += 1; return true }
        return false
    }

    /// Counts capturing groups and notes named groups (they change how `\k` and `\N` read).
    mutating func prescan() {
        var j = 0
        var inClass = 0
        while j < s.count {
            let c = s[j]
            if c == 0x5C { j += 2; continue }
            if inClass > 0 {
                if c == 0x5D { inClass -= 1 } else if c == 0x5B && vMode { inClass += 1 }
            } else if c == 0x5B {
                inClass = 1
            } else if c == 0x28 {
                if j + 1 < s.count && s[j + 1] == 0x3F {
                    if j + 2 < s.count && s[j + 2] == 0x3C, j + 3 < s.count, s[j + 3] != 0x3D && s[j + 3] != 0x21 {
                        totalGroups += 1
                        hasNamedGroups = true
                    }
                } else {
                    totalGroups += 1
                }
            }
            j += 1
        }
    }

    // MARK: Disjunction, alternative, term

    mutating func parseDisjunction() throws -> RegexNode {
        depth += 1
        defer { depth -= 1 }
        if depth > RegexParser.maxDepth { throw error("Pattern nests too deeply") }
        let start = i
        var alternatives: [RegexNode] = [try parseAlternative()]
        while eat(0x7C) { alternatives.append(try parseAlternative()) }
        if alternatives.count == 1 { return alternatives[0] }
        return RegexNode(.alternation(alternatives), span: start..<i)
    }

    mutating func parseAlternative() throws -> RegexNode {
        let start = i
        var terms: [RegexNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {
            terms.append(try parseTerm())
        }
        if terms.isEmpty { return RegexNode(.empty, span: start..<start) }
        if terms.count == 1 { return terms[0] }
        return RegexNode(.sequence(terms), span: start..<i)
    }

    mutating func parseTerm() throws -> RegexNode {
        let start = i
        guard let c = peek() else { throw error("Unexpected end") }
        var atom: RegexNode
        var quantifiable = true
        switch c {
        case 0x5E: i += 1; return RegexNode(.assertion(.start), span: start..<i)
        case 0x24: i += 1; return RegexNode(.assertion(.end), span: start..<i)
        case 0x5C where peek(1) == 0x62: i += 2; return RegexNode(.assertion(.wordBoundary), span: start..<i)
        case 0x5C where peek(1) == 0x42: i += 2; return RegexNode(.assertion(.notWordBoundary), span: start..<i)
        case 0x28:
            let (node, isLook, behind) = try parseGroup()
            atom = node
            if isLook { quantifiable = !uMode && !behind }
        case 0x2E:
            i += 1
            atom = RegexNode(.chars(flags.dotAll ? .all : .dot), span: start..<i)
        case 0x5B:
            atom = try parseClass()
        case 0x5C:
            atom = try parseAtomEscape()
        case 0x2A, 0x2B, 0x3F:
            throw error("Nothing to repeat")
        case 0x7B:
            if uMode { throw error(isQuantifierBrace() ? "Nothing to repeat" : "Lone quantifier brackets") }
            if isQuantifierBrace() { throw error("Nothing to repeat") }
            i += 1
            atom = literal(c, start)
        case 0x7D, 0x5D:
            if uMode { throw error("Lone quantifier brackets") }
            i += 1
            atom = literal(c, start)
        default:
            i += 1
            atom = literal(c, start)
        }
        return try parseQuantifier(atom, start: start, allowed: quantifiable)
    }

    func literal(_ c: UInt32, _ start: Int) -> RegexNode {
        RegexNode(.chars(folded(CharSet(c))), span: start..<i)
    }

    func folded(_ set: CharSet) -> CharSet {
        flags.ignoreCase ? set.caseFolded(unicode: uMode) : set
    }

    func isQuantifierBrace() -> Bool {
        var j = i + 1
        var digits = 0
        while j < s.count, (0x30...0x39).contains(s[j]) { j += 1; digits += 1 }
        if digits == 0 { return false }
        if j < s.count, s[j] == 0x7D { return true }
        guard j < s.count, s[j] == 0x2C else { return false }
        j += 1
        while j < s.count, (0x30...0x39).contains(s[j]) { j += 1 }
        return j < s.count && s[j] == 0x7D
    }

    mutating func readInt() -> Int {
        var v = 0
        while let c = peek(), (0x30...0x39).contains(c) {
            v = min(v * 10 + Int(c - 0x30), Int(Int32.max))
            i += 1
        }
        return v
    }

    mutating func parseQuantifier(_ atom: RegexNode, start: Int, allowed: Bool) throws -> RegexNode {
        guard let c = peek() else { return atom }
        var lo = 0
        var hi: Int? = nil
        switch c {
        case 0x2A: i += 1
        case 0x2B: i += 1; lo = 1
        case 0x3F: i += 1; hi = 1
        case 0x7B:
            guard isQuantifierBrace() else { return atom }
            i += 1
            lo = readInt()
            if eat(0x2C) {
                hi = peek() == 0x7D ? nil : readInt()
            } else {
                hi = lo
            }
            _ = eat(0x7D)
            if let h = hi, h < lo { throw error("numbers out of order in {} quantifier", at: start) }
        default:
            return atom
        }
        if !allowed { throw error("Invalid quantifier", at: start) }
        if case .assertion = atom.kind { throw error("Nothing to repeat", at: start) }
        let greedy = !eat(0x3F)
        if let n = peek(), n == 0x2A || n == 0x2B || n == 0x3F || (n == 0x7B && isQuantifierBrace()) {
            throw error("Nothing to repeat")
        }
        return RegexNode(.quantified(atom, min: lo, max: hi, greedy: greedy), span: start..<i)
    }

    // MARK: Groups

    mutating func parseGroup() throws -> (RegexNode, isLook: Bool, behind: Bool) {
        let start = i
        i += 1
        var capture: Int? = nil
        var name: String? = nil
        if eat(0x3F) {
            guard let c = peek() else { throw error("Invalid group") }
            switch c {
            case 0x3A: i += 1
            case 0x3D, 0x21:
                i += 1
                let body = try parseDisjunction()
                guard eat(0x29) else { throw error("Unterminated group", at: start) }
                return (RegexNode(.look(body, behind: false, negative: c == 0x21), span: start..<i), true, false)
            case 0x3C where peek(1) == 0x3D || peek(1) == 0x21:
                let neg = peek(1) == 0x21
                i += 2
                let body = try parseDisjunction()
                guard eat(0x29) else { throw error("Unterminated group", at: start) }
                return (RegexNode(.look(body, behind: true, negative: neg), span: start..<i), true, true)
            case 0x3C:
                i += 1
                let n = try parseGroupName()
                if groupNames.contains(n) { throw error("Duplicate capture group name", at: start) }
                groupCount += 1
                capture = groupCount
                name = n
                groupNames.append(n)
            default:
                throw error("Invalid group")
            }
        } else {
            groupCount += 1
            capture = groupCount
            groupNames.append(nil)
        }
        let body = try parseDisjunction()
        guard eat(0x29) else { throw error("Unterminated group", at: start) }
        return (RegexNode(.group(body, capture: capture, name: name), span: start..<i), false, false)
    }

    /// Reads `name>` after `(?<` or `\k<`.
    mutating func parseGroupName() throws -> String {
        var scalars = String.UnicodeScalarView()
        while let c = peek(), c != 0x3E {
            var v = c
            if c == 0x5C, peek(1) == 0x75 {
                i += 2
                guard let e = readUnicodeEscapeBody(strict: true) else { throw error("Invalid capture group name") }
                v = e
            } else {
                i += 1
            }
            guard let sc = Unicode.Scalar(v) else { throw error("Invalid capture group name") }
            let ok = scalars.isEmpty
                ? (sc.properties.isIDStart || v == 0x24 || v == 0x5F)
                : (sc.properties.isIDContinue || v == 0x24 || v == 0x200C || v == 0x200D)
            if !ok { throw error("Invalid capture group name") }
            scalars.append(sc)
        }
        guard eat(0x3E), !scalars.isEmpty else { throw error("Invalid capture group name") }
        return String(scalars)
    }

    // MARK: Escapes

    mutating func parseAtomEscape() throws -> RegexNode {
        let start = i
        i += 1
        guard let c = peek() else { throw error("\\ at end of pattern") }
        // Backreferences.
        if (0x31...0x39).contains(c) {
            let save = i
            let n = readInt()
            if n <= totalGroups {
                return RegexNode(.backreference(n), span: start..<i)
            }
            if uMode { throw error("Invalid escape", at: start) }
            i = save
            // Annex B: legacy octal, or the digit itself (\8, \9).
            if c >= 0x38 { i += 1; return literal(c, start) }
            return literal(readLegacyOctal(), start)
        }
        if c == 0x6B && (uMode || hasNamedGroups) {
            i += 1
            guard eat(0x3C) else { throw error("Invalid named reference", at: start) }
            let name = try parseGroupName()
            pendingNamedRefs.append((name, start))
            return RegexNode(.backreference(-pendingNamedRefs.count), span: start..<i)
        }
        let set = try parseCharacterEscape(inClass: false, start: start)
        return RegexNode(.chars(set), span: start..<i)
    }

    mutating func readLegacyOctal() -> UInt32 {
        var v: UInt32 = 0
        var n = 0
        while let c = peek(), (0x30...0x37).contains(c), n < 3 {
            let next = v * 8 + (c - 0x30)
            if next > 0o377 { break }
            v = next
            i += 1
            n += 1
        }
        return v
    }

    /// `\u` has been read: `XXXX`, `{X...}` (unicode mode) or a surrogate pair (unicode mode).
    mutating func readUnicodeEscapeBody(strict: Bool) -> UInt32? {
        if peek() == 0x7B && (uMode || strict) {
            let save = i
            i += 1
            var v: UInt32 = 0
            var n = 0
            while let c = peek(), let h = hexValue(c) {
                v = v &* 16 &+ h
                if v > 0x10FFFF { i = save; return nil }
                i += 1
                n += 1
            }
            if n == 0 || !eat(0x7D) { i = save; return nil }
            return v
        }
        guard let v = readHex(4) else { return nil }
        if (uMode || strict) && (0xD800...0xDBFF).contains(v), peek() == 0x5C, peek(1) == 0x75 {
            let save = i
            i += 2
            if let lo = readHex(4), (0xDC00...0xDFFF).contains(lo) {
                return 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
            }
            i = save
        }
        return v
    }

    mutating func readHex(_ count: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in 0..<count {
            guard let c = peek(k), let h = hexValue(c) else { return nil }
            v = v * 16 + h
        }
        i += count
        return v
    }

    func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Everything after `\` that denotes characters (not references or assertions); `i` is at the
    /// character after the backslash. Returns the set, folded under `i`.
    mutating func parseCharacterEscape(inClass: Bool, start: Int) throws -> CharSet {
        guard let c = peek() else { throw error("\\ at end of pattern") }
        i += 1
        switch c {
        case 0x64: return .digits
        case 0x44: return CharSet.digits.inverted
        case 0x73: return .space
        case 0x53: return CharSet.space.inverted
        case 0x77: return wordSet
        case 0x57: return wordSet.inverted
        case 0x66: return CharSet(0x0C)
        case 0x6E: return CharSet(0x0A)
        case 0x72: return CharSet(0x0D)
        case 0x74: return CharSet(0x09)
        case 0x76: return CharSet(0x0B)
        case 0x62 where inClass: return CharSet(0x08)
        case 0x2D where inClass: return CharSet(0x2D)
        case 0x63:
            if let l = peek(), (0x41...0x5A).contains(l) || (0x61...0x7A).contains(l) {
                i += 1
                return folded(CharSet(l % 32))
            }
            if !uMode && inClass, let l = peek(), (0x30...0x39).contains(l) || l == 0x5F {
                i += 1
                return folded(CharSet(l % 32))
            }
            if uMode { throw error("Invalid unicode escape", at: start) }
            i -= 1  // Annex B: `\c` is a backslash followed by `c`.
            return folded(CharSet(0x5C))
        case 0x30:
            if let d = peek(), (0x30...0x39).contains(d) {
                if uMode { throw error("Invalid decimal escape", at: start) }
                i -= 1
                return folded(CharSet(readLegacyOctal()))
            }
            return CharSet(0)
        case 0x31...0x39 where inClass:
            if uMode { throw error("Invalid class escape", at: start) }
            if c >= 0x38 { return folded(CharSet(c)) }
            i -= 1
            return folded(CharSet(readLegacyOctal()))
        case 0x78:
            if let v = readHex(2) { return folded(CharSet(v)) }
            if uMode { throw error("Invalid escape", at: start) }
            return folded(CharSet(0x78))
        case 0x75:
            if let v = readUnicodeEscapeBody(strict: false) { return folded(CharSet(v)) }
            if uMode { throw error("Invalid Unicode escape", at: start) }
            return folded(CharSet(0x75))
        case 0x70, 0x50:
            if !uMode { return folded(CharSet(c)) }
            let set = try parsePropertyEscape(start: start)
            return c == 0x50 ? set.inverted : set
        default:
            if uMode {
                // SyntaxCharacter or `/`.
                let syntax: [UInt32] = [0x5E, 0x24, 0x5C, 0x2E, 0x2A, 0x2B, 0x3F, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x7C, 0x2F]
                let vPunct: [UInt32] = [0x26, 0x2D, 0x21, 0x23, 0x25, 0x2C, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x40, 0x60, 0x7E]
                if syntax.contains(c) || (vMode && inClass && vPunct.contains(c)) { return folded(CharSet(c)) }
                throw error("Invalid escape", at: start)
            }
            if c == 0x6B && hasNamedGroups { throw error("Invalid named reference", at: start) }
            return folded(CharSet(c))
        }
    }

    var wordSet: CharSet {
        // With `i` and unicode mode, `\w` also matches U+017F and U+212A (they fold into it).
        if flags.ignoreCase && uMode { return CharSet.word.union(CharSet(ranges: [0x17F...0x17F, 0x212A...0x212A])) }
        return .word
    }

    mutating func parsePropertyEscape(start: Int) throws -> CharSet {
        guard eat(0x7B) else { throw error("Invalid property name", at: start) }
        var text = ""
        while let c = peek(), c != 0x7D, let sc = Unicode.Scalar(c) {
            text.unicodeScalars.append(sc)
            i += 1
        }
        guard eat(0x7D) else { throw error("Invalid property name", at: start) }
        guard let result = UnicodeProperties.set(for: text) else {
            throw error("Invalid property name", at: start)
        }
        if result.approximate { approximations.append("\\p{\(text)} approximated") }
        return folded(result.set)
    }

    // MARK: Classes

    mutating func parseClass() throws -> RegexNode {
        let start = i
        i += 1
        let negated = eat(0x5E)
        if vMode {
            let (set, strings) = try parseClassSetExpression()
            guard eat(0x5D) else { throw error("Unterminated character class", at: start) }
            if negated {
                if !strings.isEmpty { throw error("Negated character class may contain strings", at: start) }
                return RegexNode(.chars(set.inverted), span: start..<i)
            }
            return classNode(set, strings, start..<i)
        }
        var set = CharSet()
        while peek() != nil && peek() != 0x5D {  // a class ends at the first unescaped ]
            let atomStart = i
            let (a, aIsSingle) = try parseClassAtom()
            if peek() == 0x2D, let n = peek(1), n != 0x5D {
                i += 1
                let (b, bIsSingle) = try parseClassAtom()
                if aIsSingle, bIsSingle, let lo = a.ranges.first?.lowerBound, let hi = b.ranges.first?.lowerBound {
                    if lo > hi { throw error("Range out of order in character class", at: atomStart) }
                    set = set.union(folded(CharSet(ranges: [lo...hi])))
                } else {
                    if uMode { throw error("Invalid character class", at: atomStart) }
                    set = set.union(aIsSingle ? folded(a) : a).union(bIsSingle ? folded(b) : b).union(CharSet(0x2D))
                }
            } else {
                set = set.union(aIsSingle ? folded(a) : a)
            }
        }
        guard eat(0x5D) else { throw error("Unterminated character class", at: start) }
        return RegexNode(.chars(negated ? set.inverted : set), span: start..<i)
    }

    /// One class atom: the set and whether it is a single character (so it can bound a range).
    /// Single characters come back unfolded; ranges are folded after they are formed.
    mutating func parseClassAtom() throws -> (CharSet, Bool) {
        guard let c = peek() else { throw error("Unterminated character class") }
        if c == 0x5C {
            let start = i
            i += 1
            guard let e = peek() else { throw error("\\ at end of pattern") }
            let classEscapes: [UInt32] = [0x64, 0x44, 0x73, 0x53, 0x77, 0x57, 0x70, 0x50]
            if classEscapes.contains(e) && (uMode || (e != 0x70 && e != 0x50)) {
                return (try parseCharacterEscape(inClass: true, start: start), false)
            }
            let saveFold = try withoutFold { try $0.parseCharacterEscape(inClass: true, start: start) }
            return (saveFold, saveFold.ranges.count == 1 && saveFold.ranges[0].lowerBound == saveFold.ranges[0].upperBound)
        }
        i += 1
        return (CharSet(c), true)
    }

    /// Parses a single escape without case folding (range endpoints fold after the range is built).
    mutating func withoutFold(_ body: (inout RegexParser) throws -> CharSet) throws -> CharSet {
        var copy = RegexParser(pattern: "", flags: RegexFlags())
        copy.replaceInput(from: self)
        let r = try body(&copy)
        i = copy.i
        return r
    }

    private mutating func replaceInput(from other: RegexParser) {
        self = RegexParser(scalars: other.s, flags: other.flags.withoutIgnoreCase, at: other.i,
                           totalGroups: other.totalGroups, hasNamedGroups: other.hasNamedGroups)
    }

    private init(scalars: [UInt32], flags: RegexFlags, at: Int, totalGroups: Int, hasNamedGroups: Bool) {
        s = scalars
        self.flags = flags
        uMode = flags.eitherUnicode
        vMode = flags.unicodeSets
        i = at
        self.totalGroups = totalGroups
        self.hasNamedGroups = hasNamedGroups
    }

    func classNode(_ set: CharSet, _ strings: [[UInt32]], _ span: Range<Int>) -> RegexNode {
        if strings.isEmpty { return RegexNode(.chars(set), span: span) }
        // Longest strings first, as the v-mode semantics try them.
        var alts: [RegexNode] = strings.sorted { $0.count > $1.count }.map { str in
            if str.isEmpty { return RegexNode(.empty, span: span) }
            let chars = str.map { RegexNode(.chars(folded(CharSet($0))), span: span) }
            return chars.count == 1 ? chars[0] : RegexNode(.sequence(chars), span: span)
        }
        if !set.isEmpty {
            let insertAt = alts.firstIndex { node in
                if case .sequence = node.kind { return false }
                return true
            } ?? alts.count
            alts.insert(RegexNode(.chars(set), span: span), at: insertAt)
        }
        return RegexNode(.alternation(alts), span: span)
    }

    // v-mode: ClassSetExpression := union | intersection (&&) | subtraction (--).
    mutating func parseClassSetExpression() throws -> (CharSet, [[UInt32]]) {
        depth += 1
        defer { depth -= 1 }
        if depth > RegexParser.maxDepth { throw error("Pattern nests too deeply") }
        if peek() == 0x5D { return (CharSet(), []) }
        var (set, strings) = try parseClassSetOperand(allowRange: true)
        if peek() == 0x26 && peek(1) == 0x26 {
            while peek() == 0x26 && peek(1) == 0x26 {
                i += 2
                let (b, bs) = try parseClassSetOperand(allowRange: false)
                set = set.intersection(b)
                strings = strings.filter { bs.contains($0) }
            }
            if peek() != 0x5D { throw error("Invalid set operation in character class") }
            return (set, strings)
        }
        if peek() == 0x2D && peek(1) == 0x2D {
            while peek() == 0x2D && peek(1) == 0x2D {
                i += 2
                let (b, bs) = try parseClassSetOperand(allowRange: false)
                set = set.subtracting(b)
                strings = strings.filter { !bs.contains($0) && !($0.count == 1 && b.contains($0[0])) }
            }
            if peek() != 0x5D { throw error("Invalid set operation in character class") }
            return (set, strings)
        }
        while let c = peek(), c != 0x5D {
            if (c == 0x26 && peek(1) == 0x26) || (c == 0x2D && peek(1) == 0x2D) {
                throw error("Invalid set operation in character class")
            }
            let (b, bs) = try parseClassSetOperand(allowRange: true)
            set = set.union(b)
            for x in bs where !strings.contains(x) { strings.append(x) }
        }
        return (set, strings)
    }

    mutating func parseClassSetOperand(allowRange: Bool) throws -> (CharSet, [[UInt32]]) {
        guard let c = peek() else { throw error("Unterminated character class") }
        let start = i
        if c == 0x5B {
            i += 1
            let negated = eat(0x5E)
            let (set, strings) = try parseClassSetExpression()
            guard eat(0x5D) else { throw error("Unterminated character class", at: start) }
            if negated {
                if !strings.isEmpty { throw error("Negated character class may contain strings", at: start) }
                return (set.inverted, [])
            }
            return (set, strings)
        }
        if c == 0x5C && peek(1) == 0x71 {
            i += 2
            guard eat(0x7B) else { throw error("Invalid escape", at: start) }
            var strings: [[UInt32]] = [[]]
            while let d = peek(), d != 0x7D {
                if d == 0x7C { i += 1; strings.append([]); continue }
                if d == 0x5C {
                    let e = try withoutFold { try $0.parseEscapedSingle(start: start) }
                    if let v = e.ranges.first?.lowerBound { strings[strings.count - 1].append(v) }
                } else {
                    i += 1
                    strings[strings.count - 1].append(d)
                }
            }
            guard eat(0x7D) else { throw error("Invalid escape", at: start) }
            var set = CharSet()
            var multi: [[UInt32]] = []
            for str in strings {
                if str.count == 1 { set = set.union(folded(CharSet(str[0]))) } else if !multi.contains(str) { multi.append(str) }
            }
            return (set, multi)
        }
        let single = try parseClassSetCharacter()
        if allowRange, peek() == 0x2D, peek(1) != 0x2D {
            guard let lo = single.ranges.first?.lowerBound, single.count == 1 else {
                throw error("Invalid character class", at: start)
            }
            i += 1
            let end = try parseClassSetCharacter()
            guard let hi = end.ranges.first?.lowerBound, end.count == 1 else { throw error("Invalid character class", at: start) }
            if lo > hi { throw error("Range out of order in character class", at: start) }
            return (folded(CharSet(ranges: [lo...hi])), [])
        }
        return (single.count == 1 ? folded(single) : single, [])
    }

    mutating func parseEscapedSingle(start: Int) throws -> CharSet {
        i += 1
        let set = try parseCharacterEscape(inClass: true, start: start)
        if set.count != 1 { throw error("Invalid escape in \\q{}", at: start) }
        return set
    }

    /// One v-mode class character or class escape; single characters come back unfolded.
    mutating func parseClassSetCharacter() throws -> CharSet {
        guard let c = peek() else { throw error("Unterminated character class") }
        if c == 0x5C {
            let start = i
            i += 1
            guard let e = peek() else { throw error("\\ at end of pattern") }
            let classEscapes: [UInt32] = [0x64, 0x44, 0x73, 0x53, 0x77, 0x57, 0x70, 0x50]
            if classEscapes.contains(e) { return try parseCharacterEscape(inClass: true, start: start) }
            return try withoutFold { try $0.parseCharacterEscape(inClass: true, start: start) }
        }
        // Syntax characters and reserved doubled punctuators must be escaped in v-mode classes.
        let syntax: [UInt32] = [0x28, 0x29, 0x7B, 0x7D, 0x2F, 0x2D, 0x7C]
        if syntax.contains(c) { throw error("Invalid character in character class") }
        let doubled: [UInt32] = [0x26, 0x21, 0x23, 0x24, 0x25, 0x2A, 0x2B, 0x2C, 0x2E, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F, 0x40, 0x5E, 0x60, 0x7E]
        if doubled.contains(c) && peek(1) == c { throw error("Invalid set operation in character class") }
        i += 1
        return CharSet(c)
    }
}

extension RegexFlags {
    var withoutIgnoreCase: RegexFlags {
        var f = self
        f.ignoreCase = false
        return f
    }
}
