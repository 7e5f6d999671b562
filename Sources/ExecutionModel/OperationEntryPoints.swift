// Per-operation entry points: code that runs once per message or per chunk whoever the application is,
// because Node.js calls it for every piece of data that arrives, not because a request handler reaches it.
// A library or client with no request handler still runs this code at the rate of its traffic.
//
//   incoming data on a client socket the code creates: `socket.on('data', fn)` on a `net.connect()` /
//     `net.createConnection()` / `tls.connect()` / `new net.Socket()` socket, `ws.on('message', fn)` and
//     `ws.onmessage = fn` on a `new WebSocket(url)` of the `ws` package (also when a class keeps the socket
//     in a field: `this.stream = net.connect(...)`, then `this.stream.on('data', ...)`): per message
//     (the socket's 'connect', 'open', 'close', 'error' and 'end' handlers run once per connection: not these);
//   a subscription to a named channel of a publish/subscribe store (`store.subscribe('join', (id, room) => ...)`,
//     the channel written as a string, the callback inline and not taking an error first): per message;
//   Node's per-chunk stream hooks a class overrides: `_transform`, `_write`, `_writev` and `_read` of a class
//     that extends `stream`'s (or `readable-stream`'s) Transform, Writable, Duplex, Readable or PassThrough,
//     also in the ES5 form (`util.inherits(Parser, Transform)`, `Parser.prototype._transform = function ...`):
//     per chunk (the constructor, `_flush`, `_final`, `_destroy` and `_construct` run once per stream: not these);
//   a library class's own per-operation methods, named for what its caller does once per log line, record or
//     query (`log`, `encode`, `decode`, `query`, `execute`, ...; `operationVerbs`), in class syntax or on an ES5
//     prototype: per call, for the blocking rules only (how long the object lives, which the leak rules would
//     need, is not in the name; LeakRequestPaths leaves these out).
//
// They count in a library other programs load (a named package that is not private; RequestEntryPoints drops
// them elsewhere: an application's own entry points say what serves its traffic, and a command-line client
// serves none). They are request paths for blocking, listener-leak and unbounded-cache (the per-operation
// methods for blocking only; the others not for listener-leak/interval: a client starts its heartbeat from the server's hello message), and do not feed the
// hot-context model of ReDoS and serial-await (HotContexts), nor make a package an application.
//
// Only what the file shows: the socket or the base class must resolve to Node's (or `ws`'s) own export
// through JSSemantic's resolution; a socket handed in as a parameter, or a class extending a project class,
// is not followed (a Transform the project subclasses twice is missed, a parser fed by such a socket too).

import ExecutionContext
import JSSemantic
import JSSyntax

extension EntryPointFinder {
    /// Events that carry incoming data, per socket kind.
    static let netDataEvents: Set<String> = ["data"]
    static let wsDataEvents: Set<String> = ["message"]
    /// The stream hooks Node calls once per chunk written or read.
    static let perChunkStreamHooks: Set<String> = ["_transform", "_write", "_writev", "_read"]
    /// The stream classes whose hooks those are.
    static let streamClasses: Set<String> = ["Transform", "Writable", "Duplex", "Readable", "PassThrough"]
    static let streamModules: Set<String> = ["stream", "readable-stream"]

    /// What a client socket expression is: a `net`/`tls` socket or a `ws` WebSocket client; nil otherwise.
    enum ClientSocket { case net, ws }

    /// The client socket an expression holds, traced through constants, `a || b`, `a ?? b`, conditionals and
    /// a class's `this.field` (bounded by `budget`).
    func clientSocket(_ expr: NodeID, budget: Int = 12) -> ClientSocket? {
        guard budget > 0 else { return nil }
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .call(let callee, _, _, _):
            guard let s = sem.resolveExport(sem.tree.unwrap(callee)), s.path.count == 1 else { return nil }
            switch (s.module, s.path[0]) {
            case ("net", "connect"), ("net", "createConnection"), ("tls", "connect"): return .net
            default: return nil
            }
        case .new(let callee, _, _):
            guard let s = sem.resolveExport(sem.tree.unwrap(callee)) else { return nil }
            switch (s.module, s.path.first ?? "") {
            case ("net", "Socket") where s.path.count == 1, ("tls", "TLSSocket") where s.path.count == 1: return .net
            case ("ws", "") where s.path.isEmpty, ("ws", "WebSocket") where s.path.count == 1: return .ws
            default: return nil
            }
        case .logical(_, let left, let right):
            return clientSocket(left, budget: budget - 1) ?? clientSocket(right, budget: budget - 1)
        case .conditional(_, let a, let b):
            return clientSocket(a, budget: budget - 1) ?? clientSocket(b, budget: budget - 1)
        case .identifier:
            guard let b = sem.binding(for: e), let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
            return clientSocket(v.expression, budget: budget - 1)
        case .member(let object, _, false, _):
            guard tree.kind(sem.tree.unwrap(object)) == .thisExpression, let name = sem.memberName(e),
                  let owner = fieldOwner(of: e) else { return nil }
            // any value the class (or ES5 constructor) assigns to the field: a connection that connects itself or
            // takes a stream handed in, then upgrades it to TLS, keeps each in `this.stream` in turn
            for value in thisFieldValues.values(of: name, in: owner, sem) {
                if let kind = clientSocket(value, budget: budget - 1) { return kind }
            }
            return nil
        default:
            return nil
        }
    }

    /// What `this` is in `node`: the enclosing class, or outside a class the ES5 constructor around it (its
    /// innermost enclosing non-arrow function: `function Connection(opts) { this.stream = net.connect(...);
    /// this.stream.on(...) }`); nil otherwise.
    func fieldOwner(of node: NodeID) -> NodeID? {
        var cls: NodeID? = node
        var steps = 0
        while let c = cls, steps < 512 {
            if tree.kind(c) == .classDeclaration || tree.kind(c) == .classExpression { return c }
            cls = tree.parent(c)
            steps += 1
        }
        var fn = sem.tree.enclosingFunction(of: node)
        steps = 0
        while let f = fn, tree.kind(f) == .arrowFunction, steps < 64 {
            fn = sem.tree.enclosingFunction(of: f)
            steps += 1
        }
        guard let f = fn, tree.kind(f) == .functionDeclaration || tree.kind(f) == .functionExpression else { return nil }
        return f
    }

    /// `socket.on('data', fn)` / `ws.on('message', fn)` on a client socket: the handler runs per message.
    mutating func clientSocketHandler(_ id: NodeID, object: NodeID, method: String, args: [NodeID]) {
        guard ["on", "addListener", "prependListener"].contains(method), args.count >= 2,
              let event = stringValue(args[0]), event == "data" || event == "message",
              let kind = clientSocket(object) else { return }
        switch kind {
        case .net:
            guard Self.netDataEvents.contains(event) else { return }
            add(args[args.count - 1], "net socket data handler", .socketClient, site: id)
        case .ws:
            guard Self.wsDataEvents.contains(event) else { return }
            add(args[args.count - 1], "ws client message handler", .socketClient, site: id)
        }
    }

    /// `store.subscribe('join', function (id, room) { ... })`: a subscription to a named channel of a
    /// publish/subscribe store, whose callback runs once per message published there (socket.io's stores
    /// relayed each client's joins and packets between processes this way). Only two arguments, the channel
    /// written as a string (a literal, a template or a concatenation starting with one: `'dispatch:' + id`) and
    /// an inline function taking the message's parts: RxJS's `subscribe(observer)` has no channel, and a
    /// callback whose first parameter is an error (`(err, count) =>`, ioredis's and MQTT.js's acknowledgements)
    /// or that takes nothing runs once, when the subscription is made.
    mutating func subscriptionHandler(_ id: NodeID, method: String, args: [NodeID]) {
        guard method == "subscribe", args.count == 2, isChannelName(args[0]) else { return }
        let fn = sem.tree.unwrap(args[1])
        guard tree.kind(fn) == .functionExpression || tree.kind(fn) == .arrowFunction,
              let first = sem.function(fn)?.params.first else { return }
        var p = first
        if case .assignmentPattern(let left, _) = tree[p] { p = left }
        if tree.kind(p) == .identifier, ["err", "error"].contains(tree.name(of: p)) { return }
        add(fn, "subscription \(channelLabel(args[0])) message handler", .subscription, site: id)
    }

    /// Whether an expression is a channel name written as a string: a literal, a template literal, or a
    /// concatenation whose leftmost operand is one.
    func isChannelName(_ expr: NodeID, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral, .templateLiteral: return true
        case .binary(.add, let left, _): return isChannelName(left, depth: depth + 1)
        default: return false
        }
    }

    /// `'join'`, or `'dispatch:…'` for a computed name.
    func channelLabel(_ expr: NodeID) -> String {
        if let s = stringValue(expr) { return "'" + s + "'" }
        var e = sem.tree.unwrap(expr)
        var steps = 0
        while steps < 8, case .binary(.add, let left, _) = tree[e] {
            e = sem.tree.unwrap(left)
            steps += 1
        }
        return stringValue(e).map { "'" + $0 + "…'" } ?? "channel"
    }

    /// `ws.onmessage = fn` on a `ws` client, and `Parser.prototype._transform = fn` on an ES5 stream class.
    mutating func operationAssignment(_ id: NodeID, left: NodeID, right: NodeID) {
        guard tree.kind(left) == .member, case .member(let object, _, false, _) = tree[left],
              let name = sem.memberName(left) else { return }
        if name == "onmessage" {
            if clientSocket(object) == .ws, isFunctionValued(right) {
                add(right, "ws client message handler", .socketClient, site: id)
            }
            return
        }
        if Self.isOperationVerb(name), tree.kind(sem.tree.unwrap(right)).isFunction,
           case .member(let owner, _, false, _) = tree[sem.tree.unwrap(object)],
           sem.memberName(sem.tree.unwrap(object)) == "prototype", tree.kind(sem.tree.unwrap(owner)) == .identifier
        {
            // `File.prototype.log = function (level, msg) {...}`: an ES5 class's per-operation method
            if ExecutionGuards.endsProcess(sem.tree.unwrap(right), in: tree) { return }
            add(right, tree.name(of: sem.tree.unwrap(owner)) + "." + name + "() (per call)", .operationMethod, site: id)
            return
        }
        guard Self.perChunkStreamHooks.contains(name), tree.kind(sem.tree.unwrap(right)).isFunction,
              case .member(let owner, _, false, _) = tree[sem.tree.unwrap(object)],
              sem.memberName(sem.tree.unwrap(object)) == "prototype", tree.kind(sem.tree.unwrap(owner)) == .identifier,
              let b = sem.binding(for: sem.tree.unwrap(owner)), inheritsStream(b) else { return }
        add(right, "stream \(name) (per chunk)", .stream, site: id)
    }

    /// The per-chunk hooks of a class that extends one of Node's stream classes.
    mutating func streamClassHooks(superClass: NodeID?, body: NodeID) {
        guard let s = superClass, isStreamClass(s), case .classBody(let members) = tree[body] else { return }
        for m in tree.list(members) {
            switch tree[m] {
            case .methodDefinition(_, let key, let value, .method, let modifiers) where !modifiers.contains(.static):
                guard let name = hookName(key), Self.perChunkStreamHooks.contains(name) else { continue }
                add(value, "stream \(name) (per chunk)", .stream, site: m)
            case .propertyDefinition(_, let key, _, let value?, let modifiers) where !modifiers.contains(.static):
                guard let name = hookName(key), Self.perChunkStreamHooks.contains(name),
                      tree.kind(sem.tree.unwrap(value)).isFunction else { continue }
                add(value, "stream \(name) (per chunk)", .stream, site: m)
            default:
                continue
            }
        }
    }

    /// Verbs of the methods a library's object runs once per operation its caller makes: a log line written,
    /// a record encoded or decoded, a query executed, a token generated. A method is one when
    /// its name is the verb or starts with it and goes on in upper case (`executeFindAndCount`, `encodeMessage`), never
    /// a set-up or teardown name (`connect`, `init`, `configure`, `close`: not verbs here).
    /// (`send` is not among them: on the ecosystem check its one addition was ws's `Sender.send` refilling an
    /// 8 KB random pool once per 2,048 frames, audited false as cheap; nor `write`: in the fix commits' trees it
    /// added a command-line plugin's state writes, 18 sites, all false.) The map-growth rule keeps its own
    /// verbs (`UnboundedCacheMapGrowthRule.operationVerbs`: a client's `dispatch`, `send`, `subscribe`, ...),
    /// measured for containers an object fills, not for blocking calls.
    static let operationVerbs: [[UInt8]] = ["log", "encode", "decode", "serialize", "deserialize", "query",
                                            "execute", "generate"].map { Array($0.utf8) }

    static func isOperationVerb(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        for verb in operationVerbs where bytes.count >= verb.count && bytes[..<verb.count].elementsEqual(verb) {
            if bytes.count == verb.count { return true }
            let next = bytes[verb.count]
            if next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z") { return true }
        }
        return false
    }

    /// The public per-operation methods of a class (`operationVerbs`): instance methods and function-valued
    /// fields, not static, private, protected or `_`-prefixed ones. A stream class's hooks are found above.
    mutating func operationMethods(of cls: NodeID, body: NodeID) {
        guard case .classBody(let members) = tree[body] else { return }
        let owner = tree.className(cls) ?? declaredName(of: cls) ?? "class"
        for m in tree.list(members) {
            let key: NodeID, value: NodeID
            switch tree[m] {
            case .methodDefinition(_, let k, let v, .method, let modifiers)
                where !modifiers.contains(.static) && !modifiers.contains(.private) && !modifiers.contains(.protected):
                (key, value) = (k, v)
            case .propertyDefinition(_, let k, _, let v?, let modifiers)
                where !modifiers.contains(.static) && !modifiers.contains(.private) && !modifiers.contains(.protected):
                guard tree.kind(sem.tree.unwrap(v)).isFunction else { continue }
                (key, value) = (k, v)
            default:
                continue
            }
            guard tree.kind(key) == .identifier || tree.kind(key) == .stringLiteral, let name = hookName(key),
                  Self.isOperationVerb(name) else { continue }
            if ExecutionGuards.endsProcess(sem.tree.unwrap(value), in: tree) { continue }
            add(value, owner + "." + name + "() (per call)", .operationMethod, site: m)
        }
    }

    /// The name an anonymous class expression is kept under: `const Request = class {...}`,
    /// `internals.Request = class {...}`; nil otherwise.
    func declaredName(of cls: NodeID) -> String? {
        guard let p = tree.parent(cls) else { return nil }
        switch tree[p] {
        case .variableDeclarator(let id, _, _) where tree.kind(id) == .identifier:
            return tree.name(of: id)
        case .assignment(.assign, let left, _) where tree.kind(left) == .member:
            return sem.memberName(left)
        default:
            return nil
        }
    }

    func hookName(_ key: NodeID) -> String? {
        switch tree.kind(key) {
        case .identifier: return tree.name(of: key)
        case .stringLiteral: return tree.stringValue(of: key)
        default: return nil
        }
    }

    /// Whether an expression is Node's (or readable-stream's) Transform, Writable, Duplex, Readable or PassThrough.
    func isStreamClass(_ expr: NodeID) -> Bool {
        guard let s = sem.resolveExport(sem.tree.unwrap(expr)), Self.streamModules.contains(s.module),
              let last = s.path.last, s.path.count <= 2, Self.streamClasses.contains(last) else { return false }
        // `stream.Transform`, or `stream.Stream.Transform`... but not `stream.promises.x`
        return s.path.count == 1 || s.path[0] == "Stream"
    }

    /// Whether the file makes the constructor function bound to `b` inherit a stream class:
    /// `util.inherits(Parser, Transform)` (also `inherits(...)` from the `inherits` package) or
    /// `Object.setPrototypeOf(Parser.prototype, Transform.prototype)`.
    func inheritsStream(_ b: BindingID) -> Bool {
        for ref in sem.references(of: b) {
            guard let call = tree.parent(ref.node), case .call(let callee, _, let argList, _) = tree[call] else { continue }
            let args = Array(tree.list(argList))
            guard args.count == 2, args[0] == ref.node else { continue }
            let c = sem.tree.unwrap(callee)
            if let s = sem.resolveExport(c), (s.module == "util" && s.path == ["inherits"]) || (s.module == "inherits" && s.path.isEmpty) {
                if isStreamClass(args[1]) { return true }
            }
        }
        return false
    }
}

/// Every value a class (or an ES5 constructor) assigns to each `this.name`, per owner of one file, in the order
/// a walk of the owner (last child first) meets them: one walk (at most 50,000 nodes, at most 16 values a
/// name) answers every name.
final class ThisFieldValueTables {
    private var tables: [NodeID: [String: [NodeID]]] = [:]

    func values(of name: String, in owner: NodeID, _ sem: FileSemantics) -> [NodeID] {
        if let t = tables[owner] { return t[name] ?? [] }
        let tree = sem.tree
        var table: [String: [NodeID]] = [:]
        var stack: [NodeID] = [owner]
        var budget = 50_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if tree.kind(n) == .assignment, case .assignment(.assign, let left, let right) = tree[n],
               tree.kind(left) == .member, case .member(let o, _, false, _) = tree[left],
               tree.kind(o) == .thisExpression, let field = sem.memberName(left), table[field, default: []].count < 16
            {
                table[field, default: []].append(right)
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        tables[owner] = table
        return table[name] ?? []
    }
}
