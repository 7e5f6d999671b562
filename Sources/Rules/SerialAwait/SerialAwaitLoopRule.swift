// serial-await/loop (page: rules/serial-await/loop.md): a for / for...of / for...in / while / do...while loop of an async function whose
// body awaits a call that needs nothing from an earlier iteration, so the iterations could run
// together. Quiet when an iteration can stop the loop (break, return, throw, yield), when a value
// is carried from one iteration to the next (beyond counters and accumulators), when the loop
// waits on purpose (delays, rate limiters, locks, transactions, one connection), when it already
// batches with Promise.all, and when an awaited call changes state through a shared receiver.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct SerialAwaitLoopRule: Rule {
    static let id: RuleID = "serial-await/loop"
    static let nodeKinds = SerialAwait.functionKinds

    func visit(_ fn: NodeID, _ ctx: FileContext) {
        let tree = ctx.tree
        guard SerialAwait.isAsyncFunction(fn, tree) else { return }
        let statements = SerialAwait.OwnStatements.of(ctx)
        let own = statements.of(fn)
        // a loop whose body holds no await of the function's own has none to report (`independentLoopAwait`);
        // a function without such a loop is done before its facts are gathered
        let loops = statements.loops(in: fn).filter { loop in
            guard own.complete else { return true }
            guard let body = SerialAwait.loopParts(loop, tree)?.body else { return false }
            return SerialAwait.ownAwaitCount(in: body, own.awaitStarts, tree, limit: 1) > 0
        }
        guard !loops.isEmpty, let fctx = SerialAwait.FunctionContexts.of(ctx).context(fn),
              !fctx.isConnectionMethod else { return }
        for loop in loops {
            let lintCommentCounts = !SerialAwait.catchesEachIteration(loop, fctx)
            guard !SerialAwait.documentedSerial(loop, tree, fctx.model.file, lintCommentCounts: lintCommentCounts),
                  !SerialAwait.iteratesASlice(loop, tree),
                  !SerialAwait.iteratesAFixedSet(loop, ctx.semantic), !SerialAwait.iteratesAConfiguredSet(loop, tree),
                  !SerialAwait.countsToAConstant(loop, ctx.semantic), !SerialAwait.testCallsForItsEnd(loop, ctx.semantic),
                  !SerialAwait.isSerialBranchOfBatch(loop, function: fn, tree),
                  let first = SerialAwait.independentLoopAwait(loop, fctx),
                  !SerialAwait.callsEachElement(loop, first, ctx.semantic),
                  !SerialAwait.callsAParameter(first, function: fn, ctx.semantic),
                  case let awaits = SerialAwait.ownAwaits(SerialAwait.loopParts(loop, tree)?.body ?? loop, tree),
                  !SerialAwait.handsASharedContainer(loop, awaits, ctx.semantic),
                  !SerialAwait.appliesEachToOneBatch(loop, awaits, ctx.semantic),
                  !fctx.isTransactional else { continue }
            report(loop, first, fctx, ctx)
        }
    }

    private func report(_ loop: NodeID, _ awaitNode: NodeID, _ fctx: SerialAwait.FunctionContext, _ ctx: FileContext) {
        let tree = ctx.tree
        let call: NodeID = {
            if case .await(let a) = tree[awaitNode] { return tree.unwrap(a) }
            return awaitNode
        }()
        let label = SerialAwait.calleeLabel(call, tree)
        let kind = SerialAwait.loopKindName(loop, tree)
        let limit = ctx.settings.options["concurrency"]?.int ?? 8
        let edits = SerialAwait.batchRewrite(loop, limit: limit, fctx, ctx.unit)
        var description = "run the iterations together with a concurrency limit: Promise.all over batches of \(limit)"
            + " items (or p-map / p-limit with concurrency \(limit))"
        if !edits.isEmpty { description += "; results pushed inside a batch arrive in completion order" }
        let trace = [ctx.step(loop, "\(kind) loop"), ctx.step(awaitNode, "await \(label)")]
        var evidence = Evidence()
        evidence["loop"] = .string(kind)
        evidence["concurrency"] = .int(limit)
        ctx.reportWhenHot(awaitNode, Report("await \(label) in a \(kind) loop waits for the previous iteration though none depends on another",
                                     fix: Fix(description: description, edits: edits), trace: trace, evidence: evidence,
                                     awaited: AwaitedCalls([call], minimum: 1, perIteration: true)))
    }
}

extension SerialAwait {
    static func isLoop(_ kind: NodeKind) -> Bool {
        switch kind {
        case .forStatement, .forOfStatement, .forInStatement, .whileStatement, .doWhileStatement: return true
        default: return false
        }
    }

    static func loopKindName(_ loop: NodeID, _ tree: SyntaxTree) -> String {
        switch tree[loop] {
        case .forOfStatement: return "for...of"
        case .forInStatement: return "for...in"
        case .whileStatement: return "while"
        case .doWhileStatement: return "do...while"
        default: return "for"
        }
    }

    /// Loops of a function, not of its nested functions, in source order.
    static func loops(in fn: NodeID, _ tree: SyntaxTree) -> [NodeID] {
        guard let (_, body, _) = tree.functionParts(fn), let body else { return [] }
        var out: [NodeID] = []
        var budget = 100_000
        func visit(_ n: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            if tree.kind(n).isFunction || tree.kind(n) == .classDeclaration || tree.kind(n) == .classExpression {
                return
            }
            if isLoop(tree.kind(n)) { out.append(n) }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(body)
        return out.sorted { tree.range($0).start < tree.range($1).start }
    }

    static func loopParts(_ loop: NodeID, _ tree: SyntaxTree) -> (head: [NodeID], body: NodeID)? {
        switch tree[loop] {
        case .forStatement(let i, let t, let u, let body): return ([i, t, u].compactMap { $0 }, body)
        case .forOfStatement(let left, let right, let body, _), .forInStatement(let left, let right, let body):
            return ([left, right], body)
        case .whileStatement(let test, let body), .doWhileStatement(let body, let test): return ([test], body)
        default: return nil
        }
    }

    /// Awaits of a subtree that belong to no nested function and no nested loop.
    static func ownAwaits(_ node: NodeID, _ tree: SyntaxTree) -> [NodeID] {
        var out: [NodeID] = []
        var budget = 100_000
        func visit(_ n: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            let k = tree.kind(n)
            if k.isFunction || k == .classDeclaration || k == .classExpression || isLoop(k) { return }
            if k == .await { out.append(n) }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(node)
        return out.sorted { tree.range($0).start < tree.range($1).start }
    }

    /// Variables declared inside a subtree (not in nested functions).
    static func declaredInside(_ node: NodeID, _ model: FunctionModel) -> Set<Variable> {
        let tree = model.tree
        var out = Set<Variable>()
        func add(_ id: NodeID) { out.insert(Variable(name: tree.name(of: id), binding: model.bindingRaw(id))) }
        var budget = 100_000
        func visit(_ n: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            switch tree[n] {
            case .functionExpression, .arrowFunction, .classExpression: return
            case .functionDeclaration(let id?, _, _, _, _, _):
                add(id)
                return
            case .variableDeclarator(let id, _, _):
                declaredIdentifiers(id, tree, add)
            case .catchClause(let p?, _):
                declaredIdentifiers(p, tree, add)
            default: break
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(node)
        return out
    }

    /// How each variable is written inside a subtree: only by `++`/`--`/`+= literal` (a counter), or otherwise.
    static func counterVariables(_ node: NodeID, _ model: FunctionModel) -> (counters: Set<Variable>, other: Set<Variable>) {
        let tree = model.tree
        var counters = Set<Variable>(), other = Set<Variable>()
        func variable(_ id: NodeID) -> Variable { Variable(name: tree.name(of: id), binding: model.bindingRaw(id)) }
        var budget = 100_000
        func visit(_ n: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            switch tree[n] {
            case .update(_, _, let arg) where tree.kind(arg) == .identifier:
                counters.insert(variable(arg))
            case .assignment(let op, let left, let right) where tree.kind(left) == .identifier:
                if (op == .add || op == .subtract), tree.kind(right) == .numericLiteral {
                    counters.insert(variable(left))
                } else {
                    other.insert(variable(left))
                }
            default: break
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(node)
        return (counters.subtracting(other), other)
    }

    /// The first await of the loop when its iterations are independent; nil otherwise.
    static func independentLoopAwait(_ loop: NodeID, _ fctx: FunctionContext) -> NodeID? {
        let tree = fctx.model.tree
        if case .forOfStatement(_, _, _, true) = tree[loop] { return nil }
        guard let (head, body) = loopParts(loop, tree) else { return nil }
        let awaits = ownAwaits(body, tree)
        guard let first = awaits.first else { return nil }
        // An await in the loop head makes each iteration wait for the previous one by design.
        if head.contains(where: { !ownAwaits($0, tree).isEmpty }) { return nil }
        for a in awaits {
            guard case .await(let argument) = tree[a] else { return nil }
            let call = tree.unwrap(argument)
            guard case .call(let callee, _, _, _) = tree[call] else { return nil } // await of a value or new Promise
            if let p = path(tree.unwrap(callee), tree), p.root == "Promise" { return nil } // already batched
            // `await validateAddress(a)` for its rejection: the first bad element ends the loop
            if let parent = tree.parent(a), tree.kind(parent) == .expressionStatement, isGuardCall(call, tree) { return nil }
        }
        let loopFacts = fctx.model.facts(loop)
        let bodyFacts = fctx.model.facts(body)
        if bodyFacts.leavesLoop { return nil }
        // Values carried from one iteration to the next, by binding: a loop-local `user` is not the outer one.
        var elements = Set<Variable>()
        switch tree[loop] {
        case .forOfStatement(let left, _, _, _), .forInStatement(let left, _, _):
            elements = declaredInside(left, fctx.model)
        default: break
        }
        let perIteration = declaredInside(body, fctx.model).union(elements)
        let (counters, _) = counterVariables(loop, fctx.model)
        for c in loopFacts.calls {
            if c.isDelay || c.isLock || c.isTransaction { return nil }
            if let base = c.base, fctx.connections.contains(base) { return nil }
            // an awaited write through one receiver keeps its order, unless the receiver is the iteration's
            // own element (`await caches[j].set(key, value)`, `for (const doc of docs) await doc.save()`)
            if !c.nested, c.verb == .mutating, c.base != nil, awaitedCall(c.node, awaits, tree),
               !receiverIsElement(c.node, elements: elements, counters: counters, fctx),
               moduleWriteForIteration(c.node, perIteration: perIteration, fctx) == nil { return nil }
        }
        // Receivers changed by calls whose names say nothing count when they are this function's own.
        let soft = Set(loopFacts.softWrites.filter { fctx.model.isLocal($0.root) }.map(\.variable))
        var carried = loopFacts.writeVariables.union(soft).subtracting(perIteration).subtracting(counters)
        // What a write on the iteration's own element is handed (`await caches[j].set(key, value, ttl)`) is
        // the same input for every iteration, not a value one iteration leaves the next, unless the loop
        // assigns it.
        // A project module a write of the iteration's own values goes through (`Notes.updateLocalRecipients(post.pid)`)
        // holds functions, not a value one iteration leaves the next.
        for c in loopFacts.calls where !c.nested && c.verb == .mutating {
            if let module = moduleWriteForIteration(c.node, perIteration: perIteration, fctx) { carried.remove(module) }
        }
        if !carried.isEmpty {
            let handed = argumentsOfElementWrites(loopFacts, elements: elements, counters: counters, fctx)
            if !handed.isEmpty {
                let assigned = assignedVariables(body, fctx)
                carried.subtract(handed.subtracting(assigned))
            }
        }
        guard !carried.isEmpty else { return first }
        // The loop test, update or iterated collection reads a carried value: a cursor, a queue.
        for h in head {
            if !fctx.model.facts(h).readVariables.isDisjoint(with: carried) { return nil }
        }
        // A branch decides on a carried value: `if (seen.includes(id)) continue` before the awaits, with
        // `seen.push(id)` at the end, skips what earlier iterations handled (outline's mention dedupe).
        if branchesOnCarried(body, carried, fctx) { return nil }
        // The awaited calls read a carried value, directly or through per-iteration locals.
        let derived = perIterationSources(body, perIteration, fctx)
        for a in awaits {
            var roots = fctx.model.facts(a).readVariables
            var work = Array(roots)
            var steps = 0
            while let r = work.popLast(), steps < 1_000 {
                steps += 1
                for s in derived[r] ?? [] where !roots.contains(s) {
                    roots.insert(s)
                    work.append(s)
                }
            }
            if !roots.isDisjoint(with: carried) { return nil }
        }
        return first
    }

    /// Whether a call is made directly on the loop's element: the for-of variable (`doc.save()`) or the
    /// collection indexed by the loop counter (`caches[j].set(...)`), not on something reached through it.
    static func receiverIsElement(_ call: NodeID, elements: Set<Variable>, counters: Set<Variable>, _ fctx: FunctionContext) -> Bool {
        let tree = fctx.model.tree
        guard case .call(let callee, _, _, _) = tree[call], case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else {
            return false
        }
        let o = tree.unwrap(object)
        func variable(_ id: NodeID) -> Variable { Variable(name: tree.name(of: id), binding: fctx.model.bindingRaw(id)) }
        switch tree[o] {
        case .identifier:
            return elements.contains(variable(o))
        case .member(let collection, let index, true, _):
            return tree.kind(tree.unwrap(collection)) == .identifier && tree.kind(tree.unwrap(index)) == .identifier
                && counters.contains(variable(tree.unwrap(index)))
        default:
            return false
        }
    }

    /// The module a write goes through when it is made on a project module's namespace and hands it only the
    /// iteration's own values: `await Notes.updateLocalRecipients(post.pid, { to, cc })` with `const Notes =
    /// module.exports`, `await posts.purge(pid)` with `const posts = require('../posts')` or `import * as posts
    /// from './posts'`, where every argument is the element, a name the loop body declares, a property path
    /// or template of those, or an object or array literal of them. The namespace is a table of functions, and
    /// each iteration writes the records of its own element; a string literal (a shared key or field) or an
    /// outer variable handed to the call keeps the loop's order, as does a package's module (a client whose
    /// calls share its connection or state).
    static func moduleWriteForIteration(_ call: NodeID, perIteration: Set<Variable>, _ fctx: FunctionContext) -> Variable? {
        let tree = fctx.model.tree
        let sem = fctx.model.semantic
        guard case .call(let callee, _, let args, _) = tree[call], case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else {
            return nil
        }
        let o = tree.unwrap(object)
        guard tree.kind(o) == .identifier else { return nil }
        let isProjectModule: Bool = {
            if sem.isModuleExportsAlias(o) { return true }
            if tree.name(of: o) == "exports", sem.isGlobalReference(o) { return true }
            guard let b = sem.binding(for: o), sem.isModuleLevel(b), !sem.isWritten(b),
                  let (specifier, path) = sem.resolveImport(o), path.isEmpty || path == ["default"] else { return false }
            return specifier.hasPrefix(".") || specifier.hasPrefix("@/") || specifier.hasPrefix("~/")
        }()
        guard isProjectModule else { return nil }
        let arguments = tree.list(args)
        guard !arguments.isEmpty else { return nil }
        var budget = 200
        func own(_ n: NodeID) -> Bool {
            budget -= 1
            guard budget > 0 else { return false }
            let e = tree.unwrap(n)
            switch tree[e] {
            case .identifier:
                return perIteration.contains(Variable(name: tree.name(of: e), binding: fctx.model.bindingRaw(e)))
            case .member(let inner, let property, let computed, _):
                return own(inner) && (!computed || tree.kind(tree.unwrap(property)) == .numericLiteral || own(property))
            case .templateLiteral(_, let expressions):
                let parts = tree.list(expressions)
                return !parts.isEmpty && parts.allSatisfy(own)
            case .objectExpression(let properties):
                let items = tree.list(properties)
                return !items.isEmpty && items.allSatisfy { item in
                    guard case .property(let key, let value, _, let flags) = tree[item] else { return false }
                    return (!flags.contains(.computed) || own(key)) && own(value)
                }
            case .arrayExpression(let elements):
                let items = tree.list(elements)
                return !items.isEmpty && items.allSatisfy(own)
            default:
                return false
            }
        }
        guard arguments.allSatisfy(own) else { return nil }
        return Variable(name: tree.name(of: o), binding: fctx.model.bindingRaw(o))
    }

    /// Whether each iteration catches its own failure: the loop body is a block with a `try` whose block holds
    /// every await of the body and whose `catch` neither leaves the loop nor rethrows (`try { await
    /// topics.reply(post) } catch (e) { log(e) }`). The items are handled one independently of another, as
    /// `Promise.allSettled` would handle them; a comment silencing the project's linter (`eslint-disable-next-line
    /// no-await-in-loop`) then says nothing of an order the items need.
    static func catchesEachIteration(_ loop: NodeID, _ fctx: FunctionContext) -> Bool {
        let tree = fctx.model.tree
        guard let (_, body) = loopParts(loop, tree), case .blockStatement(let stmts) = tree[body] else { return false }
        let awaits = ownAwaits(body, tree)
        guard !awaits.isEmpty else { return false }
        for stmt in tree.list(stmts) {
            guard case .tryStatement(let block, let handler?, _) = tree[stmt],
                  case .catchClause(_, let handlerBody) = tree[handler] else { continue }
            let inside = Set(ownAwaits(block, tree))
            return awaits.allSatisfy { inside.contains($0) } && !fctx.model.facts(handlerBody).leavesLoop
        }
        return false
    }

    /// Variables passed as plain arguments to awaited writes whose receiver is the iteration's element.
    static func argumentsOfElementWrites(_ facts: Facts, elements: Set<Variable>, counters: Set<Variable>,
                                         _ fctx: FunctionContext) -> Set<Variable> {
        let tree = fctx.model.tree
        var out = Set<Variable>()
        for c in facts.calls where c.verb == .mutating && receiverIsElement(c.node, elements: elements, counters: counters, fctx) {
            guard case .call(_, _, let args, _) = tree[c.node] else { continue }
            for a in tree.list(args) where tree.kind(tree.unwrap(a)) == .identifier {
                let id = tree.unwrap(a)
                out.insert(Variable(name: tree.name(of: id), binding: fctx.model.bindingRaw(id)))
            }
        }
        return out
    }

    /// Variables the loop body assigns or updates itself (`x = ...`, `x += ...`, `x++`), not in nested functions.
    static func assignedVariables(_ body: NodeID, _ fctx: FunctionContext) -> Set<Variable> {
        let tree = fctx.model.tree
        var out = Set<Variable>()
        _ = forEachOwnNode(body, tree) { n in
            var target: NodeID?
            switch tree[n] {
            case .assignment(_, let left, _): target = tree.unwrap(left)
            case .update(_, _, let argument): target = tree.unwrap(argument)
            default: break
            }
            guard let t = target else { return }
            if tree.kind(t) == .identifier {
                out.insert(Variable(name: tree.name(of: t), binding: fctx.model.bindingRaw(t)))
            } else if tree.kind(t) == .objectPattern || tree.kind(t) == .arrayPattern {
                // every name in a destructuring target (keys too: more than assigned, never fewer)
                _ = forEachOwnNode(t, tree) { m in
                    if tree.kind(m) == .identifier { out.insert(Variable(name: tree.name(of: m), binding: fctx.model.bindingRaw(m))) }
                }
            }
        }
        return out
    }

    /// Whether an `if` or `?:` test in the loop body (not in functions nested in it) reads a carried value.
    static func branchesOnCarried(_ body: NodeID, _ carried: Set<Variable>, _ fctx: FunctionContext) -> Bool {
        let tree = fctx.model.tree
        var stack: [NodeID] = [body]
        var budget = 100_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            switch tree[n] {
            case .functionExpression, .arrowFunction, .classExpression, .functionDeclaration:
                continue
            case .ifStatement(let test, _, _), .conditional(let test, _, _):
                if !fctx.model.facts(test).readVariables.isDisjoint(with: carried) { return true }
            default:
                break
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// Per-iteration local -> the variables its initialisers and assignments in the body read.
    static func perIterationSources(_ body: NodeID, _ locals: Set<Variable>, _ fctx: FunctionContext) -> [Variable: Set<Variable>] {
        let tree = fctx.model.tree
        let model = fctx.model
        var out: [Variable: Set<Variable>] = [:]
        var budget = 100_000
        func visit(_ n: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            switch tree[n] {
            case .functionExpression, .arrowFunction, .classExpression, .functionDeclaration: return
            case .variableDeclarator(let id, let initializer?, _):
                let reads = model.facts(initializer).readVariables
                declaredIdentifiers(id, tree) { out[Variable(name: tree.name(of: $0), binding: model.bindingRaw($0)), default: []].formUnion(reads) }
            case .assignment(_, let left, let right):
                if let p = path(left, tree, model.semantic), locals.contains(p.variable) {
                    out[p.variable, default: []].formUnion(model.facts(right).readVariables)
                }
            default: break
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(body)
        return out
    }

    /// Whether `call` is the awaited call of one of the awaits.
    static func awaitedCall(_ call: NodeID, _ awaits: [NodeID], _ tree: SyntaxTree) -> Bool {
        awaits.contains { a in
            if case .await(let arg) = tree[a] { return tree.unwrap(arg) == call }
            return false
        }
    }

    /// `for (const x of xs) { ... }` -> batches of `limit` started together; empty when the loop has
    /// another shape or its body uses `continue`.
    static func batchRewrite(_ loop: NodeID, limit: Int, _ fctx: FunctionContext, _ unit: SourceUnit) -> [TextEdit] {
        let tree = unit.tree
        guard case .forOfStatement(let left, let right, let body, false) = tree[loop],
              tree.kind(body) == .blockStatement,
              case .variableDeclaration(_, let decls, _) = tree[left], decls.count == 1,
              let d = tree.list(decls).first, case .variableDeclarator(let id, nil, _) = tree[d],
              let collection = path(right, tree), tree.kind(right) != .chain,
              !fctx.model.facts(body).exits else { return [] }
        let param: String
        switch tree[id] {
        case .identifier: param = tree.name(of: id)
        case .objectPattern(_, nil), .arrayPattern(_, nil): param = tree.text(id)
        default: return []
        }
        let used = fctx.model.facts(loop).readRoots.union(fctx.model.facts(loop).writeRoots)
        guard let index = ["start", "batchStart", "batchIndex"].first(where: { !used.contains($0) }) else { return [] }
        let xs = tree.text(right)
        _ = collection
        let indent = SerialAwaitRewrite.indentation(of: loop, unit)
        let head = "for (let \(index) = 0; \(index) < \(xs).length; \(index) += \(limit)) {\n\(indent)  "
            + "await Promise.all(\(xs).slice(\(index), \(index) + \(limit)).map(async (\(param)) => "
        let file = unit.file
        let a = file.location(of: Int(tree.range(loop).start))
        let b = file.location(of: Int(tree.range(body).start))
        let end = file.location(of: Int(tree.range(body).end))
        return [
            TextEdit(line: a.line, column: a.column, endLine: b.line, endColumn: b.column, text: head),
            TextEdit(line: end.line, column: end.column, endLine: end.line, endColumn: end.column, text: "))\n\(indent)}"),
        ]
    }
}

extension SerialAwait {
    /// `for (const x of items.slice(a, a + limit))`: a page of a capped size, not an unbounded collection.
    /// `for (const name in tasks)` over an imported module, or `for (const x of LIST)` over a module-level
    /// constant written as an array or object literal (also through `Object.keys/values/entries`): the
    /// set is fixed when the code is written (outline's cron loop over its task classes), not by data.
    static func iteratesAFixedSet(_ loop: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard let e = iteratedCollection(loop, tree), tree.kind(e) == .identifier, let b = sem.binding(for: e), sem.isModuleLevel(b) else { return false }
        let binding = sem.binding(b)
        if binding.kind == .import { return true }
        guard binding.kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty else { return false }
        let value = tree.unwrap(v.expression)
        switch tree.kind(value) {
        case .arrayExpression, .objectExpression: return true
        case .call: return sem.isRequireCall(value)  // const tasks = require('./tasks')
        default: return false
        }
    }

    /// What a `for...of` / `for...in` loop goes over, through `Object.keys/values/entries(x)` to `x`, or what
    /// a counting loop indexes (`for (let i = 0; i < xs.length; i++)` goes over `xs`); nil for other loops.
    static func iteratedCollection(_ loop: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var e: NodeID
        switch tree[loop] {
        case .forOfStatement(_, let right, _, _), .forInStatement(_, let right, _): e = tree.unwrap(right)
        case .forStatement(_, let test?, _, _):
            guard case .binary(let op, _, let right) = tree[tree.unwrap(test)], op == .less || op == .lessEqual,
                  case .member(let object, let property, false, _) = tree[tree.unwrap(right)],
                  tree.name(of: property) == "length" else { return nil }
            return tree.unwrap(object)
        default: return nil
        }
        if case .call(let callee, _, let args, _) = tree[e], case .member(let o, let p, false, _) = tree[tree.unwrap(callee)],
           tree.kind(tree.unwrap(o)) == .identifier, tree.name(of: tree.unwrap(o)) == "Object",
           ["keys", "values", "entries"].contains(tree.name(of: p)), let first = tree.list(args).first {
            e = tree.unwrap(first)
        }
        return e
    }

    /// Words that name what a deployment configures, a handful of each: plugins and their hooks,
    /// providers, strategies, storage targets, extensions, renderers, locales' namespaces.
    static let configuredWords: Set<String> = [
        "hook", "hooks", "plugin", "plugins", "provider", "providers", "strategy", "strategies", "target", "targets",
        "extension", "extensions", "ext", "exts", "renderer", "renderers", "namespace", "namespaces", "adapter",
        "adapters", "transport", "transports", "reporter", "reporters", "middleware", "middlewares", "argv",
    ]

    /// `for (const target of this.targets)`, `for (const hook of uninstallHooks)`,
    /// `for (const ns of WIKI.config.lang.namespaces)`: the iterations are what the deployment configured
    /// (a handful, often meant to run in order), not data a request brings. A collection read from the
    /// request (`req.body.plugins`) is not such a set.
    /// A loop that awaits each element of a list of functions (`for (const func of marshalCycle) await
    /// func(response)`), or a function taken from the element (`const fn = cookies[name].autoValue; await
    /// fn(request)`): a chain of hooks, middleware or configured callbacks, each run after the one before
    /// on purpose (hapi's marshal cycle and cookie auto-values).
    static func callsEachElement(_ loop: NodeID, _ awaitNode: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let left: NodeID, body: NodeID
        switch tree[loop] {
        case .forOfStatement(let l, _, let b, _): left = l; body = b
        case .forInStatement(let l, _, let b): left = l; body = b
        default: return false
        }
        var call = awaitNode
        if case .await(let a) = tree[awaitNode] { call = tree.unwrap(a) }
        guard case .call(let calleeExpr, _, _, _) = tree[call] else { return false }
        let callee = tree.unwrap(calleeExpr)
        guard tree.kind(callee) == .identifier, let b = sem.binding(for: callee) else { return false }
        let leftRange = tree.range(left), bodyRange = tree.range(body)
        func isLoopVariable(_ id: NodeID) -> Bool {
            guard let lb = sem.binding(for: id) else { return false }
            let at = tree.range(sem.binding(lb).declarationNode).start
            return at >= leftRange.start && at < leftRange.end
        }
        if isLoopVariable(callee) { return true }
        // a constant declared in the body, read from the element by a member chain
        let declared = tree.range(sem.binding(b).declarationNode).start
        guard declared >= bodyRange.start, declared < bodyRange.end, let v = sem.constantValue(of: b), v.path.isEmpty else {
            return false
        }
        var e = tree.unwrap(v.expression)
        guard tree.kind(e) == .member else { return false }
        for _ in 0..<16 {
            switch tree[e] {
            case .member(let object, let property, let computed, _):
                if computed, tree.kind(tree.unwrap(property)) == .identifier, isLoopVariable(tree.unwrap(property)) { return true }
                e = tree.unwrap(object)
            case .identifier:
                return isLoopVariable(e)
            default:
                return false
            }
        }
        return false
    }

    static func iteratesAConfiguredSet(_ loop: NodeID, _ tree: SyntaxTree) -> Bool {
        guard var e = iteratedCollection(loop, tree) else { return false }
        var names: [String] = []
        var steps = 0
        while steps < 16 {
            steps += 1
            switch tree[e] {
            case .member(let object, let property, false, _):
                names.append(tree.name(of: property))
                e = tree.unwrap(object)
                continue
            case .identifier:
                names.append(tree.name(of: e))
            case .thisExpression:
                break
            default:
                return false
            }
            break
        }
        if let root = names.last, ["req", "request", "ctx", "body", "query", "params", "input", "payload", "data"].contains(root) {
            return false
        }
        return names.contains { name in camelWords(name).contains { configuredWords.contains($0) } }
    }

    /// `uninstallHooks` -> ["uninstall", "hooks"] (`PacedClients.words`).
    static func camelWords(_ name: String) -> [String] {
        var name = name
        if let words = name.withUTF8({ asciiCamelWords($0) }) { return words }
        return PacedClients.words(name)
    }

    /// `PacedClients.words` of an ASCII name, on its bytes (it builds a String per character); nil for a name
    /// with a byte above 0x7F or a carriage return (whose `\r\n` is one character), which take that path.
    static func asciiCamelWords(_ name: UnsafeBufferPointer<UInt8>) -> [String]? {
        for b in name where b >= 0x80 || b == 0x0D { return nil }
        var out: [String] = []
        var current: [UInt8] = []
        for b in name {
            let isUpper = b >= 0x41 && b <= 0x5A
            if isUpper, !current.isEmpty {
                out.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            if b == 0x5F || b == 0x24 {  // _ $
                if !current.isEmpty {
                    out.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
                continue
            }
            current.append(isUpper ? b | 0x20 : b)
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    static func iteratesASlice(_ loop: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .forOfStatement(_, let right, _, _) = tree[loop] else { return false }
        let r = tree.unwrap(right)
        guard case .call(let callee, _, let args, _) = tree[r], case .member(_, let p, false, _) = tree[tree.unwrap(callee)]
        else { return false }
        let name = tree.name(of: p)
        return (name == "slice" && tree.list(args).count == 2) || name == "splice"
    }
}
