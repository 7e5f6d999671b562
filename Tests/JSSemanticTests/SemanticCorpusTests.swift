// The semantic model over real code: a sample of the /usr/lib/node_modules corpus (or $LOOPLINT_CORPUS)
// must build without trouble and keep its invariants: every read of a name is either bound or a global,
// every declaration maps back to its binding, reference lists agree with the per-node answers.
// Skips with its reason where the corpus is missing.

import Foundation
import JSSyntax
import SourceText
import Testing
@testable import JSSemantic

private enum SemanticCorpus {
    static let root = ProcessInfo.processInfo.environment["LOOPLINT_CORPUS"] ?? "/usr/lib/node_modules"
    static var available: Bool { FileManager.default.fileExists(atPath: root) }

    /// Every 8th source file in path order (a stable sample); all of them with LOOPLINT_SEMANTIC_ALL=1.
    static func sample() -> [String] {
        var found: [String] = []
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        while let rel = e.nextObject() as? String {
            let ext = (rel as NSString).pathExtension
            if ["js", "cjs", "mjs", "ts"].contains(ext) { found.append(root + "/" + rel) }
        }
        found.sort()
        let stride = ProcessInfo.processInfo.environment["LOOPLINT_SEMANTIC_ALL"] == "1" ? 1 : 8
        return found.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
    }
}

@Suite struct SemanticCorpusTests {
    @Test("a sample of the corpus builds with consistent bindings and references",
          .enabled(if: SemanticCorpus.available, "no corpus folder at \(SemanticCorpus.root) (set LOOPLINT_CORPUS)"))
    func corpusSample() {
        var problems: [String] = []
        var files = 0, bindings = 0, references = 0, globals = 0
        var project: [(path: String, semantics: FileSemantics)] = []
        for path in SemanticCorpus.sample() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let result = Parser.parse(SourceFile(path: path, bytes: [UInt8](data)), options: .forPath(path))
            let sem = FileSemantics(result.tree)
            files += 1
            bindings += sem.bindingCount
            project.append((path, sem))
            for i in 0..<sem.bindingCount {
                let b = sem.binding(BindingID(Int32(i))), name = sem.name(of: BindingID(Int32(i)))
                if sem.binding(for: b.declarationNode) != BindingID(Int32(i)) {
                    problems.append("\(path): declaration of \(name) does not map back")
                }
                for r in sem.references(of: BindingID(Int32(i))) {
                    references += 1
                    if sem.binding(for: r.node) != BindingID(Int32(i)) || sem.tree.name(of: r.node) != name {
                        problems.append("\(path): reference of \(name) at \(r.node) disagrees")
                    }
                }
            }
            for n in 0..<sem.tree.count {
                let id = NodeID(Int32(n))
                let flags = sem.referenceFlags(id)
                if flags.contains(.read), !flags.contains(.global), sem.binding(for: id) == nil {
                    problems.append("\(path): read at \(id) neither bound nor global")
                }
                if flags.contains(.global) { globals += 1 }
                if flags.contains(.global), sem.binding(for: id) != nil {
                    problems.append("\(path): \(id) both global and bound")
                }
            }
            if problems.count > 50 { break }
        }
        let index = ProjectIndex(files: project)
        print("semantic corpus: \(files) files, \(bindings) bindings, \(references) references, \(globals) global references, \(index.callGraph.edges.count) call edges")
        #expect(files > 0)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(50).joined(separator: "\n"))")
    }
}
