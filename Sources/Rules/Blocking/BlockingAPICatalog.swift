// The blocking-API catalog: what blocks, why, and what to use instead. The built-in rows come from
// the `## Blocking APIs` tables of rules/blocking/*.md (Generated/BlockingAPIs+Generated.swift); a
// project adds its own with `blockingAPIs:` in looplint.yml (reported as blocking/custom-api).

import Diagnostics
import LintEngine

/// When a call of a catalog API blocks.
enum BlockingCondition: String, Sendable {
    /// Every call.
    case always
    /// Only when no callback is passed (`crypto.randomBytes(16)`).
    case withoutCallback = "without callback"
    /// Only when the argument is the body of the request being handled (`JSON.parse(req.body)`).
    case requestBody = "request body"
    /// A construction with `new` (`new Worker(...)`).
    case construct = "new"
    /// A call of a global function (`require(...)`).
    case call
}

struct BlockingAPIEntry: Sendable {
    let ruleId: RuleID
    /// Module specifier without `node:`; nil for a global.
    let module: String?
    let path: [String]
    let condition: BlockingCondition
    let why: String
    let instead: String

    init(ruleId: String, module: String?, path: [String], when: String, why: String, instead: String) {
        self.ruleId = RuleID(ruleId)
        self.module = module
        self.path = path
        self.condition = BlockingCondition(rawValue: when) ?? .always
        self.why = why
        self.instead = instead
    }

    /// How messages name the API: `fs.readFileSync`, `JSON.parse`, `bcrypt.hashSync`.
    var displayName: String {
        guard let module else { return path.joined(separator: ".") }
        let short = module.split(separator: "/").last.map(String.init) ?? module
        return ([short] + path).joined(separator: ".")
    }

    /// The replacement as plain text (the page writes it with code spans).
    var insteadText: String { instead.filter { $0 != "`" } }
}

enum BlockingAPICatalog {
    static let customRuleId: RuleID = "blocking/custom-api"

    /// Where an API lives: its module (nil for a global) and its property path (`["promises", "readFile"]`).
    struct Key: Hashable, Sendable {
        let module: String?
        let path: [String]
    }

    /// Built-in rows plus the project's own from looplint.yml, keyed by module and path.
    struct Index: Sendable {
        private(set) var byKey: [Key: BlockingAPIEntry] = [:]
        /// Project APIs given by name only (any module, also the project's own functions).
        private(set) var anyModule: [String: BlockingAPIEntry] = [:]
        /// Project APIs in the project's own files: module path as written in looplint.yml -> names.
        private(set) var projectModules: [(module: String, entry: BlockingAPIEntry)] = []

        init(config: LintConfig) {
            for e in BlockingAPICatalog.builtIn {
                byKey[Key(module: e.module, path: e.path)] = e
            }
            for api in config.blockingAPIs {
                let path = api.name.split(separator: ".").map(String.init)
                guard !path.isEmpty else { continue }
                let entry = BlockingAPIEntry(ruleId: BlockingAPICatalog.customRuleId.rawValue, module: api.module,
                                             path: path, when: "always",
                                             why: "looplint.yml lists it as blocking",
                                             instead: "an asynchronous alternative, or move the work off the request path")
                guard let module = api.module else {
                    anyModule[api.name] = entry
                    continue
                }
                if module.hasPrefix(".") || module.hasPrefix("/") {
                    projectModules.append((module, entry))
                } else {
                    byKey[Key(module: module.hasPrefix("node:") ? String(module.dropFirst(5)) : module, path: path)] = entry
                }
            }
        }

        func entry(module: String, path: [String]) -> BlockingAPIEntry? {
            if let e = byKey[Key(module: module, path: path)] { return e }
            // `require('graceful-fs').readFileSync`: the module it re-exports
            if let target = BlockingAPICatalog.moduleAliases[module], let e = byKey[Key(module: target, path: path)] { return e }
            if let last = path.last, let e = anyModule[last] { return e }
            return nil
        }

        func global(path: [String]) -> BlockingAPIEntry? {
            byKey[Key(module: nil, path: path)]
        }
    }
}
