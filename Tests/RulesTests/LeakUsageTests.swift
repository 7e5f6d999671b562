// The leak rules' container usage, shared and narrowed for speed, answers as the walk it replaced:
// `LeakScopes.containerUsage()` gives the tables of a fresh `LeakContainerUsage` (also when asked again), and
// `LeakHeldContainers.mayResolveHeld` holds wherever `resolve` gives a held field or closed-over container, so
// the held walk, which skips the other expressions, records every operation and escape of those, as the walk
// over every value does (also for the fields of a factory's handle).

import JSSemantic
import JSSyntax
@testable import Rules
import SourceText
import Testing

private let leakSnippets: [String] = [
    """
    const cache = new Map(); const seen = {}; let list = []
    const api = (() => { const inner = new Set(); return { add: (k) => inner.add(k) } })()
    class Store { constructor() { this.items = new Map() } put(k, v) { this.items.set(k, v); globalThis.hits[k] = 1 } static reset() { this.all = {} } }
    module.exports = new Store()
    app.get('/x', (req, res) => {
      cache.set(req.query.id, 1); seen[req.params.k] = true; list.push(req.body); list = [...list, 1]
      Object.assign(seen, req.body); if (cache.size > 10) cache.clear(); delete seen[req.params.k]; res.send(Object.keys(seen))
      process.on('exit', () => {}); api.add(req.ip); console.log(list.length)
    })
    """,
    """
    const registry = {}; function register(k, v) { registry[k] = v; return registry }
    function Client(opts) { this.pools = {}; this.clients = new Map(); var self = this; self.byHost = new Map() }
    Client.prototype.get = function (origin) {
      var self = this
      if (!this.clients.has(origin)) this.clients.set(origin, make(origin))
      self.byHost[origin] = self.pools[origin] || {}; Object.assign(this.pools, { [origin]: 1 })
      const pool = self.clients.get(origin); pool.on('disconnect', () => self.clients.delete(origin))
      return this.clients.get(origin)
    }
    Client.prototype.close = function () { this.clients.clear(); this.pools = {} }
    module.exports = Client
    """,
    """
    const seen = new Set(); export const mark = (k) => { if (!seen.has(k)) seen.add(k) }
    export function withCache(fn) {
      const memo = new Map(); const order = []
      return (key) => { if (memo.has(key)) return memo.get(key); const v = fn(key); memo.set(key, v); order.push(key); hand(order); return v }
    }
    export class Agent {
      #clients = new Map(); cache = {}
      dispatch(o) { const c = this.#clients.get(o) ?? new Pool(o); this.#clients.set(o, c); this.cache[o] = c; return c }
      [Symbol.dispose]() { this.#clients.clear() }
    }
    const sign = withCache(hmac)
    """,
    """
    // ts: a factory's handle, reached through the local it is kept in and parameters of its type
    export interface Ctx { sets: Record<string, number>; names: Map<string, string>; update: () => void }
    const seen = new Set<string>(); export function mark(k: string) { seen.add(k) }
    export function createCtx(): Ctx {
      const ctx: Ctx = { sets: {}, names: new Map(), update }
      function update() { ctx.sets = {}; ctx.names.clear() }
      return ctx
    }
    export function lookup(ids: string[], ctx: Ctx, other: Ctx | null) {
      const key = ids.join(',')
      if (ctx.sets[key] === undefined) ctx.sets[key] = ids.length
      ctx.names.set(key, key); hand(ctx); hand(ctx.names); other?.names.get(key)
      return ctx.sets[key]
    }
    """,
    """
    // module-level helpers handed the instance by its methods (`helper(this, key)`), directly or through another
    function Schema(d) { this.subpaths = {}; this.d = d }
    Schema.prototype.path = function (p) { if (this.subpaths[p]) return this.subpaths[p]; return outer(this, p) }
    class Repo { constructor() { this.rows = new Map() } get(id) { const self = this; return fill(self, id) } }
    function outer(self, p) { return inner(self, p) }
    function inner(self, p) { self.subpaths[p] = self.d[p]; const s = self.subpaths; return s[p] }
    function fill(self, id) { self.rows.set(id, 1); hand(self.rows); return self.rows.get(id) }
    function mixed(target, k) { target.subpaths[k] = 1 }
    Schema.prototype.m = function (k) { mixed(this, k) }
    mixed({ subpaths: {} }, 'x')
    function exported(self, k) { self.subpaths[k] = 1 }
    Schema.prototype.e = function (k) { exported(this, k) }
    function reset(self) { self = {}; self.subpaths = {} }
    Schema.prototype.r = function () { reset(this) }
    const seen = new Set(); Schema.prototype.track = function (k) { seen.add(k); remember(this, k) }
    function remember(self, k) { seen.add(self.d[k]) }
    module.exports = { Schema, Repo, exported }
    """,
]

private func leakScopes(_ code: String) -> LeakScopes {
    let path = code.hasPrefix("// ts:") ? "t.ts" : "t.js"
    let parsed = Parser.parse(SourceFile(path: path, text: code), options: .forPath(path))
    return LeakScopes(semantic: FileSemantics(parsed.tree))
}

/// The operations of a table as comparable rows, in a fixed order.
private func rows(_ ops: [LeakRef: [LeakContainerUsage.Op]], _ scopes: LeakScopes) -> [String] {
    ops.flatMap { ref, list in
        list.map { op in "\(scopes.displayName(ref)) \(ref.root) \(op.node) \(op.method) \(op.keyText ?? "-") \(op.growth.map { "\($0)" } ?? "-")" }
    }.sorted()
}

@Test(arguments: leakSnippets.indices)
func sharedContainerUsageIsTheWalksUsage(_ i: Int) {
    let scopes = leakScopes(leakSnippets[i])
    let fresh = LeakContainerUsage(scopes: scopes)
    #expect(!fresh.ops.isEmpty)
    for _ in 0..<2 {
        let shared = scopes.containerUsage()
        #expect(rows(shared.ops, scopes) == rows(fresh.ops, scopes))
        #expect(shared.escaped == fresh.escaped)
        #expect(shared.sortedRefs() == fresh.sortedRefs())
    }
}

@Test(arguments: leakSnippets.indices)
func heldWalkSkipsOnlyWhatResolvesToNoHeldContainer(_ i: Int) {
    let scopes = leakScopes(leakSnippets[i])
    let held = LeakHeldContainers(scopes: scopes)
    let tree = scopes.tree
    var heldRefs = 0
    for n in 0..<tree.count {
        let id = NodeID(Int32(n))
        guard let ref = held.resolve(id) else { continue }
        switch ref.root {
        case .held, .closure:
            heldRefs += 1
            #expect(held.mayResolveHeld(id), "\(tree.text(id))")
        default:
            continue
        }
    }
    if i > 0 { #expect(heldRefs > 0) }
    // the held walk's tables: exactly the held and closed-over values, each with an operation where the file has one
    let usage = LeakContainerUsage(scopes: scopes, held: held)
    for ref in usage.ops.keys {
        switch ref.root {
        case .held, .closure: continue
        default: Issue.record("a value the held walk does not follow: \(scopes.displayName(ref))")
        }
    }
    if i > 0 { #expect(usage.ops.keys.contains { held.kinds[$0] != nil }) }
    // and they are what the walk over every value records for those
    let every = LeakContainerUsage(scopes: scopes, held: held, everyValue: true)
    func isHeld(_ ref: LeakRef) -> Bool {
        switch ref.root {
        case .held, .closure: return true
        default: return false
        }
    }
    #expect(rows(usage.ops, scopes) == rows(every.ops.filter { isHeld($0.key) }, scopes))
    #expect(usage.escaped == every.escaped.filter(isHeld))
    #expect(usage.sortedRefs() == every.sortedRefs().filter(isHeld))
}

@Test func timerFunctionNameIsTheOneNameIsTimerFunctionHoldsFor() {
    let scopes = leakScopes("""
    import { setInterval as every, clearInterval } from 'timers'
    const timers = require('node:timers'); const { setTimeout: later } = require('timers/promises')
    function f(setTimeout) {
      const a = setInterval(tick, 10); every(tick, 5); global.setInterval(tick, 1); globalThis.clearTimeout(a)
      timers.setImmediate(tick); timers.clearInterval(a); clearInterval(a); later(10); setTimeout(tick, 1)
      window.setInterval(tick, 1); obj['setInterval'](tick); clearTimeout(a); queueMicrotask(tick)
    }
    """)
    let tree = scopes.tree
    let names = ["setInterval", "setTimeout", "setImmediate", "clearInterval", "clearTimeout", "queueMicrotask", "tick"]
    var named = 0
    for n in 0..<tree.count {
        let id = NodeID(Int32(n))
        guard case .call(let callee, _, _, _) = tree[id] else { continue }
        let name = scopes.timerFunctionName(callee)
        if name != nil { named += 1 }
        for candidate in names {
            #expect(scopes.isTimerFunction(callee, candidate) == (name == candidate), "\(tree.text(callee)) / \(candidate)")
        }
    }
    #expect(named >= 9)
}

@Test func handleFieldsResolveThroughTheFactorysLocalAndTypedParameters() {
    let scopes = leakScopes(leakSnippets[3])
    let held = LeakHeldContainers(scopes: scopes)
    let tree = scopes.tree
    var seen: [String: Set<String>] = [:]
    for n in 0..<tree.count {
        let id = NodeID(Int32(n))
        guard tree.kind(id) == .member, let ref = held.resolve(id), case .held(let owner) = ref.root else { continue }
        #expect(held.isHandle(owner))
        seen[tree.text(id), default: []].insert(ref.path.joined(separator: "."))
    }
    #expect(seen["ctx.sets"] == ["sets"])
    #expect(seen["ctx.names"] == ["names"])
    // `other` is not the handle's type alone (`Ctx | null`), and the handle itself is no container
    #expect(seen["other?.names"] == nil)
    #expect(held.kinds.keys.filter { if case .held = $0.root { return true } else { return false } }.count == 2)
}

@Test func instanceHelperParametersResolveToTheirClassFields() {
    let scopes = leakScopes(leakSnippets[4])
    let held = LeakHeldContainers(scopes: scopes)
    let tree = scopes.tree
    var seen: [String: Set<String>] = [:]
    for n in 0..<tree.count {
        let id = NodeID(Int32(n))
        guard tree.kind(id) == .member, let ref = held.resolve(id), case .held = ref.root,
              let fn = tree.enclosingFunction(of: id) else { continue }
        seen[(scopes.semantic.functionName(fn) ?? "?") + " " + tree.text(id), default: []].insert(ref.path.joined(separator: "."))
    }
    #expect(seen["inner self.subpaths"] == ["subpaths"])
    #expect(seen["fill self.rows"] == ["rows"])
    // a helper also handed another object, one exported (referenced but not called), one reassigning its parameter
    #expect(seen["mixed target.subpaths"] == nil)
    #expect(seen["exported self.subpaths"] == nil)
    #expect(seen["reset self.subpaths"] == nil)
    var helpers: [String: Int] = [:]
    for fn in scopes.semantic.functions {
        guard let h = held.instanceHelper(fn), let name = scopes.semantic.functionName(fn) else { continue }
        helpers[name] = h.index
        #expect((scopes.className(h.owner) ?? scopes.semantic.functionName(h.owner)) == (name == "fill" ? "Repo" : "Schema"))
    }
    #expect(helpers == ["outer": 0, "inner": 0, "fill": 0, "remember": 0])
    // the alias of the helper's field (`const s = self.subpaths`) stands for the field too
    let alias = tree.nodes(ofKind: .identifier).first { tree.text($0) == "s" && tree.parent($0).map { tree.kind($0) == .member } == true }
    #expect(alias.flatMap { held.resolve($0) }?.path == ["subpaths"])
}

@Test(arguments: leakSnippets.indices.map { $0 } + [-1])
func identifierMemoResolvesEveryChainAsTheScopesDo(_ i: Int) {
    // -1: chains from undeclared globals, a local that shadows one, `this`, calls and long chains
    let scopes = leakScopes(i >= 0 ? leakSnippets[i] : """
    const store = { a: { b: new Map() } }; let local = 1
    class Hub { constructor() { this.rooms = new Map() } join(k) { this.rooms.get(k).add(k); this.rooms.size } }
    module.exports = new Hub()
    function f(req, global) {
      global.seen[req.id] = 1; globalThis.hits.all[req.id] = 2; process.env.X; store.a.b.set(req.id, 1); store['a'].b
      local.x.y.z = 3; req.body.items.push(1); make().cache.k = 1; (store).a.b; store.a?.b.get(1)
      a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l
    }
    global.top = {}; global.top.list = []
    """)
    let tree = scopes.tree
    var memo = LeakContainerUsage.IdentifierMemo(scopes.semantic.bindingCount, held: false)
    var resolvedChains = 0
    for n in 0..<tree.count {
        let id = NodeID(Int32(n))
        guard tree.kind(id) == .member || tree.kind(id) == .identifier else { continue }
        let expected = scopes.resolve(id)
        #expect(memo.resolve(id, scopes) == expected, "\(tree.text(id))")
        if expected != nil, tree.kind(id) == .member { resolvedChains += 1 }
    }
    #expect(resolvedChains > 0)
}
