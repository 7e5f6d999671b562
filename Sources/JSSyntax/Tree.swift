// SyntaxTree: the parsed file as flat arrays.
//
// `nodes[i]` is the `Node` enum of NodeID(i) (decoded from its packed form, see NodeStore), `ranges[i]`
// its byte range, `parents[i]` its parent (computed once after parsing, from the packed nodes' child
// slots: `NodeStore.finished`). Child lists are ranges into `lists` (two bytes an entry when every id
// fits, `NodeLists`). Nodes are appended in the order the parser finishes them, so ids are not in
// source order; use `children(_:)` (sorted by position) or `forEachChild` (field order) to walk. Ranges
// and parents are kept in two bytes per value when the file is small enough (`CompactRanges`,
// `CompactIndexes`).

import SourceText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class SyntaxTree: @unchecked Sendable {
    public let file: SourceFile
    @usableFromInline let nodes: NodeStore
    @usableFromInline let ranges: CompactRanges
    @usableFromInline let lists: NodeLists
    @usableFromInline let parents: CompactIndexes
    /// Per node: its index in `names` when it is an identifier with a plain ASCII name; -1 otherwise. Empty
    /// until `prepareNames()`.
    @usableFromInline private(set) var nameIndexes = CompactIndexes([])
    /// The distinct plain ASCII names of the file's identifiers (`NameTable`).
    public private(set) var names: [String] = []
    public let comments: [Comment]
    public let root: NodeID
    public let isModule: Bool

    /// A tree of `nodes` (compact) whose parents are `parents` (both from `NodeStore.finished(lists:)`, read
    /// from the store being built).
    init(file: SourceFile, nodes: NodeStore, ranges: [ByteRange], lists: [NodeID], parents: CompactIndexes,
         comments: [Comment], root: NodeID, isModule: Bool) {
        // what `subscript` and `kind(_:)` read without asking
        precondition(nodes.isCompact, "a tree's store is finished")
        self.file = file
        self.nodes = nodes
        self.ranges = CompactRanges(ranges)
        self.lists = NodeLists(lists)
        self.comments = comments
        self.root = root
        self.isModule = isModule
        self.parents = parents
    }

    /// Each node's parent as a walk with `forEachChild` over every node in order finds it (a child listed by
    /// two nodes gets the later), -1 for the root: what `parent(_:)` must answer (tests).
    func walkedParents() -> [Int32] {
        var parents = [Int32](repeating: -1, count: nodes.count)
        parents.withUnsafeMutableBufferPointer { out in
            for i in 0..<out.count {
                let parent = Int32(i)
                forEachChild(of: NodeID(parent)) { child in
                    if child.index < out.count { out[child.index] = parent }
                }
            }
        }
        return parents
    }

    /// Builds the table of the file's identifier names (`names`, `NameTable`) that `name(of:)` then reads
    /// instead of decoding each name's bytes again. For a tree that analyses will ask for names: the scan
    /// calls it on the file's own thread, before the tree is shared, for every file it keeps (a test's or a
    /// generated copy's tree, only checked for its syntax, is spared it). Until then, and in a tree never
    /// prepared, `name(of:)` decodes as it always did.
    public func prepareNames() {
        guard nameIndexes.count == 0, nodes.count > 0 else { return }
        var table = NameTable()
        let n = nodes.count
        var indexes = [Int32](repeating: -1, count: n)
        // a finished tree's kinds are one byte a node: read in place, the identifiers picked by their byte
        let kindBytes = nodes.isCompact ? nodes.kinds : (0..<n).map { nodes.kind($0).rawValue }
        let identifier = NodeKind.identifier.rawValue, privateIdentifier = NodeKind.privateIdentifier.rawValue
        file.bytes.withUnsafeBufferPointer { p in
            kindBytes.withUnsafeBufferPointer { kinds in
                indexes.withUnsafeMutableBufferPointer { out in
                    let cls = CharClass.table
                    for i in 0..<min(n, kinds.count) {
                        let k = kinds[i]
                        guard k == identifier || k == privateIdentifier else { continue }
                        // the usual name: identifier bytes all through the node's range, ASCII, hashed in the
                        // same pass (what `plainNameRange` and `NameTable.index(of:in:)` find for it, read once)
                        let r = ranges[i]
                        let s = Int(r.start) + (k == privateIdentifier ? 1 : 0), e = Int(r.end)
                        if s < e && e <= p.count {
                            var h = NameTable.hashSeed
                            var high: UInt8 = 0
                            var j = s
                            while j < e {
                                let b = p[j]
                                if cls[Int(b)] & CharClass.idPart == 0 { break }
                                h = NameTable.hash(h, b)
                                high |= b
                                j += 1
                            }
                            if j == e {
                                if high < 0x80 { out[i] = table.index(ofASCII: s..<e, hash: h, in: p) }
                                continue
                            }
                        }
                        guard let r = plainNameRange(of: NodeID(Int32(i))), !r.isEmpty else { continue }
                        out[i] = table.index(of: r, in: p)
                    }
                }
            }
        }
        nameIndexes = CompactIndexes(indexes)
        names = table.names
    }

    public var count: Int { nodes.count }

    /// The node `id` (decoded from the finished store: `NodeStore.finishedPackedNode`).
    @inlinable @inline(__always) public subscript(id: NodeID) -> Node { nodes.unpack(nodes.finishedPackedNode(id.index)) }

    /// The kind of `id`: its byte in the finished store's kinds.
    @inlinable public func kind(_ id: NodeID) -> NodeKind { unsafeBitCast(nodes.kinds[id.index], to: NodeKind.self) }

    @inlinable public func range(_ id: NodeID) -> ByteRange { ranges[id.index] }

    @inlinable public func parent(_ id: NodeID) -> NodeID? {
        let p = parents[id.index]
        return p < 0 ? nil : NodeID(p)
    }

    /// The ids of a child list.
    @inlinable public func list(_ l: NodeList) -> NodeIDs {
        lists[Int(l.start)..<Int(l.start + l.count)]
    }

    /// Direct children in source order.
    public func children(_ id: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        forEachChild(of: id) { out.append($0) }
        var sorted = true
        for i in out.indices.dropFirst() where ranges[out[i].index].start < ranges[out[i - 1].index].start {
            sorted = false
            break
        }
        if !sorted { out.sort { ranges[$0.index].start < ranges[$1.index].start } }
        return out
    }

    /// Pushes the direct children of `id` onto `stack` so that popping yields them in source order (the
    /// order of `children(_:)`), without an array per node.
    public func pushChildren(of id: NodeID, onto stack: inout [NodeID]) {
        let base = stack.count
        forEachChild(of: id) { stack.append($0) }
        guard stack.count - base > 1 else { return }
        var sorted = true
        for i in (base + 1)..<stack.count where ranges[stack[i].index].start < ranges[stack[i - 1].index].start {
            sorted = false
            break
        }
        if !sorted { stack[base...].sort { ranges[$0.index].start < ranges[$1.index].start } }
        // reversed in place by swaps (reversing the slice `stack[base...]` copied the whole stack)
        var i = base, j = stack.count - 1
        while i < j {
            stack.swapAt(i, j)
            i += 1
            j -= 1
        }
    }

    /// Whether the node's source bytes are all ASCII.
    public func isASCII(_ id: NodeID) -> Bool {
        let r = ranges[id.index]
        let s = Int(r.start), e = Int(r.end)
        return file.bytes.withUnsafeBufferPointer { p in
            guard s <= e, e <= p.count else { return true }
            for i in s..<e where p[i] >= 0x80 { return false }
            return true
        }
    }

    /// Source text of a node.
    public func text(_ id: NodeID) -> String { file.text(ranges[id.index]) }

    /// The name of an identifier-like node (escapes such as `\u0061` decoded); its text otherwise.
    @inlinable public func name(of id: NodeID) -> String {
        // a prepared tree's plain name is read from the table in the caller, no call made
        let k = nameIndex(of: id)
        return k >= 0 ? names[Int(k)] : decodedName(of: id)
    }

    /// `name(of:)` of a node whose name is not in the table: decoded from the source bytes.
    @usableFromInline func decodedName(of id: NodeID) -> String {
        if let r = plainNameRange(of: id) {
            return file.bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[r]), as: UTF8.self) }
        }
        let r = ranges[id.index]
        let s = Int(r.start) + (nodes.kind(id.index) == .privateIdentifier ? 1 : 0)
        return StringDecoding.decodeIdentifier(file.bytes, s, Int(r.end))
    }

    /// The index in `names` of an identifier's name; -1 when the node is not an identifier or its name is
    /// not plain ASCII (then only `name(of:)` gives it), or the tree's names are not prepared (`prepareNames`).
    @inlinable public func nameIndex(of id: NodeID) -> Int32 {
        id.index < nameIndexes.count ? nameIndexes[id.index] : -1
    }

    /// The bytes of the file that `name(of:)` returns, when it returns them as written (no escape to
    /// decode); nil when the name has an escape.
    public func plainNameRange(of id: NodeID) -> Range<Int>? {
        let r = ranges[id.index]
        let s = Int(r.start) + (nodes.kind(id.index) == .privateIdentifier ? 1 : 0)
        var e = Int(r.end)
        return file.bytes.withUnsafeBufferPointer { p -> Range<Int>? in
            guard s <= e, e <= p.count else { return nil }
            let cls = CharClass.table
            var j = s
            while j < e, cls[Int(p[j])] & CharClass.idPart != 0 { j += 1 }
            // identifier bytes all through (the common case): no escape, no annotation, no node to decode
            if j == e { return s..<e }
            for i in s..<e where p[i] == 0x5C { return nil }
            // `.identifier(annotation, optional)` with `annotation != nil || optional`, read without decoding
            if nodes.kind(id.index) == .identifier, nodes.hasPayload(id.index) {
                // the range covers `name?: Type`; the name is the leading identifier bytes
                e = j
            }
            return s..<e
        }
    }

    /// The value of a string literal or of a template literal without substitutions (`'m'`, `` `m` ``); nil for
    /// anything else.
    public func literalString(_ id: NodeID) -> String? {
        switch self[id] {
        case .stringLiteral: return stringValue(of: id)
        case .templateLiteral(let quasis, let expressions) where expressions.isEmpty:
            guard let q = list(quasis).first else { return "" }
            return stringValue(of: q)
        default: return nil
        }
    }

    /// The cooked value of a string literal (escapes decoded), or of a template element.
    public func stringValue(of id: NodeID) -> String {
        let r = ranges[id.index]
        switch nodes[id.index] {
        case .stringLiteral:
            return StringDecoding.decodeString(file.bytes, Int(r.start) + 1, max(Int(r.start) + 1, Int(r.end) - 1))
        case .templateElement:
            return StringDecoding.decodeString(file.bytes, Int(r.start), Int(r.end))
        default:
            return name(of: id)
        }
    }

    /// The nodes of one kind, in node order, found by a byte search over the nodes' kinds: nothing allocated,
    /// no closure per node.
    public func nodes(ofKind kind: NodeKind) -> NodesOfKind { NodesOfKind(nodes, kind) }

    /// Pattern and flags of a regular expression literal.
    public func regex(of id: NodeID) -> (pattern: String, flags: String)? {
        guard nodes.kind(id.index) == .regExpLiteral else { return nil }
        let r = ranges[id.index]
        var slash = Int(r.end) - 1
        while slash > Int(r.start), file.bytes[slash] != 0x2F { slash -= 1 }
        return (file.text(ByteRange(Int(r.start) + 1, slash)), file.text(ByteRange(slash + 1, Int(r.end))))
    }

    /// A readable, deterministic snapshot of the whole tree: one node per line, children indented and
    /// labelled with their field, each line ending with the node's `line:column-line:column` range.
    public func dump() -> String {
        var out = ""
        dumpNode(root, label: "", indent: 0, into: &out)
        return out
    }

    /// The snapshot of one subtree.
    public func dump(_ id: NodeID) -> String {
        var out = ""
        dumpNode(id, label: "", indent: 0, into: &out)
        return out
    }

    func dumpText(_ id: NodeID) -> String {
        var t = kind(id) == .identifier ? name(of: id) : file.text(ranges[id.index])
        if t.utf8.count > 80 { t = String(t.prefix(77)) + "..." }
        var q = "\""
        for ch in t.unicodeScalars {
            switch ch {
            case "\"": q += "\\\""
            case "\\": q += "\\\\"
            case "\n": q += "\\n"
            case "\r": q += "\\r"
            case "\t": q += "\\t"
            default: q.unicodeScalars.append(ch)
            }
        }
        return q + "\""
    }

    func dumpRange(_ id: NodeID) -> String {
        let r = ranges[id.index]
        return "\(file.location(of: Int(r.start)))-\(file.location(of: Int(r.end)))"
    }

    func dumpAttribute<T: CustomStringConvertible>(_ name: String, _ value: T, into out: inout String) {
        let s = value.description
        if s.isEmpty { return }
        out += " \(name)=\(s)"
    }
}

/// Every child list of a tree, one after another, as `CompactIndexes` (two bytes an id in a file of fewer
/// than 65,535 nodes, the usual case; every tree stays in memory for the whole scan).
public struct NodeLists: Sendable {
    @usableFromInline let ids: CompactIndexes

    init(_ lists: [NodeID]) {
        // a NodeID is its Int32: read the ids in place rather than through a mapped copy
        ids = lists.withUnsafeBufferPointer { $0.withMemoryRebound(to: Int32.self) { CompactIndexes($0) } }
    }

    /// The ids at positions `r` (a child list: `SyntaxTree.list(_:)`).
    @inlinable public subscript(r: Range<Int>) -> NodeIDs { NodeIDs(ids, r) }
}

/// The ids of one child list, indexed like the slice of the tree's list storage they are (the first at
/// `startIndex`, not at 0).
public struct NodeIDs: RandomAccessCollection, Equatable, Sendable {
    @usableFromInline let ids: CompactIndexes
    public let startIndex: Int
    public let endIndex: Int

    @inlinable init(_ ids: CompactIndexes, _ r: Range<Int>) {
        self.ids = ids
        startIndex = r.lowerBound
        endIndex = r.upperBound
    }

    @inlinable public subscript(i: Int) -> NodeID {
        precondition(i >= startIndex && i < endIndex, "list index out of range")
        return NodeID(ids[i])
    }

    @inlinable public func index(after i: Int) -> Int { i + 1 }
    @inlinable public func index(before i: Int) -> Int { i - 1 }

    /// Same ids in the same order.
    public static func == (a: NodeIDs, b: NodeIDs) -> Bool { a.elementsEqual(b) }
}

/// The ids of a tree's nodes of one kind, in node order (`SyntaxTree.nodes(ofKind:)`): each found by `memchr`
/// over the finished tree's kind bytes (the tree's own table, shared, not copied).
public struct NodesOfKind: Sequence, IteratorProtocol {
    let kinds: [UInt8]
    let kind: UInt8
    var position = 0

    init(_ store: NodeStore, _ kind: NodeKind) {
        // a store being built (never a finished tree's) has its kinds in its packed nodes
        kinds = store.isCompact ? store.kinds : (0..<store.count).map { store.kind($0).rawValue }
        self.kind = kind.rawValue
    }

    public mutating func next() -> NodeID? {
        let n = kinds.count
        guard position < n else { return nil }
        let found = kinds.withUnsafeBufferPointer { p -> Int in
            guard let base = p.baseAddress,
                  let hit = memchr(base + position, Int32(kind), n - position) else { return n }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        position = found + 1
        return found < n ? NodeID(Int32(truncatingIfNeeded: found)) : nil
    }
}
