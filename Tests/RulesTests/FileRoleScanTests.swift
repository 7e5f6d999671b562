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
}
