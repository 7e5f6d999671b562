// The execution-context model on a small project: serial-await, fan-out and ReDoS findings say which
// context made their code hot (`evidence.context`), `unreached` when no entry point reaches it, and
// `hotOnly: true` drops the unreached ones (not under `--all-contexts`, which reports everything). Reach
// goes through calls, closures a hot function creates (an object of query callbacks handed to a
// dispatcher), methods added to an object by a mixin module (`User.getFields = async function`), and a
// library's `export * from` barrels.

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

    func scan(_ files: [String: String], config: String? = nil, allContexts: Bool = false) throws -> [(file: String, context: String?)] {
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
        return result.report.findings.filter { $0.ruleId.rawValue == "serial-await/sequential" }.map { f in
            let context: String?
            if case .string(let s)? = f.evidence["context"] { context = s } else { context = nil }
            return (String(f.file.dropFirst(root.count + 1)), context)
        }
    }

    @Test func findingsNameTheirContextAndUnreachedCodeIsSaidSo() throws {
        let found = try scan(Self.files)
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile.count == 3, "\(found)")
        #expect(byFile["reports.js"] == .some("request"), "closure handed to a dispatcher: \(found)")
        #expect(byFile["user/data.js"] == .some("request"), "mixin method: \(found)")
        #expect(byFile["warmup.js"] == .some("unreached"), "start-up code: \(found)")
    }

    @Test func hotOnlyDropsUnreachedCode() throws {
        let found = try scan(Self.files, config: "hotOnly: true\n")
        #expect(found.map(\.file).sorted() == ["reports.js", "user/data.js"], "\(found)")
    }

    @Test func allContextsKeepsUnreachedCodeAndStillNamesContexts() throws {
        let found = try scan(Self.files, config: "hotOnly: true\n", allContexts: true)
        let byFile = Dictionary(found.map { ($0.file, $0.context) }, uniquingKeysWith: { a, _ in a })
        #expect(byFile["reports.js"] == .some("request"), "\(found)")
        #expect(byFile["warmup.js"] == .some("unreached"), "\(found)")
    }

    @Test func libraryBarrelReExportsAreTheAPI() throws {
        let files: [String: String] = [
            "package.json": #"{ "name": "lib", "main": "index.js" }"#,
            "index.js": "export * from './format.js'\n",
            "format.js": """
                import { get } from './db.js'
                export async function format(id) {
                  const a = await get('a' + id)
                  const b = await get('b' + id)
                  return a + b
                }
                """,
            "db.js": "export async function get(k) { return k }\n",
        ]
        let found = try scan(files)
        #expect(found.map(\.context) == [.some("library API")], "\(found)")
    }
}
