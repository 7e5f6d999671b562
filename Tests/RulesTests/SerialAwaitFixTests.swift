import Diagnostics
import Foundation
import JSSyntax
import LintTestSupport
import Reporting
import SourceText
import Testing

/// The serial-await and concurrency fixtures: the JSON report (with fixes and their edits) matches
/// `expected.json`; every fix, applied alone, gives code that parses and that the rule reports less
/// often; and all fixes of a file applied together give exactly the expected fixed file beside it,
/// `<name>.fixed.<ext>` (`handlers.js` -> `handlers.fixed.js`; the folder's looplint.yml ignores those,
/// UPDATE_SNAPSHOTS=1 rewrites them). A fix that deleted the statement would change that file.
@Suite struct SerialAwaitFixTests {
    static func folders() throws -> [String] {
        let list = try RuleFixtureTests.folders().filter {
            $0.hasPrefix("fixtures/rules/serial-await/") || $0.hasPrefix("fixtures/rules/concurrency/")
        }
        guard list.count >= 3 else { throw FixtureSetError("expected the serial-await and concurrency fixture folders, found \(list)") }
        return list
    }

    /// `handlers.js` -> `handlers.fixed.js`, `services.ts` -> `services.fixed.ts`.
    static func fixedName(_ file: String) -> String {
        let ext = (file as NSString).pathExtension
        return (file as NSString).deletingPathExtension + ".fixed." + ext
    }

    static func isFixedName(_ file: String) -> Bool {
        ((file as NSString).deletingPathExtension as NSString).pathExtension == "fixed"
    }

    @Test(arguments: try folders())
    func jsonSnapshot(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        var result = try RuleHarness.lint(folder: abs)
        result.report.summary.durationMs = 0
        let problem = Snapshot.check(JSONReporter.render(result.report), against: abs + "/expected.json")
        #expect(problem == nil, "\(problem ?? "")")
    }

    @Test(arguments: try folders())
    func fixesParseAndRemoveTheFinding(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        let result = try RuleHarness.lint(folder: abs)
        let config = try RuleHarness.folderConfig(abs)
        for finding in result.report.findings {
            guard let fix = finding.fix, !fix.edits.isEmpty else { continue }
            let original = try String(contentsOfFile: abs + "/" + finding.file, encoding: .utf8)
            let patched = try #require(Self.apply(fix.edits, to: original), "\(finding.file):\(finding.line) edits overlap")
            let parsed = Parser.parse(SourceFile(path: finding.file, text: patched), options: .forPath(finding.file))
            #expect(parsed.errors.isEmpty, "\(finding.file):\(finding.line): fix does not parse: \(parsed.errors)\n\(patched)")
            let count = { (text: String) in
                RuleHarness.lint([(finding.file, text)], config: config, select: [finding.ruleId.rawValue]).report.findings.count
            }
            #expect(count(patched) < count(original), "\(finding.file):\(finding.line): fix leaves the finding")
        }
    }

    @Test(arguments: try folders())
    func fixedFilesMatchTheirExpectations(_ folder: String) throws {
        let abs = RepoPaths.path(folder)
        let result = try RuleHarness.lint(folder: abs)
        var editsByFile: [String: [TextEdit]] = [:]
        for finding in result.report.findings {
            guard let edits = finding.fix?.edits, !edits.isEmpty else { continue }
            editsByFile[finding.file, default: []] += edits
        }
        for (file, edits) in editsByFile.sorted(by: { $0.key < $1.key }) {
            let original = try String(contentsOfFile: abs + "/" + file, encoding: .utf8)
            let fixed = try #require(Self.apply(edits, to: original), "\(folder)/\(file): the fixes' edits overlap")
            let parsed = Parser.parse(SourceFile(path: file, text: fixed), options: .forPath(file))
            #expect(parsed.errors.isEmpty, "\(folder)/\(file) with every fix applied does not parse: \(parsed.errors)")
            let problem = Snapshot.check(fixed, against: abs + "/" + Self.fixedName(file))
            #expect(problem == nil, "\(problem ?? "")")
        }
        // No expected fixed file without fixes to make it.
        let stray = try FileManager.default.contentsOfDirectory(atPath: abs).filter(Self.isFixedName)
            .filter { name in !editsByFile.keys.contains { Self.fixedName($0) == name } }
        #expect(stray.isEmpty, "\(folder): expected fixed files with no fix to produce them: \(stray)")
    }

    @Test func someFixtureHasEdits() throws {
        let fixed = try Self.folders().flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: RepoPaths.path(folder)).filter(Self.isFixedName)
        }
        #expect(fixed.count >= 4, "expected fixed files: \(fixed)")
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
