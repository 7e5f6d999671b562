// `StringDecoding.decodeString` makes a string without a backslash straight from its bytes; the answer must be
// the one the byte-by-byte decoder (`decodeEscapes`) gives, for every string and template text of the parser
// fixtures and for random bytes with and without escapes.

import Testing
@testable import SourceText
@testable import JSSyntax

@Suite struct StringDecodingTests {
    @Test func plainStringsDecodeAsTheEscapeDecoderDoes() throws {
        var files: [SourceFile] = []
        files += try ParserFixtures.allInputs()
        var plain = 0, escaped = 0
        for file in files {
            let tree = Parser.parse(file, options: .forPath(file.path)).tree
            for i in 0..<tree.count {
                let id = NodeID(Int32(i))
                let r = tree.range(id)
                let (s, e): (Int, Int)
                switch tree.kind(id) {
                case .stringLiteral: (s, e) = (Int(r.start) + 1, max(Int(r.start) + 1, Int(r.end) - 1))
                case .templateElement: (s, e) = (Int(r.start), Int(r.end))
                default: continue
                }
                let bytes = file.bytes
                #expect(StringDecoding.decodeString(bytes, s, e) == StringDecoding.decodeEscapes(bytes, s, e), "\(file.path) \(s)")
                if bytes[s..<e].contains(0x5C) { escaped += 1 } else { plain += 1 }
            }
        }
        #expect(plain > 100 && escaped > 5)
        // random text: ASCII, multi-byte characters, line breaks, and escapes of every kind
        let pieces: [[UInt8]] = [Array("a".utf8), Array("é".utf8), Array("😀".utf8), Array("\n".utf8), Array(" ".utf8),
                                 Array("\\n".utf8), Array("\\u0041".utf8), Array("\\x41".utf8), Array("\\\\".utf8),
                                 Array("\\ud83d\\ude00".utf8), Array("\\0".utf8)]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for k in 0..<Int(state >> 59) { bytes += pieces[Int((state >> UInt64(k * 3 % 50)) % UInt64(pieces.count))] }
            #expect(StringDecoding.decodeString(bytes, 0, bytes.count) == StringDecoding.decodeEscapes(bytes, 0, bytes.count))
            if bytes.count > 2 {
                #expect(StringDecoding.decodeString(bytes, 1, bytes.count - 1) == StringDecoding.decodeEscapes(bytes, 1, bytes.count - 1))
            }
        }
        #expect(StringDecoding.decodeString([], 0, 0) == "")
    }
}
