// Clients that pace their own requests: a class with a field named as a rate limiter or throttle
// (outline's `NotionClient`: `private limiter = RateLimit(3)`, awaited before each request). Calls through
// one such client wait their turn on purpose, so a loop that hands the client to each iteration's call
// (`for (const item of input) await this.parsePage({ item, client })`) gains nothing from running its
// iterations together, and two calls of one client in a group queue behind each other.
//
// The client is found through the project index: the call's receiver, an argument, or a property of an
// object literal argument (`{ item, client }`) that evaluates to an instance of such a class.

import JSSemantic
import JSSyntax

public enum PacedClients {
    /// Words of a field that paces calls: `limiter`, `rateLimiter`, `throttle`, `requestThrottler`.
    static let pacingWords: Set<String> = ["limiter", "throttle", "throttler", "ratelimit", "ratelimiter"]

    /// Whether a class declares a field (`private limiter: ...`, `throttle = pThrottle(...)`) whose name says
    /// it paces calls.
    public static func hasPacingField(_ cls: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let members = tree.classMembers(cls) else { return false }
        return members.prefix(500).contains { m in
            guard case .propertyDefinition(_, let key, _, _, _) = tree[m], tree.kind(key) == .identifier else { return false }
            return words(tree.name(of: key)).contains { pacingWords.contains($0) }
        }
    }

    /// `uninstallHooks` -> ["uninstall", "hooks"], `rendererDirs` -> ["renderer", "dirs"] (lower-cased; `_`
    /// and `$` separate words).
    public static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        for ch in name {
            if ch.isUppercase, !current.isEmpty { out.append(current); current = "" }
            if ch == "_" || ch == "$" { if !current.isEmpty { out.append(current); current = "" }; continue }
            current.append(Character(ch.lowercased()))
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

extension AwaitSettlement {
    /// The paced client a call goes through: its receiver, an argument, or a property of an object literal
    /// argument that is an instance of a class with a pacing field.
    func pacedClient(_ call: NodeID, _ file: FileID) -> ProjectNode? {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        guard case .call(let callee, _, let args, _) = tree[tree.unwrap(call)] else { return nil }
        var candidates: [NodeID] = []
        if case .member(let object, _, false, _) = tree[tree.unwrap(callee)] { candidates.append(object) }
        for a in tree.list(args).prefix(8) {
            let e = tree.unwrap(a)
            if case .objectExpression(let properties) = tree[e] {
                for p in tree.list(properties).prefix(16) {
                    if case .property(_, let value, _, let flags) = tree[p], !flags.contains(.computed) { candidates.append(value) }
                }
            } else {
                candidates.append(e)
            }
        }
        for c in candidates where tree.kind(tree.unwrap(c)) == .identifier {
            guard case .instance(let cls)? = functions.index.value(of: c, in: file) else { continue }
            if PacedClients.hasPacingField(cls.node, functions.index.semantics(cls.file).tree) { return cls }
        }
        return nil
    }
}
