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
        let catalog = BlockingAPICatalog.Index(config: ctx.config)
        guard !imports.names.isEmpty || tree.count > 0 else { return }
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard case .call(let callee, _, _, _) = tree[id],
                  let target = imports.export(ofCallee: callee, tree),
                  let api = catalog.entry(module: target.module, path: [target.export]), api.ruleId == Self.id,
                  isInsideFunction(id, tree) else { continue }
            ctx.report(id, Report("\(api.displayName) blocks the event loop inside a function",
                                  fix: Fix(description: "use \(api.insteadText)")))
        }
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
