// The execution-context model on a small project: serial-await, fan-out and ReDoS findings say which
// context made their code hot (`evidence.context`), `unreached` when no entry point reaches it, and
// `hotOnly: true` drops the unreached ones (not under `--all-contexts`, which reports everything). Reach
// goes through calls, closures a hot function creates (an object of query callbacks handed to a
// dispatcher), methods added to an object by a mixin module (`User.getFields = async function`), a
// library's `export * from` barrels, route helpers that register their callers' controllers
// (`setupApiRoute(router, 'delete', '/x', [mw], controller)`), calls through a computed member of a known
// module (`inbox[type](req)`) and modules loaded with `await import()`.

import Diagnostics
import Foundation
import LintEngine
import LintTestSupport
import Rules
import Testing

@Suite struct HotContextTests {
    static let files: [String: String] = [
        "package.json": #"{ "name": "app", "private": true }"#,
        "server.js": """
            const express = require('express')
            const reports = require('./reports')
            const user = require('./user')
            const app = express()
            app.get('/report/:id', async (req, res) => res.json(await reports.revenue(req.params.id)))
            app.get('/user/:id', async (req, res) => res.json(await user.getFields(req.params.id)))
            module.exports = app
            """,
        "db.js": """
            exports.runQuery = async (queries) => queries.sql()
            exports.get = async (k) => k
            """,
        // Reached only through the closure in the object handed to runQuery.
        "reports.js": """
            const { runQuery, get } = require('./db')
            async function sqlQuery(id) {
              const a = await get('a' + id)
              const b = await get('b' + id)
              return [a, b]
            }
            exports.revenue = async (id) => runQuery({ sql: () => sqlQuery(id) })
            """,
        // The mixin pattern: methods added to an object the module receives.
        "user/index.js": """
            const User = module.exports
            require('./data')(User)
            """,
        "user/data.js": """
            const { get } = require('../db')
            module.exports = function (User) {
              User.getFields = async function (id) {
                const name = await get('name' + id)
                const mail = await get('mail' + id)
                return { name, mail }
              }
            }
            """,
        // Start-up code: called once at load, from no handler.
        "warmup.js": """
            const { get } = require('./db')
            async function warmup() {
              const x = await get('x')
              const y = await get('y')
              return [x, y]
            }
            warmup()
            """,
    ]

    /// Scans with `hotOnly: false` unless a config is given, so unreached findings are labelled, not dropped.
    func scan(_ files: [String: String], config: String? = "hotOnly: false\n", allContexts: Bool = false,
              rule: String = "serial-await/sequential") throws -> [(file: String, context: String?)] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-hot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        var lintConfig = LintConfig()
        if let config {
            try config.write(toFile: root + "/looplint.yml", atomically: true, encoding: .utf8)
            lintConfig = try LintConfig.load(path: root + "/looplint.yml")
        }
        let discovery = try FileDiscovery(config: lintConfig).discover([root])
        let result = RuleRegistry.linter(LintOptions(config: lintConfig, jobs: 1, allContexts: allContexts)).run(discovery)
        return result.report.findings.filter { $0.ruleId.rawValue == rule }.map { f in
            let context: String?
            if case .string(let s)? = f.evidence["context"] { context = s } else { context = nil }
            return (String(f.file.dropFirst(root.count + 1)), context)
        }
    }

    /// File and severity of one rule's findings (no looplint.yml).
    func severities(_ files: [String: String], allContexts: Bool, rule: String) throws -> [String: Severity] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-sev-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in files {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }
        let discovery = try FileDiscovery(config: LintConfig()).discover([root])
        let result = RuleRegistry.linter(LintOptions(config: LintConfig(), jobs: 1, allContexts: allContexts)).run(discovery)
        var out: [String: Severity] = [:]
        for f in result.report.findings where f.ruleId.rawValue == rule {
            let file = String(f.file.dropFirst(root.count + 1))
            out[file] = f.severity
            out[file + ":\(f.line)"] = f.severity
        }
        return out
    }

    /// A regex a module exports and does not use is as hot as the modules importing that name: a handler
    /// module's import makes `HOT` a warning; `COLD`, which no reached module imports (umami's DOMAIN_REGEX,
    /// imported only by client forms), is a note in a library, though the handler module imports its
    /// neighbour (an application's unreached code is left out: `unreachedInAnApplicationIsLeftOut`).
    @Test func exportedRegexTakesItsImportersContext() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "server.js" }"#,
            "server.js": "const express = require('express')\nconst { HOT } = require('./patterns')\nconst app = express()\napp.get('/t', (req, res) => res.send(HOT.test(req.query.s)))\n",
            "patterns.js": "exports.HOT = /\\s*#\\s*c$/\nexports.COLD = /\\s*!\\s*d$/\n",
        ]
        let severity = try severities(files, allContexts: false, rule: "redos/polynomial")
        #expect(severity["patterns.js:1"] == .warning, "\(severity)")
        #expect(severity["patterns.js:2"] == .note, "\(severity)")
    }

    /// ReDoS pages say `unreached: note`: a finding no entry point reaches in a library is kept as a note (it
    /// does not fail `--fail-on warning`), one a handler reaches keeps the rule's severity, and
    /// `--all-contexts` asks for every finding as the rule reports it.
    @Test func unreachedReDoSIsANote() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "server.js" }"#,
            "server.js": "const express = require('express')\nconst trim = require('./trim')\nconst app = express()\napp.get('/t', (req, res) => res.send(trim(req.query.s)))\n",
            "trim.js": "const TRAIL = /\\s*,\\s*a$/\nmodule.exports = (s) => s.replace(TRAIL, '')\n",
            "startup.js": "const SEMI = /\\s*;\\s*b$/\nmodule.exports = (s) => s.replace(SEMI, '')\n",
        ]
        let severity = try severities(files, allContexts: false, rule: "redos/polynomial")
        #expect(severity["trim.js"] == .warning, "\(severity)")
        #expect(severity["startup.js"] == .note, "\(severity)")
        let all = try severities(files, allContexts: true, rule: "redos/polynomial")
        #expect(all["trim.js"] == .warning && all["startup.js"] == .warning, "\(all)")
    }

    /// An application (a private or `npm start` package, or code with no package.json) whose own files
    /// register its routes: code none of them reaches is left out, as start-up code is; `hotOnly: false`
    /// keeps it as an unreached note, `--all-contexts` at the rule's severity, labelled `unreached`. The same
    /// code in a library stays a note (`unreachedReDoSIsANote`), and a library's exported API, a
    /// handler-shaped export or a bare `http.createServer` callback does not make a package an application.
    @Test(arguments: [
        (#"{ "name": "app", "private": true }"#, true),
        (#"{ "name": "app", "main": "server.js", "scripts": { "start": "node server.js" } }"#, true),
        (nil, true),
        (#"{ "name": "lib", "main": "server.js" }"#, false),
    ] as [(String?, Bool)])
    func unreachedInAnApplicationIsLeftOut(_ manifest: String?, _ application: Bool) throws {
        var files: [String: String] = [
            "server.js": "const express = require('express')\nconst trim = require('./trim')\nconst app = express()\napp.get('/t', (req, res) => res.send(trim(req.query.s)))\n",
            "trim.js": "const TRAIL = /\\s*,\\s*a$/\nmodule.exports = (s) => s.replace(TRAIL, '')\n",
            "search.js": "const SEMI = /\\s*;\\s*b$/\nmodule.exports = (s) => s.replace(SEMI, '')\n",
        ]
        if let manifest { files["package.json"] = manifest }
        let found = Dictionary(try scan(files, config: nil, rule: "redos/polynomial").map { ($0.file, $0.context) },
                               uniquingKeysWith: { a, _ in a })
        #expect(found["trim.js"] == .some("request"), "\(found)")
        #expect(found["search.js"] == (application ? nil : .some("unreached")), "\(found)")
        let kept = Dictionary(try scan(files, config: "hotOnly: false\n", rule: "redos/polynomial").map { ($0.file, $0.context) },
                              uniquingKeysWith: { a, _ in a })
        #expect(kept["search.js"] == .some("unreached"), "\(kept)")
        let all = try severities(files, allContexts: true, rule: "redos/polynomial")
        #expect(all["search.js"] == .warning, "\(all)")
        // a bare http.createServer handler does not make an application (koa's own `app.callback()`)
        var bare = files
        bare["server.js"] = "const http = require('http')\nconst trim = require('./trim')\nhttp.createServer((req, res) => res.end(trim(req.url))).listen(3000)\n"
        let onHTTP = Dictionary(try scan(bare, config: nil, rule: "redos/polynomial").map { ($0.file, $0.context) },
                                uniquingKeysWith: { a, _ in a })
        #expect(onHTTP["search.js"] == .some("unreached"), "\(onHTTP)")
    }

    /// Code the model knows to run once is start-up code, not unreached: a function only a module's top-level
    /// code calls, or only a lazy initialisation's first run (`if (cache === null)`), has no ReDoS finding;
    /// `--all-contexts` shows it labelled `startup`. A function nothing calls stays an unreached note (in a
    /// library; an application's is left out).
    @Test func startUpReDoSIsLeftOut() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "server.js" }"#,
            "server.js": """
                const express = require('express')
                const { loadConfig } = require('./config')
                const { snippets } = require('./snippets')
                const app = express()
                loadConfig(process.argv[2])
                app.get('/s', async (req, res) => res.json(await snippets()))
                """,
            "config.js": "exports.loadConfig = (url) => url.replace(/\\s*,\\s*a$/, '')\n",
            "snippets.js": """
                let cache = null
                const parse = (text) => text.replace(/\\s*;\\s*b$/, '')
                exports.snippets = async () => {
                  if (cache === null) {
                    cache = ['x', 'y'].map((t) => parse(t))
                  }
                  return cache
                }
                """,
            "unused.js": "module.exports = (s) => s.replace(/\\s*!\\s*d$/, '')\n",
        ]
        let found = try scan(files, config: nil, rule: "redos/polynomial")
        #expect(found.map(\.file).sorted() == ["unused.js"], "\(found)")
        #expect(found.first?.context == "unreached", "\(found)")
        let all = Dictionary(try scan(files, config: nil, allContexts: true, rule: "redos/polynomial").map { ($0.file, $0.context) },
                             uniquingKeysWith: { a, _ in a })
        #expect(all["config.js"] == .some("startup") && all["snippets.js"] == .some("startup"), "\(all)")
    }

    /// `warmup()` is called by its module's top-level code: start-up code, left out even with `hotOnly: false`
    /// (which keeps what the model cannot place, not what it knows runs once).
    @Test func findingsNameTheirContextAndStartUpCodeIsLeftOut() throws {
        let found = try scan(Self.files)
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile.count == 2, "\(found)")
        #expect(byFile["reports.js"] == .some("request"), "closure handed to a dispatcher: \(found)")
        #expect(byFile["user/data.js"] == .some("request"), "mixin method: \(found)")
        #expect(byFile["warmup.js"] == nil, "start-up code: \(found)")
    }

    @Test func hotOnlyDropsUnreachedCode() throws {
        let found = try scan(Self.files, config: "hotOnly: true\n")
        #expect(found.map(\.file).sorted() == ["reports.js", "user/data.js"], "\(found)")
    }

    /// Without `hotOnly` in the config each rule's page decides: serial-await is reported only where an
    /// entry point reaches (the start-up `warmup()` is dropped), ReDoS everywhere (its tables are often
    /// applied through modules the model does not follow).
    @Test func serialAwaitIsHotOnlyByDefaultAndReDoSIsNot() throws {
        let found = try scan(Self.files, config: nil)
        #expect(found.map(\.file).sorted() == ["reports.js", "user/data.js"], "\(found)")
        let files: [String: String] = [
            "package.json": #"{ "name": "app", "private": true }"#,
            "startup.js": "const TRAIL = /\\s*,\\s*a$/\nmodule.exports = (s) => s.replace(TRAIL, '')\n",
        ]
        let redos = try scan(files, config: nil, rule: "redos/polynomial")
        #expect(redos.map(\.file) == ["startup.js"], "\(redos)")
        #expect(redos.first?.context == "unreached", "\(redos)")
    }

    @Test func allContextsKeepsUnreachedCodeAndStillNamesContexts() throws {
        let found = try scan(Self.files, config: "hotOnly: true\n", allContexts: true)
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["reports.js"] == .some("request"), "\(found)")
        #expect(byFile["warmup.js"] == .some("startup"), "\(found)")
    }

    /// An ES module exporting `name`, an async function awaiting two independent reads of `db`.
    static func esmTwoReads(_ name: String, db: String = "./db.js") -> String {
        """
        import { get } from '\(db)'
        export async function \(name)(id) {
          const a = await get('a' + id)
          const b = await get('b' + id)
          return a + b
        }
        """
    }

    static let twoReads = """
        const { get } = require('./db')
        module.exports = async function (caller, data) {
          const a = await get('a' + data.id)
          const b = await get('b' + data.id)
          return [a, b, caller]
        }
        """

    @Test func routeHelpersRegisterTheirCallersControllers() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "app", "private": true }"#,
            "db.js": "exports.get = async (k) => k\n",
            // setupApiRoute(router, verb, path, middlewares?, controller): the router, verb and controller
            // are the caller's
            "routes/helpers.js": """
                const helpers = module.exports
                helpers.setupApiRoute = function (...args) {
                  const [router, verb, name] = args
                  const middlewares = args.length > 4 ? args[args.length - 2] : []
                  const controller = args[args.length - 1]
                  router[verb](name, middlewares, helpers.tryRoute(controller))
                }
                helpers.tryRoute = (controller) => async (req, res, next) => {
                  try { await controller(req, res, next) } catch (err) { next(err) }
                }
                // a client wrapper of the same shape: called with a URL, not a route path
                helpers.fetchWith = function (client, url, cb) { client.get(url, cb) }
                """,
            "routes/index.js": """
                const router = require('express').Router()
                const { setupApiRoute, fetchWith } = require('./helpers')
                const remove = require('../controllers/remove')
                const poll = require('../controllers/poll')
                setupApiRoute(router, 'delete', '/groups/:slug', [], remove)
                fetchWith(require('https'), 'https://example.com/feed', poll)
                module.exports = router
                """,
            "controllers/remove.js": Self.twoReads.replacingOccurrences(of: "./db", with: "../db"),
            "controllers/poll.js": Self.twoReads.replacingOccurrences(of: "./db", with: "../db"),
        ]
        let byFile = Dictionary(try scan(files).map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["controllers/remove.js"] == .some("request"), "\(byFile)")
        #expect(byFile["controllers/poll.js"] == .some("unreached"), "a URL is not a route: \(byFile)")
    }

    @Test func computedCallsOnAKnownModuleMayCallAnyOfItsFunctions() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "app", "private": true }"#,
            "db.js": "exports.get = async (k) => k\n",
            "server.js": """
                const app = require('express')()
                const inbox = require('./inbox')
                const stats = require('./stats')
                app.post('/inbox', async (req, res) => { await inbox[req.body.type.toLowerCase()](req); res.end() })
                app.get('/stats', async (req, res) => {
                  let method = 'hourly'
                  if (req.query.term === 'daily') method = 'daily'
                  res.json(await stats[method](req.query.set))
                })
                """,
            // the key holds only 'hourly' or 'daily': init is not called
            "stats.js": """
                const { get } = require('./db')
                exports.hourly = async (set) => get('h' + set)
                exports.daily = async (set) => {
                  const a = await get('d' + set)
                  const b = await get('e' + set)
                  return [a, b]
                }
                exports.init = async () => {
                  const a = await get('boot')
                  const b = await get('jobs')
                  return [a, b]
                }
                """,
            "inbox.js": """
                const { get } = require('./db')
                const inbox = module.exports
                inbox.follow = async (req) => {
                  const actor = await get('actor' + req.body.actor)
                  const target = await get('target' + req.body.object)
                  return [actor, target]
                }
                """,
        ]
        let found = try scan(files)
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["inbox.js"] == .some("request"), "\(found)")
        let stats = found.filter { $0.file == "stats.js" }.map { $0.context ?? "-" }
        #expect(stats == ["request", "unreached"], "daily is called, init is not: \(found)")
    }

    @Test func dynamicImportsOfALibraryReachTheImportedModule() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "index.js" }"#,
            "index.js": """
                export async function formData(body) {
                  const { parse } = await import('./parser.js')
                  return parse(body)
                }
                """,
            "parser.js": Self.esmTwoReads("parse"),
            "db.js": "export async function get(k) { return store.read(k) }\n",
        ]
        let found = try scan(files)
        #expect(found.map(\.file) == ["parser.js"] && found.map(\.context) == [.some("library API")], "\(found)")
    }

    @Test func builtEntriesAndSubpathExportsAreTheAPI() throws {
        let twoReads = { (name: String) in Self.esmTwoReads(name, db: "../db.js") }
        let files: [String: String] = [
            // "main" names a built file that is not in the tree; its source is src/index.js
            "package.json": #"{ "name": "lib", "main": "index.js", "exports": { ".": "./index.js", "./extra": { "require": "./src/extra/index.js" }, "./package.json": "./package.json" } }"#,
            "src/index.js": "import { check } from './lib/check.js'\nexport default { check }\n",
            "src/lib/check.js": twoReads("check"),
            "src/extra/index.js": twoReads("extra"),
            "src/db.js": "export async function get(k) { return store.read(k) }\n",
            // exported nowhere
            "src/lib/unused.js": twoReads("unused"),
        ]
        let byFile = Dictionary(try scan(files).map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["src/lib/check.js"] == .some("library API"), "\(byFile)")
        #expect(byFile["src/extra/index.js"] == .some("library API"), "\(byFile)")
        #expect(byFile["src/lib/unused.js"] == .some("unreached"), "\(byFile)")
    }

    @Test func moduleLevelRegexTablesAreHotWithTheModulesThatImportThem() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "md", "main": "src/index.js" }"#,
            "src/index.js": "import { lex } from './lexer.js'\nexport function parse(src) { return lex(src) }\n",
            // marked's shape: the rules live in a table module, the lexer applies them
            "src/rules.js": "export const block = { heading: /^\\s*(\\w+\\s*)*$/, text: /^[^\\n]+/ }\n",
            "src/lexer.js": "import { block } from './rules.js'\nexport function lex(src) { return block.heading.exec(src) }\n",
            // a table nothing hot imports
            "src/legacy.js": "export const old = { heading: /^\\s*(\\w+\\s*)*$/ }\n",
        ]
        let found = try scan(files, rule: "redos/exponential") + scan(files, rule: "redos/polynomial")
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["src/rules.js"] == .some("library API"), "\(found)")
        #expect(byFile["src/legacy.js"] == .some("unreached"), "\(found)")
    }

    @Test func trpcProceduresAndAppRouterPagesRunPerRequest() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "web", "private": true }"#,
            "src/server/trpc.ts": """
                import { initTRPC } from '@trpc/server'
                const t = initTRPC.create()
                export const createTRPCRouter = t.router
                export const publicProcedure = t.procedure
                export const adminProcedure = t.procedure.use(async ({ next }) => next())
                """,
            // utd-clubs' admin router: a mutation awaiting two independent storage calls
            "src/server/routers/admin.ts": """
                import { z } from 'zod'
                import { adminProcedure, createTRPCRouter } from '../trpc'
                import { callStorage } from '../storage'
                export const adminRouter = createTRPCRouter({
                  deleteClub: adminProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
                    await callStorage('DELETE', input.id + '-profile')
                    await callStorage('DELETE', input.id + '-banner')
                  }),
                })
                """,
            "src/server/storage.ts": "export async function callStorage(method: string, key: string) { return fetch(key, { method }) }\n",
            // beacon's dashboard page: a server component rendering per request
            "src/app/[id]/page.tsx": """
                import React from 'react'
                import { load } from '../../server/load'
                export default async function Page({ params }) {
                  const site = await load('site:' + params.id)
                  const stats = await load('stats:' + params.id)
                  return <div>{site}{stats}</div>
                }
                """,
            "src/server/load.ts": "export async function load(key: string) { return fetch(key) }\n",
            // a procedure-shaped call on something else
            "src/lib/cache.ts": """
                import { load } from '../server/load'
                const db = { query: (fn) => fn() }
                db.query(async () => {
                  const a = await load('a')
                  const b = await load('b')
                  return [a, b]
                })
                """,
        ]
        let byFile = Dictionary(try scan(files).map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["src/server/routers/admin.ts"] == .some("request"), "\(byFile)")
        #expect(byFile["src/app/[id]/page.tsx"] == .some("request"), "\(byFile)")
        #expect(byFile["src/lib/cache.ts"] == .some("unreached"), "\(byFile)")
    }

    @Test func libraryBarrelReExportsAreTheAPI() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "index.js" }"#,
            "index.js": "export * from './format.js'\n",
            "format.js": Self.esmTwoReads("format"),
            "db.js": "export async function get(k) { return store.read(k) }\n",
        ]
        let found = try scan(files)
        #expect(found.map(\.context) == [.some("library API")], "\(found)")
    }

    /// A function created in a once-only region of a hot function (juice-shop's memoized libxml2 loader)
    /// runs once, not per request: its awaits are not hot; the same awaits in the handler's own body are.
    @Test func functionsCreatedInOnceRegionsAreNotHot() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "app", "private": true }"#,
            "server.js": """
                const express = require('express')
                const { load, get } = require('./lib')
                let parserPromise
                async function parser() {
                  if (parserPromise == null) {
                    parserPromise = (async () => {
                      const wasm = await load('wasm')
                      const fsBinding = await load('fs-binding')
                      return { wasm, fsBinding }
                    })()
                  }
                  return await parserPromise
                }
                const app = express()
                app.post('/xml', async (req, res) => {
                  const p = await parser()
                  const a = await get('a' + req.body.id)
                  const b = await get('b' + req.body.id)
                  res.json({ p, a, b })
                })
                module.exports = app
                """,
            "lib.js": "exports.load = async (x) => x\nexports.get = async (k) => k\n",
        ]
        let found = try scan(files)
        let byLine = found.map { "\($0.file) \($0.context ?? "-")" }
        // the function created there runs once: start-up code, left out (`--all-contexts` labels it)
        #expect(byLine.sorted() == ["server.js request"], "\(found)")
        let all = try scan(files, allContexts: true).map { $0.context ?? "-" }
        #expect(all.sorted() == ["request", "startup"], "\(all)")
        let byDefault = try scan(files, config: nil)
        #expect(byDefault.map(\.context) == ["request"], "\(byDefault)")
    }
}
