// Library API entry points are opt-in (`libraryAPI: true`) for blocking, listener-leak and unbounded-cache:
// measured on the ecosystem check's libraries and the fix commits' trees (issue 12), 3 of the 54 audited
// findings the option adds were true, so by default a library with no handler has no request path there.

import Foundation
import Testing
import LintEngine
import LintTestSupport
import Rules

@Suite struct LibraryAPITests {
    let folder = RepoPaths.path("fixtures/projects/library-api")

    @Test func optedInLibraryIsAnalysedFromItsExports() throws {
        let result = try RuleHarness.lint(folder: folder)
        let labels = result.report.findings.map { $0.message }
        #expect(labels.contains { $0.contains("library API render") })
        #expect(labels.contains { $0.contains("library API Renderer.fill") })
        #expect(!result.report.findings.contains { $0.file.hasPrefix("test/") })
    }

    /// What a package hangs on its exports is API too: a function's and a class's static members
    /// (trim-newlines' `trimNewlines.end`, ws's `WebSocket.Server`) and members an exported object gets
    /// after it is exported (color-string's `cs.get.hwb`). Each file's sync read is reported only when the
    /// library API reaches it.
    @Test func staticMembersOfExportsAreAPI() throws {
        let result = try RuleHarness.lint(folder: RepoPaths.path("fixtures/projects/library-static"))
        let files = Set(result.report.findings.filter { $0.ruleId == "blocking/fs-sync" }.map(\.file))
        #expect(files == ["index.js", "server.js", "colors.js"])
        #expect(result.report.findings.allSatisfy { $0.message.contains("library API") })
        #expect(!result.report.findings.contains { $0.message.contains("readdirSync") })
    }

    /// `Server` answers HTTP itself (ws's 426 server): that handler does not make the package an application
    /// while it has no `start` script; with one, its handlers are the entries and its API is not.
    @Test func aPackageWithAStartScriptIsAnApplication() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-lib-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: RepoPaths.path("fixtures/projects/library-static"), toPath: copy)
        let library = try RuleHarness.lint(folder: copy)
        #expect(library.report.findings.contains { $0.file == "server.js" && $0.message.contains("library API") })
        try #"{ "name": "static-members-lib", "version": "1.0.0", "main": "index.js", "scripts": { "start": "node index.js" } }"#
            .write(toFile: copy + "/package.json", atomically: true, encoding: .utf8)
        let app = try RuleHarness.lint(folder: copy)
        #expect(!app.report.findings.contains { $0.ruleId == "blocking/fs-sync" }, "\(app.report.findings.map(\.message))")
    }

    /// A library's listener leaks are the per-call shapes' to decide, with the option on as without it
    /// (node-fetch's pooled socket, pg-cursor's borrowed connection): the request-path rules under library
    /// API entries hid them.
    @Test func perCallShapesDecideUnderLibraryAPI() throws {
        let folder = RepoPaths.path("fixtures/projects/library-listeners")
        func leaks(libraryAPI: Bool) throws -> [String] {
            var config = try LintConfig.load(path: folder + "/looplint.yml")
            config.libraryAPI = libraryAPI
            let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
            let result = RuleRegistry.linter(LintOptions(config: config, jobs: 1)).run(discovery)
            return result.report.findings.filter { $0.ruleId == "listener-leak/emitter" }.map { "\($0.file):\($0.line)" }
        }
        let on = try leaks(libraryAPI: true)
        #expect(on == ["index.js:10", "index.js:25", "query.js:14"], "\(on)")
        #expect(on == (try leaks(libraryAPI: false)))
    }

    @Test func offByDefault() throws {
        var config = try LintConfig.load(path: folder + "/looplint.yml")
        config.libraryAPI = false
        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        let result = RuleRegistry.linter(LintOptions(config: config, jobs: 1)).run(discovery)
        #expect(result.report.findings.isEmpty)
    }
}
