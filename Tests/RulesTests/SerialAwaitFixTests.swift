import Diagnostics
import Foundation
import JSSyntax
import LintTestSupport
import Reporting
import SourceText
import Testing

/// The serial-await and concurrency fixtures: the JSON report (with fixes and their edits) matches
/// `expected.json`, and every fix's edits, applied to the file, give code that parses and that the
/// rule reports less often.
@Suite struct SerialAwaitFixTests {
    static let folders: [String] = RuleFixtureTests.folders().filter {
        $0.hasPrefix("fixtures/rules/serial-await/") || $0.hasPrefix("fixtures/rules/concurrency/")
    }

    @Test(arguments: folders)
    func jsonSnapshot(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        var result = try RuleHarness.lint(folder: abs)
        result.report.summary.durationMs = 0
        let problem = Snapshot.check(JSONReporter.render(result.report), against: abs + "/expected.json")
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(arguments: folders)
    func fixesParseAndRemoveTheFinding(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        let result = try RuleHarness.lint(folder: abs)
        for finding in result.report.findings {
            guard let fix = finding.fix, !fix.edits.isEmpty else { continue }
            let original = try String(contentsOfFile: abs + "/" + finding.file, encoding: .utf8)
            let patched = try #require(Self.apply(fix.edits, to: original), "\(finding.file):\(finding.line) edits overlap")
            let parsed = Parser.parse(SourceFile(path: finding.file, text: patched), options: .forPath(finding.file))
            #expect(parsed.errors.isEmpty, "\(finding.file):\(finding.line): fix does not parse: \(parsed.errors)\n\(patched)")
            let count = { (text: String) in
                RuleHarness.lint([(finding.file, text)], select: [finding.ruleId.rawValue]).report.findings.count
            }
            #expect(count(patched) < count(original), "\(finding.file):\(finding.line): fix leaves the finding")
        }
    }

    /// Applies edits (1-based lines, UTF-16 columns) from the last to the first.
    static func apply(_ edits: [TextEdit], to text: String) -> String? {
        var units = Array(text.utf16)
        var lineStarts = [0]
        for (i, u) in units.enumerated() where u == 0x0A { lineStarts.append(i + 1) }
        func offset(_ line: Int, _ column: Int) -> Int? {
            guard line >= 1, line <= lineStarts.count else { return nil }
            return lineStarts[line - 1] + column - 1
        }
        var previousStart = Int.max
        for e in edits.sorted(by: { ($0.line, $0.column) > ($1.line, $1.column) }) {
            guard let a = offset(e.line, e.column), let b = offset(e.endLine, e.endColumn), a <= b, b <= previousStart,
                  b <= units.count else { return nil }
            units.replaceSubrange(a..<b, with: Array(e.text.utf16))
            previousStart = a
        }
        return String(decoding: units, as: UTF16.self)
    }
}
