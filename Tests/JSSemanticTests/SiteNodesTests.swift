// ProjectIndex.SiteNodes: the classes, assignments and call sites found by byte searches over the tree's
// kinds are those a pass over every node finds, in node order.

import Testing
import JSSyntax
@testable import JSSemantic

@Suite struct SiteNodesTests {
    @Test func byteSearchesFindWhatAPassOverEveryNodeFinds() {
        var sources = ImportChainTests.sources
        sources["/p/mixed.ts"] = """
            class A { m() { return new B(new C(), class extends A {}) } }
            const D = class { constructor() { this.x = new A(); this.y = f(g(h())) } }
            let a, b; a = b = new (class {})(); a.c = () => new D(); f(a = 1, new A().m())
            function F() {} F.prototype.run = function () { return new F() }; new F().run()
            export default class { static s = new A() }
            """
        sources["/p/none.js"] = "const x = 1"
        let index = TestProject(sources: sources).index()
        var seen = (classes: 0, assignments: 0, calls: 0)
        for f in index.files.indices {
            let tree = index.files[f].semantics.tree
            var classes: [NodeID] = [], assignments: [NodeID] = [], calls: [NodeID] = []
            for i in 0..<tree.count {
                let id = NodeID(Int32(i))
                switch tree.kind(id) {
                case .classDeclaration, .classExpression: classes.append(id)
                case .assignment: assignments.append(id)
                case .call, .new: calls.append(id)
                default: continue
                }
            }
            let nodes = ProjectIndex.SiteNodes(tree)
            #expect(nodes.classes == classes && nodes.assignments == assignments && nodes.calls == calls,
                    "\(index.files[f].path)")
            seen.classes += classes.count
            seen.assignments += assignments.count
            seen.calls += calls.count
        }
        #expect(seen.classes >= 6 && seen.assignments >= 8 && seen.calls >= 40)
        #expect(ProjectIndex.SiteNodes.merged([NodeID(1), NodeID(4)], [NodeID(2), NodeID(3), NodeID(9)])
            == [1, 2, 3, 4, 9].map { NodeID(Int32($0)) })
    }
}
