// NameIDs: each distinct identifier name of one file as a small integer, for the binder.
//
// Names are Strings compared as Swift compares them (canonical equivalence: `\u212A` Kelvin sign and
// `K` are one name). Most names are plain ASCII and already in the tree's name table
// (`SyntaxTree.names`): their id is found by the table's index, and the String dictionary, which holds
// every name seen (so a non-ASCII name equivalent to an ASCII one gets its id), is asked once per
// distinct name.

import JSSyntax

struct NameIDs {
    private var byString: [String: Int32] = [:]
    /// Per index of the tree's name table: its id, -1 until asked.
    private var byTableIndex: [Int32] = []

    init() {}

    /// The id of a name given as a String.
    mutating func id(_ name: String) -> Int32 {
        if let known = byString[name] { return known }
        let id = Int32(truncatingIfNeeded: byString.count)
        byString[name] = id
        return id
    }

    /// The id of the name of an identifier-like node (`SyntaxTree.name(of:)`).
    mutating func id(of node: NodeID, in tree: SyntaxTree) -> Int32 {
        let k = Int(tree.nameIndex(of: node))
        guard k >= 0 else { return id(tree.name(of: node)) }
        if byTableIndex.isEmpty { byTableIndex = [Int32](repeating: -1, count: tree.names.count) }
        if k < byTableIndex.count {
            let known = byTableIndex[k]
            if known >= 0 { return known }
        }
        let new = id(tree.names[k])
        if k < byTableIndex.count { byTableIndex[k] = new }
        return new
    }
}
