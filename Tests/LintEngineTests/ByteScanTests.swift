// The word-at-a-time byte scans (line starts, UTF-8 validation) against byte-by-byte references, on
// seeded random inputs dense in the bytes they look for, at every alignment.

import Testing
import LintTestSupport
import SourceText
@testable import LintEngine

@Suite struct ByteScanTests {
    static func referenceLineStarts(_ b: [UInt8]) -> [Int32] {
        var starts: [Int32] = [0]
        var i = 0
        while i < b.count {
            if b[i] == 0x0A {
                starts.append(Int32(i + 1))
            } else if b[i] == 0x0D {
                if i + 1 < b.count && b[i + 1] == 0x0A { i += 1 }
                starts.append(Int32(i + 1))
            } else if b[i] == 0xE2 && i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) {
                i += 2
                starts.append(Int32(i + 1))
            }
            i += 1
        }
        return starts
    }

    @Test func lineStartsMatchTheByteByByteScan() {
        var random = SplitMix64(seed: 42)
        let alphabet: [UInt8] = [0x61, 0x20, 0x0A, 0x0D, 0xE2, 0x80, 0xA8, 0xA9, 0x7A]
        var sawTerminators = 0
        for length in 0..<200 {
            for _ in 0..<20 {
                // mostly plain text with a few special bytes, so long runs are skipped a word at a time
                var bytes = random.bytes(length, from: [0x61, 0x62, 0x20, 0x3B])
                for _ in 0..<Int(random.next() % 4) where length > 0 {
                    let at = Int(random.next() % UInt64(length))
                    let run = random.bytes(min(3, length - at), from: alphabet)
                    bytes.replaceSubrange(at..<at + run.count, with: run)
                }
                let expected = Self.referenceLineStarts(bytes)
                sawTerminators += expected.count - 1
                let starts = SourceFile(path: "t.js", bytes: bytes).lineStarts
                #expect((0..<starts.count).map { starts[$0] } == expected)
            }
        }
        #expect(sawTerminators > 1000)
    }

    /// Text whose only line terminator is LF (no CR, no E2 byte: the lines found by `memchr`), LFs at either
    /// end and in runs included.
    @Test func lineStartsOfLFOnlyTextMatchTheByteByByteScan() {
        var random = SplitMix64(seed: 9)
        var sawTerminators = 0
        for length in 0..<200 {
            for _ in 0..<20 {
                let bytes = random.bytes(length, from: [0x61, 0x62, 0x20, 0x0A, 0x80, 0xA8, 0x3B, 0x0A])
                let expected = Self.referenceLineStarts(bytes)
                sawTerminators += expected.count - 1
                let starts = SourceFile(path: "t.js", bytes: bytes).lineStarts
                #expect((0..<starts.count).map { starts[$0] } == expected)
            }
        }
        #expect(sawTerminators > 10_000)
    }

    /// The standard library's strict UTF-8 parser (no overlongs, surrogates or scalars past U+10FFFF) as the
    /// reference: the offset where the first sequence it rejects starts.
    static func referenceFirstInvalid(_ b: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var input = b.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func utf8ValidationMatchesTheByteByByteScan() {
        var random = SplitMix64(seed: 7)
        var invalid = 0, valid = 0
        for length in 0..<120 {
            for _ in 0..<20 {
                var bytes = random.bytes(length, from: [0x61, 0x20, 0x7F])
                if length > 0, random.next() % 2 == 0 {
                    let at = Int(random.next() % UInt64(length))
                    let run = random.bytes(min(4, length - at), from: [0xC3, 0xA9, 0xE2, 0x80, 0xA8, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0x41])
                    bytes.replaceSubrange(at..<at + run.count, with: run)
                }
                let expected = Self.referenceFirstInvalid(bytes)
                if expected == nil { valid += 1 } else { invalid += 1 }
                #expect(SourceLoader.firstInvalidUTF8(bytes) == expected)
                #expect((expected == nil) == (String(validating: bytes, as: UTF8.self) != nil))
            }
        }
        #expect(invalid > 100 && valid > 100)
    }
}
