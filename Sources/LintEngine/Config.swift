// `looplint.yml`: severities per rule or category, ignored paths, extra request entry points, extra
// blocking APIs of the user's own code, rule options and budgets. Read through Yams' node tree (no
// `Any`), every mistake a typed `ConfigError` with the file and line, which the CLI maps to exit 2.
//
//   rules:
//     blocking/fs-sync: error            # error | warning | note | off
//     redos: off                         # a whole category
//     serial-await/sequential:
//       severity: note
//       options: { minAwaits: 3 }
//   ignore: ["scripts/**", "**/*.min.js"]
//   entryPoints:
//     - { file: "src/jobs/*.js", function: handle }
//   blockingAPIs:
//     - { module: "./lib/hash", name: hashSync }
//   budget: { maxFileBytes: 4000000 }

import Diagnostics
import ExecutionContext
import Foundation
import Yams

/// A value of a rule option.
public enum OptionValue: Hashable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case list([OptionValue])

    public var string: String? { if case .string(let v) = self { return v }; return nil }
    public var int: Int? { if case .int(let v) = self { return v }; return nil }
    public var bool: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var double: Double? {
        switch self {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }
    public var strings: [String]? {
        if case .list(let items) = self { return items.compactMap(\.string) }
        if case .string(let v) = self { return [v] }
        return nil
    }
}

/// What the configuration says about one rule or category.
public struct RuleSetting: Hashable, Sendable {
    /// nil: the rule's default severity. `.off`: disabled.
    public enum Level: Hashable, Sendable {
        case off
        case severity(Severity)
    }

    public var level: Level?
    public var options: [String: OptionValue]

    public init(level: Level? = nil, options: [String: OptionValue] = [:]) {
        self.level = level
        self.options = options
    }
}

/// An extra request entry point: functions named `function` in files matching `file` (any file if nil).
public struct EntryPoint: Hashable, Sendable {
    public var file: String?
    public var function: String

    public init(file: String? = nil, function: String) {
        self.file = file
        self.function = function
    }
}

/// An extra blocking API: `name` exported by `module` (a package name or a path relative to the
/// config file); any module when nil.
public struct BlockingAPI: Hashable, Sendable {
    public var module: String?
    public var name: String

    public init(module: String? = nil, name: String) {
        self.module = module
        self.name = name
    }
}

/// One `contexts:` entry of looplint.yml: the files its globs match (relative to the config's folder) get
/// this role.
public struct ContextAssignment: Hashable, Sendable {
    public let role: FileRole
    public let globs: [String]
    private let compiled: [Glob]

    public init(role: FileRole, globs: [String]) {
        self.role = role
        self.globs = globs
        compiled = globs.map { Glob($0) }
    }

    func matches(_ relativePath: String) -> Bool { compiled.contains { $0.matches(relativePath) } }
}

public struct LintConfig: Hashable, Sendable {
    /// Where the file was found (nil for the built-in default).
    public var path: String?
    /// Keys are rule ids or category names.
    public var rules: [String: RuleSetting]
    /// Globs relative to the config file's folder.
    public var ignore: [String]
    public var entryPoints: [EntryPoint]
    public var blockingAPIs: [BlockingAPI]
    public var budget: AnalysisBudget
    /// Folders assigned to a file role (`contexts: { tooling: ["ops/**"], source: ["src/rpc/**"] }`), globs
    /// relative to the config file's folder; the first matching entry wins over the built-in conventions.
    public var contexts: [ContextAssignment] = []
    /// Analyse a published package from its exported API (package.json main/exports) when it registers
    /// no request handler itself. Off by default: on the ecosystem check's libraries the first version of
    /// this model added 10 findings and all 10 were false positives (CLI classes, start-up constructors).
    public var libraryAPI = false
    /// Report serial-await, fan-out and ReDoS findings only in code the execution-context model reaches
    /// from an entry point (request, message, job or library API): `true` for all three, `false` for none,
    /// unset (nil) for each rule's own default (its page's `hot-only`: serial-await and fan-out are, ReDoS
    /// is not, since the model misses regex tables applied through other modules and committed bundles).
    public var hotOnly: Bool?

    /// The role `contexts:` gives a file, or nil when no entry matches (or the file is not on disk).
    public func role(ofAbsolutePath absolute: String?) -> FileRole? {
        guard let absolute, !contexts.isEmpty, let base = baseDirectory.map({ FileDiscovery.absolute($0) }),
              let rel = GitIgnoreStack.relative(absolute, to: base) else { return nil }
        return contexts.first { $0.matches(rel) }?.role
    }

    public init(path: String? = nil, rules: [String: RuleSetting] = [:], ignore: [String] = [],
                entryPoints: [EntryPoint] = [], blockingAPIs: [BlockingAPI] = [], budget: AnalysisBudget = AnalysisBudget())
    {
        self.path = path
        self.rules = rules
        self.ignore = ignore
        self.entryPoints = entryPoints
        self.blockingAPIs = blockingAPIs
        self.budget = budget
    }

    public static let fileName = "looplint.yml"

    /// The folder the config's relative paths are relative to.
    public var baseDirectory: String? {
        guard let path else { return nil }
        return (path as NSString).deletingLastPathComponent
    }

    /// The setting for a rule: its own entry wins over its category's.
    public func setting(for id: RuleID) -> RuleSetting {
        let own = rules[id.rawValue]
        let category = rules[id.category]
        var merged = category ?? RuleSetting()
        if let own {
            if let level = own.level { merged.level = level }
            merged.options.merge(own.options) { _, new in new }
        }
        return merged
    }

    /// The severity a rule reports at, or nil when it is off.
    public func severity(for id: RuleID, default defaultSeverity: Severity) -> Severity? {
        switch setting(for: id).level {
        case .off: return nil
        case .severity(let s): return s
        case nil: return defaultSeverity
        }
    }
}

public enum ConfigError: Error, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case syntax(path: String, message: String)
    case invalid(path: String, line: Int?, message: String)
    case unknownRule(path: String, line: Int?, id: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read config: \(reason)"
        case .syntax(let path, let message): return "\(path): invalid YAML: \(message)"
        case .invalid(let path, let line, let message):
            return "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
        case .unknownRule(let path, let line, let id):
            return "\(path)\(line.map { ":\($0)" } ?? ""): unknown rule or category '\(id)'"
        }
    }
}

extension LintConfig {
    /// `looplint.yml` in `start` (a file's folder or a folder) or the nearest folder above it.
    public static func find(from start: String) -> String? {
        var dir = URL(fileURLWithPath: start).standardizedFileURL
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), !isDir.boolValue {
            dir = dir.deletingLastPathComponent()
        }
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    public static func load(path: String) throws -> LintConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError.unreadable(path: path, reason: "no such file or not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable(path: path, reason: "not UTF-8")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> LintConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError.syntax(path: path, message: "\(error)".split(separator: "\n").joined(separator: " "))
        }
        var config = LintConfig(path: path)
        guard let root else { return config }  // empty file: defaults
        guard let mapping = root.mapping else {
            throw ConfigError.invalid(path: path, line: root.mark?.line, message: "expected a mapping at the top level")
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw ConfigError.invalid(path: path, line: keyNode.mark?.line, message: "keys must be strings")
            }
            switch key {
            case "rules": config.rules = try parseRules(value, path: path)
            case "ignore": config.ignore = try strings(value, path: path, what: "ignore")
            case "entryPoints": config.entryPoints = try parseEntryPoints(value, path: path)
            case "blockingAPIs": config.blockingAPIs = try parseBlockingAPIs(value, path: path)
            case "budget": config.budget = try parseBudget(value, path: path)
            case "libraryAPI":
                guard let b = value.bool else {
                    throw ConfigError.invalid(path: path, line: value.mark?.line, message: "'libraryAPI' must be true or false")
                }
                config.libraryAPI = b
            case "hotOnly":
                guard let b = value.bool else {
                    throw ConfigError.invalid(path: path, line: value.mark?.line, message: "'hotOnly' must be true or false")
                }
                config.hotOnly = b
            case "contexts":
                guard let m = value.mapping else {
                    throw ConfigError.invalid(path: path, line: value.mark?.line,
                                              message: "'contexts' must map a context (source, test, tooling, example, browser, generated) to globs")
                }
                for (k, v) in m {
                    guard let name = k.string, let role = FileRole(configName: name) else {
                        throw ConfigError.invalid(path: path, line: k.mark?.line,
                                                  message: "unknown context '\(k.string ?? "")' (expected source, request, job, library, test, tooling, example, browser or generated)")
                    }
                    let globs = try strings(v, path: path, what: "contexts.\(name)")
                    config.contexts.append(ContextAssignment(role: role, globs: globs))
                }
            default:
                throw ConfigError.invalid(path: path, line: keyNode.mark?.line,
                                          message: "unknown key '\(key)' (expected rules, ignore, contexts, libraryAPI, hotOnly, entryPoints, blockingAPIs, budget)")
            }
        }
        return config
    }

    static func level(_ node: Node, path: String) throws -> RuleSetting.Level {
        if node.bool == false { return .off }  // `off` / `false` in YAML 1.1
        guard let s = node.string else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "a severity must be error, warning, note or off")
        }
        if s == "off" { return .off }
        guard let severity = Severity(rawValue: s) else {
            throw ConfigError.invalid(path: path, line: node.mark?.line,
                                      message: "unknown severity '\(s)' (expected error, warning, note or off)")
        }
        return .severity(severity)
    }

    static func parseRules(_ node: Node, path: String) throws -> [String: RuleSetting] {
        guard let mapping = node.mapping else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "'rules' must map rule ids to settings")
        }
        var result: [String: RuleSetting] = [:]
        for (keyNode, value) in mapping {
            guard let id = keyNode.string, !id.isEmpty else {
                throw ConfigError.invalid(path: path, line: keyNode.mark?.line, message: "a rule key must be a rule id or category")
            }
            var setting = RuleSetting()
            if let inner = value.mapping {
                for (k, v) in inner {
                    switch k.string {
                    case "severity": setting.level = try level(v, path: path)
                    case "options":
                        guard let options = v.mapping else {
                            throw ConfigError.invalid(path: path, line: v.mark?.line, message: "'options' must be a mapping")
                        }
                        for (ok, ov) in options {
                            guard let name = ok.string else {
                                throw ConfigError.invalid(path: path, line: ok.mark?.line, message: "option names must be strings")
                            }
                            setting.options[name] = try optionValue(ov, path: path)
                        }
                    default:
                        throw ConfigError.invalid(path: path, line: k.mark?.line,
                                                  message: "unknown key '\(k.string ?? "?")' under '\(id)' (expected severity, options)")
                    }
                }
            } else {
                setting.level = try level(value, path: path)
            }
            result[id] = setting
        }
        return result
    }

    static func optionValue(_ node: Node, path: String) throws -> OptionValue {
        switch node {
        case .sequence(let seq): return .list(try seq.map { try optionValue($0, path: path) })
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let i = node.int { return .int(i) }
                if let d = node.float { return .double(d) }
                if let b = node.bool { return .bool(b) }
            }
            return .string(scalar.string)
        default:
            throw ConfigError.invalid(path: path, line: node.mark?.line,
                                      message: "an option value must be a string, number, boolean or list")
        }
    }

    static func strings(_ node: Node, path: String, what: String) throws -> [String] {
        if let s = node.scalar?.string { return [s] }
        guard let seq = node.sequence else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "'\(what)' must be a list of strings")
        }
        return try seq.map { item in
            guard let s = item.scalar?.string else {
                throw ConfigError.invalid(path: path, line: item.mark?.line, message: "'\(what)' must be a list of strings")
            }
            return s
        }
    }

    static func parseEntryPoints(_ node: Node, path: String) throws -> [EntryPoint] {
        guard let seq = node.sequence else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "'entryPoints' must be a list")
        }
        return try seq.map { item in
            if let name = item.scalar?.string { return EntryPoint(function: name) }
            guard let m = item.mapping else {
                throw ConfigError.invalid(path: path, line: item.mark?.line,
                                          message: "an entry point is a function name or { file, function }")
            }
            var entry = EntryPoint(function: "")
            for (k, v) in m {
                switch k.string {
                case "file": entry.file = v.scalar?.string
                case "function": entry.function = v.scalar?.string ?? ""
                default:
                    throw ConfigError.invalid(path: path, line: k.mark?.line,
                                              message: "unknown key '\(k.string ?? "?")' in an entry point (expected file, function)")
                }
            }
            guard !entry.function.isEmpty else {
                throw ConfigError.invalid(path: path, line: item.mark?.line, message: "an entry point needs 'function'")
            }
            return entry
        }
    }

    static func parseBlockingAPIs(_ node: Node, path: String) throws -> [BlockingAPI] {
        guard let seq = node.sequence else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "'blockingAPIs' must be a list")
        }
        return try seq.map { item in
            if let name = item.scalar?.string { return BlockingAPI(name: name) }
            guard let m = item.mapping else {
                throw ConfigError.invalid(path: path, line: item.mark?.line,
                                          message: "a blocking API is a name or { module, name }")
            }
            var api = BlockingAPI(name: "")
            for (k, v) in m {
                switch k.string {
                case "module": api.module = v.scalar?.string
                case "name": api.name = v.scalar?.string ?? ""
                default:
                    throw ConfigError.invalid(path: path, line: k.mark?.line,
                                              message: "unknown key '\(k.string ?? "?")' in a blocking API (expected module, name)")
                }
            }
            guard !api.name.isEmpty else {
                throw ConfigError.invalid(path: path, line: item.mark?.line, message: "a blocking API needs 'name'")
            }
            return api
        }
    }

    static func parseBudget(_ node: Node, path: String) throws -> AnalysisBudget {
        guard let m = node.mapping else {
            throw ConfigError.invalid(path: path, line: node.mark?.line, message: "'budget' must be a mapping")
        }
        var budget = AnalysisBudget()
        for (k, v) in m {
            guard let n = v.int, n > 0 else {
                throw ConfigError.invalid(path: path, line: v.mark?.line, message: "budget values must be positive integers")
            }
            switch k.string {
            case "maxFileBytes": budget.maxFileBytes = n
            case "maxNestingDepth": budget.maxNestingDepth = n
            case "maxCallGraphDepth": budget.maxCallGraphDepth = n
            case "pcre2MatchLimit": budget.pcre2MatchLimit = n
            case "pcre2DepthLimit": budget.pcre2DepthLimit = n
            case "maxFindingsPerFile": budget.maxFindingsPerFile = n
            default:
                throw ConfigError.invalid(path: path, line: k.mark?.line, message: "unknown budget '\(k.string ?? "?")'")
            }
        }
        return budget
    }
}
