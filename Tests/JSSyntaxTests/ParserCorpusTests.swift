// Every .js/.cjs/.mjs file under /usr/lib/node_modules (or $LOOPLINT_CORPUS) that Node accepts must
// parse with no error. Node decides what counts (scripts/node-check-list.js, cached in the temp
// folder by path, size and mtime); the test skips with its reason where the corpus or node is missing.

import Foundation
@testable import JSSyntax
import SourceText
import Testing

@Suite struct ParserCorpusTests {
    @Test("every node-valid file of the corpus parses without errors",
          .enabled(if: Corpus.available, "no corpus folder at \(Corpus.root) (set LOOPLINT_CORPUS to use another)"),
          .enabled(if: Toolchain.node != nil, "node is not on PATH, so the corpus cannot be filtered to valid files"))
    func corpusParses() throws {
        let node = try #require(Toolchain.node)
        let (all, accepted) = try Corpus.nodeAcceptedFiles(node: node)
        var failures: [String] = []
        var bytes = 0, work = 0
        var heaviest = (ratio: 0.0, path: "")
        for path in accepted {
            guard let data = FileManager.default.contents(atPath: path) else {
                failures.append("\(path): unreadable")
                continue
            }
            let file = SourceFile(path: path, bytes: [UInt8](data))
            bytes += file.bytes.count
            let (result, fileWork) = Parser.parseMeasured(file, options: .forPath(path))
            work += fileWork
            let ratio = Double(fileWork) / Double(max(1, file.bytes.count))
            if ratio > heaviest.ratio && file.bytes.count > 1_000 { heaviest = (ratio, path) }
            if let first = result.errors.first {
                failures.append("\(path):\(file.location(of: first.offset)): \(first.message)"
                                + (result.errors.count > 1 ? " (+\(result.errors.count - 1) more)" : ""))
            }
        }
        print("parser corpus: \(accepted.count) node-valid files of \(all) under \(Corpus.root) checked, \(bytes) bytes, \(failures.count) with errors")
        print("parser corpus: work \(work) units, \(String(format: "%.2f", Double(work) / Double(max(1, bytes)))) per byte; heaviest file over 1 KB: \(String(format: "%.2f", heaviest.ratio)) per byte (\(heaviest.path))")
        #expect(accepted.count > 0, "node accepted no file of the corpus")
        // Real code is read about once (speculation re-reads little): a guard against backtracking blow-ups.
        #expect(heaviest.ratio < 8, "\(heaviest.path) took \(heaviest.ratio) work units per byte")
        #expect(failures.isEmpty, "\(failures.count) node-valid files fail to parse:\n\(failures.prefix(50).joined(separator: "\n"))")
    }
}
