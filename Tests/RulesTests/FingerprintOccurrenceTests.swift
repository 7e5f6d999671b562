import Diagnostics
import LintTestSupport
import Testing

/// One rule reporting identical code twice in a file: the findings keep distinct, stable fingerprints.
@Suite struct FingerprintOccurrenceTests {
    @Test func identicalLinesGetDistinctFingerprints() throws {
        let line = "check(/^(a+)+$/)"
        let result = RuleHarness.lint([("a.js", "\(line)\n\(line)\n")], select: ["redos"])
        let findings = result.report.findings
        try #require(findings.count == 2)
        #expect(findings[0].fingerprint == Fingerprint.make(ruleId: "redos/exponential", file: "a.js", code: line + "\n", occurrence: 0))
        #expect(findings[1].fingerprint == Fingerprint.numbered(findings[0].fingerprint, occurrence: 1))
        #expect(findings[0].fingerprint != findings[1].fingerprint)
    }
}
