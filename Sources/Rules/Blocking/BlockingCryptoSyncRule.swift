// blocking/crypto-sync (page: rules/blocking/crypto-sync.md): synchronous key derivation, hashing and
// random generation of the page's table on the path of a request handler. This file decides what is
// cheap enough to pass (random bytes of a small constant size, `randomInt`, `randomUUID`) and when a
// call with a callback is the asynchronous form. The shared search is in BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingCryptoSyncRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/crypto-sync"

    static func blocks(_ c: BlockingCall) -> Bool {
        if isCheap(c) { return false }
        // `crypto.sign(algorithm, data, key, callback)` / `crypto.verify(algorithm, data, key, signature, callback)`:
        // the asynchronous form has one argument more than the synchronous one
        if c.api.path == ["sign"] { return c.args.count < 4 }
        if c.api.path == ["verify"] { return c.args.count < 5 }
        // `crypto.randomBytes(n, callback)` is the asynchronous form
        if c.api.condition == .withoutCallback {
            guard let last = c.args.last else { return true }
            // `randomBytes(size)` with a lone parameter: a size or the callback, decided from the callers
            // (blocksInProject)
            if c.args.count == 1, isParameter(last, sem: c.sem) { return true }
            return !isCallback(last, sem: c.sem)
        }
        return !(c.isNew && c.api.module != nil)
    }

    /// Random bytes of a constant size up to 1 KiB (`randomBytes(16)` takes microseconds), `randomInt`,
    /// `randomUUID`, `getRandomValues`.
    static func isCheap(_ c: BlockingCall) -> Bool {
        let name = c.api.path.last ?? ""
        if ["randomInt", "randomUUID", "getRandomValues"].contains(name) { return true }
        if ["randomBytes", "pseudoRandomBytes", "randomFillSync"].contains(name), let size = c.args.first,
           let n = constantNumber(size, sem: c.sem), n <= cheapRandomBytes {
            return true
        }
        return false
    }

    /// Random bytes up to this many take microseconds.
    static let cheapRandomBytes: Double = 1024

    /// A size read from the enclosing function's parameters (`randomBytes(Math.ceil(length / 2))` in
    /// `randomHexString(length)`) is cheap when every call in the project passes a constant that keeps it
    /// small. Under a library's API the callers are outside the scan, so the call still counts. A lone
    /// parameter (`randomBytes(size)`) is a size when every call passes a number, and otherwise may be the
    /// callback of the asynchronous form: quiet.
    static func blocksInProject(_ site: BlockingSite, unit: Int, entry: RequestEntryPoint, _ ctx: ProjectContext) -> Bool {
        guard ["randomBytes", "pseudoRandomBytes"].contains(site.api.path.last ?? "") else { return true }
        let tree = ctx.units[unit].tree
        guard case .call(_, _, let args, _) = tree[site.call], let size = tree.list(args).first else { return true }
        let loneParameter = tree.list(args).count == 1 && isParameter(size, sem: ctx.units[unit].semantic)
        guard entry.kind != .library, let sizes = CallerArguments.numbers(size, in: unit, ctx), let largest = sizes.max() else {
            return !loneParameter
        }
        return largest > cheapRandomBytes
    }

    /// A name bound to a parameter of a function.
    static func isParameter(_ arg: NodeID, sem: FileSemantics) -> Bool {
        let a = sem.tree.unwrap(arg)
        guard sem.tree.kind(a) == .identifier, let b = sem.binding(for: a) else { return false }
        return sem.binding(b).kind == .parameter
    }

    /// Whether a call's last argument is a callback: a function written there, or a name bound to a
    /// function (a declaration, or a const/let initialised with one); a parameter may be one (unknown:
    /// counted as a callback, so the rule stays quiet). `crypto.randomBytes(SIZE)` with `const SIZE = 64`
    /// passes a number, not a callback.
    static func isCallback(_ arg: NodeID, sem: FileSemantics) -> Bool {
        let tree = sem.tree
        let a = sem.tree.unwrap(arg)
        if tree.kind(a).isFunction { return true }
        switch tree[a] {
        case .identifier:
            guard let b = sem.binding(for: a) else { return true }  // a global or unknown name
            switch sem.binding(b).kind {
            case .function, .functionExpressionName, .parameter, .import, .importEquals, .catchParameter:
                return true
            case .const, .let, .var:
                guard let v = sem.constantValue(of: b), v.path.isEmpty else { return true }
                let e = sem.tree.unwrap(v.expression)
                switch tree[e] {
                case .numericLiteral, .stringLiteral, .templateLiteral, .objectExpression, .arrayExpression, .binary:
                    return false
                default:
                    return true
                }
            default:
                return true
            }
        case .call(let callee, _, _, _):
            // `handler.bind(this)` is a callback; any other call gives a value
            if case .member = tree[sem.tree.unwrap(callee)], sem.memberName(sem.tree.unwrap(callee)) == "bind" { return true }
            return false
        default:
            return false
        }
    }

    /// A numeric literal, or a `const` bound to one.
    static func constantNumber(_ expr: NodeID, sem: FileSemantics) -> Double? {
        let tree = sem.tree
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .numericLiteral:
            return sem.literalNumber(e)
        case .identifier:
            guard let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b),
                  v.path.isEmpty else { return nil }
            return sem.literalNumber(sem.tree.unwrap(v.expression))
        default:
            return nil
        }
    }
}
