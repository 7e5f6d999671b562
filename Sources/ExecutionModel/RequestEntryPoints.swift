// Request entry points: the functions a server runs once per request (or per message), found from the
// code that registers them, and labelled with the method and route when the registration names them
// ("handler GET /users/:id"). Shared by every rule family that asks "what runs per request?" through
// `RequestEntryPoints.of(ctx)` (one computation per scan, behind ProjectContext.memo).
//
// Recognised registrations (the receiver is traced back to the framework factory that made it, through
// JSSemantic's resolution):
//   node:http/https/http2  createServer(handler), new http.Server(options, handler), server.on('request' | 'stream', handler)
//                         (also on a server a class keeps in a field: `this.server = new http.Server(...)`)
//   micro                 micro(handler), serve(handler): the handler runs per request, like createServer's
//   Express               app/Router .get/.post/... (middleware arrays too), .all, .use, .route(p).get(...)
//   Koa                   app.use(mw); koa-router / @koa/router methods
//   Fastify               shorthand routes, route({ handler, hooks }), addHook('onRequest', ...)
//   hapi                  server.route({ method, path, handler }) (also arrays and options.handler), server.ext
//   Hono                  app.get/.post/.../.all/.use/.on
//   NestJS                @Controller classes, methods decorated with @Get/@Post/...; @SubscribeMessage
//   Next.js               pages/api/** default export; app/**/route.* exported GET/POST/...; server actions
//                         (the exports of a 'use server' module, functions whose body starts with 'use server';
//                         ServerActions.swift)
//   ws                    wss.on('connection', h) and socket.on('message', h) inside it
//   Route-shaped calls on receivers whose origin is not visible (a plugin's or router module's parameter):
//                         x.get('/path', fn), x.route({ method, path|url, handler }), x.addHook('onRequest', fn)
//   Exported handler-shaped functions ((req, res), (req, res, next), (err, req, res, next), (ctx, next), (c, next)) and
//   the functions returned by exported middleware factories; entryPoints from looplint.yml.
// Test files register nothing (a test's routes are not production request paths).

import Diagnostics
import ExecutionContext
import JSSemantic
import JSSyntax
import LintEngine
import SourceText

/// What registered an entry point.
public enum Framework: String, Hashable, Sendable {
    case express, koa, fastify, hapi, hono, nestjs, nextjs
    /// A Next.js server action (ServerActions): the client calls it with arguments it chooses.
    case serverAction = "server action"
    /// A tRPC procedure's resolver (`publicProcedure.input(schema).query(({ ctx, input }) => ...)`).
    case trpc
    /// A passport strategy's verify callback.
    case passport
    /// `http.createServer` / `server.on('request')`.
    case http
    case ws
    case socketIO = "socket.io"
    case net
    /// A route-shaped call on an unknown receiver.
    case routes
    /// A handler-shaped export.
    case export
    /// looplint.yml `entryPoints:`.
    case config
    /// Queue processors, scheduled tasks, timers.
    case job
    /// A per-chunk hook of a class extending one of Node's stream classes (`_transform`, `_write`, ...;
    /// OperationEntryPoints).
    case stream
    /// An incoming-data handler of a client socket the code creates (`net.connect()`, a `ws` client;
    /// OperationEntryPoints).
    case socketClient = "socket client"
    /// The callback of a subscription to a named channel of a publish/subscribe store
    /// (`store.subscribe('join', fn)`; OperationEntryPoints).
    case subscription
    /// A library class's own per-operation method (`log`, `encode`, `query`, ...; OperationEntryPoints):
    /// the program that uses the library calls it once per log line, message, record or query.
    case operationMethod = "operation method"
    /// A library package's exported API.
    case library

    /// Node's per-operation hooks (OperationEntryPoints): they run whoever the program is, so they neither show
    /// where an application's traffic enters nor make a library an application.
    public static let perOperation: Set<Framework> = [.stream, .socketClient, .subscription, .operationMethod]

    /// What makes code under the entry hot.
    public var entryKind: EntryKind {
        switch self {
        case .job: return .job
        case .ws, .socketIO, .net, .socketClient, .subscription: return .message
        case .stream: return .chunk
        case .library: return .library
        case .operationMethod: return .call
        default: return .request
        }
    }
}

/// Why code under an entry point runs often: per request, per message, per job, per chunk of a stream or
/// per call of a library API.
public enum EntryKind: String, Hashable, Sendable {
    case request, message, job, library, chunk
    /// Once per call the caller makes of a library object's per-operation method.
    case call

    /// As findings report it (`evidence.context`).
    public var evidenceText: String {
        switch self {
        case .library: return "library API"
        case .chunk: return "per chunk"
        case .call: return "per call"
        default: return rawValue
        }
    }
}

/// A function that runs per request, and where and how it is registered.
public struct RequestEntryPoint: Hashable, Sendable {
    /// Index of the unit holding the function (ProjectContext.units).
    public var unit: Int
    /// The function node (declaration, expression, arrow or method value).
    public var function: NodeID
    /// "handler GET /users/:id", "middleware /api", "hook onRequest", "ws message handler", ...
    public var label: String
    public var framework: Framework
    /// The registration: the call, decorator or export that makes the function an entry point.
    public var site: TraceStep
    /// For a route handler, the route as messages name it ("GET /users/:id"); nil for other entries.
    public var route: String? = nil

    /// What makes code under this entry hot: request (HTTP handlers and middleware), message (ws,
    /// socket.io and net handlers), job (queue processors, scheduled tasks, timers) or library API.
    public var kind: EntryKind { framework.entryKind }

    /// `kind` as findings report it (`evidence.context`).
    public var context: String { kind.evidenceText }
}

public struct RequestEntryPoints: Sendable {
    static let key = AnalysisKey<RequestEntryPoints>("requestEntryPoints")
    static let libraryKey = AnalysisKey<RequestEntryPoints>("requestEntryPoints+libraryAPI")
    static let registrationsKey = AnalysisKey<[UnitRegistrations]>("requestEntryPoints: registrations")
    static let helperCallsKey = AnalysisKey<[[Found]]>("requestEntryPoints: route helper calls")

    /// Sorted by unit, then function position; one entry per function (the first registration wins).
    public let all: [RequestEntryPoint]
    /// Exports of a library's API that applications call while they set up, not per request
    /// (`LibraryEntryPoints.Entry.setUp`): not entries; what they reach runs once.
    public private(set) var setUp: [FunctionRef] = []

    /// The entry points of this scan (computed once, shared by all rules).
    public static func of(_ ctx: ProjectContext) -> RequestEntryPoints {
        if ctx.config.libraryAPI { return withLibraryAPI(ctx) }
        return ctx.memo(RequestEntryPoints.key) { RequestEntryPoints(ctx, libraryAPI: false) }
    }

    /// The entry points with a library package's public API among them whatever `libraryAPI` says: the
    /// execution-context model counts a library's exported functions as hot (TRIAGE: a library function
    /// that applications call per request), while blocking reports through them only when asked.
    public static func withLibraryAPI(_ ctx: ProjectContext) -> RequestEntryPoints {
        ctx.memo(RequestEntryPoints.libraryKey) { RequestEntryPoints(ctx, libraryAPI: true) }
    }

    init(_ ctx: ProjectContext, libraryAPI: Bool) {
        let units = ctx.units, config = ctx.config
        // The registrations are the same whichever entry set is asked for: found once per scan.
        let registered = ctx.memo(RequestEntryPoints.registrationsKey) { ParallelMap.map(count: units.count, jobs: ctx.jobs) { i -> UnitRegistrations in
            let unit = units[i]
            // Handlers registered by tests, examples, docs, tooling or browser code do not serve production
            // traffic (an example server calling the library is not the library's request path).
            guard unit.role == .source else { return UnitRegistrations() }
            var finder = EntryPointFinder(unit: unit, config: config)
            finder.run()
            return UnitRegistrations(found: finder.found, routeHelpers: finder.routeHelpers)
        } }
        var perUnit = registered.map(\.found)
        // Node's per-operation hooks (OperationEntryPoints) count in a library other programs load (a named
        // package that is not private): there they run at the rate of whatever program uses it. In an
        // application or a standalone script (a command-line client writing each message to a file) they
        // serve that program alone, whose own entry points say what serves traffic.
        for u in perUnit.indices where perUnit[u].contains(where: { Framework.perOperation.contains($0.framework) }) {
            let library = ProjectPackages.of(ctx).manifest(ofUnit: u).map { !$0.isPrivate && $0.name != nil } ?? false
            if !library { perUnit[u].removeAll { Framework.perOperation.contains($0.framework) } }
        }
        // No registration and no library package: nothing runs per request, and no project index is built.
        let hasLibrary = libraryAPI && LibraryEntryPoints.mayHaveLibrary(ctx)
        guard perUnit.contains(where: { !$0.isEmpty }) || hasLibrary || registered.contains(where: { !$0.routeHelpers.isEmpty }) else {
            all = []
            return
        }
        let resolver = ProjectFunctions.of(ctx)
        for (u, calls) in RequestEntryPoints.routeHelperCalls(ctx, registered, resolver).enumerated() {
            perUnit[u] += calls
        }
        // Framework registrations name the route, so they win over looplint.yml entries, route-shaped
        // calls and handler-shaped exports of the same function; within a rank, path order.
        // (rank by rank, each in unit order: what a stable sort of them by rank and unit gives, without moving
        // the registrations)
        var registrations: [(rank: Int, unit: Int, found: Found)] = []
        for rank in 0...RequestEntryPoints.maxRank {
            for (u, found) in perUnit.enumerated() {
                for f in found where RequestEntryPoints.rank(f.framework) == rank { registrations.append((rank, u, f)) }
            }
        }
        var seen: Set<FunctionRef> = []
        var out: [RequestEntryPoint] = []
        // a library object's per-operation methods come last: the library API, when asked for, names the same
        // method as its caller sees it (and the leak rules take that entry, not these)
        func register(_ u: Int, _ f: Found) {
            for target in resolver.functions(f.handler, in: u) where !seen.contains(target) {
                seen.insert(target)
                let label = RequestEntryPoints.refine(f.label, target, ctx.units[target.unit])
                out.append(RequestEntryPoint(unit: target.unit, function: target.node, label: label,
                                             framework: f.framework, site: ctx.units[u].step(f.site, label),
                                             route: f.label.kind == .route ? f.label.detail : nil))
            }
        }
        for (_, u, f) in registrations where f.framework != .operationMethod { register(u, f) }
        if hasLibrary {
            // (a stream's or a client socket's per-operation hooks do not make a package an application)
            let handlerUnits = Set(perUnit.indices.filter { u in
                perUnit[u].contains { !Framework.perOperation.contains($0.framework) }
            })
            for e in LibraryEntryPoints.entries(ctx, functions: resolver, handlerUnits: handlerUnits) {
                let target = FunctionRef(unit: e.unit, node: e.function)
                if e.setUp {
                    if !seen.contains(target), !setUp.contains(target) { setUp.append(target) }
                    continue
                }
                guard seen.insert(target).inserted else { continue }
                out.append(RequestEntryPoint(unit: e.unit, function: e.function, label: e.label, framework: .library,
                                             site: e.site))
            }
        }
        for (_, u, f) in registrations where f.framework == .operationMethod { register(u, f) }
        // in unit order, then by the function's start, then by label (then as found): positions are sorted,
        // reading each entry's start once, and the entries are moved once
        let starts = out.map { ctx.units[$0.unit].tree.range($0.function).start }
        let order = out.indices.sorted { i, j in
            if out[i].unit != out[j].unit { return out[i].unit < out[j].unit }
            if starts[i] != starts[j] { return starts[i] < starts[j] }
            if out[i].label != out[j].label { return out[i].label < out[j].label }
            return i < j
        }
        all = order.map { out[$0] }
    }

    /// Calls of the project's route helpers (`setupApiRoute(router, 'get', '/x', [mw], controller)`): their
    /// function arguments are route handlers. Found once per scan; only calls spelled with a helper's name
    /// are resolved.
    static func routeHelperCalls(_ ctx: ProjectContext, _ registered: [UnitRegistrations],
                                 _ resolver: ProjectFunctions) -> [[Found]] {
        var helpers: Set<FunctionRef> = []
        var names: Set<String> = []
        for (u, r) in registered.enumerated() {
            for fn in r.routeHelpers {
                helpers.insert(FunctionRef(unit: u, node: fn))
                if let name = ctx.units[u].semantic.functionName(fn) { names.insert(name) }
            }
        }
        guard !names.isEmpty else { return [] }
        let units = ctx.units, config = ctx.config
        return ctx.memo(RequestEntryPoints.helperCallsKey) { ParallelMap.map(count: units.count, jobs: ctx.jobs) { i -> [Found] in
            guard units[i].role == .source else { return [] }
            var finder = EntryPointFinder(unit: units[i], config: config)
            finder.routeHelperCalls(names: names) { callee in
                resolver.functions(callee, in: i).contains(where: helpers.contains)
            }
            return finder.found
        } }
    }

    /// The highest `rank`.
    static let maxRank = 3

    static func rank(_ framework: Framework) -> Int {
        switch framework {
        case .config: return 1
        case .routes: return 2
        case .export: return 3
        default: return 0
        }
    }

    /// `middleware` becomes `error handler` for a four-parameter function and gets the function's name.
    static func refine(_ label: EntryLabel, _ target: FunctionRef, _ unit: SourceUnit) -> String {
        guard label.kind == .middleware else { return label.text }
        let sem = unit.semantic
        let path = label.detail.isEmpty ? "" : " " + label.detail
        if sem.function(target.node)?.params.count == 4 { return "error handler" + path }
        if let name = sem.functionName(target.node), name != "default" { return "middleware " + name + path }
        return label.text
    }

    /// Entry points whose function is in `unit`.
    public func entries(inUnit unit: Int) -> [RequestEntryPoint] { all.filter { $0.unit == unit } }

    struct Found: Sendable {
        var handler: NodeID
        var label: EntryLabel
        var framework: Framework
        var site: NodeID
    }

    /// What one file registers: its entry points, and its route helpers (functions that register a route
    /// with a router and a handler their callers pass).
    struct UnitRegistrations: Sendable {
        var found: [Found] = []
        var routeHelpers: [NodeID] = []
    }
}

/// How a registration names its entry point, kept in parts so nothing parses the text back: a route
/// ("handler GET /users/:id"), middleware ("middleware /api", named after its function later) or any
/// other label ("hook onRequest", "ws message handler").
struct EntryLabel: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case route, middleware, other }
    let kind: Kind
    /// The route ("GET /users/:id"), the middleware's mount path or origin ("/api", "from auth()", ""),
    /// or the whole label.
    let detail: String

    var text: String {
        switch kind {
        case .route: return "handler " + detail
        case .middleware: return detail.isEmpty ? "middleware" : "middleware " + detail
        case .other: return detail
        }
    }
}

/// What a receiver is, traced back to the factory that made it.
enum ServerObject: Equatable {
    case expressApp, expressRouter, expressRoute(String?)
    case koaApp, koaRouter
    /// A Koa app made by koa-websocket (`websockify(new Koa())`), and its `app.ws` (middleware there runs
    /// once per WebSocket connection).
    case koaWebsocketApp, koaWebsocket
    case fastify, hapi, hono
    case nodeServer(String)
    case wsServer
    /// A socket.io server or namespace: `new Server(httpServer)`, `require('socket.io')(server)`, `io.of('/x')`.
    case ioServer
    /// A `net` server: `net.createServer(onConnection)`.
    case netServer

    var framework: Framework {
        switch self {
        case .expressApp, .expressRouter, .expressRoute: return .express
        case .koaApp, .koaRouter, .koaWebsocketApp: return .koa
        case .koaWebsocket: return .ws
        case .fastify: return .fastify
        case .hapi: return .hapi
        case .hono: return .hono
        case .nodeServer: return .http
        case .wsServer: return .ws
        case .ioServer: return .socketIO
        case .netServer: return .net
        }
    }

    /// The object a framework factory export makes.
    static func made(by symbol: ExternalSymbol) -> ServerObject? {
        let m = symbol.module, p = symbol.path
        switch (m, p.count) {
        case ("express", 0): return .expressApp
        case ("express", 1) where p[0] == "Router": return .expressRouter
        case ("koa", 0), ("koa", 1) where p.first == "Koa" || p.first == "default": return .koaApp
        case ("koa-router", _), ("@koa/router", _): return p.count <= 1 ? .koaRouter : nil
        case ("koa-websocket", 0), ("koa-websocket", 1) where p.first == "default": return .koaWebsocketApp
        case ("fastify", 0), ("fastify", 1) where p.first == "fastify" || p.first == "default": return .fastify
        case ("@hapi/hapi", 1), ("hapi", 1): return p[0] == "server" || p[0] == "Server" ? .hapi : nil
        case ("http", 1), ("https", 1): return p[0] == "createServer" || p[0] == "Server" ? .nodeServer(m) : nil
        case ("http2", 1): return p[0] == "createServer" || p[0] == "createSecureServer" ? .nodeServer(m) : nil
        case ("ws", 1): return p[0] == "WebSocketServer" || p[0] == "Server" ? .wsServer : nil
        case ("socket.io", 0): return .ioServer
        case ("socket.io", 1): return p[0] == "Server" || p[0] == "default" ? .ioServer : nil
        case ("net", 1), ("node:net", 1): return p[0] == "createServer" ? .netServer : nil
        // micro: `micro(handler)` makes an http server (`serve(handler)` makes its request listener)
        case ("micro", 0): return .nodeServer(m)
        case ("micro", 1): return p[0] == "default" || p[0] == "serve" ? .nodeServer(m) : nil
        default:
            if (m == "hono" || m.hasPrefix("hono/")) && p == ["Hono"] { return .hono }
            return nil
        }
    }
}

struct EntryPointFinder {
    let unit: SourceUnit
    let config: LintConfig
    let sem: FileSemantics
    let tree: SyntaxTree
    var found: [RequestEntryPoints.Found] = []
    /// Functions that register a route for their callers (see `routeHelperDefinition`).
    var routeHelpers: [NodeID] = []
    /// Per class or ES5 constructor, every value it assigns to each `this.name` (`thisField`,
    /// OperationEntryPoints), built on the first question about it.
    let thisFieldValues = ThisFieldValueTables()

    static let httpMethods: Set<String> = ["get", "post", "put", "patch", "delete", "del", "options", "head", "all"]
    static let fastifyRequestHooks: Set<String> = [
        "onRequest", "preParsing", "preValidation", "preHandler", "preSerialization", "onSend", "onResponse",
        "onError", "onTimeout", "onRequestAbort",
    ]
    static let hapiRequestExtensions: Set<String> = [
        "onRequest", "onPreAuth", "onCredentials", "onPostAuth", "onPreHandler", "onPostHandler", "onPreResponse",
    ]
    static let nestMethods: [String: String] = [
        "Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE", "Options": "OPTIONS",
        "Head": "HEAD", "All": "ALL",
    ]
    /// Packages whose `get('/path', cb)` is an HTTP client call, not a route.
    static let clientModules: Set<String> = ["axios", "superagent", "supertest", "got", "node-fetch", "request", "needle", "undici"]

    init(unit: SourceUnit, config: LintConfig) {
        self.unit = unit
        self.config = config
        self.sem = unit.semantic
        self.tree = unit.tree
    }

    mutating func run() {
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            let kind = tree.kind(id)
            guard kind == .call || kind == .new || kind == .classDeclaration || kind == .classExpression
                || kind == .assignment else { continue }
            switch tree[id] {
            case .call(let callee, _, let args, _):
                guard !args.isEmpty else { continue }
                let list = Array(tree.list(args))
                call(id, callee: callee, args: list)
                jobCall(id, callee: callee, args: list)
                routeHelperDefinition(id, callee: callee, args: list)
            case .new(let callee, _, let args):
                // `new http.Server(options, handler)`: the class form of createServer
                if let symbol = sem.resolveExport(callee), case .nodeServer? = ServerObject.made(by: symbol),
                   let h = tree.list(args).last(where: { isFunctionValued($0) }) {
                    add(h, "request handler", .http, site: id)
                }
                let list = Array(tree.list(args))
                jobConstruction(id, callee: callee, args: list)
                passportStrategy(id, callee: callee, args: list)
            case .classDeclaration(let decorators, _, _, let superClass, _, _, let body, _),
                 .classExpression(let decorators, _, _, let superClass, _, _, let body, _):
                // per-chunk hooks of a stream class (OperationEntryPoints)
                streamClassHooks(superClass: superClass, body: body)
                operationMethods(of: id, body: body)
                guard !decorators.isEmpty else { continue }
                nestController(decorators: decorators, body: body)
            case .assignment(.assign, let left, let right):
                // `ws.onmessage = fn`, `Parser.prototype._transform = fn` (OperationEntryPoints)
                operationAssignment(id, left: left, right: right)
            default: break
            }
        }
        nextJS()
        serverActions()
        handlerShapedExports()
        configured()
    }

    mutating func add(_ handler: NodeID, _ label: String, _ framework: Framework, site: NodeID) {
        add(handler, EntryLabel(kind: .other, detail: label), framework, site: site)
    }

    mutating func addHandlers<Args: Collection>(_ args: Args, _ label: String, _ framework: Framework, site: NodeID) where Args.Element == NodeID {
        addHandlers(args, EntryLabel(kind: .other, detail: label), framework, site: site)
    }

    mutating func add(_ handler: NodeID, _ label: EntryLabel, _ framework: Framework, site: NodeID) {
        // registered only by a development build (`if (isDev) { app.get('/_e2e/snapshot', ...) }`): it serves no
        // production traffic
        if ExecutionGuards.isDevelopmentOnly(site, in: sem.tree) { return }
        found.append(.init(handler: handler, label: label, framework: framework, site: site))
    }

    /// Handler arguments: functions, names of functions, middleware arrays (flattened), wrapper calls.
    mutating func addHandlers<Args: Collection>(_ args: Args, _ label: EntryLabel, _ framework: Framework, site: NodeID) where Args.Element == NodeID {
        for a in args {
            let e = sem.tree.unwrap(a)
            switch tree[e] {
            case .arrayExpression(let elements):
                addHandlers(tree.list(elements)[...], label, framework, site: site)
            case .stringLiteral, .numericLiteral, .templateLiteral, .objectExpression, .regExpLiteral:
                continue
            default:
                add(e, label, framework, site: site)
            }
        }
    }

    // MARK: - Receivers

    func serverObject(_ expr: NodeID, budget: Int = 16) -> ServerObject? {
        guard budget > 0 else { return nil }
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .call(let callee, _, let args, _):
            if let made = sem.resolveExport(callee).flatMap(ServerObject.made(by:)) { return made }
            guard case .member(let object, _, _, _) = tree[sem.tree.unwrap(callee)], let name = sem.memberName(sem.tree.unwrap(callee)),
                  let base = serverObject(object, budget: budget - 1) else { return nil }
            switch base {
            case .expressApp, .expressRouter:
                if name == "route" { return .expressRoute(tree.list(args).first.flatMap(stringValue)) }
                if name == "listen" { return nil }
                return nil
            case .expressRoute:
                return Self.httpMethods.contains(name) ? base : nil
            case .ioServer:
                return name == "of" ? .ioServer : nil
            default:
                return nil
            }
        case .new(let callee, _, _):
            return sem.resolveExport(callee).flatMap(ServerObject.made(by:))
        case .identifier:
            guard let b = sem.binding(for: e), let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
            return serverObject(v.expression, budget: budget - 1)
        case .member(let object, _, false, _):
            // `app.ws` of a koa-websocket app
            if sem.memberName(e) == "ws", serverObject(object, budget: budget - 1) == .koaWebsocketApp { return .koaWebsocket }
            // `this.wss.on('connection', ...)` where the constructor did `this.wss = new WebSocketServer(...)`
            guard tree.kind(sem.tree.unwrap(object)) == .thisExpression, let name = sem.memberName(e),
                  let value = thisField(name, at: e) else { return nil }
            return serverObject(value, budget: budget - 1)
        default:
            return nil
        }
    }

    /// A value the enclosing class assigns to `this.name` (in its constructor or methods; the first one found).
    func thisField(_ name: String, at node: NodeID) -> NodeID? {
        var cls: NodeID? = node
        var steps = 0
        while let c = cls, steps < 512, tree.kind(c) != .classDeclaration, tree.kind(c) != .classExpression {
            cls = tree.parent(c)
            steps += 1
        }
        guard let c = cls, tree.kind(c) == .classDeclaration || tree.kind(c) == .classExpression else { return nil }
        return thisFieldValues.values(of: name, in: c, sem).first
    }

    func stringValue(_ node: NodeID) -> String? {
        let e = sem.tree.unwrap(node)
        switch tree[e] {
        case .stringLiteral: return tree.stringValue(of: e)
        case .templateLiteral(let quasis, let expressions) where expressions.isEmpty:
            return tree.list(quasis).first.map { tree.stringValue(of: $0) } ?? ""
        default: return nil
        }
    }

    func isFunctionValued(_ node: NodeID) -> Bool {
        let e = sem.tree.unwrap(node)
        switch tree[e] {
        case .functionExpression, .arrowFunction: return true
        case .identifier, .member, .call: return true
        default: return false
        }
    }

    static func routeLabel(_ method: String, _ path: String?) -> EntryLabel {
        EntryLabel(kind: .route, detail: method.uppercased() + (path.map { " " + $0 } ?? ""))
    }

    // MARK: - Jobs

    /// Queue processors and scheduled tasks run per job: BullMQ `new Worker(queue, processor)`, cron's
    /// `new CronJob(time, onTick)`. Labelled "job ...", framework "job".
    /// `new GoogleStrategy(options, verify)` from a `passport-*` package (or any class named `...Strategy`
    /// given to `passport.use`): the verify callback runs per sign-in request.
    mutating func passportStrategy(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        guard let last = args.last, tree.kind(sem.tree.unwrap(last)).isFunction else { return }
        let c = sem.tree.unwrap(callee)
        let fromPassport = sem.resolveExport(c).map { $0.module.hasPrefix("passport") || $0.module.contains("passport-") } ?? false
        var inUse = false
        if let parent = tree.parent(id), case .call(let useCallee, _, _, _) = tree[parent],
           case .member(let obj, _, false, _) = tree[sem.tree.unwrap(useCallee)], sem.memberName(sem.tree.unwrap(useCallee)) == "use",
           tree.kind(sem.tree.unwrap(obj)) == .identifier, tree.name(of: sem.tree.unwrap(obj)) == "passport" {
            inUse = true
        }
        let named: Bool
        switch tree[c] {
        case .identifier: named = tree.name(of: c).hasSuffix("Strategy")
        case .member: named = (sem.memberName(c) ?? "").hasSuffix("Strategy")
        default: named = false
        }
        guard fromPassport || (inUse && named) else { return }
        add(last, "passport verify callback", .passport, site: id)
    }

    mutating func jobConstruction(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        guard args.count >= 2, let symbol = sem.resolveExport(sem.tree.unwrap(callee)) else { return }
        let module = symbol.module.hasPrefix("node:") ? String(symbol.module.dropFirst(5)) : symbol.module
        switch (module, symbol.path.last ?? "") {
        case ("bullmq", "Worker"), ("bullmq-pro", "WorkerPro"):
            add(args[1], "job " + (stringValue(args[0]) ?? "worker"), .job, site: id)
        case ("cron", "CronJob"):
            add(args[1], "job cron " + (stringValue(args[0]) ?? ""), .job, site: id)
        default:
            return
        }
    }

    /// node-cron `cron.schedule(expr, task)`, agenda `agenda.define(name, [options], handler)`, bull
    /// `queue.process([name], [concurrency], handler)` with the handler written inline.
    mutating func jobCall(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        let c = sem.tree.unwrap(callee)
        // setInterval(task, ms): a scheduled job; setTimeout(beat, ms) inside `beat` itself: a recurring one
        if tree.kind(c) == .identifier, ["setInterval", "setTimeout"].contains(tree.name(of: c)),
           let global = sem.resolveGlobal(c), global.path.count == 1, let first = args.first {
            switch global.path[0] {
            case "setInterval":
                add(first, "job interval", .job, site: id)
            case "setTimeout":
                let target = sem.tree.unwrap(first)
                if tree.kind(target) == .identifier, let fn = sem.valueNode(for: target), tree.kind(fn).isFunction,
                   sem.tree.enclosingFunction(of: id).map({ isInside($0, fn) }) == true {
                    add(first, "job timer loop", .job, site: id)
                }
            default:
                break
            }
            return
        }
        guard case .member(let object, _, _, _) = tree[c], let method = sem.memberName(c),
              ["schedule", "define", "process"].contains(method), let last = args.last else { return }
        var handler = sem.tree.unwrap(last)
        // A processor wrapped for tracing or error handling: `traceFunction({...})(async function (job) {...})`.
        if method == "process", case .call(_, _, let wrapped, _) = tree[handler],
           let inner = tree.list(wrapped).last(where: { tree.kind(sem.tree.unwrap($0)).isFunction }) {
            handler = sem.tree.unwrap(inner)
        }
        guard tree.kind(handler).isFunction else { return }
        switch method {
        case "schedule":
            guard let symbol = sem.resolveExport(c), symbol.module == "node-cron" else { return }
            add(last, "job cron " + (args.first.flatMap(stringValue) ?? ""), .job, site: id)
        case "define":
            guard args.count >= 2, let name = args.first.flatMap(stringValue) else { return }
            add(last, "job " + name, .job, site: id)
        default:  // process
            // not a call result (`postcss(plugins).process(css)`), and the handler takes the job
            // not a call result (`postcss(plugins).process(css)`) unless a queue is what it makes
            // (`taskQueue().process(...)`), and the handler takes the job
            guard tree.kind(sem.tree.unwrap(object)) != .call || isQueueFactoryCall(sem.tree.unwrap(object)),
                  sem.function(handler)?.params.isEmpty == false else { return }
            add(handler, "job " + (args.first.flatMap(stringValue) ?? "queue processor"), .job, site: id)
        }
    }

    /// `taskQueue()`, `getQueue('mail')`: a call whose callee is named for a queue.
    func isQueueFactoryCall(_ node: NodeID) -> Bool {
        guard case .call(let callee, _, _, _) = tree[node] else { return false }
        let c = sem.tree.unwrap(callee)
        let name: String
        switch tree[c] {
        case .identifier: name = tree.name(of: c)
        case .member: name = sem.memberName(c) ?? ""
        default: return false
        }
        return name.lowercased().contains("queue")
    }

    /// Whether `node` is `ancestor` or nested in it.
    func isInside(_ node: NodeID, _ ancestor: NodeID) -> Bool {
        var n: NodeID? = node
        var steps = 0
        while let x = n, steps < 512 {
            if x == ancestor { return true }
            n = tree.parent(x)
            steps += 1
        }
        return false
    }

    // MARK: - Calls

    /// Method and function names that can register a handler; every other call is skipped before any
    /// resolution, which keeps the walk cheap on large projects.
    static let registrationNames = NameSet(httpMethods.union([
        "use", "on", "route", "addHook", "ext", "addListener", "once", "prependListener",
        "createServer", "createSecureServer", "register", "ws", "micro", "serve", "subscribe",
    ]))

    mutating func call(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        let c = sem.tree.unwrap(callee)
        switch tree[c] {
        case .member:
            guard let name = sem.memberName(c) else { return }
            if Self.trpcResolvers.contains(name) { trpcProcedure(id, callee: c, args: args); return }
            guard Self.registrationNames.contains(name) else { return }
        case .identifier:
            guard Self.registrationNames.contains(tree.name(of: c)) else { return }
        default:
            return
        }
        // net.createServer(onConnection): per connection, and its socket's 'data' handlers per message
        if let symbol = sem.resolveExport(c), case .netServer? = ServerObject.made(by: symbol) {
            if let h = args.last(where: { isFunctionValued($0) && tree.kind(sem.tree.unwrap($0)) != .objectExpression }) {
                add(h, "net connection handler", .net, site: id)
                socketEventHandlers(in: h, framework: .net, prefix: "net ")
            }
            return
        }
        // http.createServer(handler)
        if let symbol = sem.resolveExport(c), case .nodeServer(let m)? = ServerObject.made(by: symbol) {
            if let h = args.last(where: { isFunctionValued($0) && tree.kind(sem.tree.unwrap($0)) != .objectExpression }) {
                add(h, "request handler", .http, site: id)
                _ = m
            }
            return
        }
        guard case .member(let object, _, _, _) = tree[c], let method = sem.memberName(c) else { return }
        let receiver = serverObject(object)
        // incoming data on a client socket the code creates (OperationEntryPoints)
        if receiver == nil {
            clientSocketHandler(id, object: object, method: method, args: args)
            subscriptionHandler(id, method: method, args: args)
        }
        switch receiver {
        case .expressApp?, .expressRouter?, .koaRouter?, .hono?:
            let fw = receiver?.framework ?? .express
            // express-ws: app.ws('/path', [middleware...], (ws, req) => { ws.on('message', ...) }), once per
            // WebSocket connection
            if method == "ws", receiver == .expressApp || receiver == .expressRouter, args.count >= 2,
               stringValue(args[0]) != nil {
                for h in args.dropFirst() where isFunctionValued(h) {
                    add(h, "ws connection handler", .ws, site: id)
                    wsMessageHandlers(in: h)
                }
                return
            }
            if Self.httpMethods.contains(method) || (method == "on" && receiver == .hono) {
                var rest = args[...]
                var verb = method
                if method == "on", let first = rest.first, let v = stringValue(first) {
                    verb = v
                    rest = rest.dropFirst()
                }
                var path: String?
                while let first = rest.first, let s = stringValue(first) {
                    path = s  // koa-router: (name, path, ...)
                    rest = rest.dropFirst()
                }
                addHandlers(rest, Self.routeLabel(verb, path), fw, site: id)
            } else if method == "register", args.count >= 3, let path = stringValue(args[0]) {
                // koa-router: router.register(path, ['get', 'post'], [middleware..., handler])
                var verbs: [String] = []
                if case .arrayExpression(let ms) = tree[sem.tree.unwrap(args[1])] {
                    verbs = tree.list(ms).compactMap { stringValue($0) }
                }
                addHandlers(args[2...], Self.routeLabel(verbs.isEmpty ? "all" : verbs.joined(separator: "|"), path), fw, site: id)
            } else if method == "use" {
                var rest = args[...]
                var path: String?
                if let first = rest.first, let s = stringValue(first) {
                    path = s
                    rest = rest.dropFirst()
                }
                addHandlers(rest, EntryLabel(kind: .middleware, detail: path ?? ""), fw, site: id)
            }
        case .expressRoute(let path)?:
            if Self.httpMethods.contains(method) {
                addHandlers(args[...], Self.routeLabel(method, path), .express, site: id)
            }
        case .koaApp?, .koaWebsocketApp?:
            if method == "use" { addHandlers(args[...], EntryLabel(kind: .middleware, detail: ""), .koa, site: id) }
        case .koaWebsocket?:
            // app.ws.use(async (ctx) => { ctx.websocket.on('message', ...) }): once per WebSocket connection
            if method == "use" {
                for h in args where isFunctionValued(h) { add(h, "ws connection handler", .ws, site: id) }
            }
        case .fastify?:
            fastifyCall(id, method: method, args: args, framework: .fastify)
        case .hapi?:
            hapiCall(id, method: method, args: args)
        case .nodeServer(let m)?:
            if ["on", "addListener", "once", "prependListener"].contains(method), let event = args.first.flatMap(stringValue),
               event == "request" || (m == "http2" && event == "stream") {
                addHandlers(args.dropFirst(), "request handler", .http, site: id)
            }
        case .wsServer?:
            if method == "on", args.first.flatMap(stringValue) == "connection", args.count >= 2 {
                add(args[1], "ws connection handler", .ws, site: id)
                wsMessageHandlers(in: args[1])
            }
        case .ioServer?:
            // io.on('connection', (socket) => { socket.on('event', handler) }): per connection, per message
            if method == "on", ["connection", "connect"].contains(args.first.flatMap(stringValue) ?? ""), args.count >= 2 {
                add(args[1], "socket.io connection handler", .socketIO, site: id)
                socketEventHandlers(in: args[1], framework: .socketIO, prefix: "socket.io event ")
            } else if method == "use", let h = args.first {
                add(h, "socket.io middleware", .socketIO, site: id)
            }
        case .netServer?:
            if method == "on", args.first.flatMap(stringValue) == "connection", args.count >= 2 {
                add(args[1], "net connection handler", .net, site: id)
                socketEventHandlers(in: args[1], framework: .net, prefix: "net ")
            }
        case nil:
            shapedCall(id, object: object, method: method, args: args)
        }
    }

    mutating func fastifyCall(_ id: NodeID, method: String, args: [NodeID], framework: Framework) {
        if Self.httpMethods.contains(method), let path = args.first.flatMap(stringValue) {
            let label = Self.routeLabel(method, path)
            for a in args.dropFirst() {
                let e = sem.tree.unwrap(a)
                if case .objectExpression = tree[e] {
                    routeOptions(e, label: label, framework: framework, site: id)
                } else if isFunctionValued(e) {
                    add(e, label, framework, site: id)
                }
            }
        } else if method == "route", let options = args.first, case .objectExpression = tree[sem.tree.unwrap(options)] {
            let o = sem.tree.unwrap(options)
            let verb = sem.staticMember(of: o, "method").flatMap(methodText) ?? "ALL"
            let path = sem.staticMember(of: o, "url").flatMap(stringValue) ?? sem.staticMember(of: o, "path").flatMap(stringValue)
            routeOptions(o, label: Self.routeLabel(verb, path), framework: framework, site: id)
        } else if method == "addHook", let hook = args.first.flatMap(stringValue), Self.fastifyRequestHooks.contains(hook),
                  args.count >= 2 {
            add(args[1], "hook " + hook, framework, site: id)
        }
    }

    /// `handler` and request hooks of a route options object.
    mutating func routeOptions(_ object: NodeID, label: EntryLabel, framework: Framework, site: NodeID) {
        if let h = sem.staticMember(of: object, "handler") { add(h, label, framework, site: site) }
        for hook in Self.fastifyRequestHooks.sorted() {
            if let h = sem.staticMember(of: object, hook) { addHandlers([h][...], label, framework, site: site) }
        }
    }

    func methodText(_ node: NodeID) -> String? {
        if let s = stringValue(node) { return s }
        if case .arrayExpression(let elements) = tree[sem.tree.unwrap(node)] {
            let names = tree.list(elements).compactMap(stringValue)
            return names.isEmpty ? nil : names.joined(separator: ",")
        }
        return nil
    }

    mutating func hapiCall(_ id: NodeID, method: String, args: [NodeID]) {
        if method == "route", let first = args.first {
            hapiRoutes(sem.tree.unwrap(first), site: id)
        } else if method == "ext", let point = args.first.flatMap(stringValue), Self.hapiRequestExtensions.contains(point),
                  args.count >= 2 {
            add(args[1], "extension " + point, .hapi, site: id)
        }
    }

    mutating func hapiRoutes(_ node: NodeID, site: NodeID) {
        switch tree[node] {
        case .arrayExpression(let elements):
            for e in tree.list(elements) { hapiRoutes(sem.tree.unwrap(e), site: site) }
        case .objectExpression:
            let verb = sem.staticMember(of: node, "method").flatMap(methodText) ?? "ALL"
            let path = sem.staticMember(of: node, "path").flatMap(stringValue)
            let label = Self.routeLabel(verb, path)
            if let h = sem.staticMember(of: node, "handler") {
                add(h, label, .hapi, site: site)
            }
            for key in ["options", "config"] {
                if let o = sem.staticMember(of: node, key), case .objectExpression = tree[sem.tree.unwrap(o)],
                   let h = sem.staticMember(of: sem.tree.unwrap(o), "handler") {
                    add(h, label, .hapi, site: site)
                }
            }
        default:
            break
        }
    }

    /// `socket.on('message', fn)` on the first parameter of a ws connection handler.
    /// `socket.on('event', handler)` on the connection handler's socket parameter: each handler runs per
    /// message of that event (socket.io events; a net socket's 'data').
    mutating func socketEventHandlers(in handler: NodeID, framework: Framework, prefix: String) {
        guard let fn = sem.valueNode(for: handler), tree.kind(fn).isFunction,
              let socket = sem.parameterBindings(of: fn).first else { return }
        for ref in sem.references(of: socket) {
            guard let member = tree.parent(ref.node), case .member(let obj, _, _, _) = tree[member], obj == ref.node,
                  ["on", "once"].contains(sem.memberName(member) ?? ""), let call = tree.parent(member),
                  case .call(let callee, _, let args, _) = tree[call], callee == member else { continue }
            let list = Array(tree.list(args))
            guard list.count >= 2, let event = stringValue(list[0]) else { continue }
            if framework == .net && event != "data" { continue }
            if ExecutionGuards.isLifecycleEvent(event) { continue }
            add(list[list.count - 1], prefix + event, framework, site: call)
        }
    }

    mutating func wsMessageHandlers(in handler: NodeID) {
        guard let fn = sem.valueNode(for: handler), tree.kind(fn).isFunction,
              let socket = sem.parameterBindings(of: fn).first else { return }
        for ref in sem.references(of: socket) {
            guard let member = tree.parent(ref.node), case .member(let obj, _, _, _) = tree[member], obj == ref.node,
                  sem.memberName(member) == "on", let call = tree.parent(member),
                  case .call(let callee, _, let args, _) = tree[call], callee == member else { continue }
            let list = Array(tree.list(args))
            if list.count >= 2, let event = stringValue(list[0]), event == "message" || event == "data" {
                add(list[1], "ws message handler", .ws, site: call)
            }
        }
    }

    /// Registrations on a receiver whose origin is not visible here, recognised by their shape.
    mutating func shapedCall(_ id: NodeID, object: NodeID, method: String, args: [NodeID]) {
        if let origin = sem.resolveExport(object), Self.clientModules.contains(origin.module) { return }
        if let g = sem.resolveGlobal(object), !g.path.isEmpty { return }
        // `server.io.on('connection', (socket) => ...)`: a socket.io server held by an application object
        if method == "on", args.count >= 2, ["connection", "connect"].contains(args.first.flatMap(stringValue) ?? ""),
           isNamedIO(object) {
            add(args[1], "socket.io connection handler", .socketIO, site: id)
            socketEventHandlers(in: args[1], framework: .socketIO, prefix: "socket.io event ")
            return
        }
        if Self.httpMethods.contains(method), let path = args.first.flatMap(stringValue), path.hasPrefix("/"),
           args.dropFirst().contains(where: { isFunctionValued($0) && !isPlainData($0) }) {
            fastifyCall(id, method: method, args: args, framework: .routes)
        } else if method == "route", let options = args.first, case .objectExpression = tree[sem.tree.unwrap(options)] {
            let o = sem.tree.unwrap(options)
            if sem.staticMember(of: o, "handler") != nil,
               sem.staticMember(of: o, "url") != nil || sem.staticMember(of: o, "path") != nil {
                fastifyCall(id, method: method, args: args, framework: .routes)
            }
        } else if method == "addHook" {
            fastifyCall(id, method: method, args: args, framework: .routes)
        }
    }

    // MARK: - tRPC

    static let trpcResolvers: NameSet = ["query", "mutation", "subscription"]

    /// `publicProcedure.input(schema).query(async ({ ctx, input }) => ...)`: a procedure's resolver runs per
    /// request. The builder chain starts at a name ending in `Procedure` (`publicProcedure`,
    /// `protectedProcedure`) or at `t.procedure`; the label is the router key the procedure sits under.
    mutating func trpcProcedure(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        guard args.count == 1, isFunctionValued(args[0]), case .member(let object, _, _, _) = tree[callee] else { return }
        var e = sem.tree.unwrap(object)
        var steps = 0
        var isProcedure = false
        while steps < 32 {
            steps += 1
            switch tree[e] {
            case .call(let inner, _, _, _):
                e = sem.tree.unwrap(inner)
                continue
            case .member(let o, _, _, _):
                if sem.memberName(e) == "procedure" { isProcedure = true }
                e = sem.tree.unwrap(o)
                continue
            case .identifier:
                if tree.name(of: e).hasSuffix("Procedure") { isProcedure = true }
            default:
                break
            }
            break
        }
        guard isProcedure else { return }
        var label = "tRPC procedure"
        if let p = tree.parent(id), case .property(let key, _, _, _) = tree[p], let name = sem.propertyName(key) {
            label += " " + name
        }
        add(args[0], label, .trpc, site: id)
    }

    // MARK: - Route helpers

    /// `router[verb](path, middlewares, wrap(controller))` or `router.get(path, controller)` inside a function
    /// whose router and handler come from its own parameters (`setupApiRoute = function (...args) { const
    /// [router, verb, name] = args; const controller = args[args.length - 1]; ... }`): the function
    /// registers routes for its callers.
    mutating func routeHelperDefinition(_ id: NodeID, callee: NodeID, args: [NodeID]) {
        let c = sem.tree.unwrap(callee)
        guard args.count >= 2, case .member(let object, let property, let computed, _) = tree[c],
              let fn = tree.enclosingFunction(of: id), routeHelpers.last != fn else { return }
        if computed {
            let p = sem.tree.unwrap(property)
            guard tree.kind(p) == .identifier, fromParameter(p, of: fn) else { return }
        } else {
            guard let name = sem.memberName(c), Self.httpMethods.contains(name) else { return }
        }
        let receiver = sem.tree.unwrap(object)
        guard tree.kind(receiver) == .identifier, fromParameter(receiver, of: fn) else { return }
        // the path comes from the caller or is written here
        let path = sem.tree.unwrap(args[0])
        guard stringValue(path) != nil || tree.kind(path) == .templateLiteral
                || (tree.kind(path) == .identifier && fromParameter(path, of: fn)) else { return }
        // and a handler among the arguments is the caller's, given directly or through a wrapper call
        let passesHandler = args.dropFirst().contains { a in
            let e = sem.tree.unwrap(a)
            if tree.kind(e) == .identifier { return fromParameter(e, of: fn) }
            guard case .call(_, _, let inner, _) = tree[e] else { return false }
            return tree.list(inner).contains { x in
                let v = sem.tree.unwrap(x)
                return tree.kind(v) == .identifier && fromParameter(v, of: fn)
            }
        }
        if passesHandler { routeHelpers.append(fn) }
    }

    /// Whether an identifier holds one of `fn`'s parameters, or a part of one (`const [a, b] = args`,
    /// `const last = args[args.length - 1]`), declared in `fn` itself.
    func fromParameter(_ ident: NodeID, of fn: NodeID, budget: Int = 4) -> Bool {
        guard budget > 0, let b = sem.binding(for: ident) else { return false }
        let binding = sem.binding(b)
        if binding.kind == .parameter { return sem.parameterBindings(of: fn).contains(b) }
        guard binding.kind.isVariable, tree.enclosingFunction(of: binding.declarationNode) == fn,
              let v = sem.constantValue(of: b) else { return false }
        var e = sem.tree.unwrap(v.expression)
        while case .member(let o, _, _, _) = tree[e] { e = sem.tree.unwrap(o) }
        return tree.kind(e) == .identifier && fromParameter(e, of: fn, budget: budget - 1)
    }

    /// Calls of a route helper: a route when a string argument names a path (or the first argument is a
    /// server object); an HTTP method among the strings names the verb. The function-valued arguments
    /// after the router are the route's middleware and handler.
    mutating func routeHelperCalls(names: Set<String>, isHelper: (NodeID) -> Bool) {
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .call, case .call(let callee, _, let argList, _) = tree[id], !argList.isEmpty else { continue }
            let c = sem.tree.unwrap(callee)
            let name: String
            switch tree[c] {
            case .identifier: name = tree.name(of: c)
            case .member: name = sem.memberName(c) ?? ""
            default: continue
            }
            guard names.contains(name) else { continue }
            let args = Array(tree.list(argList))
            var verb: String?, path: String?
            for a in args {
                guard let s = stringValue(a) else { continue }
                if verb == nil, Self.httpMethods.contains(s.lowercased()) { verb = s } else if path == nil, s.hasPrefix("/") { path = s }
            }
            guard path != nil || args.first.flatMap({ serverObject($0) }) != nil, isHelper(callee) else { continue }
            addHandlers(args.dropFirst().filter { !isPlainData($0) }[...], Self.routeLabel(verb ?? "all", path),
                        .routes, site: id)
        }
    }

    /// `io`, `this.io`, `server.io`: where an application keeps its socket.io server.
    func isNamedIO(_ expr: NodeID) -> Bool {
        let e = sem.tree.unwrap(expr)
        switch tree[e] {
        case .identifier: return tree.name(of: e) == "io"
        case .member:
            // `io.sockets` (also `socket.sockets` on a server kept under another name): socket.io's default
            // namespace, a member no other server object has
            let name = sem.memberName(e)
            return name == "io" || name == "sockets"
        case .call(let callee, _, _, _):
            // `io.of('/settings')`: a namespace of it
            guard case .member(let object, _, false, _) = tree[sem.tree.unwrap(callee)],
                  sem.memberName(sem.tree.unwrap(callee)) == "of" else { return false }
            return isNamedIO(object)
        default: return false
        }
    }

    /// A name bound to a literal value (not a function).
    func isPlainData(_ node: NodeID) -> Bool {
        let e = sem.tree.unwrap(node)
        guard tree.kind(e) == .identifier || tree.kind(e) == .member, let v = sem.valueNode(for: e) else { return false }
        switch tree.kind(v) {
        case .objectExpression, .stringLiteral, .numericLiteral, .arrayExpression, .templateLiteral: return true
        default: return false
        }
    }

    // MARK: - NestJS

    func nestDecorator(_ d: NodeID) -> (name: String, arg: String?)? {
        guard case .decorator(let expr) = tree[d] else { return nil }
        let e = sem.tree.unwrap(expr)
        var callee = e
        var arg: String?
        if case .call(let c, _, let args, _) = tree[e] {
            callee = c
            if let first = tree.list(args).first {
                let f = sem.tree.unwrap(first)
                arg = stringValue(f)
                if arg == nil, case .objectExpression = tree[f] { arg = sem.staticMember(of: f, "path").flatMap(stringValue) }
            }
        }
        guard let symbol = sem.resolveExport(callee), symbol.module.hasPrefix("@nestjs/"), symbol.path.count == 1 else {
            return nil
        }
        return (symbol.path[0], arg)
    }

    mutating func nestController(decorators: NodeList, body: NodeID) {
        var prefix: String?
        var isController = false
        var isGateway = false
        for d in tree.list(decorators) {
            guard let (name, arg) = nestDecorator(d) else { continue }
            if name == "Controller" { isController = true; prefix = arg }
            if name == "WebSocketGateway" { isGateway = true }
        }
        guard isController || isGateway, case .classBody(let members) = tree[body] else { return }
        for m in tree.list(members) {
            guard case .methodDefinition(let decs, _, let value, .method, _) = tree[m] else { continue }
            for d in tree.list(decs) {
                guard let (name, arg) = nestDecorator(d) else { continue }
                if isController, let verb = Self.nestMethods[name] {
                    add(value, Self.routeLabel(verb, Self.joinRoute(prefix, arg)), .nestjs, site: d)
                } else if name == "SubscribeMessage" || name == "MessagePattern" || name == "EventPattern" {
                    add(value, "message handler" + (arg.map { " " + $0 } ?? ""), .nestjs, site: d)
                }
            }
        }
    }

    static func joinRoute(_ prefix: String?, _ path: String?) -> String {
        let parts = [prefix, path].compactMap { $0 }.map { $0.split(separator: "/").joined(separator: "/") }.filter { !$0.isEmpty }
        return "/" + parts.joined(separator: "/")
    }

    // MARK: - Next.js

    mutating func nextJS() {
        let parts = unit.path.splitASCII(UInt8(ascii: "/")).map(String.init)
        guard let file = parts.last else { return }
        let stem = file.splitASCII(UInt8(ascii: ".")).first.map(String.init) ?? file
        if let api = Self.indexOf(["pages", "api"], in: parts) {
            var segments = Array(parts[(api + 1)..<(parts.count - 1)])
            if stem != "index" { segments.append(stem) }
            let route = "/api" + segments.map { "/" + $0 }.joined()
            for e in sem.exports where e.name == "default" {
                if let v = e.value { add(v, EntryLabel(kind: .route, detail: route), .nextjs, site: e.node) }
            }
        } else if stem == "page" || stem == "layout", let app = parts.lastIndex(of: "app"), app < parts.count - 1,
                  unit.role == .source {
            // App Router server components render per request (a 'use client' file is browser code)
            let segments = parts[(app + 1)..<(parts.count - 1)].filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }
            let route = "/" + segments.joined(separator: "/")
            for e in sem.exports where e.name == "default" || e.name == "generateMetadata" {
                if let v = e.value { add(v, EntryLabel(kind: .other, detail: stem + " " + route), .nextjs, site: e.node) }
            }
        } else if stem == "route", let app = parts.lastIndex(of: "app"), app < parts.count - 1 {
            let segments = parts[(app + 1)..<(parts.count - 1)].filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }
            let route = "/" + segments.joined(separator: "/")
            for e in sem.exports where ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(e.name) {
                if let v = e.value { add(v, Self.routeLabel(e.name, route), .nextjs, site: e.node) }
            }
        }
    }

    /// Server actions (ServerActions.swift): each export of a `'use server'` module (a function, or the
    /// function an exported call makes of one, `actionClient.schema(s).action(async ({ parsedInput }) => ...)`),
    /// and each function whose body starts with `'use server'`. Browser files never hold them (a
    /// `'use client'` file is browser code).
    mutating func serverActions() {
        if ServerActions.isServerModule(tree) {
            for e in sem.exports where !e.typeOnly {
                guard let v = e.value else { continue }
                let name = e.name == "default" ? (sem.functionName(v) ?? "default") : e.name
                add(v, "server action " + name, .serverAction, site: e.node)
                // `client.action(withAudit('created', async ({ parsedInput }) => ...))`: the wrapper next-safe-action
                // calls, and the handler given to it
                if case .call(_, _, let args, _) = tree[sem.tree.unwrap(v)] {
                    for a in tree.list(args) where tree.kind(sem.tree.unwrap(a)) == .call {
                        add(a, "server action " + name, .serverAction, site: e.node)
                    }
                }
            }
        }
        for fn in ServerActions.inlineActions(sem) {
            add(fn, "server action " + (sem.functionName(fn) ?? "(inline)"), .serverAction, site: fn)
        }
    }

    static func indexOf(_ pair: [String], in parts: [String]) -> Int? {
        guard parts.count > 2 else { return nil }
        for i in 0..<(parts.count - 2) where parts[i] == pair[0] && parts[i + 1] == pair[1] { return i + 1 }
        return nil
    }

    // MARK: - Handler-shaped exports and middleware factories

    static func isHandlerShape(_ names: [String]) -> Bool {
        let req: Set<String> = ["req", "request"], res: Set<String> = ["res", "response", "reply"]
        switch names.count {
        // (ctx, next): Koa; (c, next): Hono's middleware
        case 2: return (req.contains(names[0]) && res.contains(names[1])) || (["ctx", "context", "c"].contains(names[0]) && names[1] == "next")
        case 3: return req.contains(names[0]) && res.contains(names[1]) && names[2] == "next"
        case 4: return ["err", "error"].contains(names[0]) && req.contains(names[1]) && res.contains(names[2]) && names[3] == "next"
        default: return false
        }
    }

    func parameterNames(_ fn: NodeID) -> [String] {
        guard let info = sem.function(fn) else { return [] }
        return info.params.map { p in
            var e = p
            if case .assignmentPattern(let left, _) = tree[e] { e = left }
            return tree.kind(e) == .identifier ? tree.name(of: e) : ""
        }
    }

    mutating func handlerShapedExports() {
        for e in sem.exports where !e.typeOnly {
            guard let v = e.value, let fn = sem.valueNode(for: v), tree.kind(fn).isFunction else { continue }
            let name = e.name.isEmpty ? (sem.functionName(fn) ?? "module.exports") : e.name
            if Self.isHandlerShape(parameterNames(fn)) {
                add(fn, "exported handler " + name, .export, site: e.node)
            } else {
                for r in sem.returnedFunctions(of: fn) where Self.isHandlerShape(parameterNames(r)) {
                    add(r, EntryLabel(kind: .middleware, detail: "from " + name + "()"), .export, site: e.node)
                }
            }
        }
    }

    // MARK: - looplint.yml

    mutating func configured() {
        for entry in config.entryPoints {
            if let file = entry.file, !Glob(file).matches(unit.path) { continue }
            for fn in sem.functions where sem.functionName(fn) == entry.function {
                add(fn, "entry point " + entry.function, .config, site: fn)
            }
        }
    }
}

