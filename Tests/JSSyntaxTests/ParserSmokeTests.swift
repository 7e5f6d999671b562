// Quick checks of the parser while it is developed; the fixture, corpus and fuzz suites live beside.

import Testing
import SourceText
@testable import JSSyntax

private func parse(_ text: String, _ options: ParseOptions = ParseOptions()) -> ParseResult {
    Parser.parse(SourceFile(path: "t.js", text: text), options: options)
}

private func kinds(_ r: ParseResult) -> [NodeKind] {
    var out: [NodeKind] = []
    func walk(_ id: NodeID) {
        out.append(r.tree.kind(id))
        for c in r.tree.children(id) { walk(c) }
    }
    walk(r.tree.root)
    return out
}

@Test func parsesCallAndMember() {
    let r = parse("fs.readFileSync('a')")
    #expect(r.errors.isEmpty)
    #expect(kinds(r) == [.program, .expressionStatement, .call, .member, .identifier, .identifier, .stringLiteral])
    #expect(r.isModule == false)
}

@Test func regexVersusDivision() {
    let r = parse("a = b / c / d; e = /x[/]y/g.test(s)")
    #expect(r.errors.isEmpty)
    let regexes = kinds(r).filter { $0 == .regExpLiteral }
    #expect(regexes.count == 1)
    for i in 0..<r.tree.count where r.tree.kind(NodeID(Int32(i))) == .regExpLiteral {
        #expect(r.tree.regex(of: NodeID(Int32(i)))?.pattern == "x[/]y")
        #expect(r.tree.regex(of: NodeID(Int32(i)))?.flags == "g")
    }
}

@Test func errorsAreDataWithOffsets() {
    let r = parse("let x = (1 + ;\nfoo()")
    #expect(r.errors.count == 1)
    #expect(r.errors.first?.offset == 13)
    #expect(r.errors.first?.message == "Unexpected token ';'")
}

@Test func deepNestingIsAnErrorNotACrash() {
    let r = parse(String(repeating: "(", count: 50_000) + "1" + String(repeating: ")", count: 50_000))
    #expect(r.errors.first?.message == "Nesting too deep")
    let r2 = parse(String(repeating: "[", count: 5_000))
    #expect(!r2.errors.isEmpty)
}

@Test func moduleIsDecidedPerFile() {
    #expect(parse("import x from 'y'; x()").isModule)
    #expect(parse("console.log(import.meta.url)").isModule)
    #expect(!parse("const x = require('y'); return").isModule)
    #expect(parse("export default 1").errors.isEmpty)
}

@Test func commentsAreCollected() {
    let r = parse("#!/usr/bin/env node\n// a\nx /* b */ = 1 // looplint-disable-next-line\n")
    #expect(r.errors.isEmpty)
    #expect(r.tree.comments.count == 4)
    #expect(r.tree.comments.map(\.isBlock) == [false, false, true, false])
    #expect(r.file.text(r.tree.comments[2].range) == "/* b */")
}

@Test func arrowsAndAsi() {
    let r = parse("const f = async (a, {b} = {}) => a\nlet g = x => { return x }\n(g)")
    #expect(r.errors.isEmpty)
    #expect(kinds(r).filter { $0 == .arrowFunction }.count == 2)
    let r2 = parse("a = b\n++c")
    #expect(kinds(r2).contains(.update))
    #expect(r2.errors.isEmpty)
}

@Test func namesAndStrings() {
    let r = parse("var \\u0061bc = 'x\\ny\\u{1F600}'")
    #expect(r.errors.isEmpty)
    var names: [String] = []
    var strings: [String] = []
    for i in 0..<r.tree.count {
        let id = NodeID(Int32(i))
        if r.tree.kind(id) == .identifier { names.append(r.tree.name(of: id)) }
        if r.tree.kind(id) == .stringLiteral { strings.append(r.tree.stringValue(of: id)) }
    }
    #expect(names == ["abc"])
    #expect(strings == ["x\ny\u{1F600}"])
}

@Test func parentsPointUp() {
    let r = parse("f(a.b)")
    let t = r.tree
    for i in 0..<t.count {
        let id = NodeID(Int32(i))
        for c in t.children(id) { #expect(t.parent(c) == id) }
    }
    #expect(t.parent(t.root) == nil)
}

@Test func jsxElementsAndFragments() {
    let r = parse("const a = <div className=\"x\" {...p}>hi {name}<><br/></></div>", ParseOptions(jsx: true))
    #expect(r.errors.isEmpty)
    let k = kinds(r)
    #expect(k.filter { $0 == .jsxElement }.count == 2)
    #expect(k.contains(.jsxFragment))
    #expect(k.contains(.jsxSpreadAttribute))
    #expect(k.filter { $0 == .jsxText }.count == 1)
}

@Test func typeScriptDeclarationsAndExpressions() {
    let ts = ParseOptions(language: .typescript)
    let r = parse("""
        interface A<T> extends B { x?: T; (y: number): void }
        type C = keyof A<string> extends infer U ? U[] : never
        enum E { X = 1 }
        abstract class K<T> extends L<T> implements M { constructor(private a: T) { super() } abstract f(): void }
        const v = f<string>(x) as unknown satisfies object, w = a < b && c > d, g = <T,>(x: T): T => x
        """, ts)
    #expect(r.errors.isEmpty)
    let k = kinds(r)
    for expected: NodeKind in [.tsInterfaceDeclaration, .tsTypeAliasDeclaration, .tsConditionalType, .tsInferType,
                               .tsEnumDeclaration, .tsParameterProperty, .tsAsExpression, .tsSatisfiesExpression] {
        #expect(k.contains(expected), "missing \(expected)")
    }
    #expect(k.filter { $0 == .binary }.count == 2)
    #expect(k.filter { $0 == .arrowFunction }.count == 1)
}

@Test func workBudgetStopsTheParseForGood() {
    func measured(_ text: String, _ options: ParseOptions = ParseOptions(), limit: Int? = nil) -> (ParseResult, Int) {
        let r = Parser.parseMeasured(SourceFile(path: "t.js", text: text), options: options, workLimit: limit)
        return (r.result, r.work)
    }
    let text = String(repeating: "a = (b, c) + f(x);\n", count: 1_000)
    let (full, fullWork) = measured(text)
    #expect(full.errors.isEmpty)
    #expect(fullWork >= text.utf8.count && fullWork < 4 * text.utf8.count, "\(fullWork)")
    let (limited, limitedWork) = measured(text, limit: 2_000)
    #expect(limited.errors.map(\.message) == ["Parse work budget exceeded"])
    #expect(limitedWork <= 2_000 + 32)
    // Inside TypeScript's arrow-or-parenthesis speculation: the failed attempt rolls back, the stop stays.
    let nested = String(repeating: "(a, ", count: 300) + "b" + String(repeating: ")", count: 300) + ";"
    let ts = ParseOptions(language: .typescript)
    let (stopped, stoppedWork) = measured(nested, ts, limit: 500)
    #expect(stopped.errors.map(\.message) == ["Parse work budget exceeded"])
    #expect(stoppedWork <= 500 + 32)
    #expect(measured(nested, ts).0.errors.isEmpty)
}
