// unbounded-cache/map-growth (page: rules/unbounded-cache/map-growth.md): a long-lived Map, Set, object or array gains an entry on a request path
// (a varying key, or any push) and nothing anywhere in the program takes entries out again.

import Diagnostics
import ExecutionContext
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct UnboundedCacheMapGrowthRule: Rule {
    static let id: RuleID = "unbounded-cache/map-growth"

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        paths.forEachReachedUnit(ctx) { unit, scopes, ctx in
            let usage = scopes.containerUsage()
            for ref in usage.sortedRefs() {
                guard let kind = scopes.containerKind(of: ref), !usage.escapes(ref) else { continue }
                let (found, lazy) = usage.evictions(ref, kind)
                var bounding = found
                // A container whose entries expire only when read again is bounded only by an eviction
                // that really runs and does not just drop keys a caller names.
                var named = false
                if !lazy.isEmpty {
                    let idle = bounding.filter { usage.isInvalidation($0, of: ref) || !evictionRuns($0.node, unit, scopes, paths, ctx) }
                    bounding.removeAll { op in idle.contains { $0.node == op.node } }
                    named = !idle.isEmpty
                }
                guard bounding.isEmpty, !compilesPatterns(usage.ops[ref] ?? [], unit) else { continue }
                for op in usage.growingOps(ref, kind) {
                    guard let entry = paths.entry(of: op.node, in: unit), !usage.isSizeGuarded(op.node, ref) else { continue }
                    // keys the program writes itself (a template name every caller passes as a literal)
                    if case .keyed(let key)? = op.growth, CallerArguments.fewValues(key, in: unit.index, ctx) { continue }
                    ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, entry, lazy: !lazy.isEmpty, named: named))
                }
            }
            checkFactoryOptions(ctx, unit, scopes, paths)
        }
        LeakScopes.forEachUnit(ctx) { unit, scopes, ctx in
            checkHeld(ctx, unit, scopes, paths)
            checkExpiring(ctx, unit, scopes, paths)
        }
    }

    /// An array held by the options a registered handler's factory was called with (`jwk({ keys })`), appended
    /// to on a request path: in the handler itself or in a helper every call hands it to
    /// (`verifyWithJwks(token, { keys: options.keys })`). The options live as long as the app.
    func checkFactoryOptions(_ ctx: ProjectContext, _ unit: SourceUnit, _ scopes: LeakScopes, _ paths: LeakRequestPaths) {
        let tree = unit.tree
        var options: LeakFactoryOptions?
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call, case .call(let callee, _, let args, _) = tree[id],
                  case .member(let receiver, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.nameIs(property, "push") || tree.nameIs(property, "unshift"), !tree.list(args).isEmpty,
                  rootParameterOrLocal(receiver, unit) != nil, scopes.resolve(receiver) == nil,
                  let entry = paths.entry(of: id, in: unit) else { continue }
            if options == nil { options = LeakFactoryOptions(ctx, paths: paths) }
            guard let origin = options?.origin(of: receiver, in: unit.index), origin.unit < ctx.units.count,
                  !isTrimmed(scopes.normalizedText(receiver), near: id, scopes) else { continue }
            let name = tree.text(tree.unwrap(receiver))
            var trace = entry.trace
            trace.append(ctx.units[origin.unit].step(origin.parameter,
                "\(ctx.units[origin.unit].tree.name(of: origin.parameter)) is given once, when the app registers what \(origin.factoryName)() returns, and lives as long as the app"))
            trace.append(unit.step(id, "\(scopes.shortText(id)) adds to \(name)"))
            let when = entry.context == "per call" ? "on every call of \(entry.label)" : "on every request in \(entry.label)"
            ctx.report(unit, id, Report(
                "\(name) (an array in the options of \(origin.factoryName)(), kept by the handler it returns) grows by an element \(when) and nothing ever removes one",
                fix: Fix(description: "leave the factory's options alone per request: build a new array ([...keys, ...fetched]) or keep fetched items in a bounded cache"),
                trace: trace,
                evidence: ["container": .string(name), "kind": .string("array"), "handler": .string(entry.label), "context": .string(entry.context)]))
        }
    }

    /// A cache of compiled patterns: one of its keyed writes stores a regular expression built there
    /// (`cache.set(p, new RegExp(p))`, `cache[key] = [key, name, new RegExp(src)]`, or a local assigned one
    /// just before). Its keys are the patterns, and patterns are the program's own (registered routes,
    /// subscribed event names, configured globs): a set the code fixes, however often requests look them up.
    func compilesPatterns(_ ops: [LeakContainerUsage.Op], _ unit: SourceUnit) -> Bool {
        let tree = unit.tree
        for op in ops {
            let value: NodeID?
            switch (op.method, tree[op.node]) {
            case ("set", .call(_, _, let args, _)): value = tree.list(args).dropFirst().first
            case ("[]=", .assignment(.assign, _, let right)): value = right
            default: value = nil
            }
            guard let v = value else { continue }
            if buildsRegExp(v, tree) { return true }
            // a local assigned a compiled pattern before it is stored (`regex = new RegExp(p); cache.set(k, regex)`)
            let e = tree.unwrap(v)
            guard tree.kind(e) == .identifier, let b = unit.semantic.binding(for: e),
                  let fn = tree.enclosingFunction(of: op.node) else { continue }
            let range = tree.range(fn)
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard tree.kind(id) == .assignment || tree.kind(id) == .variableDeclarator else { continue }
                let r = tree.range(id)
                guard r.start >= range.start, r.end <= range.end else { continue }
                switch tree[id] {
                case .assignment(.assign, let left, let right):
                    if tree.kind(left) == .identifier, unit.semantic.binding(for: left) == b, buildsRegExp(right, tree) { return true }
                case .variableDeclarator(let target, let initial?, _):
                    if tree.kind(target) == .identifier, unit.semantic.binding(for: target) == b, buildsRegExp(initial, tree) { return true }
                default:
                    continue
                }
            }
        }
        return false
    }

    /// Whether an expression constructs a regular expression (`new RegExp(...)`, `RegExp(...)`), also as an
    /// element of an array or a branch of a conditional it evaluates to.
    func buildsRegExp(_ expr: NodeID, _ tree: SyntaxTree, depth: Int = 0) -> Bool {
        guard depth < 4 else { return false }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .new(let callee, _, _), .call(let callee, _, _, _):
            let c = tree.unwrap(callee)
            return tree.kind(c) == .identifier && tree.nameIs(c, "RegExp")
        case .arrayExpression(let elements):
            return tree.list(elements).contains { buildsRegExp($0, tree, depth: depth + 1) }
        case .conditional(_, let yes, let no):
            return buildsRegExp(yes, tree, depth: depth + 1) || buildsRegExp(no, tree, depth: depth + 1)
        default:
            return false
        }
    }

    /// The identifier a member chain starts from, when it is a parameter or a function's local (what the leak
    /// scopes do not follow): `options` in `options.keys`.
    func rootParameterOrLocal(_ expr: NodeID, _ unit: SourceUnit) -> NodeID? {
        let tree = unit.tree
        var e = tree.unwrap(expr)
        var steps = 0
        while steps < 16, case .member(let object, _, false, _) = tree[e] {
            e = tree.unwrap(object)
            steps += 1
        }
        guard tree.kind(e) == .identifier, let b = unit.semantic.binding(for: e), !unit.semantic.isModuleLevel(b) else { return nil }
        switch unit.semantic.binding(b).kind {
        case .parameter, .const, .let, .var: return e
        default: return nil
        }
    }

    /// Whether the function around a growing call also trims the same array (`x.shift()`, `x.splice(...)`,
    /// `x.pop()`, `x.length = n`), written the same way.
    func isTrimmed(_ text: String, near node: NodeID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        guard let fn = tree.enclosingFunction(of: node) else { return false }
        let range = tree.range(fn)
        var n = 0
        while n < tree.count {
            let id = NodeID(Int32(n))
            n += 1
            let r = tree.range(id)
            guard r.start >= range.start, r.end <= range.end else { continue }
            switch tree[id] {
            case .call(let callee, _, _, _):
                guard case .member(let object, let p, false, _) = tree[tree.unwrap(callee)],
                      tree.nameIs(p, "shift") || tree.nameIs(p, "pop") || tree.nameIs(p, "splice"),
                      scopes.normalizedText(object) == text else { continue }
                return true
            case .assignment(_, let left, _):
                guard case .member(let object, let p, false, _) = tree[tree.unwrap(left)], tree.nameIs(p, "length"),
                      scopes.normalizedText(object) == text else { continue }
                return true
            default:
                continue
            }
        }
        return false
    }

    /// A module-level cache whose entries expire only when read again (`if (Date.now() - e.at > ttl)
    /// cache.delete(k)` in the getter), filled in a function no request entry point looplint knows reaches.
    /// An expiry checked on read says the entries are meant to outlive the call that made them: the cache
    /// serves repeated calls over the process's life, whoever makes them (a hook, a tool call, a library's
    /// caller), and keys never asked for again stay forever. Reported per call of the function that adds.
    func checkExpiring(_ ctx: ProjectContext, _ unit: SourceUnit, _ scopes: LeakScopes, _ paths: LeakRequestPaths) {
        guard unit.role == .source,
              scopes.program.values.contains(where: { d in d.initializer.map { scopes.containerKind(created: $0) != nil } ?? false })
        else { return }
        let usage = scopes.containerUsage()
        for ref in usage.sortedRefs() {
            guard case .binding = ref.root, let kind = scopes.containerKind(of: ref), !usage.escapes(ref) else { continue }
            let (found, lazy) = usage.evictions(ref, kind)
            guard lazy.contains(where: usage.isClockExpiry) else { continue }
            let idle = found.filter { usage.isInvalidation($0, of: ref) || !evictionRuns($0.node, unit, scopes, paths, ctx, uncalledRuns: true) }
            guard found.count == idle.count else { continue }
            for op in usage.growingOps(ref, kind) {
                // adds a request reaches are the request-path check's
                guard paths.entry(of: op.node, in: unit) == nil, !usage.isSizeGuarded(op.node, ref),
                      let entry = perCallEntry(of: op.node, unit) else { continue }
                ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, entry, lazy: true, named: !idle.isEmpty))
            }
        }
    }

    /// Outside entry points, the function a per-call finding names: the innermost enclosing function with a
    /// name (`setCache`, `RequestWithCache.perform`), unless the add runs once (a constructor, a lazy
    /// initialisation's first run, development-only code) or at the module's top level.
    func perCallEntry(of node: NodeID, _ unit: SourceUnit) -> LeakRequestEntry? {
        let tree = unit.tree
        guard !OnceGuards.notPerCall(node, in: unit) else { return nil }
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, steps < 16 {
            steps += 1
            if let p = tree.parent(f), case .methodDefinition(_, _, _, let kind, _) = tree[p], kind == .constructor { return nil }
            if let name = unit.semantic.functionName(f) {
                var label = name
                if let p = tree.parent(f), tree.kind(p) == .methodDefinition,
                   let cls = tree.enclosingClass(of: p), let c = tree.className(cls) {
                    label = c + "." + name
                }
                label += "()"
                return LeakRequestEntry(function: f, label: label, context: "per call",
                                        trace: [unit.step(f, "\(label) runs once per call")])
            }
            fn = tree.enclosingFunction(of: f)
        }
        return nil
    }

    /// Library objects and memoizing factories: a container held by an instance the caller keeps (a field
    /// made in the constructor) or by the function a factory returns, filled get-or-compute style by a
    /// library API call (a read of the same key before the add), and evicted by nothing but the
    /// instance's own teardown (`close()`, `destroy()`).
    func checkHeld(_ ctx: ProjectContext, _ unit: SourceUnit, _ scopes: LeakScopes, _ paths: LeakRequestPaths) {
        let held = LeakHeldContainers(scopes: scopes)
        guard !held.isEmpty else { return }
        let usage = LeakContainerUsage(scopes: scopes, held: held)
        for ref in usage.sortedRefs() {
            switch ref.root {
            case .held, .closure: break
            default: continue
            }
            guard let kind = held.kinds[ref], !usage.escapes(ref) else { continue }
            let (found, lazy) = usage.evictions(ref, kind)
            var bounding = found.filter { !held.isInTeardown($0.node) }
            if !lazy.isEmpty {
                bounding.removeAll { usage.isInvalidation($0, of: ref) || !evictionRuns($0.node, unit, scopes, paths, ctx) }
            }
            // Emptied only when the caller reconfigures the object (`addServer()` resetting `this.cache = {}`
            // beside the ring it is derived from): between two reconfigurations a memo keyed by each
            // caller's argument keeps every key it is asked for.
            // (The memos are found first: the resets' check reads the whole file.)
            if !bounding.isEmpty, lazy.isEmpty, case .held(let owner) = ref.root, unit.role == .source,
               case let ops = usage.ops[ref] ?? [],
               case let memos = usage.growingOps(ref, kind).compactMap({ op in parameterMemo(op, ops, owner: owner, held, unit).map { (op, $0) } }),
               !memos.isEmpty, let resets = reconfigurationResets(bounding, ref, owner: owner, held, unit)
            {
                let holder = held.isHandle(owner) ? unit.semantic.functionName(owner).map { "the object \($0)() returns, which its caller keeps" } : nil
                for (op, entry) in memos {
                    guard !resets.contains(entry.function), !usage.isSizeGuarded(op.node, ref), !clearsEntry(op.node, scopes) else { continue }
                    // a reset that then runs the method that adds (`_call() { this.visited = new Set(); return
                    // this.scrapeRecursive(url) }`) starts an operation with fresh scratch state: the entries live
                    // as long as that operation, not the object
                    if resets.contains(where: { callsOwnMethod($0, entry.function, unit) }) { continue }
                    ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, entry, lazy: false, named: false,
                                                     created: held.creations[ref], holder: holder,
                                                     reset: resets.first.flatMap { unit.semantic.functionName($0) }))
                }
                continue
            }
            // a factory's handle takes part only in the shape above: whether it outlives a call is not in the file
            // otherwise (a context made per request looks the same)
            if case .held(let owner) = ref.root, held.isHandle(owner) { continue }
            // Evicted only by a method the caller must remember to call for each key (`disable(page)`): an entry
            // keyed by an object the caller hands in stays when the caller lets the object go without it.
            if !bounding.isEmpty {
                guard lazy.isEmpty, case .held(let owner) = ref.root, kind == .map || kind == .set, unit.role == .source else { continue }
                var teardowns: [NodeID] = []
                for op in bounding {
                    guard let t = callerNamedDelete(op, owner: owner, held, unit) else { teardowns = []; break }
                    if !teardowns.contains(t) { teardowns.append(t) }
                }
                guard !teardowns.isEmpty, !teardowns.contains(where: { calledInFile($0, unit) }) else { continue }
                for op in usage.growingOps(ref, kind) {
                    guard let entry = objectKeyedAdd(op, owner: owner, teardowns: teardowns, held, unit) else { continue }
                    ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, entry, lazy: false, named: false,
                                                     created: held.creations[ref], teardown: teardowns.first.flatMap { unit.semantic.functionName($0) }))
                }
                continue
            }
            let ops = usage.ops[ref] ?? []
            for op in usage.growingOps(ref, kind) {
                // the instance's own method is the registered handler (`net.createServer(this.onConnection.bind(this))`):
                // the instance lives as long as what it serves, whoever made it; but a stream's per-chunk hook
                // (`_write`) runs for one stream, whose fields collect that stream's chunks and go with it.
                // A handler the object registers through a callback of its own for what it serves (`store.subscribe(
                // 'join', (id, room) => self.onJoin(id, room))`: requests or messages, not its own timers) counts
                // too, when nothing deletes from the field: an object driven by messages takes an entry out when
                // the message that ends it comes (`if (this.open[id]) delete this.open[id]` on a client's
                // disconnect), which reads like an expiry on lookup and is not one.
                if case .held(let owner) = ref.root, let reached = paths.entry(of: op.node, in: unit), reached.context != "library API",
                   reached.context != EntryKind.chunk.evidenceText,
                   let root = entryRoot(reached.function, unit, paths, ctx), root.unit == unit.index, registrant(of: root.node, held) == owner,
                   case let ownMethod = held.owner(ofMethod: root.node) == owner,
                   ownMethod || (lazy.isEmpty && (reached.context == EntryKind.request.evidenceText || reached.context == EntryKind.message.evidenceText)) {
                    guard !usage.isSizeGuarded(op.node, ref), !clearsEntry(op.node, scopes) else { continue }
                    ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, reached, lazy: !lazy.isEmpty, named: false,
                                                     created: held.creations[ref],
                                                     holder: ownMethod ? "the instance, whose own method is the registered handler"
                                                         : "the instance, which registers the handler itself"))
                    continue
                }
                guard let key = op.keyText, !usage.isSizeGuarded(op.node, ref), !clearsEntry(op.node, scopes) else { continue }
                // get-or-compute: the same key is looked up first, in the function that adds it or one around it
                var memo = Self.looksUp(key, ops, scopes.tree) { scopes.contains($0, op.node) }
                // a factory's helper adds (`setData(key, ret)` after `cache.has(key)`): the key its caller passes
                if !memo, case .closure = ref.root {
                    memo = helperKeys(op, held, unit).contains { call, text in
                        Self.looksUp(text, ops, scopes.tree) { scopes.contains($0, call) }
                    }
                }
                // an add in a module-level helper working on the instance (`getPositionalPathType(self, path)`): the
                // lookup may sit in the method or helper that hands it the key (`return self.subpaths[path]`)
                if !memo, case .held(let owner) = ref.root, let fn = scopes.tree.enclosingFunction(of: op.node),
                   held.instanceHelper(fn)?.owner == owner {
                    memo = helperMemo(op, ops, in: fn, owner: owner, held, unit) != nil
                }
                // Without a lookup, a keyed add by the object's own per-operation method: each operation's own key
                // (MQTT.js's message id per subscribe) stays when nothing in the file takes it out. Appends there are
                // registrations (a transporter's `subscribe` pushing each subscription, set up once): not reported.
                if !memo {
                    guard case .keyed = op.growth, case .held(let owner) = ref.root, unit.role == .source, lazy.isEmpty,
                          paths.entry(of: op.node, in: unit) == nil,
                          let operation = operationMethod(of: op.node, owner: owner, held, unit),
                          !evictedElsewhere(ref, kind, unit, ctx) else { continue }
                    ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, operation, lazy: false, named: false,
                                                     created: held.creations[ref]))
                    continue
                }
                let entry: LeakRequestEntry
                if let reached = paths.entry(of: op.node, in: unit) {
                    // a request handler's objects may be made per request: only a library's API keeps them
                    guard reached.context == "library API" else { continue }
                    entry = reached
                } else if case .closure = ref.root {
                    // Outside entry points a factory's closure, when the file shows the returned function kept.
                    guard unit.role == .source, !OnceGuards.notPerCall(op.node, in: unit),
                          let site = held.perCallSite(of: ref, at: op.node) else { continue }
                    entry = LeakRequestEntry(function: site.function, label: site.name, context: "per call",
                                             trace: [unit.step(site.function, "\(site.name) runs once per call")])
                } else if case .held(let owner) = ref.root, unit.role == .source, lazy.isEmpty,
                          let operation = operationMethod(of: op.node, owner: owner, held, unit),
                          !evictedElsewhere(ref, kind, unit, ctx)
                {
                    // An instance field filled by the object's own per-operation method (`dispatch`,
                    // `execute`, `query`, ...): only a client, agent or connection that serves many
                    // operations has one, and the caller keeps it for as long as it serves them.
                    entry = operation
                } else {
                    // An instance field only when its entries expire on read (a TTL cache): whether an
                    // instance outlives the call (a client the caller keeps, or an analyzer made per build)
                    // is not in the file, and on the ecosystem check get-or-compute fields of exported
                    // classes were mostly per-build or bounded registries; an expiry says the entries are
                    // meant to outlive the calls that add them.
                    guard lazy.contains(where: usage.isClockExpiry), unit.role == .source,
                          !found.contains(where: { !held.isInTeardown($0.node) && !usage.isInvalidation($0, of: ref)
                              && evictionRuns($0.node, unit, scopes, paths, ctx, uncalledRuns: true) }),
                          let perCall = perCallEntry(of: op.node, unit) else { continue }
                    entry = perCall
                }
                ctx.report(unit, op.node, report(unit, scopes, ref, kind, op, entry, lazy: !lazy.isEmpty, named: false,
                                                 created: held.creations[ref]))
            }
        }
    }

    /// The object that registers a handler as its own: the class or constructor function `fn` is an instance
    /// method of (`net.createServer(this.onConnection.bind(this))`), or whose method or constructor declares
    /// `fn` as a callback (`store.subscribe('join', function (id, room) { self.onJoin(id, room) })` in the
    /// constructor, or in a method only it calls).
    func registrant(of fn: NodeID, _ held: LeakHeldContainers) -> NodeID? {
        if let owner = held.owner(ofMethod: fn) { return owner }
        var outer = held.tree.enclosingFunction(of: fn)
        var steps = 0
        while let f = outer, steps < 16 {
            steps += 1
            if let owner = held.owner(ofMethod: f) { return owner }
            if held.isConstructor(f) { return held.constructorOwner(of: f) }
            outer = held.tree.enclosingFunction(of: f)
        }
        return nil
    }

    /// A `delete(key)` in an instance method of `owner` whose key is that method's own parameter
    /// (`disable(page) { this.contexts.delete(page) }`): it runs only when a caller names the key. The method,
    /// or nil.
    func callerNamedDelete(_ op: LeakContainerUsage.Op, owner: NodeID, _ held: LeakHeldContainers, _ unit: SourceUnit) -> NodeID? {
        let tree = unit.tree
        guard op.method == "delete", case .call(_, _, let args, _) = tree[op.node], let key = tree.list(args).first,
              let fn = tree.enclosingFunction(of: op.node), held.owner(ofMethod: fn) == owner,
              parameter(key, of: fn, unit) != nil else { return nil }
        return fn
    }

    /// The methods of `owner` that empty a field wholesale (`this.cache = {}`, `this.cache.clear()`) and
    /// are all its evictions, when none of them runs on the object's own initiative: each is an instance
    /// method other than the constructor, the reset sits in its own body (not in a timer's callback), and
    /// the module never calls it or hands it on (`this.reset()` in a timer, `setInterval(this.reset, ...)`).
    /// Such a reset runs when the caller reconfigures the object (adds a server, swaps a manifest); nil
    /// when any eviction is something else.
    func reconfigurationResets(_ bounding: [LeakContainerUsage.Op], _ ref: LeakRef, owner: NodeID,
                               _ held: LeakHeldContainers, _ unit: SourceUnit) -> [NodeID]?
    {
        var resets: [NodeID] = []
        for op in bounding {
            guard op.method == "=" || op.method == "clear", held.resolve(resetTarget(op.node, unit) ?? op.node) == ref,
                  let fn = unit.tree.enclosingFunction(of: op.node), held.owner(ofMethod: fn) == owner,
                  !held.isConstructor(fn) else { return nil }
            if case .assignment(_, _, let right) = unit.tree[op.node], held.scopes.containerKind(created: right) == nil { return nil }
            // a method that does nothing but empty containers (`clearCache() { this.cache.clear() }`) is an
            // eviction the object offers its caller for memory, not a side effect of a reconfiguration
            guard !onlyEmpties(fn, held.scopes), resets.contains(fn) || (!calledInFile(fn, unit) && (!held.isHandle(owner) || runsOnlyByCaller(fn, held, unit)))
            else { return nil }
            if !resets.contains(fn) { resets.append(fn) }
        }
        return resets.isEmpty ? nil : resets
    }

    /// Whether the method `caller` calls the method `callee` of the same object (`this.scrapeRecursive(...)`,
    /// by the name `callee` is defined under), in its own body (not in a function it creates). Bounded by the
    /// body's nodes.
    func callsOwnMethod(_ caller: NodeID, _ callee: NodeID, _ unit: SourceUnit) -> Bool {
        let tree = unit.tree
        guard let p = tree.parent(callee), case .methodDefinition(_, let key, _, _, _) = tree[p],
              let name = unit.semantic.propertyName(key),
              let body = tree.functionParts(caller)?.body else { return false }
        var stack = [body]
        var budget = 20_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .call(let c, _, _, _) = tree[n], case .member(let object, let property, false, _) = tree[tree.unwrap(c)],
               tree.kind(tree.unwrap(object)) == .thisExpression, unit.semantic.propertyName(property) == name {
                return true
            }
            if tree.kind(n).isFunction { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// Whether a method of a factory's handle runs only when the handle's caller calls it: a function the
    /// factory puts on the handle and calls itself only while it builds it, or a module-level function taking
    /// the handle that nothing in the module calls or hands on.
    func runsOnlyByCaller(_ fn: NodeID, _ held: LeakHeldContainers, _ unit: SourceUnit) -> Bool {
        if held.calledOnlyByFactory(fn) { return true }
        guard unit.semantic.isModuleLevel(fn), case .functionDeclaration(let id?, _, _, _, _, _) = unit.tree[fn],
              let b = unit.semantic.binding(for: id) else { return false }
        return unit.semantic.references(of: b).allSatisfy { r in
            unit.tree.parent(r.node).map { unit.tree.kind($0) == .exportSpecifier } ?? false
        }
    }

    /// Whether every statement of a function's body empties a container (`this.a = {}`, `this.b.clear()`)
    /// or returns nothing.
    func onlyEmpties(_ fn: NodeID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        let body: NodeID?
        switch tree[fn] {
        case .functionExpression(_, _, _, _, let b, _), .functionDeclaration(_, _, _, _, let b, _): body = b
        default: body = nil
        }
        guard let block = body, case .blockStatement(let statements) = tree[block] else { return false }
        for statement in tree.list(statements) {
            switch tree[statement] {
            case .returnStatement(nil), .emptyStatement:
                continue
            case .expressionStatement(let expression, _):
                switch tree[tree.unwrap(expression)] {
                case .assignment(.assign, _, let right) where scopes.containerKind(created: right) != nil:
                    continue
                case .call(let callee, _, let args, _) where tree.list(args).isEmpty:
                    guard case .member(_, let property, false, _) = tree[tree.unwrap(callee)], tree.nameIs(property, "clear") else { return false }
                    continue
                default:
                    return false
                }
            default:
                return false
            }
        }
        return true
    }

    /// Whether an add stores a fresh empty container for its key (`this.free[id] = this.free[id] || []`,
    /// `groups.set(k, new Set())`): a group per key, filled by later adds, rather than a computed result.
    func storesFreshContainer(_ op: LeakContainerUsage.Op, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        let value: NodeID?
        switch (op.method, tree[op.node]) {
        case ("set", .call(_, _, let args, _)): value = tree.list(args).dropFirst().first
        case ("[]=", .assignment(.assign, _, let right)): value = right
        default: value = nil
        }
        guard let v = value else { return false }
        if scopes.containerKind(created: v) != nil { return true }
        if case .logical(_, _, let fallback) = tree[tree.unwrap(v)] { return scopes.containerKind(created: fallback) != nil }
        return false
    }

    /// The container a reset names: the left side of `this.cache = {}`, the receiver of `this.cache.clear()`.
    func resetTarget(_ node: NodeID, _ unit: SourceUnit) -> NodeID? {
        let tree = unit.tree
        switch tree[node] {
        case .assignment(_, let left, _): return left
        case .call(let callee, _, _, _):
            if case .member(let object, _, false, _) = tree[tree.unwrap(callee)] { return object }
            return nil
        default: return nil
        }
    }

    /// A get-or-compute add keyed by the very argument the caller hands to an instance method of `owner`
    /// (`getNode(key) { if (this.cache[key]) return this.cache[key]; ... return this.cache[key] = node }`):
    /// the method memoizes every distinct argument. Not in the constructor or code that runs once (the
    /// caller leaves out adds in a reset method); the key must be the method's own parameter, not something derived from it.
    func parameterMemo(_ op: LeakContainerUsage.Op, _ ops: [LeakContainerUsage.Op], owner: NodeID,
                       _ held: LeakHeldContainers, _ unit: SourceUnit) -> LeakRequestEntry?
    {
        let scopes = held.scopes
        let tree = scopes.tree
        if let fn = tree.enclosingFunction(of: op.node), let helper = held.instanceHelper(fn) {
            guard helper.owner == owner else { return nil }
            return helperMemo(op, ops, in: fn, owner: owner, held, unit)
        }
        guard case .keyed(let key)? = op.growth, let keyText = op.keyText, let fn = tree.enclosingFunction(of: op.node),
              held.owner(ofMethod: fn) == owner, !held.isConstructor(fn),
              !OnceGuards.notPerCall(op.node, in: unit), keyFromArguments(key, of: fn, held, unit), !storesFreshContainer(op, scopes),
              let name = scopes.semantic.functionName(fn) else { return nil }
        guard Self.looksUp(keyText, ops, tree, in: { $0 == fn }) else { return nil }
        let label = held.isHandle(owner) ? name + "()" : (scopes.className(owner) ?? scopes.semantic.functionName(owner) ?? "object") + "." + name + "()"
        return LeakRequestEntry(function: fn, label: label, context: "per call",
                                trace: [unit.step(fn, "\(label) runs once per call and keeps what it computed for each argument its caller passes")])
    }

    /// `parameterMemo` of an add in a module-level helper that works on the instance its caller hands it
    /// (`getPositionalPathType(self, path)` writing `self.subpaths[path] = val`, `LeakHeldContainers.instanceHelper`):
    /// the helper is the method that calls it. Its key must be one of the helper's own parameters, handed to it
    /// unchanged by a method of the object that takes it as its own parameter (`getPositionalPath(this, path)` in
    /// `path(path)`), directly or through another such helper passing its own parameter on; the same key is
    /// looked up in the helper or in a caller on that chain (`return self.subpaths[path]` after the call). The
    /// entry is the first such method in the order of the calls; the chain is read breadth first, each helper once.
    func helperMemo(_ op: LeakContainerUsage.Op, _ ops: [LeakContainerUsage.Op], in fn: NodeID, owner: NodeID,
                    _ held: LeakHeldContainers, _ unit: SourceUnit) -> LeakRequestEntry?
    {
        let scopes = held.scopes
        let tree = scopes.tree
        guard case .keyed(let key)? = op.growth, let keyText = op.keyText, !OnceGuards.notPerCall(op.node, in: unit),
              !storesFreshContainer(op, scopes), let index = scopes.semantic.parameterPosition(ofIdentifier: tree.unwrap(key), in: fn),
              index != held.instanceHelper(fn)?.index, let helperName = scopes.semantic.functionName(fn) else { return nil }
        var pending: [(fn: NodeID, index: Int, looked: Bool)] = [(fn, index, Self.looksUp(keyText, ops, tree, in: { $0 == fn }))]
        var seen: Set<NodeID> = [fn]
        var next = 0
        while next < pending.count, next < 64 {
            let (f, i, looked) = pending[next]
            next += 1
            guard let calls = held.helperCalls(of: f) else { continue }
            for call in calls {
                guard case .call(_, _, let args, _) = tree[call], case let list = Array(tree.list(args)), i < list.count,
                      let caller = tree.enclosingFunction(of: call),
                      let j = scopes.semantic.parameterPosition(ofIdentifier: tree.unwrap(list[i]), in: caller) else { continue }
                let found = looked || Self.looksUp(scopes.normalizedText(list[i]), ops, tree, in: { $0 == caller })
                if let h = held.instanceHelper(caller) {
                    if h.owner == owner, j != h.index, seen.insert(caller).inserted { pending.append((caller, j, found)) }
                    continue
                }
                guard found, held.owner(ofMethod: caller) == owner, !held.isConstructor(caller), !OnceGuards.notPerCall(call, in: unit),
                      let name = scopes.semantic.functionName(caller) else { continue }
                let label = (scopes.className(owner) ?? scopes.semantic.functionName(owner) ?? "object") + "." + name + "()"
                return LeakRequestEntry(function: caller, label: label, context: "per call", trace: [
                    unit.step(caller, "\(label) runs once per call and hands the argument its caller passes on to \(helperName)(), with the instance"),
                    unit.step(fn, "\(helperName)() keeps what it computed for each such argument in a field of the instance"),
                ])
            }
        }
        return nil
    }

    /// Methods that look an entry up by its key.
    static let lookupMethods: Set<String> = ["get", "has", "[]"]

    /// Whether one of `ops` looks up `key` in a function `function` accepts (the function the read is written in).
    static func looksUp(_ key: String, _ ops: [LeakContainerUsage.Op], _ tree: SyntaxTree,
                        in function: (NodeID) -> Bool) -> Bool {
        ops.contains { read in
            lookupMethods.contains(read.method) && read.keyText == key && tree.enclosingFunction(of: read.node).map(function) ?? false
        }
    }

    /// Operators whose result is a boolean whatever their operands.
    static let fewValuedOperators: Set<BinaryOperator> = [
        .equal, .notEqual, .strictEqual, .strictNotEqual, .less, .lessEqual, .greater, .greaterEqual, .in, .instanceof,
    ]

    /// Whether a memo's key is computed from its caller's arguments: a parameter of `fn` (not the handle the
    /// function takes), or a local of `fn` every write of which (its initializer, `=`, `+=`, a loop's element)
    /// is built from such parameters, other such locals, literals and names outside the function, reading at
    /// least one parameter where it gives the value, not only in a test, a comparison or a `typeof` (`key +=
    /// sorted[i]` after `const sorted = [...ids].sort()`). A name of an enclosing
    /// function (a closure's state) is none of these. Read over at most a few thousand nodes.
    func keyFromArguments(_ key: NodeID, of fn: NodeID, _ held: LeakHeldContainers, _ unit: SourceUnit) -> Bool {
        let tree = unit.tree
        let semantic = unit.semantic
        let fnRange = tree.range(fn)
        var budget = 4_000
        var seen: Set<BindingID> = []
        var readsArgument = false
        var pending = [key]
        while let expr = pending.popLast() {
            let scope = tree.range(expr)
            var stack = [expr]
            while let n = stack.popLast() {
                budget -= 1
                if budget < 0 { return false }
                if tree.kind(n) == .identifier, let b = semantic.binding(for: n) {
                    guard seen.insert(b).inserted else { continue }
                    let binding = semantic.binding(b)
                    let declared = tree.range(binding.declarationNode)
                    if binding.kind == .parameter, binding.declaration == fn {
                        // the handle the function works on is no argument of the memo
                        if held.handleOwner(binding.declarationNode) == nil { readsArgument = true }
                        continue
                    }
                    // a callback's own parameter or local inside the expression, or a name outside the function
                    if declared.start >= scope.start && declared.end <= scope.end { continue }
                    if semantic.isModuleLevel(b) { continue }
                    guard binding.kind.isVariable, declared.start >= fnRange.start, declared.end <= fnRange.end,
                          tree.enclosingFunction(of: binding.declarationNode) == fn else { return false }
                    for write in semantic.writes(of: b) {
                        guard let p = tree.parent(write) else { return false }
                        switch tree[p] {
                        case .assignment(_, _, let right): pending.append(right)
                        case .update: continue
                        default: return false
                        }
                    }
                    if let initial = binding.initializer {
                        pending.append(initial.expression)
                    } else if let d = tree.parent(binding.declarationNode), tree.kind(d) == .variableDeclarator,
                              let list = tree.parent(d), let loop = tree.parent(list) {
                        // `for (const id of ids)`: an element of what it walks
                        switch tree[loop] {
                        case .forOfStatement(_, let right, _, _), .forInStatement(_, let right, _): pending.append(right)
                        default: break
                        }
                    }
                    continue
                }
                // values of a few kinds whatever the argument: a test's outcome picks one of the branches, and a
                // comparison or `typeof` gives a boolean or a type name
                switch tree[n] {
                case .conditional(_, let yes, let no):
                    stack.append(yes)
                    stack.append(no)
                    continue
                case .binary(let op, _, _) where Self.fewValuedOperators.contains(op):
                    continue
                case .unary(let op, _) where op != .minus && op != .plus && op != .bitwiseNot:
                    continue
                default:
                    break
                }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        return readsArgument
    }

    /// Whether the object's own module calls or hands on a method (`this.disable(page)` in a listener,
    /// `this.disable.bind(this)`): then the object may run its teardown itself (on the key's end event), and
    /// its callers need not remember it. Calls from other modules are those callers (an example, an
    /// application), which may forget it on another path.
    func calledInFile(_ fn: NodeID, _ unit: SourceUnit) -> Bool {
        guard let name = unit.semantic.functionName(fn) else { return true }
        let tree = unit.tree
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .member, case .member(_, let property, false, _) = tree[id],
                  tree.kind(property) == .identifier, tree.name(of: property) == name else { continue }
            // `X.prototype.disable = function` defines it
            if let p = tree.parent(id), case .assignment(_, let target, _) = tree[p], tree.unwrap(target) == id { continue }
            return true
        }
        return false
    }

    /// The parameter of `fn` an expression names (the identifier declaring it), or nil.
    /// For an add in a factory's helper keyed by one of the helper's parameters (`const setData = (key, v) =>
    /// cache.set(key, ...)`): each call of the helper with the text of the argument it passes for that key.
    func helperKeys(_ op: LeakContainerUsage.Op, _ held: LeakHeldContainers, _ unit: SourceUnit) -> [(call: NodeID, key: String)] {
        let tree = unit.tree
        guard case .keyed(let key) = op.growth, let helper = tree.enclosingFunction(of: op.node),
              let declared = parameter(key, of: helper, unit), let b = unit.semantic.binding(for: declared),
              let index = unit.semantic.parameterBindings(of: helper).firstIndex(of: b),
              let calls = held.helperCalls(of: helper) else { return [] }
        var out: [(call: NodeID, key: String)] = []
        for call in calls {
            guard case .call(_, _, let args, _) = tree[call] else { continue }
            let list = Array(tree.list(args))
            guard index < list.count, tree.kind(list[index]) != .spreadElement else { continue }
            out.append((call, held.scopes.normalizedText(list[index])))
        }
        return out
    }

    func parameter(_ expr: NodeID, of fn: NodeID, _ unit: SourceUnit) -> NodeID? {
        let tree = unit.tree
        let e = tree.unwrap(expr)
        guard tree.kind(e) == .identifier, let b = unit.semantic.binding(for: e) else { return nil }
        let binding = unit.semantic.binding(b)
        guard binding.kind == .parameter, binding.declaration == fn else { return nil }
        return binding.declarationNode
    }

    /// An add keyed by an object the caller hands to the object's own method (`enable(page: Page) {
    /// this.contexts.set(page, ctx) }`), in a container whose only deletes are in `teardowns`, methods the
    /// caller calls with the same kind of key. Each call names another object (a page, a session, a socket),
    /// and the entry holds it until the caller remembers the teardown: the container grows with every object
    /// the caller forgets, and the object itself can never be collected (a `WeakMap` needs no teardown).
    /// Only a parameter whose declared type is an object type counts (TypeScript's `page: puppeteer.Page`;
    /// not a type alias, enum or type parameter of the file, which may stand for a string or a number), and
    /// not when the method registers a listener on the object (its own end event may run the teardown).
    func objectKeyedAdd(_ op: LeakContainerUsage.Op, owner: NodeID, teardowns: [NodeID], _ held: LeakHeldContainers,
                        _ unit: SourceUnit) -> LeakRequestEntry?
    {
        let tree = unit.tree
        guard op.method == "set" || op.method == "add", case .call(_, _, let args, _) = tree[op.node],
              let key = tree.list(args).first, let fn = tree.enclosingFunction(of: op.node), !teardowns.contains(fn),
              held.owner(ofMethod: fn) == owner, !held.isConstructor(fn), !OnceGuards.notPerCall(op.node, in: unit),
              let declared = parameter(key, of: fn, unit), let type = objectTypeName(declared, unit),
              !listensOn(declared, within: fn, unit), let name = unit.semantic.functionName(fn) else { return nil }
        let label = (held.scopes.className(owner) ?? unit.semantic.functionName(owner) ?? "object") + "." + name + "()"
        let teardown = teardowns.first.flatMap { unit.semantic.functionName($0) }.map { " until the caller calls \($0)() for it" } ?? ""
        return LeakRequestEntry(function: fn, label: label, context: "per call",
                                trace: [unit.step(fn, "\(label) runs once per \(type) its caller hands in, and keeps it\(teardown)")])
    }

    /// Built-in types whose values are primitives or classes, not objects made per operation.
    static let nonObjectTypes: Set<String> = ["String", "Number", "Boolean", "Symbol", "BigInt", "PropertyKey", "Function", "Object"]

    /// The name of a parameter's declared type when it is an object type: a type reference (`Page`,
    /// `puppeteer.Page`) that the file does not declare as a type alias, enum or type parameter, and that is
    /// not a built-in primitive wrapper. Nil for everything else (no annotation, `string`, unions, literals).
    func objectTypeName(_ declared: NodeID, _ unit: SourceUnit) -> String? {
        let tree = unit.tree
        guard case .identifier(let annotation?, _) = tree[declared], case .tsTypeAnnotation(let type) = tree[annotation],
              case .tsTypeReference(let typeName, _) = tree[type] else { return nil }
        var last = typeName
        var first = typeName
        var steps = 0
        while steps < 8, case .tsQualifiedName(let left, let right) = tree[first] {
            if steps == 0 { last = right }
            first = left
            steps += 1
        }
        guard tree.kind(last) == .identifier, tree.kind(first) == .identifier else { return nil }
        let name = tree.name(of: last)
        guard !Self.nonObjectTypes.contains(name) else { return nil }
        if first == last, declaresNonObjectType(name, unit) { return nil }
        return tree.text(typeName)
    }

    /// Whether the file declares `name` as a type alias, an enum or a type parameter.
    func declaresNonObjectType(_ name: String, _ unit: SourceUnit) -> Bool {
        let tree = unit.tree
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            switch tree[id] {
            case .tsTypeAliasDeclaration(let alias, _, _, _), .tsEnumDeclaration(let alias, _, _, _):
                if tree.kind(alias) == .identifier, tree.name(of: alias) == name { return true }
            case .tsTypeParameter(let parameter, _, _, _):
                if tree.kind(parameter) == .identifier, tree.name(of: parameter) == name { return true }
            default:
                continue
            }
        }
        return false
    }

    /// Whether `fn` registers a listener on the parameter `declared` (`page.on('close', ...)`, `once`,
    /// `addListener`, `addEventListener`).
    func listensOn(_ declared: NodeID, within fn: NodeID, _ unit: SourceUnit) -> Bool {
        let tree = unit.tree
        let range = tree.range(fn)
        guard let b = unit.semantic.binding(for: declared) else { return true }
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call else { continue }
            let r = tree.range(id)
            guard r.start >= range.start, r.end <= range.end, case .call(let callee, _, _, _) = tree[id],
                  case .member(let object, let method, false, _) = tree[tree.unwrap(callee)], tree.kind(method) == .identifier else { continue }
            let o = tree.unwrap(object)
            guard tree.kind(o) == .identifier, unit.semantic.binding(for: o) == b else { continue }
            let name = tree.name(of: method)
            if EmitterMethods.addingListener.contains(name) || name == "addEventListener" { return true }
        }
        return false
    }

    /// Verbs of the method a client, agent or connection runs once per operation its caller makes: a request
    /// sent, a query or statement executed, a message published. Getters and registries (`get`, `of`,
    /// `getRepository`, `define`) are not among them: their keys are mostly the caller's own fixed names. (The
    /// blocking rules' per-operation entry points have verbs of their own, `EntryPointFinder.operationVerbs`.)
    static let operationVerbs: Set<String> = ["dispatch", "execute", "query", "request", "send", "publish", "subscribe"]

    /// The per-operation method of `owner` an add runs in (directly or in a callback it makes): an instance
    /// method whose name, without a leading `_` / `#` / `$` or a symbol's `k` (`[kDispatch]`), is one of
    /// `operationVerbs`; nil when the add runs once (a constructor, a lazy initialisation) or elsewhere.
    func operationMethod(of node: NodeID, owner: NodeID, _ held: LeakHeldContainers, _ unit: SourceUnit) -> LeakRequestEntry? {
        let tree = unit.tree
        guard !OnceGuards.notPerCall(node, in: unit) else { return nil }
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, steps < 16 {
            steps += 1
            if held.owner(ofMethod: f) == owner {
                guard let name = unit.semantic.functionName(f), let verb = operationVerb(name) else { return nil }
                let label = (held.scopes.className(owner) ?? unit.semantic.functionName(owner) ?? "object") + "." + name + "()"
                return LeakRequestEntry(function: f, label: label, context: "per call",
                                        trace: [unit.step(f, "\(label) runs once per \(verb) the object's caller makes, on an object it keeps")])
            }
            fn = tree.enclosingFunction(of: f)
        }
        return nil
    }

    /// Whether another module of the scan evicts a field of the same name from some object (`delete
    /// client.messageIdToTopic[id]` in an acknowledgement handler, `conn.statements.delete(sql)`): the object
    /// is handed there, and its field is bounded where it goes. Read over at most `budget` nodes; past it the
    /// answer is unknown, and an unknown answer keeps the finding out.
    func evictedElsewhere(_ ref: LeakRef, _ kind: LeakContainerKind, _ unit: SourceUnit, _ ctx: ProjectContext,
                          budget: Int = 4_000_000) -> Bool {
        guard ref.path.count == 1, let field = ref.path.first, !field.hasPrefix("[") else { return false }
        var left = budget
        for other in ctx.units where other.index != unit.index {
            let tree = other.tree
            left -= tree.count
            if left < 0 { return true }
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                let target: NodeID
                switch tree.kind(id) {
                case .unary:
                    // `delete x.field[key]`
                    guard case .unary(.delete, let argument) = tree[id], case .member(let object, _, true, _) = tree[tree.unwrap(argument)] else { continue }
                    target = object
                case .call:
                    // `x.field.delete(key)`, `x.field.clear()`, `x.field.splice(i, 1)`
                    guard case .call(let callee, _, _, _) = tree[id], case .member(let object, let method, false, _) = tree[tree.unwrap(callee)],
                          tree.kind(method) == .identifier, LeakContainerUsage.evicts(tree.name(of: method), kind) else { continue }
                    target = object
                default:
                    continue
                }
                guard case .member(_, let property, false, _) = tree[tree.unwrap(target)], tree.kind(property) == .identifier,
                      tree.name(of: property) == field else { continue }
                return true
            }
        }
        return false
    }

    /// The operation verb a method name is (`_execute`, `#query`, `kDispatch`), or nil.
    func operationVerb(_ name: String) -> String? {
        var bytes = Array(name.utf8)
        while let first = bytes.first, first == UInt8(ascii: "_") || first == UInt8(ascii: "#") || first == UInt8(ascii: "$") {
            bytes.removeFirst()
        }
        // a symbol's name: `kDispatch`
        if bytes.count > 1, bytes[0] == UInt8(ascii: "k"), bytes[1] >= UInt8(ascii: "A"), bytes[1] <= UInt8(ascii: "Z") {
            bytes.removeFirst()
            bytes[0] += 32
        }
        let verb = String(decoding: bytes, as: UTF8.self)
        return Self.operationVerbs.contains(verb) ? verb : nil
    }

    /// The entry point a reached function runs under: the first caller of its path, or itself.
    func entryRoot(_ fn: NodeID, _ unit: SourceUnit, _ paths: LeakRequestPaths, _ ctx: ProjectContext) -> FunctionRef? {
        let f = FunctionRef(unit: unit.index, node: fn)
        guard let edges = paths.paths.edges(to: f) else { return nil }
        guard let first = edges.first else { return f }
        return ProjectFunctions.of(ctx).ref(first.caller)
    }

    /// `cache[key] = null` / `= undefined`: drops what the key held rather than adding to the container.
    func clearsEntry(_ node: NodeID, _ scopes: LeakScopes) -> Bool {
        guard case .assignment(.assign, _, let right) = scopes.tree[node] else { return false }
        return scopes.tree.isNullOrUndefined(right)
    }

    /// Whether the code around an eviction runs in production: its function is on a request path, or a
    /// named function or method with a caller outside tests; an inline callback (`setInterval(() => ...)`,
    /// `keys.forEach(k => ...)`) runs when the code around it does, and module-level code always runs.
    /// A `clear()` in an exported helper that only tests call never bounds anything.
    /// With `uncalledRuns`, a named function no call in the scan reaches (a method called through an
    /// instance looplint does not follow) is assumed to run; only one that tests alone load does not (tests
    /// are not in the call graph: `NeutralLoads` says what they import, and examples count as callers).
    func evictionRuns(_ node: NodeID, _ unit: SourceUnit, _ scopes: LeakScopes, _ paths: LeakRequestPaths,
                      _ ctx: ProjectContext, uncalledRuns: Bool = false) -> Bool
    {
        let functions = ProjectFunctions.of(ctx)
        let tree = unit.tree
        var fn = scopes.tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, steps < 64 {
            steps += 1
            let ref = FunctionRef(unit: unit.index, node: f)
            if paths.paths.isReachable(ref) || scopes.iifes[f] != nil { return true }
            let named: Bool
            switch tree.parent(f).map({ tree[$0] }) {
            case .methodDefinition?, .property?, .variableDeclarator?, .assignment?, .propertyDefinition?: named = true
            default: named = tree.kind(f) == .functionDeclaration
            }
            if named {
                guard let n = functions.node(ref) else { return true }
                // tests are no part of the call graph: what they import stands for their calls
                if !functions.index.callGraph.callers(of: n).isEmpty { return true }
                let loads = NeutralLoads.of(ctx)
                if loads.others.includes(n, functions.index) { return true }
                if loads.tests.includes(n, functions.index) { return false }
                return uncalledRuns
            }
            fn = scopes.tree.enclosingFunction(of: f)
        }
        return true
    }

    func report(_ unit: SourceUnit, _ scopes: LeakScopes, _ ref: LeakRef, _ kind: LeakContainerKind,
                _ op: LeakContainerUsage.Op, _ entry: LeakRequestEntry, lazy: Bool, named: Bool,
                created: NodeID? = nil, holder: String? = nil, teardown: String? = nil, reset: String? = nil) -> Report
    {
        let name = scopes.receiverText(op.node) ?? scopes.displayName(ref)
        let grows = kind == .array ? "grows by an element" : "gains an entry"
        let when = entry.context == "per call" ? "on every call of \(entry.label)" : "on every request in \(entry.label)"
        var message = "\(name) (\(scopes.describe(ref)) \(kind.noun)) \(grows) \(when)"
        if let teardown {
            message += " and an entry is only deleted when the caller remembers to call \(teardown)() for its key"
        } else if let reset {
            message += " and it is only emptied when the caller calls \(reset)()"
        } else if named {
            message += " and entries are only deleted when the same key is read again or invalidated by name"
        } else {
            message += lazy ? " and entries are only deleted when the same key is read again" : " and nothing ever removes one"
        }
        let fix: String
        switch kind {
        case _ where teardown != nil:
            fix = "key the entries by the object in a WeakMap (it needs no teardown), or delete the entry when the object itself ends (its 'close' event)"
        case .array: fix = "cap it: drop old items (shift/splice) once it passes a limit, or keep a fixed-size ring buffer"
        case .ttlCache: fix = "give it a TTL (stdTTL / ttl option, or a ttl argument to set) so entries expire"
        default: fix = "bound it: use an LRU cache with a max size (lru-cache, quick-lru), or evict old entries on a timer or when a size limit is passed"
        }
        var trace = entry.trace
        if let declared = scopes.declarationNode(ref) {
            trace.append(unit.step(declared, "\(name) is created here and lives as long as the process"))
        } else if let created {
            var closedOver = false
            if case .closure = ref.root { closedOver = true }
            let holder = holder ?? (closedOver ? "the function its factory returns" : "the instance, which the library's caller keeps")
            trace.append(unit.step(created, "\(name) is created here and lives as long as \(holder)"))
        }
        trace.append(unit.step(op.node, "\(scopes.shortText(op.node)) adds to \(name)"))
        let evidence: Evidence = ["container": .string(name), "kind": .string(kind.noun), "handler": .string(entry.label), "context": .string(entry.context)]
        return Report(message, fix: Fix(description: fix), trace: trace, evidence: evidence)
    }
}

extension LeakContainerUsage {
    /// Values with recorded operations, in source order of their first operation.
    func sortedRefs() -> [LeakRef] {
        // each value's first position once, not on every comparison
        let keyed = ops.map { ref, list in (ref: ref, start: list.map { scopes.tree.range($0.node).start }.min() ?? 0, depth: ref.path.count) }
        return keyed.sorted { a, b in a.start != b.start ? a.start < b.start : a.depth < b.depth }.map(\.ref)
    }

    /// Calls that add an entry the container did not hold: a varying key, or any append.
    func growingOps(_ ref: LeakRef, _ kind: LeakContainerKind) -> [Op] {
        (ops[ref] ?? []).filter { op in
            guard let growth = op.growth else { return false }
            switch (growth, kind) {
            case (.keyed(let key), .map), (.keyed(let key), .ttlCache):
                guard op.method == "set" else { return false }
                if case .ttlCache = kind, case .call(_, _, let args, _) = scopes.tree[op.node], args.count > 2 { return false }
                return !scopes.isBoundedKey(key)
            case (.keyed(let key), .set):
                return op.method == "add" && !scopes.isBoundedKey(key)
            case (.keyed(let key), .object):
                return op.method == "[]=" && !scopes.isBoundedKey(key)
            case (.append, .array):
                return true
            case (.merge, .object):
                return true
            default:
                return false
            }
        }
    }
}

extension LeakScopes {
    /// How a long-lived value is written in messages: `cache`, `Store.items`, `this.sessions`.
    func displayName(_ ref: LeakRef) -> String {
        var base: String
        switch ref.root {
        case .binding(let node):
            base = declaredName(node) ?? "value"
        case .classStatic(let cls):
            base = className(cls) ?? "class"
        case .instance, .held:
            base = "this"
        case .closure(let node):
            base = declaredName(node) ?? "value"
        case .global:
            base = "globalThis"
        case .process:
            base = "process"
        }
        for p in ref.path { base += p.hasPrefix("[") ? p : "." + p }
        return base
    }

    func declaredName(_ node: NodeID) -> String? {
        switch tree[node] {
        case .variableDeclarator(let target, _, _) where tree.kind(target) == .identifier: return tree.name(of: target)
        case .identifier: return tree.name(of: node)
        case .functionDeclaration(let id?, _, _, _, _, _), .classDeclaration(_, let id?, _, _, _, _, _, _): return tree.name(of: id)
        case .importSpecifier(_, let local, _), .importDefaultSpecifier(let local), .importNamespaceSpecifier(let local):
            return tree.name(of: local)
        default: return nil
        }
    }

    func className(_ cls: NodeID) -> String? {
        if case .classDeclaration(_, let id?, _, _, _, _, _, _) = tree[cls] { return tree.name(of: id) }
        return nil
    }

    /// The container as written at a growing call: `store.sessions` in `store.sessions.set(k, v)`.
    func receiverText(_ node: NodeID) -> String? {
        switch tree[node] {
        case .call(let callee, _, let args, _):
            if case .member(let object, _, _, _) = tree[tree.unwrap(callee)], tree.text(callee) != "Object.assign" {
                return tree.text(tree.unwrap(object))
            }
            return tree.list(args).first.map { tree.text(tree.unwrap($0)) }
        case .assignment(_, let left, _):
            if case .member(let object, _, _, _) = tree[tree.unwrap(left)] { return tree.text(tree.unwrap(object)) }
            return nil
        default:
            return nil
        }
    }

    /// A call or assignment as `cache.set(...)` / `cache[k] = ...`, for trace labels.
    func shortText(_ node: NodeID) -> String {
        switch tree[node] {
        case .call(let callee, _, _, _): return tree.text(callee) + "(...)"
        case .assignment(let op, let left, _): return "\(tree.text(left)) \(op) ..."
        default: return String(tree.text(node).prefix(40))
        }
    }

    /// Where the value is created, for the trace.
    func declarationNode(_ ref: LeakRef) -> NodeID? {
        for d in definitions(of: ref) where containerKind(created: d) != nil { return d }
        return nil
    }
}
