// serial-await/loop: loop shapes that say the iterations run in turn on purpose, or that there are only a
// few of them, whatever the awaited calls read. Each is a pattern seen on real code (the ecosystem
// ledger), kept to what the syntax and the file's bindings show:
// - the serial branch of a choice: `if (pg) { for (const g of groups) await load(g) } else { await
//   Promise.all(groups.map(load)) }` (the author batches elsewhere and chose not to here);
// - a serial helper: the awaited function is a parameter of the function (`async function each(items, fn)`),
//   so its caller decides what runs, and running in turn is the helper's contract;
// - a count fixed in the code: `for (let d = DAYS; d >= 0; d--)` with a small constant bound;
// - a container the iterations share: a `Map` or `Set` made outside the loop and handed to each awaited
//   call (`await this.loadCommand(file, cache)`), which fills it for the iterations after it;
// - an end re-read through a call each pass (`while (r < pad.getHeadRevisionNumber())`): the number of
//   iterations is not known when the loop starts, so there is no list to start together.
// Every walk stays within the function and draws on a node budget.

import JSSemantic
import JSSyntax

extension SerialAwait {
    /// The most iterations a counting loop with constant bounds may make and still count as a handful.
    static let fixedCountLimit = 10

    /// Whether the loop is the whole of one branch of an `if` whose other branch is one statement awaiting
    /// `Promise.all` / `allSettled` over the same collection (`subjectGroups` in both): the same work, done in
    /// turn under one condition and together otherwise, so the serial branch is chosen on purpose. Branches
    /// that do more (a different sort order per branch) are not such a choice.
    static func isSerialBranchOfBatch(_ loop: NodeID, function fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let collection = iteratedCollection(loop, tree), let (_, body, _) = tree.functionParts(fn), let body else {
            return false
        }
        let name = tree.text(collection)
        /// The one statement of a branch (itself, or the only statement of its block).
        func only(_ branch: NodeID) -> NodeID? {
            guard case .blockStatement(let stmts) = tree[branch] else { return branch }
            return stmts.count == 1 ? tree.list(stmts).first : nil
        }
        var found = false
        forEachOwnNode(body, tree) { n in
            guard !found, case .ifStatement(_, let consequent, let alternate?) = tree[n],
                  let a = only(consequent), let b = only(alternate) else { return }
            if a == loop {
                found = batchesOver(name, in: b, tree)
            } else if b == loop {
                found = batchesOver(name, in: a, tree)
            }
        }
        return found
    }

    /// A `Promise.all(...)` / `Promise.allSettled(...)` in `node` whose argument maps over the collection
    /// spelled `name` (`Promise.all(groups.map(load))`).
    private static func batchesOver(_ name: String, in node: NodeID, _ tree: SyntaxTree) -> Bool {
        var found = false
        forEachOwnNode(node, tree, budget: 20_000) { n in
            guard !found, case .call(let callee, _, let args, _) = tree[n], let p = path(tree.unwrap(callee), tree),
                  p.root == "Promise", p.props == ["all"] || p.props == ["allSettled"],
                  let first = tree.list(args).first else { return }
            forEachOwnNode(first, tree, budget: 2_000) { m in
                guard case .call(let c, _, _, _) = tree[m], case .member(let object, let property, false, _) = tree[tree.unwrap(c)],
                      tree.name(of: property) == "map" else { return }
                if tree.text(tree.unwrap(object)) == name { found = true }
            }
        }
        return found
    }

    /// Whether the awaited call calls a parameter of the function the loop is in (`await method(keys, member)`
    /// in `giveOrRescind(method, privileges, cids, members)`): a serial helper, whose caller chooses the work.
    static func callsAParameter(_ awaitNode: NodeID, function fn: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard case .await(let a) = tree[awaitNode], case .call(let calleeExpr, _, _, _) = tree[tree.unwrap(a)] else { return false }
        let callee = tree.unwrap(calleeExpr)
        guard tree.kind(callee) == .identifier, let b = sem.binding(for: callee) else { return false }
        let binding = sem.binding(b)
        return binding.kind == .parameter && binding.declaration == fn && !sem.isWritten(b)
    }

    /// `for (let i = 0; i < 3; i++)`, `for (let d = DAYS; d >= 0; d--)` with `DAYS` a module-level constant:
    /// the loop runs a number of times fixed in the code, at most `fixedCountLimit`.
    static func countsToAConstant(_ loop: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard case .forStatement(let initializer?, let test?, let update?, _) = tree[loop] else { return false }
        // the counter and where it starts
        var counter: NodeID?
        var start: Double?
        switch tree[initializer] {
        case .variableDeclaration(_, let decls, _) where decls.count == 1:
            if let d = tree.list(decls).first, case .variableDeclarator(let id, let value?, _) = tree[d], tree.kind(id) == .identifier {
                counter = id
                start = constantNumber(value, sem)
            }
        case .assignment(.assign, let left, let right) where tree.kind(left) == .identifier:
            counter = left
            start = constantNumber(right, sem)
        default:
            break
        }
        guard let counter, let start, let counterBinding = sem.binding(for: counter) else { return false }
        func isCounter(_ e: NodeID) -> Bool {
            let u = tree.unwrap(e)
            return tree.kind(u) == .identifier && sem.binding(for: u) == counterBinding
        }
        // one step up or down
        var step: Double = 0
        switch tree[tree.unwrap(update)] {
        case .update(let op, _, let arg) where isCounter(arg):
            step = op == .increment ? 1 : -1
        case .assignment(let op, let left, let right) where isCounter(left) && (op == .add || op == .subtract):
            guard let by = constantNumber(right, sem), by > 0 else { return false }
            step = op == .add ? by : -by
        default:
            return false
        }
        // where it ends
        guard case .binary(let op, let left, let right) = tree[tree.unwrap(test)] else { return false }
        var end: Double?
        var inclusive = false
        var bound: BinaryOperator = op
        if isCounter(left) {
            end = constantNumber(right, sem)
        } else if isCounter(right) {
            end = constantNumber(left, sem)
            switch op {  // `N > i` reads as `i < N`
            case .less: bound = .greater
            case .lessEqual: bound = .greaterEqual
            case .greater: bound = .less
            case .greaterEqual: bound = .lessEqual
            default: break
            }
        }
        guard let end else { return false }
        switch bound {
        case .less, .greater: inclusive = false
        case .lessEqual, .greaterEqual: inclusive = true
        default: return false
        }
        let upward = bound == .less || bound == .lessEqual
        guard upward == (step > 0) else { return false }
        let span = abs(end - start) + (inclusive ? 1 : 0)
        let count = (span / abs(step)).rounded(.up)
        return count <= Double(fixedCountLimit)
    }

    /// A numeric literal, or a module-level `const` bound to one.
    private static func constantNumber(_ e: NodeID, _ sem: FileSemantics) -> Double? {
        let tree = sem.tree
        let u = tree.unwrap(e)
        if let n = sem.literalNumber(u) { return n }
        guard tree.kind(u) == .identifier, let b = sem.binding(for: u), sem.isModuleLevel(b), sem.binding(b).kind == .const,
              let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
        return sem.literalNumber(tree.unwrap(v.expression))
    }

    /// Whether an awaited call of the loop body is handed a `Map` or `Set` the function made outside the
    /// loop (`cache = cache ?? new Map()` ... `await this.loadCommand(file, dir, cache)`): the callee fills it,
    /// and each iteration reads what the ones before it stored (a cache, a visited set).
    static func handsASharedContainer(_ loop: NodeID, _ awaits: [NodeID], _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let loopRange = tree.range(loop)
        for a in awaits {
            guard case .await(let arg) = tree[a], case .call(_, _, let args, _) = tree[tree.unwrap(arg)] else { continue }
            for argument in tree.list(args) {
                let e = tree.unwrap(argument)
                guard tree.kind(e) == .identifier, let b = sem.binding(for: e) else { continue }
                let declared = tree.range(sem.binding(b).declarationNode).start
                if declared >= loopRange.start && declared < loopRange.end { continue }  // the iteration's own
                var values: [NodeID] = []
                if let i = sem.binding(b).initializer, i.path.isEmpty { values.append(i.expression) }
                for w in sem.writes(of: b) { if let v = sem.assignedValue(at: w) { values.append(v) } }
                if values.contains(where: { makesAContainer($0, tree) }) { return true }
            }
        }
        return false
    }

    /// `new Map()`, `new Set()` (also weak), or one as the fallback of `??` / `||` (`cache ?? new Map()`);
    /// with `arrays`, also an array literal or `new Array(...)`.
    private static func makesAContainer(_ e: NodeID, _ tree: SyntaxTree, arrays: Bool = false) -> Bool {
        let u = tree.unwrap(e)
        switch tree[u] {
        case .new(let callee, _, _):
            let c = tree.unwrap(callee)
            guard tree.kind(c) == .identifier else { return false }
            let name = tree.name(of: c)
            return ["Map", "Set", "WeakMap", "WeakSet"].contains(name) || (arrays && name == "Array")
        case .arrayExpression:
            return arrays
        case .logical(let op, _, let right) where op == .nullish || op == .or:
            return makesAContainer(right, tree, arrays: arrays)
        default:
            return false
        }
    }

    /// Whether an awaited call of a `for...of` / `for...in` loop is handed first a collection the function made
    /// outside the loop (an array literal, a `Map` or `Set`) and the iteration's element only after it
    /// (`await mod.model.populate(childDocs, pop)` for each deferred populate option): each iteration applies
    /// its element, an operation or its options, to the same batch, and the call changes that batch for the
    /// next one (mongoose populates one set of child documents with each option in turn; a nested path needs
    /// its parent populated first). A call that takes the element first (`await lintFile(file, problems)`)
    /// works on the element and only collects into the array; a shared first argument that is not a
    /// collection the function made (a client handed in) is no batch either.
    static func appliesEachToOneBatch(_ loop: NodeID, _ awaits: [NodeID], _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let left: NodeID
        switch tree[loop] {
        case .forOfStatement(let l, _, _, _), .forInStatement(let l, _, _): left = l
        default: return false
        }
        /// Whether `id` is bound to a declaration inside `node`.
        func declared(_ id: NodeID, in node: NodeID) -> Bool {
            guard let b = sem.binding(for: id) else { return false }
            let at = tree.range(sem.binding(b).declarationNode).start, range = tree.range(node)
            return at >= range.start && at < range.end
        }
        for a in awaits {
            guard case .await(let arg) = tree[a], case .call(_, _, let args, _) = tree[tree.unwrap(arg)] else { continue }
            let list = Array(tree.list(args))
            guard list.count >= 2 else { continue }
            let batch = tree.unwrap(list[0])
            guard tree.kind(batch) == .identifier, let b = sem.binding(for: batch), !declared(batch, in: loop),
                  list.dropFirst().contains(where: { tree.kind(tree.unwrap($0)) == .identifier && declared(tree.unwrap($0), in: left) })
            else { continue }
            var values: [NodeID] = []
            if let i = sem.binding(b).initializer, i.path.isEmpty { values.append(i.expression) }
            for w in sem.writes(of: b) { if let v = sem.assignedValue(at: w) { values.append(v) } }
            if values.contains(where: { makesAContainer($0, tree, arrays: true) }) { return true }
        }
        return false
    }

    /// Whether the loop's test compares with what a method call returns (`r < pad.getHeadRevisionNumber()`):
    /// the end is read again on every pass and may move while an iteration waits (a log that grows), so
    /// there is no list of iterations to start together. Pure builtins (`Math.min(n, 10)`) do not count.
    static func testCallsForItsEnd(_ loop: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let test: NodeID?
        switch tree[loop] {
        case .whileStatement(let t, _), .doWhileStatement(_, let t): test = t
        case .forStatement(_, let t, _, _): test = t
        default: test = nil
        }
        guard let test, case .binary(let op, let left, let right) = tree[tree.unwrap(test)],
              [.less, .lessEqual, .greater, .greaterEqual].contains(op) else { return false }
        func isMethodCall(_ e: NodeID) -> Bool {
            guard case .call(let callee, _, _, _) = tree[tree.unwrap(e)],
                  case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else { return false }
            let o = tree.unwrap(object)
            if tree.kind(o) == .identifier, ["Math", "Number", "Object", "Array", "Date", "JSON", "String"].contains(tree.name(of: o)),
               sem.isGlobalReference(o) { return false }
            return true
        }
        return isMethodCall(left) || isMethodCall(right)
    }
}
