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
