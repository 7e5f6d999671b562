// Scopes, bindings, references, hoisting and shadowing.

import Testing
import JSSyntax
@testable import JSSemantic

@Suite struct ScopeTests {
    @Test func bindingKinds() {
        let code = """
        import d, { n as m } from 'x'
        import * as ns from 'y'
        import eq = require('z')
        var v = 1; let l = 2; const c = 3
        function f(p, { q }, [r], ...rest) { try {} catch (e) {} }
        class K {}
        enum E { A }
        namespace N { export const inner = 1 }
        """
        #expect(parseErrors(code, path: "t.ts").isEmpty)
        let s = semantics(code, path: "t.ts")
        let kinds = Dictionary(s.bindingIDs.map { (s.name(of: $0), s.binding($0).kind) }, uniquingKeysWith: { a, _ in a })
        #expect(kinds["d"] == .import)
        #expect(kinds["m"] == .import)
        #expect(kinds["n"] == nil)
        #expect(kinds["ns"] == .import)
        #expect(kinds["eq"] == .importEquals)
        #expect(kinds["v"] == .var)
        #expect(kinds["l"] == .let)
        #expect(kinds["c"] == .const)
        #expect(kinds["f"] == .function)
        #expect(kinds["p"] == .parameter)
        #expect(kinds["q"] == .parameter)
        #expect(kinds["r"] == .parameter)
        #expect(kinds["rest"] == .parameter)
        #expect(kinds["e"] == .catchParameter)
        #expect(kinds["K"] == .class)
        #expect(kinds["E"] == .tsEnum)
        #expect(kinds["A"] == .tsEnumMember)
        #expect(kinds["N"] == .tsNamespace)
        #expect(kinds["inner"] == .const)
        #expect(s.bindingNamed("inner").map { s.scope($0.scope).kind } == .tsNamespace)
        #expect(s.scope(ScopeID(0)).kind == .module)
    }

    @Test func initializerWithDestructuringPath() {
        let s = semantics("const { readFileSync: r, promises: { readFile }, list: [first], ...others } = require('fs')")
        guard let call = s.node("require('fs')", kind: .call) else { Issue.record("no call"); return }
        #expect(s.bindingNamed("r")?.initializer == BindingInitializer(expression: call, path: ["readFileSync"]))
        #expect(s.bindingNamed("readFile")?.initializer == BindingInitializer(expression: call, path: ["promises", "readFile"]))
        #expect(s.bindingNamed("first")?.initializer == BindingInitializer(expression: call, path: ["list", "0"]))
        #expect(s.bindingNamed("others")?.initializer == BindingInitializer(expression: call, path: []))
        #expect(s.bindingNamed("r")?.declaration == s.node("{ readFileSync: r, promises: { readFile }, list: [first], ...others } = require('fs')", kind: .variableDeclarator))
    }

    @Test func parametersWithDefaultsAndRest() {
        let s = semantics("function f(a = 1, { b, c: [d] }, ...e) {}")
        guard let fn = s.node("function f(a = 1, { b, c: [d] }, ...e) {}", kind: .functionDeclaration) else { Issue.record("no fn"); return }
        #expect(s.names(s.parameterBindings(of: fn)) == ["a", "b", "d", "e"])
        #expect(s.bindingNamed("a")?.defaultValue == s.node("1", kind: .numericLiteral))
        #expect(s.bindingNamed("a")?.initializer == nil)
        #expect(s.bindingNamed("a")?.declaration == fn)
    }

    @Test func referencesAndWrites() {
        let s = semantics("let x = 1\nx = 2\nx++\nx += 3\nuse(x)\n;[x] = pair")
        guard let b = s.bindingID("x") else { Issue.record("no x"); return }
        let refs = s.references(of: b)
        #expect(refs.count == 5)
        #expect(s.writes(of: b).count == 4)
        #expect(refs.filter { $0.flags.contains(.read) }.count == 3)
        #expect(s.constantValue(of: b) == nil)
        guard let decl = s.identifier("x") else { Issue.record("no decl"); return }
        #expect(s.binding(for: decl) == b)
        #expect(s.referenceFlags(decl).contains(.declaration))
    }

    @Test func namesAreComparedAsStrings() {
        // an escape names the same binding; so does a canonically equivalent spelling (KELVIN SIGN is K)
        let s = semantics("let a = 1; use(\\u0061); const K = 2; use(\u{212A}); use(\\u212A); let \u{212A}b = 3; use(Kb)")
        guard let a = s.bindingID("a"), let k = s.bindingID("K") else { Issue.record("no a or K"); return }
        #expect(s.references(of: a).count == 1)
        #expect(s.references(of: k).count == 2)
        #expect(s.bindingIDs.filter { s.name(of: $0) == "Kb" }.count == 1)
        // enough distinct names to grow the binder's name table several times, each resolved to its own
        let many = (0..<300).map { "let v\($0) = \($0); use(v\($0))" }.joined(separator: "\n")
        let m = semantics(many)
        for i in [0, 63, 64, 299] {
            guard let b = m.bindingID("v\(i)") else { Issue.record("no v\(i)"); continue }
            #expect(m.references(of: b).count == 1)
        }
    }

    @Test func varRedeclarationIsAWrite() {
        let s = semantics("var a = require('fs'); var a = 2; a.readFileSync()")
        guard let b = s.bindingID("a") else { Issue.record("no a"); return }
        #expect(s.bindingIDs.filter { s.name(of: $0) == "a" }.count == 1)
        #expect(s.writes(of: b).count == 1)
        #expect(s.calleeExport("a.readFileSync()") == nil)
    }

    @Test func hoistingAndShadowing() {
        let s = semantics("""
        early()
        function early() {}
        function outer(x) {
          { let x = 2; use(x) }
          use(x)
          if (c) { var hoisted = 1 }
          return hoisted
        }
        for (let i = 0; i < 3; i++) {}
        i
        """)
        guard let early = s.bindingID("early") else { Issue.record("no early"); return }
        #expect(s.references(of: early).count == 1)
        // inner `use(x)` resolves to the block's let, outer to the parameter
        guard let inner = s.identifier("x", occurrence: 2), let outer = s.identifier("x", occurrence: 3) else {
            Issue.record("no x uses")
            return
        }
        #expect(s.binding(for: inner).map { s.binding($0).kind } == .let)
        #expect(s.binding(for: outer).map { s.binding($0).kind } == .parameter)
        guard let hoisted = s.bindingID("hoisted") else { Issue.record("no hoisted"); return }
        #expect(s.references(of: hoisted).count == 1)
        #expect(s.scope(s.binding(hoisted).scope).kind == .function)
        guard let iUse = s.identifier("i", occurrence: -1) else { Issue.record("no i"); return }
        #expect(s.binding(for: iUse) == nil)
        #expect(s.isGlobalReference(iUse))
    }

    @Test func namedFunctionAndClassExpressionNamesAreInner() {
        let s = semantics("const f = function g() { return g }\ng\nconst K = class L { m() { return L } }\nL")
        guard let gInside = s.identifier("g", occurrence: 1), let gOutside = s.identifier("g", occurrence: 2),
              let lInside = s.identifier("L", occurrence: 1), let lOutside = s.identifier("L", occurrence: 2) else {
            Issue.record("identifiers missing")
            return
        }
        #expect(s.binding(for: gInside).map { s.binding($0).kind } == .functionExpressionName)
        #expect(s.binding(for: gOutside) == nil)
        #expect(s.binding(for: lInside).map { s.binding($0).kind } == .classExpressionName)
        #expect(s.binding(for: lOutside) == nil)
    }

    @Test func propertyNamesAndLabelsAreNotReferences() {
        let s = semantics("const a = 1\nconst o = { a: 2, b: a, [a]: 3 }\no.a\nlabel: for (;;) break label")
        guard let b = s.bindingID("a") else { Issue.record("no a"); return }
        #expect(s.references(of: b).count == 2)
        guard let key = s.identifier("a", occurrence: 1) else { Issue.record("no key"); return }
        #expect(s.binding(for: key) == nil)
        #expect(s.referenceFlags(key).isEmpty)
        guard let label = s.identifier("label") else { Issue.record("no label"); return }
        #expect(s.referenceFlags(label).isEmpty)
    }

    @Test func shorthandPropertiesAreReferences() {
        let s = semantics("const user = 1\nsend({ user })")
        guard let b = s.bindingID("user") else { Issue.record("no user"); return }
        #expect(s.references(of: b).count == 1)
    }

    @Test func typeReferencesAreFlagged() {
        let code = """
        import { UsersService } from './users.service'
        class C { constructor(private readonly users: UsersService) {} }
        let x: Array<UsersService> = []
        """
        #expect(parseErrors(code, path: "t.ts").isEmpty)
        let s = semantics(code, path: "t.ts")
        guard let b = s.bindingID("UsersService") else { Issue.record("no import"); return }
        let refs = s.references(of: b)
        #expect(refs.count == 2)
        #expect(refs.allSatisfy { $0.flags.contains(.type) && !$0.flags.contains(.read) })
        #expect(s.bindingNamed("users")?.kind == .parameter)
    }

    @Test func jsxComponentsAreReferences() {
        let s = semantics("import Button from './button'\nconst el = <div><Button onClick={go} /></div>", path: "t.jsx")
        guard let b = s.bindingID("Button") else { Issue.record("no Button"); return }
        #expect(s.references(of: b).count == 1)
    }

    @Test func enclosingFunctionAndFunctionInfo() {
        let s = semantics("async function outer(a) { const inner = function* () { return () => a } }")
        guard let outer = s.node("async function outer(a) { const inner = function* () { return () => a } }",
                                 kind: .functionDeclaration),
              let gen = s.node("function* () { return () => a }"), let arrow = s.node("() => a"),
              let a = s.identifier("a", occurrence: 1) else {
            Issue.record("nodes missing")
            return
        }
        #expect(s.tree.enclosingFunction(of: a) == arrow)
        #expect(s.tree.enclosingFunction(of: arrow) == gen)
        #expect(s.tree.enclosingFunction(of: gen) == outer)
        #expect(s.tree.enclosingFunction(of: outer) == nil)
        #expect(s.functions == [outer, gen, arrow])
        #expect(s.function(outer)?.isAsync == true)
        #expect(s.function(gen)?.isGenerator == true)
        #expect(s.function(arrow)?.isArrow == true)
        #expect(s.function(outer)?.params.count == 1)
        #expect(s.functionName(gen) == "inner")
        #expect(s.functionName(outer) == "outer")
        #expect(s.functionName(arrow) == nil)
    }

    @Test func moduleLevelIncludesModuleIIFEBodies() {
        let code = """
        const top = 1
        const api = (() => { const cache = new Map(); return function get(k) { const local = k; return cache.get(local) } })()
        ;(function () { var boot = 2; (function () { const nested = 3 })() })()
        function later() { const inner = (() => { const notLoad = 4 })() }
        """
        #expect(parseErrors(code).isEmpty)
        let s = semantics(code)
        for name in ["top", "api", "cache", "boot"] {
            guard let b = s.bindingID(name) else { Issue.record("no \(name)"); continue }
            #expect(s.isModuleLevel(b), "\(name) is long-lived")
        }
        for name in ["local", "k", "nested", "inner", "notLoad"] {
            guard let b = s.bindingID(name) else { Issue.record("no \(name)"); continue }
            #expect(!s.isModuleLevel(b), "\(name) is per call")
        }
        guard let get = s.node("cache.get(local)", kind: .call), let newMap = s.node("new Map()"),
              let nestedInit = s.node("3", kind: .numericLiteral), let notLoad = s.node("4", kind: .numericLiteral) else {
            Issue.record("nodes missing")
            return
        }
        #expect(s.isModuleLevel(newMap))
        #expect(!s.isModuleLevel(get))
        #expect(!s.isModuleLevel(nestedInit))
        #expect(!s.isModuleLevel(notLoad))
        // the one unwrap: TypeScript wrappers, optional chains and sequences
        let t = semantics("const f = (0, (g as any)!)", path: "t.ts")
        guard let seq = t.node("(0, (g as any)!)", kind: .sequence) ?? t.node("0, (g as any)!", kind: .sequence),
              let g = t.identifier("g") else {
            Issue.record("sequence missing")
            return
        }
        #expect(t.tree.unwrap(seq) == g)
    }

    @Test func nameIsComparesBytesLikeName() {
        let s = semantics("function f(then?: number, \\u0061b: string) { return obj.then + ab }", path: "t.ts")
        #expect(parseErrors("function f(then?: number, \\u0061b: string) { return obj.then + ab }", path: "t.ts").isEmpty)
        var checked = 0
        for i in 0..<s.tree.count {
            let id = NodeID(Int32(i))
            guard s.tree.kind(id) == .identifier else { continue }
            for candidate: StaticString in ["then", "ab", "obj", "the", "thenn", "f", "a", "t", "b", "abc"] {
                #expect(s.tree.nameIs(id, candidate) == (s.tree.name(of: id) == candidate.description),
                        "\(s.tree.name(of: id)) vs \(candidate)")
            }
            checked += 1
        }
        #expect(checked >= 6)
    }

    @Test func functionNamesFromContext() {
        let s = semantics("exports.list = async (req, res) => {}\nconst o = { show(req) {} }\nclass A { get = () => 1 }")
        guard let list = s.node("async (req, res) => {}"), let show = s.node("(req) {}", kind: .functionExpression),
              let get = s.node("() => 1") else {
            Issue.record("functions missing")
            return
        }
        #expect(s.functionName(list) == "list")
        #expect(s.functionName(show) == "show")
        #expect(s.functionName(get) == "get")
    }

    @Test func scopeContainingMatchesTheBinderForEveryNode() {
        // the model keeps only the nodes where the scope changes; every node must still get the scope
        // the binder recorded on it or on its nearest ancestor
        let code = """
        import { a } from 'm'
        const x = 1
        function f(p, { q = x } = {}) {
          for (let i = 0; i < p; i++) { const y = i; try { g(y) } catch (e) { let z = e } }
          switch (p) { case 1: { let w = 2; break } default: const v = 3 }
          class K extends a { static { let s = 1 } m(r) { return () => r + this.n } }
          return function named() { return named }
        }
        label: for (const k of [1, 2]) { if (k) continue label }
        namespace N { export const inner = 1 }
        enum E { A, B = A }
        """
        for path in ["t.ts", "t.js"] {
            let s = semantics(code, path: path)
            var binder = Binder(tree: s.tree)
            binder.run()
            for i in 0..<s.tree.count {
                var n: NodeID? = NodeID(Int32(i))
                var expected = ScopeID(0)
                while let id = n {
                    if binder.nodeScope[id.index] >= 0 { expected = ScopeID(binder.nodeScope[id.index]); break }
                    n = s.tree.parent(id)
                }
                #expect(s.scope(containing: NodeID(Int32(i))) == expected, "node \(i) \(s.tree.kind(NodeID(Int32(i))))")
            }
        }
    }

    @Test func lookupByName() {
        let s = semantics("const fs = 1\nfunction f(fs) { return fs }")
        guard let use = s.identifier("fs", occurrence: 2) else { Issue.record("no use"); return }
        #expect(s.lookup("fs", at: use).map { s.binding($0).kind } == .parameter)
        #expect(s.lookup("nothing", at: use) == nil)
        guard let top = s.bindingID("fs") else { Issue.record("no fs"); return }
        #expect(s.isModuleLevel(top))
    }

    @Test func deepTreesDoNotExhaustTheStack() {
        let chain = String(repeating: "a + ", count: 50_000) + "a"
        let s = semantics("const a = 1\nx = " + chain)
        guard let b = s.bindingID("a") else { Issue.record("no a"); return }
        #expect(s.references(of: b).count == 50_001)
    }
}

@Suite struct DeepInputTests {
    @Test(arguments: [
        ("member chain", "const a = 1\nx = a" + String(repeating: ".b", count: 50_000)),
        ("call chain", "const a = 1\nx = a" + String(repeating: "()", count: 50_000)),
        ("comma chain", "const a = 1\nx = (" + String(repeating: "a, ", count: 50_000) + "a)"),
        ("assignment chain", "let a\n" + String(repeating: "a = ", count: 50_000) + "1"),
        ("logical chain", "const a = 1\nx = " + String(repeating: "a || ", count: 50_000) + "a"),
    ])
    func deepInputsBuild(_ input: (String, String)) {
        let s = semantics(input.1)
        guard let b = s.bindingID("a") else { Issue.record("\(input.0): no binding"); return }
        #expect(!s.references(of: b).isEmpty, "\(input.0)")
        if let last = s.identifier("a", occurrence: -1) {
            _ = s.resolveExport(last)
            _ = s.tree.enclosingFunction(of: last)
        }
        let index = ProjectIndex(files: [(path: "/deep.js", semantics: s)], readConfig: { _ in nil })
        #expect(index.files.count == 1)
    }
}

/// The shared small facts the rules ask of a binding and an expression: a parameter's position (plain,
/// defaulted, typed; not destructured, not another function's), whether a binding is ever written, and
/// `null` / `undefined` written as nothing.
@Suite struct ParameterAndLiteralFactsTests {
    @Test func parameterPositions() throws {
        let code = "function f(a, b = 1, { c }, d: string) { let x = a; x = b; function g(e) { return d + e } }"
        #expect(parseErrors(code, path: "t.ts").isEmpty)
        let s = semantics(code, path: "t.ts")
        let f = try #require(s.node(code, kind: .functionDeclaration))
        func position(_ name: String) -> Int? {
            s.bindingIDs.first { s.name(of: $0) == name }.flatMap { s.parameterPosition(of: $0, in: f) }
        }
        #expect(position("a") == 0)
        #expect(position("b") == 1)
        #expect(position("c") == nil)
        #expect(position("d") == 3)
        #expect(position("e") == nil)
        #expect(position("x") == nil)
        let x = try #require(s.bindingIDs.first { s.name(of: $0) == "x" })
        let a = try #require(s.bindingIDs.first { s.name(of: $0) == "a" })
        #expect(s.isWritten(x) && s.isWritten(x) == !s.writes(of: x).isEmpty)
        #expect(!s.isWritten(a) && s.writes(of: a).isEmpty)
    }

    @Test func nullOrUndefined() throws {
        let code = "f(null, (undefined), undefinedValue, 0)"
        let s = semantics(code)
        for (text, nothing) in [("null", true), ("undefined", true), ("undefinedValue", false), ("0", false)] {
            let n = try #require(s.node(text), "\(text)")
            #expect(s.tree.isNullOrUndefined(n) == nothing, "\(text)")
        }
    }
}
