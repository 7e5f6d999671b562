// Caller arguments: the constant values an expression can take once a function's parameters are read
// from every call the project makes to it. `randomBytes(Math.ceil(length / 2))` inside
// `randomHexString(length)` is cheap when every caller writes `randomHexString(16)`; the same read tells
// a rule that a helper only ever receives a few fixed strings.
//
// Only what the code shows counts: literals, `const` names bound to literals, arithmetic and `Math`
// rounding over them, and a parameter (never reassigned) of a function every known call gives a
// constant. A function with no known call, one handed over as a callback, or a call that spreads its
// arguments or leaves the parameter out is unknown. The walk follows at most `depth` callers up and
// stops at a budget of visited nodes; anything it cannot follow is unknown (nil), never a guess.

import JSSemantic
import JSSyntax
import LintEngine

public struct CallerArguments {
    let functions: ProjectFunctions
    /// Visited nodes left.
    private var budget: Int
    /// Functions whose parameters are being read (no recursion through a cycle of calls).
    private var entered: Set<ProjectNode> = []
    /// At most this many distinct values per expression.
    static let maxValues = 8

    public init(_ ctx: ProjectContext, budget: Int = 300) {
        functions = ProjectFunctions.of(ctx)
        self.budget = budget
    }

    /// Every number `expr` (an expression of `unit`) can evaluate to, with the enclosing function's
    /// parameters taken from its callers; nil when one of them is not a constant the code shows.
    public static func numbers(_ expr: NodeID, in unit: Int, _ ctx: ProjectContext) -> [Double]? {
        var reader = CallerArguments(ctx)
        guard let file = reader.functions.fileOfUnit[unit] else { return nil }
        return reader.numbers(expr, file: file, depth: 0)
    }

    mutating func numbers(_ expr: NodeID, file: FileID, depth: Int) -> [Double]? {
        guard budget > 0, depth < 6 else { return nil }
        budget -= 1
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral:
            return sem.literalNumber(e).map { [$0] }
        case .unary(.minus, let operand):
            return numbers(operand, file: file, depth: depth).map { $0.map { -$0 } }
        case .binary(let op, let left, let right):
            guard let l = numbers(left, file: file, depth: depth), let r = numbers(right, file: file, depth: depth) else { return nil }
            var out: [Double] = []
            for a in l {
                for b in r {
                    let v: Double
                    switch op {
                    case .add: v = a + b
                    case .subtract: v = a - b
                    case .multiply: v = a * b
                    case .divide:
                        guard b != 0 else { return nil }
                        v = a / b
                    default: return nil
                    }
                    if !out.contains(v) { out.append(v) }
                }
            }
            return out.count <= Self.maxValues ? out : nil
        case .call(let callee, _, let args, _):
            // Math.ceil / floor / round / trunc / abs of one value, Math.min / max of several
            guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.nameIs(tree.unwrap(object), "Math"),
                  sem.binding(for: tree.unwrap(object)) == nil else { return nil }
            let name = tree.name(of: property)
            var lists: [[Double]] = []
            for a in tree.list(args) {
                guard tree.kind(a) != .spreadElement, let v = numbers(a, file: file, depth: depth) else { return nil }
                lists.append(v)
            }
            switch name {
            case "ceil", "floor", "round", "trunc", "abs":
                guard lists.count == 1 else { return nil }
                return lists[0].map { v in
                    switch name {
                    case "ceil": return v.rounded(.up)
                    case "floor": return v.rounded(.down)
                    case "round": return (v + 0.5).rounded(.down)
                    case "trunc": return v.rounded(.towardZero)
                    default: return abs(v)
                    }
                }
            case "min", "max":
                // every combination of the operands' values, while there are few
                guard !lists.isEmpty else { return nil }
                var combos: [Double] = []
                var partial: [[Double]] = [[]]
                for l in lists {
                    partial = partial.flatMap { p in l.map { p + [$0] } }
                    guard partial.count <= Self.maxValues * Self.maxValues else { return nil }
                }
                for p in partial {
                    let v = name == "min" ? p.min()! : p.max()!
                    if !combos.contains(v) { combos.append(v) }
                }
                return combos.count <= Self.maxValues ? combos : nil
            default:
                return nil
            }
        case .identifier:
            guard let b = sem.binding(for: e) else { return nil }
            let binding = sem.binding(b)
            if binding.kind == .parameter { return parameterNumbers(b, file: file, depth: depth) }
            guard binding.kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
            return numbers(v.expression, file: file, depth: depth)
        default:
            return nil
        }
    }

    /// Whether `expr` (an expression of `unit`) takes only a few values the program writes itself: literals,
    /// `const` names, templates and concatenations of them, a parameter every known call gives such a
    /// value, and a path resolved from such a name (`resolve.sync(name, opts)`, `require.resolve(name)`,
    /// `path.join(dir, name)` with every part fixed). A key made this way names one of a fixed set of
    /// things (templates, modules), so a cache keyed by it stops growing and work done once per key is
    /// start-up work spread over the first requests. False when anything is not shown.
    public static func fewValues(_ expr: NodeID, in unit: Int, _ ctx: ProjectContext) -> Bool {
        var reader = CallerArguments(ctx)
        guard let file = reader.functions.fileOfUnit[unit] else { return false }
        return reader.few(expr, file: file, depth: 0)
    }

    /// Path functions whose result is fixed once their first argument is (the other arguments are search
    /// options naming the module's own folders).
    static let resolvers: Set<String> = ["resolve.sync", "require.resolve"]
    /// Functions of fixed arguments only.
    static let pure: Set<String> = ["path.join", "path.resolve", "path.normalize", "path.basename", "path.dirname",
                                    "path.extname", "path.posix.join", "String"]

    mutating func few(_ expr: NodeID, file: FileID, depth: Int) -> Bool {
        guard budget > 0, depth < 6 else { return false }
        budget -= 1
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral:
            return true
        case .templateLiteral(_, let expressions):
            return tree.list(expressions).allSatisfy { few($0, file: file, depth: depth) }
        case .binary(.add, let left, let right):
            return few(left, file: file, depth: depth) && few(right, file: file, depth: depth)
        case .call(let callee, _, let args, _):
            let name = tree.text(tree.unwrap(callee))
            let list = Array(tree.list(args))
            guard !list.contains(where: { tree.kind($0) == .spreadElement }) else { return false }
            if CallerArguments.resolvers.contains(name) {
                return list.first.map { few($0, file: file, depth: depth) } ?? false
            }
            if CallerArguments.pure.contains(name) {
                return list.allSatisfy { few($0, file: file, depth: depth) }
            }
            return false
        case .identifier:
            if tree.nameIs(e, "__dirname") || tree.nameIs(e, "__filename") { return sem.binding(for: e) == nil }
            guard let b = sem.binding(for: e) else { return false }
            let binding = sem.binding(b)
            if binding.kind == .parameter { return parameterFew(b, file: file, depth: depth) }
            guard binding.kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty else { return false }
            return few(v.expression, file: file, depth: depth)
        case .member(let object, let property, false, _):
            // an enum's or an imported module's named constant (`Environment.PRODUCTION`): one value each
            guard tree.kind(property) == .identifier else { return false }
            let o = tree.unwrap(object)
            guard tree.kind(o) == .identifier, let b = sem.binding(for: o) else { return false }
            switch sem.binding(b).kind {
            case .tsEnum, .import, .importEquals: return true
            default: return false
            }
        default:
            return false
        }
    }

    /// Whether every call of a parameter's function the call graph knows gives it few values.
    private mutating func parameterFew(_ b: BindingID, file: FileID, depth: Int) -> Bool {
        guard let (fn, arguments) = parameterArguments(b, file: file), !entered.contains(fn) else { return false }
        entered.insert(fn)
        defer { entered.remove(fn) }
        return arguments.allSatisfy { few($0.0, file: $0.1, depth: depth + 1) }
    }

    /// The numbers a parameter takes at every call of its function the call graph knows.
    private mutating func parameterNumbers(_ b: BindingID, file: FileID, depth: Int) -> [Double]? {
        guard let (fn, arguments) = parameterArguments(b, file: file), !entered.contains(fn) else { return nil }
        entered.insert(fn)
        defer { entered.remove(fn) }
        var out: [Double] = []
        for (argument, callerFile) in arguments {
            guard let values = numbers(argument, file: callerFile, depth: depth + 1) else { return nil }
            for v in values where !out.contains(v) { out.append(v) }
            guard out.count <= Self.maxValues else { return nil }
        }
        return out
    }

    /// The argument every call the call graph knows passes for parameter `index` of `function` (a function
    /// node of `unit`; a constructor's are its `new` sites, not a subclass's `super(...)`), with the calling
    /// unit; nil when the function has no known call, is handed over as a callback, or a call spreads its
    /// arguments or leaves the parameter out.
    public static func arguments(ofParameter index: Int, of function: NodeID, in unit: Int,
                                 _ ctx: ProjectContext) -> [(unit: Int, argument: NodeID)]? {
        let functions = ProjectFunctions.of(ctx)
        guard let file = functions.fileOfUnit[unit] else { return nil }
        let callers = functions.index.callGraph.callers(of: ProjectNode(file: file, node: function))
        guard !callers.isEmpty, callers.allSatisfy({ $0.kind == .call || $0.kind == .construct }) else { return nil }
        var out: [(unit: Int, argument: NodeID)] = []
        for edge in callers {
            let u = functions.unitOfFile[edge.caller.file.index]
            guard u >= 0 else { return nil }
            let tree = functions.index.semantics(edge.caller.file).tree
            let list: [NodeID]
            switch tree[edge.site] {
            case .call(_, _, let args, _) where edge.kind == .call: list = Array(tree.list(args))
            case .new(_, _, let args) where edge.kind == .construct: list = Array(tree.list(args))
            default: return nil
            }
            guard index < list.count, list.prefix(index + 1).allSatisfy({ tree.kind($0) != .spreadElement }) else { return nil }
            out.append((u, list[index]))
        }
        return out
    }

    /// The expression every call of a parameter's function (that the call graph knows) passes for it, with
    /// the calling file; nil when the parameter is reassigned, the function has no known call, is handed
    /// over as a callback, or a call spreads its arguments or leaves the parameter out.
    private func parameterArguments(_ b: BindingID, file: FileID) -> (function: ProjectNode, arguments: [(NodeID, FileID)])? {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let fn = sem.binding(b).declaration
        let node = ProjectNode(file: file, node: fn)
        guard tree.kind(fn).isFunction, !sem.isWritten(b), let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b })
        else { return nil }
        let callers = functions.index.callGraph.callers(of: node)
        guard !callers.isEmpty, callers.allSatisfy({ $0.kind == .call }) else { return nil }
        var out: [(NodeID, FileID)] = []
        for edge in callers {
            let csem = functions.index.semantics(edge.caller.file)
            guard case .call(_, _, let args, _) = csem.tree[edge.site] else { return nil }
            let list = Array(csem.tree.list(args))
            guard list.prefix(index + 1).allSatisfy({ csem.tree.kind($0) != .spreadElement }), index < list.count else { return nil }
            out.append((list[index], edge.caller.file))
        }
        return (node, out)
    }
}
