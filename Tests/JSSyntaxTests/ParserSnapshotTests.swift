// Snapshot tests over fixtures/parser:
//   ok/**      must parse with no error; `tree.dump()` must equal the `.ast` file beside the input.
//   err/**     the errors, one `message (line:column)` per line, must equal the `.errors` file.
//   pending/** known gaps: inputs the parser does not handle yet. They are reported, never failing;
//              a pending input that now passes says so, and should move to ok/ or err/.
// UPDATE_SNAPSHOTS=1 rewrites the expected files; review the diff like code.

import Foundation
import JSSyntax
import SourceText
import Testing

@Suite struct ParserSnapshotTests {
    @Test("ok fixture parses cleanly and matches its .ast", arguments: ParserFixtures.inputs("ok"))
    func okFixture(_ input: String) throws {
        let result = try ParserFixtures.parse(input)
        #expect(result.errors.isEmpty, "\(input) should parse without errors:\n\(ParserFixtures.format(result.errors, in: result.file))")
        try ParserFixtures.assertSnapshot(result.tree.dump(), expectedFile: ParserFixtures.expectedPath(input, extension: "ast"))
    }

    @Test("err fixture reports the errors in its .errors", arguments: ParserFixtures.inputs("err"))
    func errFixture(_ input: String) throws {
        let result = try ParserFixtures.parse(input)
        #expect(!result.errors.isEmpty, "\(input) should not parse cleanly")
        try ParserFixtures.assertSnapshot(ParserFixtures.format(result.errors, in: result.file),
                                          expectedFile: ParserFixtures.expectedPath(input, extension: "errors"))
    }

    /// A pending input with a `.errors` file beside it is an error case the parser does not report
    /// as expected yet; one without is valid code the parser does not accept yet. One test over all
    /// of them, not one per input: there may be none, and an empty argument list would show as a skip.
    @Test("pending fixtures (known gaps, reported only)")
    func pendingFixtures() throws {
        for input in ParserFixtures.inputs("pending") {
            let result = try ParserFixtures.parse(input)
            let errors = ParserFixtures.format(result.errors, in: result.file)
            let expectedErrors = try? String(contentsOf: ParserFixtures.url(ParserFixtures.expectedPath(input, extension: "errors")),
                                             encoding: .utf8)
            let passes = expectedErrors.map { $0 == errors } ?? result.errors.isEmpty
            if passes {
                print("pending fixture \(input) now passes: move it to \(expectedErrors == nil ? "ok/" : "err/") with its snapshot")
            } else {
                print("pending fixture \(input) (known gap):\n\(errors.isEmpty ? "no errors reported\n" : errors)", terminator: "")
            }
            withKnownIssue("known parser gap: \(input)", isIntermittent: true) {
                #expect(passes)
            }
        }
    }

    @Test("every fixture input has its expected file and no stray expected file is left")
    func expectedFilesMatchInputs() throws {
        var expected: Set<String> = []
        for input in ParserFixtures.inputs("ok") { expected.insert(ParserFixtures.expectedPath(input, extension: "ast")) }
        for input in ParserFixtures.inputs("err") { expected.insert(ParserFixtures.expectedPath(input, extension: "errors")) }
        #expect(expected.count == ParserFixtures.inputs("ok").count + ParserFixtures.inputs("err").count,
                "two inputs in one folder share a name up to the extension")
        #expect(ParserFixtures.inputs("ok").count >= 20, "the fixture folder was not found: \(ParserFixtures.root.path)")
        #expect(ParserFixtures.inputs("err").count >= 20, "the fixture folder was not found: \(ParserFixtures.root.path)")
        if ParserFixtures.updating { return }
        for group in ["ok", "err"] {
            let base = ParserFixtures.root.appendingPathComponent(group)
            guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where ["ast", "errors"].contains(url.pathExtension) {
                let rel = group + "/" + ParserFixtures.relative(url, to: base)
                #expect(expected.contains(rel), "fixtures/parser/\(rel) has no input beside it")
            }
        }
    }

    /// The source type decided per file: by extension for .mjs/.mts/.cjs/.cts, by content for .js/.ts.
    @Test("module or script", arguments: [
        ("ok/js/esm-exports.js", true),
        ("ok/js/esm-await-before-import.js", true),
        ("ok/js/bom.js", false),
        ("ok/js/module-features.mjs", true),
        ("ok/js/export-default-expr.mjs", true),
        ("ok/js/hashbang-module.mjs", true),
        ("ok/js/commonjs.cjs", false),
        ("ok/js/dynamic-import.js", false),
        ("ok/js/sloppy.js", false),
        ("ok/js/classes.js", false),
        ("ok/ts/modules.ts", true),
        ("ok/ts/module-file.mts", true),
        ("ok/ts/export-assign.cts", false),
        ("ok/ts/annotations.ts", false),
        ("ok/jsx/elements.jsx", true),
        ("ok/jsx/fragments.jsx", false),
        ("ok/tsx/components.tsx", true),
    ])
    func sourceType(_ input: String, isModule: Bool) throws {
        let result = try ParserFixtures.parse(input)
        #expect(result.isModule == isModule, "\(input)")
    }

    @Test("comments are collected in order with their delimiters")
    func comments() throws {
        let result = try ParserFixtures.parse("ok/js/comments.js")
        let texts = result.tree.comments.map { result.file.text($0.range) }
        #expect(texts.count == 13)
        #expect(texts.first?.hasPrefix("/**\n * Comments of every shape") == true)
        #expect(texts.contains("// line comment"))
        #expect(texts.contains("/* divide? no, a comment */"))
        #expect(texts.last == "// last line without newline")
        #expect(result.tree.comments.filter(\.isBlock).count == 8)
        let starts = result.tree.comments.map(\.range.start)
        #expect(starts == starts.sorted())
    }

    /// Values the rules read: decoded identifier names, cooked strings, regex pattern and flags.
    @Test("identifier names, string values and regex parts are decoded")
    func literalValues() throws {
        let strings = try ParserFixtures.parse("ok/js/strings-unicode.js")
        let tree = strings.tree
        let ids = (0..<tree.count).map { NodeID(Int32($0)) }
        let escapedNames = ids.filter { tree.kind($0) == .identifier && tree.text($0).hasPrefix("\\u") }.map { tree.name(of: $0) }
        #expect(escapedNames == ["abc", "bcd"])
        let values = ids.filter { tree.kind($0) == .stringLiteral }.map { tree.stringValue(of: $0) }
        #expect(values.contains("it's"))
        #expect(values.contains("say \"hi\""))
        #expect(values.contains("\u{8}\u{C}\n\r\t\u{B}\0 A A 😀 \\ /"))
        #expect(values.contains("line one line two"))
        #expect(values.contains("\u{2028}\u{2029}"))

        let regexes = try ParserFixtures.parse("ok/js/regex-flags.js")
        let rtree = regexes.tree
        let parts = (0..<rtree.count).map { NodeID(Int32($0)) }.compactMap { rtree.regex(of: $0) }
        #expect(parts.contains { $0.pattern == "x" && $0.flags == "dgimsy" })
        #expect(parts.contains { $0.pattern == "[/\\]]+" && $0.flags == "" })
        #expect(parts.contains { $0.pattern == "[\\q{abc}a]" && $0.flags == "dgimsvy" })
        #expect(parts.count == 23)
    }
}
