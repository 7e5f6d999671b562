// blocking/require-in-handler (page: rules/blocking/require-in-handler.md): `require(...)` called on the
// path of a request handler, where a first-time load reads and compiles files synchronously. This file
// decides which loads are cache hits (a Node built-in, a module the file already loads at its top
// level, `require('.')`) and keeps quiet under a library's API. The shared search is in
// BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
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
