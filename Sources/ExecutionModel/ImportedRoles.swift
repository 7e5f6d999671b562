// Roles a file takes from the files that import it: a module that only browser code imports runs in the
// browser, whatever its own content says. A shared helper (`shared/editor/lib/isMarkdown.ts`), a chart
// formatter next to server code (`src/lib/charts.ts`) or the utilities of a single-page admin app are
// plain TypeScript with nothing browser-like in them; their importers are React components.
//
// A source file stays as it is when something that may serve traffic can load it: it has no importers (an
// entry point: a server, a library's main, a file a framework or a plugin loader picks up by its path), a
// source file that stays source imports it, tooling imports it (a server's `bin/www` imports the
// application it starts), or only tests, examples and generated copies import it (they import whatever
// they exercise, server code included, and say nothing of where a module runs). What is left, a file that
// browser code imports and that nothing else but such files, tests and examples imports, is browser code
// (`isMarkdown.ts`, imported by two React components and its own unit test).
//
// Type-only imports load nothing and are not counted. Files a `looplint.yml` `contexts:` entry assigns
// keep that role. One pass over the resolved imports and one breadth-first search: linear in the imports.

import ExecutionContext
import JSSemantic
import LintEngine

public enum ImportedRoles {
    /// The engine's hook (`Linter.importedRoles`).
    public static let model: ImportedRoleModel = { ctx in browserByImport(ctx) }

    /// Tests, examples and generated copies import whatever they exercise or bundle: their imports say
    /// nothing of where a module runs.
    static func neutral(_ role: FileRole) -> Bool {
        role == .test || role == .example || role == .generated
    }

    /// Unit index -> `.browser` for source files that only browser code imports.
    static func browserByImport(_ ctx: ProjectContext) -> [Int: FileRole] {
        let units = ctx.units
        guard units.contains(where: { $0.role == .browser }) else { return [:] }
        let functions = ProjectFunctions.of(ctx)
        let index = functions.index
        // importers[u]: the units importing unit u (each once)
        var importers = [[Int]](repeating: [], count: units.count)
        for u in units {
            guard let file = functions.fileOfUnit[u.index] else { continue }
            let sem = u.semantic
            var specifiers: [String] = []
            for r in sem.imports where !r.typeOnly { specifiers.append(r.specifier) }
            for e in sem.exports where !e.typeOnly { if let s = e.source { specifiers.append(s) } }
            var seen = Set<Int>()
            for s in specifiers {
                guard let target = index.resolveSpecifier(s, from: file) else { continue }
                let v = functions.unitOfFile[target.index]
                if v >= 0, v != u.index, seen.insert(v).inserted { importers[v].append(u.index) }
            }
        }
        // A candidate is a source file whose role its path and content decided (not the config).
        let candidate = units.map { u in
            u.role == .source && ctx.config.role(ofAbsolutePath: u.absolutePath) == nil
        }
        // Browser-like code that live code imports runs where its importer runs (a server module building
        // its editor schema with a class that also imports mobx-react): what it imports stays live too.
        // Not through a `'use client'` file: that is the boundary a React server component hands over to the
        // browser at, and what it imports is client code.
        let browserByContent = units.map { u in
            u.role == .browser && ctx.config.role(ofAbsolutePath: u.absolutePath) == nil
                && !FileRoles.hasUseClient(u.tree)
        }
        var live = [Bool](repeating: false, count: units.count)
        var queue: [Int] = []
        for u in units.indices where candidate[u] {
            let from = importers[u]
            // tooling starts servers (`bin/www`); a source file the config assigns is source
            let root = from.isEmpty
                || from.contains { i in units[i].role == .tooling || (units[i].role == .source && !candidate[i]) }
                || from.allSatisfy { i in neutral(units[i].role) }
            if root { live[u] = true; queue.append(u) }
        }
        // imports of live files, as a forward list
        var imported = [[Int]](repeating: [], count: units.count)
        for v in units.indices { for i in importers[v] { imported[i].append(v) } }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in imported[u] where (candidate[v] || browserByContent[v]) && !live[v] {
                live[v] = true
                queue.append(v)
            }
        }
        var out: [Int: FileRole] = [:]
        for u in units.indices where candidate[u] && !live[u] { out[u] = .browser }
        return out
    }
}
