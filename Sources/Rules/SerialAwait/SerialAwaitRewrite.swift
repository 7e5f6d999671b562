// The `Promise.all` rewrite of a group of awaiting statements: the first statement becomes one
// destructuring await of all the calls, the later ones are removed, and the setup statements a later call
// needs (`const countQuery = buildQuery(input)`) move above it. When the statements do not fit
// one destructuring (declarations mixed with assignments, a typed destructuring pattern) the fix
// keeps its description and has no edits.

import Diagnostics
import JSSyntax
import LintEngine

struct SerialAwaitRewrite {
    let description: String
    let edits: [TextEdit]

    /// `editable: false` when a later call's text names an earlier call's result (it reads a field the lookup
    /// was keyed by, `SerialAwait.Facts.echoed`): only the description is given.
    init(group: [SerialAwait.AwaitStatement], carried: [NodeID] = [], editable: Bool = true, unit: SourceUnit) {
        let tree = unit.tree
        let calls = group.flatMap { $0.calls.map { tree.text($0) } }
        guard editable, let head = SerialAwaitRewrite.head(group, tree) else {
            description = "start the calls together with Promise.all([\(SerialAwaitRewrite.short(calls))]) and await that"
            edits = []
            return
        }
        let first = group[0].statement
        let semicolon = tree.text(first).hasSuffix(";") ? ";" : ""
        let indent = SerialAwaitRewrite.indentation(of: first, unit)
        let oneLine = "\(head)await Promise.all([\(calls.joined(separator: ", "))])\(semicolon)"
        let text: String
        if oneLine.utf8.count + indent.utf8.count <= 100, !calls.contains(where: { $0.contains("\n") }) {
            text = oneLine
        } else {
            let items = calls.map { "\(indent)  \($0)," }.joined(separator: "\n")
            text = "\(head)await Promise.all([\n\(items)\n\(indent)])\(semicolon)"
        }
        let setup = carried.map { tree.text($0) + "\n" + indent }.joined()
        var edits = [unit.edit(first, setup + text)]
        for stmt in group.dropFirst().map(\.statement) + carried {
            edits.append(SerialAwaitRewrite.deletion(of: stmt, unit))
        }
        edits.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        self.edits = edits
        description = "start the calls together\(carried.isEmpty ? "" : " after the setup they need"): \(SerialAwaitRewrite.short([oneLine]))"
    }

    /// `const [a, b] = `, `[a, b] = `, or `` when no result is used.
    private static func head(_ group: [SerialAwait.AwaitStatement], _ tree: SyntaxTree) -> String? {
        var names: [String] = []
        var kinds: [VariableKind] = []
        var assigns = 0
        for member in group {
            switch member.shape {
            case .declaration(let kind, let pattern) where !member.combined.isEmpty:
                // `const [a, b] = await Promise.all([...])`: its names, one per combined call
                kinds.append(kind)
                guard case .arrayPattern(let items, _) = tree[pattern] else { return nil }
                let own = tree.list(items).map { tree.kind($0) == .identifier ? tree.name(of: $0) : "" }
                names += own + Array(repeating: "", count: max(0, member.combined.count - own.count))
            case .bare where !member.combined.isEmpty:
                names += Array(repeating: "", count: member.combined.count)
            case .declaration(let kind, let pattern):
                kinds.append(kind)
                switch tree[pattern] {
                case .identifier: names.append(tree.name(of: pattern))
                case .objectPattern(_, let annotation), .arrayPattern(_, let annotation):
                    guard annotation == nil else { return nil }
                    names.append(tree.text(pattern))
                default: return nil
                }
            case .assignment(let target):
                assigns += 1
                names.append(tree.text(target))
            case .bare:
                names.append("")
            case .projected, .embedded:
                return nil
            }
        }
        if kinds.isEmpty && assigns == 0 { return "" }
        if !kinds.isEmpty && assigns > 0 { return nil }
        while names.last == "" { names.removeLast() }
        let list = "[" + names.joined(separator: ", ").replacingOccurrences(of: ",  ,", with: ", ,") + "]"
        if assigns > 0 { return ";\(list) = " }
        let kind = kinds.allSatisfy { $0 == kinds[0] } ? kinds[0] : .let
        return "\(kind.rawValue) \(list) = "
    }

    private static func short(_ texts: [String]) -> String {
        let joined = texts.joined(separator: ", ")
        return joined.count > 160 ? String(joined.prefix(157)) + "..." : joined
    }

    /// The spaces and tabs before a node on its first line.
    static func indentation(of node: NodeID, _ unit: SourceUnit) -> String {
        let file = unit.file
        let start = Int(unit.tree.range(node).start)
        var i = Int(file.lineRange(file.lineIndex(at: start)).start)
        var out = ""
        while i < start, file.bytes[i] == 0x20 || file.bytes[i] == 0x09 {
            out.append(file.bytes[i] == 0x20 ? " " : "\t")
            i += 1
        }
        return out
    }

    /// Removes a statement, with its whole line when nothing else is on it.
    static func deletion(of stmt: NodeID, _ unit: SourceUnit) -> TextEdit {
        let file = unit.file
        let range = unit.tree.range(stmt)
        let lineIndex = file.lineIndex(at: Int(range.start))
        let line = file.lineRange(lineIndex)
        let bytes = file.bytes
        let blank: (Int, Int) -> Bool = { a, b in
            (a..<b).allSatisfy { bytes[$0] == 0x20 || bytes[$0] == 0x09 || bytes[$0] == 0x0A || bytes[$0] == 0x0D }
        }
        let endLineIndex = file.lineIndex(at: max(Int(range.start), Int(range.end) - 1))
        let endLine = file.lineRange(endLineIndex)
        var start = Int(range.start), end = Int(range.end)
        if blank(Int(line.start), start), blank(end, Int(endLine.end)) {
            start = Int(line.start)
            end = endLineIndex + 1 < file.lineCount ? Int(file.lineStarts[endLineIndex + 1]) : Int(endLine.end)
        }
        let a = file.location(of: start), b = file.location(of: end)
        return TextEdit(line: a.line, column: a.column, endLine: b.line, endColumn: b.column, text: "")
    }
}
