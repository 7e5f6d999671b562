// A source file as UTF-8 bytes plus a lazily built line index.
//
// Everything downstream addresses text by byte offset. Line and column are computed on demand:
// lines are found by binary search over the line-start table, and columns count UTF-16 code
// units from the start of the line, as editors and the CLI contract do.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A half-open byte range `[start, end)` into a source file.
public struct ByteRange: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var start: Int32
    public var end: Int32

    @inlinable public init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }

    @inlinable public init(_ start: Int, _ end: Int) {
        self.start = Int32(truncatingIfNeeded: start)
        self.end = Int32(truncatingIfNeeded: end)
    }

    @inlinable public var length: Int { Int(end - start) }

    public static func < (lhs: ByteRange, rhs: ByteRange) -> Bool {
        lhs.start != rhs.start ? lhs.start < rhs.start : lhs.end < rhs.end
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A 1-based line and column; the column counts UTF-16 code units.
public struct LineColumn: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: LineColumn, rhs: LineColumn) -> Bool {
        lhs.line != rhs.line ? lhs.line < rhs.line : lhs.column < rhs.column
    }

    public var description: String { "\(line):\(column)" }
}

/// The text of one file, as bytes. Cheap to share between threads once built.
public final class SourceFile: @unchecked Sendable {
    /// The path as reached from the scanned root (relative stays relative).
    public let path: String
    /// The UTF-8 bytes of the file.
    public let bytes: [UInt8]
    /// Byte offsets at which lines start; always begins with 0 (two bytes each in a file shorter than 65,535
    /// bytes, kept for the whole scan).
    public let lineStarts: CompactIndexes

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        self.lineStarts = CompactIndexes(SourceFile.computeLineStarts(bytes))
    }

    public convenience init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// Line terminators per ECMAScript: LF, CR, CRLF, U+2028, U+2029.
    static func computeLineStarts(_ bytes: [UInt8]) -> [Int32] {
        var starts: [Int32] = [0]
        starts.reserveCapacity(bytes.count / 32 + 1)
        // Most files end their lines with LF alone and hold no byte that can start another terminator (CR, the
        // E2 of U+2028/9): then each line start is found by `memchr`, which reads many bytes an instruction.
        let onlyLF = bytes.withUnsafeBufferPointer { buf -> Bool in
            guard let base = buf.baseAddress, buf.count > 0 else { return true }
            guard memchr(base, 0x0D, buf.count) == nil, memchr(base, 0xE2, buf.count) == nil else { return false }
            let end = base + buf.count
            var p = base
            while p < end, let found = memchr(p, 0x0A, end - p) {
                let at = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self))
                starts.append(Int32(truncatingIfNeeded: at - base + 1))
                p = at + 1
            }
            return true
        }
        if onlyLF { return starts.trimmed() }
        bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let n = buf.count
            var i = 0
            while i < n {
                // eight bytes at a time: skip to the first that can start a line terminator (\n, \r, the E2
                // of U+2028/9)
                if i + 8 <= n {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                    let found = SourceFile.bytesEqual(word, 0x0A) | SourceFile.bytesEqual(word, 0x0D)
                        | SourceFile.bytesEqual(word, 0xE2)
                    if found == 0 {
                        i += 8
                        continue
                    }
                    i += found.trailingZeroBitCount >> 3
                }
                let b = buf[i]
                if b == 0x0A {
                    starts.append(Int32(i + 1))
                } else if b == 0x0D {
                    if i + 1 < n && buf[i + 1] == 0x0A { i += 1 }
                    starts.append(Int32(i + 1))
                } else if b == 0xE2 && i + 2 < n && buf[i + 1] == 0x80 && (buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9) {
                    i += 2
                    starts.append(Int32(i + 1))
                }
                i += 1
            }
        }
        return starts.trimmed()
    }

    /// The high bit of each byte of `word` (first byte lowest) that is `byte`; exact up to the first such
    /// byte (later bits may be set spuriously), zero when there is none.
    @inline(__always) static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The 0-based index of the line holding `offset`.
    public func lineIndex(at offset: Int) -> Int {
        var lo = 0
        var hi = lineStarts.count - 1
        let target = Int32(truncatingIfNeeded: offset)
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if lineStarts[mid] <= target { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// 1-based line and UTF-16 column of a byte offset.
    public func location(of offset: Int) -> LineColumn {
        let clamped = max(0, min(offset, bytes.count))
        let li = lineIndex(at: clamped)
        let start = Int(lineStarts[li])
        var units = 0
        var i = start
        while i < clamped {
            let b = bytes[i]
            if b < 0x80 { units += 1; i += 1 }
            else if b < 0xE0 { units += 1; i += 2 }
            else if b < 0xF0 { units += 1; i += 3 }
            else { units += 2; i += 4 }
        }
        return LineColumn(line: li + 1, column: units + 1)
    }

    /// The byte range of a 0-based line, without its terminator.
    public func lineRange(_ index: Int) -> ByteRange {
        let start = Int(lineStarts[index])
        var end = index + 1 < lineStarts.count ? Int(lineStarts[index + 1]) : bytes.count
        while end > start {
            let b = bytes[end - 1]
            if b == 0x0A || b == 0x0D { end -= 1; continue }
            if end - start >= 3 && b >= 0xA8 && b <= 0xA9 && bytes[end - 2] == 0x80 && bytes[end - 3] == 0xE2 {
                end -= 3; continue
            }
            break
        }
        return ByteRange(start, end)
    }

    /// Text of a byte range, decoding invalid sequences as U+FFFD.
    public func text(_ range: ByteRange) -> String {
        let s = max(0, min(Int(range.start), bytes.count))
        let e = max(s, min(Int(range.end), bytes.count))
        return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[s..<e]), as: UTF8.self) }
    }

    public var lineCount: Int { lineStarts.count }
}

extension Array {
    /// The elements in storage of exactly their count: for arrays grown by appending (or reserved from an
    /// estimate) that are then kept for long.
    @inlinable public func trimmed() -> [Element] {
        if capacity - count < 16 { return self }
        return withUnsafeBufferPointer { Array($0) }
    }
}
