// What tests, examples and generated copies load of the program. They are no part of the project pass
// (`FileRole.isNeutral`: their trees are not kept and they have no call edges); what each of them imports is
// kept (`ProjectContext.neutralImports`), and this resolves it through the project index: the functions,
// classes and objects they import, and the modules they load whole (`require('./cache')`, `import * as c`).
//
// A rule asks it where a call edge from a test used to answer: a helper nothing in the program calls but
// tests import (`export function clearCache()`) runs only under the tests; one an example imports is API an
// application calls. Resolution goes through re-exports (`exportedValue`), bounded by the index's budget.

import JSSemantic
import JSSyntax
import LintEngine

public struct NeutralLoads: Sendable {
    /// Functions, classes and objects loaded by name (a class also for its methods).
    private var nodes: Set<ProjectNode> = []
    /// Modules loaded whole: anything they define may be called.
    private var modules: Set<FileID> = []

    /// Whether the loads include `function`: itself, the class or object literal it is a member of, or its
    /// whole module.
    public func includes(_ function: ProjectNode, _ index: ProjectIndex) -> Bool {
        if nodes.isEmpty && modules.isEmpty { return false }
        if modules.contains(function.file) || nodes.contains(function) { return true }
        let tree = index.semantics(function.file).tree
        if let cls = tree.enclosingClass(of: function.node), nodes.contains(ProjectNode(file: function.file, node: cls)) {
            return true
        }
        // a method or property of an object literal: `module.exports = { clear() {} }`
        var n = tree.parent(function.node)
        var steps = 0
        while let p = n, steps < 3 {
            steps += 1
            if tree.kind(p) == .objectExpression { return nodes.contains(ProjectNode(file: function.file, node: p)) }
            n = tree.parent(p)
        }
        return false
    }

    private mutating func add(_ value: ProjectValue?) {
        switch value {
        case .function(let n)?, .classValue(let n)?, .instance(let n)?, .object(let n)?:
            nodes.insert(n)
        case .module(let f)?:
            modules.insert(f)
        case nil:
            break
        }
    }

    /// What tests load, and what examples and generated copies load.
    public struct Split: Sendable {
        public let tests: NeutralLoads
        public let others: NeutralLoads
    }

    static let key = AnalysisKey<Split>("neutral loads")

    /// Once per scan; empty without a project index or neutral files.
    public static func of(_ ctx: ProjectContext) -> Split {
        ctx.memo(key) {
            var tests = NeutralLoads(), others = NeutralLoads()
            let files = ctx.neutralImports
            guard !files.isEmpty else { return Split(tests: tests, others: others) }
            let index = ProjectFunctions.of(ctx).index
            // Resolved on the scan's threads; each module and name is evaluated once however many files
            // import it (tests import the same few helpers again and again).
            struct Load: Hashable { var target: FileID; var name: String; var test: Bool }
            let perFile = ParallelMap.map(count: files.count, jobs: ctx.jobs) { i -> [Load] in
                let imports = files[i].imports
                let targets = index.resolve(imports.map(\.specifier), fromPath: files[i].absolutePath)
                return zip(imports, targets).compactMap { load, target in
                    target.map { Load(target: $0, name: load.name, test: files[i].role == .test) }
                }
            }
            var seen = Set<Load>()
            var loads: [Load] = []
            for list in perFile { for l in list where seen.insert(l).inserted { loads.append(l) } }
            let values = ParallelMap.map(count: loads.count, jobs: ctx.jobs) { i -> ProjectValue? in
                loads[i].name == "*" ? index.moduleValue(of: loads[i].target) : index.exportedValue(loads[i].name, of: loads[i].target)
            }
            for (l, value) in zip(loads, values) {
                if l.test {
                    if l.name == "*" { tests.modules.insert(l.target) }
                    tests.add(value)
                } else {
                    if l.name == "*" { others.modules.insert(l.target) }
                    others.add(value)
                }
            }
            return Split(tests: tests, others: others)
        }
    }
}
