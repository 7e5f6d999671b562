// The redos rules run PCRE2 (the confirmation of a regex's backtracking, the attack's cost under a cap) only
// for the findings the report keeps (`Report.deferred`, `Rule.finish`): the report is byte for byte the one
// that confirming every finding at once gives (`LintOptions.finishesEagerly`), at one and two threads, with
// and without --all-contexts, and a regex that only hidden findings use is never run on PCRE2.

import Diagnostics
import Foundation
@testable import LintEngine
import LintTestSupport
@testable import RegexSafety
import Reporting
import Rules
import Testing

@Suite struct DeferredConfirmationTests {
    /// An application (private, its routes registered in its own files) whose regexes are in every place the
    /// report may keep or hide them. `tag` makes its patterns its own: PCRE2's results are cached per
    /// pattern for the whole process, which other tests share.
    static func project(_ tag: String) -> [(path: String, content: String)] {
        [
            ("package.json", #"{ "name": "shop", "private": true, "main": "app.js", "dependencies": { "express": "^4.19.0" } }"#),
            ("app.js", """
                const express = require('express')
                const admin = require('./lib/admin')
                const app = express()
                // shown: a handler tests what a client sent
                app.get('/hot', (req, res) => res.send(/^(a+)+H\(tag)$/.test(String(req.query.q))))
                // a cap the attack is cheap under: the finish drops it
                app.get('/capped', (req, res) => {
                  const q = String(req.query.q).slice(0, 1000)
                  res.send(q.replace(/[&|]+\(tag)$/, ''))
                })
                app.get('/tables', (req, res) => res.send(admin.lookup(String(req.query.t))))
                // hidden: run once, at start-up
                const BANNER = String(process.argv[2] || '')
                console.log(/^(b+)+S\(tag)$/.test(BANNER))
                app.listen(3000)
                """),
            ("lib/admin.js", """
                const line = /\\s*;\\s*L\(tag)$/
                // shown: what a route runs, through the table
                exports.lookup = (t) => line.test(t)
                // hidden: nothing calls it, in an application
                exports.unused = (s) => /^(c+)+U\(tag)$/.test(s)
                """),
            // hidden: test code (reported only under --all-contexts)
            ("test/admin.test.js", """
                const { lookup } = require('../lib/admin')
                test('lookup', () => expect(/^(d+)+T\(tag)$/.test(lookup('x'))).toBe(false))
                """),
        ]
    }

    static func run(_ files: [(path: String, content: String)], allContexts: Bool, eager: Bool, jobs: Int) -> String {
        let candidates = files.map { Candidate(path: $0.path, origin: .staged(Array($0.content.utf8))) }
        let discovery = Discovery(candidates: candidates.sorted { $0.path < $1.path }, errors: [])
        var options = LintOptions(jobs: jobs, allContexts: allContexts)
        options.finishesEagerly = eager
        var report = RuleRegistry.linter(options).run(discovery).report
        report.summary.durationMs = 0
        return JSONReporter.render(report)
    }

    static func confirmed(_ pattern: String) -> Bool { ReDoSChecker.holdsConfirmation(pattern: pattern, flags: "") }

    @Test func onlyReportedRegexesAreConfirmedAndTheReportIsTheEagerOne() throws {
        let tag = "Q" + String(UInt32.random(in: 100_000...999_999))
        let files = Self.project(tag)
        let hot = "^(a+)+H\(tag)$", line = "\\s*;\\s*L\(tag)$", capped = "[&|]+\(tag)$"
        let startup = "^(b+)+S\(tag)$", unused = "^(c+)+U\(tag)$", inTest = "^(d+)+T\(tag)$"

        let lazy = Self.run(files, allContexts: false, eager: false, jobs: 1)
        // the shown findings were confirmed (the capped one measured, then dropped), the hidden ones never ran
        #expect(lazy.contains("H\(tag)") && lazy.contains("L\(tag)"))
        #expect(!lazy.contains("S\(tag)") && !lazy.contains("U\(tag)") && !lazy.contains("T\(tag)") && !lazy.contains("+\(tag)"))
        #expect(Self.confirmed(hot) && Self.confirmed(line) && Self.confirmed(capped))
        #expect(!Self.confirmed(startup) && !Self.confirmed(unused) && !Self.confirmed(inTest))

        let all = Self.run(files, allContexts: true, eager: false, jobs: 1)
        #expect(all.contains("S\(tag)") && all.contains("U\(tag)") && all.contains("T\(tag)") && !all.contains("+\(tag)"))
        #expect(Self.confirmed(startup) && Self.confirmed(unused) && Self.confirmed(inTest))

        // the plain computation: every finding confirmed before the model decides which stand
        for allContexts in [false, true] {
            let eager = Self.run(files, allContexts: allContexts, eager: true, jobs: 1)
            #expect(eager == (allContexts ? all : lazy), "allContexts: \(allContexts)")
            for eagerly in [false, true] {
                #expect(Self.run(files, allContexts: allContexts, eager: eagerly, jobs: 2) == eager,
                        "allContexts: \(allContexts), eager: \(eagerly), two threads")
            }
        }
    }

    /// Every redos fixture folder gives the same report confirmed lazily and eagerly.
    @Test(arguments: ["advisories", "exponential", "extension-tables", "polynomial", "unreached"])
    func fixtureFolderReportsAreTheEagerOnes(_ name: String) throws {
        let folder = RepoPaths.path("fixtures/rules/redos/" + name)
        let config = try RuleHarness.folderConfig(folder)
        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        for allContexts in [false, true] {
            var reports: [String] = []
            for eager in [false, true] {
                var options = LintOptions(config: config, jobs: 2, allContexts: allContexts)
                options.finishesEagerly = eager
                var report = RuleRegistry.linter(options).run(discovery).report
                report.summary.durationMs = 0
                #expect(!report.findings.isEmpty)
                reports.append(JSONReporter.render(report))
            }
            #expect(reports[0] == reports[1], "\(name), allContexts: \(allContexts)")
        }
    }
}
