// Flow annotations in JavaScript: the linter's retry (Parser.parseAllowingFlow) reads a `.js` file that
// does not parse as plain JavaScript with Flow's additions to the TypeScript type grammar. Shapes from
// parse-server's sources, where 50 of 191 files failed to parse before.

import Testing
import SourceText
@testable import JSSyntax

private func parseJS(_ text: String) -> ParseResult {
    Parser.parseAllowingFlow(SourceFile(path: "t.js", text: text), options: ParseOptions())
}

private func count(_ r: ParseResult, _ kind: NodeKind) -> Int {
    (0..<r.tree.count).filter { r.tree.kind(NodeID(Int32($0))) == kind }.count
}

@Test(arguments: [
    "function validateFilename(filename): ?Parse.Error { return null }",
    "class A { send(body: any, installations: any[]): ?Promise<*> {} }",
    "class A { connectionPromise: ?Promise<any>; }",
    "export interface P { strict: ?boolean; beforeMigration: ?() => void | Promise<void>; }",
    "type Exact = {| a: string, b: ?number |}; type Empty = {||}; type U = {| a: A | B |};",
    "type Spread = { ...Base, +covariant: string, -contra: number };",
    "const clp = ({ ...local } || {}: Parse.CLP.PermissionsMap);",
    "class D { static filterSensitiveData: (boolean, boolean, any[], any, ...any) => void; }",
    "class S { paramsAreEquals<T: { [key: string]: any }>(objA: T, objB: T) { return objA === objB } }",
    "import typeof Express from 'express'; import { typeof Router, type Request } from 'express';",
    "type Props = {| title: ?string |}; export const Title = (props: Props) => <h1>{props.title}</h1>;",
    "const id = <T>(x: T): T => x; type M = ?{ a: number };",
])
func flowAnnotationsParse(_ source: String) {
    let plain = Parser.parse(SourceFile(path: "t.js", text: source), options: ParseOptions())
    #expect(!plain.errors.isEmpty, "plain JavaScript should reject: \(source)")
    let r = parseJS(source)
    #expect(r.errors.isEmpty, "\(source): \(r.errors)")
}

@Test func flowCastKeepsTheExpression() {
    let r = parseJS("const x = (fs.readFileSync(path): string);")
    #expect(r.errors.isEmpty)
    #expect(count(r, .tsAsExpression) == 1)
    #expect(count(r, .call) == 1)
}

@Test func plainJavaScriptIsNotReparsed() {
    // `a < b > c` is two comparisons in JavaScript; a clean parse is never retried with types
    let r = parseJS("const v = a < b > (c);")
    #expect(r.errors.isEmpty)
    #expect(count(r, .binary) == 2)
}

@Test func fileBrokenBothWaysKeepsItsPlainErrors() {
    let r = parseJS("let x = (1 + ;")
    #expect(!r.errors.isEmpty)
}

@Test func unionBarsStillWorkInFlowObjects() {
    let r = parseJS("type T = {| kind: 'a' | 'b', n: ?number |}; let t: T | null = null;")
    #expect(r.errors.isEmpty)
    #expect(count(r, .tsUnionType) == 2)
}
