// Def-use: which bindings a piece of code reads and which it writes, for dependence checks between
// statements (serial awaits) and for finding what a handler touches.
//
// Both sets include what nested closures read or write: a callback defined in the expression may run
// during it. Property writes (`x.y = v`, `x[k]++`, `delete x.y`) count as writes of the root binding `x`.
// Declarations inside the code count as writes of the declared bindings.

import JSSyntax

public struct DefUse: Hashable, Sendable {
    /// Sorted, without duplicates.
    public var reads: [BindingID]
    public var writes: [BindingID]

    public func reads(_ b: BindingID) -> Bool { reads.contains(b) }
    public func writes(_ b: BindingID) -> Bool { writes.contains(b) }

    /// True when this code reads something `earlier` wrote, or writes something `earlier` read or wrote.
    public func dependsOn(_ earlier: DefUse) -> Bool {
        let w = Set(earlier.writes)
        if reads.contains(where: w.contains) || writes.contains(where: w.contains) { return true }
        let r = Set(earlier.reads)
        return writes.contains(where: r.contains)
    }
}

extension FileSemantics {
    /// The bindings `node` (an expression or statement, with everything inside it) reads and writes.
    public func defUse(of node: NodeID) -> DefUse {
        var reads = Set<BindingID>()
        var writes = Set<BindingID>()
        var stack: [NodeID] = [node]
        let read = ReferenceFlags.read.rawValue, write = ReferenceFlags.write.rawValue
        let declaration = ReferenceFlags.declaration.rawValue
        while let id = stack.popLast() {
            switch tree[id] {
            case .identifier, .jsxIdentifier:
                let b = nodeBinding[id.index]
                if b >= 0 {
                    let f = nodeFlags[id.index]
                    if f & read != 0 { reads.insert(BindingID(b)) }
                    if f & (write | declaration) != 0 { writes.insert(BindingID(b)) }
                }
            case .assignment(_, let left, _), .update(_, _, let left):
                if let root = memberRoot(left), let b = binding(for: root) { writes.insert(b) }
            case .unary(.delete, let argument):
                if let root = memberRoot(argument), let b = binding(for: root) { writes.insert(b) }
            default:
                break
            }
            tree.forEachChild(of: id) { stack.append($0) }
        }
        return DefUse(reads: reads.sorted(), writes: writes.sorted())
    }

    /// True when `later` reads a binding `earlier` writes, or writes one `earlier` reads or writes
    /// (both statements or expressions; see `defUse(of:)`).
    public func dependsOn(_ later: NodeID, _ earlier: NodeID) -> Bool {
        defUse(of: later).dependsOn(defUse(of: earlier))
    }

    /// The bindings `node` reads (see `defUse(of:)`).
    public func reads(in node: NodeID) -> [BindingID] { defUse(of: node).reads }

    /// The bindings `node` writes (see `defUse(of:)`).
    public func writes(in node: NodeID) -> [BindingID] { defUse(of: node).writes }

    /// The identifier at the root of a member chain target (`a` in `a.b[c].d`); nil for other targets.
    public func memberRoot(_ target: NodeID) -> NodeID? {
        var e = tree.unwrap(target)
        guard case .member = tree[e] else { return nil }
        var steps = 0
        while steps < 10_000 {
            steps += 1
            switch tree[e] {
            case .member(let object, _, _, _): e = tree.unwrap(object)
            case .call(let callee, _, _, _): e = tree.unwrap(callee)
            case .identifier: return e
            default: return nil
            }
        }
        return nil
    }
}
