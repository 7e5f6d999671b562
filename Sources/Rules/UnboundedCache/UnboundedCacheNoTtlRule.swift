// unbounded-cache/no-ttl (page: rules/unbounded-cache/no-ttl.md): a redis write (set, hset, sadd, lpush, incr, ...) of a request-derived key on
// a request path with no expiry on that key.

import Diagnostics
import ExecutionModel
import JSSyntax
import LintEngine

struct UnboundedCacheNoTtlRule: Rule {
    static let id: RuleID = "unbounded-cache/no-ttl"

    /// Commands that create a key (lower-cased: node-redis v4 spells them `hSet`, `sAdd`, ...).
    static let writes: Set<String> = [
        "set", "setnx", "hset", "hmset", "hsetnx", "sadd", "lpush", "rpush", "zadd", "incr", "incrby",
        "incrbyfloat", "hincrby", "hincrbyfloat", "append", "pfadd", "geoadd", "setrange",
    ]
    static let expiring: Set<String> = ["expire", "pexpire", "expireat", "pexpireat"]
    static let setOptions: Set<String> = ["ex", "px", "exat", "pxat", "keepttl", "expiration"]

    func checkProject(_ ctx: ProjectContext) {
        let paths = LeakRequestPaths.shared(ctx)
        guard !paths.reachedUnits.isEmpty else { return }
        let allScopes = LeakScopes.all(ctx)
        paths.forEachReachedUnit(ctx) { unit, scopes, ctx in
            let tree = unit.tree
            var commands: [(call: NodeID, method: String, args: [NodeID])] = []
            var expired: [(call: NodeID, key: String)] = []
            // what a method name is to this rule, by its index in the file's name table (the answer depends on the
            // name alone): 0 not asked yet, 1 neither, 2 an expiring command, 3 a write
            var commandOfName = [UInt8](repeating: 0, count: tree.names.count)
            for id in tree.nodes(ofKind: .call) {
                guard case .call(let callee, _, let argList, _) = tree[id],
                      case .member(let receiver, let property, false, _) = tree[scopes.tree.unwrap(callee)] else { continue }
                let k = Int(tree.nameIndex(of: property))
                let command: UInt8
                if k >= 0, k < commandOfName.count, commandOfName[k] != 0 {
                    command = commandOfName[k]
                } else {
                    let method = tree.name(of: property).lowercased()
                    command = UnboundedCacheNoTtlRule.expiring.contains(method) ? 2 : UnboundedCacheNoTtlRule.writes.contains(method) ? 3 : 1
                    if k >= 0, k < commandOfName.count { commandOfName[k] = command }
                }
                guard command != 1, let key = tree.list(argList).first else { continue }
                if command == 2 {
                    expired.append((id, scopes.normalizedText(key)))
                } else if !scopes.isConstant(key),
                          scopes.redisClient(of: receiver) != nil || importsRedisClient(receiver, unit, scopes, ctx, allScopes) {
                    commands.append((id, tree.name(of: property).lowercased(), Array(tree.list(argList))))
                }
            }
            for cmd in commands.sorted(by: { tree.range($0.call).start < tree.range($1.call).start }) {
                guard let entry = paths.entry(of: cmd.call, in: unit), !expires(cmd, scopes) else { continue }
                let key = scopes.normalizedText(cmd.args[0])
                // An expire of the same key anywhere in the handler (or in the function the write is in).
                let scope = scopes.tree.enclosingFunction(of: cmd.call).map { scopes.contains(entry.function, $0) ? entry.function : $0 } ?? entry.function
                if expired.contains(where: { $0.key == key && scopes.contains(scope, $0.call) }) { continue }
                let written = tree.text(scopes.tree.unwrap(cmd.args[0]))
                let keyText = written.hasPrefix("`") ? written : "`\(written)`"
                let command = cmd.method.uppercased()
                var trace = entry.trace
                trace.append(unit.step(cmd.call, "\(command) \(keyText) writes a key with no expiry"))
                ctx.report(unit, cmd.call, Report(
                    "redis \(command) of request-derived key \(keyText) in \(entry.label) sets no expiry; every distinct key stays in redis until it runs out of memory",
                    fix: Fix(description: cmd.method == "set"
                        ? "pass an expiry with the write (set(key, value, 'EX', seconds) or { EX: seconds }), or call expire(key, seconds) after it"
                        : "call expire(key, seconds) on the same key after the write (in the same multi/pipeline)"),
                    trace: trace, evidence: ["command": .string(command), "key": .string(keyText), "handler": .string(entry.label), "context": .string(entry.context)]))
            }
        }
    }

    /// Whether a command's receiver is a redis client exported by another module of the project
    /// (`import { redis } from './clients'`, also through `multi()` / `pipeline()` on it).
    func importsRedisClient(_ receiver: NodeID, _ unit: SourceUnit, _ scopes: LeakScopes, _ ctx: ProjectContext,
                            _ allScopes: [LeakScopes]) -> Bool
    {
        var r = scopes.tree.unwrap(receiver)
        var steps = 0
        while steps < 16, case .call(let callee, _, _, _) = unit.tree[r], case .member(let inner, _, false, _) = unit.tree[scopes.tree.unwrap(callee)] {
            r = scopes.tree.unwrap(inner)
            steps += 1
        }
        guard unit.tree.kind(r) == .identifier, let (specifier, path) = unit.semantic.resolveImport(r), path.count == 1 else { return false }
        let functions = ProjectFunctions.of(ctx)
        guard unit.index < functions.fileOfUnit.count, let file = functions.fileOfUnit[unit.index],
              let target = functions.index.resolveSpecifier(specifier, from: file),
              target.index < functions.unitOfFile.count else { return false }
        let targetUnit = functions.unitOfFile[target.index]
        guard targetUnit >= 0, targetUnit < allScopes.count, targetUnit < ctx.units.count else { return false }
        let targetScopes = allScopes[targetUnit]
        for export in ctx.units[targetUnit].semantic.exports where export.name == path[0] {
            guard let value = export.value else { continue }
            if targetScopes.makesRedisClient(value) { return true }
            if let ref = targetScopes.resolve(value), targetScopes.isRedisClient(ref) { return true }
        }
        return false
    }

    /// `set(k, v, 'EX', 60)`, `set(k, v, { EX: 60 })`, or options we cannot read.
    func expires(_ cmd: (call: NodeID, method: String, args: [NodeID]), _ scopes: LeakScopes) -> Bool {
        guard cmd.method == "set" else { return false }
        let tree = scopes.tree
        for a in cmd.args.dropFirst(2) {
            let e = scopes.tree.unwrap(a)
            switch tree[e] {
            case .stringLiteral:
                if UnboundedCacheNoTtlRule.setOptions.contains(tree.stringValue(of: e).lowercased()) { return true }
            case .objectExpression(let props):
                for p in tree.list(props) {
                    guard case .property(let key, _, _, _) = tree[p] else { return true }
                    if UnboundedCacheNoTtlRule.setOptions.contains(scopes.tree.name(of: key).lowercased()) { return true }
                }
            case .numericLiteral:
                continue
            default:
                return true
            }
        }
        return false
    }
}
