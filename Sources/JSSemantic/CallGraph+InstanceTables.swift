// Tables of instances filled by key and dispatched by key: a strategy registry. uptime-kuma keeps its
// notification providers as `this.providerList[item.name] = item` over a list of `new Apprise()`, ... and
// sends through `this.providerList[notification.type].send(...)`; its monitor types as
// `UptimeKumaServer.monitorTypeList["tailscale-ping"] = new TailscalePing()`, checked through
// `const monitorType = UptimeKumaServer.monitorTypeList[this.type]; await monitorType.check(...)`.
//
// A table is a named field of a value the index can evaluate (a class, an instance, an object or a module):
// `Owner.field[key] = value` writes an entry when the value is an instance of a project class (directly, or a
// `for...of` variable over an array literal of them). A call `Owner.field[expr].method(...)`, directly or
// through a `const` holding the entry, gets an edge to `method` of each class stored, at most
// `dispatchLimit` of them. Only entries written with a key (not a table built by an object literal) count,
// and only calls of a method on the looked-up entry.

import JSSyntax

extension CallGraphBuilder {
    struct InstanceTable: Hashable {
        let owner: ProjectValue
        let field: String
    }

    /// Each file's stores and dispatches found by `files` (on the scan's threads when it runs them there),
    /// merged in file order as one pass over the files would.
    func instanceTableEdges(_ files: ProjectIndex.PerFileRunner) -> [CallEdge] {
        let stores = files.map { i -> [(table: InstanceTable, cls: ProjectNode)] in
            let f = FileID(Int32(i))
            let sem = index.files[i].semantics
            let tree = sem.tree
            var out: [(table: InstanceTable, cls: ProjectNode)] = []
            for id in assignments(ofFile: i) {
                guard case .assignment(.assign, let left, let right) = tree[id], let table = instanceTable(entry: left, sem, f)
                else { continue }
                for cls in storedClasses(right, sem, f) { out.append((table, cls)) }
            }
            return out
        }
        var classes: [InstanceTable: [ProjectNode]] = [:]
        for (table, cls) in stores.joined() {
            var list = classes[table, default: []]
            guard !list.contains(cls), list.count < CallGraphBuilder.dispatchLimit else { continue }
            list.append(cls)
            classes[table] = list
        }
        guard !classes.isEmpty else { return [] }
        let tables = classes
        return Array(files.map { i -> [CallEdge] in
            let f = FileID(Int32(i))
            let sem = index.files[i].semantics
            let tree = sem.tree
            var out: [CallEdge] = []
            for id in callSites(ofFile: i) where tree.kind(id) == .call {
                guard case .call(let callee, _, _, _) = tree[id], case .member(let object, _, false, _) = tree[tree.unwrap(callee)]
                else { continue }
                var entry = tree.unwrap(object)
                // `const monitorType = Server.types[this.type]; monitorType.check(...)`
                if tree.kind(entry) == .identifier, let b = sem.binding(for: entry), sem.kind(of: b) == .const,
                   case .variableDeclarator(_, let initializer?, _) = tree[sem.declaration(of: b)] {
                    entry = tree.unwrap(initializer)
                }
                // (the method's name is read once the entry names a table)
                guard let table = instanceTable(entry: entry, sem, f), let stored = tables[table],
                      let method = sem.memberName(tree.unwrap(callee)) else { continue }
                let caller = ProjectNode(file: f, node: tree.enclosingFunction(of: id) ?? tree.root)
                for cls in stored {
                    var budget = index.maxSteps
                    if case .function(let target)? = index.member(method, of: .instance(cls), budget: &budget) {
                        out.append(CallEdge(caller: caller, callee: target, site: id, kind: .call))
                    }
                }
            }
            return out
        }.joined())
    }

    /// The table an entry expression `Owner.field[key]` names (any key but a number).
    private func instanceTable(entry: NodeID, _ sem: FileSemantics, _ f: FileID) -> InstanceTable? {
        let tree = sem.tree
        guard case .member(let fieldExpr, let key, true, _) = tree[tree.unwrap(entry)], tree.kind(key) != .numericLiteral,
              case .member(let ownerExpr, _, false, _) = tree[tree.unwrap(fieldExpr)],
              let field = sem.memberName(tree.unwrap(fieldExpr)) else { return nil }
        var budget = index.maxSteps
        guard let owner = index.evaluate(ownerExpr, in: f, budget: &budget) else { return nil }
        switch owner {
        case .classValue, .instance, .object, .module: return InstanceTable(owner: owner, field: field)
        case .function: return nil
        }
    }

    /// The project classes a value written into a table is an instance of: `new TailscalePing()`, or the
    /// variable of `for (const item of list)` where `list` is an array literal of constructions.
    private func storedClasses(_ value: NodeID, _ sem: FileSemantics, _ f: FileID) -> [ProjectNode] {
        let tree = sem.tree
        let v = tree.unwrap(value)
        var budget = index.maxSteps
        if case .instance(let cls)? = index.evaluate(v, in: f, budget: &budget) { return [cls] }
        guard tree.kind(v) == .identifier, let b = sem.binding(for: v),
              let declarations = tree.parent(sem.binding(b).declaration), let loop = tree.parent(declarations),
              case .forOfStatement(let left, let right, _, false) = tree[loop], left == declarations else { return [] }
        var list = tree.unwrap(right)
        if tree.kind(list) == .identifier, let lb = sem.binding(for: list), sem.binding(lb).kind == .const,
           case .variableDeclarator(_, let initializer?, _) = tree[sem.binding(lb).declaration] {
            list = tree.unwrap(initializer)
        }
        guard case .arrayExpression(let elements) = tree[list] else { return [] }
        var out: [ProjectNode] = []
        for e in tree.list(elements) {
            var eb = index.maxSteps
            if case .instance(let cls)? = index.evaluate(e, in: f, budget: &eb), !out.contains(cls) { out.append(cls) }
            if out.count >= CallGraphBuilder.dispatchLimit { break }
        }
        return out
    }
}
