// The syntax tree of a JavaScript regular expression, as `RegexParser` builds it.
//
// Character-matching items are already resolved to code-point sets (escapes, classes, properties,
// case folding under `i`), so later phases see one `.chars` case for all of them. Every node keeps its
// span in the pattern (offsets in Unicode scalars) so findings can quote the part that loops.

public struct RegexFlags: Hashable, Sendable, CustomStringConvertible {
    public var hasIndices = false, global = false, ignoreCase = false, multiline = false
    public var dotAll = false, unicode = false, unicodeSets = false, sticky = false

    public init() {}

    /// Parses `dgimsuvy`; nil for an unknown or repeated flag, or `u` with `v`.
    public init?(_ text: String) {
        var seen = Set<Character>()
        for ch in text {
            guard seen.insert(ch).inserted else { return nil }
            switch ch {
            case "d": hasIndices = true
            case "g": global = true
            case "i": ignoreCase = true
            case "m": multiline = true
            case "s": dotAll = true
            case "u": unicode = true
            case "v": unicodeSets = true
            case "y": sticky = true
            default: return nil
            }
        }
        if unicode && unicodeSets { return nil }
    }

    /// `u` or `v`: the strict grammar, code-point semantics.
    public var eitherUnicode: Bool { unicode || unicodeSets }

    public var description: String {
        var s = ""
        if hasIndices { s += "d" }
        if global { s += "g" }
        if ignoreCase { s += "i" }
        if multiline { s += "m" }
        if dotAll { s += "s" }
        if unicode { s += "u" }
        if unicodeSets { s += "v" }
        if sticky { s += "y" }
        return s
    }
}

public enum RegexAssertion: Hashable, Sendable {
    case start, end, wordBoundary, notWordBoundary
}

public struct RegexNode: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case empty
        /// One code point from the set.
        case chars(CharSet)
        case sequence([RegexNode])
        case alternation([RegexNode])
        /// `capture` is the 1-based group number for capturing groups.
        case group(RegexNode, capture: Int?, name: String?)
        case quantified(RegexNode, min: Int, max: Int?, greedy: Bool)
        case assertion(RegexAssertion)
        case look(RegexNode, behind: Bool, negative: Bool)
        /// A backreference to group `number` (named references are resolved).
        case backreference(Int)
    }

    public var kind: Kind
    /// Offsets in the pattern's Unicode scalars.
    public var span: Range<Int>

    public init(_ kind: Kind, span: Range<Int>) {
        self.kind = kind
        self.span = span
    }
}

extension RegexNode {
    /// Whether some quantifier in the node (lookarounds included) has no upper bound (`*`, `+`, `{n,}`).
    public var repeatsWithoutBound: Bool {
        var stack: [RegexNode] = [self]
        while let n = stack.popLast() {
            switch n.kind {
            case .quantified(let x, _, let max, _):
                if max == nil { return true }
                stack.append(x)
            case .sequence(let xs), .alternation(let xs):
                stack.append(contentsOf: xs)
            case .group(let x, _, _), .look(let x, _, _):
                stack.append(x)
            case .empty, .chars, .assertion, .backreference:
                break
            }
        }
        return false
    }
}

public struct RegexSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// Offset in the pattern's Unicode scalars.
    public var offset: Int
    public var description: String { "Invalid regular expression: \(message) (at \(offset))" }
}

public struct ParsedRegex: Hashable, Sendable {
    public var pattern: String
    public var flags: RegexFlags
    public var root: RegexNode
    public var groupCount: Int
    /// Group names by number (index 0 unused).
    public var groupNames: [String?]
    /// Something was approximated while building sets (an unknown Unicode script, a huge fold).
    public var approximations: [String]

    /// The pattern text of a span.
    public func text(of span: Range<Int>) -> String {
        let scalars = Array(pattern.unicodeScalars)
        let lo = max(0, min(span.lowerBound, scalars.count)), hi = max(lo, min(span.upperBound, scalars.count))
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[lo..<hi])
        return String(s)
    }
}
