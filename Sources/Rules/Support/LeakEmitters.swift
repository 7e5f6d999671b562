// Long-lived emitters and clients, for the listener and redis rules: which receivers outlive a request
// (`process`, module-level emitters and singletons, imported objects, fields of singletons) and which
// are redis clients.

import JSSemantic
import JSSyntax

/// The methods that add a listener to a Node.js EventEmitter (the listener rules, the leak tables).
enum EmitterMethods {
    static let addingListener: Set<String> = ["on", "once", "addListener", "prependListener", "prependOnceListener"]
}

/// Where a long-lived emitter comes from.
enum EmitterOrigin: Hashable, Sendable {
    case process
    case global
    /// An import: relative (`imported from './bus'`) or a package (`from 'ioredis'`).
    case imported(module: String)
    /// A property of a module-level object (`app.locals.bus`).
    case moduleLevelObject
    /// A module-level binding holding an object.
    case moduleLevel
    case singleton
    case singletonField
    case staticField
    /// A per-request object's connection socket, reused by keep-alive (`req.socket`).
    case keepAliveSocket

    /// How messages say it, after the emitter's name; nil for `process` (its name says it all).
    var text: String? {
        switch self {
        case .process: return nil
        case .global: return "a global"
        case .imported(let module): return module.hasPrefix(".") ? "imported from '\(module)'" : "from '\(module)'"
        case .moduleLevelObject: return "a module-level object"
        case .moduleLevel: return "module-level"
        case .singleton: return "a singleton"
        case .singletonField: return "a field of a singleton"
        case .staticField: return "a static field"
        case .keepAliveSocket: return "the connection's socket, reused by keep-alive for many requests"
        }
    }
}

extension LeakScopes {
    /// Where a long-lived emitter comes from, for messages; nil when the receiver may be per request.
    func longLivedEmitter(_ receiver: NodeID) -> (ref: LeakRef, origin: EmitterOrigin)? {
        guard let ref = resolve(receiver) else { return nil }
        switch ref.root {
        case .process:
            return (ref, .process)
        case .global:
            return (ref, .global)
        case .binding(let node):
            guard let d = decl(at: node) else { return nil }
            if case .import(let module, _) = d.kind {
                if module == "events" { return nil }
                return (ref, .imported(module: module))
            }
            if !ref.path.isEmpty {
                return d.kind == .function || d.kind == .class ? nil : (ref, .moduleLevelObject)
            }
            return isObjectValue(ref) ? (ref, .moduleLevel) : nil
        case .instance:
            if ref.path.isEmpty { return (ref, .singleton) }
            return isObjectValue(ref) ? (ref, .singletonField) : nil
        case .classStatic:
            if ref.path.isEmpty { return nil }
            return isObjectValue(ref) ? (ref, .staticField) : nil
        case .held, .closure:
            return nil
        }
    }

    /// Whether a value is made by `new`, a call or an await (an emitter, pool, client or server), not a
    /// literal, function or container.
    func isObjectValue(_ ref: LeakRef) -> Bool {
        definitions(of: ref).contains { d in
            let e = tree.unwrap(d)
            switch tree[e] {
            case .new, .call, .await, .member:
                return containerKind(created: e) == nil
            default:
                return false
            }
        }
    }

    /// The declaration a long-lived binding root stands for (a search of the module's and its IIFEs'
    /// declarations: asked only for emitters, and no table by node is kept for the whole scan).
    func decl(at node: NodeID) -> LeakDecl? {
        if let d = program.values.first(where: { $0.node == node }) { return d }
        for decls in iifes.values {
            if let d = decls.values.first(where: { $0.node == node }) { return d }
        }
        return nil
    }

    // MARK: - Redis clients

    static let redisModules: Set<String> = ["ioredis", "redis", "@redis/client"]

    /// Whether an expression makes a redis client: `new Redis()`, `new IORedis.Cluster()`,
    /// `createClient()`, `redis.createClient()`, `await createClient().connect()`.
    func makesRedisClient(_ expr: NodeID) -> Bool {
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .await(let argument):
            return makesRedisClient(argument)
        case .new(let callee, _, _):
            return redisExport(callee) != nil
        case .call(let callee, _, _, _):
            if let name = redisExport(callee) { return name == "createClient" || name == "createCluster" }
            if case .member(let object, let p, false, _) = tree[tree.unwrap(callee)],
               ["connect", "duplicate"].contains(tree.name(of: p)) {
                return makesRedisClient(object)
            }
            return false
        default:
            return false
        }
    }

    /// The export of a redis package a callee names ("" for the module object).
    private func redisExport(_ callee: NodeID) -> String? {
        let c = tree.unwrap(callee)
        switch tree[c] {
        case .identifier:
            guard let d = declaration(of: c), case .import(let module, let export) = d.kind,
                  LeakScopes.redisModules.contains(module) else { return nil }
            return export ?? ""
        case .member(let object, let property, false, _):
            guard let base = redisExport(object) else { return nil }
            return base.isEmpty ? tree.name(of: property) : base
        default:
            return nil
        }
    }

    /// Whether a long-lived value is a redis client.
    func isRedisClient(_ ref: LeakRef) -> Bool {
        definitions(of: ref).contains { makesRedisClient($0) }
    }

    /// The redis client a command's receiver talks to: the client itself, `client.multi()` /
    /// `client.pipeline()` and chained commands on them, or a local bound to one of those.
    func redisClient(of receiver: NodeID, budget: Int = 16) -> LeakRef? {
        guard budget > 0 else { return nil }
        let r = tree.unwrap(receiver)
        if let ref = resolve(r), isRedisClient(ref) { return ref }
        switch tree[r] {
        case .call(let callee, _, _, _):
            guard case .member(let inner, _, false, _) = tree[tree.unwrap(callee)] else { return nil }
            return redisClient(of: inner, budget: budget - 1)
        case .identifier:
            guard let b = semantic.binding(for: r), let initial = semantic.binding(b).initializer,
                  initial.path.isEmpty, !semantic.isWritten(b) else { return nil }
            return redisClient(of: initial.expression, budget: budget - 1)
        default:
            return nil
        }
    }
}
