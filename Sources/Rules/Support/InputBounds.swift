// Input bounds: the most characters a string can hold at the place where code uses it, when the code
// caps it. A super-linear regex on input of attacker-chosen length blocks the event loop; on input
// the program has capped it may cost a fraction of a millisecond, and the redos rules measure that
// cost at the bound (RegexSites). Only caps the file shows count:
//
// - `s.slice(0, N)`, `s.substring(0, N)`, `s.substr(i, N)`, `s.slice(-N)` with N a constant;
// - `s.length > N ? s.slice(0, N) : s` (each branch of a conditional, under what its test says about
//   `s.length`), `a || b`, `a + b`, templates, and length-keeping calls (`trim`, `toLowerCase`, `String`);
// - a length check before the use: `if (s.length > N) return` (or `throw`), `if (s.length > N) s = cap`,
//   or the use inside `if (s.length <= N) { ... }` / after `s.length < N &&`;
// - a variable whose every assignment is bounded, and a call of a function of the same file whose
//   every `return` is bounded once its parameters take the call's arguments (`clip(s, 500)` with
//   `function clip(str, len) { return str.substring(0, len) }`);
// - a parameter of a function the file only calls by name, when every call gives it a bounded argument.
//
// The walk is bounded by a budget of visited nodes and a depth; a value it cannot follow is unbounded.

import JSSemantic
import JSSyntax
import LintEngine

/// A cap on a string's length: at most `length` characters, because of the code at `node`.
struct InputBound: Hashable {
    var length: Int
    /// The expression or statement that caps the string (for messages: its line).
    var node: NodeID
}

struct InputBounds {
    let tree: SyntaxTree
    let sem: FileSemantics
    /// Visited nodes left.
    private var budget: Int
    /// Parameters of the functions being followed into, bound to the call's arguments.
    private var arguments: [BindingID: NodeID] = [:]
    /// Functions being followed into (no recursion).
    private var entered: Set<NodeID> = []

    init(_ ctx: FileContext, budget: Int = 400) {
        tree = ctx.tree
        sem = ctx.semantic
        self.budget = budget
    }

    /// The cap on `expr`'s length where it is evaluated; nil when the file shows none.
    static func bound(of expr: NodeID, in ctx: FileContext) -> InputBound? {
        var b = InputBounds(ctx)
        return b.bound(expr, depth: 0)
    }

    mutating func bound(_ expr: NodeID, depth: Int) -> InputBound? {
        guard depth < 10, budget > 0 else { return nil }
        budget -= 1
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral:
            return InputBound(length: tree.stringValue(of: e).utf16.count, node: e)
        case .numericLiteral:
            return InputBound(length: tree.text(e).utf16.count, node: e)
        case .templateLiteral(let quasis, let expressions):
            var total = tree.list(quasis).reduce(0) { $0 + tree.stringValue(of: $1).utf16.count }
            var at = e
            for x in tree.list(expressions) {
                guard let b = bound(x, depth: depth + 1) else { return nil }
                total += b.length
                if b.length > 0 { at = b.node }
            }
            return InputBound(length: total, node: at)
        case .binary(.add, let left, let right):
            guard let l = bound(left, depth: depth + 1), let r = bound(right, depth: depth + 1) else { return nil }
            return InputBound(length: l.length + r.length, node: l.length >= r.length ? l.node : r.node)
        case .logical(_, let left, let right):
            guard let l = bound(left, depth: depth + 1), let r = bound(right, depth: depth + 1) else { return nil }
            return l.length >= r.length ? l : r
        case .conditional(let test, let consequent, let alternate):
            // a helper's optional cap given by the call: `typeof len === 'undefined' ? str : str.substring(0, len)`
            if let taken = knownOutcome(test) { return bound(taken ? consequent : alternate, depth: depth + 1) }
            // a branch that is the variable itself takes the test's check (`s.length > N ? cap : s`)
            guard let c = bound(consequent, depth: depth + 1), let a = bound(alternate, depth: depth + 1) else { return nil }
            return c.length >= a.length ? c : a
        case .call(let callee, _, let args, _):
            return callBound(e, callee: tree.unwrap(callee), args: Array(tree.list(args)), depth: depth)
        case .identifier:
            return identifierBound(e, depth: depth)
        default:
            return nil
        }
    }

    // MARK: - Calls

    private mutating func callBound(_ call: NodeID, callee: NodeID, args: [NodeID], depth: Int) -> InputBound? {
        switch tree[callee] {
        case .member(let object, let property, false, _) where tree.kind(property) == .identifier:
            switch tree.name(of: property) {
            case "slice":
                // s.slice(0, N), s.slice(i, N): at most N; s.slice(-N): at most N
                if args.count == 2, let start = constantInt(args[0]), start >= 0, let end = constantInt(args[1]), end >= 0 {
                    return InputBound(length: max(0, end - start), node: call)
                }
                if args.count == 1, let start = constantInt(args[0]), start < 0 {
                    return InputBound(length: -start, node: call)
                }
            case "substring":
                if args.count == 2, let a = constantInt(args[0]), let b = constantInt(args[1]) {
                    return InputBound(length: abs(max(0, a) - max(0, b)), node: call)
                }
            case "substr":
                if args.count == 2, let n = constantInt(args[1]), n >= 0 {
                    return InputBound(length: n, node: call)
                }
            case "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "toLowerCase", "toUpperCase",
                 "toLocaleLowerCase", "toLocaleUpperCase", "toString", "normalize":
                return bound(object, depth: depth + 1)
            default:
                break
            }
            return nil
        case .identifier:
            if tree.name(of: callee) == "String", sem.binding(for: callee) == nil, let first = args.first, args.count == 1 {
                return bound(first, depth: depth + 1)
            }
            return returnBound(of: callee, args: args, depth: depth)
        default:
            return nil
        }
    }

    /// A call of a function declared in this file: the largest bound of its `return`s, with its simple
    /// parameters standing for the call's arguments; nil if one `return` is unbounded.
    private mutating func returnBound(of callee: NodeID, args: [NodeID], depth: Int) -> InputBound? {
        guard let b = sem.binding(for: callee), let fn = functionNode(of: b), !entered.contains(fn),
              let parts = tree.functionParts(fn), let body = parts.body else { return nil }
        let params = Array(parts.params)
        var saved: [BindingID: NodeID?] = [:]
        for (i, p) in params.enumerated() where tree.kind(p) == .identifier {
            guard let pb = sem.binding(for: p) else { continue }
            saved.updateValue(arguments[pb], forKey: pb)
            arguments[pb] = i < args.count ? args[i] : nil
        }
        entered.insert(fn)
        defer {
            entered.remove(fn)
            for (pb, old) in saved { arguments[pb] = old }
        }
        let returned = tree.kind(body) == .blockStatement ? returnedValues(in: body) : [body]
        guard let values = returned, !values.isEmpty else { return nil }
        var best: InputBound?
        for v in values {
            guard let r = bound(v, depth: depth + 1) else { return nil }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        return best
    }

    /// The function a binding names: a declaration, or a `const`/single-assignment variable holding a
    /// function or arrow expression.
    private func functionNode(of b: BindingID) -> NodeID? {
        let binding = sem.binding(b)
        if binding.kind == .function, tree.kind(binding.declaration).isFunction { return binding.declaration }
        if let v = sem.constantValue(of: b), v.path.isEmpty {
            let f = tree.unwrap(v.expression)
            if tree.kind(f).isFunction { return f }
        }
        return nil
    }

    /// The arguments of the `return` statements of a function body (nested functions skipped); nil when
    /// one returns nothing or the walk runs out of budget.
    private mutating func returnedValues(in body: NodeID) -> [NodeID]? {
        var out: [NodeID] = []
        var stack = [body]
        while let n = stack.popLast() {
            guard budget > 0 else { return nil }
            budget -= 1
            if case .returnStatement(let argument) = tree[n] {
                guard let a = argument else { return nil }
                out.append(a)
                continue
            }
            tree.forEachChild(of: n) { c in
                if !tree.kind(c).isFunction && tree.kind(c) != .classDeclaration && tree.kind(c) != .classExpression {
                    stack.append(c)
                }
            }
        }
        return out
    }

    // MARK: - Variables

    private mutating func identifierBound(_ use: NodeID, depth: Int) -> InputBound? {
        guard let b = sem.binding(for: use) else { return nil }
        if let arg = arguments[b] { return bound(arg, depth: depth + 1) }
        let checked = checkedBound(use, b, depth: depth)
        let binding = sem.binding(b)
        if binding.kind == .parameter, checked == nil { return callerBound(b, depth: depth) }
        // every value the variable is given: its initializer and each plain assignment
        guard binding.kind.isVariable, let values = sem.assignedValues(of: b), !values.isEmpty else { return checked }
        var best: InputBound?
        for v in values {
            guard let r = bound(v, depth: depth + 1) else { return checked }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        if let c = checked, let v = best { return c.length <= v.length ? c : v }
        return best ?? checked
    }

    /// A parameter of a function the file only calls by name (never exports, passes on or stores): the
    /// largest cap of the arguments its calls give it; nil when one of them is uncapped or missing.
    private mutating func callerBound(_ b: BindingID, depth: Int) -> InputBound? {
        let fn = sem.binding(b).declaration
        guard tree.kind(fn).isFunction, !entered.contains(fn), let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b }),
              let name = functionBinding(of: fn), !sem.exports.contains(where: { $0.binding == name })
        else { return nil }
        let uses = sem.references(of: name).filter { !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }
        guard !uses.isEmpty else { return nil }
        let saved = arguments
        arguments = [:]
        entered.insert(fn)
        defer {
            arguments = saved
            entered.remove(fn)
        }
        var best: InputBound?
        for use in uses.map(\.node) {
            guard let call = tree.parent(use), case .call(let callee, _, let args, _) = tree[call], callee == use else { return nil }
            let list = Array(tree.list(args))
            guard index < list.count, tree.kind(list[index]) != .spreadElement,
                  let r = bound(list[index], depth: depth + 1) else { return nil }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        return best
    }

    /// The binding that names a function: a declaration's name, or the `const` it initialises.
    private func functionBinding(of fn: NodeID) -> BindingID? {
        switch tree[fn] {
        case .functionDeclaration(let id?, _, _, _, _, _):
            return sem.binding(for: id)
        default:
            guard let d = tree.parent(fn), case .variableDeclarator(let id, let initializer, _) = tree[d],
                  initializer == fn, tree.kind(id) == .identifier, let b = sem.binding(for: id),
                  sem.binding(b).kind == .const else { return nil }
            return b
        }
    }

    /// A length check in the use's function that holds where `use` runs: an earlier `if (s.length > N)`
    /// whose body leaves (`return`, `throw`) or caps `s`, or an enclosing branch (`if`, `?:`, `&&`) taken
    /// only when `s.length <= N`. The variable must not be assigned between the check and the use.
    private mutating func checkedBound(_ use: NodeID, _ b: BindingID, depth: Int) -> InputBound? {
        let fn = tree.enclosingFunction(of: use)
        let t = tree
        let writes = sem.writes(of: b).map { t.range($0).start }
        let useStart = t.range(use).start
        // no assignment of the variable after the check's end (or start) and before the use
        func unassigned(after check: NodeID) -> Bool {
            let from = t.range(check).end
            return !writes.contains { $0 >= from && $0 < useStart }
        }
        func unassigned(since check: NodeID) -> Bool {
            let from = t.range(check).start
            return !writes.contains { $0 >= from && $0 < useStart }
        }
        var child = use
        var steps = 0
        while let p = tree.parent(child), p != fn, steps < 64 {
            steps += 1
            budget -= 1
            switch tree[p] {
            case .ifStatement(let test, let consequent, let alternate):
                if child == consequent, let n = lengthLimit(test, holding: true, b), unassigned(since: p) {
                    return InputBound(length: n, node: test)
                }
                if child == alternate, let n = lengthLimit(test, holding: false, b), unassigned(since: p) {
                    return InputBound(length: n, node: test)
                }
            case .conditional(let test, let consequent, let alternate):
                if child == consequent, let n = lengthLimit(test, holding: true, b) { return InputBound(length: n, node: test) }
                if child == alternate, let n = lengthLimit(test, holding: false, b) { return InputBound(length: n, node: test) }
            case .logical(.and, let left, let right) where child == right:
                if let n = lengthLimit(left, holding: true, b) { return InputBound(length: n, node: left) }
            case .logical(.or, let left, let right) where child == right:
                if let n = lengthLimit(left, holding: false, b) { return InputBound(length: n, node: left) }
            case .blockStatement(let body), .program(let body):
                if let found = earlierCheck(in: tree.list(body), before: child, b, depth: depth, unassigned: { unassigned(after: $0) }) {
                    return found
                }
            case .switchCase(_, let body):
                if let found = earlierCheck(in: tree.list(body), before: child, b, depth: depth, unassigned: { unassigned(after: $0) }) {
                    return found
                }
            default:
                break
            }
            child = p
        }
        return nil
    }

    /// The last statement before `stmt` in `list` that caps the variable: `if (s.length > N) return|throw`
    /// gives N; `if (s.length > N) s = cap` gives the larger of N and the cap.
    private mutating func earlierCheck(in list: ArraySlice<NodeID>, before stmt: NodeID, _ b: BindingID, depth: Int,
                                       unassigned: (NodeID) -> Bool) -> InputBound? {
        guard let at = list.firstIndex(of: stmt) else { return nil }
        for s in list[list.startIndex..<at].reversed() {
            guard case .ifStatement(let test, let consequent, nil) = tree[s],
                  let n = lengthLimit(test, holding: false, b) else { continue }
            if leaves(consequent), unassigned(s) { return InputBound(length: n, node: test) }
            if let cap = cappingAssignment(consequent, b), let c = bound(cap, depth: depth + 1), unassigned(s) {
                return InputBound(length: max(n, c.length), node: c.length >= n ? c.node : test)
            }
        }
        return nil
    }

    /// Whether a statement always leaves the function (or loop iteration): `return`, `throw`, or a block
    /// ending in one.
    private func leaves(_ stmt: NodeID) -> Bool {
        switch tree[stmt] {
        case .returnStatement, .throwStatement, .continueStatement, .breakStatement:
            return true
        case .blockStatement(let body):
            return tree.list(body).last.map(leaves) ?? false
        default:
            return false
        }
    }

    /// `s = value` as the only statement of a branch: the value.
    private func cappingAssignment(_ stmt: NodeID, _ b: BindingID) -> NodeID? {
        var s = stmt
        if case .blockStatement(let body) = tree[s] {
            let list = tree.list(body)
            guard list.count == 1, let only = list.first else { return nil }
            s = only
        }
        guard case .expressionStatement(let e, _) = tree[s], case .assignment(.assign, let left, let right) = tree[e],
              tree.kind(left) == .identifier, sem.binding(for: left) == b else { return nil }
        return right
    }

    // MARK: - Length tests

    /// The most characters the variable holds when `test` evaluates to `holding`: `s.length <= N` true,
    /// `s.length > N` false, either side of `&&` true, either side of `||` false, `!` flipping.
    private func lengthLimit(_ test: NodeID, holding: Bool, _ b: BindingID) -> Int? {
        let t = tree.unwrap(test)
        switch tree[t] {
        case .unary(.not, let argument):
            return lengthLimit(argument, holding: !holding, b)
        case .logical(.and, let left, let right) where holding:
            return minOf(lengthLimit(left, holding: true, b), lengthLimit(right, holding: true, b))
        case .logical(.or, let left, let right) where !holding:
            return minOf(lengthLimit(left, holding: false, b), lengthLimit(right, holding: false, b))
        case .binary(let op, let left, let right):
            if isLength(left, of: b), let n = constantInt(right) { return limit(op, n, holding: holding) }
            if isLength(right, of: b), let n = constantInt(left), let flipped = op.flipped {
                return limit(flipped, n, holding: holding)
            }
            return nil
        default:
            return nil
        }
    }

    /// `length OP n` evaluating to `holding`: the largest length it allows, if any.
    private func limit(_ op: BinaryOperator, _ n: Int, holding: Bool) -> Int? {
        switch (op, holding) {
        case (.less, true), (.greaterEqual, false): return max(0, n - 1)
        case (.lessEqual, true), (.greater, false): return max(0, n)
        case (.strictEqual, true), (.equal, true): return max(0, n)
        default: return nil
        }
    }

    private func minOf(_ a: Int?, _ b: Int?) -> Int? {
        switch (a, b) {
        case let (x?, y?): return min(x, y)
        case let (x?, nil): return x
        case let (nil, y?): return y
        default: return nil
        }
    }

    /// `s.length` for the variable.
    private func isLength(_ expr: NodeID, of b: BindingID) -> Bool {
        guard case .member(let object, let property, false, _) = tree[tree.unwrap(expr)],
              tree.kind(property) == .identifier, tree.name(of: property) == "length" else { return false }
        let o = tree.unwrap(object)
        return tree.kind(o) == .identifier && sem.binding(for: o) == b
    }

    /// The outcome of `typeof p === 'undefined'` (or `!==`, `==`, `!=`) for a parameter of a followed
    /// call that was given a constant number or string; nil for any other test.
    private func knownOutcome(_ test: NodeID) -> Bool? {
        guard case .binary(let op, let left, let right) = tree[tree.unwrap(test)],
              [.strictEqual, .equal, .strictNotEqual, .notEqual].contains(op) else { return nil }
        for (a, b) in [(left, right), (right, left)] {
            guard case .unary(.typeof, let operand) = tree[tree.unwrap(a)], constantText(b) == "undefined" else { continue }
            let o = tree.unwrap(operand)
            guard tree.kind(o) == .identifier, let pb = sem.binding(for: o), let arg = arguments[pb],
                  constantInt(arg) != nil || tree.kind(tree.unwrap(arg)) == .stringLiteral else { return nil }
            // the argument is defined: `=== 'undefined'` is false
            return op == .strictNotEqual || op == .notEqual
        }
        return nil
    }

    /// A string the file fixes: a literal, a `const` holding one, or a property of a constant object
    /// literal (`TYPEOF.UNDEFINED`).
    private func constantText(_ expr: NodeID, depth: Int = 0) -> String? {
        guard depth < 6 else { return nil }
        let e = tree.unwrap(expr)
        if let s = sem.literalString(e) { return s }
        if tree.kind(e) == .identifier {
            guard let b = sem.binding(for: e), sem.binding(b).kind.isVariable, let v = sem.constantValue(of: b), v.path.isEmpty
            else { return nil }
            return constantText(v.expression, depth: depth + 1)
        }
        guard let value = constantProperty(e) else { return nil }
        return constantText(value, depth: depth + 1)
    }

    /// `OBJ.name` where `OBJ` holds an object literal and is never reassigned: the property's value.
    private func constantProperty(_ member: NodeID) -> NodeID? {
        guard case .member(let object, _, _, _) = tree[member], let name = sem.memberName(member),
              tree.kind(tree.unwrap(object)) == .identifier,
              let b = sem.binding(for: tree.unwrap(object)), sem.binding(b).kind.isVariable,
              let v = sem.constantValue(of: b), v.path.isEmpty,
              case .objectExpression(let properties) = tree[tree.unwrap(v.expression)] else { return nil }
        for p in tree.list(properties) {
            guard case .property(let key, let value, _, _) = tree[p], sem.propertyName(key) == name else { continue }
            return value
        }
        return nil
    }

    // MARK: - Constants

    /// An integer the file fixes: a literal, `-literal`, a `const` (or never reassigned variable) holding
    /// one, a parameter of a followed call given one, or a property of a constant object literal
    /// (`LIMITS.query`).
    func constantInt(_ expr: NodeID, depth: Int = 0) -> Int? {
        guard depth < 6 else { return nil }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral:
            guard let d = sem.literalNumber(e), d.isFinite, abs(d) < 1e12 else { return nil }
            return Int(d)
        case .unary(.minus, let argument):
            return constantInt(argument, depth: depth + 1).map { -$0 }
        case .identifier:
            guard let b = sem.binding(for: e) else { return nil }
            if let arg = arguments[b] { return constantInt(arg, depth: depth + 1) }
            guard sem.binding(b).kind.isVariable, let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
            return constantInt(v.expression, depth: depth + 1)
        case .member:
            return constantProperty(e).flatMap { constantInt($0, depth: depth + 1) }
        default:
            return nil
        }
    }
}

extension BinaryOperator {
    /// The operator with its operands swapped (`a < b` is `b > a`); nil when it has none here.
    fileprivate var flipped: BinaryOperator? {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        case .equal, .strictEqual: return self
        default: return nil
        }
    }
}
