// The packed node store: every payload enum fits the bits scripts/gen-ast.py gives it, every node a
// parse produces reads back as the node that was stored, and lists too long for the packed count are
// kept whole.

import Testing
@testable import SourceText
@testable import JSSyntax

@Suite struct NodeStoreTests {
    @Test func payloadEnumsFitTheirPackedWidths() {
        // each enum is stored as its case index, so it must be one byte and its cases must fit its bits
        func fits<T: CaseIterable>(_ type: T.Type, _ bits: Int) -> Bool {
            MemoryLayout<T>.size == 1 && T.allCases.count <= 1 << bits
        }
        #expect(fits(VariableKind.self, PackedWidths.variableKind))
        #expect(fits(PropertyKind.self, PackedWidths.propertyKind))
        #expect(fits(MethodKind.self, PackedWidths.methodKind))
        #expect(fits(UnaryOperator.self, PackedWidths.unaryOperator))
        #expect(fits(UpdateOperator.self, PackedWidths.updateOperator))
        #expect(fits(BinaryOperator.self, PackedWidths.binaryOperator))
        #expect(fits(LogicalOperator.self, PackedWidths.logicalOperator))
        #expect(fits(AssignmentOperator.self, PackedWidths.assignmentOperator))
        #expect(fits(TSKeyword.self, PackedWidths.tSKeyword))
        #expect(fits(TypeOperator.self, PackedWidths.typeOperator))
        #expect(fits(TSModuleKind.self, PackedWidths.tSModuleKind))
        #expect(MemoryLayout<PackedNode>.stride == 16)
    }

    /// The leaves the parser appends as `PackedNode.plain(kind)` without packing them (`ParserImpl.plainLeaf`)
    /// pack to exactly that: what `NodeStore.pack` gives each of their nodes, every field equal.
    @Test func plainLeavesPackAsPlain() {
        let leaves: [(NodeKind, Node)] = [
            (.identifier, .identifier(typeAnnotation: nil, optional: false)), (.stringLiteral, .stringLiteral),
            (.numericLiteral, .numericLiteral), (.bigIntLiteral, .bigIntLiteral), (.regExpLiteral, .regExpLiteral),
            (.nullLiteral, .nullLiteral), (.thisExpression, .thisExpression), (.superExpression, .superExpression),
            (.privateIdentifier, .privateIdentifier), (.jsxIdentifier, .jsxIdentifier), (.tsThisType, .tsThisType),
        ]
        for (kind, node) in leaves {
            var wide: [Node] = []
            let packed = NodeStore.pack(node, &wide)
            let plain = PackedNode.plain(kind.rawValue)
            #expect(wide.isEmpty)
            #expect(packed.tag == plain.tag && packed.bits == plain.bits && packed.half == plain.half
                    && packed.a == plain.a && packed.b == plain.b && packed.c == plain.c, "\(kind)")
            #expect(plain.isPlain)
            var store = NodeStore()
            store.appendPlain(kind)
            #expect(store[0] == node, "\(kind)")
        }
        // a node with a payload packs to something else (the test can tell them apart)
        var wide: [Node] = []
        let annotated = NodeStore.pack(.identifier(typeAnnotation: NodeID(3), optional: false), &wide)
        #expect(annotated.a != PackedNode.plain(NodeKind.identifier.rawValue).a)
    }

    @Test func everyEnumValueRoundTrips() {
        var store = NodeStore()
        let id = NodeID(7)
        var expected: [Node] = []
        for op in BinaryOperator.allCases { expected.append(.binary(op: op, left: id, right: id)) }
        for op in AssignmentOperator.allCases { expected.append(.assignment(op: op, left: id, right: id)) }
        for op in UnaryOperator.allCases { expected.append(.unary(op: op, argument: id)) }
        for op in UpdateOperator.allCases {
            expected.append(.update(op: op, prefix: true, argument: id))
            expected.append(.update(op: op, prefix: false, argument: id))
        }
        for op in LogicalOperator.allCases { expected.append(.logical(op: op, left: id, right: id)) }
        for k in VariableKind.allCases {
            expected.append(.variableDeclaration(kind: k, declarations: NodeList(start: 3, count: 2), declare: true))
        }
        for k in PropertyKind.allCases {
            expected.append(.property(key: id, value: id, kind: k, flags: [.computed, .method]))
        }
        for k in MethodKind.allCases {
            expected.append(.methodDefinition(decorators: .empty, key: id, value: id, kind: k, modifiers: [.static, .protected]))
        }
        for k in TSKeyword.allCases { expected.append(.tsKeyword(keyword: k)) }
        for op in TypeOperator.allCases { expected.append(.tsTypeOperator(op: op, typeAnnotation: id)) }
        for k in TSModuleKind.allCases { expected.append(.tsModuleDeclaration(id: id, body: nil, kind: k, declare: true)) }
        expected.append(.tsPropertySignature(key: id, typeAnnotation: nil, modifiers: [.readonly, .optional, .accessor]))
        expected.append(.call(callee: id, typeArguments: nil, arguments: NodeList(start: 9, count: 0xFFFE), optional: true))
        expected.append(.call(callee: id, typeArguments: NodeID(0), arguments: NodeList(start: 9, count: 0xFFFF), optional: false))
        expected.append(.arrowFunction(typeParameters: nil, params: .empty, returnType: nil, body: id, flags: [.async, .expressionBody]))
        for node in expected { store.append(node) }
        for (i, node) in expected.enumerated() {
            #expect(store[i] == node)
            #expect(store.kind(i) == node.kind)
        }
    }

    @Test func parsedNodesReadBackAndLongListsStayWhole() {
        // 70,000 array elements: more than the packed count holds
        let elements = Array(repeating: "1", count: 70_000).joined(separator: ",")
        let text = """
            const [a, ...rest] = [\(elements)]
            class C extends B { static #x = 1; get y() { return `t${a}` } }
            for (let i = 0; i < 3; i++) f?.(i, ...rest)
            export const g = async <T,>(p: T): Promise<T> => p
            """
        let r = Parser.parse(SourceFile(path: "t.ts", text: text), options: ParseOptions.forPath("t.ts"))
        #expect(r.errors.isEmpty)
        let tree = r.tree
        var copy = NodeStore()
        var longest = 0
        for i in 0..<tree.count {
            let node = tree[NodeID(Int32(i))]
            copy.append(node)
            #expect(copy[i] == node)
            #expect(tree.kind(NodeID(Int32(i))) == node.kind)
            if case .arrayExpression(let elements) = node { longest = max(longest, Int(elements.count)) }
        }
        #expect(longest == 70_000)
        // the children the packed walk gives are the decoded node's fields, in order (read by reflection)
        for i in 0..<tree.count {
            let id = NodeID(Int32(i))
            var walked: [NodeID] = []
            tree.forEachChild(of: id) { walked.append($0) }
            #expect(walked == Self.fieldChildren(tree[id], tree), "\(tree.kind(id))")
        }
    }

    /// The parent table read from the packed nodes by each kind's child slots (`NodeStore.finished`) is the one
    /// a walk with `forEachChild` over every node of the finished tree finds: on every parser fixture (with
    /// and without errors) and on a file with nodes kept whole (functions, classes, `for`, templates, a list
    /// of 70,000 items) and patterns rewritten in place.
    @Test func parentsFromPackedNodesMatchTheWalk() throws {
        let elements = Array(repeating: "x", count: 70_000).joined(separator: ",")
        var files: [SourceFile] = [
            SourceFile(path: "t.ts", text: """
                const [a, ...rest] = [\(elements)];
                ({ b, c: [d = 1, ...e] } = f);
                class C<T> extends B<T> implements I { @dec static #x = 1; get y(): number { return `t${a}${b}` } }
                for (let i = 0; i < 3; i++) f?.(i, ...rest)
                for (const k in o) label: for (;;) break label
                switch (a) { case 1: default: g<T>(1) }
                export const g = async <T,>(p: T): Promise<T> => p
                enum E { A = 1 } namespace N { export type U = { [k in keyof T]?: T[k] } }
                """),
            SourceFile(path: "a.jsx", text: "const v = <div a={1} {...p}>{x ? <b/> : `s${y}`}</div>; function* g() { yield* h() }"),
        ]
        files += try ParserFixtures.allInputs()
        #expect(files.count > 20)
        var nodes = 0
        for file in files {
            let tree = Parser.parse(file, options: .forPath(file.path)).tree
            let walked = tree.walkedParents()
            let read = (0..<tree.count).map { tree.parent(NodeID(Int32($0)))?.raw ?? -1 }
            #expect(read == walked, "\(file.path)")
            nodes += tree.count
        }
        #expect(nodes > 70_000)
    }

    /// `nodes(ofKind:)` (a byte search over the kinds) gives, for every kind, the ids a filter over every
    /// node by `kind(_:)` gives, in the same order: on every parser fixture and a file with many kinds.
    @Test func nodesOfKindAreTheFilteredNodes() throws {
        var files: [SourceFile] = [
            SourceFile(path: "t.ts", text: """
                class C<T> extends B<T> implements I { @dec static #x = 1; get y(): number { return `t${a}${b}` } }
                for (let i = 0; i < 3; i++) f?.(i, ...rest); a = b; c = d.e(f(g), h); new K(1)
                export const g = async <T,>(p: T): Promise<T> => p
                """),
        ]
        files += try ParserFixtures.allInputs()
        var found = 0
        for file in files {
            let tree = Parser.parse(file, options: .forPath(file.path)).tree
            for kind in NodeKind.allCases {
                let filtered = (0..<tree.count).map { NodeID(Int32($0)) }.filter { tree.kind($0) == kind }
                let searched = Array(tree.nodes(ofKind: kind))
                #expect(searched == filtered, "\(file.path) \(kind)")
                found += searched.count
            }
        }
        #expect(found > 1_000)
    }

    /// `hasPayload` (the presence bit) says of every node whether it differs from the plain node of its kind,
    /// and of an identifier whether it has a type annotation or a `?`: what decoding it says.
    @Test func payloadBitMatchesTheDecodedNode() throws {
        var files: [SourceFile] = [
            SourceFile(path: "t.ts", text: "function f(a?: number, b: string, c, d?) { let e: T = 1, g; return a ?? g }"),
        ]
        files += try ParserFixtures.allInputs()
        var annotated = 0, plain = 0
        for file in files {
            let tree = Parser.parse(file, options: .forPath(file.path)).tree
            for i in 0..<tree.count {
                let node = tree[NodeID(Int32(i))]
                let kind = tree.kind(NodeID(Int32(i)))
                // (a kind always kept whole is found by its index in `wide`, the first's packed form plain)
                if NodeStore.childSlots[Int(kind.rawValue)] & 32 == 0 {
                    #expect(tree.nodes.hasPayload(i) == (node != NodeStore.plainNode(kind)), "\(file.path) #\(i) \(kind)")
                }
                if case .identifier(let annotation, let optional) = node {
                    #expect(tree.nodes.hasPayload(i) == (annotation != nil || optional), "\(file.path) #\(i)")
                    if annotation != nil || optional { annotated += 1 } else { plain += 1 }
                }
            }
        }
        #expect(annotated > 10 && plain > 1_000)
    }

    @Test func rangesOfALongFileReadBack() {
        // a file past 65,535 bytes: block bases with 16-bit offsets, and the nodes that do not fit (too
        // long, too far from their block's base) in the side table
        var ranges: [ByteRange] = []
        for i in 0..<300 { ranges.append(ByteRange(i * 400, i * 400 + (i % 7) * 13)) }
        ranges.append(ByteRange(0, 120_000))        // longer than 65,534 bytes
        ranges.append(ByteRange(70_000, 70_010))    // far from its block's other starts
        ranges.append(ByteRange(119_000, 119_000))  // empty
        for i in 0..<100 { ranges.append(ByteRange(200_000 + i, 200_001 + 2 * i)) }
        ranges.append(ByteRange(0, 300_000))
        let compact = CompactRanges(ranges)
        #expect(compact.count == ranges.count)
        #expect((0..<ranges.count).allSatisfy { compact[$0] == ranges[$0] })
        let short = [ByteRange(0, 10), ByteRange(65_000, 65_534)]
        let small = CompactRanges(short)
        #expect((0..<short.count).allSatisfy { small[$0] == short[$0] })
    }

    static func fieldChildren(_ node: Node, _ tree: SyntaxTree) -> [NodeID] {
        guard let payload = Mirror(reflecting: node).children.first?.value else { return [] }
        let m = Mirror(reflecting: payload)
        var out: [NodeID] = []
        for value in m.displayStyle == .tuple ? m.children.map(\.value) : [payload] {
            // an optional id casts to NodeID when present
            if let id = value as? NodeID {
                out.append(id)
            } else if let list = value as? NodeList {
                out += tree.list(list)
            }
        }
        return out
    }
    /// Byte ranges read back as stored: short and long nodes of a short file, and in a long file nodes near
    /// their block's base, far from it, longer than 65,534 bytes, and ranges ending before they start.
    @Test(arguments: [false, true]) func compactRangesRoundTrip(longFile: Bool) {
        var seed: UInt64 = longFile ? 0x9E37_79B9_7F4A_7C15 : 0x2545_F491_4F6C_DD1D
        func next(_ n: Int32) -> Int32 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int32(truncatingIfNeeded: (seed >> 33) % UInt64(n))
        }
        let size: Int32 = longFile ? 3_000_000 : 0xFFFE
        var ranges: [ByteRange] = []
        for i in 0..<5_000 {
            let start = next(size)
            let length: Int32 = switch i % 7 {
            case 0: next(600)
            case 1: 254 + next(3)
            case 2 where longFile: 70_000 + next(100_000)
            default: next(40)
            }
            ranges.append(ByteRange(start: start, end: min(size, start + length)))
        }
        if longFile { ranges.append(ByteRange(start: 500, end: 400)) }
        let compact = CompactRanges(ranges)
        #expect(compact.count == ranges.count)
        #expect(compact.isWide == longFile)
        for (i, r) in ranges.enumerated() { #expect(compact[i] == r) }
    }
}
