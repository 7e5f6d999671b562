// Regular expression and template literal scanning, on the parser's request.
//
// `/` is returned as a punctuator; where the grammar allows an expression to start, the parser calls
// `rescanRegex()` and the same bytes are re-read as a regex body (tracking `[...]` classes, in which `/`
// does not end the literal) followed by identifier-part flags. Template literals are scanned in pieces:
// `` `...${ `` is a head, and when the parser reaches the `}` that closes a substitution it calls
// `rescanTemplateContinuation()`, which reads `}...${` (middle) or `` }...` `` (tail). Nesting therefore
// needs no brace stack in the lexer: the parser's recursion is the stack.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Lexer {
    mutating func rescanRegex() {
        let start = Int(token.start)
        pos = start + 1
        var inClass = false
        while true {
            let b = p[pos]
            if pos >= n || b == 0x0A || b == 0x0D ||
                (b == 0xE2 && p[pos + 1] == 0x80 && (p[pos + 2] == 0xA8 || p[pos + 2] == 0xA9)) {
                error("Unterminated regular expression", start)
                break
            }
            if b == 0x5C {
                let c = p[pos + 1]
                if c == 0x0A || c == 0x0D { pos += 1; continue }
                pos = min(pos + 2, n)
                continue
            }
            if b == 0x5B { inClass = true } else if b == 0x5D { inClass = false } else if b == 0x2F && !inClass {
                pos += 1
                break
            }
            pos += 1
        }
        while cls[Int(p[pos])] & CharClass.idPart != 0 && p[pos] < 0x80 { pos += 1 }
        token.kind = .regex
        token.end = Int32(truncatingIfNeeded: pos)
    }

    /// Scans template characters from `from` to the closing backtick or the next `${`.
    mutating func scanTemplate(from: Int, head: Bool) -> TokenKind {
        let start = from - 1
        pos = from
        while true {
            let b = p[pos]
            if b == 0x60 { pos += 1; return head ? .template : .templateTail }
            if b == 0x24 && p[pos + 1] == 0x7B { pos += 2; return head ? .templateHead : .templateMiddle }
            if b == 0x5C { pos += 2; if pos > n { pos = n }; continue }
            if pos >= n {
                error("Unterminated template", start)
                return head ? .template : .templateTail
            }
            pos += 1
        }
    }

    /// The current token is the `}` closing a substitution: re-read it as template middle or tail.
    mutating func rescanTemplateContinuation() {
        token.kind = scanTemplate(from: Int(token.start) + 1, head: false)
        token.end = Int32(truncatingIfNeeded: pos)
    }
}

/// Decoding of escapes in identifiers and string literals (only when someone asks for the value).
enum StringDecoding {
    static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: return UInt32(b - 0x30)
        case 0x61...0x66: return UInt32(b - 0x61 + 10)
        case 0x41...0x46: return UInt32(b - 0x41 + 10)
        default: return nil
        }
    }

    /// Reads `\u` escape digits at `i` (just after the `u`); returns the scalar and the next index.
    static func unicodeEscape(_ b: [UInt8], _ i: Int, _ e: Int) -> (UInt32, Int)? {
        var j = i
        var v: UInt32 = 0
        if j < e && b[j] == 0x7B {
            j += 1
            while j < e && b[j] != 0x7D {
                guard let h = hexValue(b[j]) else { return nil }
                v = v &* 16 &+ h
                j += 1
            }
            return (v, min(j + 1, e))
        }
        for _ in 0..<4 {
            guard j < e, let h = hexValue(b[j]) else { return nil }
            v = v * 16 + h
            j += 1
        }
        return (v, j)
    }

    static func decodeIdentifier(_ b: [UInt8], _ s: Int, _ e: Int) -> String {
        var out = [UInt8]()
        var i = s
        while i < e {
            if b[i] == 0x5C && i + 1 < e && b[i + 1] == 0x75, let (v, j) = unicodeEscape(b, i + 2, e) {
                append(v, to: &out)
                i = j
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func append(_ v: UInt32, to out: inout [UInt8]) {
        let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// The cooked value of the string literal or template text at `b[s ..< e]`.
    static func decodeString(_ b: [UInt8], _ s: Int, _ e: Int) -> String {
        // no backslash (nearly every string): the value is the bytes as written, made a String directly, with
        // no byte array built one byte at a time (what `decodeEscapes` gives them: `StringDecodingTests`)
        if s >= 0, s < e, e <= b.count {
            let plain = b.withUnsafeBufferPointer { p in memchr(p.baseAddress! + s, 0x5C, e - s) == nil }
            if plain {
                return b.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[s..<e]), as: UTF8.self) }
            }
        }
        return decodeEscapes(b, s, e)
    }

    /// `decodeString` read byte by byte, escapes decoded.
    static func decodeEscapes(_ b: [UInt8], _ s: Int, _ e: Int) -> String {
        var out = [UInt8]()
        out.reserveCapacity(e - s)
        var i = s
        var pendingHigh: UInt32? = nil
        func flushHigh() {
            if pendingHigh != nil { append(0xFFFD, to: &out); pendingHigh = nil }
        }
        while i < e {
            let c = b[i]
            if c != 0x5C || i + 1 >= e {
                flushHigh()
                out.append(c)
                i += 1
                continue
            }
            let d = b[i + 1]
            i += 2
            var scalar: UInt32? = nil
            switch d {
            case 0x6E: scalar = 0x0A
            case 0x74: scalar = 0x09
            case 0x72: scalar = 0x0D
            case 0x62: scalar = 0x08
            case 0x66: scalar = 0x0C
            case 0x76: scalar = 0x0B
            case 0x30 where !(i < e && b[i] >= 0x30 && b[i] <= 0x39): scalar = 0
            case 0x31...0x37, 0x30:
                var v = UInt32(d - 0x30)
                var k = 0
                while k < 2 && i < e && b[i] >= 0x30 && b[i] <= 0x37 && v * 8 + UInt32(b[i] - 0x30) <= 255 {
                    v = v * 8 + UInt32(b[i] - 0x30); i += 1; k += 1
                }
                scalar = v
            case 0x78:
                if i + 1 < e, let h = hexValue(b[i]), let l = hexValue(b[i + 1]) { scalar = h * 16 + l; i += 2 }
            case 0x75:
                if let (v, j) = unicodeEscape(b, i, e) {
                    i = j
                    if v >= 0xD800 && v < 0xDC00 { flushHigh(); pendingHigh = v; continue }
                    if v >= 0xDC00 && v < 0xE000, let h = pendingHigh {
                        pendingHigh = nil
                        append(0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00), to: &out)
                        continue
                    }
                    scalar = v
                }
            case 0x0D:
                if i < e && b[i] == 0x0A { i += 1 }
                continue
            case 0x0A:
                continue
            case 0xE2 where i + 1 < e && b[i] == 0x80 && (b[i + 1] == 0xA8 || b[i + 1] == 0xA9):
                i += 2
                continue
            default:
                flushHigh()
                out.append(d)
                continue
            }
            flushHigh()
            if let s = scalar { append(s, to: &out) }
        }
        flushHigh()
        return String(decoding: out, as: UTF8.self)
    }
}
