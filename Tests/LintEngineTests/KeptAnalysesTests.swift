// `LintOptions.keepsAnalyses`: the scan hands its project analyses to the result (the CLI keeps them until
// the process exits instead of freeing them on one thread); without it the result holds none.

import Diagnostics
import LintEngine
import Rules
import Testing

@Suite struct KeptAnalysesTests {
    @Test func resultHoldsTheAnalysesOnlyWhenAsked() {
        let source = "const express = require('express')\nconst app = express()\napp.get('/', (req, res) => res.send('ok'))\n"
        let discovery = Discovery(candidates: [Candidate(path: "app.js", origin: .staged(Array(source.utf8)))], errors: [])
        var keeping = LintOptions(jobs: 1)
        keeping.keepsAnalyses = true
        let kept = RuleRegistry.linter(keeping).run(discovery)
        let plain = RuleRegistry.linter(LintOptions(jobs: 1)).run(discovery)
        #expect(kept.analyses != nil)
        #expect(plain.analyses == nil)
        #expect(kept.report.findings == plain.report.findings)
    }
}
