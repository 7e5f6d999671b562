// Error guards between independent reads: `if (!survey) throw new Error('not found')` or
// `if (settings.maintenance?.enabled) return res.status(503).json(...)` after an awaited lookup. Such a
// check fails the request when the record it looked up is missing or marks the service as down; a later
// read of something else does not depend on it, and starting that read before the check only does work
// the failing request throws away. A group of reads may reach past such a guard (the guard then runs
// after the `Promise.all`), within the limits `mayPass` sets.

import JSSemantic
import JSSyntax

extension SerialAwait {
    /// An `if` without `else` whose test waits for nothing and calls only what reads, and whose branch fails
    /// the request: it throws, or it returns an error response (`failsRequest`).
    static func isErrorGuard(_ stmt: NodeID, _ model: FunctionModel) -> Bool {
        let tree = model.tree
        guard case .ifStatement(let test, let consequent, nil) = tree[stmt] else { return false }
        let t = model.facts(test)
        guard t.awaits.isEmpty, t.writes.isEmpty, t.softWrites.isEmpty, !t.exits,
              t.calls.allSatisfy(\.onlyReads) else { return false }
        // the branch writes nothing but the answer (`res.set(...)`, `res.write(...)`)
        let body = model.facts(consequent)
        guard body.awaits.isEmpty, !body.calls.contains(where: {
            ($0.verb == .mutating && !answerRoots.contains($0.base ?? "")) || $0.isDelay || $0.isLock || $0.isTransaction
        }) else { return false }
        return failsRequest(consequent, tree)
    }

    /// `throw ...`, `return res.status(404).json(...)`, or a block ending in one, whose earlier statements only
    /// prepare the answer: declarations, response and console calls, and `if` branches that answer the same
    /// failure another way and return (a streaming client's error event).
    static func failsRequest(_ stmt: NodeID, _ tree: SyntaxTree) -> Bool {
        switch tree[stmt] {
        case .throwStatement:
            return true
        case .returnStatement(let argument?):
            return isErrorResponse(tree.unwrap(argument), tree)
        case .blockStatement(let body):
            let statements = tree.list(body)
            guard let last = statements.last, failsRequest(last, tree) else { return false }
            return statements.dropLast().allSatisfy { preparesAnswer($0, tree) }
        default:
            return false
        }
    }

    /// A statement inside an error branch before its exit: a declaration, a call on the response or the
    /// console, or an `if` (no `else`) whose branch answers and returns.
    private static func preparesAnswer(_ stmt: NodeID, _ tree: SyntaxTree) -> Bool {
        switch tree[stmt] {
        case .variableDeclaration:
            return isLexicalDeclaration(stmt, tree)
        case .expressionStatement(let e, _):
            return isAnswerCall(tree.unwrap(e), tree)
        case .ifStatement(_, let consequent, nil):
            var statements = [consequent]
            if case .blockStatement(let body) = tree[consequent] { statements = Array(tree.list(body)) }
            guard let last = statements.last else { return false }
            let exits: Bool
            switch tree[last] {
            case .throwStatement: exits = true
            case .returnStatement(let argument?): exits = isAnswerCall(tree.unwrap(argument), tree)
            default: exits = false
            }
            return exits && statements.dropLast().allSatisfy { preparesAnswer($0, tree) }
        default:
            return false
        }
    }

    /// The names of the objects an HTTP handler answers through (Express/Koa `res`, Fastify `reply`).
    static let answerRoots: Set<String> = ["res", "response", "reply"]

    /// `res.write(...)`, `res.set({...}).flushHeaders()`, `console.warn(...)`: a call on a chain rooted at the
    /// response or the console.
    private static func isAnswerCall(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
        guard tree.kind(expr) == .call, let base = baseNode(expr, tree), tree.kind(base) == .identifier else { return false }
        let name = tree.name(of: base)
        return answerRoots.contains(name) || name == "console"
    }

    /// An answer with an error status the guard's failure calls for: `res.status(404).json(...)`,
    /// `res.sendStatus(400)`, `reply.code(503).send()`, `NextResponse.json(body, { status: 404 })`,
    /// `new Response(text, { status: 503 })`. Statuses that refuse the caller (401, 403, 429) are left out: those
    /// checks exist so that refused requests do no work.
    static func isErrorResponse(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
        var c = expr
        for _ in 0..<8 {
            let callee: NodeID, arguments: [NodeID]
            switch tree[c] {
            case .call(let f, _, let args, _): callee = tree.unwrap(f); arguments = Array(tree.list(args))
            case .new(let f, _, let args): callee = tree.unwrap(f); arguments = Array(tree.list(args))
            default: return false
            }
            // `Response.json(body, init)`, `NextResponse.json(...)`, `new Response(body, init)`
            if let last = arguments.last, arguments.count >= 2, isFetchResponse(callee, tree) {
                return errorStatus(ofInit: tree.unwrap(last), tree)
            }
            guard case .member(let object, let property, false, _) = tree[callee], tree.kind(property) == .identifier else { return false }
            if ["status", "sendStatus", "code"].contains(tree.name(of: property)), let first = arguments.first,
               let code = statusCode(tree.unwrap(first), tree) {
                guard let base = baseNode(c, tree), tree.kind(base) == .identifier, answerRoots.contains(tree.name(of: base)) else { return false }
                return isFailureStatus(code)
            }
            c = tree.unwrap(object)
        }
        return false
    }

    private static func isFetchResponse(_ callee: NodeID, _ tree: SyntaxTree) -> Bool {
        let responses = ["Response", "NextResponse"]
        switch tree[callee] {
        case .identifier:
            return responses.contains(tree.name(of: callee))
        case .member(let object, let property, false, _):
            let o = tree.unwrap(object)
            return tree.kind(o) == .identifier && responses.contains(tree.name(of: o)) && tree.kind(property) == .identifier
                && tree.name(of: property) == "json"
        default:
            return false
        }
    }

    /// `{ status: 404 }`
    private static func errorStatus(ofInit node: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .objectExpression(let properties) = tree[node] else { return false }
        for p in tree.list(properties) {
            guard case .property(let key, let value, _, _) = tree[p], tree.kind(key) == .identifier, tree.name(of: key) == "status",
                  let code = statusCode(tree.unwrap(value), tree) else { continue }
            return isFailureStatus(code)
        }
        return false
    }

    private static func statusCode(_ node: NodeID, _ tree: SyntaxTree) -> Int? {
        guard tree.kind(node) == .numericLiteral else { return nil }
        return Int(tree.text(node))
    }

    /// A status that says the request failed (not found, bad input, conflict, unavailable), but not one that
    /// refuses the caller: 401, 403 and 429 answer checks whose purpose is to spare the work that follows.
    private static func isFailureStatus(_ code: Int) -> Bool {
        code >= 400 && code < 600 && ![401, 403, 407, 429].contains(code)
    }

    /// Word stems that say a guard refuses the caller rather than reports a missing record: authentication,
    /// authorization, sessions, memberships, roles, credentials (`if (!session) throw ...`, `throw new
    /// AuthorizationError(...)`, `'[[error:no-privileges]]'`, a lookup `getMembership(...)` or
    /// `comparePassword(...)`). Such a check exists so that a refused request does no more work.
    static let refusalStems: [[UInt8]] = [
        "auth", "unauth", "forbid", "permission", "privilege", "allowed", "access", "session", "member", "role",
        "credential", "password", "token", "challenge", "login", "owner", "admin",
    ].map { Array($0.utf8) }

    /// The stems of `refusalStems` that name what a caller may do (privileges, permissions, roles, memberships,
    /// ownership, admin rights) rather than who the caller is (sessions, tokens, passwords, logins): reading them
    /// is a lookup like any other (`privileges.admin.can('admin:groups', uid)`).
    static let accessStems: Set<[UInt8]> = Set([
        "forbid", "permission", "privilege", "allowed", "access", "member", "role", "owner", "admin",
    ].map { Array($0.utf8) })

    /// `refusalStems` less `accessStems`: credential work (`hashPassword`, `getServerSession`, `verifyToken`).
    static let credentialStems: [[UInt8]] = refusalStems.filter { !accessStems.contains($0) }

    /// Whether a word of the source in `range` (identifiers split at camelCase and `_`, the words of string
    /// literals and comments alike) starts with one of `stems` (`refusalStems` unless told), case aside.
    static func mentionsRefusal(_ range: Range<Int>, _ bytes: [UInt8], stems: [[UInt8]] = refusalStems) -> Bool {
        var i = range.lowerBound
        let end = min(range.upperBound, bytes.count)
        while i < end {
            // the start of a word: a letter after a non-letter, or an upper-case letter after a lower-case one
            let b = bytes[i]
            let isUpper = b >= 0x41 && b <= 0x5A, isLower = b >= 0x61 && b <= 0x7A
            guard isUpper || isLower else { i += 1; continue }
            let prev: UInt8 = i > range.lowerBound ? bytes[i - 1] : 0x20
            let prevLower = prev >= 0x61 && prev <= 0x7A, prevUpper = prev >= 0x41 && prev <= 0x5A
            let startsWord = !(prevLower || prevUpper) || (isUpper && prevLower)
            if startsWord {
                for stem in stems where i + stem.count <= end {
                    var k = 0
                    while k < stem.count {
                        var c = bytes[i + k]
                        if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                        if c != stem[k] { break }
                        k += 1
                    }
                    if k == stem.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// Whether the callee of a call (the tag of a tagged template) says it refuses callers or handles
    /// credentials (`mentionsRefusal`): `getServerSession`, `comparePassword`, `privileges.admin.can`; with
    /// `stems: credentialStems`, only the credential work among them.
    static func calleeMentionsRefusal(_ call: NodeID, _ tree: SyntaxTree, stems: [[UInt8]] = refusalStems) -> Bool {
        let callee: NodeID
        switch tree[call] {
        case .call(let f, _, _, _), .new(let f, _, _): callee = f
        case .taggedTemplate(let tag, _, _): callee = tag
        default: return false
        }
        let r = tree.range(callee)
        return mentionsRefusal(Int(r.start)..<Int(r.end), tree.file.bytes, stems: stems)
    }

    /// A later read of what the caller may do, kept for a check further on (`const isCallerAdmin = await
    /// privileges.admin.can('admin:groups', caller.uid)`, `const role = await getRole(uid)`): the statement keeps
    /// the result (a declaration or an assignment; an awaited check whose result is dropped is the guard itself,
    /// `isGuard`), its callee reads by its name and speaks of no credential (`credentialStems`). Such a lookup
    /// refuses nobody: the check that does comes after it, on its result, and keeps its place.
    static func readsAccess(_ member: AwaitStatement, _ call: NodeID, _ model: FunctionModel) -> Bool {
        switch member.shape {
        case .declaration, .assignment: break
        default: return false
        }
        guard model.file.describe(call).verb == .reading else { return false }
        return !calleeMentionsRefusal(call, model.tree, stems: credentialStems)
    }

    /// Names of checks whose answer decides whether the caller may go on (`const allowed = await canEdit(uid)`):
    /// a guard on such an answer refuses the caller, and the work after it is spared on purpose.
    static func isPredicateName(_ name: String) -> Bool {
        let predicates = ["is", "has", "can", "does", "should", "may", "check", "verify", "validate", "authorize",
                          "authorise", "authenticate", "allow", "permit", "compare", "match"]
        var n = Substring(name)
        while n.hasPrefix("_") || n.hasPrefix("#") { n = n.dropFirst() }
        for p in predicates where n.hasPrefix(p) {
            if n.count == p.count { return true }
            let next = n[n.index(n.startIndex, offsetBy: p.count)]
            if next.isUppercase || next == "_" { return true }
        }
        return false
    }
}
