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
    /// The cap is Node's limit on a request's head (`headerLimit`), not one the code writes.
    var byHeaderLimit = false

    init(length: Int, node: NodeID, byHeaderLimit: Bool = false) {
        self.length = length
        self.node = node
        self.byHeaderLimit = byHeaderLimit
    }

    /// Node's HTTP parser refuses a request whose request line and headers together pass
    /// `http.maxHeaderSize`, 16 KiB by default (`--max-http-header-size`); it reads their bytes as Latin-1,
    /// one character each.
    static let headerLimit = 16_384
}

struct InputBounds {
    let ctx: FileContext
    let tree: SyntaxTree
    let sem: FileSemantics
    /// Visited nodes left.
    var budget: Int
    /// Parameters of the functions being followed into, bound to the call's arguments.
    var arguments: [BindingID: NodeID] = [:]
    /// Functions being followed into (no recursion).
    var entered: Set<NodeID> = []

    init(_ ctx: FileContext, budget: Int = 400) {
        self.ctx = ctx
        tree = ctx.tree
        sem = ctx.semantic
        self.budget = budget
    }

    /// The cap on `expr`'s length where it is evaluated; nil when the file shows none. `arguments` binds
    /// parameters of the function `expr` is in to a call's arguments (a table applied at a call).
    static func bound(of expr: NodeID, in ctx: FileContext, arguments: [BindingID: NodeID] = [:]) -> InputBound? {
        var b = InputBounds(ctx)
        b.arguments = arguments
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
            var limit = false
            for x in tree.list(expressions) {
                guard let b = bound(x, depth: depth + 1) else { return nil }
                total += b.length
                if b.length > 0 { at = b.node }
                limit = limit || b.byHeaderLimit
            }
            return InputBound(length: total, node: at, byHeaderLimit: limit)
        case .binary(.add, let left, let right):
            guard let l = bound(left, depth: depth + 1), let r = bound(right, depth: depth + 1) else { return nil }
            return InputBound(length: l.length + r.length, node: l.length >= r.length ? l.node : r.node,
                              byHeaderLimit: l.byHeaderLimit || r.byHeaderLimit)
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
        case .member(let object, let property, let computed, _):
            let o = tree.unwrap(object)
            if let limit = headerLimitBound(e) { return limit }
            if computed { return captureBound(of: o, depth: depth) }
            guard tree.kind(o) == .thisExpression, tree.kind(property) == .identifier else { return nil }
            return fieldBound(e, name: tree.name(of: property), depth: depth)
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
            case "get", "header":
                return headerLimitBound(call)
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

    /// A part of an incoming request's head, which Node's parser caps (`InputBound.headerLimit`): `url` and
    /// `originalUrl` of a request (a parameter named `req` or `request`, or `ctx.req`, `c.req`), a header of
    /// one (`req.headers.host`, `req.headers['x-forwarded-for']`, also through `const headers = req.headers`),
    /// `req.get('name')`, `req.header('name')` and `request.headers.get('name')`. A response's headers are
    /// left out: a server's own response holds what it set, a fetched one what a client library allowed.
    func headerLimitBound(_ e: NodeID) -> InputBound? {
        let lines = LineFreeInputs(ctx)
        switch tree[e] {
        case .member(let object, let property, let computed, _):
            guard let name = sem.memberName(e) else { return nil }
            let o = tree.unwrap(object)
            if !computed, ["url", "originalUrl"].contains(name), lines.isRequest(o) {
                return InputBound(length: InputBound.headerLimit, node: e, byHeaderLimit: true)
            }
            guard lines.isRequestHeaders(o), !computed || lines.isStringKey(property) else { return nil }
            return InputBound(length: InputBound.headerLimit, node: e, byHeaderLimit: true)
        case .call(let callee, _, let args, _):
            guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier,
                  ["get", "header"].contains(tree.name(of: property)), tree.list(args).count == 1,
                  let first = tree.list(args).first, lines.isStringKey(first) else { return nil }
            let o = tree.unwrap(object)
            guard lines.isRequest(o) || lines.isRequestHeaders(o) else { return nil }
            return InputBound(length: InputBound.headerLimit, node: e, byHeaderLimit: true)
        default:
            return nil
        }
    }

    /// The function a binding names: a declaration, or a `const`/single-assignment variable holding a
    /// function or arrow expression.
    func functionNode(of b: BindingID) -> NodeID? {
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
            guard let r = bound(v, depth: depth + 1) else {
                // closure state whose first value its own setter replaces before any closure reads it
                if v == binding.initializer?.expression, primedBySetter(use, b) { continue }
                return checked
            }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        if let c = checked, let v = best { return c.length <= v.length ? c : v }
        return best ?? checked
    }

    /// A parameter of a function the file only calls by name (never exports, passes on or stores): the
    /// largest cap of the arguments its calls give it; nil when one of them is uncapped or missing.
    mutating func callerBound(_ b: BindingID, depth: Int) -> InputBound? {
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
            if isPrototypeAccess(use) { continue }
            guard let list = callArguments(at: use) else { return nil }
            guard index < list.count, tree.kind(list[index]) != .spreadElement,
                  let r = bound(list[index], depth: depth + 1) else { return nil }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        return best
    }

    /// The binding that names a function: a declaration's name, or the `const` it initialises.
    func functionBinding(of fn: NodeID) -> BindingID? {
        switch tree[fn] {
        case .functionDeclaration(let id?, _, _, _, _, _):
            return sem.binding(for: id)
        default:
            guard let d = tree.parent(fn), case .variableDeclarator(let id, let initializer, _) = tree[d],
                  initializer == fn, tree.kind(id) == .identifier, let b = sem.binding(for: id) else { return nil }
            if sem.binding(b).kind == .const { return b }
            // a `var`/`let` never reassigned (`var rgxMapper = function (ua, arrays) {...}`)
            guard sem.binding(b).kind.isVariable, let v = sem.constantValue(of: b), v.path.isEmpty,
                  tree.unwrap(v.expression) == fn else { return nil }
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
    private mutating func earlierCheck<L: BidirectionalCollection>(in list: L, before stmt: NodeID, _ b: BindingID, depth: Int,
                                       unassigned: (NodeID) -> Bool) -> InputBound? where L.Element == NodeID {
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
    func constantText(_ expr: NodeID, depth: Int = 0) -> String? {
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

// MARK: - Calls, fields and closure state

extension InputBounds {
    /// The arguments a use of a function's name gives it: `f(a)`, `new F(a)`, `f.call(self, a)`; nil for
    /// any other use (the function is passed on, stored or applied to an unknown list).
    func callArguments(at use: NodeID) -> [NodeID]? {
        guard let p = tree.parent(use) else { return nil }
        switch tree[p] {
        case .call(let callee, _, let args, _) where callee == use:
            return Array(tree.list(args))
        case .new(let callee, _, let args) where callee == use:
            return Array(tree.list(args))
        case .member(let object, let property, false, _) where object == use && tree.kind(property) == .identifier
            && tree.name(of: property) == "call":
            guard let call = tree.parent(p), case .call(let callee, _, let args, _) = tree[call], callee == p else { return nil }
            return Array(tree.list(args).dropFirst())
        default:
            return nil
        }
    }

    /// `F.prototype` (a constructor's methods being defined): neither a call nor an escape.
    func isPrototypeAccess(_ use: NodeID) -> Bool {
        guard let p = tree.parent(use), case .member(let object, let property, false, _) = tree[p], object == use else { return false }
        return tree.kind(property) == .identifier && tree.name(of: property) == "prototype"
    }

    /// A capture of a match: `m[k]` where every value of `m` is `re.exec(s)` or `s.match(re)` (or nothing
    /// yet): a piece of `s`, so at most as long.
    mutating func captureBound(of m: NodeID, depth: Int) -> InputBound? {
        guard tree.kind(m) == .identifier, let b = sem.binding(for: m), sem.binding(b).kind.isVariable,
              let values = sem.assignedValues(of: b), !values.isEmpty else { return nil }
        var best: InputBound?
        for v in values {
            guard case .call(let callee, _, let args, _) = tree[tree.unwrap(v)],
                  case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(property) == .identifier else { return nil }
            let subject: NodeID?
            switch tree.name(of: property) {
            case "exec": subject = tree.list(args).first
            case "match": subject = object
            default: subject = nil
            }
            guard let s = subject, let r = bound(s, depth: depth + 1) else { return nil }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        return best
    }

    /// `this.name` read in a method: the largest cap of the values the class gives the field, from its
    /// constructor and its methods (`this.name = v`, a `[['name', v], ...]` list handed to a helper with
    /// `this`, `Object.assign(this, { name: v })`, a class field's initializer); nil when one is uncapped
    /// or a write is anything else. Writes from outside the class are not seen (Limitations).
    mutating func fieldBound(_ read: NodeID, name: String, depth: Int) -> InputBound? {
        guard let owner = methodOwner(of: read) else { return nil }
        var values: [NodeID] = []
        // the class's code is walked on its own budget (a class is larger than a value's derivation)
        var scan = InputBounds.classScanBudget
        for fn in classFunctions(owner) {
            guard let found = fieldValues(in: fn, name: name, scan: &scan) else { return nil }
            values += found
        }
        guard !values.isEmpty else { return nil }
        var best: InputBound?
        for v in values {
            guard let r = bound(v, depth: depth + 1) else { return nil }
            if best.map({ r.length > $0.length }) ?? true { best = r }
        }
        return best
    }

    enum ClassOwner {
        case constructor(BindingID)
        case classNode(NodeID)
    }

    /// The class a `this` belongs to: the function (arrows take their outer `this`) is a class method, a
    /// constructor function, or a `F.prototype.m = function` method.
    func methodOwner(of node: NodeID) -> ClassOwner? {
        var fn = tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, tree.kind(f) == .arrowFunction, steps < 16 {
            fn = tree.enclosingFunction(of: f)
            steps += 1
        }
        guard let f = fn, let p = tree.parent(f) else { return nil }
        switch tree[p] {
        case .methodDefinition:
            guard let body = tree.parent(p), let cls = tree.parent(body),
                  [.classDeclaration, .classExpression].contains(tree.kind(cls)) else { return nil }
            return .classNode(cls)
        case .assignment(.assign, let left, let right) where right == f:
            // F.prototype.m = function () {...}
            guard case .member(let proto, _, false, _) = tree[left], case .member(let ctor, let property, false, _) = tree[proto],
                  tree.kind(property) == .identifier, tree.name(of: property) == "prototype",
                  tree.kind(ctor) == .identifier, let b = sem.binding(for: ctor), functionNode(of: b) != nil else { return nil }
            return .constructor(b)
        default:
            if case .functionDeclaration(let id?, _, _, _, _, _) = tree[f], let b = sem.binding(for: id) { return .constructor(b) }
            return nil
        }
    }

    /// The functions that make up a class: its methods and field initializers, or a constructor function
    /// and the functions assigned to its prototype's properties.
    func classFunctions(_ owner: ClassOwner) -> [NodeID] {
        switch owner {
        case .classNode(let cls):
            guard let members = tree.classMembers(cls) else { return [] }
            var out: [NodeID] = []
            for m in members {
                switch tree[m] {
                case .methodDefinition(_, _, let value, _, _): out.append(value)
                case .propertyDefinition: out.append(m)
                default: break
                }
            }
            return out
        case .constructor(let b):
            guard let ctor = functionNode(of: b) else { return [] }
            var out = [ctor]
            for ref in sem.references(of: b) where isPrototypeAccess(ref.node) {
                guard let proto = tree.parent(ref.node), let method = tree.parent(proto),
                      case .member(let object, _, false, _) = tree[method], object == proto,
                      let a = tree.parent(method), case .assignment(.assign, let left, let right) = tree[a], left == method,
                      tree.kind(tree.unwrap(right)).isFunction else { continue }
                out.append(tree.unwrap(right))
            }
            return out
        }
    }

    /// The values one member of a class gives `this.name`: plain assignments, `[['name', v]]` lists handed
    /// to a helper with `this` (`setProps.call(this, [['ua', ua], ...])`), `Object.assign(this, { name: v })`,
    /// a field's initializer. Nil when it writes the field some other way (`+=`, a computed name it does
    /// not fix), or the walk runs out of budget.
    /// Nodes of a class's members walked to find the writes of a field.
    static let classScanBudget = 50_000

    func fieldValues(in member: NodeID, name: String, scan: inout Int) -> [NodeID]? {
        if case .propertyDefinition(_, let key, _, let value, _) = tree[member] {
            return sem.propertyName(key) == name ? value.map { [$0] } ?? [] : []
        }
        guard let parts = tree.functionParts(member), let body = parts.body else { return [] }
        var out: [NodeID] = []
        var stack = [body]
        while let n = stack.popLast() {
            guard scan > 0 else { return nil }
            scan -= 1
            switch tree[n] {
            case .assignment(let op, let left, let right):
                if case .member(let object, let property, let computed, _) = tree[tree.unwrap(left)],
                   tree.kind(tree.unwrap(object)) == .thisExpression {
                    let written = computed ? sem.literalString(property) : tree.name(of: property)
                    if computed && written == nil { return nil }
                    if written == name {
                        guard op == .assign else { return nil }
                        out.append(right)
                    }
                }
            case .update(_, _, let argument):
                if case .member(let object, _, _, _) = tree[tree.unwrap(argument)], tree.kind(tree.unwrap(object)) == .thisExpression,
                   sem.memberName(tree.unwrap(argument)) == name { return nil }
            case .call(let callee, _, let args, _):
                let list = Array(tree.list(args))
                if list.count == 2, tree.kind(tree.unwrap(list[0])) == .thisExpression,
                   case .member(_, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier {
                    switch tree.name(of: property) {
                    case "call":
                        // helper.call(this, [['name', value], ...])
                        guard case .arrayExpression(let pairs) = tree[tree.unwrap(list[1])] else { break }
                        for pair in tree.list(pairs) {
                            guard case .arrayExpression(let items) = tree[tree.unwrap(pair)] else { continue }
                            let item = Array(tree.list(items))
                            if item.count == 2, sem.literalString(tree.unwrap(item[0])) == name { out.append(item[1]) }
                        }
                    case "assign":
                        // Object.assign(this, { name: value })
                        guard case .objectExpression(let properties) = tree[tree.unwrap(list[1])] else { return nil }
                        for p in tree.list(properties) {
                            guard case .property(let key, let value, _, _) = tree[p] else { return nil }
                            if sem.propertyName(key) == name { out.append(value) }
                        }
                    default:
                        break
                    }
                }
            default:
                break
            }
            tree.forEachChild(of: n) { c in
                let k = tree.kind(c)
                if k == .functionDeclaration || k == .functionExpression || k == .classDeclaration || k == .classExpression { return }
                stack.append(c)
            }
        }
        return out
    }

    /// Whether a closure reads a variable only after a setter of the same function has replaced its first
    /// value: every assignment is in a function nested in the declaring one (a setter), run there under no
    /// test but the value's type; the use is in a nested function; and the declaring function, after the
    /// declaration and unconditionally, calls a setter with the variable itself (ua-parser-js:
    /// `var userAgent = ua || ...` then `.setUA(userAgent)`, whose `userAgent = trim(ua, UA_MAX_LENGTH)` runs for
    /// any string).
    mutating func primedBySetter(_ use: NodeID, _ b: BindingID) -> Bool {
        let binding = sem.binding(b)
        guard let outer = tree.enclosingFunction(of: binding.declaration), tree.enclosingFunction(of: use) != outer,
              let parts = tree.functionParts(outer), let body = parts.body, case .blockStatement(let list) = tree[body]
        else { return false }
        var setters: Set<String> = []
        var setterNodes: Set<NodeID> = []
        for w in sem.writes(of: b) {
            guard let setter = tree.enclosingFunction(of: w), setter != outer, tree.enclosingFunction(of: setter) == outer,
                  let param = tree.functionParts(setter)?.params.first, tree.kind(param) == .identifier,
                  let pb = sem.binding(for: param), onlyTypeTested(w, in: setter, pb),
                  let name = setterName(setter) else { return false }
            setters.insert(name)
            setterNodes.insert(setter)
        }
        guard !setters.isEmpty else { return false }
        // the statement declaring the variable, then a later top-level statement calling a setter with it
        let statements = Array(tree.list(list))
        guard let at = statements.firstIndex(where: { s in
            let r = tree.range(s), d = tree.range(binding.declaration)
            return r.start <= d.start && d.end <= r.end
        }) else { return false }
        for s in statements[(at + 1)...] {
            budget -= 1
            guard budget > 0 else { return false }
            guard case .expressionStatement(let expression, _) = tree[s] else { continue }
            // the calls along a chain: `setProps.call(this, [...]).setUA(userAgent).useExtension(x)`
            var e = tree.unwrap(expression)
            var steps = 0
            while steps < 32 {
                steps += 1
                guard case .call(let callee, _, let args, _) = tree[e] else { break }
                let c = tree.unwrap(callee)
                let called: String?
                switch tree[c] {
                case .identifier: called = tree.name(of: c)
                case .member(_, let property, false, _) where tree.kind(property) == .identifier: called = tree.name(of: property)
                default: called = nil
                }
                let first = tree.list(args).first.map { tree.unwrap($0) }
                if let n = called, setters.contains(n), let a = first, tree.kind(a) == .identifier, sem.binding(for: a) == b {
                    return true
                }
                guard case .member(let object, _, _, _) = tree[c] else { break }
                e = tree.unwrap(object)
            }
        }
        return false
    }

    /// The name a setter is called by: its own or its variable's or property's name, or the first element
    /// of a `['name', function]` pair.
    func setterName(_ fn: NodeID) -> String? {
        if let p = tree.parent(fn), case .arrayExpression(let items) = tree[p] {
            let item = Array(tree.list(items))
            if item.count == 2, item[1] == fn, let s = sem.literalString(tree.unwrap(item[0])) { return s }
        }
        return sem.functionName(fn)
    }

    /// Whether the assignment at `write` runs whenever its setter runs, or only when a test of the
    /// parameter's type holds (`if (isString(ua))`, `if (typeof ua === 'string')`).
    func onlyTypeTested(_ write: NodeID, in setter: NodeID, _ param: BindingID) -> Bool {
        guard let a = tree.parent(write), case .assignment(.assign, let left, _) = tree[a], left == write,
              var child = tree.parent(a), case .expressionStatement = tree[child] else { return false }
        var steps = 0
        while let p = tree.parent(child), p != setter, steps < 16 {
            steps += 1
            switch tree[p] {
            case .blockStatement:
                break
            case .ifStatement(let test, let consequent, _) where child == consequent:
                guard isTypeTest(test, of: param) else { return false }
            default:
                return false
            }
            child = p
        }
        return tree.parent(child) == setter
    }

    /// `typeof p === '...'` (either side, `==`), or a call of one of the file's functions with `p` alone
    /// whose only `return` is such a test of its own parameter.
    func isTypeTest(_ test: NodeID, of param: BindingID, depth: Int = 0) -> Bool {
        let t = tree.unwrap(test)
        switch tree[t] {
        case .binary(let op, let left, let right) where op == .strictEqual || op == .equal:
            for side in [left, right] {
                if case .unary(.typeof, let operand) = tree[tree.unwrap(side)], tree.kind(tree.unwrap(operand)) == .identifier,
                   sem.binding(for: tree.unwrap(operand)) == param { return true }
            }
            return false
        case .call(let callee, _, let args, _):
            let list = Array(tree.list(args))
            guard depth == 0, list.count == 1, tree.kind(tree.unwrap(list[0])) == .identifier,
                  sem.binding(for: tree.unwrap(list[0])) == param, tree.kind(tree.unwrap(callee)) == .identifier,
                  let cb = sem.binding(for: tree.unwrap(callee)), let fn = functionNode(of: cb),
                  let parts = tree.functionParts(fn), let p = parts.params.first, tree.kind(p) == .identifier,
                  let pb = sem.binding(for: p), let body = parts.body else { return false }
            var returned = body
            if case .blockStatement(let stmts) = tree[body] {
                guard tree.list(stmts).count == 1, let only = tree.list(stmts).first,
                      case .returnStatement(let r?) = tree[only] else { return false }
                returned = r
            }
            return isTypeTest(returned, of: pb, depth: depth + 1)
        default:
            return false
        }
    }
}
