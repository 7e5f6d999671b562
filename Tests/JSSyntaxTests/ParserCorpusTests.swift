// Every .js/.cjs/.mjs file under /usr/lib/node_modules (or $LOOPLINT_CORPUS) that Node accepts must
// parse with no error. Node decides what counts (scripts/node-check-list.js, cached in the temp
// folder by path, size and mtime); the test skips with its reason where the corpus or node is missing.

import Foundation
import JSSyntax
import SourceText
import Testing

@Suite struct ParserCorpusTests {
    @Test("every node-valid file of the corpus parses without errors",
          .enabled(if: Corpus.available, "no corpus folder at \(Corpus.root) (set LOOPLINT_CORPUS to use another)"),
          .enabled(if: Toolchain.node != nil, "node is not on PATH, so the corpus cannot be filtered to valid files"))
    func corpusParses() throws {
        guard let node = Toolchain.node else { return }
        let (all, accepted) = try Corpus.nodeAcceptedFiles(node: node)
        var failures: [String] = []
        var bytes = 0
        for path in accepted {
            guard let data = FileManager.default.contents(atPath: path) else {
                failures.append("\(path): unreadable")
                continue
            }
            let file = SourceFile(path: path, bytes: [UInt8](data))
            bytes += file.bytes.count
            let result = Parser.parse(file, options: .forPath(path))
            if let first = result.errors.first {
                failures.append("\(path):\(file.location(of: first.offset)): \(first.message)"
                                + (result.errors.count > 1 ? " (+\(result.errors.count - 1) more)" : ""))
            }
        }
        print("parser corpus: \(accepted.count) node-valid files of \(all) under \(Corpus.root) checked, \(bytes) bytes, \(failures.count) with errors")
        #expect(accepted.count > 0, "node accepted no file of the corpus")
        #expect(failures.isEmpty, "\(failures.count) node-valid files fail to parse:\n\(failures.prefix(50).joined(separator: "\n"))")
    }
}
