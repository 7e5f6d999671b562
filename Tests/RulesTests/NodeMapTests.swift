// The hot-context search's node map (`NodeMap`) against a Dictionary: the same answers for every node
// asked, after adds in a seeded order that make the map grow many times, with nodes of one file next to
// each other, of many files under one node number, and overwritten values.

@testable import ExecutionModel
import JSSemantic
import JSSyntax
import LintTestSupport
import Testing

@Suite struct NodeMapTests {
    func node(_ file: Int32, _ n: Int32) -> ProjectNode { ProjectNode(file: FileID(file), node: NodeID(n)) }

    @Test(arguments: [1 as UInt64, 2, 3])
    func answersAsADictionary(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var map = NodeMap<Int>()
        var reference: [ProjectNode: Int] = [:]
        var asked: [ProjectNode] = []
        for step in 0..<20_000 {
            // runs of one file's neighbouring nodes, one node number in many files, and scattered nodes
            let n: ProjectNode
            switch step % 3 {
            case 0: n = node(Int32(step / 300), Int32(step % 300))
            case 1: n = node(Int32(rng.next() % 4_000), 7)
            default: n = node(Int32(rng.next() % 100), Int32(rng.next() % 1_000_000))
            }
            // sometimes a value given again (overwritten), as the dictionary does
            let value = Int(rng.next() % 1_000)
            map[n] = value
            reference[n] = value
            asked.append(n)
            asked.append(node(n.file.raw + 5_000, n.node.raw))  // never added
        }
        #expect(map.count == reference.count)
        for n in asked { #expect(map[n] == reference[n]) }
        #expect(NodeMap<Int>()[node(0, 0)] == nil)
    }
}
