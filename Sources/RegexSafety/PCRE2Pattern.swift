// Renders a parsed JavaScript pattern as a PCRE2 pattern with the same meaning.
//
// Character items are already code-point sets, so they become explicit classes (`\x{..}` ranges; the
// set of every character is `\p{Any}`):
// JavaScript's `\s`, `.`, case folding and v-mode set operations need no translation. Anchors are
// rendered for ECMAScript semantics (`$` only at the very end; multiline anchors at the four line
// terminators). Groups are numbered as in JavaScript and references use `\g{N}`. What PCRE2 cannot
// express is reported as `PCRE2Error.untranslatable`: counts above 65535, and lookbehinds that PCRE2
// 10.42 rejects (variable length) show up later as compile errors.

import Foundation

public enum PCRE2Error: Error, Hashable, Sendable, CustomStringConvertible {
    case untranslatable(String)
    case compile(String)
    case match(Int32)

    public var description: String {
        switch self {
        case .untranslatable(let s): return "PCRE2 cannot express this pattern: \(s)"
        case .compile(let s): return "PCRE2 rejects the translated pattern: \(s)"
        case .match(let code): return "PCRE2 match error \(code)"
        }
    }
}

enum PCRE2Pattern {
    static let lineTerminatorClass = "\\n\\r\\x{2028}\\x{2029}"

    static func render(_ regex: ParsedRegex) throws -> String {
        var out = ""
        try emit(regex.root, regex.flags, &out)
        return out
    }

    static func emit(_ node: RegexNode, _ flags: RegexFlags, _ out: inout String) throws {
        switch node.kind {
        case .empty:
            break
        case .chars(let set):
            out += setText(set)
        case .sequence(let xs):
            for x in xs { try emit(x, flags, &out) }
        case .alternation(let xs):
            out += "(?:"
            for (i, x) in xs.enumerated() {
                if i > 0 { out += "|" }
                try emit(x, flags, &out)
            }
            out += ")"
        case .group(let body, let capture, _):
            out += capture == nil ? "(?:" : "("
            try emit(body, flags, &out)
            out += ")"
        case .quantified(let x, let lo, let hi, let greedy):
            if lo > 65535 || (hi ?? 0) > 65535 { throw PCRE2Error.untranslatable("repetition count above 65535") }
            out += "(?:"
            try emit(x, flags, &out)
            out += ")"
            switch (lo, hi) {
            case (0, nil): out += "*"
            case (1, nil): out += "+"
            case (0, 1): out += "?"
            case (_, nil): out += "{\(lo),}"
            case (_, let h?) where h == lo: out += "{\(lo)}"
            case (_, let h?): out += "{\(lo),\(h)}"
            }
            if !greedy { out += "?" }
        case .assertion(let a):
            switch a {
            case .start: out += flags.multiline ? "(?<![^\(lineTerminatorClass)])" : "\\A"
            case .end: out += flags.multiline ? "(?![^\(lineTerminatorClass)])" : "\\z"
            case .wordBoundary: out += "\\b"
            case .notWordBoundary: out += "\\B"
            }
        case .look(let body, let behind, let negative):
            out += "(?" + (behind ? "<" : "") + (negative ? "!" : "=")
            try emit(body, flags, &out)
            out += ")"
        case .backreference(let n):
            out += n > 0 ? "\\g{\(n)}" : ""
        }
    }

    static let surrogates = CharSet(ranges: [0xD800...0xDFFF])
    /// How `setText` writes the set of every character, and how it wrote it before (a class PCRE2 compiles
    /// code point by code point under PCRE2_CASELESS). Only `setText` writes a `\p`.
    static let anyCharacter = "\\p{Any}"
    static let anyCharacterClass = "[\\x{0}-\\x{10FFFF}]"

    /// A rendered pattern with every character written as the class it was written as before.
    static func withAnyCharacterAsClass(_ rendered: String) -> String {
        rendered.replacingOccurrences(of: anyCharacter, with: anyCharacterClass)
    }

    static func setText(_ full: CharSet) -> String {
        // UTF-8 subjects hold no surrogates, and PCRE2 rejects them in UTF patterns.
        let set = full.subtracting(surrogates)
        if set.isEmpty { return "(?!)" }
        // every character (`[\s\S]`, `[^]`): one item that matches any one character, as the class
        // `[\x{0}-\x{10FFFF}]` is, but which PCRE2 compiles without walking the code points (with
        // PCRE2_CASELESS it looks up the other case of each one: ~60 million instructions per class)
        if set == CharSet.all.subtracting(surrogates) { return anyCharacter }
        if set.ranges.count == 1, set.ranges[0].lowerBound == set.ranges[0].upperBound {
            return char(set.ranges[0].lowerBound)
        }
        let inverse = set.inverted.subtracting(surrogates)
        if inverse.ranges.count < set.ranges.count {
            return "[^" + inverse.ranges.map(rangeText).joined() + "]"
        }
        return "[" + set.ranges.map(rangeText).joined() + "]"
    }

    static func rangeText(_ r: ClosedRange<UInt32>) -> String {
        r.lowerBound == r.upperBound ? char(r.lowerBound) : char(r.lowerBound) + "-" + char(r.upperBound)
    }

    static func char(_ c: UInt32) -> String {
        if (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) {
            return String(Character(Unicode.Scalar(UInt8(c))))
        }
        return "\\x{" + String(c, radix: 16) + "}"
    }
}
