// The blocking rules decide in their own files (BlockingRequestPathRule's hooks); the shared search asks
// the rule a catalog row belongs to. A row whose rule is missing would be dropped without a word.

import Diagnostics
import LintEngine
import LintTestSupport
import Testing
@testable import Rules

@Suite struct BlockingRuleHooksTests {
    @Test func everyCatalogRowHasItsRule() {
        let rows = BlockingAPICatalog.builtIn
        #expect(!rows.isEmpty)
        for row in rows {
            #expect(BlockingRules.rule(row.ruleId) != nil, "no blocking rule for \(row.ruleId) (\(row.displayName))")
        }
        #expect(BlockingRules.rule(BlockingAPICatalog.customRuleId) != nil)
    }

    @Test func everyBlockingRuleIsAsked() {
        let blockingIds = RuleRegistry.ids.filter { $0.rawValue.hasPrefix("blocking/") }
        #expect(blockingIds.count == BlockingRules.byId.count)
        for id in blockingIds { #expect(BlockingRules.rule(id) != nil, "\(id) is not a BlockingRequestPathRule") }
    }

    @Test func rulesOwnTheirMessagesAndLibraryQuiet() throws {
        let require = try #require(BlockingRules.rule("blocking/require-in-handler"))
        let console = try #require(BlockingRules.rule("blocking/console-hot-path"))
        let fs = try #require(BlockingRules.rule("blocking/fs-sync"))
        #expect(require.quietUnderLibraryAPI && console.quietUnderLibraryAPI && !fs.quietUnderLibraryAPI)
        let worker = try #require(BlockingAPICatalog.builtIn.first { $0.ruleId == "blocking/worker-per-request" })
        let workerRule = try #require(BlockingRules.rule(worker.ruleId))
        #expect(workerRule.message(worker, path: "GET /x").hasPrefix("new "))
        let readFile = try #require(BlockingAPICatalog.builtIn.first { $0.ruleId == "blocking/fs-sync" })
        #expect(fs.message(readFile, path: "GET /x") == "\(readFile.displayName) blocks the event loop on the path of GET /x")
    }

    /// A rule whose page says `enabled: false` runs only when the config gives the rule itself a severity or
    /// `--select` names its id; a severity for its category, or selecting the category, does not turn it on.
    @Test func ruleOffByDefaultRunsOnlyWhenNamed() throws {
        let files = [(path: "server.js", content: """
            const express = require('express')
            const fs = require('fs')
            const app = express()
            app.get('/x', (req, res) => { console.log(req.path); res.send(fs.readFileSync('x')) })
            module.exports = app
            """)]
        func rules(config: LintConfig = LintConfig(), select: [String] = []) -> [String] {
            RuleHarness.lint(files, config: config, select: select).report.findings.map(\.ruleId.rawValue).sorted()
        }
        #expect(RuleCatalog.entry(for: "blocking/console-hot-path")?.enabledByDefault == false)
        #expect(rules() == ["blocking/fs-sync"])
        #expect(rules(select: ["blocking"]) == ["blocking/fs-sync"])
        #expect(rules(select: ["blocking/console-hot-path"]) == ["blocking/console-hot-path"])
        var category = LintConfig()
        category.rules["blocking"] = RuleSetting(level: .severity(.warning))
        #expect(rules(config: category) == ["blocking/fs-sync"])
        var own = LintConfig()
        own.rules["blocking/console-hot-path"] = RuleSetting(level: .severity(.note))
        #expect(rules(config: own) == ["blocking/console-hot-path", "blocking/fs-sync"])
    }
}
