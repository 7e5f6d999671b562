// The hot-context search's early-return guards, kept per function (`EarlyReturnGuards`), against
// `OnceGuards.notPerCall` worked out anew: for every node of files with guards before, after and around
// calls, in nested functions, arrow bodies and methods, asked in a seeded order so a function's answer is
// first kept from any of its nodes. And the methods each function calls by name as the search takes them
// (`MethodCalls`) against the walk of its body.

@testable import ExecutionModel
import JSSemantic
import JSSyntax
@testable import LintEngine
import SourceText
import Testing

private let guardSnippets: [String] = [
    """
    let cache, real, pool
    function get() { if (cache) return cache; cache = load(); warm(); return cache }
    function after() { start(); if (real) return real; real = connect(); return real }
    function none() { work(); if (x) { other() } return 1 }
    const arrow = () => make()
    const body = async () => { if (pool && pool.length) return pool; pool = await open(); use(pool) }
    class Store {
      load() { if (this.loaded) return; this.loaded = true; fill(this) }
      read(k) { if (!this.db) { this.db = open() } return this.db.get(k) }
      static init() { if (Store.ready) return Store.ready; Store.ready = boot(); return Store.ready }
    }
    """,
    """
    module.exports = function handler(req, res) {
      if (state.done) return state.done
      state.done = compute(req)
      function inner() { if (inner.memo) return inner.memo; inner.memo = build(); return inner.memo }
      return inner() && res.send(state.done) && (() => { if (q) return q; q = z(); return q })()
    }
    let conn; export async function client() { conn ??= await connect(); return conn.query() }
    export function twice(a) { if (a) return a; if (b) return b; b = 1; c(); return b }
    """,
]

@Suite struct EarlyReturnGuardsTests {
    @Test(arguments: guardSnippets.indices)
    func keptGuardsAgreeWithGuardsWorkedOutAnew(_ i: Int) {
        let code = guardSnippets[i]
        let parse = Parser.parse(SourceFile(path: "t.js", text: code), options: .forPath("t.js"))
        let unit = SourceUnit(index: 0, path: "t.js", absolutePath: "/t.js", parse: parse,
                              suppressions: Suppressions(tree: parse.tree))
        var guards = EarlyReturnGuards()
        var order = Array(0..<parse.tree.count)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(i)
        for k in stride(from: order.count - 1, to: 0, by: -1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            order.swapAt(k, Int((state >> 33) % UInt64(k + 1)))
        }
        var once = 0
        for k in order {
            let node = NodeID(Int32(k))
            let kept = OnceGuards.notPerCall(node, in: unit, unit.semantic, guards: &guards)
            #expect(kept == OnceGuards.notPerCall(node, in: unit), "node \(k) \(parse.tree.kind(node))")
            if kept { once += 1 }
        }
        // the files have once-only code (the comparison is not only of `false`)
        #expect(once > 0)
    }

    /// The functions written directly inside each function (`NestedFunctions`, found per kind) are those a
    /// pass over every node finds, in node order.
    @Test func nestedFunctionsAreThoseOfAPassOverEveryNode() {
        let code = guardSnippets.joined(separator: "\n") + """

            function outer(a = () => 1) {
              const f = function () { return [1].map((x) => () => x) }
              class K { m() { return async function* g() {} } static s = () => { function deep() {} } }
              return { h() { return () => f }, k: function () {}, [outer.name]: (y) => y }
            }
            export default (z) => (w) => function named() {}
            """
        let parse = Parser.parse(SourceFile(path: "t.js", text: code), options: .forPath("t.js"))
        let unit = SourceUnit(index: 0, path: "t.js", absolutePath: "/t.js", parse: parse,
                              suppressions: Suppressions(tree: parse.tree))
        let tree = parse.tree
        var expected: [NodeID: [NodeID]] = [:]
        for k in 0..<tree.count {
            let id = NodeID(Int32(k))
            if tree.kind(id).isFunction, let outer = tree.enclosingFunction(of: id) { expected[outer, default: []].append(id) }
        }
        let nested = NestedFunctions()
        for k in 0..<tree.count {
            let id = NodeID(Int32(k))
            #expect(nested.inside(id, unit: unit) == (expected[id] ?? []), "node \(k)")
        }
        #expect(expected.values.reduce(0) { $0 + $1.count } >= 12 && expected.values.contains { $0.count >= 3 })
    }
}

private let methodSnippets: [String] = [
    """
    class Store {
      load(k) { return this.db.get(k) }
      get(k) { this.log.info(k); return this.cache.read(k) || this.load(k) }
      read(k) { const run = () => this.get(k); return [k].map((x) => this.load(x)).concat(this.db.get(k)) }
      save(k, v) { this.#flush(); this.db.set(k, v); process.exit(this.get(k)) }
      #flush() { if (!this.ready) { this.ready = this.init() } }
      init() { return this.db.open() }
      set(k, v) { return this.save(k, v) }
    }
    const api = { info(m) { api.get(m) }, open() {} }
    function route(req, res) {
      res.send(api.info(req.q), store.load(req.id, (e) => store.read(e)))
      const s = new Store(); s.set(1, s.get(2)); s[`x`](); s['get'](); s.unknown()
      function inner() { return s.load(3) }
      return { m() { return s.read(4) }, n: s.save(5, { k: s.get(6) }) }
    }
    module.exports = { route, helper: () => api.open(), other: (x = api.info(1)) => x.load() }
    """,
    """
    const handlers = { ['ÿname'](x) { return x }, plain(y) { return y.ÿname(y.plain()) } }
    export default async function main(a) {
      await a.plain(a.ÿname(1)); for (const x of a.list()) { x.plain(); x.ÿname() }
      class Inner { field = this.plain(); static { Inner.ÿname() } method() { this.plain() } }
      return handlers.plain(`${a.plain()}`)
    }
    """,
]

@Suite struct MethodCallsTests {
    /// For every node of each snippet (functions, classes, the program; with the names table prepared and
    /// without), the calls `MethodCalls` hands the search are the walk's calls whose name a method of the
    /// file has, in the walk's order.
    @Test(arguments: methodSnippets.indices, [false, true])
    func methodCallsAreTheWalksCallsOfKnownNames(_ i: Int, _ prepared: Bool) {
        let code = methodSnippets[i]
        let parse = Parser.parse(SourceFile(path: "t.js", text: code), options: .forPath("t.js"))
        if prepared { parse.tree.prepareNames() }
        let unit = SourceUnit(index: 0, path: "t.js", absolutePath: "/t.js", parse: parse,
                              suppressions: Suppressions(tree: parse.tree))
        let tree = parse.tree
        let methods = MethodNames([unit], jobs: 1)
        let calls = MethodCalls(methods)
        var walked = 0, lone = 0
        for k in 0..<tree.count {
            let id = NodeID(Int32(k))
            let expected = HotContexts.calledMethods(id, tree).filter { !methods.named($0.name).isEmpty }
            let given = calls.calledMethods(id, unit: unit).filter { !methods.named($0.name).isEmpty }
            #expect(given.map(\.name) == expected.map(\.name) && given.map(\.call) == expected.map(\.call),
                    "node \(k) \(tree.kind(id))")
            if expected.count == 1 { lone += 1 }
            if expected.count > 1 { walked += 1 }
        }
        // both ways are taken: functions with one such call and functions with several
        #expect(lone >= 3 && walked >= 3)
    }
}

@Suite struct EarlyReturnGuardRegionTests {
    /// The calls of `code` whose callee is `name`, and whether each lies in a once-only region.
    func onceOfCalls(named name: String, in code: String) -> [Bool] {
        let parse = Parser.parse(SourceFile(path: "t.js", text: code), options: .forPath("t.js"))
        let unit = SourceUnit(index: 0, path: "t.js", absolutePath: "/t.js", parse: parse,
                              suppressions: Suppressions(tree: parse.tree))
        let tree = parse.tree
        return (0..<tree.count).compactMap { k -> Bool? in
            let node = NodeID(Int32(k))
            guard case .call(let callee, _, _, _) = tree[node], tree.text(tree.unwrap(callee)) == name else { return nil }
            return OnceGuards.isOnce(node, in: unit)
        }
    }

    @Test func codeBeforeAnEarlyReturnGuardRunsPerCall() {
        let code = """
        let real
        function after() { start(); if (real) return real; real = connect(); return real }
        async function nested(req) { if (req.ok) { await audit(req) } if (real) return real; real = await open(); return real }
        """
        #expect(onceOfCalls(named: "start", in: code) == [false])
        #expect(onceOfCalls(named: "audit", in: code) == [false])
        #expect(onceOfCalls(named: "connect", in: code) == [true])
        #expect(onceOfCalls(named: "open", in: code) == [true])
    }
}
