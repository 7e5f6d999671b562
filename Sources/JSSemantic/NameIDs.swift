// NameIDs: each distinct identifier name of one file as a small integer, for the binder.
//
// Names are Strings compared as Swift compares them (canonical equivalence: `\u212A` Kelvin sign and
// `K` are one name). Most names are plain ASCII and already in the tree's name table
// (`SyntaxTree.names`, distinct plain ASCII names: distinct Strings): their id is their index in the
// table, with no String hashed. Only a name outside the table (an escape, a non-ASCII byte) goes through
// a String dictionary, built the first time one is met from every name of the table, so that such a
// name equivalent to a table name gets the table name's id; the others get ids after the table's.

import JSSyntax

struct NameIDs {
    /// Every name of the tree's table by its index, and the names outside it met so far; nil until a
    /// name outside the table is asked.
    private var byString: [String: Int32]?
    private var next: Int32 = 0

    init() {}

    /// The id of a name given as a String.
    mutating func id(_ name: String, in tree: SyntaxTree) -> Int32 {
        if byString == nil {
            let names = tree.names
            var table = [String: Int32](minimumCapacity: names.count + 4)
            for k in names.indices { table[names[k]] = Int32(truncatingIfNeeded: k) }
            byString = table
            next = Int32(truncatingIfNeeded: names.count)
        }
        if let known = byString?[name] { return known }
        let id = next
        next += 1
        byString?[name] = id
        return id
    }

    /// The id of the name of an identifier-like node (`SyntaxTree.name(of:)`).
    mutating func id(of node: NodeID, in tree: SyntaxTree) -> Int32 {
        let k = tree.nameIndex(of: node)
        if k >= 0 { return k }
        return id(tree.name(of: node), in: tree)
    }
}
