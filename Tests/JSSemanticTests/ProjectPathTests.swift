// ProjectPath.normalise: the byte-wise form for ASCII paths against the character-wise one, on seeded
// random paths made of slashes, dots and names.

import Foundation
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
        // join by bytes: what normalising the joined String gives
        for _ in 0..<20_000 {
            let dir = (0..<(1 + next() % 6)).map { _ in pieces[next() % pieces.count] }.joined()
            let rel = (0..<(1 + next() % 6)).map { _ in pieces[next() % pieces.count] }.joined()
            if let joined = ProjectPath.joinASCII(dir, rel) {
                #expect(joined == ProjectPath.normalise(dir + "/" + rel), "\(dir) + \(rel)")
            } else {
                Issue.record("ASCII \(dir) + \(rel) not joined by bytes")
            }
        }
        // the quick join (a normal folder, `./` and `../` steps, a normal rest) on folders and specifiers
        // shaped like real ones, and the shapes it leaves to the byte-wise normalisation
        let folders = ["/p", "/p/src", "/p/src/lib/deep", "p", "p/src", "/", "src/a"]
        let steps = ["", "./", "../", "../../", "./../", "../../../", ".././", "../../../../"]
        let rests = ["x", "x.js", "lib/index.ts", ".hidden/x", "..x/y", "x/", "x//y", "./x", "a/../b", "", "/x", "."]
        var quick = 0
        for dir in folders {
            for step in steps {
                for rest in rests {
                    let rel = step + rest
                    let expected = ProjectPath.normalise(dir + "/" + rel)
                    #expect(ProjectPath.joinASCII(dir, rel) == expected, "\(dir) + \(rel)")
                    let fast = Array(dir.utf8).withUnsafeBufferPointer { d in
                        Array(rel.utf8).withUnsafeBufferPointer { r in ProjectPath.quickJoin(d, r) }
                    }
                    if let fast {
                        quick += 1
                        #expect(fast == expected, "quick \(dir) + \(rel)")
                    }
                }
            }
        }
        #expect(quick > 60)
        #expect(ProjectPath.joinASCII("é", "a") == nil)
        #expect(ProjectPath.join("é/x", "../a") == "é/a")
    }

    /// `directory(of:)` by bytes for ASCII paths against the Character-wise last slash, on seeded random
    /// paths, some with a non-ASCII piece or a slash carrying a combining mark (no separator).
    @Test func directoryAgreesWithCharacters() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func reference(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            if slash == path.startIndex { return "/" }
            return String(path[..<slash])
        }
        let pieces = ["/", "/", ".", "..", "a", "bc", "x.js", "é", "/\u{301}", "\r\n"]
        for _ in 0..<20_000 {
            let path = (0..<(next() % 9)).map { _ in pieces[next() % pieces.count] }.joined()
            #expect(ProjectPath.directory(of: path) == reference(path), "\(path)")
        }
    }

    /// The byte-wise `*` pattern match and replacement of the module resolver against Foundation's and
    /// the Character-wise ones, on seeded random ASCII patterns and specifiers.
    @Test func starMatchAgreesWithCharacters() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func reference(_ pattern: String, _ s: String) -> String? {
            guard let star = pattern.firstIndex(of: "*") else { return pattern == s ? "" : nil }
            let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
            guard s.count >= prefix.count + suffix.count, s.hasPrefix(prefix), s.hasSuffix(suffix) else { return nil }
            return String(s.dropFirst(prefix.count).dropLast(suffix.count))
        }
        let pieces = ["@", "a", "b", "/", "*", "ab", "a/"]
        for _ in 0..<20_000 {
            let pattern = (0..<(next() % 5)).map { _ in pieces[next() % pieces.count] }.joined()
            let s = (0..<(next() % 6)).map { _ in pieces[next() % pieces.count] }.joined()
            let expected = reference(pattern, s)
            switch ModuleResolver.matchASCII(pattern, s) {
            case .star(let star): #expect(star == expected, "\(pattern) \(s)")
            case .noMatch: #expect(expected == nil, "\(pattern) \(s)")
            case .notASCII: Issue.record("ASCII strings \(pattern) \(s) not matched by bytes")
            }
            #expect(ModuleResolver.replacingStar(pattern, s) == pattern.replacingOccurrences(of: "*", with: s))
        }
        if case .notASCII = ModuleResolver.matchASCII("é/*", "é/x") {} else { Issue.record("non-ASCII matched by bytes") }
        if case .notASCII = ModuleResolver.matchASCII("a*", "a\r\n") {} else { Issue.record("CR matched by bytes") }
    }
}
