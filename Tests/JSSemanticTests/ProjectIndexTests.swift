// ProjectIndex: module resolution between project files, export mapping through re-exports, call graph.

import Testing
import SourceText
import JSSyntax
@testable import JSSemantic

/// An in-memory project: source files and config files by path.
struct TestProject {
    var sources: [String: String]
    var configs: [String: String] = [:]

    func index() -> ProjectIndex {
        let files = sources.keys.sorted().map { path in
            (path: path, semantics: semantics(sources[path] ?? "", path: path))
        }
        let configs = self.configs
        return ProjectIndex(files: files, readConfig: { configs[$0] })
    }
}

extension ProjectIndex {
    func id(_ path: String) -> FileID? { fileID(path: path) }

    /// The function node whose name (own, or from its context) is `name`, in `path`.
    func function(named name: String, in path: String) -> ProjectNode? {
        guard let f = id(path) else { return nil }
        let sem = semantics(f)
        guard let fn = sem.functions.first(where: { sem.functionName($0) == name }) else { return nil }
        return ProjectNode(file: f, node: fn)
    }

    func describe(_ n: ProjectNode) -> String {
        let sem = semantics(n.file)
        let name = sem.tree.kind(n.node) == .program ? "<top>" : (sem.functionName(n.node) ?? "<anonymous>")
        return "\(file(n.file).path):\(name)"
    }

    func describe(_ v: ProjectValue?) -> String {
        guard let v else { return "nil" }
        switch v {
        case .function(let n): return "function \(describe(n))"
        case .classValue(let n): return "class \(file(n.file).path):\(semantics(n.file).tree.kind(n.node))"
        case .instance(let n): return "instance \(file(n.file).path):\(semantics(n.file).tree.kind(n.node))"
        case .object(let n): return "object \(file(n.file).path)"
        case .module(let f): return "module \(file(f).path)"
        }
    }
}

@Suite struct ModuleResolutionTests {
    @Test func relativeSpecifiers() {
        let p = TestProject(sources: [
            "/p/src/app.js": "require('./routes'); require('../lib/db'); require('./util.js'); require('./missing'); require('express')",
            "/p/src/routes/index.js": "",
            "/p/lib/db.ts": "",
            "/p/src/util.ts": "",
        ]).index()
        guard let app = p.id("/p/src/app.js") else { Issue.record("no app"); return }
        #expect(p.resolveSpecifier("./routes", from: app) == p.id("/p/src/routes/index.js"))
        #expect(p.resolveSpecifier("../lib/db", from: app) == p.id("/p/lib/db.ts"))
        #expect(p.resolveSpecifier("./util.js", from: app) == p.id("/p/src/util.ts"))
        #expect(p.resolveSpecifier("./missing", from: app) == nil)
        #expect(p.resolveSpecifier("express", from: app) == nil)
    }

    @Test func extensionsAreTriedInTheirOrder() {
        // several files share a stem: the first of .ts, .tsx, .mts, .cts, .js, .jsx, .mjs, .cjs wins, for a
        // file and for a folder's index; a stem holding a dot is still a stem
        let p = TestProject(sources: [
            "/p/app.js": "require('./x'); require('./y'); require('./dir'); require('./a.b'); require('./c'); require('./c.m'); require('./é'); require('./e\u{301}x')",
            // not ASCII: the stems as Characters (a combining accent is part of the last letter)
            "/p/é.ts": "", "/p/é.js": "", "/p/e\u{301}x.cjs": "",
            "/p/x.js": "", "/p/x.ts": "",
            "/p/y.cjs": "", "/p/y.mjs": "",
            "/p/dir/index.mjs": "", "/p/dir/index.tsx": "",
            "/p/a.b.ts": "", "/p/c.mts": "",
        ]).index()
        guard let app = p.id("/p/app.js") else { Issue.record("no app"); return }
        #expect(p.resolveSpecifier("./x", from: app) == p.id("/p/x.ts"))
        #expect(p.resolveSpecifier("./y", from: app) == p.id("/p/y.mjs"))
        #expect(p.resolveSpecifier("./dir", from: app) == p.id("/p/dir/index.tsx"))
        #expect(p.resolveSpecifier("./a.b", from: app) == p.id("/p/a.b.ts"))
        #expect(p.resolveSpecifier("./c", from: app) == p.id("/p/c.mts"))
        #expect(p.resolveSpecifier("./c.m", from: app) == nil)
        #expect(p.resolveSpecifier("./é", from: app) == p.id("/p/é.ts"))
        #expect(p.resolveSpecifier("./e\u{301}x", from: app) == p.id("/p/e\u{301}x.cjs"))
    }

    @Test func tsconfigPathsAndBaseUrl() {
        let p = TestProject(sources: [
            "/p/src/app.ts": "import { a } from '@/services/users'\nimport { b } from 'lib/db'\nimport { c } from '~shared'",
            "/p/src/services/users.ts": "",
            "/p/lib/db.ts": "",
            "/p/shared/index.ts": "",
        ], configs: [
            "/p/tsconfig.json": """
            {
              // comments and trailing commas are allowed
              "extends": "./tsconfig.base.json",
              "compilerOptions": { "baseUrl": ".", /* block */ },
            }
            """,
            "/p/tsconfig.base.json": #"{ "compilerOptions": { "paths": { "@/*": ["src/*"], "~shared": ["shared"], /* c */ }, // d"# + "\n} }",
        ]).index()
        guard let app = p.id("/p/src/app.ts") else { Issue.record("no app"); return }
        #expect(p.resolveSpecifier("@/services/users", from: app) == p.id("/p/src/services/users.ts"))
        #expect(p.resolveSpecifier("lib/db", from: app) == p.id("/p/lib/db.ts"))
        #expect(p.resolveSpecifier("~shared", from: app) == p.id("/p/shared/index.ts"))
    }

    @Test func ownPackageNameMainExportsAndImports() {
        let p = TestProject(sources: [
            "/p/bin/cli.js": "require('my-app'); require('my-app/utils'); require('#db')",
            "/p/src/main.js": "",
            "/p/src/utils.js": "",
            "/p/src/db/index.js": "",
        ], configs: [
            "/p/package.json": ##"{ "name": "my-app", "exports": { ".": { "require": "./src/main.js" }, "./utils": "./src/utils.js" }, "imports": { "#db": "./src/db/index.js" } }"##,
        ]).index()
        guard let cli = p.id("/p/bin/cli.js") else { Issue.record("no cli"); return }
        #expect(p.resolveSpecifier("my-app", from: cli) == p.id("/p/src/main.js"))
        #expect(p.resolveSpecifier("my-app/utils", from: cli) == p.id("/p/src/utils.js"))
        #expect(p.resolveSpecifier("#db", from: cli) == p.id("/p/src/db/index.js"))
    }

    /// A sibling package of a workspace resolves by name, its export into build output to the source under
    /// `src/`; outside a workspace, or for a name no package of it has, the specifier stays an outside package.
    @Test func workspacePackagesByName() {
        let sources = [
            "/m/packages/scripts/src/gen.ts": "import { a } from '@x/utils'; import { b } from '@x/utils/extra'; import c from 'lodash'",
            "/m/packages/utils/src/index.ts": "export const a = 1",
            "/m/packages/utils/src/extra.ts": "export const b = 1",
            "/m/packages/core/lib/main.js": "module.exports = require('core-helpers')",
            "/m/packages/core-helpers/index.js": "",
        ]
        let packages = [
            "/m/packages/scripts/package.json": #"{ "name": "@x/scripts", "private": true, "bin": "./bin/gen.js" }"#,
            "/m/packages/utils/package.json": #"{ "name": "@x/utils", "exports": { ".": { "types": "./dist/index.d.ts", "default": "./dist/index.js" }, "./extra": "./dist/extra.mjs" } }"#,
            "/m/packages/core/package.json": #"{ "name": "core", "main": "lib/main.js" }"#,
            "/m/packages/core-helpers/package.json": #"{ "name": "core-helpers" }"#,
        ]
        var workspace = packages
        workspace["/m/pnpm-workspace.yaml"] = "packages:\n  - 'packages/*'\n"
        let p = TestProject(sources: sources, configs: workspace).index()
        guard let gen = p.id("/m/packages/scripts/src/gen.ts"), let main = p.id("/m/packages/core/lib/main.js") else {
            Issue.record("no files"); return
        }
        #expect(p.resolveSpecifier("@x/utils", from: gen) == p.id("/m/packages/utils/src/index.ts"))
        #expect(p.resolveSpecifier("@x/utils/extra", from: gen) == p.id("/m/packages/utils/src/extra.ts"))
        #expect(p.resolveSpecifier("lodash", from: gen) == nil)
        #expect(p.resolveSpecifier("core-helpers", from: main) == p.id("/m/packages/core-helpers/index.js"))
        // the same folders without a workspace declaration: separate projects side by side
        let apart = TestProject(sources: sources, configs: packages).index()
        guard let gen2 = apart.id("/m/packages/scripts/src/gen.ts") else { Issue.record("no gen"); return }
        #expect(apart.resolveSpecifier("@x/utils", from: gen2) == nil)
    }

    @Test func packageMainOfAFolder() {
        let p = TestProject(sources: [
            "/p/index.js": "require('./lib')",
            "/p/lib/server.js": "",
        ], configs: ["/p/lib/package.json": #"{ "main": "server.js" }"#]).index()
        guard let index = p.id("/p/index.js") else { Issue.record("no index"); return }
        #expect(p.resolveSpecifier("./lib", from: index) == p.id("/p/lib/server.js"))
    }
}

@Suite struct ExportMappingTests {
    @Test func reexportChainsAndCycles() {
        let p = TestProject(sources: [
            "/p/index.ts": "export * from './a'\nexport { default as Svc } from './svc'\nexport * from './c'",
            "/p/a.ts": "export { f as g } from './b'",
            "/p/b.ts": "export const f = () => 1",
            "/p/svc.ts": "export default class Service {}",
            "/p/c.ts": "export * from './d'",
            "/p/d.ts": "export * from './c'",
        ]).index()
        guard let index = p.id("/p/index.ts") else { Issue.record("no index"); return }
        #expect(p.describe(p.exportedValue("g", of: index)) == "function /p/b.ts:f")
        #expect(p.describe(p.exportedValue("Svc", of: index)) == "class /p/svc.ts:classDeclaration")
        #expect(p.exportedValue("nothing", of: index) == nil)
    }

    @Test func commonJSAndInterop() {
        let p = TestProject(sources: [
            "/p/users.js": "function list() {}\nmodule.exports = { list, show: (req, res) => {} }",
            "/p/extra.js": "exports.create = function create() {}",
            "/p/app.mjs": "import users from './users.js'\nimport { create } from './extra.js'\nusers.list()\ncreate()",
            "/p/app2.js": "const { show } = require('./users')\nconst extra = require('./extra')\nshow(); extra.create()",
        ]).index()
        guard let app = p.id("/p/app.mjs"), let app2 = p.id("/p/app2.js") else { Issue.record("no app"); return }
        let s = p.semantics(app), s2 = p.semantics(app2)
        guard let c1 = s.node("users.list", kind: .member), let c2 = s.identifier("create", occurrence: 1),
              let c3 = s2.identifier("show", occurrence: 1), let c4 = s2.node("extra.create", kind: .member) else {
            Issue.record("nodes missing")
            return
        }
        #expect(p.describe(p.value(of: c1, in: app)) == "function /p/users.js:list")
        #expect(p.describe(p.value(of: c2, in: app)) == "function /p/extra.js:create")
        #expect(p.describe(p.value(of: c3, in: app2)) == "function /p/users.js:show")
        #expect(p.describe(p.value(of: c4, in: app2)) == "function /p/extra.js:create")
    }

    /// `const api = module.exports; api.list = ...; api.list()` and `exports.show()` inside the module itself
    /// (NodeBB's `privsAdmin.getUserPrivilegeList()`): the module's own exports.
    @Test func ownExportsInsideTheModule() {
        let p = TestProject(sources: [
            "/p/privs.js": "const api = module.exports\napi.list = () => []\nexports.show = function show() {}\napi.list()\nexports.show()",
        ]).index()
        guard let privs = p.id("/p/privs.js") else { Issue.record("no module"); return }
        let s = p.semantics(privs)
        guard let c1 = s.node("api.list", kind: .member, occurrence: 1), let c2 = s.node("exports.show", kind: .member, occurrence: 1) else {
            Issue.record("nodes missing")
            return
        }
        #expect(p.describe(p.value(of: c1, in: privs)) == "function /p/privs.js:list")
        #expect(p.describe(p.value(of: c2, in: privs)) == "function /p/privs.js:show")
    }

    @Test func compiledTypeScriptReexport() {
        let p = TestProject(sources: [
            "/p/users.js": "exports.list = function list() {}",
            "/p/index.js": "var users_1 = require('./users');\nObject.defineProperty(exports, 'list', { enumerable: true, get: function () { return users_1.list; } });",
        ]).index()
        guard let index = p.id("/p/index.js") else { Issue.record("no index"); return }
        #expect(p.describe(p.exportedValue("list", of: index)) == "function /p/users.js:list")
    }

    @Test func singletonInstanceExport() {
        let p = TestProject(sources: [
            "/p/service.js": "class Service { run() {} }\nmodule.exports = new Service()",
            "/p/app.js": "const service = require('./service')\nservice.run()",
        ]).index()
        guard let app = p.id("/p/app.js"), let m = p.semantics(app).node("service.run", kind: .member) else {
            Issue.record("no app")
            return
        }
        #expect(p.describe(p.value(of: m, in: app)) == "function /p/service.js:run")
    }
}

@Suite struct CallGraphTests {
    @Test func expressAppTwoModulesAway() {
        let p = TestProject(sources: [
            "/p/app.js": """
            const express = require('express')
            const users = require('./controllers/users')
            const app = express()
            app.get('/users', users.list)
            """,
            "/p/controllers/users.js": """
            const { findAll } = require('../services/userService')
            exports.list = async (req, res) => { res.json(await findAll()) }
            """,
            "/p/services/userService.js": """
            const fs = require('fs')
            function readDb() { return JSON.parse(fs.readFileSync('db.json')) }
            async function findAll() { return readDb().users }
            function unused() { return fs.readFileSync('x') }
            module.exports = { findAll }
            """,
        ]).index()
        guard let app = p.id("/p/app.js"), let readDb = p.function(named: "readDb", in: "/p/services/userService.js"),
              let unused = p.function(named: "unused", in: "/p/services/userService.js") else {
            Issue.record("nodes missing")
            return
        }
        let top = ProjectNode(file: app, node: p.semantics(app).tree.root)
        let reach = p.callGraph.reachable(from: [top])
        #expect(reach.contains(readDb))
        #expect(!reach.contains(unused))
        let trace = reach.trace(to: readDb)?.map { "\(p.describe($0.callee)) (\($0.kind))" }
        #expect(trace == [
            "/p/controllers/users.js:list (callback)",
            "/p/services/userService.js:findAll (call)",
            "/p/services/userService.js:readDb (call)",
        ])
    }

    @Test func nestStyleInjection() {
        let p = TestProject(sources: [
            "/p/users.controller.ts": """
            import { Controller, Get } from '@nestjs/common'
            import { UsersService } from './users.service'
            @Controller('users')
            export class UsersController {
              constructor(private readonly usersService: UsersService) {}
              @Get()
              list() { return this.usersService.findAll() }
            }
            """,
            "/p/users.service.ts": """
            import { Injectable } from '@nestjs/common'
            import { Repo } from './repo'
            @Injectable()
            export class UsersService extends Base {
              private repo = new Repo()
              findAll() { return this.repo.load() }
            }
            """,
            "/p/repo.ts": """
            import { readFileSync } from 'fs'
            export class Repo extends Store { load() { return this.read() } }
            class Store { read() { return readFileSync('x') } }
            """,
        ]).index()
        guard let list = p.function(named: "list", in: "/p/users.controller.ts"),
              let read = p.function(named: "read", in: "/p/repo.ts") else {
            Issue.record("nodes missing")
            return
        }
        let reach = p.callGraph.reachable(from: [list])
        let trace = reach.trace(to: read)?.map { p.describe($0.callee) }
        #expect(trace == ["/p/users.service.ts:findAll", "/p/repo.ts:load", "/p/repo.ts:read"])
    }

    @Test func assignedInstancesCallbacksAndObjectMethods() {
        let p = TestProject(sources: [
            "/p/a.js": """
            class Cache { get(k) { return k } }
            class Handler {
              constructor(db) { this.cache = new Cache(); this.db = db }
              handle(req) { return this.cache.get(req.id) }
            }
            const api = {
              start() { return fetchAll().then(onData) },
              helper() { return this.start() },
            }
            function onData(rows) { return rows.map(r => transform(r)) }
            function transform(r) { return r }
            const h = new Handler(null)
            h.handle({})
            api.helper()
            """,
        ]).index()
        guard let file = p.id("/p/a.js") else { Issue.record("no file"); return }
        let top = ProjectNode(file: file, node: p.semantics(file).tree.root)
        let reach = p.callGraph.reachable(from: [top])
        for name in ["get", "handle", "helper", "start", "onData", "transform", "constructor"] {
            let fn = p.function(named: name, in: "/p/a.js")
            #expect(fn.map { reach.contains($0) } == true, "\(name) not reached")
        }
    }

    /// Classes written the ES5 way: a constructor function with methods on its prototype (assigned one by
    /// one or as an object literal). `this` in the constructor and in those methods is an instance, so
    /// `this.m()`, `this.m.bind(this)` and a field made in the constructor resolve; so do methods of
    /// `new Store()`. A plain function's `this` stays unknown.
    @Test func constructorFunctionsAndPrototypeMethods() {
        let p = TestProject(sources: [
            "/p/h.js": """
            var Cache = function () {}
            Cache.prototype = { get: function (k) { return k } }
            function Handler(server) {
              this.cache = new Cache()
              server.on('connection', this.onConnect.bind(this))
            }
            Handler.prototype.onConnect = function (socket) { return this.lookup(socket.id) }
            Handler.prototype.lookup = function (id) { return this.cache.get(id) }
            function plain() { return this.lookup(1) }
            var store = new Handler(null)
            store.lookup(2)
            """,
        ]).index()
        guard let onConnect = p.function(named: "onConnect", in: "/p/h.js"),
              let lookup = p.function(named: "lookup", in: "/p/h.js"), let get = p.function(named: "get", in: "/p/h.js"),
              let plain = p.function(named: "plain", in: "/p/h.js"), let file = p.id("/p/h.js")
        else { Issue.record("nodes missing"); return }
        #expect(p.callGraph.callees(of: onConnect).map(\.callee) == [lookup])
        #expect(p.callGraph.callees(of: lookup).map(\.callee) == [get])
        #expect(p.callGraph.callees(of: plain).isEmpty)
        let top = ProjectNode(file: file, node: p.semantics(file).tree.root)
        #expect(p.callGraph.callees(of: top).map(\.callee).contains(lookup))
        // the handler the constructor hands over is the prototype method
        let sem = p.semantics(file)
        let bound = sem.tree.nodes(ofKind: .call).first { sem.tree.text($0) == "this.onConnect.bind(this)" }
        #expect(bound.flatMap { p.function(of: $0, in: file) } == onConnect)
    }

    /// A table filled by key with instances (`this.providers[item.name] = item` over a list of `new X()`,
    /// `Server.types['ping'] = new Ping()` in another module) and a method called on the entry a key picks
    /// (directly or through a `const`): the method of each stored class is called; other methods are not.
    @Test func instanceTablesDispatchByKey() {
        let p = TestProject(sources: [
            "/p/providers.js": """
            class Apprise { notifyApprise(msg) { return msg } install() { return 1 } }
            class Webhook { notifyWebhook(msg) { return msg } }
            class Notification {
              static init() {
                const list = [new Apprise(), new Webhook()]
                for (const item of list) { this.providers[item.name] = item }
              }
              static dispatch(type, msg) { return this.providers[type].notifyApprise(msg) }
            }
            class Ping { check(m) { return m } }
            class Server { constructor() { Server.types['ping'] = new Ping() } }
            module.exports = { Notification, Server }
            """,
            "/p/app.js": """
            const { Server } = require('./providers')
            function checkOne(type, m) {
              const monitorType = Server.types[type]
              return monitorType.check(m)
            }
            module.exports = { checkOne }
            """,
        ]).index()
        guard let dispatch = p.function(named: "dispatch", in: "/p/providers.js"),
              let checkOne = p.function(named: "checkOne", in: "/p/app.js") else {
            Issue.record("nodes missing")
            return
        }
        let fromDispatch = p.callGraph.reachable(from: [dispatch])
        #expect(p.function(named: "notifyApprise", in: "/p/providers.js").map { fromDispatch.contains($0) } == true)
        #expect(p.function(named: "install", in: "/p/providers.js").map { fromDispatch.contains($0) } == false)
        #expect(p.function(named: "notifyWebhook", in: "/p/providers.js").map { fromDispatch.contains($0) } == false)
        let fromCheck = p.callGraph.reachable(from: [checkOne])
        #expect(p.function(named: "check", in: "/p/providers.js").map { fromCheck.contains($0) } == true)
    }

    @Test func recursionTerminatesAndDepthIsBounded() {
        let p = TestProject(sources: [
            "/p/r.js": "function a(n) { return b(n) }\nfunction b(n) { return c(n) }\nfunction c(n) { return a(n - 1) }",
        ]).index()
        guard let a = p.function(named: "a", in: "/p/r.js"), let c = p.function(named: "c", in: "/p/r.js") else {
            Issue.record("nodes missing")
            return
        }
        #expect(p.callGraph.reachable(from: [a]).order.count == 3)
        #expect(!p.callGraph.reachable(from: [a], maxDepth: 1).contains(c))
        #expect(p.callGraph.callers(of: a).count == 1)
    }

    @Test func shadowedNamesDoNotLink() {
        let p = TestProject(sources: [
            "/p/lib.js": "exports.work = function work() {}",
            "/p/app.js": "const lib = require('./lib')\nfunction run(lib) { lib.work() }\nrun({ work() {} })",
        ]).index()
        guard let work = p.function(named: "work", in: "/p/lib.js") else { Issue.record("no work"); return }
        #expect(p.callGraph.callers(of: work).isEmpty)
    }
}

@Suite struct ClassFieldTests {
    @Test func arrowFieldsSeeTheInstance() {
        let p = TestProject(sources: [
            "/p/c.ts": """
            class Repo { load() { return 1 } }
            class Controller {
              constructor(private repo: Repo) {}
              handle = async () => this.repo.load()
            }
            """,
        ]).index()
        guard let handle = p.function(named: "handle", in: "/p/c.ts"), let load = p.function(named: "load", in: "/p/c.ts")
        else { Issue.record("nodes missing"); return }
        #expect(p.callGraph.callees(of: handle).map(\.callee) == [load])
    }
}

/// Constructor functions with prototype methods (`function F() {}` and `F.prototype.m = function` or
/// `F.prototype = { m() {} }`): `new F()` is an instance, `this` inside F and its prototype methods is one.
@Suite struct ConstructorFunctionTests {
    @Test func prototypeMethodsAreReachedThroughInstancesAndThis() {
        let p = TestProject(sources: [
            "/p/server.js": """
            var net = require('net')
            function Server() {
              this.connections = []
              this._server = net.createServer(this._handleConnection.bind(this))
            }
            Server.prototype._handleConnection = function (socket) { this.track(socket) }
            Server.prototype.track = function track(socket) { this.connections.push(socket) }
            Server.prototype.unused = function unused() {}
            module.exports = Server
            """,
            "/p/session.js": """
            var Store = function () { this.items = {} }
            Store.prototype = {
              save: function (k, v) { this.items[k] = v; return this.flush() },
              flush() { return 1 },
            }
            function Plain() { this.x = 1 }
            Plain.prototype.constructor = Plain
            function run() { var s = new Store(); s.save('a', 1); var q = new Plain(); return q.x }
            module.exports = { run }
            """,
        ]).index()
        guard let ctor = p.function(named: "Server", in: "/p/server.js"),
              let handle = p.function(named: "_handleConnection", in: "/p/server.js"),
              let track = p.function(named: "track", in: "/p/server.js"),
              let unused = p.function(named: "unused", in: "/p/server.js"),
              let run = p.function(named: "run", in: "/p/session.js"),
              let save = p.function(named: "save", in: "/p/session.js"),
              let flush = p.function(named: "flush", in: "/p/session.js")
        else { Issue.record("nodes missing"); return }
        // the handler `this._handleConnection.bind(this)` names a prototype method, which calls another through `this`
        let fromCtor = p.callGraph.reachable(from: [ctor])
        #expect(fromCtor.contains(handle))
        #expect(fromCtor.contains(track))
        #expect(!fromCtor.contains(unused))
        // `new Store()` of `var Store = function` with `Store.prototype = { ... }`
        #expect(p.callGraph.callees(of: run).map(\.callee).contains(save))
        #expect(p.callGraph.callees(of: save).map(\.callee) == [flush])
    }

    /// `F.prototype = new function () { function handle() {} this.handle = handle }()` (etherpad's caching
    /// middleware): the body's `this.m = fn` assignments are F's methods, its other `this.x` its fields.
    @Test func prototypeBuiltByANewFunctionBody() {
        let p = TestProject(sources: [
            "/p/mw.js": """
            function Caching() {}
            Caching.prototype = new function () {
              function handle(req) { return req }
              this.handle = handle
              this.other = function other() {}
              this.limit = 10
            }()
            function serve(req) { var c = new Caching; return c.handle(req) }
            module.exports = { serve }
            """,
        ]).index()
        guard let file = p.id("/p/mw.js"), let serve = p.function(named: "serve", in: "/p/mw.js"),
              let handle = p.function(named: "handle", in: "/p/mw.js") else { Issue.record("nodes missing"); return }
        #expect(p.callGraph.callees(of: serve).map(\.callee).contains(handle))
        let table = p.classTables[file.index].values.first
        #expect(table?.methods.keys.sorted() == ["handle", "other"])
        #expect(table?.fieldValues.keys.sorted() == ["limit"])
    }

    @Test func onlyFunctionsWithPrototypeMethodsGetATable() {
        let p = TestProject(sources: [
            "/p/a.js": """
            function Plain() { this.x = 1 }
            function WithMethod() { this.y = 2 }
            WithMethod.prototype.get = function () { return this.y }
            let Reassigned = function () {}
            Reassigned.prototype.m = function () {}
            Reassigned = function () {}
            module.exports = { a: new Plain(), b: new WithMethod(), c: new Reassigned() }
            """,
        ]).index()
        guard let file = p.id("/p/a.js") else { Issue.record("no file"); return }
        let tables = p.classTables[file.index]
        #expect(tables.count == 1)
        let table = tables.values.first
        #expect(table?.methods.keys.sorted() == ["get"])
        #expect(table?.fieldValues.keys.sorted() == ["y"])
        #expect(p.describe(p.export("a", of: "/p/a.js")) == "nil")
        #expect(p.describe(p.export("b", of: "/p/a.js")) == "instance /p/a.js:functionDeclaration")
        #expect(p.describe(p.export("c", of: "/p/a.js")) == "nil")
    }
}

@Suite struct InjectionByNameTests {
    @Test func interfaceTypedParameterPropertyFindsTheImplementation() {
        let p = TestProject(sources: [
            "/p/store.ts": "export interface Store { get(k: string): string }\nexport class FileStore implements Store { get(k: string) { return k } }",
            "/p/svc.ts": "import { Store } from './store'\nexport class Svc {\n  constructor(private store: Store) {}\n  run() { return this.store.get('a') }\n}",
        ]).index()
        guard let run = p.function(named: "run", in: "/p/svc.ts"), let get = p.function(named: "get", in: "/p/store.ts")
        else { Issue.record("nodes missing"); return }
        #expect(p.callGraph.callees(of: run).map(\.callee) == [get])
    }

    @Test func ambiguousNamesDoNotLink() {
        let p = TestProject(sources: [
            "/p/a.ts": "export class Impl1 implements Port { go() {} }\nexport class Impl2 implements Port { go() {} }",
            "/p/b.ts": "class User { constructor(private port: Port) {}\n  run() { this.port.go() } }",
        ]).index()
        guard let run = p.function(named: "run", in: "/p/b.ts") else { Issue.record("no run"); return }
        #expect(p.callGraph.callees(of: run).isEmpty)
    }
}

/// Cycles between bindings and their type annotations end in "unknown", never in a stack overflow.
@Suite struct TypeCycleTests {
    /// The crash of a real scan (an Express app beside TypeORM's sources): a parameter typed with its own
    /// name made binding -> annotation -> binding recurse without spending budget.
    @Test func parameterTypedWithItsOwnNameResolvesTheTypeNotItself() {
        let p = TestProject(sources: [
            "/p/db.ts": "export class connection { query() { return 1 } }",
            "/p/use.ts": "export function self(connection: connection) { return connection.query() }",
        ]).index()
        guard let f = p.function(named: "self", in: "/p/use.ts"), let q = p.function(named: "query", in: "/p/db.ts")
        else { Issue.record("nodes missing"); return }
        #expect(p.callGraph.callees(of: f).map(\.callee) == [q])
    }

    @Test func mutuallyTypedBindingsEndInUnknown() {
        let p = TestProject(sources: [
            "/p/a.ts": """
            let a: b
            let b: a
            export function run(x: x, y: typeof y) { return a.go() + b.go() + x.go() + y.go() }
            """,
        ]).index()
        guard let f = p.function(named: "run", in: "/p/a.ts") else { Issue.record("no run"); return }
        #expect(p.callGraph.callees(of: f).isEmpty)
    }
}

/// Generated project shapes that once could recurse without end: each query must end (in "unknown" when the
/// budget runs out), and the call graph over them must be built.
@Suite struct GraphStressTests {
    @Test func injectionTypeCyclesReexportCyclesAndMutualRecursion() {
        var sources: [String: String] = [:]
        let n = 300
        for i in 0..<n {
            let next = (i + 1) % n
            // a class injected with the next one's type; the last closes the cycle
            sources["/p/svc\(i).ts"] = """
            import { Svc\(next) } from './svc\(next)'
            export * from './svc\(next)'
            export class Svc\(i) {
              constructor(private readonly dep: Svc\(next), private readonly self: Svc\(i)) {}
              run(x: x): unknown { return this.dep.run(x) + this.self.run(x) }
            }
            export function f\(i)(a: a) { return f\(next)(a) }
            """
        }
        sources["/p/reexport-a.js"] = "module.exports = require('./reexport-b')"
        sources["/p/reexport-b.js"] = "module.exports = require('./reexport-a')"
        let p = TestProject(sources: sources).index()
        guard let run = p.function(named: "run", in: "/p/svc0.ts") else { Issue.record("no run"); return }
        _ = p.callGraph.reachable(from: [run])
        #expect(p.callGraph.callees(of: run).count >= 1)
        #expect(p.export("Svc5", of: "/p/svc0.ts") != nil)
        #expect(p.describe(p.export("anything", of: "/p/reexport-a.js")) == "nil")
        // a parameter typed with its own name, in every file: the crash's shape, 300 times
        #expect(p.function(named: "f0", in: "/p/svc0.ts") != nil)
    }
}

extension ProjectIndex {
    func export(_ name: String, of path: String) -> ProjectValue? {
        guard let f = id(path) else { return nil }
        return exportedValue(name, of: f)
    }
}

@Suite struct EvaluationMemoTests {
    /// Re-export chains of every length up to past the evaluation budget, each imported binding reached
    /// directly and through aliases (so with different budgets left), in both orders: the edges found with
    /// binding values reused within a file are those found evaluating every binding afresh.
    @Test func reusedBindingValuesGiveTheSameEdges() {
        let depth = 60
        var sources: [String: String] = [:]
        for i in 0..<depth { sources["/p/m\(i).js"] = "export { f } from './m\(i + 1).js'" }
        sources["/p/m\(depth).js"] = "export function f() {}"
        var app = ""
        for k in 0...depth {
            app += "import { f as f\(k) } from './m\(k).js'\nconst a\(k) = f\(k)\nconst b\(k) = a\(k)\n"
            app += k % 2 == 0 ? "b\(k)(); f\(k)(); a\(k)()\n" : "f\(k)(); a\(k)(); b\(k)()\n"
        }
        sources["/p/app.js"] = app
        let index = TestProject(sources: sources).index()
        let builder = CallGraphBuilder(index: index)
        guard let appID = index.id("/p/app.js") else { Issue.record("no app"); return }
        let fresh = builder.collectEdges(ofFile: appID.index)
        let reused = builder.edges(ofFile: appID.index)
        #expect(reused == fresh)
        // some chains are followed to f, the longest run out of budget
        #expect(!fresh.isEmpty && fresh.count < 3 * (depth + 1))
        for i in 0..<index.files.count { #expect(builder.edges(ofFile: i) == builder.collectEdges(ofFile: i)) }
    }

    /// Values found for one file are reused for the next files (bindings and modules' exports, through
    /// re-export chains up to past the budget, reached with different budgets left from file to file): in
    /// any order of the files, each file's edges are those found evaluating everything afresh.
    @Test func valuesReusedAcrossFilesGiveTheSameEdges() {
        let depth = 56
        var sources: [String: String] = [:]
        for i in 0..<depth {
            sources["/p/m\(i).js"] = "export { f, g } from './m\(i + 1).js'\nexport * from './n\(i).js'"
            sources["/p/n\(i).js"] = "export function h\(i)() {}\nexport const o\(i) = { run() {} }"
        }
        sources["/p/m\(depth).js"] = "export function f() {}\nexport const g = { run() {} }"
        for k in stride(from: 0, through: depth, by: 4) {
            var app = "import * as ns from './m\(k).js'\nimport { f, g } from './m\(k).js'\nconst a = ns.f, b = a\n"
            for j in 0..<k where j % 5 == 0 { app += "ns.h\(j)(); ns.o\(j).run(); " }
            app += k % 8 == 0 ? "b(); f(); ns.f(); g.run(); ns.g.run()\n" : "ns.g.run(); g.run(); ns.f(); f(); b()\n"
            sources["/p/app\(k).js"] = app
        }
        let index = TestProject(sources: sources).index()
        let builder = CallGraphBuilder(index: index)
        let fresh = (0..<index.files.count).map { builder.collectEdges(ofFile: $0) }
        #expect(fresh.contains { !$0.isEmpty })
        for order in [Array(0..<index.files.count), (0..<index.files.count).reversed(),
                      (0..<index.files.count).sorted { ($0 * 7919) % 61 < ($1 * 7919) % 61 }] {
            for i in order { #expect(builder.edges(ofFile: i) == fresh[i]) }
            index.evaluationMemos.drain()
        }
    }
}

@Suite struct ExportTargetTests {
    /// Each export record's source as the index resolved it when it was built (what a lookup through a
    /// barrel follows): the file `resolveSpecifier` names, none for a package, an unknown file or no source.
    @Test func exportTargetsAreTheResolvedSources() {
        let index = TestProject(sources: [
            "/p/index.ts": """
                export * from './a'
                export * from './missing'
                export * from 'some-package'
                export { b as renamed, default as bDefault } from './b.js'
                export * as ns from './a'
                export const own = 1
                export default function main() {}
                """,
            "/p/a.ts": "export function a() {}\nexport * from './b.js'",
            "/p/b.ts": "export function b() {}\nexport default class B {}",
            "/p/cjs.js": "module.exports = require('./a')\nexports.x = function () {}",
        ]).index()
        var sourced = 0
        for f in index.files.indices {
            let id = FileID(Int32(f))
            let exports = index.semantics(id).exports
            #expect(index.exportIndexes[f].targets.count == exports.count)
            for (k, record) in exports.enumerated() {
                let expected = record.source.flatMap { index.resolveSpecifier($0, from: id)?.raw } ?? -1
                #expect(index.exportIndexes[f].targets[k] == expected, "\(index.files[f].path) \(record.name)")
                if expected >= 0 { sourced += 1 }
            }
        }
        #expect(sourced >= 4)
        #expect(index.describe(index.export("b", of: "/p/index.ts")) == "function /p/b.ts:b")
        #expect(index.describe(index.export("renamed", of: "/p/index.ts")) == "function /p/b.ts:b")
    }
}

@Suite struct ImportChainTests {
    /// Member chains rooted at project imports, package requires, globals, locals, object-literal aliases,
    /// `this`, computed keys and an alias cycle (which runs the origin's budget out).
    static let sources: [String: String] = [
        "/p/lib.js": """
            export const api = { users: { list() {}, get: function () {} }, ping() {} }
            export function helper() {}
            export default { deep: { deeper: { run() {} } } }
            """,
        "/p/cjs.js": """
            const handlers = { a: { b() {} } }
            module.exports = { handlers, go() {} }
            module.exports.extra = { fn() {} }
            """,
        "/p/app.js": """
            import lib, { api, helper } from './lib.js'
            import * as ns from './lib.js'
            const cjs = require('./cjs.js')
            const fs = require('fs')
            const { promises } = require('node:fs')
            const local = { read: fs.readFileSync, nested: { x: { y() {} } }, m: cjs.handlers }
            const alias = api.users
            let loop1 = loop2.next.value, loop2 = loop1.next.value
            const a = { b: { c: { d: { e() {} } } } }
            class S {
              constructor() { this.svc = { run() {} } }
              m(req, key) {
                api.users.list(); api.users.get.call(null); lib.deep.deeper.run(); ns.api.users.list(); ns.helper()
                cjs.handlers.a.b(); cjs.go(); cjs.extra.fn(); require('./cjs.js').handlers.a.b()
                fs.promises.readFile(); promises.stat(); fs.readFileSync.bind(fs); local.read(); local.nested.x.y()
                local.m.a.b(); alias.list(); alias.get.apply(this); loop1.next.value.a.b(); loop2.next.value.c()
                a.b.c.d.e(); a.b[key].d.e(); a['b'].c.d.e(); this.svc.run(); this.x.y.z(); req.body.user.name.trim()
                console.log.apply(console); process.env.HOME.trim(); globalThis.fetch.call(null); module.exports.extra.fn()
                helper.call(this); api.users.list.bind(api).call(null); JSON.parse.call(JSON, '{}')
              }
            }
            """,
    ]

    /// The evaluation of a member chain that asks `importValue` at every prefix (as `evaluate` did before
    /// it skipped the prefixes of a chain that roots at no import).
    static func askingEveryPrefix(_ index: ProjectIndex, _ expr: NodeID, _ file: FileID, _ budget: inout Int) -> ProjectValue? {
        let sem = index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        guard case .member(let object, _, _, _) = tree[e] else { return index.evaluate(expr, in: file, budget: &budget) }
        guard budget > 0 else { return nil }
        budget -= 1
        guard let name = sem.memberName(e) else { return nil }
        let o = tree.unwrap(object)
        if name == "exports", tree.kind(o) == .identifier, tree.name(of: o) == "module", sem.isGlobalReference(o) {
            return .module(file)
        }
        if case .value(let v) = index.importValue(e, in: file, budget: &budget) { return v }
        guard let base = askingEveryPrefix(index, object, file, &budget) else { return nil }
        return index.member(name, of: base, budget: &budget)
    }

    /// Every member chain, at every budget up to the index's: the same value and the same budget left as
    /// asking every prefix; and a chain whose lookup says its prefixes root at no import has prefixes whose
    /// own lookup finds nothing and spends no budget.
    @Test func skippedPrefixesFindNoImport() {
        let index = TestProject(sources: Self.sources).index()
        guard let app = index.id("/p/app.js") else { Issue.record("no app"); return }
        let sem = index.semantics(app)
        let tree = sem.tree
        var chains = 0, skipping = 0, unrooted = 0
        for i in 0..<tree.count {
            let e = NodeID(Int32(i))
            guard case .member(let object, _, _, _) = tree[e], sem.memberName(e) != nil else { continue }
            chains += 1
            for start in 1...index.maxSteps {
                var b1 = start, b2 = start
                let mine = index.evaluate(e, in: app, budget: &b1)
                let theirs = Self.askingEveryPrefix(index, e, app, &b2)
                #expect(mine == theirs && b1 == b2, "\(tree.text(e)) at budget \(start)")
            }
            // the lookup finds what following the chain's origin finds, at the same cost
            var rb = index.maxSteps, ib = index.maxSteps
            var reference: ProjectValue?
            if let (spec, path) = sem.resolveImport(e), let target = index.resolveSpecifier(spec, from: app) {
                reference = index.walk(path, from: target, budget: &rb)
            }
            var found: ProjectValue?
            if case .value(let v) = index.importValue(e, in: app, budget: &ib) { found = v }
            #expect(found == reference && rb == ib, "\(tree.text(e))")
            // the look-ups that skip the origin by the chain's root answer what following it answers
            var xb = 64, gb = 64
            let followed = (sem.origin(e, budget: &xb), sem.origin(e, budget: &gb))
            var export: ExternalSymbol?, global: GlobalSymbol?
            if case .module(let spec, let path)? = followed.0 { export = ExternalSymbol.normalised(specifier: spec, path: path) }
            if case .global(let path)? = followed.1, !path.isEmpty { global = GlobalSymbol(path: path) }
            #expect(sem.resolveExport(e) == export && sem.resolveGlobal(e) == global, "\(tree.text(e))")
            // a chain whose root rules out a module origin has none, whatever the budget; below `this` or a
            // parameter, no origin at all
            if sem.rootsAtNoModule(e) {
                unrooted += 1
                let root = sem.chainRoot(e)
                for start in 1...64 {
                    var ob = start
                    let origin = sem.origin(e, budget: &ob)
                    if case .module? = origin { Issue.record("\(tree.text(e)) has a module origin at \(start)") }
                    if root == .thisOrParameter, origin != nil { Issue.record("\(tree.text(e)) has an origin at \(start)") }
                }
            }
            var b = index.maxSteps
            guard case .notFound(true) = index.importValue(e, in: app, budget: &b) else { continue }
            #expect(b == index.maxSteps)
            let o = tree.unwrap(object)
            guard case .member = tree[o], sem.memberName(o) != nil else { continue }
            skipping += 1
            var ob = index.maxSteps
            if case .value = index.importValue(o, in: app, budget: &ob) {
                Issue.record("\(tree.text(o)) has an import value that \(tree.text(e)) said it had not")
            }
        }
        #expect(chains > 60 && skipping > 20 && unrooted > 20, "\(chains) chains, \(skipping) skipping, \(unrooted) unrooted")
    }
}
