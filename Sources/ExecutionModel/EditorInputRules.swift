// Patterns of a rich-text editor's input rules: `new InputRule(/\[([^[]+)]\((\S+)\)$/, handler)` and the
// helpers built on it (`markInputRule`, `wrappingInputRule`, `textblockTypeInputRule`, `nodeInputRule`, an
// app's own `listInputRule`). The editor tests such a pattern against the text before the cursor as the user
// types, in the user's own browser; a server that loads the same schema (to render or convert documents)
// never applies it. A regex whose every use is such a pattern runs in browser code only.

import JSSemantic
import JSSyntax

public enum EditorInputRules {
    /// Whether `use` is the first argument of a call or construction whose callee's name ends in `InputRule`.
    public static func isPattern(_ use: NodeID, _ tree: SyntaxTree) -> Bool {
        // through `as` casts and non-null assertions around the use
        var child = use
        var steps = 0
        while let p = tree.parent(child), steps < 4, tree.unwrap(p) == tree.unwrap(use) {
            child = p
            steps += 1
        }
        guard let p = tree.parent(child) else { return false }
        let callee: NodeID
        let args: NodeList
        switch tree[p] {
        case .call(let c, _, let a, _): callee = c; args = a
        case .new(let c, _, let a): callee = c; args = a
        default: return false
        }
        guard tree.list(args).first == child else { return false }
        let c = tree.unwrap(callee)
        let name: NodeID
        switch tree[c] {
        case .identifier: name = c
        case .member(_, let property, false, _): name = property
        default: return false
        }
        return tree.name(of: name).hasSuffix("InputRule")
    }

    /// Whether every reference to `binding` is an input rule's pattern (and there is at least one).
    public static func onlyPatterns(_ binding: BindingID, _ semantic: FileSemantics, _ tree: SyntaxTree) -> Bool {
        let refs = semantic.references(of: binding)
        return !refs.isEmpty && refs.allSatisfy { isPattern($0.node, tree) }
    }
}
