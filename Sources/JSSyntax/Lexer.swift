// The lexer: UTF-8 bytes in, one small `Token` at a time out.
//
// Technique: the source is copied once into a zero-padded buffer so peeks past the end read 0 without a
// bounds check; `next()` skips trivia (collecting comments) and then dispatches with a `switch` on the
// first byte. Identifiers are byte ranges: keywords are recognised by length and bytes, no String is
// built. The lexer never decides whether `/` starts a regex or whether `}` resumes a template: it
// returns the punctuator, and the parser, which knows the grammar, asks for a rescan (Lexer+RegExp,
// Lexer+Template, Lexer+JSX). The state is a plain struct, so speculation is a copy and a restore.

import SourceText

struct Token {
    var kind: TokenKind = .eof
    /// A line terminator precedes this token (drives ASI and the restricted productions).
    var newlineBefore = false
    /// An identifier or keyword spelled with `\u` escapes.
    var escaped = false
    var start: Int32 = 0
    var end: Int32 = 0
}

/// Byte classes, one table lookup per byte.
enum CharClass {
    static let idStart: UInt8 = 1
    static let idPart: UInt8 = 2
    static let space: UInt8 = 4
    static let digit: UInt8 = 8
    /// ASCII identifier part (letters, digits, `$`, `_`): the bytes an identifier's fast scan runs over.
    static let asciiIdPart: UInt8 = 16

    static let table: UnsafeMutablePointer<UInt8> = {
        let t = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        t.initialize(repeating: 0, count: 256)
        for b in 0..<256 {
            var c: UInt8 = 0
            if (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x24 || b == 0x5F || b >= 0x80 {
                c |= idStart | idPart
            }
            if b >= 0x30 && b <= 0x39 { c |= idPart | digit }
            if c & idPart != 0 && b < 0x80 { c |= asciiIdPart }
            if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C { c |= space }
            t[b] = c
        }
        return t
    }()
}

struct Lexer {
    /// Source bytes followed by zero padding.
    let p: UnsafeMutablePointer<UInt8>
    let n: Int
    let cls: UnsafeMutablePointer<UInt8>
    var pos = 0
    var token = Token()
    var comments: [Comment] = []
    var errors: [SyntaxError] = []
    /// `<!--` and `-->` comments (scripts only).
    var htmlComments = true
    /// Work done: bytes scanned plus one per token, counting again whatever speculation re-reads.
    /// The parser stops past a budget proportional to the input, so no input makes it run long.
    var work = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        n = bytes.count
        p = UnsafeMutablePointer<UInt8>.allocate(capacity: n + 8)
        if let base = bytes.baseAddress { p.initialize(from: base, count: n) }
        (p + n).initialize(repeating: 0, count: 8)
        cls = CharClass.table
        comments.reserveCapacity(64)
    }

    func deallocate() { p.deallocate() }

    @inline(__always) func at(_ i: Int) -> UInt8 { p[i] }

    mutating func error(_ message: String, _ offset: Int) {
        errors.append(SyntaxError(message: message, offset: offset))
    }

    // MARK: - Trivia

    /// Skips whitespace and comments; returns whether a line terminator was crossed.
    @inline(__always) mutating func skipTrivia() -> Bool {
        var newline = false
        while true {
            // a run of spaces (indentation) with a local position
            var i = pos
            while cls[Int(p[i])] & CharClass.space != 0 { i += 1 }
            pos = i
            let b = p[i]
            switch b {
            case 0x0A, 0x0D:
                newline = true; pos += 1
            case 0x2F: // '/'
                let c = p[pos + 1]
                if c == 0x2F { skipLineComment(start: pos, skip: 2) }
                else if c == 0x2A { if skipBlockComment() { newline = true } }
                else { return newline }
            case 0x3C: // '<!--'
                if htmlComments && p[pos + 1] == 0x21 && p[pos + 2] == 0x2D && p[pos + 3] == 0x2D {
                    skipLineComment(start: pos, skip: 4)
                } else { return newline }
            case 0x2D: // '-->' at the start of a line
                if htmlComments && (newline || pos == 0 || token.end == 0) && p[pos + 1] == 0x2D && p[pos + 2] == 0x3E {
                    skipLineComment(start: pos, skip: 3)
                } else { return newline }
            case 0xC2:
                if p[pos + 1] == 0xA0 { pos += 2 } else { return newline }
            case 0xE1:
                if p[pos + 1] == 0x9A && p[pos + 2] == 0x80 { pos += 3 } else { return newline }
            case 0xE2:
                let c = p[pos + 1], d = p[pos + 2]
                if c == 0x80 && (d == 0xA8 || d == 0xA9) { newline = true; pos += 3 }
                else if c == 0x80 && (d <= 0x8A || d == 0xAF) { pos += 3 }
                else if c == 0x81 && d == 0x9F { pos += 3 }
                else { return newline }
            case 0xE3:
                if p[pos + 1] == 0x80 && p[pos + 2] == 0x80 { pos += 3 } else { return newline }
            case 0xEF:
                if p[pos + 1] == 0xBB && p[pos + 2] == 0xBF { pos += 3 } else { return newline }
            default:
                return newline
            }
        }
    }

    mutating func skipLineComment(start: Int, skip: Int) {
        var i = start + skip
        while i < n {
            let b = p[i]
            if b == 0x0A || b == 0x0D { break }
            if b == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) { break }
            i += 1
        }
        pos = i
        comments.append(Comment(range: ByteRange(start, pos), isBlock: false))
    }

    /// Returns whether the comment contains a line terminator.
    mutating func skipBlockComment() -> Bool {
        let start = pos
        var i = pos + 2
        var newline = false
        while true {
            let b = p[i]
            // past `*`, and not the E2 of U+2028/9: a byte that neither ends the comment nor a line (the
            // padding's 0, which ends the input, is below)
            if b > 0x2A && b != 0xE2 { i += 1; continue }
            if i >= n {
                error("Unterminated comment", start)
                i = n
                break
            }
            if b == 0x2A && p[i + 1] == 0x2F { i += 2; break }
            if b == 0x0A || b == 0x0D { newline = true }
            else if b == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] == 0xA8 || p[i + 2] == 0xA9) { newline = true }
            i += 1
        }
        pos = i
        comments.append(Comment(range: ByteRange(start, pos), isBlock: true))
        return newline
    }

    // MARK: - Tokens

    mutating func skipHashbang() {
        if n >= 2 && p[0] == 0x23 && p[1] == 0x21 { skipLineComment(start: 0, skip: 2) }
    }

    /// Advances to the next token.
    @inline(__always) mutating func next() {
        let from = pos
        token.newlineBefore = skipTrivia()
        token.escaped = false
        token.start = Int32(truncatingIfNeeded: pos)
        token.kind = scan()
        token.end = Int32(truncatingIfNeeded: pos)
        work &+= pos - from + 1
    }

    @inline(__always) mutating func punct(_ kind: TokenKind, _ length: Int) -> TokenKind {
        pos += length
        return kind
    }

    mutating func scan() -> TokenKind {
        let b = p[pos]
        if cls[Int(b)] & CharClass.idStart != 0 { return scanIdentifierOrKeyword() }
        switch b {
        case 0x28: return punct(.lParen, 1)
        case 0x29: return punct(.rParen, 1)
        case 0x7B: return punct(.lBrace, 1)
        case 0x7D: return punct(.rBrace, 1)
        case 0x5B: return punct(.lBracket, 1)
        case 0x5D: return punct(.rBracket, 1)
        case 0x3B: return punct(.semicolon, 1)
        case 0x2C: return punct(.comma, 1)
        case 0x3A: return punct(.colon, 1)
        case 0x7E: return punct(.tilde, 1)
        case 0x40: return punct(.at, 1)
        case 0x22, 0x27: return scanString(quote: b)
        case 0x60: return scanTemplate(from: pos + 1, head: true)
        case 0x30...0x39: return scanNumber()
        case 0x2E: // .
            let c = p[pos + 1]
            if c >= 0x30 && c <= 0x39 { return scanNumber() }
            if c == 0x2E && p[pos + 2] == 0x2E { return punct(.ellipsis, 3) }
            return punct(.dot, 1)
        case 0x3D: // =
            let c = p[pos + 1]
            if c == 0x3D { return p[pos + 2] == 0x3D ? punct(.equal3, 3) : punct(.equal2, 2) }
            if c == 0x3E { return punct(.arrow, 2) }
            return punct(.assign, 1)
        case 0x21: // !
            if p[pos + 1] == 0x3D { return p[pos + 2] == 0x3D ? punct(.notEqual2, 3) : punct(.notEqual, 2) }
            return punct(.bang, 1)
        case 0x2B: // +
            let c = p[pos + 1]
            if c == 0x2B { return punct(.plus2, 2) }
            if c == 0x3D { return punct(.plusAssign, 2) }
            return punct(.plus, 1)
        case 0x2D: // -
            let c = p[pos + 1]
            if c == 0x2D { return punct(.minus2, 2) }
            if c == 0x3D { return punct(.minusAssign, 2) }
            return punct(.minus, 1)
        case 0x2A: // *
            let c = p[pos + 1]
            if c == 0x2A { return p[pos + 2] == 0x3D ? punct(.star2Assign, 3) : punct(.star2, 2) }
            if c == 0x3D { return punct(.starAssign, 2) }
            return punct(.star, 1)
        case 0x2F: // /  (the parser rescans as a regex where an expression may start)
            return p[pos + 1] == 0x3D ? punct(.slashAssign, 2) : punct(.slash, 1)
        case 0x25: return p[pos + 1] == 0x3D ? punct(.percentAssign, 2) : punct(.percent, 1)
        case 0x3C: // <
            let c = p[pos + 1]
            if c == 0x3C { return p[pos + 2] == 0x3D ? punct(.shiftLeftAssign, 3) : punct(.shiftLeft, 2) }
            if c == 0x3D { return punct(.lessEqual, 2) }
            return punct(.less, 1)
        case 0x3E: // >
            let c = p[pos + 1]
            if c == 0x3E {
                let d = p[pos + 2]
                if d == 0x3E { return p[pos + 3] == 0x3D ? punct(.shiftRight3Assign, 4) : punct(.shiftRight3, 3) }
                if d == 0x3D { return punct(.shiftRightAssign, 3) }
                return punct(.shiftRight, 2)
            }
            if c == 0x3D { return punct(.greaterEqual, 2) }
            return punct(.greater, 1)
        case 0x26: // &
            let c = p[pos + 1]
            if c == 0x26 { return p[pos + 2] == 0x3D ? punct(.amp2Assign, 3) : punct(.amp2, 2) }
            if c == 0x3D { return punct(.ampAssign, 2) }
            return punct(.amp, 1)
        case 0x7C: // |
            let c = p[pos + 1]
            if c == 0x7C { return p[pos + 2] == 0x3D ? punct(.bar2Assign, 3) : punct(.bar2, 2) }
            if c == 0x3D { return punct(.barAssign, 2) }
            return punct(.bar, 1)
        case 0x5E: return p[pos + 1] == 0x3D ? punct(.caretAssign, 2) : punct(.caret, 1)
        case 0x3F: // ?
            let c = p[pos + 1]
            if c == 0x3F { return p[pos + 2] == 0x3D ? punct(.question2Assign, 3) : punct(.question2, 2) }
            if c == 0x2E { let d = p[pos + 2]; if !(d >= 0x30 && d <= 0x39) { return punct(.questionDot, 2) } }
            return punct(.question, 1)
        case 0x23: // #name
            if cls[Int(p[pos + 1])] & CharClass.idStart != 0 || p[pos + 1] == 0x5C {
                pos += 1
                _ = scanIdentifierOrKeyword()
                return .privateName
            }
            return punct(.hash, 1)
        case 0x5C: // identifier starting with an escape
            return scanIdentifierOrKeyword()
        case 0:
            if pos >= n { return .eof }
            return skipBadCharacters()
        default:
            return skipBadCharacters()
        }
    }

    /// At a character that starts no token (a control character, NUL): one error for the run of them,
    /// then the next real token, which keeps the bad run's start as its own (so the parser adds no
    /// second error at the same place).
    mutating func skipBadCharacters() -> TokenKind {
        error("Unexpected character", pos)
        while true {
            pos += 1
            if skipTrivia() { token.newlineBefore = true }
            if pos >= n { return .eof }
            let b = p[pos]
            if b >= 0x20 && b != 0x7F { return scan() }
        }
    }

    /// Unicode spaces or line terminators that may follow an identifier without a separator.
    @inline(__always) func isUnicodeSeparator(_ i: Int) -> Bool {
        let b = p[i]
        switch b {
        case 0xC2: return p[i + 1] == 0xA0
        case 0xE1: return p[i + 1] == 0x9A && p[i + 2] == 0x80
        case 0xE2:
            let c = p[i + 1], d = p[i + 2]
            return (c == 0x80 && (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF)) || (c == 0x81 && d == 0x9F)
        case 0xE3: return p[i + 1] == 0x80 && p[i + 2] == 0x80
        case 0xEF: return p[i + 1] == 0xBB && p[i + 2] == 0xBF
        default: return false
        }
    }

    /// Length of the well-formed UTF-8 sequence at `i`, or 0 (overlong forms, surrogates, past U+10FFFF,
    /// a missing continuation byte). The zero padding stops every check at the end of the input.
    @inline(__always) func utf8Length(_ i: Int) -> Int {
        @inline(__always) func cont(_ j: Int) -> Bool { p[j] & 0xC0 == 0x80 }
        let b1 = p[i + 1]
        switch p[i] {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0: return b1 >= 0xA0 && b1 <= 0xBF && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE, 0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED: return b1 >= 0x80 && b1 <= 0x9F && cont(i + 2) ? 3 : 0
        case 0xF0: return b1 >= 0x90 && b1 <= 0xBF && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4: return b1 >= 0x80 && b1 <= 0x8F && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    static func isIdentifierPartByte(_ b: UInt8) -> Bool { CharClass.table[Int(b)] & CharClass.idPart != 0 }

    mutating func scanIdentifierOrKeyword() -> TokenKind {
        let start = pos
        // the usual identifier: ASCII bytes up to one that is no identifier byte at all, scanned with a local
        // position; a non-ASCII byte or an escape goes on below as if the loop had reached it
        var i = pos
        while cls[Int(p[i])] & CharClass.asciiIdPart != 0 { i += 1 }
        pos = i
        let stop = p[i]
        if stop < 0x80 && stop != 0x5C {
            if i - start > 11 || p[start] < 0x61 { return .identifier }
            return keywordKind(p + start, i - start)
        }
        var escaped = false
        var ascii = true
        while true {
            let b = p[pos]
            if cls[Int(b)] & CharClass.idPart != 0 {
                if b >= 0x80 {
                    if isUnicodeSeparator(pos) { break }
                    ascii = false
                    let length = utf8Length(pos)
                    if length == 0 {
                        error("Invalid UTF-8", pos)
                        pos += 1
                    } else {
                        pos += length
                    }
                    continue
                }
                pos += 1
            } else if b == 0x5C {
                escaped = true
                skipUnicodeEscape()
            } else {
                break
            }
        }
        if escaped {
            token.escaped = true
            return .identifier
        }
        if !ascii || pos - start > 11 || p[start] < 0x61 { return .identifier }
        return keywordKind(p + start, pos - start)
    }

    /// Skips `\uXXXX` or `\u{X...}` at `pos`.
    mutating func skipUnicodeEscape() {
        let start = pos
        pos += 1
        if p[pos] != 0x75 { error("Invalid escape in identifier", start); return }
        pos += 1
        if p[pos] == 0x7B {
            while pos < n && p[pos] != 0x7D { pos += 1 }
            if pos < n { pos += 1 }
        } else {
            var k = 0
            while k < 4 && isHexDigit(p[pos]) { pos += 1; k += 1 }
            if k < 4 { error("Invalid Unicode escape", start) }
        }
    }

    @inline(__always) func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }

    mutating func scanString(quote: UInt8) -> TokenKind {
        let start = pos
        var i = pos + 1
        while true {
            let b = p[i]
            // every byte that ends or interrupts a string (quotes, `\\`, CR, LF, the padding's 0) is below 0x5D
            if b > 0x5C { i += 1; continue }
            if b == quote { pos = i + 1; return .string }
            if b == 0x5C {
                let c = p[i + 1]
                if c == 0x75 || c == 0x78 {
                    pos = i
                    checkEscape()
                    i = pos
                    continue
                }
                if c == 0x0D && p[i + 2] == 0x0A { i += 3 } else { i += 2 }
                if i > n { i = n }
                continue
            }
            if b == 0x0A || b == 0x0D || i >= n {
                pos = i
                error("Unterminated string constant", start)
                return .string
            }
            i += 1
        }
    }

    /// At a `\u` or `\x` escape in a string: checks its digits (and the code point's range) and
    /// moves past them.
    mutating func checkEscape() {
        let at = pos
        if p[pos + 1] == 0x78 {
            pos += 2
            if isHexDigit(p[pos]) && isHexDigit(p[pos + 1]) { pos += 2 } else { error("Invalid hexadecimal escape sequence", at) }
            return
        }
        pos += 2
        if p[pos] == 0x7B {
            var value: UInt32 = 0
            var digits = 0
            var i = pos + 1
            while i < n, let h = StringDecoding.hexValue(p[i]) {
                if value <= 0x10FFFF { value = value * 16 + h }
                digits += 1
                i += 1
            }
            if digits == 0 || p[i] != 0x7D || value > 0x10FFFF {
                error("Invalid Unicode escape", at)
                return
            }
            pos = i + 1
        } else if isHexDigit(p[pos]) && isHexDigit(p[pos + 1]) && isHexDigit(p[pos + 2]) && isHexDigit(p[pos + 3]) {
            pos += 4
        } else {
            error("Invalid Unicode escape", at)
        }
    }

    mutating func scanNumber() -> TokenKind {
        let start = pos
        if p[pos] == 0x30 {
            let c = p[pos + 1] | 0x20
            if c == 0x78 || c == 0x6F || c == 0x62 { // 0x 0o 0b
                pos += 2
                skipDigits(hex: true)
                return finishNumber(start, allowBigInt: true)
            }
            let d = p[pos + 1]
            if (d >= 0x30 && d <= 0x39) || d == 0x5F { // legacy octal (07) or non-octal decimal (08, 09.5e1)
                pos += 1
                var octal = true
                while true {
                    let b = p[pos]
                    if b >= 0x30 && b <= 0x39 {
                        if b >= 0x38 { octal = false }
                        pos += 1
                    } else if b == 0x5F {
                        error("Invalid numeric separator", pos)
                        pos += 1
                    } else {
                        break
                    }
                }
                // `07.toString()`: a legacy octal literal has no fraction, so the dot is a member access.
                if octal { return finishNumber(start, allowBigInt: false) }
                return scanFractionAndExponent(start, isInteger: false)
            }
        }
        skipDigits(hex: false)
        return scanFractionAndExponent(start, isInteger: true)
    }

    /// After the integer digits: `.digits`, then `e[+-]digits`.
    mutating func scanFractionAndExponent(_ start: Int, isInteger: Bool) -> TokenKind {
        var isInteger = isInteger
        if p[pos] == 0x2E { isInteger = false; pos += 1; skipDigits(hex: false) }
        if p[pos] | 0x20 == 0x65 { // e E
            let c = p[pos + 1]
            if cls[Int(c)] & CharClass.digit != 0 || ((c == 0x2B || c == 0x2D) && cls[Int(p[pos + 2])] & CharClass.digit != 0) {
                isInteger = false
                pos += c >= 0x30 ? 1 : 2
                skipDigits(hex: false)
            }
        }
        return finishNumber(start, allowBigInt: isInteger)
    }

    /// Digits with `_` separators; a separator must stand between two digits.
    @inline(__always) mutating func skipDigits(hex: Bool) {
        let digitsStart = pos
        while true {
            let b = p[pos]
            if hex ? isHexDigit(b) : cls[Int(b)] & CharClass.digit != 0 {
                pos += 1
            } else if b == 0x5F {
                checkSeparator(digitsStart, hex: hex)
            } else {
                return
            }
        }
    }

    /// At a `_` in digits; a doubled separator is reported at its second `_`.
    mutating func checkSeparator(_ digitsStart: Int, hex: Bool) {
        let next = p[pos + 1]
        let nextIsDigit = hex ? isHexDigit(next) : cls[Int(next)] & CharClass.digit != 0
        if pos == digitsStart || p[pos - 1] == 0x5F || !(nextIsDigit || next == 0x5F) {
            error("Invalid numeric separator", pos)
        }
        pos += 1
    }

    mutating func finishNumber(_ start: Int, allowBigInt: Bool) -> TokenKind {
        var kind = TokenKind.number
        if p[pos] == 0x6E && allowBigInt { pos += 1; kind = .bigint }
        if cls[Int(p[pos])] & CharClass.idStart != 0 && !isUnicodeSeparator(pos) {
            error("Identifier directly after number", pos)
            while cls[Int(p[pos])] & CharClass.idPart != 0 && pos < n { pos += 1 }
        }
        return kind
    }

    // MARK: - Speculation support

    struct State {
        var pos: Int
        var token: Token
        var comments: Int
        var errors: Int
    }

    var state: State { State(pos: pos, token: token, comments: comments.count, errors: errors.count) }

    mutating func restore(_ s: State) {
        pos = s.pos
        token = s.token
        if comments.count > s.comments { comments.removeSubrange(s.comments...) }
        if errors.count > s.errors { errors.removeSubrange(s.errors...) }
    }

    /// Moves back to `offset` and scans a fresh token from there.
    mutating func reset(to offset: Int32) {
        pos = Int(offset)
        let newline = token.newlineBefore
        next()
        if Int32(pos) >= offset { token.newlineBefore = token.newlineBefore || (token.start == offset && newline) }
    }
}
