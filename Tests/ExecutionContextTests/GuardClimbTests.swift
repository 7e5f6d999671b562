// The guard climbs (`ExecutionGuards.isDevelopmentOnly`, `isErrorPath`, `isAdminOnly`) read each enclosing
// node's kind before decoding it, and `isLifecycleHandler` reads kinds before decoding; here each is compared
// with the same test decoding every node, for every node of snippets with guards and lifecycle handlers of
// each kind and of every rule fixture.

@testable import ExecutionContext
import Foundation
import JSSyntax
import SourceText
import Testing

private let guardSnippets: [String] = [
    """
    function a(req, res) {
      if (process.env.NODE_ENV !== 'production') { console.log(req.body) } else { work() }
      if (options.debug) log(req); const v = isDev ? dump(req) : 0; verbose && trace(req)
      if (!config.isProduction) { inspect(req) } else if (env.isProd()) { run() }
      if (process.env.hasOwnProperty('CI')) { slow() }
      try { risky() } catch (err) { console.error(err) }
      if (err) { console.log(err); return }
      if (!res.ok) { console.log(res); throw new Error('x') }
      fetch(u).then(r => r.json(), e => console.log(e)).catch(function (e) { console.warn(e) })
    }
    """,
    """
    socket.on('settings', async (msg) => {
      if (!socket.user.isAdmin) return
      save(msg)
      if (isSuperAdmin(user)) { wipe() }
      if (!isAdmin) { throw new Error('no') }
      const f = () => { if (user.is_admin) { drop() } }
    })
    const x = a && b ? c : d; class K { m() { if (__DEV__) { check(this) } } }
    process.on('SIGTERM', shutdown); socket.once('restartServer', async () => { await reload() })
    bus.addListener('reloadConfig', function () { load() }); emitter.prependListener('shutdownNow', stop)
    io.on(`restart`, go); obj.on('restart'); obj['on']('restart', f); on('restart', f)
    """,
]

/// The repository root, from this file's location (Tests/ExecutionContextTests/GuardClimbTests.swift).
private let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Every JavaScript and TypeScript file under fixtures/rules, as (path, text).
private func ruleFixtures() -> [(String, String)] {
    let base = repositoryRoot + "/fixtures/rules"
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
    var out: [(String, String)] = []
    for case let relative as String in walker {
        guard [".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx"].contains(where: { relative.hasSuffix($0) }),
              let text = try? String(contentsOfFile: base + "/" + relative, encoding: .utf8) else { continue }
        out.append((relative, text))
    }
    return out.sorted { $0.0 < $1.0 }
}

/// The climbs as written before the kind checks: every enclosing node decoded.
private enum PlainGuards {
    static func isDevelopmentOnly(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        ExecutionGuards.climb(from: node, in: tree) { p, child in
            switch tree[p] {
            case .ifStatement(let test, let consequent, let alternate):
                if child == consequent, ExecutionGuards.testMeans(test, tree: tree, development: true) { return true }
                if child == alternate, ExecutionGuards.testMeans(test, tree: tree, development: false) { return true }
            case .conditional(let test, let consequent, let alternate):
                if child == consequent, ExecutionGuards.testMeans(test, tree: tree, development: true) { return true }
                if child == alternate, ExecutionGuards.testMeans(test, tree: tree, development: false) { return true }
            case .logical(let op, let left, let right) where child == right && op == .and:
                if ExecutionGuards.testMeans(left, tree: tree, development: true) { return true }
            case .functionDeclaration, .functionExpression, .arrowFunction, .program:
                return false
            default:
                break
            }
            return nil
        }
    }

    static func isErrorPath(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        ExecutionGuards.climb(from: node, in: tree) { p, child in
            switch tree[p] {
            case .catchClause:
                return true
            case .ifStatement(let test, let consequent, _) where child == consequent:
                if ExecutionGuards.ends(consequent, with: .throwStatement, tree) { return true }
                let t = tree.unwrap(test)
                if tree.kind(t) == .identifier, ["err", "error", "e", "ex"].contains(tree.name(of: t)) { return true }
            case .functionDeclaration, .functionExpression, .arrowFunction:
                if let call = tree.parent(p), case .call(let callee, _, let args, _) = tree[call],
                   case .member = tree[callee]
                {
                    let name = ExecutionGuards.memberName(callee, tree)
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

    static func isLifecycleHandler(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        var call = node
        if tree.kind(node).isFunction, let p = tree.parent(node) { call = p }
        guard case .call(let callee, _, let args, _) = tree[call],
              case .member(_, let property, false, _) = tree[callee],
              ["on", "once", "addListener", "prependListener"].contains(tree.name(of: property)),
              let first = tree.list(args).first, first != node, case .stringLiteral = tree[first] else { return false }
        return ExecutionGuards.isLifecycleEvent(tree.stringValue(of: first))
    }

    static func isAdminOnly(_ node: NodeID, in tree: SyntaxTree) -> Bool {
        ExecutionGuards.climb(from: node, in: tree) { p, child in
            switch tree[p] {
            case .ifStatement(let test, let consequent, _) where child == consequent:
                if ExecutionGuards.testsAdmin(test, tree: tree, admin: true) { return true }
            case .blockStatement(let statements):
                for s in tree.list(statements) {
                    if s == child { break }
                    if case .ifStatement(let test, let consequent, nil) = tree[s],
                       ExecutionGuards.ends(consequent, with: .returnStatement, tree)
                        || ExecutionGuards.ends(consequent, with: .throwStatement, tree),
                       ExecutionGuards.testsAdmin(test, tree: tree, admin: false) { return true }
                }
            case .program:
                return false
            default:
                break
            }
            return nil
        }
    }
}

@Suite struct GuardClimbTests {
    /// Compares the three climbs with the plain ones for every node; returns how many nodes each holds for.
    func compare(_ path: String, _ text: String) -> (development: Int, error: Int, admin: Int, lifecycle: Int) {
        let parse = Parser.parse(SourceFile(path: path, text: text), options: .forPath(path))
        let tree = parse.tree
        var counts = (development: 0, error: 0, admin: 0, lifecycle: 0)
        for k in 0..<tree.count {
            let node = NodeID(Int32(k))
            let development = ExecutionGuards.isDevelopmentOnly(node, in: tree)
            let error = ExecutionGuards.isErrorPath(node, in: tree)
            let admin = ExecutionGuards.isAdminOnly(node, in: tree)
            #expect(development == PlainGuards.isDevelopmentOnly(node, in: tree), "\(path) node \(k) \(tree.kind(node))")
            #expect(error == PlainGuards.isErrorPath(node, in: tree), "\(path) node \(k) \(tree.kind(node))")
            #expect(admin == PlainGuards.isAdminOnly(node, in: tree), "\(path) node \(k) \(tree.kind(node))")
            let lifecycle = ExecutionGuards.isLifecycleHandler(node, in: tree)
            #expect(lifecycle == PlainGuards.isLifecycleHandler(node, in: tree), "\(path) node \(k) \(tree.kind(node))")
            if lifecycle { counts.lifecycle += 1 }
            if development { counts.development += 1 }
            if error { counts.error += 1 }
            if admin { counts.admin += 1 }
        }
        return counts
    }

    @Test(arguments: guardSnippets.indices)
    func climbsAgreeWithPlainClimbsOnSnippets(_ i: Int) {
        let counts = compare("t.js", guardSnippets[i])
        // each snippet has nodes where some climb holds (the comparison is not only of `false`)
        #expect(counts.development + counts.error + counts.admin + counts.lifecycle > 0)
        if i == 1 { #expect(counts.admin > 0 && counts.lifecycle > 0) }
    }

    @Test func climbsAgreeWithPlainClimbsOnRuleFixtures() {
        let files = ruleFixtures()
        #expect(files.count > 100)
        var total = (development: 0, error: 0, admin: 0, lifecycle: 0)
        for (path, text) in files {
            let c = compare(path, text)
            total.development += c.development
            total.error += c.error
            total.admin += c.admin
            total.lifecycle += c.lifecycle
        }
        #expect(total.development > 0 && total.error > 0 && total.admin > 0)
    }
}
