// File roles in a real scan: only source files are reported by default; looplint.yml `contexts:` moves
// folders between roles; `allContexts` (`--all-contexts`) reports everywhere; a project checked out under a
// folder named like a convention (`/tmp/.../tests/app`) is not taken for a test.

import Foundation
import LintEngine
import LintTestSupport
import Rules
import Testing

@Suite struct FileRoleScanTests {
    static let handler = """
        const fs = require('fs')
        const express = require('express')
        const app = express()
        app.get('/x', (req, res) => res.send(fs.readFileSync('x')))
        module.exports = app
        """

    /// A project folder under `<tmp>/tests/app` with the same handler in src/, test/ and ops/.
    func project(config: String?) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-roles-\(UUID().uuidString)/tests/app").path
        for dir in ["src", "test", "ops"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
            try Self.handler.write(toFile: root + "/\(dir)/server.js", atomically: true, encoding: .utf8)
        }
        if let config { try config.write(toFile: root + "/looplint.yml", atomically: true, encoding: .utf8) }
        return root
    }

    func reportedFiles(_ root: String, allContexts: Bool = false) throws -> [String] {
        let configPath = root + "/looplint.yml"
        let config = FileManager.default.fileExists(atPath: configPath) ? try LintConfig.load(path: configPath) : LintConfig()
        let discovery = try FileDiscovery(config: config).discover([root])
        let result = RuleRegistry.linter(LintOptions(config: config, jobs: 1, allContexts: allContexts)).run(discovery)
        return Set(result.report.findings.map { ($0.file as NSString).lastPathComponent == "server.js"
            ? ($0.file as NSString).deletingLastPathComponent.components(separatedBy: "/").last ?? "" : $0.file }).sorted()
    }

    @Test func onlySourceByDefaultEvenUnderAFolderNamedTests() throws {
        let root = try project(config: nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(try reportedFiles(root) == ["ops", "src"])
    }

    @Test func contextsMoveFoldersBetweenRoles() throws {
        let root = try project(config: "contexts:\n  tooling: [\"ops/**\"]\n  source: [\"test/**\"]\n")
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(try reportedFiles(root) == ["src", "test"])
    }

    @Test func allContextsReportsEverywhere() throws {
        let root = try project(config: nil)
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(try reportedFiles(root, allContexts: true) == ["ops", "src", "test"])
    }

    @Test func unknownContextIsAConfigError() throws {
        let root = try project(config: "contexts:\n  staging: [\"x/**\"]\n")
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        #expect(throws: ConfigError.self) { try LintConfig.load(path: root + "/looplint.yml") }
    }

    /// Files only browser code imports are browser code: a helper two React components and its own test
    /// import, and what a `'use client'` component imports, are not reported; a helper server code imports
    /// too, what a server module reaches through a class that also imports mobx-react, and what `bin/`
    /// (which starts servers) imports, are.
    @Test func filesOnlyBrowserCodeImportsAreBrowserCode() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-imported-roles-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let regex = "export function check(text) { return /a\\s*\\s*\\s*$/.test(text) }\n"
        let files: [String: String] = [
            "src/components/Paste.jsx": """
                import React from 'react'
                import { check } from '../lib/isMarkdown.js'
                import { check as shared } from '../lib/shared.js'
                export const Paste = ({ t }) => <div>{check(t) && shared(t)}</div>
                """,
            "src/lib/isMarkdown.js": regex, "src/lib/shared.js": regex, "src/editor/serializer.js": regex,
            "src/lib/charts.js": regex, "src/lib/started.js": regex,
            "src/lib/isMarkdown.test.js": "import { check } from './isMarkdown.js'\ncheck('x')\n",
            "src/editor/Manager.js": """
                import { observer } from 'mobx-react'
                import { check } from './serializer.js'
                export default class Manager { run(t) { return check(t) } }
                export const view = observer
                """,
            "src/client/Widget.jsx": """
                'use client'
                import { check } from '../lib/charts.js'
                export default function Widget({ t }) { return <b>{check(t)}</b> }
                """,
            "src/app/page.jsx": """
                import Widget from '../client/Widget.jsx'
                export default function Page() { return <Widget t="x" /> }
                """,
            "src/server.js": """
                import express from 'express'
                import Manager from './editor/Manager.js'
                import { check } from './lib/shared.js'
                const app = express()
                const m = new Manager()
                app.post('/x', (req, res) => res.send(check(req.body.t) && m.run(req.body.t)))
                export default app
                """,
            "bin/www.js": "import { check } from '../src/lib/started.js'\ncheck(process.argv[2])\n",
            // a published package: its unreached code stays a note (an application's is left out)
            "package.json": #"{ "name": "roles", "main": "src/server.js" }"#,
        ]
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        func redosFiles(allContexts: Bool) throws -> [String] {
            let discovery = try FileDiscovery(config: LintConfig()).discover([root])
            let result = RuleRegistry.linter(LintOptions(config: LintConfig(), jobs: 1, allContexts: allContexts)).run(discovery)
            return result.report.findings.filter { $0.ruleId.description.hasPrefix("redos/") }
                .map { String($0.file.dropFirst(root.count + 1)) }.sorted()
        }
        #expect(try redosFiles(allContexts: false) == ["src/editor/serializer.js", "src/lib/shared.js", "src/lib/started.js"])
        #expect(try redosFiles(allContexts: true)
            == ["src/editor/serializer.js", "src/lib/charts.js", "src/lib/isMarkdown.js", "src/lib/shared.js", "src/lib/started.js"])
    }

    /// A server and a module that requires it back (etherpad-lite's `node/server.js` and
    /// `node/utils/caching_middleware.js`) import each other and nothing else imports either: no root reaches
    /// them, but no browser code imports them either, so a browser file elsewhere in the scan (`static/js/`)
    /// does not make them browser code. Before, every finding in the cycle was gone.
    @Test func importCycleOfServerModulesStaysSource() throws {
        let root = try write([
            "node/server.js": """
                const express = require('express')
                const cache = require('./utils/cache')
                const app = express()
                app.get('/x', (req, res) => res.send(cache.check(req.query.t)))
                app.listen(9001)
                exports.port = 9001
                """,
            "node/utils/cache.js": "const server = require('../server')\nexports.check = (text) => /a\\s*\\s*\\s*$/.test(text) && server.port\n",
            "static/js/json2.js": "var JSON2 = {}\ndocument.title = window.location.hash\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = try redosFindings(root, allContexts: false)
        #expect(found.map(\.file) == ["node/utils/cache.js"])
        #expect(found.map(\.context) == ["request"])
    }

    /// Writes `files` under a new temporary folder and returns it.
    func write(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-packages-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    func redosFindings(_ root: String, allContexts: Bool) throws -> [(file: String, context: String)] {
        let discovery = try FileDiscovery(config: LintConfig()).discover([root])
        let result = RuleRegistry.linter(LintOptions(config: LintConfig(), jobs: 1, allContexts: allContexts)).run(discovery)
        return result.report.findings.filter { $0.ruleId.description.hasPrefix("redos/") }.map { f in
            var context = ""
            if case .string(let c)? = f.evidence["context"] { context = c }
            return (String(f.file.dropFirst(root.count + 1)), context)
        }.sorted { $0.file < $1.file }
    }

    static let regexModule = "export function check(text) { return /a\\s*\\s*\\s*$/.test(text) }\n"

    /// A monorepo's tools are tooling by their package: a GitHub Action's code (an action.yml above it), a
    /// private package with a command and no server (a docs generator), and a private package only that
    /// generator imports, by its workspace name. A private package with a command that serves requests, and
    /// a published library, stay source.
    @Test func packagesThatAreToolsAreTooling() throws {
        let regex = Self.regexModule
        let root = try write([
            "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n",
            "package.json": #"{ "name": "mono", "private": true }"#,
            "packages/actions/package.json": #"{ "name": "@m/actions", "private": true }"#,
            "packages/actions/src/formatTag/action.yml": "name: format tag\nruns:\n  using: node20\n  main: ../../dist/formatTag/index.js\n",
            "packages/actions/src/formatTag/index.js": regex,
            "packages/extractor/package.json": #"{ "name": "@m/extractor", "private": true, "bin": { "extract": "./bin/extract" }, "exports": "./dist/index.js" }"#,
            "packages/extractor/src/index.js": regex,
            "packages/extractor-utils/package.json": #"{ "name": "@m/extractor-utils", "private": true, "exports": { ".": "./dist/index.js" } }"#,
            "packages/extractor-utils/src/index.js": regex,
            "packages/scripts/package.json": #"{ "name": "@m/scripts", "private": true, "bin": "./bin/docs.js" }"#,
            "packages/scripts/src/docs.js": "import { check } from '@m/extractor-utils'\ncheck(process.argv[2])\n",
            "packages/rest/package.json": #"{ "name": "@m/rest", "private": true, "bin": "./bin/rest.js" }"#,
            "packages/rest/src/server.js": """
                import express from 'express'
                import { check } from './check.js'
                const app = express()
                app.post('/x', (req, res) => res.send(check(req.body.t)))
                app.listen(3000)
                """,
            "packages/rest/src/check.js": regex,
            "packages/lib/package.json": #"{ "name": "@m/lib", "main": "./dist/index.js" }"#,
            "packages/lib/src/index.js": regex,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try redosFindings(root, allContexts: false).map(\.file) == ["packages/lib/src/index.js", "packages/rest/src/check.js"])
        #expect(try redosFindings(root, allContexts: true).map(\.file) == [
            "packages/actions/src/formatTag/index.js", "packages/extractor-utils/src/index.js", "packages/extractor/src/index.js",
            "packages/lib/src/index.js", "packages/rest/src/check.js",
        ])
    }

    /// A package that ships its server in `bin/` (y-websocket: `"start": "node ./bin/server.js"`): the program
    /// loading a server module and the helpers it imports from `bin/` are source. A `bin/` program loading
    /// no server stays tooling, and an example's `bin/www` stays an example.
    @Test func serverShippedInBinIsSource() throws {
        let tick = """
            const leak = (conn) => { setInterval(() => conn.send('tick'), 1000) }
            module.exports = { leak }
            """
        let root = try write([
            "package.json": #"{ "name": "y-ws", "bin": { "y-ws-server": "./bin/server.js" }, "scripts": { "start": "node ./bin/server.js" } }"#,
            "bin/server.js": """
                const WebSocket = require('ws')
                const { setupConnection } = require('./utils.js')
                const wss = new WebSocket.Server({ port: 1234 })
                wss.on('connection', (conn, req) => setupConnection(conn, req))
                """,
            "bin/utils.js": """
                const { leak } = require('./timers.js')
                exports.setupConnection = (conn) => { leak(conn) }
                """,
            "bin/timers.js": tick,
            "bin/cli.js": """
                const { leak } = require('./cli-timers.js')
                process.stdin.on('data', (d) => leak(process.stdout))
                """,
            "bin/cli-timers.js": tick,
            "examples/app/bin/www.js": """
                const http = require('http')
                const { leak } = require('./helper.js')
                http.createServer((req, res) => { leak(res); res.end() }).listen(3000)
                """,
            "examples/app/bin/helper.js": tick,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        func intervalFiles(allContexts: Bool) throws -> [String] {
            let discovery = try FileDiscovery(config: LintConfig()).discover([root])
            let result = RuleRegistry.linter(LintOptions(config: LintConfig(), jobs: 1, allContexts: allContexts)).run(discovery)
            return result.report.findings.filter { $0.ruleId.description == "listener-leak/interval" }
                .map { String($0.file.dropFirst(root.count + 1)) }.sorted()
        }
        #expect(try intervalFiles(allContexts: false) == ["bin/timers.js"])
        #expect(try intervalFiles(allContexts: true) == ["bin/timers.js", "examples/app/bin/helper.js"])
    }

    /// A repository's own package.json is not judged a command-line package: old typeorm's root is private
    /// with a `bin` because the library is published from its build output, and its sources stay source.
    @Test func repositoryOwnPackageKeepsItsSources() throws {
        let root = try write([
            "package.json": #"{ "name": "orm", "private": true, "bin": { "orm": "./cli.js" } }"#,
            "src/driver.js": Self.regexModule,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try redosFindings(root, allContexts: false).map(\.file) == ["src/driver.js"])
    }

    /// A call `x.encode()` whose object the model cannot tell reaches methods of that name in the caller's
    /// package and the packages next to it in the import graph, not in a package neither loads.
    @Test func methodsCalledByNameStayInTheirPackages() throws {
        let encoder = """
            export class Encoder {
              static encode(path) { return path.replace(/(?<pkg>.*)\\/(?<member>.*)?/, '$<pkg>') }
            }
            """
        let root = try write([
            "pnpm-workspace.yaml": "packages:\n  - 'packages/*'\n",
            "packages/voice/package.json": #"{ "name": "@m/voice", "main": "./src/index.js" }"#,
            "packages/voice/src/index.js": """
                import { pack } from '@m/opus'
                export function play(stream, encoder) { return pack(encoder.encode(stream)) }
                """,
            "packages/opus/package.json": #"{ "name": "@m/opus", "main": "./src/index.js" }"#,
            "packages/opus/src/index.js": "export function pack(b) { return b }\n",
            "packages/opus/src/encoder.js": encoder,
            "packages/typegen/package.json": #"{ "name": "@m/typegen", "private": true, "main": "./src/index.js" }"#,
            "packages/typegen/src/index.js": encoder,
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = try redosFindings(root, allContexts: false)
        #expect(found.map(\.file) == ["packages/opus/src/encoder.js", "packages/typegen/src/index.js"])
        #expect(found.map(\.context) == ["library API", "unreached"])
    }
}
