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

// Built from per-file runs (each sorted, most of a file's edges from callers in that file, some not, the runs
// in file order) plus extra edges, as the project index builds it: the edges and incoming edges of the graph
// built from all of them unsorted, whatever share of edges leaves the runs' order; incoming edges sorted by
// callee, then index.
@Test func callGraphFromRunsIsTheGraphOfAllTheirEdges() {
    var generator = SystemRandomNumberGenerator()
    let kinds: [CallEdgeKind] = [.call, .construct, .callback]
    func node(_ f: Int32, _ n: Int32) -> ProjectNode { ProjectNode(file: FileID(f), node: NodeID(n)) }
    for round in 0..<40 {
        let files = 1 + round % 7
        // from none to nearly all of a run's callers in another file
        let foreignPercent = [0, 2, 10, 50, 95][round % 5]
        var runs: [[CallEdge]] = []
        var all: [CallEdge] = []
        for f in 0..<files {
            var run: [CallEdge] = []
            for _ in 0..<Int.random(in: 0..<40, using: &generator) {
                let callerFile = Int.random(in: 0..<100, using: &generator) < foreignPercent
                    ? Int32.random(in: 0..<Int32(files), using: &generator) : Int32(f)
                run.append(CallEdge(caller: node(callerFile, Int32.random(in: 0..<6, using: &generator)),
                                    callee: node(Int32.random(in: 0..<Int32(files), using: &generator), Int32.random(in: 0..<4, using: &generator)),
                                    site: NodeID(Int32.random(in: 0..<5, using: &generator)),
                                    kind: kinds[Int.random(in: 0..<kinds.count, using: &generator)]))
            }
            run += run.prefix(3)
            run.sort()
            runs.append(run)
            all += run
        }
        var extra: [CallEdge] = []
        for _ in 0..<(round % 3 == 0 ? 0 : 12) {
            extra.append(CallEdge(caller: node(Int32.random(in: 0..<Int32(files), using: &generator), Int32.random(in: 0..<6, using: &generator)),
                                  callee: node(0, Int32.random(in: 0..<4, using: &generator)),
                                  site: NodeID(Int32.random(in: 0..<5, using: &generator)), kind: .call))
        }
        all += extra
        all.shuffle(using: &generator)
        let expected = CallGraph(edges: all)
        // incoming edges: the edge indexes by callee, then index (the order the counting sort must give)
        let edges = expected.edges
        let byDefinition = Array(0..<Int32(edges.count)).sorted { a, b in
            let ca = edges[Int(a)].callee, cb = edges[Int(b)].callee
            return ca != cb ? ca < cb : a < b
        }
        #expect(expected.incomingEdges == byDefinition)
        for e in edges { #expect(expected.callers(of: e.callee).contains(e)) }
        var taken = runs
        var graph = CallGraph(concatenating: &taken, plus: extra)
        #expect(graph.edges == expected.edges)
        #expect(graph.incomingEdges == expected.incomingEdges)
        let emptied = taken.allSatisfy { $0.isEmpty }
        #expect(emptied)
        // and adding edges to a built graph
        graph.adding(extra.reversed())
        var more = all + extra.reversed()
        #expect(graph.edges == CallGraph(taking: &more).edges)
    }
}

// The functions a function returns, from its own returns only (not a nested function's, not a class body's),
// the last in the source first; an arrow's expression body is its one return.
@Test func returnedFunctionsComeFromTheFunctionsOwnReturns() throws {
    let code = """
        function make(kind) {
          const named = (req) => req.a
          if (kind === 1) return (req) => req.b
          function inner() { return (x) => x }
          class K { m() { return function () {} } }
          if (kind === 2) return named
          return kind ? function last() {} : null
        }
        const arrow = () => (y) => y
        """
    let sem = semantics(code)
    let make = try #require(sem.node("make", kind: .identifier).flatMap { sem.tree.parent($0) })
    let got = sem.returnedFunctions(of: make).map { sem.tree.text($0) }
    #expect(got == ["(req) => req.a", "(req) => req.b"], "\(got)")
    let inner = try #require(sem.node("inner", kind: .identifier).flatMap { sem.tree.parent($0) })
    #expect(sem.returnedFunctions(of: inner).map { sem.tree.text($0) } == ["(x) => x"])
    let outerArrow = try #require(sem.node("() => (y) => y"))
    #expect(sem.returnedFunctions(of: outerArrow).map { sem.tree.text($0) } == ["(y) => y"])
}

// Fastify decorator calls are found by the property's bytes: the same answer as the property's name looked up
// among the decorator names, for near misses, escapes, private names and other names too.
@Test func decoratorNamesReadOnBytesAsByName() {
    let sem = semantics("""
        server.decorate('a', f); server.decorateRequest('b', f); server.decorateReply('c', f)
        server.decorator('d', f); server.decorateRequests('e', f); server.decorat('g', f); server.Decorate('h', f)
        server.d\\u0065corate('i', f); server.decorate\\u0052eply('j', f); class K { #decorate() {} m() { this.#decorate() } }
        x.decorateReply; decorate; decorateReplyX; a.b.c.decorate; a?.decorate
        """)
    let tree = sem.tree
    var checked = 0, matched = 0
    for i in 0..<tree.count {
        let id = NodeID(Int32(i))
        guard tree.kind(id) == .identifier || tree.kind(id) == .privateIdentifier else { continue }
        let byName = CallGraphBuilder.decoratorNames.contains(tree.name(of: id))
        #expect(CallGraphBuilder.isDecoratorName(id, tree) == byName, "\(tree.name(of: id))")
        checked += 1
        if byName { matched += 1 }
    }
    #expect(checked > 30 && matched == 11)
}
