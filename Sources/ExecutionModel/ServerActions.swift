// Next.js server actions: functions the browser calls through the framework (a POST to the page that
// Next.js routes to the function), once per call, with arguments the client sends. A `'use server'`
// directive in a module's prologue makes every function the module exports a server action, including
// the function an exported call makes of one (next-safe-action's
// `client.schema(s).action(async ({ parsedInput, ctx }) => ...)`, which RequestEntryPoints resolves through
// ProjectFunctions); the directive at the top of a function body makes that function one (an inline
// action written in a server component). The one owner of "is this a server action" for the entry points
// and for the rules that read a server action's parameters as request data.

import JSSemantic
import JSSyntax

public enum ServerActions {
    static let directive = "use server"

    /// Whether a directive of the statement list's prologue is `'use server'`.
    static func prologueHasDirective(_ statements: NodeList, _ tree: SyntaxTree) -> Bool {
        for stmt in tree.list(statements) {
            guard case .expressionStatement(let e, true) = tree[stmt] else { return false }
            if case .stringLiteral = tree[e], tree.stringValue(of: e) == directive { return true }
        }
        return false
    }

    /// Whether the module starts with a `'use server'` directive.
    public static func isServerModule(_ tree: SyntaxTree) -> Bool {
        guard case .program(let body) = tree[tree.root] else { return false }
        return prologueHasDirective(body, tree)
    }

    /// Whether the function's body starts with a `'use server'` directive.
    public static func hasOwnDirective(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let (_, body, _) = tree.functionParts(fn), let body, case .blockStatement(let statements) = tree[body] else {
            return false
        }
        return prologueHasDirective(statements, tree)
    }

    /// The functions of the file that carry their own `'use server'` directive.
    public static func inlineActions(_ sem: FileSemantics) -> [NodeID] {
        sem.functions.filter { hasOwnDirective($0, sem.tree) }
    }

    /// Whether `fn` is a server action by what its file shows: its own directive, or a function a
    /// `'use server'` module exports (directly or through a binding). Its parameters are what the client sent.
    public static func isAction(_ fn: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        if hasOwnDirective(fn, tree) { return true }
        guard isServerModule(tree) else { return false }
        return sem.exports.contains { e in
            guard !e.typeOnly, let v = e.value else { return false }
            return sem.valueNode(for: v) == fn || tree.unwrap(v) == fn
        }
    }
}
