// The export tables' keys (`ProjectIndex.HashedName`: a name with its String hash worked out once) against
// plain String keys: on seeded random names that include canonically equivalent spellings (the Kelvin sign
// and `K`, a composed and a decomposed `é`), equality and every table lookup agree; and an export found
// through barrels of `export *` is the one the module declares.

import Testing
@testable import JSSemantic

@Suite struct HashedNameTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func hashedKeysAgreeWithStringKeys(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let pieces = ["K", "\u{212A}", "e\u{301}", "\u{E9}", "a", "_", "$", "default", "x1", "\u{1F600}"]
        func name() -> String { (0..<(1 + next(3))).map { _ in pieces[next(pieces.count)] }.joined() }
        let names = (0..<120).map { _ in name() }
        var plain: [String: [Int32]] = [:]
        var hashed: [ProjectIndex.HashedName: [Int32]] = [:]
        for (i, n) in names.enumerated() where next(2) == 0 {
            plain[n, default: []].append(Int32(i))
            hashed[ProjectIndex.HashedName(n), default: []].append(Int32(i))
        }
        for a in names {
            #expect(hashed[ProjectIndex.HashedName(a)] == plain[a], "\(Array(a.unicodeScalars))")
            let b = names[next(names.count)]
            #expect((ProjectIndex.HashedName(a) == ProjectIndex.HashedName(b)) == (a == b))
        }
        #expect(hashed.count == plain.count)
        // equal names spelled with different bytes are among those compared
        let spelledTwice = names.filter { n in names.contains { $0 == n && Array($0.utf8) != Array(n.utf8) } }
        #expect(!spelledTwice.isEmpty)
    }

    @Test func exportsThroughBarrelsOfExportStar() {
        let p = TestProject(sources: [
            "/p/index.js": "export * from './a'\nexport * from './b'\nexport * from './c'\nexport { default as d } from './d'",
            "/p/a.js": "export function alpha() {}\nexport * from './b'",
            "/p/b.js": "export * from './c'\nexport const beta = function beta() {}",
            "/p/c.js": "export * from './a'\nexport function gamma() {}",
            "/p/d.js": "export default function delta() {}",
        ]).index()
        guard let index = p.id("/p/index.js") else { Issue.record("no index"); return }
        for (name, file) in [("alpha", "/p/a.js"), ("beta", "/p/b.js"), ("gamma", "/p/c.js")] {
            #expect(p.describe(p.exportedValue(name, of: index)) == "function \(file):\(name)")
        }
        #expect(p.describe(p.exportedValue("d", of: index)) == "function /p/d.js:delta")
        #expect(p.exportedValue("missing", of: index) == nil)
    }
}
