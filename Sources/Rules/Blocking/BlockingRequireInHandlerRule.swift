// blocking/require-in-handler (page: rules/blocking/require-in-handler.md): `require(...)` called on the
// path of a request handler, where a first-time load reads and compiles files synchronously. This file
// decides which loads are cache hits (a Node built-in, a module any source file loads at its top level,
// `require('.')`) and keeps quiet under a library's API. The shared search is in
// BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import ExecutionModel
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingRequireInHandlerRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/require-in-handler"

    /// Under a library's API a lazy `require` is a deliberate, once-per-process load (optional
    /// dependencies, import cycles), not a per-request cost of the applications calling it.
    static var quietUnderLibraryAPI: Bool { true }

    static func blocks(_ c: BlockingCall) -> Bool {
        guard !c.isNew else { return false }
        return !isCacheHit(c)
    }

    /// A module some source file loads at its top level is a cache hit: the program loaded it at start-up.
    static func blocksInProject(_ site: BlockingSite, unit: Int, _ ctx: ProjectContext) -> Bool {
        !ModulesLoadedAtStartup.of(ctx).contains(site.call, in: unit)
    }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "\(api.displayName)() loads modules synchronously on the path of \(path)"
    }

    /// A Node built-in (always loaded), a module the same file already loads at its top level, or
    /// `require('.')` (the circular-import idiom).
    static func isCacheHit(_ c: BlockingCall) -> Bool {
        guard let first = c.args.first, let spec = c.sem.literalString(first) else { return false }
        if isBuiltinModule(spec) || spec == "." || spec == "./" || spec == "./index" { return true }
        return c.sem.loadsAtTopLevel(spec)
    }

    static let builtinModules: Set<String> = [
        "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram",
        "diagnostics_channel", "dns", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector",
        "module", "net", "os", "path", "perf_hooks", "process", "punycode", "querystring", "readline", "repl",
        "stream", "stream/promises", "stream/web", "string_decoder", "timers", "timers/promises", "tls", "tty",
        "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib", "path/posix", "path/win32",
    ]

    static func isBuiltinModule(_ spec: String) -> Bool {
        spec.hasPrefix("node:") || builtinModules.contains(spec)
    }
}

/// The modules the program loads at start-up: every module a source file imports or requires at its top
/// level (not inside a function), by resolved project file, or by package name for packages. A `require`
/// of one of them inside a handler returns the cached module.
struct ModulesLoadedAtStartup: @unchecked Sendable {
    static let key = AnalysisKey<ModulesLoadedAtStartup>("modulesLoadedAtStartup")

    private var files: Set<FileID> = []
    private var paths: Set<String> = []
    private var packages: Set<String> = []
    private let functions: ProjectFunctions
    private let units: [SourceUnit]

    static func of(_ ctx: ProjectContext) -> ModulesLoadedAtStartup {
        ctx.memo(key) { ModulesLoadedAtStartup(ctx, functions: ProjectFunctions.of(ctx)) }
    }

    init(_ ctx: ProjectContext, functions: ProjectFunctions) {
        self.functions = functions
        units = ctx.units
        for u in ctx.units where u.role.isReported {
            let sem = u.semantic
            let file = functions.fileOfUnit[u.index]
            for record in sem.imports where !record.typeOnly && sem.isModuleLevel(record.node) {
                let spec = record.specifier
                if spec.hasPrefix(".") || spec.hasPrefix("/") {
                    if let file, let target = functions.index.resolveSpecifier(spec, from: file) { files.insert(target) }
                    paths.insert(ModulesLoadedAtStartup.path(spec, from: u))
                } else {
                    packages.insert(spec)
                }
            }
        }
    }

    /// Whether the module a `require(...)` call of unit `u` names is loaded at start-up.
    func contains(_ call: NodeID, in u: Int) -> Bool {
        let unit = units[u]
        let sem = unit.semantic
        guard case .call(_, _, let args, _) = unit.tree[call], let first = unit.tree.list(args).first,
              let spec = sem.literalString(first) else { return false }
        if !(spec.hasPrefix(".") || spec.hasPrefix("/")) { return packages.contains(spec) }
        if let file = functions.fileOfUnit[u], let target = functions.index.resolveSpecifier(spec, from: file),
           files.contains(target) {
            return true
        }
        return paths.contains(ModulesLoadedAtStartup.path(spec, from: unit))
    }

    /// The absolute path a relative specifier names (without resolving extensions: `require('../package.json')`).
    static func path(_ spec: String, from unit: SourceUnit) -> String {
        let dir = (unit.absolutePath as NSString).deletingLastPathComponent
        return ProjectPath.join(dir, spec)
    }
}
