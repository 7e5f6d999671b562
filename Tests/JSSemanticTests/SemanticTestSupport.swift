// Helpers: parse a snippet into FileSemantics and find nodes by their source text.

import SourceText
import JSSyntax
@testable import JSSemantic

func semantics(_ code: String, path: String = "t.js") -> FileSemantics {
    let result = Parser.parse(SourceFile(path: path, text: code), options: .forPath(path))
    return FileSemantics(result.tree)
}

/// The parse errors of a snippet (tests assert snippets are valid before trusting answers).
func parseErrors(_ code: String, path: String = "t.js") -> [SyntaxError] {
    Parser.parse(SourceFile(path: path, text: code), options: .forPath(path)).errors
}

extension FileSemantics {
    /// The outermost node (optionally of a kind) whose source text is exactly `text`, at its
    /// `occurrence`-th position (negative counts from the end).
    func node(_ text: String, kind: NodeKind? = nil, occurrence: Int = 0) -> NodeID? {
        var byStart: [Int32: NodeID] = [:]
        for i in 0..<tree.count {
            let id = NodeID(Int32(i))
            if let kind, tree.kind(id) != kind { continue }
            guard tree.text(id) == text else { continue }
            let start = tree.range(id).start
            if let old = byStart[start], old.raw > id.raw { continue }
            byStart[start] = id
        }
        let ordered = byStart.keys.sorted().compactMap { byStart[$0] }
        let i = occurrence < 0 ? ordered.count + occurrence : occurrence
        guard i >= 0, i < ordered.count else { return nil }
        return ordered[i]
    }

    /// The identifier node with this name at its `occurrence`-th position.
    func identifier(_ name: String, occurrence: Int = 0) -> NodeID? {
        node(name, kind: .identifier, occurrence: occurrence)
    }

    /// `resolveExport` of the callee of the call whose text is `call` (last occurrence by default).
    func calleeExport(_ call: String, occurrence: Int = -1) -> String? {
        guard let c = node(call, kind: .call, occurrence: occurrence),
              case .call(let callee, _, _, _) = tree[c] else { return "<no call \(call)>" }
        return resolveExport(callee)?.description
    }

    func calleeGlobal(_ call: String, occurrence: Int = -1) -> String? {
        guard let c = node(call, kind: .call, occurrence: occurrence),
              case .call(let callee, _, _, _) = tree[c] else { return "<no call \(call)>" }
        return resolveGlobal(callee)?.description
    }

    func bindingNamed(_ name: String, occurrence: Int = 0) -> Binding? {
        bindingID(name, occurrence: occurrence).map(binding)
    }

    func bindingID(_ name: String, occurrence: Int = 0) -> BindingID? {
        let all = bindingIDs.filter { self.name(of: $0) == name }
        let i = occurrence < 0 ? all.count + occurrence : occurrence
        return i >= 0 && i < all.count ? all[i] : nil
    }

    func names(_ ids: [BindingID]) -> [String] { ids.map { self.name(of: $0) }.sorted() }
}
