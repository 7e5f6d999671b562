// The project stage runs the project rules side by side, and builds the engine's models beside them when the file
// pass's findings already need them: whatever the thread count, and however the rules' threads interleave, the
// report is the one a one-thread scan gives. Scanned: the multi-file applications and the rule fixtures as one
// project (every project rule reports there, and the file pass leaves findings for the models), by default and
// with every context, at several thread counts, twice at each count above one.

import Diagnostics
import Foundation
import LintEngine
import LintTestSupport
import Reporting
import Rules
import Testing

@Suite struct ProjectStageThreadsTests {
    func report(jobs: Int, allContexts: Bool) throws -> (json: String, findings: [Finding]) {
        let discovery = try FileDiscovery(config: LintConfig()).discover(["fixtures/projects", "fixtures/rules"], cwd: RepoPaths.root)
        let result = RuleRegistry.linter(LintOptions(config: LintConfig(), jobs: jobs, allContexts: allContexts)).run(discovery)
        var report = result.report
        report.summary.durationMs = 0
        return (JSONReporter.render(report), report.findings)
    }

    @Test(arguments: [false, true])
    func sameReportAtEveryThreadCount(allContexts: Bool) throws {
        let one = try report(jobs: 1, allContexts: allContexts)
        // the scan exercises the project rules: findings of several project-hook rules, not only the file pass's
        let projectRules: Set<String> = ["listener-leak/emitter", "unbounded-cache/map-growth", "blocking/fs-sync",
                                         "concurrency/unbounded-fanout"]
        #expect(Set(one.findings.map(\.ruleId.rawValue)).isSuperset(of: projectRules))
        for jobs in [2, 3, 4, 8] {
            for round in 0..<2 {
                let other = try report(jobs: jobs, allContexts: allContexts)
                #expect(other.json == one.json, "--jobs \(jobs) (round \(round + 1)) differs from --jobs 1")
            }
        }
    }
}
