// blocking/fs-sync: a synchronous `fs` call made inside a function (the single-file form of the rule;
// see its page for what it does not follow yet).

import Diagnostics
import JSSyntax
import LintEngine

struct BlockingFsSyncRule: Rule {
    static let id: RuleID = "blocking/fs-sync"

    func checkFile(_ ctx: FileContext) {
        let tree = ctx.tree
        let imports = ModuleImports(tree: tree)
        guard !imports.names.isEmpty || tree.count > 0 else { return }
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard case .call(let callee, _, _, _) = tree[id],
                  let target = imports.export(ofCallee: callee, tree),
                  target.module == "fs", target.export.hasSuffix("Sync"), target.export.count > 4,
                  isInsideFunction(id, tree) else { continue }
            ctx.report(id, Report("fs.\(target.export) blocks the event loop inside a function",
                                  fix: Fix(description: "use fs.promises.\(asyncName(target.export)) and await it")))
        }
    }

    func asyncName(_ sync: String) -> String {
        sync == "existsSync" ? "access" : String(sync.dropLast(4))
    }

    func isInsideFunction(_ node: NodeID, _ tree: SyntaxTree) -> Bool {
        var current = tree.parent(node)
        while let n = current {
            switch tree.kind(n) {
            case .functionDeclaration, .functionExpression, .arrowFunction, .methodDefinition: return true
            default: current = tree.parent(n)
            }
        }
        return false
    }
}
