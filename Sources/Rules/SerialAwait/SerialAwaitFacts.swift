// Local def-use for the serial-await and concurrency rules: what a statement or expression of one
// function reads and writes, as access paths (`user.id`, `this.cache`), which calls it makes and
// whether control can leave it early (return, throw, break, yield).
//
// Technique: one recursive walk per statement over the flat AST. Variables are told apart by their
// binding (JSSemantic's binder), not by spelling: a `const user` in an inner block is another variable
// than the `user` declared above it, and the names a nested function declares are set aside while
// walking it (its reads and writes of outer bindings count). Local closures (`const f = () => ...`,
// inner function declarations) are expanded where they are read or called, to a small depth. Every
// walk draws on a node budget.

import Foundation
import JSSemantic
import JSSyntax
import LintEngine

enum SerialAwait {}

extension SerialAwait {
    /// A variable or a property path below it: `user`, `req.body.ids`, `this.cache`.
    struct Path: Hashable, Comparable, CustomStringConvertible {
        var root: String
        var props: [String]
        /// The binding the root names (`BindingID.raw`); -1 for `this`, globals and paths built without
        /// the file's semantics. Two variables spelled alike in different scopes are different roots.
        var binding: Int32

        init(_ root: String, _ props: [String] = [], binding: Int32 = -1) {
            self.root = root
            self.props = props
            self.binding = binding
        }

        /// The same variable (same binding and spelling) and one path is a prefix of the other: a write
        /// of one may change what a read of the other sees.
        func overlaps(_ other: Path) -> Bool {
            root == other.root && binding == other.binding
                && (props.starts(with: other.props) || other.props.starts(with: props))
        }

        var description: String { ([root] + props).joined(separator: ".") }
        static func < (a: Path, b: Path) -> Bool { a.description < b.description }
        /// The variable the path starts from.
        var variable: Variable { Variable(name: root, binding: binding) }
    }

    /// What a call's name says it does to the state behind it.
    enum Verb { case reading, mutating, unknown }

    /// One call (or tagged template, or `new`) met by a walk.
    struct Call {
        var node: NodeID
        /// Method or function name ("" when the callee is computed).
        var name: String
        /// Root name of the object the call is made on, through builder chains
        /// (`db` for `db.collection('users').insertOne(doc)`); nil for plain function calls.
        var base: String?
        /// Root names of the arguments that are variables or property paths (also inside object literals).
        var argRoots: [String]
        /// The variable and property paths handed over, also deeper inside object literals (`req.params.id` in
        /// `run({ input: { id: req.params.id } })`): a value both calls of a pair take.
        var argPaths: [Path] = []
        /// String-literal arguments (keys, file names, SQL).
        var keys: [String]
        var verb: Verb
        var isDelay = false
        var isLock = false
        var isTransaction = false
        /// Made inside a nested function (a callback), not by the statement itself.
        var nested = false

        /// Whether the call's name says it only reads, and nothing else marks it (a delay, a lock, a transaction).
        var onlyReads: Bool { verb == .reading && !isDelay && !isLock && !isTransaction }
    }

    /// Def-use facts of one statement or expression.
    struct Facts {
        var reads: [Path] = []
        var writes: [Path] = []
        /// Receivers of calls whose names say nothing either way: they may have been changed.
        var softWrites: [Path] = []
        var calls: [Call] = []
        /// `await` nodes of the statement itself (not of nested functions).
        var awaits: [NodeID] = []
        /// return / throw / break or continue leaving the statement, or a yield.
        var exits = false
        /// The same, except an unlabeled `continue` (which stays inside an enclosing loop).
        var leavesLoop = false
        /// A field of a looked-up record was read as the value the lookup was keyed by (`FunctionModel.echoes`):
        /// the statement's text still names the record, so a rewrite cannot move it above the lookup.
        var echoed = false

        mutating func merge(_ o: Facts, asNested: Bool) {
            reads += o.reads
            writes += o.writes
            echoed = echoed || o.echoed
            softWrites += o.softWrites
            calls += o.calls.map { c in
                var c = c
                if asNested { c.nested = true }
                return c
            }
        }

        func reads(_ path: Path) -> Bool { reads.contains { $0.overlaps(path) } }
        func writes(_ path: Path) -> Bool { writes.contains { $0.overlaps(path) } }
        var readRoots: Set<String> { Set(reads.map(\.root)) }
        var writeRoots: Set<String> { Set(writes.map(\.root)) }
        /// The variables read and written, by binding (two variables spelled alike are two).
        var readVariables: Set<Variable> { Set(reads.map(\.variable)) }
        var writeVariables: Set<Variable> { Set(writes.map(\.variable)) }
    }
}

// MARK: - The function being analysed

extension SerialAwait {
    /// Names declared by one function and the closures among them.
    final class FunctionModel {
        let semantic: FileSemantics
        let tree: SyntaxTree
        let function: NodeID
        /// The scope the function opens (its parameters and body).
        let scope: ScopeID?
        /// Parameters and declarations of the function body (not of nested functions), and `this`.
        private(set) var locals: Set<String> = ["this"]
        /// Local names bound to a nested function: `function f() {}`, `const f = () => ...`.
        private(set) var closures: [String: NodeID] = [:]
        /// Local names and the expression they are first initialised from (with a destructuring path).
        private(set) var initializers: [String: (expression: NodeID, path: [String])] = [:]
        private var closureFacts: [String: Facts] = [:]
        /// Fields of a record a `const` holds whose value is known without waiting for it: the lookup was keyed by
        /// them. `const o = await prisma.observation.findFirst({ where: { traceId: input.traceId } })` makes
        /// `o.traceId` the value `input.traceId`; `const room = await getRoomData(data.roomId)` makes `room.roomId`
        /// `data.roomId` (an argument whose name is an id of what the callee's name says it gets). A later read of
        /// such a field is a read of that value, not of the record.
        private(set) var echoes: [Variable: [String: NodeID]] = [:]
        /// Nodes every walk of this function may still visit.
        var budget = 200_000
        /// What the file's functions declare, shared by every model of the file (`FileModels`).
        let file: FileModels
        /// Facts of the subtrees asked for so far (`facts(_:)`): each is walked once.
        private var factsOf: [NodeID: Facts] = [:]

        init(semantic: FileSemantics, function: NodeID, file: FileModels? = nil) {
            self.semantic = semantic
            self.tree = semantic.tree
            self.function = function
            self.file = file ?? FileModels(semantic)
            self.scope = semantic.scope(openedBy: function)
            guard let (params, body, _) = tree.functionParts(function) else { return }
            for p in params { SerialAwait.declaredNames(p, tree) { self.locals.insert($0) } }
            if let body {
                collectDeclarations(body)
                if !echoes.isEmpty { dropWrittenEchoes(body) }
            }
        }

        /// The value a read of `p` (a field of a record `echoes` knows) stands for.
        func echo(_ p: Path) -> NodeID? {
            guard !echoes.isEmpty, let field = p.props.first, p.binding >= 0 else { return nil }
            return echoes[p.variable]?[field]
        }

        /// `const X = await CALL` (or one element of `const [X, Y] = await Promise.all([CALL, CALL])`).
        private func recordEchoes(_ declarator: NodeID, _ pattern: NodeID, _ initializer: NodeID) {
            guard let decl = tree.parent(declarator), case .variableDeclaration(.const, _, _) = tree[decl],
                  case .await(let argument) = tree[tree.unwrap(initializer)] else { return }
            let value = tree.unwrap(argument)
            switch tree[pattern] {
            case .identifier:
                addEchoes(pattern, SerialAwait.lookupKeys(value, tree))
            case .arrayPattern(let items, _):
                guard case .call(let callee, _, let arguments, _) = tree[value],
                      let p = SerialAwait.path(tree.unwrap(callee), tree), p.root == "Promise", p.props == ["all"],
                      let array = tree.list(arguments).first.map(tree.unwrap),
                      case .arrayExpression(let elements) = tree[array] else { return }
                for (item, element) in zip(tree.list(items), tree.list(elements)) where tree.kind(item) == .identifier {
                    addEchoes(item, SerialAwait.lookupKeys(tree.unwrap(element), tree))
                }
            default: break
            }
        }

        private func addEchoes(_ identifier: NodeID, _ keys: [(String, NodeID)]) {
            guard !keys.isEmpty, let b = semantic.binding(for: identifier) else { return }
            let v = Variable(name: tree.name(of: identifier), binding: b.raw)
            for (field, value) in keys where echoes[v]?[field] == nil { echoes[v, default: [:]][field] = value }
        }

        /// A field assigned anywhere in the function (nested functions included) is not the key any more.
        private func dropWrittenEchoes(_ body: NodeID) {
            var budget = 100_000
            var stack = [body]
            func drop(_ target: NodeID) {
                guard let p = SerialAwait.path(tree.unwrap(target), tree) else { return }
                for v in echoes.keys where v.name == p.root {
                    if let field = p.props.first { echoes[v]?[field] = nil } else { echoes[v] = nil }
                }
            }
            while let n = stack.popLast(), budget > 0 {
                budget -= 1
                switch tree[n] {
                case .assignment(_, let left, _): drop(left)
                case .update(_, _, let argument): drop(argument)
                case .unary(.delete, let argument): drop(argument)
                default: break
                }
                stack.append(contentsOf: tree.children(n))
            }
            if budget <= 0 { echoes = [:] }
        }

        func isLocal(_ root: String) -> Bool { locals.contains(root) }

        /// Whether a path's variable belongs to this function (a parameter or a declaration of its body,
        /// blocks included) or is `this`; module state, globals and outer closures' variables are not.
        func isLocal(_ p: Path) -> Bool {
            guard p.binding >= 0 else { return p.root == "this" }
            return declares(BindingID(p.binding), in: scope)
        }

        /// Whether a binding is declared in `fnScope` or in a scope nested in it.
        func declares(_ b: BindingID, in fnScope: ScopeID?) -> Bool {
            guard let fnScope else { return false }
            var s: ScopeID? = semantic.binding(b).scope
            var steps = 0
            while let id = s, steps < 10_000 {
                if id == fnScope { return true }
                s = semantic.scope(id).parent
                steps += 1
            }
            return false
        }

        /// The binding an identifier names, as a path root id (-1 for a global).
        func bindingRaw(_ identifier: NodeID) -> Int32 { semantic.binding(for: identifier)?.raw ?? -1 }

        private func collectDeclarations(_ node: NodeID) {
            let kind = tree.kind(node)
            switch kind {
            case .functionDeclaration, .functionExpression, .arrowFunction, .classExpression, .classDeclaration,
                 .variableDeclarator, .catchClause:
                break
            case .identifier, .thisExpression, .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral,
                 .regExpLiteral, .templateElement:
                // leaves (an identifier's only child is its type annotation): nothing declared below them
                return
            default:
                // every other node only leads to its children (the `default` below), without decoding it; type
                // annotations and declarations declare no value
                if SerialAwait.isTypeNode(kind) { return }
                tree.forEachChild(of: node) { self.collectDeclarations($0) }
                return
            }
            switch tree[node] {
            case .functionDeclaration(let id?, _, _, _, _, _):
                let name = tree.name(of: id)
                locals.insert(name)
                closures[name] = node
                return
            case .functionExpression, .arrowFunction, .classExpression:
                return
            case .classDeclaration(_, let id?, _, _, _, _, _, _):
                locals.insert(tree.name(of: id))
                return
            case .variableDeclarator(let id, let initializer, _):
                SerialAwait.declaredNames(id, tree) { self.locals.insert($0) }
                if let initializer {
                    if tree.kind(id) == .identifier, tree.kind(initializer).isFunction {
                        closures[tree.name(of: id)] = initializer
                    }
                    recordInitializers(id, initializer, [])
                    recordEchoes(node, id, initializer)
                    collectDeclarations(initializer)
                }
                return
            case .catchClause(let param?, let body):
                SerialAwait.declaredNames(param, tree) { self.locals.insert($0) }
                collectDeclarations(body)
                return
            default:
                tree.forEachChild(of: node) { self.collectDeclarations($0) }
            }
        }

        private func recordInitializers(_ pattern: NodeID, _ expression: NodeID, _ path: [String]) {
            switch tree[pattern] {
            case .identifier:
                let name = tree.name(of: pattern)
                if initializers[name] == nil { initializers[name] = (expression, path) }
            case .objectPattern(let properties, _):
                for p in tree.list(properties) {
                    switch tree[p] {
                    case .property(let key, let value, _, let flags) where !flags.contains(.computed):
                        recordInitializers(value, expression, path + [tree.name(of: key)])
                    case .restElement(let argument, _):
                        recordInitializers(argument, expression, path)
                    default: break
                    }
                }
            case .arrayPattern(let elements, _):
                for (i, e) in tree.list(elements).enumerated() {
                    recordInitializers(e, expression, path + [String(i)])
                }
            case .assignmentPattern(let left, _):
                recordInitializers(left, expression, path)
            default: break
            }
        }

        /// Facts of a local closure's body, computed once.
        func facts(ofClosure name: String, depth: Int) -> Facts? {
            // asked for every variable read: most functions declare no closure, and a name that is none
            // has no facts either (`closureFacts` only holds names of `closures`), so one look-up at most
            guard !closures.isEmpty, let fn = closures[name] else { return nil }
            if let f = closureFacts[name] { return f }
            guard depth < 3 else { return nil }
            closureFacts[name] = Facts() // breaks recursion through itself
            var walker = Walker(model: self, depth: depth + 1)
            walker.walkNested(fn)
            budget = walker.budget
            closureFacts[name] = walker.facts
            return walker.facts
        }

        /// Facts of a subtree with the calls of `reading` taken as reads (not remembered).
        func facts(_ node: NodeID, reading: Set<NodeID>) -> Facts {
            if reading.isEmpty { return facts(node) }
            var walker = Walker(model: self, depth: 0)
            walker.readingCalls = reading
            walker.walk(node)
            budget = walker.budget
            return walker.facts
        }

        /// Facts of a subtree of this function (walked once, then remembered).
        func facts(_ node: NodeID) -> Facts {
            if let known = factsOf[node] { return known }
            var walker = Walker(model: self, depth: 0)
            walker.walk(node)
            budget = walker.budget
            factsOf[node] = walker.facts
            return walker.facts
        }
    }

    /// What the serial-await and fan-out rules work out about one file while its rules run, shared by them:
    /// the names each nested function declares (hidden from the walks of the functions around it: a
    /// callback is walked once for every function that holds it) and each function's context.
    final class FileModels {
        let semantic: FileSemantics
        private var nestedNames: [NodeID: (names: Set<String>, scope: ScopeID?)] = [:]
        /// Each call's description (`describeCall`): a call is walked once for every statement, loop and
        /// function around it that a rule asks about. `callIndex` holds, per node of the file, the index of its
        /// description in `calls` (-1 until described; empty until the first call is).
        private var calls: [Call] = []
        private var callIndex: [Int32] = []

        init(_ semantic: FileSemantics) { self.semantic = semantic }

        /// `SerialAwait.describeCall` of a call, `new` or tagged template of the file, described once.
        func describe(_ node: NodeID) -> Call {
            let tree = semantic.tree
            if callIndex.isEmpty { callIndex = [Int32](repeating: -1, count: tree.count) }
            let slot = node.index
            guard slot >= 0, slot < callIndex.count else { return describeNow(node) }
            let known = callIndex[slot]
            if known >= 0 { return calls[Int(known)] }
            let call = describeNow(node)
            callIndex[slot] = Int32(calls.count)
            calls.append(call)
            return call
        }

        private func describeNow(_ node: NodeID) -> Call {
            let tree = semantic.tree
            guard let parts = SerialAwait.callParts(tree, node) else {
                return Call(node: node, name: "", base: nil, argRoots: [], keys: [], verb: .unknown)
            }
            return SerialAwait.describeCall(node, name: parts.name, callName(of: parts.nameNode, parts.name),
                                            callee: parts.callee, arguments: parts.arguments, tree, models: self)
        }

        /// Per comment of the file (`SyntaxTree.comments`): what `TextSearch.lowercasedMatches` found of
        /// `SerialAwait.commentWords` in it (`documentedSerial`), `UInt64.max` until searched.
        private var commentWordsFound: [UInt64] = []

        /// The words of `commentWords` the comment at `index` holds, searched (`search`) when first asked.
        func commentWords(_ index: Int, _ search: () -> UInt64) -> UInt64 {
            let count = semantic.tree.comments.count
            guard index >= 0, index < count else { return search() }
            if commentWordsFound.isEmpty { commentWordsFound = [UInt64](repeating: .max, count: count) }
            let known = commentWordsFound[index]
            if known != .max { return known }
            let found = search()
            commentWordsFound[index] = found
            return found
        }

        /// `CallBase` of each name of the file's name table, worked out when first asked.
        private var callBases: [CallBase?] = []
        /// `CallBase` of `this` and of no receiver ("").
        private var thisBase: CallBase?, noBase: CallBase?

        /// What the root name of a call's receiver says (`CallBase(rawBase)`): `rawBase` is the name of the
        /// identifier `baseAt`, "this" for `this`, "" when there is no such node.
        func callBase(of baseAt: NodeID?, _ rawBase: String) -> CallBase {
            guard let baseAt else {
                if let known = noBase { return known }
                let c = CallBase(rawBase)
                noBase = c
                return c
            }
            let tree = semantic.tree
            if tree.kind(baseAt) == .thisExpression {
                if let known = thisBase { return known }
                let c = CallBase(rawBase)
                thisBase = c
                return c
            }
            let k = Int(tree.nameIndex(of: baseAt))
            guard k >= 0, k < tree.names.count else { return CallBase(rawBase) }
            return perName(&callBases, k) { CallNameCache.shared.callBase(rawBase) }
        }

        /// The answer kept in `table` for the name at index `k` of the tree's name table (the table sized to
        /// the name table when first used), made when first asked.
        private func perName<T>(_ table: inout [T?], _ k: Int, _ make: () -> T) -> T {
            if table.isEmpty { table = [T?](repeating: nil, count: semantic.tree.names.count) }
            if let known = table[k] { return known }
            let value = make()
            table[k] = value
            return value
        }

        /// `CallName` of each name of the file's name table (`SyntaxTree.names`), worked out when first asked.
        private var callNames: [CallName?] = []
        /// `CallName("")`, of calls whose callee has no name.
        private var unnamed: CallName?

        /// What the name of a callee says (`CallName(name)`): `name` is the name of `nameNode`, or "" when
        /// there is none. Looked up by the name's index in the tree's name table; a name outside it (one with
        /// an escape or a non-ASCII letter) is worked out again each time.
        func callName(of nameNode: NodeID?, _ name: String) -> CallName {
            guard let nameNode else {
                if let known = unnamed { return known }
                let c = CallName(name)
                if name.isEmpty { unnamed = c }
                return c
            }
            let tree = semantic.tree
            let k = Int(tree.nameIndex(of: nameNode))
            guard k >= 0, k < tree.names.count else { return CallName(name) }
            return perName(&callNames, k) { CallNameCache.shared.callName(name) }
        }

        /// Whether a call under `root` (nested functions included) is a transaction step or takes a lock: the
        /// function's order is then meant (`FunctionContext.isTransactional`). At most 200,000 nodes.
        func transactionOrLock(under root: NodeID) -> Bool {
            if let known = transactional[root] { return known }
            let found = findTransactionOrLock(under: root)
            transactional[root] = found
            return found
        }

        private var transactional: [NodeID: Bool] = [:]

        private func findTransactionOrLock(under root: NodeID) -> Bool {
            let tree = semantic.tree
            var stack = [root]
            var left = 200_000
            while let n = stack.popLast(), left > 0 {
                left -= 1
                let kind = tree.kind(n)
                switch kind {
                case .call, .new, .taggedTemplate:
                    let c = describe(n)
                    if c.isTransaction || c.isLock { return true }
                default:
                    if SerialAwait.isTypeNode(kind) { continue }
                }
                tree.forEachChild(of: n) { stack.append($0) }
            }
            return false
        }

        private var pacing: [NodeID: Bool] = [:]

        /// `SerialAwait.hasPacingField` of a class of the file, read once for all its methods.
        func hasPacingField(_ cls: NodeID) -> Bool {
            if let known = pacing[cls] { return known }
            let found = SerialAwait.hasPacingField(cls, semantic.tree)
            pacing[cls] = found
            return found
        }

        /// The file's shared models (one per file, dropped with the file's contexts).
        static func of(_ ctx: FileContext) -> FileModels {
            ctx.memo("serial-await.models") { FileModels(ctx.semantic) }
        }

        /// The names a nested function declares (parameters, body declarations, its own name; not `this`)
        /// and the scope it opens.
        func nested(_ fn: NodeID) -> (names: Set<String>, scope: ScopeID?) {
            if let known = nestedNames[fn] { return known }
            let inner = FunctionModel(semantic: semantic, function: fn, file: self)
            let out = (inner.locals.subtracting(["this"]).union(SerialAwait.functionOwnName(fn, semantic.tree)), inner.scope)
            nestedNames[fn] = out
            return out
        }
    }

    /// Each function's context (`FunctionContext`), built once per file for the rules that ask.
    final class FunctionContexts {
        private let file: FileModels
        private var byFunction: [NodeID: FunctionContext?] = [:]
        private var models: [NodeID: FunctionModel] = [:]

        init(_ file: FileModels) { self.file = file }

        static func of(_ ctx: FileContext) -> FunctionContexts {
            ctx.memo("serial-await.contexts") { FunctionContexts(FileModels.of(ctx)) }
        }

        func context(_ fn: NodeID) -> FunctionContext? {
            if let known = byFunction[fn] { return known }
            let c = FunctionContext(function: fn, semantic: file.semantic, file: file)
            byFunction[fn] = c
            return c
        }

        /// The model of `fn`: its context's when one was built, otherwise one of its own (kept too).
        func model(_ fn: NodeID) -> FunctionModel {
            if let known = byFunction[fn], let c = known { return c.model }
            if let m = models[fn] { return m }
            let m = FunctionModel(semantic: file.semantic, function: fn, file: file)
            models[fn] = m
            return m
        }
    }

    /// A variable: its spelling and its binding (`BindingID.raw`, -1 for `this` and globals).
    struct Variable: Hashable {
        var name: String
        var binding: Int32
    }

    /// Names a binding pattern declares.
    static func declaredNames(_ pattern: NodeID, _ tree: SyntaxTree, _ add: (String) -> Void) {
        declaredIdentifiers(pattern, tree) { add(tree.name(of: $0)) }
    }

    /// The identifiers a binding pattern declares.
    static func declaredIdentifiers(_ pattern: NodeID, _ tree: SyntaxTree, _ add: (NodeID) -> Void) {
        switch tree[pattern] {
        case .identifier: add(pattern)
        case .assignmentPattern(let left, _): declaredIdentifiers(left, tree, add)
        case .restElement(let argument, _): declaredIdentifiers(argument, tree, add)
        case .tsParameterProperty(_, let parameter, _): declaredIdentifiers(parameter, tree, add)
        case .decoratedParameter(_, let parameter): declaredIdentifiers(parameter, tree, add)
        case .objectPattern(let properties, _):
            for p in tree.list(properties) {
                if case .property(_, let value, _, _) = tree[p] { declaredIdentifiers(value, tree, add) } else {
                    declaredIdentifiers(p, tree, add)
                }
            }
        case .arrayPattern(let elements, _):
            for e in tree.list(elements) { declaredIdentifiers(e, tree, add) }
        default: break
        }
    }

    /// The access path an expression denotes, if it is a variable, `this` or a property path of one.
    /// With `semantic`, the root carries its binding (see `Path.binding`).
    static func path(_ node: NodeID, _ tree: SyntaxTree, _ semantic: FileSemantics? = nil) -> Path? {
        switch tree[node] {
        case .identifier: return Path(tree.name(of: node), binding: semantic?.binding(for: node)?.raw ?? -1)
        case .thisExpression: return Path("this")
        case .member(let object, let property, let computed, _):
            guard var p = path(object, tree, semantic) else { return nil }
            if !computed {
                p.props.append(tree.name(of: property))
            } else if tree.kind(property) == .stringLiteral {
                p.props.append(tree.stringValue(of: property))
            } else if tree.kind(property) == .numericLiteral {
                p.props.append(tree.text(property))
            } else {
                return nil
            }
            return p
        case .chain(let e), .tsNonNullExpression(let e), .tsAsExpression(let e, _), .tsSatisfiesExpression(let e, _),
             .tsTypeAssertion(_, let e):
            return path(e, tree, semantic)
        default:
            return nil
        }
    }

}

// MARK: - The walk

extension SerialAwait {
    struct Walker {
        let model: FunctionModel
        let tree: SyntaxTree
        let depth: Int
        var facts = Facts()
        /// Nodes this walk may still visit: the model's budget (`FunctionModel.budget`), taken when the walk
        /// starts and handed back when it ends (`FunctionModel.walked`) and around a closure's own walk.
        var budget: Int
        /// Whether the function declares local closures (`FunctionModel.closures`) or knows echoed fields
        /// (`FunctionModel.echoes`): both are fixed once the model is built, so a read asks for neither when empty.
        private let hasClosures: Bool
        private let hasEchoes: Bool
        /// Names declared by the nested functions being walked, for the call vocabulary (receivers and
        /// arguments named in `Call`).
        private var hidden: [Set<String>] = []
        /// Scopes of the nested functions being walked: their own variables are not the statement's.
        private var nestedScopes: [ScopeID] = []
        /// Loops and switches entered inside the statement (a plain break inside them stays inside).
        private var breakDepth = 0
        private var loopDepth = 0
        private var nestedDepth = 0
        /// Reading the key a field stands for (`FunctionModel.echo`): keys are not followed further.
        private var echoing = false
        /// Calls taken as reads whatever their names say (`FunctionModel.facts(_:reading:)`).
        var readingCalls: Set<NodeID> = []

        init(model: FunctionModel, depth: Int) {
            self.model = model
            self.tree = model.tree
            self.depth = depth
            budget = model.budget
            hasClosures = !model.closures.isEmpty
            hasEchoes = !model.echoes.isEmpty
        }

        private func isHidden(_ name: String) -> Bool { hidden.contains { $0.contains(name) } }

        /// A variable of a nested function being walked (a parameter or local of a callback).
        private func isHidden(_ p: Path) -> Bool {
            guard p.binding >= 0, !nestedScopes.isEmpty else { return false }
            let b = BindingID(p.binding)
            return nestedScopes.contains { model.declares(b, in: $0) }
        }

        private func path(_ node: NodeID) -> Path? { SerialAwait.path(node, tree, model.semantic) }

        mutating func read(_ p: Path) {
            guard !isHidden(p) else { return }
            if hasEchoes, !echoing, let value = model.echo(p), var key = path(tree.unwrap(value)) {
                // a field the lookup was keyed by: the key's value, known before the lookup settled
                key.props += p.props.dropFirst()
                facts.echoed = true
                echoing = true
                read(key)
                echoing = false
                return
            }
            facts.reads.append(p)
            guard hasClosures else { return }
            // a closure's first walk draws on the same budget
            model.budget = budget
            let closure = model.facts(ofClosure: p.root, depth: depth)
            budget = model.budget
            if let closure { facts.merge(closure, asNested: true) }
        }

        mutating func write(_ p: Path) {
            guard !isHidden(p) else { return }
            facts.writes.append(p)
        }

        private mutating func leave(loop: Bool) {
            facts.exits = true
            if loop { facts.leavesLoop = true }
        }

        mutating func walk(_ node: NodeID) {
            guard budget > 0 else { return }
            budget -= 1
            let kind = tree.kind(node)
            if Walker.leadsToChildren(kind) {
                tree.forEachChild(of: node) { walk($0) }
                return
            }
            // the commonest leaves, read without decoding the node
            if kind == .identifier {
                read(Path(tree.name(of: node), binding: model.bindingRaw(node)))
                return
            }
            switch tree[node] {
            case .identifier:
                read(Path(tree.name(of: node), binding: model.bindingRaw(node)))
            case .thisExpression:
                read(Path("this"))
            case .member(let object, let property, let computed, _):
                if let p = path(node) {
                    read(p)
                } else {
                    walk(object)
                    if computed { walk(property) }
                }
            case .call(let callee, _, let arguments, _):
                walkCall(node, callee: callee, arguments: tree.list(arguments))
            case .new(let callee, _, let arguments):
                walkCall(node, callee: callee, arguments: tree.list(arguments))
            case .taggedTemplate(let tag, _, let quasi):
                walkCall(node, callee: tag, arguments: CollectionOfOne(quasi))
            case .await(let argument):
                if nestedDepth == 0 { facts.awaits.append(node) }
                walk(argument)
            case .yield(let argument, _):
                if nestedDepth == 0 { leave(loop: true) }
                if let argument { walk(argument) }
            case .returnStatement(let argument):
                if nestedDepth == 0 { leave(loop: true) }
                if let argument { walk(argument) }
            case .throwStatement(let argument):
                if nestedDepth == 0 { leave(loop: true) }
                walk(argument)
            case .breakStatement(let label):
                if nestedDepth == 0, label != nil || breakDepth == 0 { leave(loop: true) }
            case .continueStatement(let label):
                if nestedDepth == 0, label != nil || loopDepth == 0 { leave(loop: label != nil) }
            case .labeledStatement(_, let body):
                walk(body)
            case .forStatement, .forInStatement, .forOfStatement, .whileStatement, .doWhileStatement:
                breakDepth += 1
                loopDepth += 1
                walkLoop(node)
                breakDepth -= 1
                loopDepth -= 1
            case .switchStatement:
                breakDepth += 1
                tree.forEachChild(of: node) { walk($0) }
                breakDepth -= 1
            case .variableDeclarator(let id, let initializer, _):
                writePattern(id)
                if let initializer { walk(initializer) }
            case .assignment(let op, let left, let right):
                if op != .assign, let p = path(left) { read(p) }
                writeTarget(left)
                walk(right)
            case .update(_, _, let argument):
                if let p = path(argument) {
                    read(p)
                    write(p)
                } else {
                    walk(argument)
                }
            case .unary(let op, let argument):
                if op == .delete { writeTarget(argument) } else { walk(argument) }
            case .functionExpression, .arrowFunction:
                walkNested(node)
            case .functionDeclaration:
                return // hoisted; its body counts where it is called
            case .classDeclaration, .classExpression:
                tree.forEachChild(of: node) { walk($0) }
            case .property(let key, let value, _, let flags):
                if flags.contains(.computed) { walk(key) }
                walk(value)
            case .methodDefinition(_, let key, let value, _, let modifiers),
                 .propertyDefinition(_, let key, _, let value?, let modifiers):
                if modifiers.contains(.computed) { walk(key) }
                walk(value)
            case .propertyDefinition:
                return
            case .tsAsExpression(let e, _), .tsSatisfiesExpression(let e, _), .tsTypeAssertion(_, let e),
                 .tsNonNullExpression(let e), .tsInstantiationExpression(let e, _), .chain(let e):
                walk(e)
            case .jsxIdentifier, .jsxText, .privateIdentifier, .importDeclaration, .exportAllDeclaration:
                return
            default:
                if SerialAwait.isTypeNode(tree.kind(node)) { return }
                tree.forEachChild(of: node) { walk($0) }
            }
        }

        /// Kinds the `switch` of `walk` sends to its `default` branch that are no type node: the walk only
        /// enters their children, which it does without decoding the node. (Statements, literals and
        /// operators; the rest still goes through the `switch`.)
        static func leadsToChildren(_ kind: NodeKind) -> Bool {
            switch kind {
            case .expressionStatement, .blockStatement, .emptyStatement, .ifStatement, .tryStatement, .catchClause,
                 .switchCase, .variableDeclaration, .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral,
                 .regExpLiteral, .templateLiteral, .templateElement, .arrayExpression, .objectExpression,
                 .spreadElement, .binary, .logical, .conditional, .sequence, .superExpression:
                return true
            default:
                return false
            }
        }

        private mutating func walkLoop(_ node: NodeID) {
            switch tree[node] {
            case .forOfStatement(let left, let right, let body, _), .forInStatement(let left, let right, let body):
                walk(right)
                if tree.kind(left) == .variableDeclaration {
                    walk(left)
                } else {
                    writeTarget(left)
                }
                walk(body)
            default:
                tree.forEachChild(of: node) { walk($0) }
            }
        }

        /// A nested function: its own names are hidden, its reads and writes of outer names count,
        /// its awaits and returns do not.
        mutating func walkNested(_ fn: NodeID) {
            guard let (params, body, _) = tree.functionParts(fn) else { return }
            let inner = model.file.nested(fn)
            hidden.append(inner.names)
            if let scope = inner.scope { nestedScopes.append(scope) }
            nestedDepth += 1
            let savedBreak = breakDepth, savedLoop = loopDepth
            for p in params { walkPatternDefaults(p) }
            if let body { walk(body) }
            breakDepth = savedBreak
            loopDepth = savedLoop
            nestedDepth -= 1
            hidden.removeLast()
            if inner.scope != nil { nestedScopes.removeLast() }
        }

        private mutating func walkPatternDefaults(_ p: NodeID) {
            switch tree[p] {
            case .assignmentPattern(let left, let right):
                walkPatternDefaults(left)
                walk(right)
            case .objectPattern, .arrayPattern, .restElement, .property, .tsParameterProperty, .decoratedParameter:
                tree.forEachChild(of: p) { walkPatternDefaults($0) }
            default: break
            }
        }

        mutating func writePattern(_ p: NodeID) {
            switch tree[p] {
            case .identifier: write(Path(tree.name(of: p), binding: model.bindingRaw(p)))
            case .assignmentPattern(let left, let right):
                writePattern(left)
                walk(right)
            case .restElement(let argument, _): writePattern(argument)
            case .objectPattern(let properties, _):
                for prop in tree.list(properties) {
                    if case .property(let key, let value, _, let flags) = tree[prop] {
                        if flags.contains(.computed) { walk(key) }
                        writePattern(value)
                    } else {
                        writePattern(prop)
                    }
                }
            case .arrayPattern(let elements, _):
                for e in tree.list(elements) { writePattern(e) }
            case .member, .chain, .tsNonNullExpression, .tsAsExpression:
                writeTarget(p)
            default: break
            }
        }

        mutating func writeTarget(_ target: NodeID) {
            let t = tree.unwrap(target)
            switch tree[t] {
            case .identifier, .objectPattern, .arrayPattern, .assignmentPattern:
                writePattern(t)
            case .member(let object, let property, let computed, _):
                if let p = path(t) {
                    write(p)
                } else {
                    walk(object)
                    if computed { walk(property) }
                    if let root = SerialAwait.basePath(object, tree, model.semantic) { write(root) }
                }
            default:
                walk(t)
            }
        }

        private mutating func walkCall<Arguments: Collection<NodeID>>(_ node: NodeID, callee rawCallee: NodeID,
                                                                   arguments: Arguments) {
            let callee = tree.unwrap(rawCallee)
            var receiver: Path?
            switch tree[callee] {
            case .member(let object, let property, let computed, _):
                receiver = path(object)
                if let receiver { read(receiver) } else { walk(object) }
                if computed { walk(property) }
            case .identifier:
                read(Path(tree.name(of: callee), binding: model.bindingRaw(callee)))
            default:
                walk(callee)
            }
            for a in arguments { walk(a) }
            var call = model.file.describe(node)
            call.nested = nestedDepth > 0
            if !readingCalls.isEmpty, readingCalls.contains(node) { call.verb = .reading }
            if !hidden.isEmpty {
                if call.base.map(isHidden) == true { call.base = nil }
                call.argRoots.removeAll { isHidden($0) }
                call.argPaths.removeAll { isHidden($0.root) }
            }
            // A call may change its receiver unless its name says it reads; one whose name says it
            // writes may also change the objects passed to it.
            if let receiver, !isHidden(receiver) {
                if call.verb == .mutating { write(receiver) }
                if call.verb == .unknown { facts.softWrites.append(receiver) }
            }
            if call.verb == .mutating {
                for a in arguments {
                    if let p = path(SerialAwait.spreadArgument(a, tree)) { write(p) }
                }
            }
            facts.calls.append(call)
        }
    }

    static func functionOwnName(_ fn: NodeID, _ tree: SyntaxTree) -> Set<String> {
        if case .functionExpression(let id?, _, _, _, _, _) = tree[fn] { return [tree.name(of: id)] }
        return []
    }

    static func spreadArgument(_ a: NodeID, _ tree: SyntaxTree) -> NodeID {
        if case .spreadElement(let e) = tree[a] { return e }
        return a
    }

    /// The variable at the bottom of a member/call chain: `db` in `db.collection('x').find()`.
    static func basePath(_ node: NodeID, _ tree: SyntaxTree, _ semantic: FileSemantics? = nil) -> Path? {
        guard let n = baseNode(node, tree) else { return nil }
        if tree.kind(n) == .thisExpression { return Path("this") }
        return Path(tree.name(of: n), binding: semantic?.binding(for: n)?.raw ?? -1)
    }

    static func isTypeNode(_ kind: NodeKind) -> Bool {
        switch kind {
        case .tsTypeAnnotation, .tsTypeParameterDeclaration, .tsTypeParameter, .tsTypeParameterInstantiation,
             .tsKeyword, .tsThisType, .tsTypeReference, .tsQualifiedName, .tsArrayType, .tsTupleType,
             .tsNamedTupleMember, .tsOptionalType, .tsRestType, .tsUnionType, .tsIntersectionType, .tsFunctionType,
             .tsConstructorType, .tsTypeLiteral, .tsPropertySignature, .tsMethodSignature, .tsCallSignature,
             .tsConstructSignature, .tsIndexSignature, .tsConditionalType, .tsInferType, .tsTypeOperator,
             .tsIndexedAccessType, .tsMappedType, .tsLiteralType, .tsTemplateLiteralType, .tsTypeQuery,
             .tsImportType, .tsTypePredicate, .tsInterfaceDeclaration, .tsInterfaceBody, .tsTypeAliasDeclaration:
            return true
        default:
            return false
        }
    }
}

extension SerialAwait {
    /// Fields of what a lookup returns that equal a value of the lookup's own arguments: the equality filters of
    /// a `where` object (`findFirst({ where: { traceId: input.traceId } })`: `traceId`), and an argument whose
    /// name is an id of the thing the callee's name says it gets (`getRoomData(data.roomId)`: `roomId`; not
    /// `getComment(comment.parentId)`, whose record's `parentId` is another one). Only callees whose name
    /// reads (`find`, `get`, `load`, `fetch`, `read`, `lookup`, `retrieve`) and values that are variables or
    /// property paths.
    static func lookupKeys(_ call: NodeID, _ tree: SyntaxTree) -> [(String, NodeID)] {
        guard case .call(let callee, _, let arguments, _) = tree[call] else { return [] }
        let c = tree.unwrap(callee)
        var name = ""
        if case .member(_, let property, false, _) = tree[c] { name = tree.name(of: property) }
        if tree.kind(c) == .identifier { name = tree.name(of: c) }
        guard ["find", "get", "load", "fetch", "read", "lookup", "retrieve"].contains(leadingVerb(name)),
              !writesAfterConjunction(name) else { return [] }
        func keyName(_ key: NodeID) -> String? {
            switch tree.kind(key) {
            case .identifier: return tree.name(of: key)
            case .stringLiteral: return tree.stringValue(of: key)
            default: return nil
            }
        }
        func isPath(_ n: NodeID) -> Bool { path(tree.unwrap(n), tree) != nil }
        var out: [(String, NodeID)] = []
        let args = Array(tree.list(arguments))
        if let first = args.first, case .objectExpression(let props) = tree[tree.unwrap(first)] {
            for p in tree.list(props) {
                guard case .property(let key, let value, _, let flags) = tree[p], !flags.contains(.computed),
                      keyName(key) == "where", case .objectExpression(let filters) = tree[tree.unwrap(value)] else { continue }
                for f in tree.list(filters) {
                    guard case .property(let k, let v, _, let fl) = tree[f], !fl.contains(.computed), let field = keyName(k),
                          isPath(v) else { continue }
                    out.append((field, tree.unwrap(v)))
                }
            }
        }
        // the callee's words, split once an argument names an id (most lookups are handed none)
        var words: Set<String>?
        for a in args {
            let arg = tree.unwrap(a)
            guard let p = path(arg, tree) else { continue }
            let field = p.props.last ?? p.root
            let lower = field.lowercased()
            guard lower.hasSuffix("id"), lower.count > 4 else { continue }
            var stem = String(lower.dropLast(2))
            while stem.hasSuffix("_") { stem.removeLast() }
            if words == nil { words = Set(camelWords(name)) }
            if words?.contains(stem) == true { out.append((field, arg)) }
        }
        return out
    }
}

extension SerialAwait {
    /// What names say (`CallName`, `CallBase`), shared by the files of every scan of this process: the name
    /// tables of `FileModels` ask it for a name met first in their file. A name says the same in every file,
    /// so nothing here depends on the order files are read in. At most `limit` names of each kind are kept:
    /// names past it are worked out each time a file first meets them.
    final class CallNameCache: Sendable {
        static let shared = CallNameCache()
        static let limit = 100_000
        private let names = Table<CallName>()
        private let bases = Table<CallBase>()

        func callName(_ name: String) -> CallName { names.value(name, CallName.init) }

        func callBase(_ name: String) -> CallBase { bases.value(name, CallBase.init) }

        /// One table behind its own lock.
        final class Table<T>: @unchecked Sendable {
            private let lock = NSLock()
            private var values: [String: T] = [:]

            /// The table's answer for `name`, made outside the lock and kept while the table is under `limit`.
            func value(_ name: String, _ make: (String) -> T) -> T {
                lock.lock()
                let known = values[name]
                lock.unlock()
                if let known { return known }
                let value = make(name)
                lock.lock()
                if values.count < CallNameCache.limit { values[name] = value }
                lock.unlock()
                return value
            }
        }
    }
}
