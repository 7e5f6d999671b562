// Shared by the serial-await rules: the async functions of a file, the statement lists of a function
// body (blocks, switch cases; not nested functions), the facts every rule checks first (is the
// function a transaction? which locals hold one connection?) and the statement shapes a `Promise.all`
// rewrite can take over.

import ExecutionModel
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

extension SerialAwait {
    /// The node kinds of functions, arrows and methods (what the rules visit).
    static let functionKinds: Set<NodeKind> = [.functionDeclaration, .functionExpression, .arrowFunction]

    /// An async function, arrow or method with a body (not a `declare`d signature).
    static func isAsyncFunction(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let flags = tree.functionParts(fn)?.flags else { return false }
        return flags.contains(.async) && !flags.contains(.declare)
    }

    /// Calls `body` for every node under `root` (itself included) that belongs to no nested function
    /// or class, in tree order, for at most `budget` nodes. Returns false when the budget ran out (some
    /// nodes may not have been visited).
    @discardableResult
    static func forEachOwnNode(_ root: NodeID, _ tree: SyntaxTree, budget: Int = 100_000, _ body: (NodeID) -> Void) -> Bool {
        var stack = [root]
        var left = budget
        while let n = stack.popLast(), left > 0 {
            left -= 1
            switch tree.kind(n) {
            case .functionDeclaration, .functionExpression, .arrowFunction, .classDeclaration, .classExpression:
                continue
            default: break
            }
            body(n)
            tree.pushChildren(of: n, onto: &stack)
        }
        return left > 0
    }

    /// Statement lists of a function body, outermost first; nested functions are left out.
    static func statementLists(_ fn: NodeID, _ tree: SyntaxTree) -> [[NodeID]] {
        ownStatements(fn, tree).lists
    }

    /// The statement lists of `statementLists`, and how many `await` expressions the function has of its
    /// own (nested functions and classes excluded), counted up to 2; `complete` is false when the walk
    /// stopped at its budget, so awaits may be missing from the count. `siblingAwaits`: an object literal,
    /// array literal or argument list of its own holds two awaited elements (`{ a: await x(), b: await y() }`),
    /// what `siblingAwaits(in:_:)` needs to find a pair.
    /// `loops`: the function's own loops (`loops(in:)`), in source order, found by the same walk.
    /// `awaitStarts`: where each of the function's own awaits starts, in source order (`ownAwaitCount`).
    static func ownStatements(_ fn: NodeID, _ tree: SyntaxTree)
        -> (lists: [[NodeID]], awaits: Int, complete: Bool, siblingAwaits: Bool, loops: [NodeID], awaitStarts: [Int32])
    {
        guard let (_, body, _) = tree.functionParts(fn), let body, tree.kind(body) == .blockStatement else {
            // an expression body holds no statement of its own, so no loop either
            return ([], 0, true, false, [], [])
        }
        var out: [[NodeID]] = []
        var loops: [NodeID] = []
        var awaits = 0
        var awaitStarts: [Int32] = []
        var siblings = false
        func awaited(_ element: NodeID) -> Bool {
            var e = tree.unwrap(element)
            if tree.kind(e) == .property, case .property(_, let value, _, let flags) = tree[e], !flags.contains(.computed) {
                e = tree.unwrap(value)
            }
            return tree.kind(e) == .await
        }
        func twoAwaited(_ elements: NodeIDs) -> Bool {
            var count = 0
            for e in elements where awaited(e) {
                count += 1
                if count == 2 { return true }
            }
            return false
        }
        let complete = forEachOwnNode(body, tree) { n in
            switch tree.kind(n) {
            case .forStatement, .forOfStatement, .forInStatement, .whileStatement, .doWhileStatement:
                loops.append(n)
            case .blockStatement, .staticBlock, .switchCase:
                switch tree[n] {
                case .blockStatement(let stmts), .staticBlock(let stmts), .switchCase(_, let stmts):
                    out.append(Array(tree.list(stmts)))
                default: break
                }
            case .await:
                awaits = min(awaits + 1, 2)
                awaitStarts.append(tree.range(n).start)
            case .objectExpression, .arrayExpression, .call, .new:
                guard !siblings else { return }
                switch tree[n] {
                case .objectExpression(let items), .arrayExpression(let items), .call(_, _, let items, _), .new(_, _, let items):
                    siblings = twoAwaited(tree.list(items))
                default: break
                }
            default: break
            }
        }
        // the walk meets nodes in source order; sorted in case a node's range starts before its parent's sibling's
        if zip(awaitStarts, awaitStarts.dropFirst()).contains(where: { $0 > $1 }) { awaitStarts.sort() }
        return (out, awaits, complete, siblings, loops.sorted { tree.range($0).start < tree.range($1).start }, awaitStarts)
    }

    /// How many of a function's own awaits (`ownStatements(_:_:).awaitStarts`) start inside `node`, counted up to
    /// `limit`.
    static func ownAwaitCount(in node: NodeID, _ awaitStarts: [Int32], _ tree: SyntaxTree, limit: Int = 2) -> Int {
        let r = tree.range(node)
        var lo = 0, hi = awaitStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if awaitStarts[mid] < r.start { lo = mid + 1 } else { hi = mid }
        }
        var count = 0
        while lo < awaitStarts.count, awaitStarts[lo] < r.end, count < limit {
            count += 1
            lo += 1
        }
        return count
    }

    /// `ownStatements` of the async functions of one file, walked once for both rules that ask
    /// (serial-await/sequential for the statement lists, serial-await/loop for the loops). Kept while the
    /// file's rules run.
    final class OwnStatements {
        typealias Shape = (lists: [[NodeID]], awaits: Int, complete: Bool, siblingAwaits: Bool, loops: [NodeID],
                           awaitStarts: [Int32])
        private let tree: SyntaxTree
        private var byFunction: [NodeID: Shape] = [:]

        init(_ tree: SyntaxTree) { self.tree = tree }

        static func of(_ ctx: FileContext) -> OwnStatements {
            ctx.memo("serial-await.own-statements") { OwnStatements(ctx.tree) }
        }

        func of(_ fn: NodeID) -> Shape {
            if let known = byFunction[fn] { return known }
            let shape = SerialAwait.ownStatements(fn, tree)
            byFunction[fn] = shape
            return shape
        }

        /// `loops(in:)` of `fn`: those of the walk above when it saw every node of the function (both walks
        /// then see the same nodes), otherwise `loops(in:)` itself, whose own budget decides.
        func loops(in fn: NodeID) -> [NodeID] {
            let shape = of(fn)
            return shape.complete ? shape.loops : SerialAwait.loops(in: fn, tree)
        }
    }

    struct FunctionContext {
        let model: FunctionModel
        /// The function's body.
        let body: NodeID
        /// A transaction, session or explicit lock appears in the function (nested callbacks included): its
        /// order is meant. Asked last, once a rule has something to report: it describes every call of the
        /// body, nested functions' too (kept per file by `FileModels`).
        var isTransactional: Bool { model.file.transactionOrLock(under: body) }
        /// Locals (and conventional names) that hold one connection or transaction.
        let connections: Set<String>
        /// The function is a method of a class that paces its own calls: it has a field named as a rate
        /// limiter or throttle (outline's NotionClient: `private limiter = RateLimit(3)`, awaited before each
        /// request), so `this.` calls wait their turn on purpose.
        let pacesThisCalls: Bool
        /// The function is a connection's own method, or nested in one: it is assigned to a property of a
        /// value named as one connection (knex's `connection.executeAsync = function (...) { ... }` for
        /// oracledb), so what it awaits comes over that connection (the LOB streams of its result rows),
        /// which serves one request at a time.
        let isConnectionMethod: Bool

        init?(function fn: NodeID, semantic: FileSemantics, file: FileModels? = nil) {
            let tree = semantic.tree
            guard let (_, body, _) = tree.functionParts(fn), let body else { return nil }
            model = FunctionModel(semantic: semantic, function: fn, file: file)
            self.body = body
            var connections = connectionObjects
            for (name, initial) in model.initializers.sorted(by: { $0.key < $1.key }) {
                let e = unwrapAwait(initial.expression, tree)
                guard case .call(let callee, _, _, _) = tree[e] else { continue }
                let c = tree.unwrap(callee)
                var calleeName = ""
                if case .member(_, let property, false, _) = tree[c] { calleeName = tree.name(of: property) }
                if tree.kind(c) == .identifier { calleeName = tree.name(of: c) }
                let verb = leadingVerb(calleeName)
                if ["connect", "acquire", "checkout", "reserve"].contains(verb) || calleeName == "getConnection"
                    || calleeName == "getClient" || calleeName == "startSession" || calleeName == "createQueryRunner"
                {
                    connections.insert(name)
                }
            }
            // A method of a class that is one connection (typeorm's PostgresQueryRunner: `this.query(...)`)
            // runs every `this.` call on that connection.
            if let name = tree.enclosingClass(of: fn).flatMap(tree.className),
               ["QueryRunner", "Connection", "Transaction", "Session"].contains(where: { name.hasSuffix($0) }) {
                connections.insert("this")
            }
            self.connections = connections
            let fileModels = model.file
            pacesThisCalls = tree.enclosingClass(of: fn).map { fileModels.hasPacingField($0) } ?? false
            isConnectionMethod = SerialAwait.isConnectionMethod(fn, tree)
        }
    }

    /// Whether `fn` or a function around it is assigned to a property of a connection
    /// (`connection.executeAsync = function (...) { ... }`, `this.conn.run = async () => ...`).
    static func isConnectionMethod(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        var current: NodeID? = fn
        var steps = 0
        while let f = current, steps < 64 {
            steps += 1
            if let parent = tree.parent(f), case .assignment(.assign, let left, let right) = tree[parent], tree.unwrap(right) == f,
               case .member(let object, _, _, _) = tree[tree.unwrap(left)], let p = path(tree.unwrap(object), tree),
               connectionObjects.contains(p.props.last ?? p.root) {
                return true
            }
            current = tree.enclosingFunction(of: f)
        }
        return false
    }

    /// Whether a class declares a field whose name says it paces calls (`PacedClients`).
    static func hasPacingField(_ cls: NodeID, _ tree: SyntaxTree) -> Bool {
        PacedClients.hasPacingField(cls, tree)
    }

    static func unwrapAwait(_ node: NodeID, _ tree: SyntaxTree) -> NodeID {
        let n = tree.unwrap(node)
        if case .await(let a) = tree[n] { return tree.unwrap(a) }
        return n
    }

    /// The shape of a statement that awaits one call and could hand it to `Promise.all`.
    enum AwaitShape {
        /// `const|let|var PATTERN = await CALL`
        case declaration(kind: VariableKind, pattern: NodeID)
        /// `TARGET = await CALL`
        case assignment(target: NodeID)
        /// `await CALL`
        case bare
        /// `const total = (await CALL)[0].count`, `x = (await CALL).rows` or `const open = (await CALL).filter(fn)`:
        /// the result is used through members or methods of it (the Promise.all rewrite leaves these to the reader)
        case projected
        /// One awaited call inside a larger statement, reached only through parts evaluated before it that
        /// make no call and no await: `const scores = found ? await findScores(id) : []`,
        /// `uids = uids.concat(await search(q))`, `if (enabled) { x = await f() }`. `before` holds what is
        /// evaluated before the call may start (the tests of the conditions it sits under); what surrounds the
        /// await otherwise runs once it has settled. Reported without edits.
        case embedded(before: [NodeID])
    }

    struct AwaitStatement {
        let statement: NodeID
        let await: NodeID
        let call: NodeID
        let shape: AwaitShape
        /// The calls of an awaited `Promise.all([...])` (empty for any other call): they already run
        /// together, and a later independent call can join them.
        var combined: [NodeID] = []

        /// The calls this statement starts: the combined ones, or its one call.
        var calls: [NodeID] { combined.isEmpty ? [call] : combined }
    }

    /// `const q = ...` / `let q = ...` with every declarator initialised (not `var`, which a statement above
    /// could already read).
    static func isLexicalDeclaration(_ stmt: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .variableDeclaration(let kind, let decls, _) = tree[stmt], kind == .const || kind == .let else { return false }
        return tree.list(decls).allSatisfy { d in
            if case .variableDeclarator(_, _?, _) = tree[d] { return true }
            return false
        }
    }

    /// `const x = await f()`, `x = await f()`, `await f()` (also of a tagged template query), or a statement
    /// with one awaited call inside it (`AwaitShape.embedded`); nil for any other statement.
    static func awaitStatement(_ stmt: NodeID, _ tree: SyntaxTree) -> AwaitStatement? {
        if let plain = plainAwaitStatement(stmt, tree) { return plain }
        return embeddedAwaitStatement(stmt, tree)
    }

    /// A statement whose one own await (of a call other than `Promise.*`) is reached from the statement
    /// only through: an `if` without `else` whose consequent is such a statement (or a block of one), an
    /// assignment's right side, a declarator's initialiser, a conditional or logical expression whose test
    /// (or left side) makes no await and no call that says it writes, the other branch making no call, and
    /// arguments, elements or operands evaluated after everything before them made no call. Nested
    /// functions are not entered.
    static func embeddedAwaitStatement(_ stmt: NodeID, _ tree: SyntaxTree) -> AwaitStatement? {
        var budget = 2_000
        /// Whether a subtree (not entering nested functions) holds an await or a call (`calls`), or an
        /// await or a call whose name says it writes or says nothing (`calls: false`: tests may read).
        func holds(_ n: NodeID, calls: Bool) -> Bool {
            var found = false
            let complete = forEachOwnNode(n, tree, budget: 2_000) { x in
                if found { return }
                switch tree[x] {
                case .await, .yield: found = true
                case .call(let callee, _, _, _), .new(let callee, _, _):
                    if calls { found = true; return }
                    let c = tree.unwrap(callee)
                    var name = ""
                    if case .member(_, let property, false, _) = tree[c] { name = tree.name(of: property) }
                    if tree.kind(c) == .identifier { name = tree.name(of: c) }
                    if !readingVerbs.contains(leadingVerb(name)) { found = true }
                case .taggedTemplate, .assignment, .update: found = true
                case .unary(let op, _) where op == .delete: found = true
                default: break
                }
            }
            return found || !complete
        }
        var before: [NodeID] = []
        var found: NodeID?
        /// Descends from `e` towards the one await; false when the path takes a part that is not allowed.
        func descend(_ e0: NodeID, depth: Int) -> Bool {
            budget -= 1
            guard budget > 0, depth < 12 else { return false }
            let e = tree.unwrap(e0)
            switch tree[e] {
            case .await(let argument):
                let call = tree.unwrap(argument)
                switch tree[call] {
                case .call(let callee, _, _, _):
                    if let p = path(tree.unwrap(callee), tree), p.root == "Promise" { return false }
                case .taggedTemplate: break
                default: return false
                }
                found = e
                return true
            case .conditional(let test, let consequent, let alternate):
                guard !holds(test, calls: false) else { return false }
                let inCons = containsAwait(consequent, tree), inAlt = containsAwait(alternate, tree)
                guard inCons != inAlt else { return false }
                let (into, other) = inCons ? (consequent, alternate) : (alternate, consequent)
                guard !holds(other, calls: true) else { return false }
                before.append(test)
                return descend(into, depth: depth + 1)
            case .logical(_, let left, let right):
                guard !holds(left, calls: false), containsAwait(right, tree) else { return false }
                before.append(left)
                return descend(right, depth: depth + 1)
            case .call(let callee, _, let arguments, _), .new(let callee, _, let arguments):
                guard !holds(callee, calls: true) else { return false }
                return descendList([callee] + Array(tree.list(arguments)), depth: depth)
            case .arrayExpression(let elements):
                return descendList(Array(tree.list(elements)), depth: depth)
            case .objectExpression(let properties):
                return descendList(tree.list(properties).map { p in
                    if case .property(_, let value, _, let flags) = tree[p], !flags.contains(.computed) { return value }
                    return p
                }, depth: depth)
            case .spreadElement(let argument):
                return descend(argument, depth: depth + 1)
            case .binary(_, let left, let right):
                return descendList([left, right], depth: depth)
            case .templateLiteral(_, let expressions):
                return descendList(Array(tree.list(expressions)), depth: depth)
            default:
                return false
            }
        }
        /// The part holding the await is entered; the parts before it make no call, those after it no await.
        func descendList(_ parts: [NodeID], depth: Int) -> Bool {
            guard let k = parts.firstIndex(where: { containsAwait($0, tree) }) else { return false }
            guard parts[..<k].allSatisfy({ !holds($0, calls: true) }),
                  parts[(k + 1)...].allSatisfy({ !containsAwait($0, tree) }) else { return false }
            return descend(parts[k], depth: depth + 1)
        }
        func statement(_ s: NodeID, depth: Int) -> Bool {
            guard depth < 3 else { return false }
            switch tree[s] {
            case .ifStatement(let test, let consequent, nil):
                guard !holds(test, calls: false) else { return false }
                var body = consequent
                if case .blockStatement(let stmts) = tree[consequent] {
                    guard stmts.count == 1, let only = tree.list(stmts).first else { return false }
                    body = only
                }
                before.append(test)
                if let inner = plainAwaitStatement(body, tree) {
                    guard inner.combined.isEmpty else { return false }
                    switch inner.shape {
                    case .declaration: return false  // a declaration in the branch is not seen after it
                    default: break
                    }
                    found = inner.await
                    return true
                }
                return statement(body, depth: depth + 1)
            case .expressionStatement(let e, _):
                if case .assignment(.assign, let left, let right) = tree[e] {
                    guard !holds(left, calls: true) else { return false }
                    return descend(right, depth: 0)
                }
                return descend(e, depth: 0)
            case .variableDeclaration(_, let decls, _) where decls.count == 1:
                guard let d = tree.list(decls).first, case .variableDeclarator(let id, let initializer?, _) = tree[d],
                      !holds(id, calls: true) else { return false }
                return descend(initializer, depth: 0)
            default:
                return false
            }
        }
        guard statement(stmt, depth: 0), let a = found, case .await(let argument) = tree[a] else { return nil }
        // exactly one await of the statement's own
        var awaits = 0
        forEachOwnNode(stmt, tree, budget: 20_000) { n in if tree.kind(n) == .await { awaits += 1 } }
        guard awaits == 1 else { return nil }
        return AwaitStatement(statement: stmt, await: a, call: tree.unwrap(argument), shape: .embedded(before: before))
    }

    static func plainAwaitStatement(_ stmt: NodeID, _ tree: SyntaxTree) -> AwaitStatement? {
        var awaitNode: NodeID?
        var shape: AwaitShape?
        switch tree[stmt] {
        case .variableDeclaration(let kind, let decls, _) where decls.count == 1 && (kind == .const || kind == .let || kind == .var):
            guard let d = tree.list(decls).first, case .variableDeclarator(let id, let initializer?, _) = tree[d] else {
                return nil
            }
            awaitNode = initializer
            shape = .declaration(kind: kind, pattern: id)
        case .expressionStatement(let e, _):
            if case .assignment(.assign, let left, let right) = tree[e] {
                awaitNode = right
                shape = .assignment(target: left)
            } else {
                awaitNode = e
                shape = .bare
            }
        default:
            return nil
        }
        guard var a = awaitNode, var shape else { return nil }
        if tree.kind(a) == .member || tree.kind(a) == .call {
            // `(await CALL)[0].count`: members (and literal indexes) of the awaited value; `(await CALL).filter(fn)`:
            // methods called on it, whose arguments are evaluated once it has settled
            var e = tree.unwrap(a)
            var steps = 0
            while steps < 8 {
                if case .member(let object, let property, let computed, _) = tree[e] {
                    if computed, tree.kind(property) != .numericLiteral, tree.kind(property) != .stringLiteral { return nil }
                    e = tree.unwrap(object)
                } else if case .call(let callee, _, _, _) = tree[e],
                          case .member(let object, _, false, _) = tree[tree.unwrap(callee)] {
                    e = tree.unwrap(object)
                } else {
                    break
                }
                steps += 1
            }
            guard tree.kind(e) == .await else { return nil }
            a = e
            shape = .projected
        }
        guard case .await(let argument) = tree[a] else { return nil }
        let call = tree.unwrap(argument)
        switch tree[call] {
        case .call(let callee, _, let arguments, _):
            // Promise.all / race / allSettled already run together; a `Promise.all` of an array of calls whose
            // results are destructured (or dropped) can take in a later call.
            if let p = path(tree.unwrap(callee), tree), p.root == "Promise" {
                guard p.props == ["all"], let array = tree.list(arguments).first.map(tree.unwrap), tree.list(arguments).count == 1,
                      case .arrayExpression(let elements) = tree[array] else { return nil }
                let calls = tree.list(elements).map { tree.unwrap($0) }
                guard !calls.isEmpty, calls.allSatisfy({ [.call, .taggedTemplate].contains(tree.kind($0)) }) else { return nil }
                switch shape {
                case .bare: break
                case .declaration(_, let pattern):
                    guard case .arrayPattern(let items, nil) = tree[pattern], tree.list(items).count <= calls.count,
                          tree.list(items).allSatisfy({ [.identifier, .elision].contains(tree.kind($0)) }) else { return nil }
                default: return nil
                }
                return AwaitStatement(statement: stmt, await: a, call: call, shape: shape, combined: calls)
            }
        case .taggedTemplate:
            // a query written as a tagged template: prisma.$queryRaw`...`, sql`...`
            break
        default:
            return nil
        }
        return AwaitStatement(statement: stmt, await: a, call: call, shape: shape)
    }

    /// A short name for a call in messages: its callee text, shortened.
    static func calleeLabel(_ call: NodeID, _ tree: SyntaxTree) -> String {
        var text: String
        if case .call(let callee, _, _, _) = tree[call] { text = tree.text(callee) } else { text = tree.text(call) }
        text = text.split(whereSeparator: { $0 == "\n" }).map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        if text.count > 48 { text = String(text.prefix(45)) + "..." }
        return text
    }
}

// MARK: - Work that runs on one transaction

extension SerialAwait {
    /// Whether every call `work` (a mapped callback, or any expression of `model`'s function) starts is
    /// handed one transaction: a call on a transaction client (`tx.item.update(...)`), or with an argument
    /// that carries one (`{ where, transaction }`, `trx`, `ctx.state.transaction`, a context made with
    /// `createContext({ user, transaction })`, a parameter the function reads `.state.transaction` of). A
    /// driver sends a transaction's queries one after another on its one connection, so calls started
    /// together there queue on that connection instead of reaching the pool or the database at once.
    /// Only calls with arguments or a receiver count, and all of them must carry the transaction.
    static func runsOnOneTransaction(_ work: NodeID, _ model: FunctionModel) -> Bool {
        let tree = model.tree
        var calls = 0
        var onTransaction = 0
        var budget = 5_000
        // only the outermost calls are the work: those made to build an argument or a receiver
        // (`new Date()`, `row.toJSON()`, `db.model('x')`) go with the call they feed
        func visit(_ n: NodeID, insideCall: Bool) {
            guard budget > 0 else { return }
            budget -= 1
            let kind = tree.kind(n)
            if kind.isFunction && n != work { return }
            guard kind == .call, case .call(let callee, _, let args, _) = tree[n] else {
                tree.forEachChild(of: n) { visit($0, insideCall: insideCall) }
                return
            }
            let c = tree.unwrap(callee)
            var receiver: Path?
            var counted = tree.kind(c) == .identifier
            if case .member(let object, _, false, _) = tree[c], let p = path(object, tree, model.semantic) ?? basePath(object, tree, model.semantic) {
                receiver = p
                counted = true
            }
            if counted && !insideCall {
                calls += 1
                if receiver.map({ transactionObjects.contains($0.root) || carriesTransaction($0, model) }) == true
                    || tree.list(args).contains(where: { carriesTransaction($0, model, depth: 0) }) {
                    onTransaction += 1
                }
            }
            tree.forEachChild(of: n) { visit($0, insideCall: insideCall || counted) }
        }
        var root = tree.unwrap(work)
        if tree.kind(root).isFunction, let body = tree.functionParts(root)?.body { root = body }
        visit(root, insideCall: false)
        return budget > 0 && calls > 0 && onTransaction == calls
    }

    /// A transaction in an expression: a transaction name, a path through one, an object literal with a
    /// `transaction` property, or a local or parameter that holds one.
    static func carriesTransaction(_ expr: NodeID, _ model: FunctionModel, depth: Int) -> Bool {
        guard depth < 4 else { return false }
        let tree = model.tree
        let e = tree.unwrap(expr)
        if let p = path(e, tree, model.semantic) { return carriesTransaction(p, model) }
        switch tree[e] {
        case .objectExpression(let properties):
            for prop in tree.list(properties) {
                switch tree[prop] {
                case .property(let key, let value, _, _):
                    // `{ transaction }`, `{ trx: t }`; `{ session }` (a database session) but not
                    // `{ session: req.session }` (express-session's record)
                    if let name = model.semantic.propertyName(key), !tree.isNullOrUndefined(value),
                       transactionFields.contains(name) || (name == "session" && tree.kind(tree.unwrap(value)) == .identifier) {
                        return true
                    }
                    if carriesTransaction(value, model, depth: depth + 1) { return true }
                case .spreadElement(let inner):
                    if carriesTransaction(inner, model, depth: depth + 1) { return true }
                default: break
                }
            }
            return false
        default:
            return false
        }
    }

    /// Property names that hold a transaction (`ctx.state.transaction`, `options.trx`); not `session`, which
    /// on a request is express-session's record.
    static let transactionFields: Set<String> = ["transaction", "trx", "tx", "txn"]

    /// `trx`, `session`, `ctx.state.transaction`, `options.transaction`, or a variable that holds a transaction.
    static func carriesTransaction(_ p: Path, _ model: FunctionModel) -> Bool {
        guard let last = p.props.last else { return transactionObjects.contains(p.root) || holdsTransaction(p, model) }
        return transactionFields.contains(last)
    }

    /// A variable of the function made with a transaction (`const ctx = createContext({ user, transaction })`,
    /// `const opts = { transaction: t }`), or one the function reads a transaction from (`ctx.state.transaction`
    /// in a handler that runs in the request's transaction).
    private static func holdsTransaction(_ p: Path, _ model: FunctionModel) -> Bool {
        let tree = model.tree
        guard model.isLocal(p.root), p.root != "this" else { return false }
        if let initial = model.initializers[p.root], initial.path.isEmpty {
            let e = unwrapAwait(initial.expression, tree)
            switch tree[e] {
            case .objectExpression:
                if carriesTransaction(e, model, depth: 1) { return true }
            case .call(_, _, let args, _):
                for a in tree.list(args) where tree.kind(tree.unwrap(a)) == .objectExpression {
                    if carriesTransaction(a, model, depth: 1) { return true }
                }
            default: break
            }
        }
        guard let (_, body, _) = tree.functionParts(model.function), let body else { return false }
        var found = false
        var budget = 20_000
        var stack = [body]
        while let n = stack.popLast(), budget > 0, !found {
            budget -= 1
            if case .member(_, let property, false, _) = tree[n], transactionFields.contains(tree.name(of: property)),
               let q = path(n, tree, model.semantic), q.root == p.root, q.binding == p.binding {
                found = true
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return found
    }
}
