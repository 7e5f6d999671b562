// Tables of regexes: patterns kept in arrays (and objects of arrays) that one function of the file applies
// element by element to a string it is given (ua-parser-js's `rgxMapper(ua, arrays)` runs `regex[j].exec(ua)`
// over `defaultRegexes.browser`, `.os`, ...). A regex in such a table sees the strings the calls of that
// function give it, so the cap on those strings is the cap on the regex's input:
//
// - an application is `el.exec(s)`, `el.test(s)`, `s.replace(el, ...)`, `s.match(el)`... where `el` is an
//   element (`A[i]`, or a variable holding `A[i]`, repeatedly) of a parameter of the applying function;
// - the function is called only by name in the file (`f(...)`, `f.call(self, ...)`), never exported or
//   passed on; each call binds its parameters, and the subject's cap is taken in the call's context;
// - a call inside `case 'device':` of a switch whose cases name the table's keys applies only the regexes
//   under that key (ua-parser-js re-parses the uncapped `sec-ch-ua-model` client hint with the device
//   table only);
// - anything the file does with table elements that this does not follow (an element of a module-level
//   list, a regex parameter given something other than a regex) leaves every table regex uncapped.
//
// The table itself must be a variable of the file, not exported and not handed to another module's code.

import JSSemantic
import JSSyntax
import LintEngine

enum RegexTables {
    /// Where a table's elements are applied: in `function`, the elements of parameter `table`, to `subject`.
    struct Application {
        let function: NodeID
        let table: BindingID
        let subject: NodeID
    }

    /// The file's table applications, and the table variables whose elements it applies in ways not
    /// followed (`strip(defaultProps.isIgnoreRgx[type], s)`).
    struct Applications {
        var followed: [Application] = []
        var unfollowed: Set<BindingID> = []
    }

    /// Nil when the file applies elements of something it cannot name.
    static func applications(_ ctx: FileContext) -> Applications? {
        let tree = ctx.tree
        var out = Applications()
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call, case .call(let callee, _, let args, _) = tree[id],
                  case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(property) == .identifier else { continue }
            let list = Array(tree.list(args))
            guard let first = list.first else { continue }
            let regex: NodeID, subject: NodeID
            switch tree.name(of: property) {
            case "exec", "test":
                regex = object
                subject = first
            case "match", "matchAll", "replace", "replaceAll", "split", "search":
                regex = first
                subject = object
            default:
                continue
            }
            var steps = RegexTables.followBudget
            switch element(regex, ctx, depth: 0, steps: &steps) {
            case .none:
                continue
            case .unknown(let roots?):
                out.unfollowed.formUnion(roots)
            case .unknown(nil):
                return nil
            case .parameter(let b):
                guard let fn = tree.enclosingFunction(of: id), ctx.semantic.binding(b).declaration == fn else { return nil }
                out.followed.append(Application(function: fn, table: b, subject: subject))
            }
        }
        return out
    }

    /// Expressions followed to classify one regex operand.
    static let followBudget = 200
    /// Calls of applying functions examined for one table key.
    static let callBudget = 64

    enum Element: Equatable {
        /// Not a table element (a literal, a const regex, a field).
        case none
        /// An element of the given parameter.
        case parameter(BindingID)
        /// An element of something not followed: of these table variables, or (nil) of anything.
        case unknown(Set<BindingID>?)

        func combined(with other: Element) -> Element {
            switch (self, other) {
            case (.none, _): return other
            case (_, .none): return self
            case (.parameter(let a), .parameter(let b)) where a == b: return self
            case (.unknown(let a?), .unknown(let b?)): return .unknown(a.union(b))
            default: return .unknown(nil)
            }
        }
    }

    /// What a regex operand is: an element of a parameter (`arrays[i]`, `regex[j]` with `regex = arrays[i]`),
    /// of a table variable, of something else, or no element at all.
    static func element(_ expr: NodeID, _ ctx: FileContext, depth: Int, steps: inout Int) -> Element {
        let tree = ctx.tree, sem = ctx.semantic
        guard depth < 8, steps > 0 else { return .unknown(nil) }
        steps -= 1
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .member(let object, _, true, _):
            let o = tree.unwrap(object)
            if tree.kind(o) == .identifier, let b = sem.binding(for: o) {
                if sem.binding(b).kind == .parameter { return .parameter(b) }
                // a variable holding an element of a parameter (`regex = arrays[i]`, then `regex[j]`)
                if case .parameter(let p) = element(o, ctx, depth: depth + 1, steps: &steps) { return .parameter(p) }
            }
            return .unknown(roots(of: o, ctx, depth: depth + 1, steps: &steps))
        case .logical(_, let left, let right):
            return element(left, ctx, depth: depth + 1, steps: &steps).combined(with: element(right, ctx, depth: depth + 1, steps: &steps))
        case .conditional(_, let consequent, let alternate):
            return element(consequent, ctx, depth: depth + 1, steps: &steps).combined(with: element(alternate, ctx, depth: depth + 1, steps: &steps))
        case .identifier:
            guard let b = sem.binding(for: e) else { return .none }
            let binding = sem.binding(b)
            if binding.kind == .parameter { return parameterElement(b, ctx, depth: depth + 1, steps: &steps) }
            guard binding.kind.isVariable else { return .none }
            guard let values = sem.assignedValues(of: b), !values.isEmpty else { return .unknown(nil) }
            var found: Element = .none
            for v in values { found = found.combined(with: element(v, ctx, depth: depth + 1, steps: &steps)) }
            return found
        default:
            return .none
        }
    }

    /// The table variables an expression's member chain starts from (`defaultProps.isIgnoreRgx` gives
    /// `defaultProps`), through variables holding them; a table variable holds a literal or what a call
    /// given nothing built. Nil when the chain starts anywhere else.
    static func roots(of expr: NodeID, _ ctx: FileContext, depth: Int, steps: inout Int) -> Set<BindingID>? {
        let tree = ctx.tree, sem = ctx.semantic
        guard depth < 8, steps > 0 else { return nil }
        steps -= 1
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .member(let object, _, _, _):
            return roots(of: object, ctx, depth: depth + 1, steps: &steps)
        case .identifier:
            guard let b = sem.binding(for: e), sem.binding(b).kind.isVariable,
                  let values = sem.assignedValues(of: b), !values.isEmpty else { return nil }
            var out: Set<BindingID> = []
            for v in values {
                let value = tree.unwrap(v)
                switch tree[value] {
                case .objectExpression, .arrayExpression:
                    out.insert(b)
                case .call(_, _, let args, _) where tree.list(args).isEmpty:
                    // built by a call given nothing (`defaultProps = (function () { ...; return props })()`)
                    out.insert(b)
                default:
                    guard let r = roots(of: value, ctx, depth: depth + 1, steps: &steps) else { return nil }
                    out.formUnion(r)
                }
            }
            return out
        default:
            return nil
        }
    }

    /// What the calls of a parameter's function give it as a regex (`strip(/x/g, s)`: no element); unknown
    /// when the function is exported, passed on, or called some other way.
    static func parameterElement(_ b: BindingID, _ ctx: FileContext, depth: Int, steps: inout Int) -> Element {
        let tree = ctx.tree, sem = ctx.semantic
        let fn = sem.binding(b).declaration
        let bounds = InputBounds(ctx)
        guard depth < 8, let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b }),
              let name = bounds.functionBinding(of: fn), !sem.exports.contains(where: { $0.binding == name })
        else { return .unknown(nil) }
        let uses = sem.references(of: name).filter { !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }
        var found: Element = .none
        for use in uses.map(\.node) {
            guard let args = bounds.callArguments(at: use) else { return .unknown(nil) }
            guard index < args.count else { continue }
            let a = tree.unwrap(args[index])
            if tree.kind(a) == .regExpLiteral { continue }
            found = found.combined(with: element(a, ctx, depth: depth + 1, steps: &steps))
        }
        return found
    }

    /// The keys leading from a table variable to a regex (`defaultRegexes = { browser: [[/.../]] }` gives
    /// `browser`), and the variable; nil when the regex is not inside an array of a variable's value.
    static func place(of node: NodeID, _ ctx: FileContext) -> (root: BindingID, keys: [String])? {
        let tree = ctx.tree, sem = ctx.semantic
        var keys: [String] = []
        var inList = false
        var child = node
        var steps = 0
        let constants = InputBounds(ctx)
        while let p = tree.parent(child), steps < 32 {
            steps += 1
            switch tree[p] {
            case .arrayExpression:
                inList = true
            case .objectExpression:
                break
            case .call(let callee, _, let args, _) where tree.list(args).first == child && isObjectFreeze(callee, ctx):
                break  // a frozen table is the table
            case .property(let key, let value, _, let flags):
                guard value == child else { return nil }
                if let k = flags.contains(.computed) ? constants.constantText(key) : sem.propertyName(key) { keys.append(k) }
            case .variableDeclarator(let id, let initializer, _):
                guard initializer == child, inList, tree.kind(id) == .identifier, let b = sem.binding(for: id) else { return nil }
                return (b, keys)
            default:
                return nil
            }
            child = p
        }
        return nil
    }

    /// The cap on every string the file's table applications give a regex of table `root` under `keys`
    /// (`place(of:)`); nil when the table leaves the file, when a call reaching it gives an uncapped
    /// string, or when none does.
    static func bound(root: BindingID, keys: [String], applications: Applications, _ ctx: FileContext) -> InputBound? {
        let tree = ctx.tree, sem = ctx.semantic
        guard !applications.followed.isEmpty, !applications.unfollowed.contains(root), !leavesFile(root, ctx) else { return nil }
        let helper = InputBounds(ctx)
        var best: InputBound?
        var calls = 0
        for app in applications.followed {
            guard let parts = tree.functionParts(app.function), let name = helper.functionBinding(of: app.function),
                  !sem.exports.contains(where: { $0.binding == name }) else { return nil }
            let params = Array(parts.params)
            let uses = sem.references(of: name).filter { !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }
            for use in uses.map(\.node) {
                guard let args = helper.callArguments(at: use) else { return nil }
                if let (label, labels) = caseLabel(of: use, ctx), !keys.contains(label), keys.contains(where: labels.contains) {
                    continue  // applies another key's regexes
                }
                var bound: [BindingID: NodeID] = [:]
                for (i, p) in params.enumerated() where tree.kind(p) == .identifier {
                    guard let pb = sem.binding(for: p) else { continue }
                    guard i < args.count, tree.kind(args[i]) != .spreadElement else { return nil }
                    bound[pb] = args[i]
                }
                calls += 1
                guard calls <= callBudget, let r = InputBounds.bound(of: app.subject, in: ctx, arguments: bound) else { return nil }
                if best.map({ r.length > $0.length }) ?? true { best = r }
            }
        }
        return calls > 0 ? best : nil
    }

    /// Whether a table variable is exported or may reach code outside the file: an argument of a function
    /// the file does not declare, stored on an object, or returned.
    static func leavesFile(_ root: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        if sem.exports.contains(where: { $0.binding == root }) { return true }
        let helper = InputBounds(ctx)
        for ref in sem.references(of: root) {
            guard let p = tree.parent(ref.node) else { continue }
            switch tree[p] {
            case .call(let callee, _, _, _) where callee != ref.node, .new(let callee, _, _) where callee != ref.node:
                let c = tree.unwrap(callee)
                guard tree.kind(c) == .identifier, let cb = sem.binding(for: c), helper.functionNode(of: cb) != nil else { return true }
            case .assignment(_, let left, let right) where right == ref.node:
                // stored on an object (`Parser.REGEXES = table`, `module.exports.rules = table`)
                if tree.kind(tree.unwrap(left)) == .member { return true }
            case .property(_, let value, _, _) where value == ref.node:
                return true
            case .returnStatement, .arrowFunction:
                return true
            default:
                continue
            }
        }
        return false
    }

    /// The `case` label a call runs under in its function (`case DEVICE:` with `DEVICE = 'device'`), with
    /// every label of that switch; nil outside a switch or for labels the file does not fix.
    static func caseLabel(of node: NodeID, _ ctx: FileContext) -> (String, Set<String>)? {
        let tree = ctx.tree
        let fn = tree.enclosingFunction(of: node)
        let constants = InputBounds(ctx)
        var child = node
        var steps = 0
        while let p = tree.parent(child), p != fn, steps < 64 {
            steps += 1
            if case .switchCase(let test?, _) = tree[p], let label = constants.constantText(test),
               let s = tree.parent(p), case .switchStatement(_, let cases) = tree[s] {
                var labels: Set<String> = []
                for c in tree.list(cases) {
                    if case .switchCase(let t?, _) = tree[c], let l = constants.constantText(t) { labels.insert(l) }
                }
                return (label, labels)
            }
            child = p
        }
        return nil
    }

    /// `Object.freeze` of the global `Object`.
    static func isObjectFreeze(_ callee: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier,
              tree.nameIs(property, "freeze") else { return false }
        let o = tree.unwrap(object)
        return tree.kind(o) == .identifier && tree.nameIs(o, "Object") && ctx.semantic.binding(for: o) == nil
    }

    // MARK: - Tables merged in by key

    /// Whether the file merges the tables it is handed into its own key by key: a `for (k in ...)` loop
    /// that stores, under `k`, a concatenation of two tables' entries under `k`
    /// (ua-parser-js's `extend(defaultRgx, extensions)`: `merged[k] = extra[k].concat(defaultRgx[k])`).
    /// An extension table of another module then reaches the file's applying functions under its keys.
    static func mergesTablesByKey(_ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .forInStatement, case .forInStatement(let left, _, let body) = tree[id] else { continue }
            // the key variable: `var k` / `k`
            var keyNode = left
            if case .variableDeclaration(_, let declarators, _) = tree[left], let d = tree.list(declarators).first,
               case .variableDeclarator(let name, _, _) = tree[d] { keyNode = name }
            guard tree.kind(keyNode) == .identifier, let key = sem.binding(for: keyNode) else { continue }
            if storesConcatenationByKey(body, key, ctx) { return true }
        }
        return false
    }

    /// `X[k] = ...A[k].concat(B[k])...` somewhere in `body` (bounded walk).
    private static func storesConcatenationByKey(_ body: NodeID, _ key: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        var stack = [body]
        var steps = 0
        while let n = stack.popLast(), steps < 400 {
            steps += 1
            if case .assignment(_, let left, let right) = tree[n], isIndexed(left, by: key, ctx), concatenatesByKey(right, key, ctx) {
                return true
            }
            if tree.kind(n).isFunction { continue }
            stack.append(contentsOf: tree.children(n))
        }
        return false
    }

    private static func concatenatesByKey(_ expr: NodeID, _ key: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        var stack = [expr]
        var steps = 0
        while let n = stack.popLast(), steps < 100 {
            steps += 1
            if case .call(let callee, _, let args, _) = tree[n], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
               tree.kind(property) == .identifier, tree.nameIs(property, "concat"), isIndexed(object, by: key, ctx),
               let a = tree.list(args).first, isIndexed(a, by: key, ctx) {
                return true
            }
            stack.append(contentsOf: tree.children(n))
        }
        return false
    }

    /// `X[k]` with `k` the given binding.
    private static func isIndexed(_ expr: NodeID, by key: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        guard case .member(_, let property, true, _) = tree[tree.unwrap(expr)] else { return false }
        let p = tree.unwrap(property)
        return tree.kind(p) == .identifier && ctx.semantic.binding(for: p) == key
    }

    /// The cap the file's table applications put on each top-level key of its tables (`defaultRegexes.browser`:
    /// the 500-character user agent), nil for a key some application gives an uncapped string. Only keys of
    /// tables the file applies itself.
    static func keyCaps(_ ctx: FileContext) -> [String: InputBound?] {
        guard let apps = applications(ctx) else { return [:] }
        let tree = ctx.tree
        var out: [String: InputBound?] = [:]
        var seen: Set<String> = []
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .regExpLiteral, let (root, keys) = place(of: id, ctx), let top = keys.last else { continue }
            guard seen.insert("\(root.index)/\(top)").inserted else { continue }
            let b = bound(root: root, keys: [top], applications: apps, ctx)
            if let known = out[top] {
                guard let k = known, let b else { out[top] = .some(nil); continue }
                out[top] = b.length > k.length ? b : k
            } else {
                out[top] = b
            }
        }
        return out
    }
}
