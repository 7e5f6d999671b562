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
}
