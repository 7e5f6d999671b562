// ProjectPath.normalise: the byte-wise form for ASCII paths against the character-wise one, on seeded
// random paths made of slashes, dots and names.

import Testing
@testable import JSSemantic

struct ProjectPathTests {
    @Test func asciiNormaliseAgreesWithCharacters() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let pieces = ["/", "/", ".", "..", "a", "b", "../", "./", "//", "x.js"]
        for _ in 0..<20_000 {
            let path = (0..<(next() % 9)).map { _ in pieces[next() % pieces.count] }.joined()
            var bytes = path
            let ascii = bytes.withUTF8 { ProjectPath.normaliseASCII($0) }
            #expect(ascii == ProjectPath.normaliseCharacters(path), "\(path)")
        }
        #expect(ProjectPath.normalise("a/./b/../c") == "a/c")
        #expect(ProjectPath.normalise("/../a/") == "/a")
        #expect(ProjectPath.normalise("../../a/..") == "../..")
        #expect(ProjectPath.normalise("é/../b") == "b")
    }
}
