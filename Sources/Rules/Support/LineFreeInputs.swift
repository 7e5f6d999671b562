// Line-free inputs: strings that cannot hold a line terminator where the code uses them. An HTTP header
// value and a request target never hold one: Node's HTTP parser ends a header line at CR or LF and refuses
// them in the request line (it decodes bytes as Latin-1, so U+2028 and U+2029 cannot appear either), and
// `setHeader` and the Fetch `Headers` class refuse a value holding one. A regex whose every super-linear
// attack needs a line terminator (`\?.*$`, `#.*$`: `.*` stops only at one, and `$` holds at the end
// otherwise) is linear on such strings; RegexSites asks ReDoSChecker about them with `.lineFree`.
//
// Only what the file shows counts:
// - on a request (a parameter named `req` or `request`, or `.req` / `.request` of anything: `ctx.req`,
//   `c.req`): its `url` and `originalUrl` (the raw target; a decoded `path` or `params` can hold `%0A`),
//   `get('name')` and `header('name')`; on a request or a response (a parameter named `res` or
//   `response`), `headers.name`, `headers['name']` (also through a `const headers = req.headers`) and
//   `getHeader('name')`; on any object,
//   `headers.get('name')` (Fetch headers);
// - pieces of such a string: `slice`, `substring`, `substr`, `trim...`, case changes, `at`, `charAt`, and
//   the elements of its `split(...)` (`[i]`, `at`, `pop`, `shift`, `find`, through `filter`, `slice`,
//   `reverse`); `replace`/`replaceAll` with a replacement string that holds none;
// - the parts of a parsed URL (`pathname`, `hash`, `search`, `href`, ... of a `new URL(...)`): the URL
//   parser drops tabs and newlines and percent-encodes the other code points above U+007E;
// - `a || b`, `a ?? b`, `c ? a : b`, `a + b`, `String(a)` and templates of line-free parts and literals;
// - a variable whose every value is line-free, and a `const { name } = req.headers`;
// - a parameter of a function the file only calls by name (never exports, passes on or stores), when
//   every call gives it a line-free argument.
//
// The walk is bounded by a budget of visited nodes and a depth; anything else may hold a line terminator.

import JSSemantic
import JSSyntax
import LintEngine

struct LineFreeInputs {
    let tree: SyntaxTree
    let sem: FileSemantics
    let ctx: FileContext
    /// Visited nodes left.
    var budget = 300
    /// Parameters being followed to their calls (no recursion).
    var entered: Set<BindingID> = []
    /// Variables whose values are being walked.
    var enteredVariables: Set<BindingID> = []

    init(_ ctx: FileContext) {
        self.ctx = ctx
        tree = ctx.tree
        sem = ctx.semantic
    }

    /// Whether `expr` never holds a line terminator where it is evaluated, by what the file shows.
    static func holdsNoLineTerminator(_ expr: NodeID, in ctx: FileContext) -> Bool {
        var walk = LineFreeInputs(ctx)
        return walk.string(expr, depth: 0)
    }

    static let requestNames: Set<String> = ["req", "request"]
    static let responseNames: Set<String> = ["res", "response"]
    /// Methods whose result is a piece of the string, or the string with its case changed.
    static let pieceMethods: Set<String> = [
        "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "toLowerCase", "toUpperCase", "toLocaleLowerCase",
        "toLocaleUpperCase", "toString", "slice", "substring", "substr", "at", "charAt",
    ]

    /// One step of the walk: `expr` without parentheses and casts, or nil when the depth or the budget is spent.
    private mutating func visit(_ expr: NodeID, depth: Int) -> NodeID? {
        guard depth < 12, budget > 0 else { return nil }
        budget -= 1
        return tree.unwrap(expr)
    }

    /// A string value.
    mutating func string(_ expr: NodeID, depth: Int) -> Bool {
        guard let e = visit(expr, depth: depth) else { return false }
        switch tree[e] {
        case .stringLiteral:
            return !holdsLineTerminator(tree.stringValue(of: e))
        case .templateLiteral(let quasis, let expressions):
            return tree.list(quasis).allSatisfy { !holdsLineTerminator(tree.stringValue(of: $0)) }
                && tree.list(expressions).allSatisfy { string($0, depth: depth + 1) }
        case .binary(.add, let left, let right):
            return string(left, depth: depth + 1) && string(right, depth: depth + 1)
        case .logical(_, let left, let right):
            return string(left, depth: depth + 1) && string(right, depth: depth + 1)
        case .conditional(_, let consequent, let alternate):
            return string(consequent, depth: depth + 1) && string(alternate, depth: depth + 1)
        case .identifier:
            return variable(e, .string, depth: depth)
        case .member(let object, let property, let computed, _):
            if computed, !isStringKey(property) { return list(object, depth: depth + 1) }  // parts[0]
            guard let name = sem.memberName(e) else { return false }
            let o = tree.unwrap(object)
            if ["url", "originalUrl"].contains(name) { return isRequest(o) }
            if LineFreeInputs.urlComponents.contains(name), isParsedURL(o, depth: depth + 1) { return true }
            // req.headers.host, req.headers['x-forwarded-for'], res.headers['content-type']
            return isMessageHeaders(o)
        case .call(let callee, _, let args, _):
            return call(tree.unwrap(callee), Array(tree.list(args)), depth: depth)
        default:
            return false
        }
    }

    /// An array of strings, each line-free: a line-free string's `split(...)`, and what `filter`, `slice`
    /// and `reverse` keep of such an array.
    mutating func list(_ expr: NodeID, depth: Int) -> Bool {
        guard let e = visit(expr, depth: depth) else { return false }
        switch tree[e] {
        case .identifier:
            return variable(e, .list, depth: depth)
        case .call(let callee, _, _, _):
            guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier
            else { return false }
            switch tree.name(of: property) {
            case "split": return string(object, depth: depth + 1)
            case "filter", "slice", "reverse": return list(object, depth: depth + 1)
            default: return false
            }
        default:
            return false
        }
    }

    private mutating func call(_ callee: NodeID, _ args: [NodeID], depth: Int) -> Bool {
        switch tree[callee] {
        case .member(let object, let property, false, _) where tree.kind(property) == .identifier:
            let name = tree.name(of: property)
            let o = tree.unwrap(object)
            if LineFreeInputs.pieceMethods.contains(name) {
                // a string's piece, or an element of a line-free list (`parts.at(-1)`, `parts.slice(1)` is a list)
                return string(o, depth: depth + 1) || (name == "at" && list(o, depth: depth + 1))
            }
            switch name {
            case "pop", "shift", "find", "findLast":
                return list(o, depth: depth + 1)
            case "replace", "replaceAll":
                guard args.count == 2, let replacement = sem.literalString(tree.unwrap(args[1])) else { return false }
                return !holdsLineTerminator(replacement) && string(o, depth: depth + 1)
            case "get", "header":
                // req.get('x'), c.req.header('x'); response.headers.get('content-type')
                guard args.count == 1, isStringKey(args[0]) else { return false }
                return isRequest(o) || isHeadersMember(o)
            case "getHeader":
                return args.count == 1 && isStringKey(args[0]) && isMessage(o)
            default:
                return false
            }
        case .identifier:
            // String(x)
            guard tree.name(of: callee) == "String", sem.binding(for: callee) == nil, args.count == 1 else { return false }
            return string(args[0], depth: depth + 1)
        default:
            return false
        }
    }

    /// What a value is asked to be: a line-free string, or an array of them.
    enum Want { case string, list }

    private mutating func value(_ expr: NodeID, _ want: Want, depth: Int) -> Bool {
        switch want {
        case .string: return string(expr, depth: depth)
        case .list: return list(expr, depth: depth)
        }
    }

    /// A variable whose every value is what is wanted, a `const { name } = req.headers`, or a parameter
    /// every call of its function gives such a value. A value computed from the variable itself
    /// (`urlPath = urlPath.replace(/\/$/, '')`) is taken as what the variable's other values are: every
    /// step of the walk keeps a string line-free.
    private mutating func variable(_ use: NodeID, _ want: Want, depth: Int) -> Bool {
        guard let b = sem.binding(for: use) else { return false }
        let binding = sem.binding(b)
        if binding.kind == .parameter { return parameter(b, want, depth: depth) }
        if want == .string, let i = binding.initializer, i.path.count == 1, !sem.isWritten(b) {
            return isMessageHeaders(tree.unwrap(i.expression))
        }
        if enteredVariables.contains(b) { return true }
        guard let values = sem.assignedValues(of: b), !values.isEmpty else { return false }
        enteredVariables.insert(b)
        defer { enteredVariables.remove(b) }
        for v in values where !value(v, want, depth: depth + 1) { return false }
        return true
    }

    /// The parts of a WHATWG URL as `URL` serialises them: the parser drops every tab, CR and LF from
    /// its input and percent-encodes every other code point above U+007E (U+2028 and U+2029 included)
    /// in the path, query, fragment and credentials; a host is ASCII. `searchParams.get()` decodes, so
    /// it is not among them.
    static let urlComponents: Set<String> = [
        "href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash",
    ]

    /// `new URL(...)` of the global `URL`, or a variable whose every value is one.
    private mutating func isParsedURL(_ expr: NodeID, depth: Int) -> Bool {
        guard let e = visit(expr, depth: depth) else { return false }
        switch tree[e] {
        case .new(let callee, _, _):
            let c = tree.unwrap(callee)
            return tree.kind(c) == .identifier && tree.nameIs(c, "URL") && sem.binding(for: c) == nil
        case .identifier:
            guard let b = sem.binding(for: e), sem.binding(b).kind.isVariable, !enteredVariables.contains(b),
                  let values = sem.assignedValues(of: b), !values.isEmpty else { return false }
            enteredVariables.insert(b)
            defer { enteredVariables.remove(b) }
            return values.allSatisfy { isParsedURL($0, depth: depth + 1) }
        default:
            return false
        }
    }

    /// A parameter of a function the file only calls by name, each call giving what is wanted.
    private mutating func parameter(_ b: BindingID, _ want: Want, depth: Int) -> Bool {
        let fn = sem.binding(b).declaration
        guard !entered.contains(b), tree.kind(fn).isFunction, let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b })
        else { return false }
        let calls = InputBounds(ctx)
        guard let name = calls.functionBinding(of: fn), !sem.exports.contains(where: { $0.binding == name }) else { return false }
        let uses = sem.references(of: name).filter { !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }
        guard !uses.isEmpty else { return false }
        entered.insert(b)
        defer { entered.remove(b) }
        for use in uses.map(\.node) {
            guard let list = calls.callArguments(at: use), index < list.count, tree.kind(list[index]) != .spreadElement,
                  value(list[index], want, depth: depth + 1) else { return false }
        }
        return true
    }

    /// A request: a parameter named `req` or `request`, or `x.req` / `x.request`.
    func isRequest(_ expr: NodeID) -> Bool { named(expr, LineFreeInputs.requestNames) }

    /// A request or a response (`res`, `response`), whose headers Node's parser or `setHeader` checked.
    func isMessage(_ expr: NodeID) -> Bool {
        named(expr, LineFreeInputs.requestNames) || named(expr, LineFreeInputs.responseNames)
    }

    /// A parameter of one of these names, or a property of one of them (`ctx.req`).
    private func named(_ expr: NodeID, _ names: Set<String>) -> Bool {
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            guard names.contains(tree.name(of: e)), let b = sem.binding(for: e) else { return false }
            return sem.binding(b).kind == .parameter
        case .member(_, let property, false, _):
            return tree.kind(property) == .identifier && names.contains(tree.name(of: property))
        default:
            return false
        }
    }

    /// `req.headers`, `res.headers`, or a `const` bound to one (`const headers = request.headers`); with
    /// `requestOnly`, a request's only.
    func isMessageHeaders(_ expr: NodeID, requestOnly: Bool = false) -> Bool {
        var e = expr
        if tree.kind(e) == .identifier {
            guard let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty
            else { return false }
            e = tree.unwrap(v.expression)
        }
        guard case .member(let object, _, _, _) = tree[e], sem.memberName(e) == "headers" else { return false }
        return requestOnly ? isRequest(object) : isMessage(object)
    }

    /// `req.headers` of a request (not a response), or a `const` bound to one.
    func isRequestHeaders(_ expr: NodeID) -> Bool { isMessageHeaders(tree.unwrap(expr), requestOnly: true) }

    /// `x.headers` on any object (Fetch headers, whose `get` returns line-free values).
    func isHeadersMember(_ expr: NodeID) -> Bool {
        guard case .member = tree[expr] else { return false }
        return sem.memberName(expr) == "headers"
    }

    func isStringKey(_ expr: NodeID) -> Bool {
        sem.literalString(tree.unwrap(expr)) != nil
    }

    func holdsLineTerminator(_ s: String) -> Bool { LineFreeInputs.holdsLineTerminator(s) }

    /// Whether a string holds CR, LF, U+2028 or U+2029 (read by scalars: `\r\n` is one `Character`).
    static func holdsLineTerminator(_ s: String) -> Bool {
        s.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}
