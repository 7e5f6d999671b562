// The hot-context search's early-return guards, kept per function (`EarlyReturnGuards`), against
// `OnceGuards.notPerCall` worked out anew: for every node of files with guards before, after and around
// calls, in nested functions, arrow bodies and methods, asked in a seeded order so a function's answer is
// first kept from any of its nodes.

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

    /// The calls by method name of each function (`MethodCalls`, read from the file's calls in falling node
    /// order) are those the walk of the function (`HotContexts.calledMethods`) gives, in the walk's order: for the
    /// module's top level and every function, in JavaScript and in TypeScript with decorators, type annotations,
    /// default parameters, computed keys, class fields, template literals, optional chains and nested callbacks.
    @Test func methodCallsAreThoseOfTheWalkInItsOrder() {
        let js = guardSnippets.joined(separator: "\n") + """

            const app = make(); app.use(a.b()); app.get(`/${x.y()}`, (req, res) => res.send(db.find(req.q).map((r) => r.toJSON())))
            function outer(a = cfg.read(), { b } = opts.pick()) {
              const k = { [keys.first()]: vals.second(), m() { return this.one().two() }, n: () => z.three() }
              class C { f = init.field(); static g = init.static(); h() { return q?.opt?.().call(w.arg()) } }
              for (const i of list.items()) { if (i.ok()) { i.done(); continue } else i.fail() }
              return k.m().then((v) => v.next(), (e) => log.error(e)).finally(() => pool.release())
            }
            """
        let ts = """
            @Controller(routes.base())
            export class Api {
              constructor(private readonly svc: Service = Service.make()) { this.svc.start() }
              @Get(paths.one()) async one(@Param(pipes.id()) id: string): Promise<Item> { return this.svc.find(id).then((x) => x.item()) }
              private cache: Map<string, Item> = store.map();
              two = async (n: number = limits.max()): Promise<void> => { await this.svc.save(n); this.cache.clear() }
            }
            export function helper<T>(v: T, w = defaults.get()): T { return (v as any).clone().with(w.value()) }
            """
        var compared = 0, withSeveral = 0
        for (path, code) in [("t.js", js), ("t.ts", ts)] {
            let parse = Parser.parse(SourceFile(path: path, text: code), options: .forPath(path))
            let unit = SourceUnit(index: 0, path: path, absolutePath: "/" + path, parse: parse,
                                  suppressions: Suppressions(tree: parse.tree))
            let tree = parse.tree
            #expect(parse.errors.isEmpty, "\(path)")
            let calls = MethodCalls()
            for k in 0..<tree.count {
                let id = NodeID(Int32(k))
                guard id == tree.root || tree.kind(id).isFunction else { continue }
                let walked = HotContexts.calledMethods(id, tree)
                let table = calls.of(id, unit: unit)
                #expect(table.map(\.call) == walked.map(\.call), "\(path) node \(k)")
                #expect(table.map(\.name) == walked.map(\.name), "\(path) node \(k)")
                compared += 1
                if walked.count >= 3 { withSeveral += 1 }
            }
        }
        // the order is checked where it can differ: functions calling several methods
        #expect(compared >= 25 && withSeveral >= 6, "\(compared) \(withSeveral)")
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
