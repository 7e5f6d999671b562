// listener-leak/interval (page: rules/listener-leak/interval.md): `setInterval` started on a request path whose handle is never cleared.

import Diagnostics
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct ListenerLeakIntervalRule: Rule {
    static let id: RuleID = "listener-leak/interval"

    static let clearing: Set<String> = ["clearInterval", "clearTimeout"]
    /// Methods of a timer handle that neither clear it nor hand it out.
    static let handleMethods: Set<String> = ["unref", "ref", "refresh", "hasRef"]

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        paths.forEachReachedUnit(ctx) { unit, scopes, ctx in
            let tree = unit.tree
            var intervals: [NodeID] = []
            var clearedTexts: Set<String> = []
            for id in tree.nodes(ofKind: .call) {
                guard case .call(let callee, _, let args, _) = tree[id] else { continue }
                // a method's timer name is its own name: only these three are read below (its bytes compared, no
                // declaration looked up for the receiver)
                if case let c = tree.unwrap(callee), tree.kind(c) == .member, case .member(_, let property, false, _) = tree[c],
                   !tree.nameIs(property, "setInterval"), !tree.nameIs(property, "clearInterval"), !tree.nameIs(property, "clearTimeout") {
                    continue
                }
                guard let timer = scopes.timerFunctionName(callee) else { continue }
                if timer == "setInterval" { intervals.append(id) }
                if ListenerLeakIntervalRule.clearing.contains(timer), let first = tree.list(args).first {
                    clearedTexts.insert(scopes.normalizedText(first))
                }
            }
            for call in intervals.sorted(by: { tree.range($0).start < tree.range($1).start }) {
                guard let entry = paths.entry(of: call, in: unit), isLeaking(call, scopes, clearedTexts) else { continue }
                // a client's message handler starts its heartbeat on the server's hello (discord.js's gateway, op 10
                // and READY): once per connection, not per message (2 of 2 such findings on the fix commits' trees
                // false), so Node's per-operation hooks are no request path for this rule
                if entry.perOperation { continue }
                var trace = entry.trace
                trace.append(unit.step(call, "setInterval(...) starts a timer per request"))
                ctx.report(unit, call, Report(
                    "setInterval started on every request in \(entry.label) and never cleared; each request leaves a timer running that keeps its callback and everything it holds alive",
                    fix: Fix(description: "keep the handle and call clearInterval(handle) when the request ends (on res 'close' or in a finally block), or start one interval at module level"),
                    trace: trace, evidence: ["handler": .string(entry.label), "context": .string(entry.context)]))
            }
        }
    }

    /// Whether the interval's handle is dropped, or kept where nothing clears it.
    func isLeaking(_ call: NodeID, _ scopes: LeakScopes, _ clearedTexts: Set<String>) -> Bool {
        let tree = scopes.tree
        // `setInterval(...).unref()` keeps the same timer.
        var value = call
        while let p = tree.parent(value), case .member(_, let property, false, _) = tree[p],
              ListenerLeakIntervalRule.handleMethods.contains(tree.name(of: property)),
              let c = tree.parent(p), tree.kind(c) == .call {
            value = c
        }
        guard let parent = tree.parent(value) else { return false }
        switch tree[parent] {
        case .expressionStatement:
            return true
        case .variableDeclarator(let target, _, _):
            guard tree.kind(target) == .identifier, let b = scopes.semantic.binding(for: target) else { return false }
            return !handleIsClearedOrShared(b, scopes, interval: call)
        case .assignment(.assign, let left, let right) where right == value:
            if tree.kind(left) == .identifier, let b = scopes.semantic.binding(for: left) {
                return !handleIsClearedOrShared(b, scopes, interval: call)
            }
            return !clearedTexts.contains(scopes.normalizedText(left))
        default:
            return false
        }
    }

    /// Whether a handle variable reaches clearInterval, or goes somewhere we cannot follow. A clear in the
    /// interval's own callback that waits for a flag which may stay put once the connection is gone does
    /// not count (`selfClearMayNeverRun`).
    func handleIsClearedOrShared(_ b: BindingID, _ scopes: LeakScopes, interval: NodeID) -> Bool {
        let tree = scopes.tree
        for r in scopes.semantic.references(of: b) where r.flags.contains(.read) {
            guard let p = tree.parent(r.node) else { return true }
            switch tree[p] {
            case .call(let callee, _, _, _) where callee != r.node:
                // a clear that may never run does not count; any other call may keep the handle
                if ListenerLeakIntervalRule.clearing.contains(where: { scopes.isTimerFunction(callee, $0) }),
                   selfClearMayNeverRun(p, interval: interval, scopes) { continue }
                return true
            case .member(_, let property, false, _) where ListenerLeakIntervalRule.handleMethods.contains(tree.name(of: property)):
                continue
            default:
                return true
            }
        }
        return false
    }

    /// A clear inside the interval's own callback, under `if (flag)` / `if (!flag)` on a local `let`/`var`
    /// of the function that starts the interval, where nothing guarantees the flag ever takes the clearing
    /// value once the connection is gone: the callback sets it that way only under another condition (not
    /// on every tick it does not clear), and code outside the callback (a 'pong' listener) only ever sets
    /// the other literal. y-websocket's ping: `if (!pongReceived) clearInterval(ping) else if
    /// (doc.conns.has(conn)) { pongReceived = false; conn.ping() }` with `conn.on('pong', () =>
    /// pongReceived = true)`; after a last pong and a close, neither branch runs again. A test on anything
    /// else (the connection's state, a call, a member, a counter) may become true and counts as a clear.
    func selfClearMayNeverRun(_ clear: NodeID, interval: NodeID, _ scopes: LeakScopes) -> Bool {
        let tree = scopes.tree
        guard case .call(_, _, let args, _) = tree[interval], let first = tree.list(args).first else { return false }
        let callback = tree.unwrap(first)
        guard tree.kind(callback).isFunction, scopes.contains(callback, clear), let outer = tree.enclosingFunction(of: interval)
        else { return false }
        // the one `if` the clear waits on, met on the way up to the callback without crossing another function
        var guardIf: NodeID?
        var child = clear
        var steps = 0
        while let n = tree.parent(child), n != callback, steps < 256 {
            steps += 1
            if tree.kind(n).isFunction { return false }
            switch tree[n] {
            case .ifStatement(let test, _, _):
                if test == child || guardIf != nil { return false }
                guardIf = n
            case .conditional, .logical, .switchStatement, .whileStatement, .doWhileStatement, .forStatement,
                 .forInStatement, .forOfStatement, .tryStatement:
                return false
            default:
                break
            }
            child = n
        }
        guard let guardIf, case .ifStatement(let test, _, _) = tree[guardIf] else { return false }
        // the flag and the value it must have for the clear to run
        var flag = tree.unwrap(test)
        var clearsWhen = true
        if case .unary(.not, let argument) = tree[flag] {
            flag = tree.unwrap(argument)
            clearsWhen = false
        }
        guard tree.kind(flag) == .identifier, let b = scopes.semantic.binding(for: flag) else { return false }
        let binding = scopes.semantic.binding(b)
        guard binding.kind == .let || binding.kind == .var, tree.enclosingFunction(of: binding.declarationNode) == outer
        else { return false }
        var setOutside = false
        for w in scopes.semantic.writes(of: b) {
            guard let assignment = tree.parent(w), case .assignment(.assign, let left, let right) = tree[assignment], left == w,
                  case .booleanLiteral(let value) = tree[tree.unwrap(right)] else { return false }
            let inside = scopes.contains(callback, assignment)
            if value != clearsWhen {
                if !inside { setOutside = true }
                continue
            }
            // the clearing value set outside the callback (a 'close' listener) or on every tick it does not
            // clear: the clear runs
            guard inside, isConditional(assignment, within: callback, except: guardIf, tree) else { return false }
        }
        return setOutside
    }

    /// Whether `node` runs only under a condition or loop of its own inside `function` (the `if` the clear
    /// waits on does not count: its other branch runs on every tick that does not clear).
    func isConditional(_ node: NodeID, within function: NodeID, except guardIf: NodeID, _ tree: SyntaxTree) -> Bool {
        var up = tree.parent(node)
        var steps = 0
        while let n = up, n != function, steps < 256 {
            steps += 1
            if tree.kind(n).isFunction { return true }
            switch tree[n] {
            case .ifStatement where n != guardIf:
                return true
            case .conditional, .logical, .switchStatement, .whileStatement, .doWhileStatement, .forStatement,
                 .forInStatement, .forOfStatement, .tryStatement:
                return true
            default:
                break
            }
            up = tree.parent(n)
        }
        return false
    }
}

