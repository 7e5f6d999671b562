// Ambiguity analysis over a PositionNFA: the static half of ReDoS detection.
//
// Exponential (EDA): a state that loops back to itself on one string in two different ways. Found in
// the product of the automaton with itself, per strongly connected component: a product component
// holding a diagonal pair (q, q) and a pair (p, r) with p != r (or two parallel edges between diagonal
// pairs). The pump walks from (q, q) out to the divergence and back.
//
// Polynomial (IDA) of degree k: a chain of k loop states p1 => p2 => ... => pk where p => q means that
// one string w loops on p, leads from p to q and loops on q (found in the triple product, from
// (p, p, q) to (p, q, q)). Each link adds a factor n. The retry loop in front of unanchored patterns is
// such a loop state, which is how `\s+$` gets degree 2.
//
// A finding needs an attack that fails: prefix (to the first loop), pumps, and a suffix that makes
// every path fail (searched over subsets of states); no prefix of the attack may be accepted, since a
// backtracking engine stops at the first match. Every search draws on the limits' budgets.

public enum Complexity: String, Hashable, Sendable, Codable {
    case linear, polynomial, exponential
}

public struct Attack: Hashable, Sendable, Codable {
    public var prefix: String
    /// One pump for exponential findings; one per link of the chain for polynomial ones.
    public var pumps: [String]
    public var suffix: String

    /// The attack string with every pump repeated `n` times.
    public func string(repeating n: Int) -> String {
        var s = prefix
        for p in pumps { s += String(repeating: p, count: max(0, n)) }
        return s + suffix
    }
}

public struct StaticResult: Hashable, Sendable {
    public var complexity: Complexity
    /// Polynomial degree (2 quadratic, 3 cubic...); 1 for linear, 0 for exponential.
    public var degree: Int
    public var attack: Attack?
    /// Other attacks worth measuring when the first one does not grow (different prefixes).
    public var alternativeAttacks: [Attack] = []
    /// The quantifier that loops (pattern offsets in scalars), when known.
    public var loopSpan: Range<Int>?
    /// The retry at every start position is one of the loops (the "move" case).
    public var usesRetry: Bool
    /// What was approximated; a finding with approximations is conservative.
    public var approximations: [String]
    /// Set when a budget ran out: the result is then `linear` and says nothing.
    public var budgetExhausted: String?
}

struct Analyzer {
    let nfa: PositionNFA
    let limits: AnalysisLimits
    var productBudget: Int
    var scc: [Int] = []
    var sccMembers: [[Int]] = []
    var nontrivial: [Bool] = []

    init(nfa: PositionNFA, limits: AnalysisLimits) {
        self.nfa = nfa
        self.limits = limits
        productBudget = limits.maxProductWork
    }

    var n: Int { nfa.states.count }

    mutating func spend(_ k: Int = 1) throws {
        productBudget -= k
        if productBudget < 0 { throw BudgetExhausted(what: "product automaton work (\(limits.maxProductWork))") }
    }

    // MARK: SCCs (iterative Tarjan)

    mutating func computeSCCs() {
        let count = n
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var stack: [Int] = []
        var next = 0
        scc = [Int](repeating: -1, count: count)
        sccMembers = []
        for root in 0..<count where index[root] < 0 {
            var work: [(v: Int, edge: Int)] = [(root, 0)]
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while let (v, e) = work.last {
                let edges = nfa.states[v].edges
                if e < edges.count {
                    work[work.count - 1].edge += 1
                    let w = edges[e].to
                    if index[w] < 0 {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.v] = min(low[parent.v], low[v]) }
                    if low[v] == index[v] {
                        var members: [Int] = []
                        while let w = stack.popLast() {
                            onStack[w] = false
                            scc[w] = sccMembers.count
                            members.append(w)
                            if w == v { break }
                        }
                        sccMembers.append(members.sorted())
                    }
                }
            }
        }
        nontrivial = sccMembers.map { members in
            members.count > 1 || nfa.states[members[0]].edges.contains { $0.to == members[0] }
        }
    }

    func isLoopState(_ s: Int) -> Bool { nontrivial[scc[s]] }

    // MARK: Exponential ambiguity

    struct Pair: Hashable { var a: Int; var b: Int }

    /// A pump string for exponential ambiguity at some state, that state, and the loop to blame.
    /// With `avoidingExits`, pumps are built from characters that do not leave the loop's component
    /// (`"(?:\\"|\\\\|[\s\S])*?"`: a pump holding the closing `"` lets every attempt end in a match, while
    /// `\\` pumped through `\\\\` and `[\s\S][\s\S]` fails): asked when the first pumps found give no attack.
    mutating func findEDA(excluding tried: Set<Int>, avoidingExits: Bool = false) throws -> (state: Int, pump: String, loop: Range<Int>?)? {
        for (c, members) in sccMembers.enumerated() where nontrivial[c] {
            if members.allSatisfy({ nfa.states[$0].isRetry }) { continue }
            var exits = CharSet()
            if avoidingExits {
                for m in members { for e in nfa.states[m].edges where scc[e.to] != c { exits = exits.union(e.label) } }
            }
            // Product graph restricted to this SCC.
            var ids: [Pair: Int] = [:]
            var pairs: [Pair] = []
            var adj: [[(to: Int, label: CharSet, diverges: Bool)]] = []
            func id(_ p: Pair) -> Int {
                if let i = ids[p] { return i }
                ids[p] = pairs.count
                pairs.append(p)
                adj.append([])
                return pairs.count - 1
            }
            var queue: [Int] = members.map { id(Pair(a: $0, b: $0)) }
            var head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                let p = pairs[u]
                let ea = nfa.states[p.a].edges, eb = nfa.states[p.b].edges
                try spend(1 + ea.count * eb.count)
                for (i, x) in ea.enumerated() where scc[x.to] == c {
                    for (j, y) in eb.enumerated() where scc[y.to] == c {
                        var label = x.label.intersection(y.label)
                        if avoidingExits { label = label.subtracting(exits) }
                        if label.isEmpty { continue }
                        let before = pairs.count
                        let v = id(Pair(a: x.to, b: y.to))
                        if pairs.count > before { queue.append(v) }
                        let diverges = p.a == p.b && x.to == y.to && i != j
                        adj[u].append((v, label, diverges))
                    }
                }
            }
            // SCCs of the product; look for one with a diagonal pair and a divergence.
            let comp = Analyzer.tarjan(count: pairs.count) { adj[$0].map(\.to) }
            var hasDiag = [Bool](repeating: false, count: pairs.count)
            var hasDiv = [Bool](repeating: false, count: pairs.count)
            for (u, p) in pairs.enumerated() {
                if p.a == p.b { hasDiag[comp[u]] = true } else { hasDiv[comp[u]] = true }
                for e in adj[u] where e.diverges && comp[e.to] == comp[u] { hasDiv[comp[u]] = true }
            }
            for (u, p) in pairs.enumerated() where p.a == p.b && hasDiag[comp[u]] && hasDiv[comp[u]] {
                if tried.contains(p.a) { continue }
                let k = comp[u]
                // Out to a divergence, then back to (q, q), staying inside the component.
                guard let (out, mid, outPath) = bfs(from: u, adj: adj, within: { comp[$0] == k },
                                                    goal: { v, viaDiverging in pairs[v].a != pairs[v].b || viaDiverging }),
                      let (back, _, backPath) = bfs(from: mid, adj: adj, within: { comp[$0] == k }, goal: { v, _ in v == u })
                else { continue }
                let pump = out + back
                if pump.isEmpty { continue }
                let cycle = Set((outPath + backPath).flatMap { [pairs[$0].a, pairs[$0].b] })
                // Two paths through different positions: the innermost loop holding them has an
                // ambiguous body. The same positions reached two ways: loops are nested, blame the
                // one around the innermost.
                let parallel = (outPath + backPath).allSatisfy { pairs[$0].a == pairs[$0].b }
                return (p.a, pump, blame(cycle, nested: parallel))
            }
        }
        return nil
    }

    func blame(_ cycle: Set<Int>, nested: Bool) -> Range<Int>? {
        guard let any = cycle.first else { return nil }
        let common = nfa.states[any].loops.filter { loop in cycle.allSatisfy { nfa.states[$0].loops.contains(loop) } }
        if common.isEmpty { return nil }
        return nested && common.count >= 2 ? common[common.count - 2] : common[common.count - 1]
    }

    /// Breadth-first search in a labelled graph; returns the string, the node reached and the nodes
    /// on the way (start excluded, goal included).
    func bfs(from start: Int, adj: [[(to: Int, label: CharSet, diverges: Bool)]], within: (Int) -> Bool,
             goal: (Int, Bool) -> Bool) -> (String, Int, [Int])? {
        var prev: [Int: (Int, UInt32)] = [:]
        var queue = [start]
        var seen: Set<Int> = [start]
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            for e in adj[u] where within(e.to) {
                guard let ch = e.label.representative else { continue }
                if goal(e.to, e.diverges) {
                    var chars: [UInt32] = [ch]
                    var nodes: [Int] = [e.to]
                    var cur = u
                    while cur != start, let (p, c) = prev[cur] { chars.append(c); nodes.append(cur); cur = p }
                    return (Analyzer.string(chars.reversed()), e.to, nodes.reversed())
                }
                if seen.insert(e.to).inserted {
                    prev[e.to] = (u, ch)
                    queue.append(e.to)
                }
            }
        }
        return nil
    }

    static func string<S: Sequence>(_ chars: S) -> String where S.Element == UInt32 {
        var s = String.UnicodeScalarView()
        for c in chars { if let u = Unicode.Scalar(c) { s.append(u) } }
        return String(s)
    }

    static func tarjan(count: Int, successors: (Int) -> [Int]) -> [Int] {
        var index = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var comp = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var next = 0, ncomp = 0
        for root in 0..<count where index[root] < 0 {
            var work: [(v: Int, succ: [Int], i: Int)] = [(root, successors(root), 0)]
            index[root] = next; low[root] = next; next += 1
            stack.append(root); onStack[root] = true
            while !work.isEmpty {
                let top = work.count - 1
                let v = work[top].v
                if work[top].i < work[top].succ.count {
                    let w = work[top].succ[work[top].i]
                    work[top].i += 1
                    if index[w] < 0 {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, successors(w), 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.v] = min(low[parent.v], low[v]) }
                    if low[v] == index[v] {
                        while let w = stack.popLast() {
                            onStack[w] = false
                            comp[w] = ncomp
                            if w == v { break }
                        }
                        ncomp += 1
                    }
                }
            }
        }
        return comp
    }

    // MARK: Polynomial ambiguity

    /// For loop states p, q in different components: a string w with p -w-> p, p -w-> q, q -w-> q.
    mutating func idaWitness(_ p: Int, _ q: Int, between: [Bool]) throws -> String? {
        let cp = scc[p], cq = scc[q]
        struct Triple: Hashable { var a: Int; var b: Int; var c: Int }
        let start = Triple(a: p, b: p, c: q), goal = Triple(a: p, b: q, c: q)
        var prev: [Triple: (Triple, UInt32)] = [:]
        var queue = [start]
        var seen: Set<Triple> = [start]
        var head = 0
        while head < queue.count {
            let t = queue[head]; head += 1
            try spend(1 + nfa.states[t.a].edges.count * nfa.states[t.b].edges.count * nfa.states[t.c].edges.count)
            for x in nfa.states[t.a].edges where scc[x.to] == cp {
                for y in nfa.states[t.b].edges where between[y.to] {
                    let xy = x.label.intersection(y.label)
                    if xy.isEmpty { continue }
                    for z in nfa.states[t.c].edges where scc[z.to] == cq {
                        guard let ch = xy.representative(intersectedWith: z.label) else { continue }
                        let u = Triple(a: x.to, b: y.to, c: z.to)
                        if u == goal {
                            var chars: [UInt32] = [ch]
                            var cur = t
                            while cur != start, let (pv, c) = prev[cur] { chars.append(c); cur = pv }
                            return Analyzer.string(chars.reversed())
                        }
                        if seen.insert(u).inserted {
                            prev[u] = (t, ch)
                            queue.append(u)
                        }
                    }
                }
            }
        }
        return nil
    }

    func reachable(from s: Int) -> [Bool] {
        var seen = [Bool](repeating: false, count: n)
        var stack = [s]
        seen[s] = true
        while let u = stack.popLast() {
            for e in nfa.states[u].edges where !seen[e.to] { seen[e.to] = true; stack.append(e.to) }
        }
        return seen
    }

    /// Whether some string loops on both p and q (a cheap filter before the triple product).
    mutating func shareLoopString(_ p: Int, _ q: Int) throws -> Bool {
        let cp = scc[p], cq = scc[q]
        var seen: Set<Pair> = []
        var queue = [Pair(a: p, b: q)]
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            try spend(1 + nfa.states[u.a].edges.count * nfa.states[u.b].edges.count)
            for x in nfa.states[u.a].edges where scc[x.to] == cp {
                for y in nfa.states[u.b].edges where scc[y.to] == cq && x.label.intersects(y.label) {
                    let v = Pair(a: x.to, b: y.to)
                    if v == Pair(a: p, b: q) { return true }
                    if seen.insert(v).inserted { queue.append(v) }
                }
            }
        }
        return false
    }

    /// The IDA relation between loop states, as edges p => q with witness strings.
    mutating func idaGraph() throws -> [Int: [(to: Int, pump: String)]] {
        let loops = (0..<n).filter { isLoopState($0) }
        var graph: [Int: [(to: Int, pump: String)]] = [:]
        var reach: [Int: [Bool]] = [:]
        for p in loops { reach[p] = reachable(from: p) }
        // Co-reachability to q, computed on demand.
        var coreach: [Int: [Bool]] = [:]
        var reverse = [[Int]](repeating: [], count: n)
        for (u, s) in nfa.states.enumerated() { for e in s.edges { reverse[e.to].append(u) } }
        for p in loops {
            guard let rp = reach[p] else { continue }
            for q in loops where scc[q] != scc[p] && rp[q] {
                if !(try shareLoopString(p, q)) { continue }
                if coreach[q] == nil {
                    var seen = [Bool](repeating: false, count: n)
                    var stack = [q]
                    seen[q] = true
                    while let u = stack.popLast() { for v in reverse[u] where !seen[v] { seen[v] = true; stack.append(v) } }
                    coreach[q] = seen
                }
                guard let cq = coreach[q] else { continue }
                let between = (0..<n).map { rp[$0] && cq[$0] }
                if let w = try idaWitness(p, q, between: between) {
                    graph[p, default: []].append((q, w))
                }
            }
        }
        return graph
    }

    // MARK: Attack validation

    func step(_ set: [Int], _ c: UInt32) -> [Int] {
        var out = Set<Int>()
        for s in set { for e in nfa.states[s].edges where e.label.contains(c) { out.insert(e.to) } }
        return out.sorted()
    }

    func accepted(_ set: [Int], next: UInt32?) -> Bool { set.contains { nfa.accepts($0, next: next) } }

    /// Runs `text` from `set`; nil when some prefix is accepted along the way.
    func run(_ set: [Int], _ text: [UInt32], thenEnd: Bool) -> [Int]? {
        var cur = set
        for c in text {
            if accepted(cur, next: c) { return nil }
            cur = step(cur, c)
        }
        if thenEnd && accepted(cur, next: nil) { return nil }
        return cur
    }

    /// The smallest characters that tell apart the sets leaving `set` (one per combination).
    func candidates(_ set: [Int]) -> [UInt32] {
        var sets: [CharSet] = []
        for s in set {
            for e in nfa.states[s].edges where !sets.contains(e.label) { sets.append(e.label) }
            let a = nfa.states[s].acceptNext
            if !a.isEmpty && !sets.contains(a) { sets.append(a) }
        }
        if sets.count > 48 { sets = Array(sets.prefix(48)) }
        var bounds: Set<UInt32> = [0]
        for cs in sets { for r in cs.ranges { bounds.insert(r.lowerBound); if r.upperBound < CharSet.maxCodePoint { bounds.insert(r.upperBound + 1) } } }
        let sorted = bounds.sorted()
        var best: [UInt64: UInt32] = [:]
        var order: [UInt64] = []
        for (i, lo) in sorted.enumerated() {
            let hi = i + 1 < sorted.count ? sorted[i + 1] - 1 : CharSet.maxCodePoint
            var sig: UInt64 = 0
            for (k, cs) in sets.enumerated() where cs.contains(lo) { sig |= 1 << UInt64(k) }
            // a character the input can hold (a failing suffix of a line terminator needs input that has one)
            guard let ch = nfa.alphabet.representative(within: lo...hi) else { continue }
            if let old = best[sig] {
                let printable: (UInt32) -> Bool = { (0x21...0x7E).contains($0) }
                if !printable(old) && printable(ch) { best[sig] = ch }
            } else {
                best[sig] = ch
                order.append(sig)
            }
        }
        return order.compactMap { best[$0] }.sorted { a, b in
            // Prefer printable ASCII, then smaller code points.
            let pa = (0x21...0x7E).contains(a), pb = (0x21...0x7E).contains(b)
            return pa != pb ? pa : a < b
        }
    }

    /// A shortest suffix after which every path has failed.
    func failingSuffix(from set: [Int]) -> [UInt32]? {
        if !accepted(set, next: nil) { return [] }
        var queue: [([Int], [UInt32])] = [(set, [])]
        var seen: Set<[Int]> = [set]
        var head = 0
        while head < queue.count && seen.count < limits.maxSuffixNodes {
            let (cur, text) = queue[head]; head += 1
            if text.count >= 8 { continue }
            for c in candidates(cur) {
                if accepted(cur, next: c) { continue }
                let nxt = step(cur, c)
                if !accepted(nxt, next: nil) { return text + [c] }
                if seen.insert(nxt).inserted { queue.append((nxt, text + [c])) }
            }
        }
        return nil
    }

    /// A shortest string from state 0 to `target` (no prefix of it accepted).
    func prefix(to target: Int) -> [UInt32]? {
        if target == 0 { return [] }
        var prev: [Int: (Int, UInt32)] = [:]
        var queue = [0]
        var seen: Set<Int> = [0]
        var head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            for e in nfa.states[u].edges where !seen.contains(e.to) {
                guard let ch = e.label.representative else { continue }
                seen.insert(e.to)
                prev[e.to] = (u, ch)
                if e.to == target {
                    var chars: [UInt32] = []
                    var cur = target
                    while cur != 0, let (p, c) = prev[cur] { chars.append(c); cur = p }
                    return chars.reversed()
                }
                queue.append(e.to)
            }
        }
        return nil
    }

    /// Builds and checks an attack: the prefix reaches the first loop, the pumps never lead to a
    /// match, and a suffix makes every path fail. Only attempts that start before the blow-up
    /// matter: once the exploited attempts have started (after the prefix, or after the pumps when the
    /// retry loop is the first loop), later start positions are dropped from the simulation.
    /// Prefixes that end in `state`: the shortest, and for retry states the shortest behind one
    /// character of each retry block (so an anchored alternative cannot match it at the start).
    func prefixCandidates(to state: Int) -> [[UInt32]] {
        guard let shortest = prefix(to: state) else { return [] }
        var out: [[UInt32]] = []
        if let viaSubsets = prefixBySubsets(to: state) { out.append(viaSubsets) }
        if !out.contains(shortest) { out.append(shortest) }
        if nfa.states[state].isRetry {
            for (s, st) in nfa.states.enumerated() where st.isRetry && s != state {
                if let c = st.set.representative, nfa.states[s].edges.contains(where: { $0.to == state }) {
                    let candidate = [c] + (nfa.states[state].set.representative.map { [$0] } ?? [])
                    if !out.contains(candidate) { out.append(candidate) }
                }
            }
        }
        return out
    }

    /// A shortest prefix, over sets of states, that reaches `state` without any match on the way.
    func prefixBySubsets(to state: Int) -> [UInt32]? {
        var queue: [([Int], [UInt32])] = [([0], [])]
        var seen: Set<[Int]> = [[0]]
        var head = 0
        while head < queue.count && seen.count < limits.maxSuffixNodes {
            let (cur, text) = queue[head]; head += 1
            if text.count >= 6 { continue }
            for c in candidates(cur) {
                if accepted(cur, next: c) { continue }
                let nxt = step(cur, c)
                if nxt.contains(state) { return text + [c] }
                if seen.insert(nxt).inserted { queue.append((nxt, text + [c])) }
            }
        }
        return nil
    }

    /// Tries each prefix strictly (no prefix of the attack may match), then, when `relaxed`, lets a
    /// match found before the first pump stand: a greedy construct tries the loop before it falls
    /// back to that match, so the blow-up comes first (PCRE2 decides).
    func attack(to state: Int, pumps: [String], relaxed: Bool = false) -> Attack? {
        attacks(to: state, pumps: pumps, relaxed: relaxed).first
    }

    /// The strict attack when there is one; otherwise, when `relaxed`, one per prefix candidate
    /// (PCRE2 tries them in order).
    func attacks(to state: Int, pumps: [String], relaxed: Bool) -> [Attack] {
        let prefixes = prefixCandidates(to: state)
        for pre in prefixes {
            if let a = attack(to: state, prefix: pre, pumps: pumps, relaxed: false) { return [a] }
        }
        guard relaxed else { return [] }
        return Array(prefixes.compactMap { attack(to: state, prefix: $0, pumps: pumps, relaxed: true) }.prefix(3))
    }

    func attack(to state: Int, prefix pre: [UInt32], pumps: [String], relaxed: Bool) -> Attack? {
        let retryChain = nfa.states[state].isRetry
        var cur = [0]
        for c in pre {
            if !relaxed && accepted(cur, next: c) { return nil }
            cur = step(cur, c)
        }
        if relaxed { cur = cur.filter { $0 == state || nfa.states[$0].isRetry } }
        if !retryChain { cur = cur.filter { !nfa.states[$0].isRetry } }
        for pump in pumps {
            let p = pump.unicodeScalars.map(\.value)
            // Pump until the set of states repeats (it must, the automaton is finite).
            var history: [[Int]] = [cur]
            for _ in 0..<64 {
                guard let next = run(cur, p, thenEnd: false) else { return nil }
                cur = next
                if history.contains(cur) { break }
                history.append(cur)
            }
        }
        cur = cur.filter { !nfa.states[$0].isRetry }
        guard let suffix = failingSuffix(from: cur) else { return nil }
        return Attack(prefix: Analyzer.string(pre), pumps: pumps, suffix: Analyzer.string(suffix))
    }
}

public enum StaticAnalyzer {
    static let relaxedNote = "the attack assumes a fallback match is tried after the blow-up"

    public static func analyze(_ regex: ParsedRegex, limits: AnalysisLimits = AnalysisLimits(),
                               alphabet: CharSet = .all) -> StaticResult {
        var result = StaticResult(complexity: .linear, degree: 1, attack: nil, loopSpan: nil, usesRetry: false,
                                  approximations: [], budgetExhausted: nil)
        // Without a quantifier that has no upper bound the automaton has no loop: a try from one start
        // position takes at most as many steps as the pattern (its bounded repeats unrolled) has paths, a
        // constant, so the search is linear in the input. Most regexes in real code are of this kind.
        if !regex.root.repeatsWithoutBound {
            result.approximations = regex.approximations
            return result
        }
        do {
            let nfa = try PositionNFA.build(regex, limits: limits, alphabet: alphabet)
            result.approximations = nfa.approximations
            var a = Analyzer(nfa: nfa, limits: limits)
            a.computeSCCs()
            // First the shortest pumps; when some were found but none gives a failing attack, pumps that
            // keep to the loop's own characters.
            var triedAny = false
            for avoidingExits in [false, true] {
                if avoidingExits && !triedAny { break }
                var tried = Set<Int>()
                for _ in 0..<8 {
                    guard let (state, pump, loop) = try a.findEDA(excluding: tried, avoidingExits: avoidingExits) else { break }
                    tried.insert(state)
                    triedAny = true
                    let found = a.attacks(to: state, pumps: [pump], relaxed: true)
                    if let attack = found.first {
                        if a.attack(to: state, pumps: [pump]) == nil { result.approximations.append(relaxedNote) }
                        result.alternativeAttacks = Array(found.dropFirst())
                        result.complexity = .exponential
                        result.degree = 0
                        result.attack = attack
                        result.loopSpan = loop ?? nfa.states[state].loopSpan
                        return result
                    }
                }
            }
            let graph = try a.idaGraph()
            // Longest chains first (memoised longest path in the DAG of components).
            var memo: [Int: [Int]] = [:]
            func chain(_ p: Int) -> [Int] {
                if let m = memo[p] { return m }
                var best: [Int] = [p]
                for (q, _) in graph[p] ?? [] {
                    let c = [p] + chain(q)
                    if c.count > best.count { best = c }
                }
                memo[p] = best
                return best
            }
            var chains: [[Int]] = graph.keys.sorted().map { chain($0) }
            chains.sort { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
            // Single links too, in case a longer chain has no failing attack.
            for p in graph.keys.sorted() { for (q, _) in graph[p] ?? [] where !chains.contains([p, q]) { chains.append([p, q]) } }
            for c in chains.prefix(128) where c.count >= 2 {
                var pumps: [String] = []
                for (x, y) in zip(c, c.dropFirst()) {
                    guard let w = graph[x]?.first(where: { $0.to == y })?.pump else { break }
                    pumps.append(w)
                }
                if pumps.count != c.count - 1 { continue }
                let found = a.attacks(to: c[0], pumps: pumps, relaxed: true)
                if let attack = found.first {
                    if a.attack(to: c[0], pumps: pumps) == nil { result.approximations.append(relaxedNote) }
                    result.alternativeAttacks = Array(found.dropFirst())
                    result.complexity = .polynomial
                    result.degree = c.count
                    result.attack = attack
                    result.usesRetry = nfa.states[c[0]].isRetry
                    let firstPatternLoop = c.first { !nfa.states[$0].isRetry }
                    result.loopSpan = firstPatternLoop.flatMap { nfa.states[$0].loopSpan }
                    return result
                }
            }
        } catch let b as BudgetExhausted {
            result.budgetExhausted = b.what
        } catch {
            result.budgetExhausted = "\(error)"
        }
        return result
    }
}
