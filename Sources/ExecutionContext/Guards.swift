// Where a statement runs inside a function: only outside production (under a debug or development check),
// or only when something failed (a catch clause). Shared by the families: "code under a non-production
// environment check is not reported", and error-path logging is what error paths are for.

import JSSyntax
import SourceText

public enum ExecutionGuards {
    /// Identifiers and member names that, tested in an `if`, mean a development or debugging branch.
    static let developmentWords: Set<String> = [
        "debug", "isDebug", "debugMode", "DEBUG", "isDev", "isDevelopment", "dev", "development", "__DEV__",
        "verbose", "loadTest", "isTest", "isTesting", "isLocal", "devMode", "enableDebug",
        // continuous integration and test runners: `process.env.CI`, `process.env.hasOwnProperty('CI')`
        "CI", "JEST_WORKER_ID", "VITEST",
        // a logger asked whether its debug level is on (`logger.isDebugEnabled()`, log4js and winston-style)
        "isDebugEnabled", "isTraceEnabled",
    ]
    /// Names meaning production: their `else` branch (or a negated test) is development-only.
    static let productionWords: Set<String> = ["isProduction", "isProd", "production", "IS_PRODUCTION", "PROD"]

    /// Whether `node` sits in a branch that runs only outside production: `if (options.debug) { ... }`,
    /// `if (process.env.NODE_ENV !== 'production') { ... }`, the `else` of `if (env.isProduction)`.
    /// Bounded by the tree's depth (parents are an array, the loop climbs at most 256 levels).
    public static func isDevelopmentOnly(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        climb(from: node, in: tree) { p, child in
            // the kind first: most enclosing nodes are none of these, and decoding each costs more than its kind
            switch tree.kind(p) {
            case .ifStatement, .conditional, .logical: break
            case .functionDeclaration, .functionExpression, .arrowFunction, .program: return false
            default: return nil
            }
            switch tree[p] {
            case .ifStatement(let test, let consequent, let alternate):
                if child == consequent, testMeans(test, tree: tree, development: true) { return true }
                if child == alternate, testMeans(test, tree: tree, development: false) { return true }
            case .conditional(let test, let consequent, let alternate):
                if child == consequent, testMeans(test, tree: tree, development: true) { return true }
                if child == alternate, testMeans(test, tree: tree, development: false) { return true }
            case .logical(let op, let left, let right) where child == right && op == .and:
                if testMeans(left, tree: tree, development: true) { return true }
            case .functionDeclaration, .functionExpression, .arrowFunction, .program:
                return false
            default:
                break
            }
            return nil
        }
    }

    /// Whether a function can end the process: a call of `process.exit(...)`, or of an `exit...` method of its own
    /// object (`this.exitCli(code)`, `that.`, `self.`), in its body or a callback in it, outside `besides` (a
    /// listener the function adds, which may exit when its event comes). A command-line command does (pm2's
    /// `CLI.generateSample()`, `Client.executeRemote()`); an operation its caller repeats does not.
    public static func endsProcess(_ fn: NodeID, besides excluded: NodeID? = nil, in tree: SyntaxTree) -> Bool {
        let r = tree.range(fn)
        let skip = excluded.map { tree.range($0) }
        for call in tree.nodes(ofKind: .call) {
            let cr = tree.range(call)
            guard cr.start >= r.start, cr.end <= r.end else { continue }
            if let s = skip, cr.start >= s.start, cr.end <= s.end { continue }
            guard case .call(let callee, _, _, _) = tree[call], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)]
            else { continue }
            let method = tree.name(of: property)
            guard method.hasPrefix("exit") else { continue }
            let o = tree.unwrap(object)
            switch tree.kind(o) {
            case .identifier:
                let base = tree.name(of: o)
                if (method == "exit" && base == "process") || base == "that" || base == "self" { return true }
            case .thisExpression:
                return true
            default:
                continue
            }
        }
        return false
    }

    /// Climbs from `node` towards the program, at most 256 levels (parents are an array: no recursion), handing
    /// `step` each enclosing node and the child the climb came from: an answer ends the climb, nil climbs on;
    /// false past the top or the bound.
    public static func climb(from node: NodeID, in tree: SyntaxTree, _ step: (_ parent: NodeID, _ child: NodeID) -> Bool?) -> Bool {
        var child = node
        var steps = 0
        while let p = tree.parent(child), steps < 256 {
            steps += 1
            if let answer = step(p, child) { return answer }
            child = p
        }
        return false
    }

    /// Whether `node` runs only when an error was caught or is about to be thrown: inside a catch clause of
    /// its own function, a `.catch(...)` callback, a branch that ends in `throw`, or the `if (err)` branch
    /// of an error-first callback.
    public static func isErrorPath(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        climb(from: node, in: tree) { p, child in
            // the kind first (as in `isDevelopmentOnly`)
            switch tree.kind(p) {
            case .catchClause, .ifStatement, .functionDeclaration, .functionExpression, .arrowFunction, .program: break
            default: return nil
            }
            switch tree[p] {
            case .catchClause:
                return true
            case .ifStatement(let test, let consequent, _) where child == consequent:
                // a branch that ends by throwing (`if (!res.ok) { console.log(res); throw ... }`), or the
                // error branch of an error-first callback (`if (err) { ... }`)
                if ends(consequent, with: .throwStatement, tree) { return true }
                let t = tree.unwrap(test)
                if tree.kind(t) == .identifier, ["err", "error", "e", "ex"].contains(tree.name(of: t)) { return true }
            case .functionDeclaration, .functionExpression, .arrowFunction:
                // a callback given to `.catch(...)` or as `then`'s second argument
                if let call = tree.parent(p), case .call(let callee, _, let args, _) = tree[call],
                   case .member = tree[callee]
                {
                    let name = memberName(callee, tree)
                    if name == "catch" { return true }
                    if name == "then", tree.list(args).count == 2, tree.list(args).last == p { return true }
                }
                return false
            case .program:
                return false
            default:
                break
            }
            return nil
        }
    }

    /// Whether a statement is, or a block ends with, a statement of `kind` (`throw`, `return`).
    public static func ends(_ statement: NodeID, with kind: NodeKind, _ tree: SyntaxTree) -> Bool {
        switch tree[statement] {
        case .blockStatement(let body): return tree.list(body).last.map { tree.kind($0) == kind } ?? false
        default: return tree.kind(statement) == kind
        }
    }

    static func memberName(_ member: NodeID, _ tree: SyntaxTree) -> String? {
        guard case .member(_, let property, let computed, _) = tree[member], !computed else { return nil }
        return tree.name(of: property)
    }

    /// Whether `test` being true means development (`development: true`) or production (`false`).
    static func testMeans(_ test: NodeID, tree: SyntaxTree, development: Bool) -> Bool {
        switch tree[test] {
        case .unary(let op, let argument) where op == .not:
            return testMeans(argument, tree: tree, development: !development)
        case .logical(let op, let left, let right):
            // `a && b` true means both true; `a || b` false means both false
            if op == .and && development { return testMeans(left, tree: tree, development: true) || testMeans(right, tree: tree, development: true) }
            if op == .or && !development { return testMeans(left, tree: tree, development: false) || testMeans(right, tree: tree, development: false) }
            return false
        case .identifier:
            let name = tree.name(of: test)
            return development ? developmentWords.contains(name) : productionWords.contains(name)
        case .member(let object, _, _, _):
            guard let name = memberName(test, tree) else { return false }
            // `debug.enabled`: a `debug` logger's switch, on only when an operator sets DEBUG to trace it
            if name == "enabled", development {
                let o = tree.unwrap(object)
                let owner = tree.kind(o) == .identifier ? tree.name(of: o) : memberName(o, tree)
                if let owner, developmentWords.contains(owner) { return true }
            }
            return development ? developmentWords.contains(name) : productionWords.contains(name)
        case .call(let callee, _, let args, _):
            // process.env.hasOwnProperty('CI')
            if memberName(callee, tree) == "hasOwnProperty", let first = tree.list(args).first,
               case .stringLiteral = tree[first] {
                let key = tree.stringValue(of: first)
                return development ? developmentWords.contains(key) : productionWords.contains(key)
            }
            // isDev(), env.isProduction()
            switch tree[callee] {
            case .identifier: let n = tree.name(of: callee); return development ? developmentWords.contains(n) : productionWords.contains(n)
            case .member: guard let n = memberName(callee, tree) else { return false }; return development ? developmentWords.contains(n) : productionWords.contains(n)
            default: return false
            }
        case .binary(let op, let left, let right):
            // NODE_ENV === 'development' / !== 'production' / === 'production'
            guard let (envSide, literal) = envComparison(left, right, tree) else { return false }
            _ = envSide
            let isEq = op == .strictEqual || op == .equal
            let isNe = op == .strictNotEqual || op == .notEqual
            guard isEq || isNe else { return false }
            let value = literal.lowercased()
            let devValue = ["development", "dev", "test", "local"].contains(value)
            let prodValue = ["production", "prod"].contains(value)
            if development {
                return (isEq && devValue) || (isNe && prodValue)
            } else {
                return (isEq && prodValue) || (isNe && devValue)
            }
        default:
            return false
        }
    }

    /// `process.env.NODE_ENV == 'x'` (either side), `env.ENVIRONMENT === 'x'`, `config.env === 'x'`.
    static func envComparison(_ a: NodeID, _ b: NodeID, _ tree: SyntaxTree) -> (NodeID, String)? {
        func isEnv(_ n: NodeID) -> Bool {
            guard let name = memberName(n, tree) ?? (tree.kind(n) == .identifier ? tree.name(of: n) : nil) else { return false }
            return ["NODE_ENV", "ENVIRONMENT", "env", "environment", "APP_ENV", "mode"].contains(name)
        }
        if case .stringLiteral = tree[b], isEnv(a) { return (a, tree.stringValue(of: b)) }
        if case .stringLiteral = tree[a], isEnv(b) { return (b, tree.stringValue(of: a)) }
        return nil
    }

    /// Names that, tested in a guard, mean the caller is an administrator: `isAdmin`, `is_admin`,
    /// `user.isAdministrator(uid)`, `isSuperAdmin`.
    static let adminWords: Set<String> = ["isadmin", "isadministrator", "issuperadmin", "issuperuser", "admin"]

    /// Whether `node` runs only for an administrator: it lies after `if (!isAdmin) return` (or a branch
    /// ending in `throw`) in one of its enclosing functions, or inside `if (isAdmin) { ... }`. etherpad's
    /// settings socket returns from its connection handler unless `socket.conn.request.session.user.is_admin`,
    /// so every event handler registered after that serves only administrators. Climbs at most 256 levels and
    /// reads the statements before each level's position.
    public static func isAdminOnly(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        climb(from: node, in: tree) { p, child in
            // the kind first (as in `isDevelopmentOnly`)
            switch tree.kind(p) {
            case .ifStatement, .blockStatement, .program: break
            default: return nil
            }
            switch tree[p] {
            case .ifStatement(let test, let consequent, _) where child == consequent:
                if testsAdmin(test, tree: tree, admin: true) { return true }
            case .blockStatement(let statements):
                for s in tree.list(statements) {
                    if s == child { break }
                    if case .ifStatement(let test, let consequent, nil) = tree[s],
                       ends(consequent, with: .returnStatement, tree) || ends(consequent, with: .throwStatement, tree),
                       testsAdmin(test, tree: tree, admin: false) { return true }
                }
            case .program:
                return false
            default:
                break
            }
            return nil
        }
    }

    /// `admin: true`: whether `test` being true means the caller is an administrator; `admin: false`:
    /// whether `test` being false does.
    static func testsAdmin(_ test: NodeID, tree: SyntaxTree, admin: Bool) -> Bool {
        let t = tree.unwrap(test)
        switch tree[t] {
        case .unary(.not, let argument):
            return testsAdmin(argument, tree: tree, admin: !admin)
        case .await(let argument):
            return testsAdmin(argument, tree: tree, admin: admin)
        case .logical(let op, let left, let right):
            // `!user || !user.isAdmin` false: both false; `user && user.isAdmin` true: both true
            guard (op == .or && !admin) || (op == .and && admin) else { return false }
            return testsAdmin(left, tree: tree, admin: admin) || testsAdmin(right, tree: tree, admin: admin)
        case .identifier, .member:
            return admin && adminName(t, tree)
        case .call(let callee, _, _, _):
            return admin && adminName(tree.unwrap(callee), tree)
        default:
            return false
        }
    }

    static func adminName(_ n: NodeID, _ tree: SyntaxTree) -> Bool {
        let name: String
        switch tree[n] {
        case .identifier: name = tree.name(of: n)
        case .member: guard let m = memberName(n, tree) else { return false }; name = m
        default: return false
        }
        return adminWords.contains(String(name.lowercased().filter { $0 != "_" }))
    }

    /// Events that restart, reload the configuration of or shut down the server (an admin's
    /// `restartServer`): their handlers run start-up code again, not request handling.
    public static func isLifecycleEvent(_ event: String) -> Bool {
        let e = event.lowercased()
        return e.hasPrefix("restart") || e.hasPrefix("shutdown")
            || ["reloadsettings", "reloadconfig", "reloadconfiguration", "reloadplugins"].contains(e)
    }

    /// Hooks a bundler or site builder calls while it builds, keyed by name in the plugin object a package
    /// hands it: Astro's integration hooks (`'astro:build:done'`, `'astro:config:setup'`), and Rollup's and
    /// Vite's build hooks (`buildStart`, `generateBundle`, `writeBundle`, `configureServer`, ...). They run
    /// in the build or the development server, not while a program serves traffic.
    static let buildHookNames: Set<String> = [
        "buildStart", "buildEnd", "generateBundle", "writeBundle", "closeBundle", "renderStart", "renderChunk",
        "configResolved", "configureServer", "configurePreviewServer", "transformIndexHtml", "handleHotUpdate",
    ]

    /// Whether `node` is a function given as a build tool's hook (`buildHookNames`, or a key starting with
    /// `astro:`) in an object literal.
    public static func isBuildHook(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        guard tree.kind(node).isFunction, let p = tree.parent(node), tree.kind(p) == .property,
              case .property(let key, let value, _, let flags) = tree[p], value == node, !flags.contains(.computed) else { return false }
        let name: String
        switch tree.kind(key) {
        case .identifier: name = tree.name(of: key)
        case .stringLiteral: name = tree.stringValue(of: key)
        default: return false
        }
        return name.hasPrefix("astro:") || buildHookNames.contains(name)
    }

    /// Whether `node` registers a lifecycle event's handler or is that handler (a build tool's hook, `isBuildHook`, too):
    /// `socket.on('restartServer', async () => ...)` (the call, as a call-graph edge's site, or the function).
    public static func isLifecycleHandler(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        if isBuildHook(node, in: tree) { return true }
        var call = node
        if tree.kind(node).isFunction, let p = tree.parent(node) { call = p }
        // kinds before decoding, and the event's string before the method's name: most nodes asked about
        // (call sites of the call graph) are calls of other shapes
        guard tree.kind(call) == .call, case .call(let callee, _, let args, _) = tree[call],
              tree.kind(callee) == .member, case .member(_, let property, false, _) = tree[callee],
              let first = tree.list(args).first, first != node, tree.kind(first) == .stringLiteral else { return false }
        switch tree.name(of: property) {
        case "on", "once", "addListener", "prependListener": return isLifecycleEvent(tree.stringValue(of: first))
        default: return false
        }
    }
}
