// The call graph's edge list: sorted by caller, call site, callee and kind, each edge once, whatever the
// order and repetitions of the edges it is built from.

import JSSyntax
import Testing
@testable import JSSemantic

@Test func callGraphEdgesAreSortedAndUniqueWhateverTheInputOrder() {
    var generator = SystemRandomNumberGenerator()
    let kinds: [CallEdgeKind] = [.call, .construct, .callback]
    func node(_ f: Int32, _ n: Int32) -> ProjectNode { ProjectNode(file: FileID(f), node: NodeID(n)) }
    for round in 0..<20 {
        var input: [CallEdge] = []
        for _ in 0..<(50 + round * 10) {
            // few distinct values, so duplicates and ties on every field are common
            input.append(CallEdge(caller: node(Int32.random(in: 0..<3, using: &generator), Int32.random(in: 0..<4, using: &generator)),
                                  callee: node(Int32.random(in: 0..<3, using: &generator), Int32.random(in: 0..<4, using: &generator)),
                                  site: NodeID(Int32.random(in: 0..<5, using: &generator)),
                                  kind: kinds[Int.random(in: 0..<kinds.count, using: &generator)]))
        }
        input += input.prefix(10)
        input.shuffle(using: &generator)
        let graph = CallGraph(edges: input)
        #expect(graph.edges == Array(Set(input)).sorted())
        #expect(zip(graph.edges, graph.edges.dropFirst()).allSatisfy { $0 < $1 })
        // callees(of:) still answers from the sorted list
        for e in Set(input) { #expect(graph.callees(of: e.caller).contains(e)) }
    }
}
