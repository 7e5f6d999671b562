// Walks that keep their own stack push a node's children with `pushChildren`: popped one by one they must come
// out as `children(_:)` gives them (source order), for every node, including nodes whose fields are not in
// source order (decorators, a `for` header, a class's members after its heritage).

import SourceText
import Testing
@testable import JSSyntax

@Test func pushedChildrenPopInSourceOrder() {
    let text = """
        @Controller('x') class A extends B { @Get() m(@Body() b: T) { for (let i = 0, j = f(); i < j; i++) g(i, ...b) } }
        const o = { a: 1, [k]: await h(), ...r, get z() { return `t${o}` } }
        label: switch (x) { case 1: y?.(z as Q)!; default: throw new E(`m`) }
        """
    let r = Parser.parse(SourceFile(path: "t.ts", text: text), options: ParseOptions.forPath("t.ts"))
    #expect(r.errors.isEmpty)
    let tree = r.tree
    var checked = 0
    for i in 0..<tree.count {
        let id = NodeID(Int32(i))
        var stack: [NodeID] = [NodeID(-1)]
        tree.pushChildren(of: id, onto: &stack)
        var popped: [NodeID] = []
        while stack.count > 1, let c = stack.popLast() { popped.append(c) }
        #expect(popped == tree.children(id), "node \(i) \(tree.kind(id))")
        #expect(stack == [NodeID(-1)], "what was on the stack before stays under the children")
        if popped.count > 1 { checked += 1 }
    }
    #expect(checked > 20)
}

// The same, on a TSX file with decorators, parameter properties, type annotations, a labelled loop and JSX
// (whose fields are not all in source order), with other nodes already on the stack below: the children are
// reversed in place above them and nothing below moves.
@Test func pushedChildrenPopInSourceOrderInTSX() {
    let text = """
        @Component({ selector: 'x' }) class A<T> extends B<T> implements C {
          @Input() name?: string = 'a'
          constructor(@Inject(TOKEN) private readonly s: S, public t = 1) { super() }
          async m({ a, b = 2 }: Opts, ...rest: number[]): Promise<void> {
            for (const [k, v] of Object.entries(rest)) { await this.s.save(k, v as any) }
            label: while (a) { if (b) break label; else continue }
            return <div key={a} {...rest}>{b ? <span /> : null}</div> as any
          }
        }
        export default async function (x = 1, { z } = {}) { switch (x) { case 1: default: } }
        """
    let r = Parser.parse(SourceFile(path: "t.tsx", text: text), options: ParseOptions.forPath("t.tsx"))
    #expect(r.errors.isEmpty)
    let tree = r.tree
    let below = [NodeID(-1), NodeID(-2), NodeID(-3)]
    var checked = 0
    for i in 0..<tree.count {
        let id = NodeID(Int32(i))
        var stack = below
        tree.pushChildren(of: id, onto: &stack)
        var popped: [NodeID] = []
        while stack.count > below.count, let c = stack.popLast() { popped.append(c) }
        #expect(popped == tree.children(id), "node \(i) \(tree.kind(id))")
        #expect(stack == below)
        if popped.count > 2 { checked += 1 }
    }
    #expect(checked > 10)
}

// The identifier-name table (`prepareNames`) answers `name(of:)` exactly as decoding the bytes does: plain
// ASCII names from the table, and escapes, non-ASCII names, private names and annotated parameters as written.
@Test func preparedNamesAreTheDecodedNames() {
    let text = """
        class C { #secret = 1; m(a?: number, b: string) { return this.#secret + a + b.length } }
        const \\u0061bc = 1, café = abc, K = 2, \\u212A = K; obj.prop.prop(abc, café); label: for (;;) break label
        """
    let parsed = Parser.parse(SourceFile(path: "t.ts", text: text), options: ParseOptions.forPath("t.ts"))
    #expect(parsed.errors.isEmpty)
    let fresh = parsed.tree
    let before = (0..<fresh.count).map { fresh.name(of: NodeID(Int32($0))) }
    #expect(fresh.names.isEmpty)
    #expect(fresh.nameIndex(of: fresh.root) == -1)
    fresh.prepareNames()
    let after = (0..<fresh.count).map { fresh.name(of: NodeID(Int32($0))) }
    #expect(before == after)
    // every plain ASCII identifier is in the table once; the others are decoded on request
    var inTable = 0
    for i in 0..<fresh.count {
        let id = NodeID(Int32(i))
        let k = fresh.nameIndex(of: id)
        guard k >= 0 else { continue }
        inTable += 1
        #expect([.identifier, .privateIdentifier].contains(fresh.kind(id)))
        #expect(fresh.names[Int(k)] == fresh.name(of: id))
        #expect(fresh.names[Int(k)].utf8.allSatisfy { $0 < 0x80 })
    }
    #expect(inTable > 15)
    #expect(Set(fresh.names).count == fresh.names.count, "each name once")
    // (`K` and the Kelvin sign `\u{212A}` are one String to Swift: only the bytes tell the table's ASCII one apart)
    #expect(!fresh.names.contains("café"))
    #expect(fresh.names.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
    #expect(before.contains("abc") && before.contains("café") && before.contains("#secret") == false && before.contains("secret"))
}
