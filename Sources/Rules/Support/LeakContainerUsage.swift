// How a file uses its long-lived containers: every place that grows one, evicts from it, reads it by
// key, checks its size or hands it to code we cannot see. Built from one pass over the tree; the
// container rule then asks, per growing call on a request path, whether anything bounds the container.

import JSSemantic
import JSSyntax

struct LeakContainerUsage {
    enum Growth: Equatable {
        /// `m.set(k, v)`, `s.add(v)`, `o[k] = v`: the key (or Set value) decides whether it grows.
        case keyed(key: NodeID)
        /// `a.push(v)`, `a.unshift(v)`: grows on every call.
        case append
        /// `Object.assign(o, src)` with keys not fixed in the source.
        case merge
    }

    struct Op {
        let node: NodeID
        let method: String
        let growth: Growth?
        /// The key an access names (get/has/set/delete/index), as normalised source text.
        let keyText: String?
    }

    let scopes: LeakScopes
    /// Method calls, index writes and reads, `delete o[k]`, `length = n` and reassignments, per value.
    private(set) var ops: [LeakRef: [Op]] = [:]
    /// Values handed to a function, returned, aliased or exported: something else may bound them.
    private(set) var escaped: Set<LeakRef> = []

    /// Functions that only read what they are given.
    static let readers: Set<String> = [
        "Object.keys", "Object.values", "Object.entries", "Array.from", "JSON.stringify", "console.log",
        "console.info", "console.debug", "console.warn", "console.error", "String", "structuredClone", "Object.assign",
    ]

    /// `readers` in a fixed order, as bytes (`reader(_:_:)`).
    static let readerList: [String] = readers.sorted()
    static let readerBytes: [[UInt8]] = readerList.map { Array($0.utf8) }
    static let longestReader = readerBytes.map(\.count).max() ?? 0
    /// The index of `Object.assign` in `readerList`.
    static let objectAssign = readerList.firstIndex(of: "Object.assign")

    /// The index in `readerList` of the reader a callee is written as (its whole source text, a name or a member
    /// chain), nil for any other callee. Plain ASCII text is compared as bytes, in place; other text is read whole.
    static func reader(_ callee: NodeID, _ tree: SyntaxTree) -> Int? {
        let kind = tree.kind(callee)
        guard kind == .member || kind == .identifier else { return nil }
        let r = tree.range(callee)
        let start = Int(r.start), end = Int(r.end)
        guard start <= end else { return nil }
        let ascii: Int?? = tree.file.bytes.withUnsafeBufferPointer { p -> Int?? in
            guard end <= p.count else { return .none }
            for i in start..<end where p[i] >= 0x80 { return .none }
            for (k, name) in readerBytes.enumerated() where name.count == end - start {
                var same = true
                for j in 0..<name.count where name[j] != p[start + j] {
                    same = false
                    break
                }
                if same { return .some(k) }
            }
            return .some(nil)
        }
        if let answer = ascii { return answer }
        return readerList.firstIndex(of: tree.text(callee))
    }

    /// Containers held by a library's objects and factories, resolved too when given.
    let held: LeakHeldContainers?
    /// Whether the walk with `held` records every value, not only held ones (`init`).
    let everyValue: Bool

    /// The long-lived value an expression denotes (with held containers when this usage follows them).
    func resolve(_ expr: NodeID) -> LeakRef? {
        held.map { $0.resolve(expr) } ?? scopes.resolve(expr)
    }

    /// The value the walk records an operation or escape for. Following held containers, only those: the
    /// expressions `resolve` gives a held field or closed-over container (what `LeakScopes.resolve` does not
    /// know and `LeakHeldContainers` does), found without resolving the others, whose chains start elsewhere.
    private func recorded(_ expr: NodeID, _ memo: inout IdentifierMemo) -> LeakRef? {
        guard let held else { return memo.resolve(expr, scopes) }
        if everyValue { return held.resolve(expr) }
        // what `held.resolve` gives when `LeakScopes.resolve` gives nothing
        let e = scopes.tree.unwrap(expr)
        switch scopes.tree.kind(e) {
        case .identifier:
            return memo.recordedHeld(e, scopes, held)
        case .member:
            guard memo.mayResolveHeld(root: held.chainRoot(e), scopes, held), memo.resolve(e, scopes) == nil else { return nil }
            return held.resolveHeld(e)
        default:
            guard held.mayResolveHeld(e), scopes.resolve(e) == nil else { return nil }
            return held.resolveHeld(e)
        }
    }

    /// What one walk learns per binding: `LeakScopes.resolveIdentifier` of its identifiers (the answer depends on
    /// the binding alone), and, following held containers, what the walk records for them and whether a member
    /// chain starting at one may give a held value (`LeakHeldContainers.mayResolveHeld(root:)` and `resolveHeld`
    /// of an identifier depend on its binding alone too). Other expressions are resolved each time.
    struct IdentifierMemo {
        /// Per binding: `LeakScopes.resolveIdentifier`, once asked.
        private var resolved: [LeakRef??]
        /// Per binding, with held containers: what the walk records, once asked.
        private var recorded: [LeakRef??]
        /// Per binding, with held containers: 0 not asked yet, 1 a chain starting at it gives no held value, 2 it may.
        private var mayHold: [UInt8]

        /// For a file of `bindings` bindings (0: nothing is kept), with the tables of a walk following held
        /// containers when `held`.
        init(_ bindings: Int, held: Bool) {
            resolved = [LeakRef??](repeating: nil, count: bindings)
            recorded = held ? [LeakRef??](repeating: nil, count: bindings) : []
            mayHold = held ? [UInt8](repeating: 0, count: bindings) : []
        }

        /// `LeakContainerUsage.recorded` of an identifier in a walk following held containers (not every value).
        mutating func recordedHeld(_ e: NodeID, _ scopes: LeakScopes, _ held: LeakHeldContainers) -> LeakRef? {
            guard let b = scopes.semantic.binding(for: e), Int(b.raw) < recorded.count, Int(b.raw) < resolved.count else {
                guard held.mayResolveHeld(root: e), scopes.resolve(e) == nil else { return nil }
                return held.resolveHeld(e)
            }
            if let answer = recorded[Int(b.raw)] { return answer }
            var answer: LeakRef?
            if mayResolveHeld(root: e, scopes, held), identifier(e, b, scopes) == nil { answer = held.resolveHeld(e) }
            recorded[Int(b.raw)] = .some(answer)
            return answer
        }

        /// `LeakHeldContainers.mayResolveHeld(root:)`, kept by binding for an identifier.
        mutating func mayResolveHeld(root e: NodeID, _ scopes: LeakScopes, _ held: LeakHeldContainers) -> Bool {
            guard scopes.tree.kind(e) == .identifier, let b = scopes.semantic.binding(for: e), Int(b.raw) < mayHold.count else {
                return held.mayResolveHeld(root: e)
            }
            switch mayHold[Int(b.raw)] {
            case 1: return false
            case 2: return true
            default:
                let may = held.mayResolveHeld(root: e)
                mayHold[Int(b.raw)] = may ? 2 : 1
                return may
            }
        }

        /// `LeakScopes.resolveIdentifier` of an identifier of binding `b`.
        private mutating func identifier(_ e: NodeID, _ b: BindingID, _ scopes: LeakScopes) -> LeakRef? {
            if let answer = resolved[Int(b.raw)] { return answer }
            let answer = scopes.resolveIdentifier(e)
            resolved[Int(b.raw)] = .some(answer)
            return answer
        }

        /// `LeakScopes.resolve`.
        mutating func resolve(_ expr: NodeID, _ scopes: LeakScopes) -> LeakRef? {
            let tree = scopes.tree
            let e = tree.unwrap(expr)
            switch tree.kind(e) {
            case .identifier:
                guard let b = scopes.semantic.binding(for: e), Int(b.raw) < resolved.count else { return scopes.resolve(e) }
                return identifier(e, b, scopes)
            case .member:
                // A chain from a declared name (`a.b.c`) denotes a value only when the name does: `LeakScopes.resolve`
                // resolves the chain's root first, and only `this` and the undeclared `global` / `globalThis` (which
                // have no binding) start a chain otherwise. The name's answer is kept by binding.
                var root = e
                var steps = 0
                while steps < 64, tree.kind(root) == .member, case .member(let object, _, _, _) = tree[root] {
                    root = tree.unwrap(object)
                    steps += 1
                }
                if tree.kind(root) == .identifier, let b = scopes.semantic.binding(for: root), Int(b.raw) < resolved.count,
                   identifier(root, b, scopes) == nil {
                    return nil
                }
                return scopes.resolve(e)
            default:
                return scopes.resolve(e)
            }
        }
    }

    /// What the walk finds, kept by `LeakScopes.containerUsage()` for the other rules' passes.
    struct Tables {
        let ops: [LeakRef: [Op]]
        let escaped: Set<LeakRef>
    }

    var tables: Tables { Tables(ops: ops, escaped: escaped) }

    /// The usage of the tables an earlier walk found (without held containers).
    init(scopes: LeakScopes, tables: Tables) {
        self.scopes = scopes
        self.held = nil
        self.everyValue = false
        self.ops = tables.ops
        self.escaped = tables.escaped
    }

    /// The node kinds the usage walk reads (the cases of its switch), by raw value.
    static let usageKinds: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for k: NodeKind in [.call, .assignment, .member, .variableDeclarator, .returnStatement, .arrowFunction, .property,
                            .exportSpecifier, .exportDefaultDeclaration, .arrayExpression] { table[Int(k.rawValue)] = true }
        return table
    }()

    /// With `held`, the tables hold only the held fields and closed-over containers (the values
    /// `UnboundedCacheMapGrowthRule.checkHeld` asks about, with their parents of the same root); without, the
    /// values `LeakScopes.resolve` knows. `everyValue` (for tests) keeps, with `held`, every value `resolve`
    /// gives, as the walk did before it skipped the others.
    init(scopes: LeakScopes, held: LeakHeldContainers? = nil, everyValue: Bool = false) {
        self.scopes = scopes
        self.held = held
        self.everyValue = everyValue
        let tree = scopes.tree
        var memo = IdentifierMemo(everyValue ? 0 : scopes.semantic.bindingCount, held: held != nil)
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            // kinds first: most nodes are none of the cases below, and decoding one costs more than its kind
            guard Self.usageKinds[Int(tree.kind(id).rawValue)] else { continue }
            switch tree[id] {
            case .call(let callee, _, let argList, _):
                let args = tree.list(argList)
                let c = scopes.tree.unwrap(callee)
                let reader = Self.reader(c, tree)
                if reader == Self.objectAssign, let target = args.first, let ref = resolve(target) {
                    let fixedKeys = args.dropFirst().allSatisfy { fixedKeyObject($0) }
                    if held == nil || recorded(target, &memo) == ref {
                        add(ref, Op(node: id, method: "Object.assign", growth: fixedKeys ? nil : .merge, keyText: nil))
                    }
                } else if case .member(let object, let property, false, _) = tree[c], let ref = recorded(object, &memo) {
                    let method = tree.name(of: property)
                    let first = args.first
                    var growth: Growth?
                    switch method {
                    case "set", "add": growth = first.map { .keyed(key: $0) }
                    case "push", "unshift": growth = .append
                    default: break
                    }
                    add(ref, Op(node: id, method: method, growth: growth, keyText: first.map { keyText($0) }))
                }
                if reader == nil {
                    for a in args where !(args.count == 1 && copiesIntoField(id, a, &memo)) { markEscape(a, &memo) }
                }
            case .assignment(let op, let left, let right):
                let l = scopes.tree.unwrap(left)
                if case .member(let object, let property, let computed, _) = tree[l], let ref = recorded(object, &memo) {
                    if computed, tree.kind(property) != .stringLiteral {
                        add(ref, Op(node: id, method: "[]=", growth: .keyed(key: property), keyText: keyText(property)))
                    } else if !computed, tree.nameIs(property, "length") {
                        add(ref, Op(node: id, method: "length=", growth: nil, keyText: nil))
                    }
                }
                if op == .assign, let ref = recorded(l, &memo), let fn = scopes.tree.enclosingFunction(of: id),
                   !(held?.isConstructor(fn) ?? scopes.isConstructor(fn)), !appendsToItself(right, ref), !initializesLazily(right, ref) {
                    add(ref, Op(node: id, method: "=", growth: nil, keyText: nil))
                }
                markEscape(right, &memo)
            case .member(let object, let property, true, _):
                guard let parent = tree.parent(id), let ref = recorded(object, &memo) else { continue }
                if case .assignment(_, let left, _) = tree[parent], left == id { continue }
                if case .unary(.delete, _) = tree[parent] {
                    add(ref, Op(node: parent, method: "delete", growth: nil, keyText: keyText(property)))
                } else {
                    add(ref, Op(node: id, method: "[]", growth: nil, keyText: keyText(property)))
                }
            case .variableDeclarator(let target, let initializer?, _):
                // `var cache = this.cache`: the local is the field (`LeakHeldContainers.fieldAlias`), not a second owner
                if let held, tree.kind(target) == .identifier, held.fieldAlias(target) != nil { continue }
                markEscape(initializer, &memo)
            case .returnStatement(let argument?):
                markEscape(argument, &memo)
            case .arrowFunction(_, _, _, let body, let flags) where flags.contains(.expressionBody):
                markEscape(body, &memo)
            case .property(_, let value, _, _):
                // a destructuring pattern's property declares its value (`const { cache } = options`), hands nothing on
                if let p = tree.parent(id), tree.kind(p) == .objectPattern { continue }
                markEscape(value, &memo)
            case .exportSpecifier(let local, _, _):
                markEscape(local, &memo)
            case .exportDefaultDeclaration(let declaration):
                markEscape(declaration, &memo)
            case .arrayExpression(let elements):
                for e in tree.list(elements) { markEscape(e, &memo) }
            default:
                break
            }
        }
    }

    private mutating func add(_ ref: LeakRef, _ op: Op) {
        ops[ref, default: []].append(op)
    }

    private mutating func markEscape(_ expr: NodeID, _ memo: inout IdentifierMemo) {
        if let ref = recorded(expr, &memo) { escaped.insert(ref) }
    }

    /// Whether a call's one argument is a field whose copy the call makes for the field of the same name on
    /// another object (`s.subpaths = clone(this.subpaths)` in a method cloning the instance): the value goes to
    /// the other object, and nothing is handed code that could trim the field itself.
    private func copiesIntoField(_ call: NodeID, _ arg: NodeID, _ memo: inout IdentifierMemo) -> Bool {
        let tree = scopes.tree
        guard let p = tree.parent(call), case .assignment(.assign, let left, let right) = tree[p], tree.unwrap(right) == call,
              case .member(let target, let property, false, _) = tree[tree.unwrap(left)], tree.kind(property) == .identifier,
              let ref = recorded(arg, &memo), let name = ref.path.last, tree.name(of: property) == name else { return false }
        return tree.kind(tree.unwrap(target)) != .thisExpression && recorded(tree.unwrap(left), &memo) != ref
    }

    /// `c = [...c, x]` or `c = c.concat(x)` grows rather than replaces.
    private func appendsToItself(_ right: NodeID, _ ref: LeakRef) -> Bool {
        let tree = scopes.tree
        switch tree[scopes.tree.unwrap(right)] {
        case .arrayExpression(let elements):
            return tree.list(elements).contains { e in
                if case .spreadElement(let a) = tree[e] { return resolve(a) == ref }
                return false
            }
        case .call(let callee, _, _, _):
            if case .member(let o, let p, false, _) = tree[scopes.tree.unwrap(callee)], tree.nameIs(p, "concat") {
                return resolve(o) == ref
            }
            return false
        default:
            return false
        }
    }

    /// `c = c || new Map()`: keeps the container when there is one.
    private func initializesLazily(_ right: NodeID, _ ref: LeakRef) -> Bool {
        if case .logical(_, let left, _) = scopes.tree[scopes.tree.unwrap(right)] { return resolve(left) == ref }
        return false
    }

    /// `{ a: 1, b }`: an object literal whose keys are all written out.
    private func fixedKeyObject(_ expr: NodeID) -> Bool {
        let tree = scopes.tree
        guard case .objectExpression(let props) = tree[scopes.tree.unwrap(expr)] else { return false }
        return tree.list(props).allSatisfy { p in
            if case .property(let key, _, _, let flags) = tree[p] {
                return !flags.contains(.computed) || scopes.isConstant(key)
            }
            return false
        }
    }

    func keyText(_ expr: NodeID) -> String { scopes.normalizedText(expr) }

    // MARK: - Queries

    static let evictingMethods: [LeakContainerKind: Set<String>] = [
        .map: ["delete", "clear"],
        .set: ["delete", "clear"],
        .array: ["shift", "pop", "splice", "length="],
        .object: ["delete"],
    ]

    static func evicts(_ method: String, _ kind: LeakContainerKind) -> Bool {
        if method == "=" { return true }
        if case .ttlCache = kind { return ["del", "take", "flushAll", "delete", "clear"].contains(method) }
        return evictingMethods[kind]?.contains(method) ?? false
    }

    /// Whether a delete does not bound the container: it drops the key the same function sets again
    /// (a refresh), or it sits behind a condition in a function that reads that key (expiry checked
    /// only when the same key is asked for again).
    /// A delete in a timer's callback (`setTimeout(() => { if (m[k]) ...; delete m[k] }, ttl)`) is a
    /// scheduled expiry: it runs whether or not the key is read again.
    func isLazyDelete(_ op: Op, _ ref: LeakRef) -> Bool {
        guard ["delete", "del", "take"].contains(op.method), let key = op.keyText,
              let fn = scopes.tree.enclosingFunction(of: op.node) else { return false }
        if isTimerCallback(fn) { return false }
        // `m.set(k, p); try { return await p } finally { m.delete(k) }`: the entry lives while the call
        // does (an in-flight map), removed on every path
        if isInFinally(op.node, within: fn) { return false }
        // `p.then(() => { if (m.get(k) === p) m.delete(k) })`: removed when the chain settles (etherpad's
        // per-pad promise chains), whether or not the key is asked for again
        if isPromiseContinuation(fn) { return false }
        // `this[kOnDisconnect] = (origin) => { const r = m.get(origin); if (r && --r.count <= 0) m.delete(origin) }`,
        // registered with `dispatcher.on('disconnect', this[kOnDisconnect])` on the dispatcher the map holds:
        // the entry's own object says when it ends, whether or not the key is asked for again
        if isEntryListener(fn, of: ref) { return false }
        // `for (const [k, e] of entries) if (now - e.at > ttl) m.delete(k)`: a sweep over many keys, not the
        // one key the function was asked for
        if isLoopKey(op, within: fn) { return false }
        let sameKey = (ops[ref] ?? []).filter { other in
            other.node != op.node && other.keyText == key && scopes.tree.enclosingFunction(of: other.node) == fn
        }
        if sameKey.contains(where: { $0.method == "set" || $0.method == "[]=" }) { return true }
        return isConditional(op.node, within: fn) && sameKey.contains { ["get", "has", "[]", "peek"].contains($0.method) }
    }

    /// Whether a lazy delete is an expiry checked against the clock: a condition on its way up to its
    /// function reads `Date.now()`, `new Date()`, `performance.now()` or `process.hrtime` (directly, or
    /// through a local initialised with one: `const now = Date.now()`). A delete under such a condition
    /// drops entries past their age, so the container is meant to keep entries across calls (a TTL cache),
    /// unlike a take-on-read (`const w = waiters.get(k); if (w) waiters.delete(k)`).
    func isClockExpiry(_ op: Op) -> Bool {
        let tree = scopes.tree
        guard let fn = tree.enclosingFunction(of: op.node) else { return false }
        var child = op.node
        var current = tree.parent(op.node)
        var steps = 0
        while let n = current, n != fn, steps < 64 {
            steps += 1
            var test: NodeID?
            switch tree[n] {
            case .ifStatement(let t, _, _) where t != child: test = t
            case .conditional(let t, _, _) where t != child: test = t
            case .logical(_, let left, _) where left != child: test = left
            case .blockStatement(let body):
                // `if (Date.now() - hit.at < ttl) return hit.value` before it: it runs only past the age
                for stmt in tree.list(body) {
                    if stmt == child || tree.range(stmt).start >= tree.range(child).start { break }
                    if case .ifStatement(let t, let consequent, _) = tree[stmt], exits(consequent), readsClock(t, hops: 1) { return true }
                }
            default: break
            }
            if let test, readsClock(test, hops: 1) { return true }
            child = n
            current = tree.parent(n)
        }
        return false
    }

    /// Whether an expression reads the clock (budgeted walk of its subtree; `hops` locals followed to
    /// their initialisers).
    private func readsClock(_ expr: NodeID, hops: Int) -> Bool {
        let tree = scopes.tree
        let semantic = scopes.semantic
        var stack = [expr]
        var budget = 256
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            switch tree[n] {
            case .call(let callee, _, _, _):
                if let g = semantic.resolveGlobal(callee),
                   [["Date", "now"], ["performance", "now"], ["process", "hrtime"], ["process", "hrtime", "bigint"]].contains(g.path) {
                    return true
                }
            case .new(let callee, _, _):
                if semantic.resolveGlobal(callee)?.path == ["Date"] { return true }
            case .identifier:
                if hops > 0, let b = semantic.binding(for: n), let initial = semantic.binding(b).initializer,
                   initial.path.isEmpty, !semantic.isWritten(b), readsClock(initial.expression, hops: hops - 1) {
                    return true
                }
                continue
            default:
                break
            }
            if tree.kind(n).isFunction { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// Whether a delete's key is the variable of a `for...of` / `for...in` loop around it inside `fn`, or the
    /// parameter of `fn` when `fn` is the callback of an array walk (`keys.forEach((k) => ...)`).
    private func isLoopKey(_ op: Op, within fn: NodeID) -> Bool {
        let tree = scopes.tree
        var key: NodeID?
        switch tree[op.node] {
        case .call(_, _, let args, _): key = tree.list(args).first
        case .unary(.delete, let argument):
            if case .member(_, let property, true, _) = tree[tree.unwrap(argument)] { key = property }
        default: break
        }
        guard let k = key.map({ tree.unwrap($0) }), tree.kind(k) == .identifier, let b = scopes.semantic.binding(for: k) else { return false }
        let declared = scopes.semantic.binding(b).declarationNode
        // `Object.keys(requests).forEach((id) => { if (old(requests[id])) delete requests[id] })`: the key is
        // the callback's parameter, each key of a list the sweep walks
        if scopes.semantic.binding(b).kind == .parameter, scopes.semantic.binding(b).declaration == fn,
           let call = tree.parent(fn), case .call(let callee, _, let args, _) = tree[call],
           tree.list(args).first.map({ tree.unwrap($0) }) == fn,
           case .member(let walked, let property, false, _) = tree[tree.unwrap(callee)],
           ["forEach", "map", "filter", "some", "every"].contains(tree.name(of: property)),
           let container = container(of: op.node), walksKeys(of: container, tree.unwrap(walked)) {
            return true
        }
        var current = tree.parent(op.node)
        var steps = 0
        while let n = current, n != fn, steps < 128 {
            steps += 1
            switch tree[n] {
            case .forOfStatement(let left, _, _, _), .forInStatement(let left, _, _):
                if scopes.contains(left, declared) { return true }
            default: break
            }
            current = tree.parent(n)
        }
        return false
    }

    /// The container a delete removes from: `m` in `m.delete(k)` and `delete m[k]`.
    private func container(of node: NodeID) -> NodeID? {
        let tree = scopes.tree
        switch tree[node] {
        case .call(let callee, _, _, _):
            guard case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else { return nil }
            return tree.unwrap(object)
        case .unary(.delete, let argument):
            guard case .member(let object, _, true, _) = tree[tree.unwrap(argument)] else { return nil }
            return tree.unwrap(object)
        default:
            return nil
        }
    }

    /// Whether `walked` lists the keys of `container`: the container itself (`m.forEach`), `Object.keys(m)`,
    /// `Object.entries(m)`, or `m.keys()`.
    private func walksKeys(of container: NodeID, _ walked: NodeID) -> Bool {
        let tree = scopes.tree
        let text = keyText(container)
        if keyText(walked) == text { return true }
        guard case .call(let callee, _, let args, _) = tree[walked], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)]
        else { return false }
        let name = tree.name(of: property)
        if ["keys", "entries"].contains(name), tree.kind(tree.unwrap(object)) == .identifier, tree.name(of: tree.unwrap(object)) == "Object",
           let first = tree.list(args).first {
            return keyText(tree.unwrap(first)) == text
        }
        return name == "keys" && keyText(tree.unwrap(object)) == text
    }

    /// Whether `fn` is a callback given to `.then`, `.catch` or `.finally`.
    /// Whether `node` runs only when a promise rejects: its function is the callback of `.catch(fn)` or the
    /// second one of `.then(ok, fn)`.
    func isRejectionOnly(_ node: NodeID) -> Bool {
        let tree = scopes.tree
        guard let fn = tree.enclosingFunction(of: node), let call = tree.parent(fn), case .call(let callee, _, let args, _) = tree[call],
              case .member(_, let property, false, _) = tree[tree.unwrap(callee)] else { return false }
        let list = Array(tree.list(args))
        if tree.nameIs(property, "catch") { return list.first == fn }
        if tree.nameIs(property, "then") { return list.count == 2 && list[1] == fn }
        return false
    }

    private func isPromiseContinuation(_ fn: NodeID) -> Bool {
        let tree = scopes.tree
        guard let call = tree.parent(fn), case .call(let callee, _, let args, _) = tree[call],
              tree.list(args).contains(fn), case .member(_, let property, false, _) = tree[tree.unwrap(callee)] else { return false }
        return ["then", "catch", "finally"].contains(tree.name(of: property))
    }

    /// Whether `node` sits in the `finally` block of a `try` statement inside `fn`.
    private func isInFinally(_ node: NodeID, within fn: NodeID) -> Bool {
        let tree = scopes.tree
        var child = node
        var current = tree.parent(node)
        var steps = 0
        while let n = current, n != fn, steps < 256 {
            steps += 1
            if case .tryStatement(_, _, let finalizer?) = tree[n], finalizer == child { return true }
            child = n
            current = tree.parent(n)
        }
        return false
    }

    /// Whether `fn` is an event listener registered on a value the container stores: the listener argument
    /// of `on` / `once` / `addListener` / `prependListener`, inline or through the field or variable it is
    /// assigned to (`this[kOnDisconnect] = (origin) => ...` in a constructor), on an emitter that a write
    /// of the same container stores (`pool.on('disconnect', ...)` then `m.set(k, pool)`, or
    /// `m.set(k, { count, dispatcher })`). A listener on some other emitter (a contract's events naming
    /// keys) deletes only the keys its events happen to name.
    private func isEntryListener(_ fn: NodeID, of ref: LeakRef) -> Bool {
        let tree = scopes.tree
        guard let parent = tree.parent(fn) else { return false }
        if isListenerRegistration(parent, passing: { tree.unwrap($0) == fn }) { return registersOnStoredValue(parent, ref) }
        let target: String
        switch tree[parent] {
        case .assignment(.assign, let left, let right) where tree.unwrap(right) == fn && tree.kind(tree.unwrap(left)) == .member:
            target = scopes.normalizedText(left)
        case .variableDeclarator(let t, let initial?, _) where tree.unwrap(initial) == fn && tree.kind(t) == .identifier:
            target = scopes.normalizedText(t)
        default:
            return false
        }
        // the calls only, found by their kind bytes; the test reads the scopes alone (not a copy of the usage per call)
        let leakScopes = scopes
        let names: (NodeID) -> Bool = { leakScopes.normalizedText($0) == target }
        for id in tree.nodes(ofKind: .call) {
            guard isListenerRegistration(id, passing: names) else { continue }
            if registersOnStoredValue(id, ref) { return true }
        }
        return false
    }

    /// Whether `call` registers a listener (`x.on(event, listener)` and the like) whose listener argument
    /// satisfies `matches`.
    private func isListenerRegistration(_ call: NodeID, passing matches: (NodeID) -> Bool) -> Bool {
        let tree = scopes.tree
        guard case .call(let callee, _, let args, _) = tree[call], case .member(_, let property, false, _) = tree[tree.unwrap(callee)],
              tree.kind(property) == .identifier, EmitterMethods.addingListener.contains(tree.name(of: property)) else { return false }
        guard let listener = tree.list(args).dropFirst().first else { return false }
        return matches(listener)
    }

    /// Whether a registration's emitter is a local that a write of `ref` stores: the variable the
    /// registration chain is assigned to (`d = make(o).on('connect', a).on('disconnect', b)`), or the
    /// identifier the chain starts from (`pool.on(...)`), found as the written value or one of its
    /// object literal's property values.
    private func registersOnStoredValue(_ call: NodeID, _ ref: LeakRef) -> Bool {
        let tree = scopes.tree
        // up the chain of registrations to the whole expression
        var top = call
        var steps = 0
        while steps < 16, let m = tree.parent(top), case .member(let object, _, false, _) = tree[m], tree.unwrap(object) == top,
              let c = tree.parent(m), isListenerRegistration(c, passing: { _ in true }) {
            top = c
            steps += 1
        }
        var emitter: NodeID?
        if let p = tree.parent(top) {
            switch tree[p] {
            case .assignment(.assign, let left, let right) where tree.unwrap(right) == top && tree.kind(tree.unwrap(left)) == .identifier:
                emitter = tree.unwrap(left)
            case .variableDeclarator(let t, let initial?, _) where tree.unwrap(initial) == top && tree.kind(t) == .identifier:
                emitter = t
            default: break
            }
        }
        if emitter == nil {
            // down the chain to its first receiver
            var e = call
            steps = 0
            while steps < 16, case .call(let callee, _, _, _) = tree[e], case .member(let object, _, false, _) = tree[tree.unwrap(callee)] {
                e = tree.unwrap(object)
                steps += 1
            }
            if tree.kind(e) == .identifier { emitter = e }
        }
        guard let emitter, let b = scopes.semantic.binding(for: emitter) else { return false }
        func names(_ expr: NodeID) -> Bool {
            let v = tree.unwrap(expr)
            if tree.kind(v) == .identifier { return scopes.semantic.binding(for: v) == b }
            guard case .objectExpression(let props) = tree[v] else { return false }
            return tree.list(props).contains { p in
                guard case .property(_, let value, _, _) = tree[p] else { return false }
                let pv = tree.unwrap(value)
                return tree.kind(pv) == .identifier && scopes.semantic.binding(for: pv) == b
            }
        }
        return (ops[ref] ?? []).contains { op in
            switch (op.method, tree[op.node]) {
            case ("set", .call(_, _, let args, _)): return tree.list(args).dropFirst().first.map(names) ?? false
            case ("[]=", .assignment(.assign, _, let right)): return names(right)
            default: return false
            }
        }
    }

    /// Whether `fn` is the callback of a `setTimeout`/`setInterval`/`setImmediate` call (global or `timers`).
    private func isTimerCallback(_ fn: NodeID) -> Bool {
        let tree = scopes.tree
        guard let call = tree.parent(fn), case .call(let callee, _, let args, _) = tree[call],
              tree.list(args).first == fn else { return false }
        return ["setTimeout", "setInterval", "setImmediate"].contains { scopes.isTimerFunction(callee, $0) }
    }

    /// Whether a delete removes only what its caller names: its key, or a condition it sits under inside
    /// its function, reads a parameter of that function (`invalidate(id) { cache.delete(id) }`, a loop
    /// deleting every key with a given prefix). Such a delete drops the entries someone asks to drop,
    /// never the ones nobody names again.
    /// A delete under a check of the container's size (an LRU dropping its oldest key) is a cap, not an
    /// invalidation.
    func isInvalidation(_ op: Op, of ref: LeakRef) -> Bool {
        guard ["delete", "del", "take"].contains(op.method), let fn = scopes.tree.enclosingFunction(of: op.node) else { return false }
        let tree = scopes.tree
        var readsCaller = false
        switch tree[op.node] {
        case .call(_, _, let args, _):
            if let key = tree.list(args).first, readsParameter(key, of: fn) { readsCaller = true }
        case .unary(.delete, let argument):
            if case .member(_, let property, true, _) = tree[tree.unwrap(argument)], readsParameter(property, of: fn) { readsCaller = true }
        default:
            break
        }
        var child = op.node
        var current = tree.parent(op.node)
        while let n = current, n != fn {
            var test: NodeID?
            switch tree[n] {
            case .ifStatement(let t, _, _) where t != child: test = t
            case .conditional(let t, _, _) where t != child: test = t
            case .logical(_, let left, _) where left != child: test = left
            default: break
            }
            if let test {
                if mentionsSize(test, ref) { return false }
                if readsParameter(test, of: fn) { readsCaller = true }
            }
            child = n
            current = tree.parent(n)
        }
        return readsCaller
    }

    /// Whether an expression reads a parameter of `fn` (budgeted walk of its subtree).
    private func readsParameter(_ expr: NodeID, of fn: NodeID) -> Bool {
        let tree = scopes.tree
        let semantic = scopes.semantic
        var stack = [expr]
        var budget = 512
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if tree.kind(n) == .identifier, let b = semantic.binding(for: n) {
                let binding = semantic.binding(b)
                if binding.kind == .parameter, binding.declarationNode != n, semantic.scope(binding.scope).node == fn { return true }
                continue
            }
            if tree.kind(n).isFunction { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    private func isConditional(_ node: NodeID, within fn: NodeID) -> Bool {
        let tree = scopes.tree
        var child = node
        var current = tree.parent(node)
        while let n = current, n != fn {
            switch tree[n] {
            case .ifStatement(let test, _, _) where test != child: return true
            case .conditional(let test, _, _) where test != child: return true
            case .logical(_, let left, _) where left != child: return true
            default: break
            }
            child = n
            current = tree.parent(n)
        }
        return false
    }

    /// Evictions of a container: the ones that bound it and the lazy ones that do not.
    func evictions(_ ref: LeakRef, _ kind: LeakContainerKind) -> (bounding: [Op], lazy: [Op]) {
        var bounding: [Op] = [], lazy: [Op] = []
        for op in ops[ref] ?? [] where LeakContainerUsage.evicts(op.method, kind) {
            if op.method != "=" && scopes.semantic.isModuleLevel(op.node) { continue }
            // `ret.catch(() => cache.delete(key))`: only a failed entry is taken out, every other one stays
            if isRejectionOnly(op.node) { continue }
            if isLazyDelete(op, ref) { lazy.append(op) } else { bounding.append(op) }
        }
        // Replacing a parent object replaces the container too.
        var parent = ref
        while !parent.path.isEmpty {
            parent = LeakRef(root: parent.root, path: Array(parent.path.dropLast()))
            for op in ops[parent] ?? [] where op.method == "=" { bounding.append(op) }
        }
        return (bounding, lazy)
    }

    /// Whether the value or one of its parents is handed to code we do not see. A singleton instance
    /// handed out (exported, passed to a function) is used through its methods: that alone does not
    /// hand out its fields.
    func escapes(_ ref: LeakRef) -> Bool {
        var r = ref
        while true {
            if escaped.contains(r) { return true }
            if r.path.isEmpty { return false }
            r = LeakRef(root: r.root, path: Array(r.path.dropLast()))
            if r.path.isEmpty, case .instance = r.root { return false }
        }
    }

    /// Whether a growing call is guarded by a check of the container's size: inside an `if`, `&&` or `?:`
    /// testing it, or after an `if (...) return`/`throw` testing it in the same function.
    func isSizeGuarded(_ node: NodeID, _ ref: LeakRef) -> Bool {
        let tree = scopes.tree
        var child = node
        var current = tree.parent(node)
        while let n = current, !tree.kind(n).isFunction {
            switch tree[n] {
            case .ifStatement(let test, _, _) where test != child:
                if mentionsSize(test, ref) { return true }
            case .conditional(let test, _, _) where test != child:
                if mentionsSize(test, ref) { return true }
            case .logical(_, let left, let right) where right == child:
                if mentionsSize(left, ref) { return true }
            case .blockStatement(let body):
                for stmt in tree.list(body) {
                    if stmt == child || tree.range(stmt).start >= tree.range(child).start { break }
                    if case .ifStatement(let test, let consequent, _) = tree[stmt], mentionsSize(test, ref), exits(consequent) {
                        return true
                    }
                }
            default:
                break
            }
            child = n
            current = tree.parent(n)
        }
        return false
    }

    private func mentionsSize(_ test: NodeID, _ ref: LeakRef) -> Bool {
        let tree = scopes.tree
        var found = false
        func visit(_ n: NodeID) {
            if found { return }
            if case .member(let o, let p, false, _) = tree[n], ["size", "length"].contains(tree.name(of: p)) {
                if resolve(o) == ref { found = true; return }
                // Object.keys(o).length
                if case .call(_, _, let args, _) = tree[scopes.tree.unwrap(o)], let a = tree.list(args).first, resolve(a) == ref {
                    found = true
                    return
                }
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(test)
        return found
    }

    private func exits(_ stmt: NodeID) -> Bool {
        let tree = scopes.tree
        switch tree[stmt] {
        case .returnStatement, .throwStatement: return true
        case .blockStatement(let body): return tree.list(body).contains { exits($0) }
        default: return false
        }
    }
}
