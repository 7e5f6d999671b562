// Shared by serial-await/sequential: the first round of a loop that follows awaited statements. A loop whose
// rounds depend on one another (a pagination loop reading `hasMore` from each page, a retry loop) cannot run
// them together, but its first round needs nothing from the loop: when the loop surely runs once and that
// round's first awaited call needs nothing the statements above it wrote, it could start together with them.

import JSSemantic
import JSSyntax
import LintEngine

extension SerialAwait {
    /// The first round of `loop` up to its first await: the awaited statement of the loop body's own statement
    /// list (`const res = await fetch(url, opts)`, a whole await of one call) and what must be known for it to
    /// start (the loop's initialiser and test, the body's statements before it, the awaited call); nil when the
    /// loop is not a `while`, `do...while` or `for (;;)` loop, an await comes earlier (in the head, in a nested
    /// statement) or a statement before the call may leave, write through a call, wait or hold a lock.
    static func firstRound(_ loop: NodeID, _ awaitStarts: [Int32], _ fctx: FunctionContext)
        -> (member: AwaitStatement, facts: Facts)?
    {
        let model = fctx.model, tree = model.tree
        var head: [NodeID] = []
        let body: NodeID
        switch tree[loop] {
        case .whileStatement(let test, let b):
            head = [test]
            body = b
        case .doWhileStatement(let b, _):
            body = b
        case .forStatement(let initializer, let test, _, let b):
            head = [initializer, test].compactMap { $0 }
            body = b
        default:
            return nil
        }
        guard case .blockStatement(let stmts) = tree[body] else { return nil }
        var facts = Facts()
        for h in head {
            guard ownAwaitCount(in: h, awaitStarts, tree, limit: 1) == 0 else { return nil }
            facts.merge(model.facts(h), asNested: false)
        }
        func plain(_ f: Facts) -> Bool {
            !f.exits && !f.leavesLoop && f.awaits.isEmpty
                && f.calls.allSatisfy(\.onlyReads)
        }
        guard plain(facts) else { return nil }
        for stmt in tree.list(stmts).prefix(16) {
            guard ownAwaitCount(in: stmt, awaitStarts, tree, limit: 1) > 0 else {
                let f = model.facts(stmt)
                guard plain(f) else { return nil }
                facts.merge(f, asNested: false)
                continue
            }
            guard let member = plainAwaitStatement(stmt, tree), member.combined.isEmpty,
                  ownAwaitCount(in: stmt, awaitStarts, tree) == 1 else { return nil }
            switch member.shape {
            case .declaration, .bare: break
            case .assignment(let target) where tree.kind(tree.unwrap(target)) == .identifier: break
            default: return nil
            }
            let call = model.facts(member.await)
            guard !call.exits, !call.calls.contains(where: { $0.isDelay || $0.isLock || $0.isTransaction }) else { return nil }
            facts.merge(call, asNested: false)
            facts.awaits = call.awaits
            return (member, facts)
        }
        return nil
    }

    /// Whether a `while`, `do...while` or `for` loop runs its first round whatever happened before it: a
    /// `do...while`, a `for (;;)`, or a test that holds on entry when read from literals and from local
    /// `const`/`let` variables initialised with literals that nothing assigns before the loop (`let page = 1;
    /// let hasMore = true; while (hasMore && page <= MAX_PAGES)`, `MAX_PAGES` a constant), and from the
    /// variables its own initialiser declares so (`for (let attempt = 0; attempt < 3; attempt++)`).
    static func surelyEnters(_ loop: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let test: NodeID?
        var initRange: Range<Int32>?
        switch tree[loop] {
        case .doWhileStatement: return true
        case .whileStatement(let t, _): test = t
        case .forStatement(let i, let t, _, _):
            test = t
            if let i { initRange = tree.range(i).start..<tree.range(i).end }
        default: return false
        }
        guard let test else { return true }
        let loopRange = tree.range(loop)
        let loopStart = loopRange.start
        let function = tree.enclosingFunction(of: loop)
        enum Value { case bool(Bool), number(Double), string(Bool) }
        func truthy(_ v: Value) -> Bool {
            switch v {
            case .bool(let b): return b
            case .number(let n): return n != 0 && !n.isNaN
            case .string(let nonEmpty): return nonEmpty
            }
        }
        var budget = 64
        func value(_ e: NodeID) -> Value? {
            guard budget > 0 else { return nil }
            budget -= 1
            let u = tree.unwrap(e)
            if let n = sem.literalNumber(u) { return .number(n) }
            switch tree[u] {
            case .booleanLiteral(let b): return .bool(b)
            case .stringLiteral: return .string(tree.range(u).end - tree.range(u).start > 2)
            case .identifier:
                guard let b = sem.binding(for: u) else { return nil }
                let binding = sem.binding(b)
                let declared = tree.range(binding.declarationNode).start
                guard let i = binding.initializer, i.path.isEmpty,
                      declared < loopStart || initRange.map({ declared >= $0.lowerBound && declared < $0.upperBound }) == true
                else { return nil }
                switch binding.kind {
                case .const: break
                // a `let` of the loop's own function that only the loop itself changes
                case .let:
                    guard tree.enclosingFunction(of: binding.declarationNode) == function,
                          sem.writes(of: b).allSatisfy({ w in
                              tree.range(w).start >= loopRange.start && tree.range(w).end <= loopRange.end
                                  && tree.enclosingFunction(of: w) == function
                          }) else { return nil }
                default: return nil
                }
                return value(i.expression)
            case .unary(.not, let a):
                return value(a).map { .bool(!truthy($0)) }
            case .unary(.minus, let a):
                guard case .number(let n)? = value(a) else { return nil }
                return .number(-n)
            case .logical(let op, let l, let r):
                guard let lv = value(l) else { return nil }
                switch op {
                case .and: return truthy(lv) ? value(r) : lv
                case .or: return truthy(lv) ? lv : value(r)
                case .nullish: return lv
                }
            case .binary(let op, let l, let r):
                guard case .number(let a)? = value(l), case .number(let b)? = value(r) else { return nil }
                switch op {
                case .less: return .bool(a < b)
                case .lessEqual: return .bool(a <= b)
                case .greater: return .bool(a > b)
                case .greaterEqual: return .bool(a >= b)
                case .strictEqual, .equal: return .bool(a == b)
                case .strictNotEqual, .notEqual: return .bool(a != b)
                default: return nil
                }
            default:
                return nil
            }
        }
        return value(test).map(truthy) == true
    }
}
