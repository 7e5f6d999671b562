// Roles a file takes from the files that import it: a module that only browser code imports runs in the
// browser, whatever its own content says. A shared helper (`shared/editor/lib/isMarkdown.ts`), a chart
// formatter next to server code (`src/lib/charts.ts`) or the utilities of a single-page admin app are
// plain TypeScript with nothing browser-like in them; their importers are React components.
//
// A source file stays as it is when something that may serve traffic can load it: it has no importers (an
// entry point: a server, a library's main, a file a framework or a plugin loader picks up by its path), a
// source file that stays source imports it, tooling imports it (a server's `bin/www` imports the
// application it starts), or only tests, examples and generated copies import it (they import whatever
// they exercise, server code included, and say nothing of where a module runs: they are not in the project
// pass at all, `FileRole.isNeutral`, so their imports are never counted). What is left, a file that
// browser code imports and that nothing else but such files, tests and examples imports, is browser code
// (`isMarkdown.ts`, imported by two React components and its own unit test). A file no browser code reaches
// through its imports stays source even when no root reaches it either (an import cycle of server modules).
//
// A `'use server'` module is such a root too: client components import its server actions, but what they
// get is a reference they call over HTTP, and the module runs on the server.
//
// A module under `bin/` that the server a package ships there imports (a `bin/` program loading a server
// module is source by its content) runs in that server: it is source too.
//
// A file also takes the role of its package: a GitHub Action's code (an `action.yml` in the file's folder
// or a folder above it, inside its package) is tooling. So is a monorepo's command-line package (a member
// package, with a package.json above its own, whose package.json has `bin` and is either unpublished
// (`private`) or has nothing to load as a module: no `main`, `module` or `exports`) that holds no request,
// message or job entry point, and an unpublished member package without a command that only such tooling
// imports (a docs generator's private helper package). A repository's own package.json is not judged so:
// it may be private with a `bin` because the library is published from its build output.
//
// Type-only imports load nothing and are not counted. Files a `looplint.yml` `contexts:` entry assigns
// keep that role. One pass over the resolved imports and one breadth-first search: linear in the imports.

import ExecutionContext
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

public enum ImportedRoles {
    /// The engine's hook (`Linter.importedRoles`).
    public static let model: ImportedRoleModel = { ctx in
        var out = toolingByPackage(ctx)
        for (u, role) in browserByImportOnce(ctx) where out[u] == nil { out[u] = role }
        for u in servedStatically(ctx) where out[u] == nil { out[u] = .browser }
        for u in binModulesOfServers(ctx, demoted: out) where out[u] == nil { out[u] = .source }
        return out
    }

    /// Source files in a folder the program serves as static files (`app.use('/libraries',
    /// express.static(path.join(srcRoot, '..', 'libraries')))`, serve-static, koa-static): the server hands them
    /// to browsers and runs none of them (trilium's copy of CodeMirror's language modes, whose UMD header
    /// `require`s the editor only where a module system exists). The folder must be written as a path the file
    /// shows (`__dirname`, string literals, `path.join` / `path.resolve`, constants of the file holding such a
    /// path); a folder holding the file that serves it (`express.static(__dirname)`) is left alone, and so is a
    /// file that a source file outside served folders imports.
    static let staticServers: Set<String> = ["express", "serve-static", "koa-static"]

    static func servedStatically(_ ctx: ProjectContext) -> [Int] {
        let units = ctx.units
        var folders: [String] = []
        for u in units where u.role == .source
            && u.semantic.imports.contains(where: { staticServers.contains($0.specifier) }) {
            let tree = u.tree
            for call in tree.nodes(ofKind: .call) {
                guard case .call(let callee, _, let args, _) = tree[call], let first = tree.list(args).first else { continue }
                let c = tree.unwrap(callee)
                switch tree[c] {
                case .member(_, let property, false, _):
                    guard tree.name(of: property) == "static" else { continue }
                case .identifier:
                    let name = tree.name(of: c)
                    guard name.contains("tatic") || name.contains("serve") else { continue }
                default:
                    continue
                }
                guard let symbol = u.semantic.resolveExport(c) else { continue }
                switch (symbol.module, symbol.path) {
                case ("express", ["static"]), ("serve-static", []), ("koa-static", []): break
                default: continue
                }
                guard let folder = staticPath(first, u, depth: 0), folder != "/" else { continue }
                let own = (u.absolutePath as NSString).deletingLastPathComponent
                // the folder of the serving file, or one above it: the server's own code is there
                if own == folder || own.hasPrefix(folder + "/") { continue }
                folders.append(folder)
            }
        }
        guard !folders.isEmpty else { return [] }
        var served = units.map { u in
            u.role == .source && ctx.config.role(ofAbsolutePath: u.absolutePath) == nil
                && folders.contains { u.absolutePath.hasPrefix($0 + "/") }
        }
        guard served.contains(true) else { return [] }
        let importers = importersOfUnits(ctx)
        for i in units.indices where served[i] {
            if importers[i].contains(where: { !served[$0] && units[$0].role == .source }) { served[i] = false }
        }
        return units.indices.filter { served[$0] }
    }

    /// The absolute path an expression names, as far as the file shows it: `__dirname`, a string literal, a call
    /// of `path.join` or `path.resolve` of such values, a constant of the file holding one. Nil otherwise, or
    /// past a few constants.
    static func staticPath(_ expr: NodeID, _ u: SourceUnit, depth: Int) -> String? {
        guard depth < 6 else { return nil }
        let tree = u.tree, sem = u.semantic
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            guard let b = sem.binding(for: e) else {
                return tree.name(of: e) == "__dirname" ? (u.absolutePath as NSString).deletingLastPathComponent : nil
            }
            guard let v = sem.constantValue(of: b), v.path.isEmpty else { return nil }
            return staticPath(v.expression, u, depth: depth + 1)
        case .stringLiteral:
            return tree.stringValue(of: e)
        case .call(let callee, _, let args, _):
            guard let symbol = sem.resolveExport(tree.unwrap(callee)), symbol.module == "path" || symbol.module == "node:path",
                  symbol.path == ["join"] || symbol.path == ["resolve"] else { return nil }
            var result = ""
            for a in tree.list(args) {
                guard let part = staticPath(a, u, depth: depth + 1) else { return nil }
                if part.hasPrefix("/") && (symbol.path == ["resolve"] || result.isEmpty) {
                    result = part
                } else if !part.isEmpty {
                    result = result.isEmpty ? part : result + "/" + part
                }
            }
            guard result.hasPrefix("/") else { return nil }
            return ProjectPath.normalise(result)
        default:
            return nil
        }
    }

    /// Modules under `bin/` (tooling by their folder) that source code imports, directly or through other
    /// such modules: the helpers of a server a package ships in `bin/` (y-websocket's `bin/utils.js`, which
    /// `bin/server.js` imports; FileRoles takes a `bin/` program loading a server module as source) run
    /// in that server. Only code that stays source counts as an importer.
    static func binModulesOfServers(_ ctx: ProjectContext, demoted: [Int: FileRole]) -> [Int] {
        let units = ctx.units
        let candidate = units.map { u in
            u.role == .tooling && ctx.config.role(ofAbsolutePath: u.absolutePath) == nil
                && FileRoles.pathAboveBinFolder(u.path) != nil
        }
        guard candidate.contains(true) else { return [] }
        let imported = importsOf(importersOfUnits(ctx))
        var promoted = [Bool](repeating: false, count: units.count)
        var queue = units.indices.filter { units[$0].role == .source && demoted[$0] == nil }
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in imported[u] where candidate[v] && !promoted[v] {
                promoted[v] = true
                queue.append(v)
            }
        }
        return units.indices.filter { promoted[$0] }
    }

    static let importersKey = AnalysisKey<[[Int]]>("importedRoles: importers")

    /// Per unit, the units importing it (each once), by imports and re-exports that load code; once per scan.
    static func importersOfUnits(_ ctx: ProjectContext) -> [[Int]] {
        ctx.memo(importersKey) { importers(ctx) }
    }

    /// The same relation as a forward list: per unit, the units it imports.
    static func importsOf(_ importers: [[Int]]) -> [[Int]] {
        var imported = [[Int]](repeating: [], count: importers.count)
        for v in importers.indices { for i in importers[v] { imported[i].append(v) } }
        return imported
    }

    private static func importers(_ ctx: ProjectContext) -> [[Int]] {
        let units = ctx.units
        let functions = ProjectFunctions.of(ctx)
        let index = functions.index
        // each unit's imports resolved on the scan's threads, then added in unit order
        let imported = ParallelMap.map(count: units.count, jobs: ctx.jobs) { i -> [Int] in
            let u = units[i]
            guard let file = functions.fileOfUnit[u.index] else { return [] }
            let sem = u.semantic
            var specifiers: [String] = []
            for r in sem.imports where !r.typeOnly { specifiers.append(r.specifier) }
            for e in sem.exports where !e.typeOnly { if let s = e.source { specifiers.append(s) } }
            var seen = Set<Int>()
            var out: [Int] = []
            for s in specifiers {
                guard let target = index.resolveSpecifier(s, from: file) else { continue }
                let v = functions.unitOfFile[target.index]
                if v >= 0, v != u.index, seen.insert(v).inserted { out.append(v) }
            }
            return out
        }
        var importers = [[Int]](repeating: [], count: units.count)
        for (i, u) in units.enumerated() {
            for v in imported[i] { importers[v].append(u.index) }
        }
        return importers
    }

    /// Unit index -> `.tooling` for the source files of packages that are tools (see the top of the file).
    static func toolingByPackage(_ ctx: ProjectContext) -> [Int: FileRole] {
        let units = ctx.units
        let candidate = units.map { u in
            u.role == .source && u.absolutePath.hasPrefix("/") && ctx.config.role(ofAbsolutePath: u.absolutePath) == nil
        }
        guard candidate.contains(true) else { return [:] }
        let packages = ProjectPackages.of(ctx)
        var out: [Int: FileRole] = [:]
        // GitHub Actions: an action.yml between the file and its package's folder
        var actionDir: [String: Bool] = [:]
        func isAction(_ dir: String) -> Bool {
            if let known = actionDir[dir] { return known }
            let yes = ctx.files.bytes(atPath: dir + "/action.yml") != nil || ctx.files.bytes(atPath: dir + "/action.yaml") != nil
            actionDir[dir] = yes
            return yes
        }
        // Per folder: whether an action.yml sits there or in a folder above it inside its package. The folders
        // of one package share their package (the nearest package.json above), so a folder's answer is its
        // own action.yml or its parent's answer, up to the package's folder: each folder is looked at once.
        var actionAbove: [String: Bool] = [:]
        for u in units where candidate[u.index] {
            let p = packages.packageOfUnit[u.index]
            let top = p >= 0 ? packages.packages[Int(p)].dir : nil
            var chain: [String] = []
            var d = ProjectPath.directory(of: u.absolutePath)
            var found = false
            // whether the walk ended by itself (not by its cap of 16 folders, where a folder higher up would
            // look further than this file's walk did)
            var ended = false
            for _ in 0..<16 {
                if let known = actionAbove[d] { found = known; ended = true; break }
                chain.append(d)
                if isAction(d) { found = true; ended = true; break }
                let parent = ProjectPath.directory(of: d)
                if d == top || top == nil || parent == d || parent.isEmpty { ended = true; break }
                d = parent
            }
            if ended || found { for c in chain { actionAbove[c] = found } }
            if found { out[u.index] = .tooling }
        }
        // command-line packages, and the unpublished packages only they (or other tooling) import
        let count = packages.packages.count
        guard count > 0 else { return out }
        var members = [[Int]](repeating: [], count: count)
        for u in units where candidate[u.index] {
            let p = packages.packageOfUnit[u.index]
            if p >= 0 { members[Int(p)].append(u.index) }
        }
        // only a repository's member packages: a repository's own package.json may be private with a `bin`
        // because the library is published from its build output
        let cli = packages.packages.indices.map { p in
            let m = packages.packages[p]
            return packages.isNested[p] && m.hasBin && (m.isPrivate || !m.hasMain)
        }
        let mayInherit = packages.packages.indices.map { p in
            packages.isNested[p] && packages.packages[p].isPrivate && !packages.packages[p].hasBin
        }
        guard cli.contains(true) else { return out }
        // packages that serve: one of their files holds a request, message or job entry point (a stream's or a
        // client socket's per-operation hooks run in command-line programs too: they do not make one serve)
        var serving = [Bool](repeating: false, count: count)
        for e in RequestEntryPoints.withLibraryAPI(ctx).all where !Framework.perOperation.contains(e.framework) {
            let p = packages.packageOfUnit[e.unit]
            if p >= 0 { serving[Int(p)] = true }
        }
        var tooling = [Bool](repeating: false, count: count)
        for p in 0..<count where cli[p] && !serving[p] && !members[p].isEmpty { tooling[p] = true }
        if mayInherit.contains(true) {
            let importers = importersOfUnits(ctx)
            // a package is tooling once every file outside it that imports it is tooling, a test or the like
            var changed = true
            var rounds = 0
            while changed, rounds < count {
                changed = false
                rounds += 1
                for p in 0..<count where mayInherit[p] && !tooling[p] && !serving[p] && !members[p].isEmpty {
                    var sawTooling = false
                    var onlyTooling = true
                    for m in members[p] {
                        for i in importers[m] where packages.packageOfUnit[i] != Int32(p) {
                            let q = packages.packageOfUnit[i]
                            if units[i].role == .tooling || out[i] == .tooling || (q >= 0 && tooling[Int(q)]) {
                                sawTooling = true
                            } else {
                                onlyTooling = false
                            }
                        }
                        if !onlyTooling { break }
                    }
                    if sawTooling && onlyTooling { tooling[p] = true; changed = true }
                }
            }
        }
        for p in 0..<count where tooling[p] {
            for u in members[p] { out[u] = .tooling }
        }
        return out
    }

    static let browserKey = AnalysisKey<[Int: FileRole]>("importedRoles: browser")

    /// `browserByImport`, once per scan (the model and the hot contexts both ask).
    static func browserByImportOnce(_ ctx: ProjectContext) -> [Int: FileRole] {
        ctx.memo(browserKey) { browserByImport(ctx) }
    }

    /// Unit index -> `.browser` for source files that only browser code imports.
    static func browserByImport(_ ctx: ProjectContext) -> [Int: FileRole] {
        let units = ctx.units
        guard units.contains(where: { $0.role == .browser }) else { return [:] }
        let importers = importersOfUnits(ctx)
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
            // a `'use server'` module runs on the server whoever imports it: a client component importing a
            // server action gets a reference it calls over HTTP (ServerActions)
            let root = from.isEmpty
                || from.contains { i in units[i].role == .tooling || (units[i].role == .source && !candidate[i]) }
                || ServerActions.isServerModule(units[u].tree)
            if root { live[u] = true; queue.append(u) }
        }
        let imported = importsOf(importers)
        var head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in imported[u] where (candidate[v] || browserByContent[v]) && !live[v] {
                live[v] = true
                queue.append(v)
            }
        }
        // What is left is browser code only when browser code imports it (directly or through other such
        // files): an import cycle nothing else imports (a server and a module that requires it back for its
        // exports, etherpad's `server.js` and `caching_middleware.js`) has no root, but no browser importer
        // either, and stays source.
        var fromBrowser = [Bool](repeating: false, count: units.count)
        queue = units.indices.filter { units[$0].role == .browser }
        head = 0
        while head < queue.count {
            let u = queue[head]
            head += 1
            for v in imported[u] where candidate[v] && !live[v] && !fromBrowser[v] {
                fromBrowser[v] = true
                queue.append(v)
            }
        }
        var out: [Int: FileRole] = [:]
        for u in units.indices where candidate[u] && !live[u] && fromBrowser[u] { out[u] = .browser }
        return out
    }
}
