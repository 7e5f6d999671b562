// PositionNFA: a position (Glushkov-style) automaton of a pattern as a backtracking engine runs it.
//
// Built in two steps. First a Thompson-style graph: one node per character-matching position, with
// epsilon nodes for choices (alternatives, quantifier loops) and guards (anchors, `\b`, one-character
// lookarounds); counted repetitions are unrolled (large bounds become a star, noted as an
// approximation); a backreference is replaced by a copy of its group (noted). Unless the pattern is
// sticky, a lazy "retry" loop over the whole alphabet is put in front: `exec`/`test`/`replace` retry
// the match at every start position, which is exactly what that loop makes the engine do. Its
// characters are split by what the pattern's guards ask about (word characters, line terminators,
// lookbehind sets) so `^`, `\b` and lookbehinds in front of the pattern stop it precisely.
//
// Then the epsilon nodes are removed: each state is a position (plus state 0, before any input), and
// an edge p -> q is one epsilon path from p to q, labelled with q's set narrowed by the guards on the
// path. Two different epsilon paths give two edges (at most two are kept): `(a*)*` loops on `a` in two
// ways, and a backtracking engine tries both. An iteration that consumes nothing does not repeat
// (an epsilon path never passes the end of the same loop body twice), as in ECMAScript's empty check. Reaching the end of the
// pattern becomes an acceptance condition on the state: accepted when the next character is in a
// set, or at the end of the input.
//
// The input may be known to hold only some characters (an HTTP header value or request target never
// holds a line terminator): every edge is then narrowed to that alphabet, so a pump or a failing suffix
// can only be made of characters such input has.

public struct AnalysisLimits: Hashable, Sendable {
    /// Positions (character-matching states) after unrolling.
    public var maxPositions = 2_000
    /// Thompson nodes, epsilon ones included.
    public var maxNodes = 20_000
    /// Epsilon-path steps when removing epsilon nodes.
    public var maxClosureSteps = 400_000
    /// Work in the pair and triple products of the ambiguity searches, in total (one unit per pair
    /// of edges compared).
    public var maxProductWork = 3_000_000
    /// Subset-simulation nodes when searching a failing suffix.
    public var maxSuffixNodes = 3_000
    /// `x{n,m}` is unrolled exactly while `n` and `m - n` are at most this; beyond, it becomes
    /// `x{min(n, this)}x*` (an approximation that is noted in the result).
    public var maxUnrolledRepetition = 16

    public init() {}
}

public struct BudgetExhausted: Error, Hashable, Sendable {
    public var what: String
}

/// Constraints collected along an epsilon path.
struct PathGuard: Hashable {
    var prev: CharSet = .all
    var prevAtStart = true
    var next: CharSet = .all
    var nextAtEnd = true
    /// `true` for `\b`, `false` for `\B`.
    var boundaries: [Bool] = []

    mutating func add(_ g: PathGuard) {
        prev = prev.intersection(g.prev)
        prevAtStart = prevAtStart && g.prevAtStart
        next = next.intersection(g.next)
        nextAtEnd = nextAtEnd && g.nextAtEnd
        boundaries += g.boundaries
    }
}

public struct NFAEdge: Hashable, Sendable {
    public var to: Int
    public var label: CharSet
}

public struct NFAState: Hashable, Sendable {
    /// The characters that enter this state (empty for state 0).
    public var set: CharSet
    public var edges: [NFAEdge] = []
    /// The match succeeds here when the next character is in `acceptNext`, or at the end when `acceptAtEnd`.
    public var acceptNext = CharSet()
    public var acceptAtEnd = false
    /// Where the position is in the pattern, and the innermost loop around it.
    public var span: Range<Int>
    /// The loops around the position, outermost first.
    public var loops: [Range<Int>] = []
    public var loopSpan: Range<Int>? { loops.last }
    /// A position of the retry loop (not of the pattern).
    public var isRetry = false
}

public struct PositionNFA: Sendable {
    public var states: [NFAState]
    /// What was approximated while building (large counted repetitions, backreferences, lookarounds).
    public var approximations: [String]
    /// The characters the input can hold: attacks are built from these only.
    public var alphabet: CharSet = .all

    public func accepts(_ state: Int, next: UInt32?) -> Bool {
        let s = states[state]
        if let c = next { return s.acceptNext.contains(c) }
        return s.acceptAtEnd
    }
}

// MARK: Thompson graph

enum TNode {
    case char(CharSet, next: Int, info: Int)
    case split([Int])
    case guarded(PathGuard, next: Int)
    case accept
}

struct ThompsonBuilder {
    var nodes: [TNode] = []
    var infos: [(span: Range<Int>, loops: [Range<Int>], retry: Bool)] = []
    var approximations: [String] = []
    var positions = 0
    let limits: AnalysisLimits
    let flags: RegexFlags
    var groups: [Int: RegexNode] = [:]
    var expanding: [Int] = []
    var loopStack: [Range<Int>] = []
    /// Sets that guards test on the previous character (they split the retry loop).
    var prevTests: [CharSet] = []
    /// The end of each loop body: an epsilon path through one twice is an iteration that matched empty.
    var backNodes = Set<Int>()

    init(limits: AnalysisLimits, flags: RegexFlags) {
        self.limits = limits
        self.flags = flags
    }

    mutating func add(_ n: TNode) throws -> Int {
        if nodes.count >= limits.maxNodes { throw BudgetExhausted(what: "automaton nodes (\(limits.maxNodes))") }
        nodes.append(n)
        return nodes.count - 1
    }

    mutating func addChar(_ set: CharSet, next: Int, span: Range<Int>, retry: Bool = false) throws -> Int {
        positions += 1
        if positions > limits.maxPositions { throw BudgetExhausted(what: "automaton positions (\(limits.maxPositions))") }
        infos.append((span, loopStack, retry))
        return try add(.char(set, next: next, info: infos.count - 1))
    }

    mutating func collectGroups(_ node: RegexNode) {
        var stack = [node]
        while let n = stack.popLast() {
            switch n.kind {
            case .group(let body, let capture, _):
                if let c = capture { groups[c] = body }
                stack.append(body)
            case .sequence(let xs), .alternation(let xs): stack += xs
            case .quantified(let x, _, _, _), .look(let x, _, _): stack.append(x)
            default: break
            }
        }
    }

    mutating func note(_ s: String) {
        if !approximations.contains(s) { approximations.append(s) }
    }

    mutating func build(_ node: RegexNode, _ next: Int) throws -> Int {
        switch node.kind {
        case .empty:
            return next
        case .chars(let set):
            return try addChar(set, next: next, span: node.span)
        case .sequence(let xs):
            var cur = next
            for x in xs.reversed() { cur = try build(x, cur) }
            return cur
        case .alternation(let xs):
            var entries: [Int] = []
            for x in xs { entries.append(try build(x, next)) }
            return try add(.split(entries))
        case .group(let body, let capture, _):
            if let c = capture { expanding.append(c) }
            defer { if capture != nil { expanding.removeLast() } }
            return try build(body, next)
        case .quantified(let x, let lo, let hi, let greedy):
            return try buildQuantified(x, lo, hi, greedy, node.span, next)
        case .assertion(let a):
            var g = PathGuard()
            switch a {
            case .start:
                g.prev = flags.multiline ? .lineTerminators : CharSet()
                if flags.multiline { prevTests.append(.lineTerminators) }
            case .end:
                g.next = flags.multiline ? .lineTerminators : CharSet()
            case .wordBoundary:
                g.boundaries = [true]
                prevTests.append(.word)
            case .notWordBoundary:
                g.boundaries = [false]
                prevTests.append(.word)
            }
            return try add(.guarded(g, next: next))
        case .look(let body, let behind, let negative):
            if let set = singleSet(body) {
                var g = PathGuard()
                if behind {
                    g.prev = negative ? set.inverted : set
                    g.prevAtStart = negative
                    prevTests.append(set)
                } else {
                    g.next = negative ? set.inverted : set
                    g.nextAtEnd = negative
                }
                return try add(.guarded(g, next: next))
            }
            note(behind ? "lookbehind treated as always true" : "lookahead treated as always true")
            return next
        case .backreference(let n):
            guard let body = groups[n], !expanding.contains(n) else { return next }
            note("backreference treated as a copy of its group")
            expanding.append(n)
            defer { expanding.removeLast() }
            return try build(body, next)
        }
    }

    func singleSet(_ node: RegexNode) -> CharSet? {
        switch node.kind {
        case .chars(let set): return set
        case .group(let body, _, _): return singleSet(body)
        case .alternation(let xs):
            var u = CharSet()
            for x in xs {
                guard let s = singleSet(x) else { return nil }
                u = u.union(s)
            }
            return u
        default: return nil
        }
    }

    mutating func buildQuantified(_ x: RegexNode, _ lo: Int, _ hi: Int?, _ greedy: Bool, _ span: Range<Int>,
                                  _ next: Int) throws -> Int {
        let cap = limits.maxUnrolledRepetition
        var copies = lo
        var optional = 0
        var star = false
        if let h = hi {
            optional = h - lo
            if lo > cap * 4 || optional > cap {
                // Bounded repetitions stay bounded (no loop is invented); the bound is lowered.
                note("counted repetition {\(lo),\(h)} unrolled to at most \(cap * 4) + \(cap) copies")
                copies = min(lo, cap * 4)
                optional = min(optional, cap)
            }
        } else {
            star = true
            if lo > cap * 4 {
                note("counted repetition {\(lo),} approximated")
                copies = cap * 4
            }
        }
        var cur = next
        if star {
            loopStack.append(span)
            let loop = try add(.split([]))
            let back = try add(.split([loop]))
            backNodes.insert(back)
            // A lazy loop over one set tries the rest of the pattern before each iteration, like the
            // retry loop does: its positions are marked so attacks may start there.
            let lazyRetry = !greedy && lo == 0 && singleSet(x) != nil
            let body: Int
            if lazyRetry, let set = singleSet(x) {
                body = try addChar(set, next: back, span: x.span, retry: true)
            } else {
                body = try build(x, back)
            }
            nodes[loop] = .split(greedy ? [body, next] : [next, body])
            loopStack.removeLast()
            // `x+` (and the last required copy of `x{n,}`) enters the body first, without a copy.
            if copies > 0 {
                copies -= 1
                cur = body
            } else {
                cur = loop
            }
        } else if optional > 0 {
            loopStack.append(span)
            for _ in 0..<optional {
                let body = try build(x, cur)
                cur = try add(.split(greedy ? [body, next] : [next, body]))
            }
            loopStack.removeLast()
        }
        for _ in 0..<copies { cur = try build(x, cur) }
        return cur
    }
}

// MARK: Epsilon removal

extension PositionNFA {
    public static func build(_ regex: ParsedRegex, limits: AnalysisLimits = AnalysisLimits(),
                             alphabet: CharSet = .all) throws -> PositionNFA {
        var b = ThompsonBuilder(limits: limits, flags: regex.flags)
        b.collectGroups(regex.root)
        let accept = try b.add(.accept)
        let patternEntry = try b.build(regex.root, accept)
        var entry = patternEntry
        if !regex.flags.sticky {
            // The retry loop: [\s\S]*? split into blocks by the sets the guards test.
            var blocks: [CharSet] = [.all]
            var tests = b.prevTests
            tests.append(.word)
            for t in tests {
                var refined: [CharSet] = []
                for blk in blocks {
                    let a = blk.intersection(t), c = blk.subtracting(t)
                    if !a.isEmpty { refined.append(a) }
                    if !c.isEmpty { refined.append(c) }
                }
                blocks = refined
                if blocks.count > 16 { break }
            }
            let loop = try b.add(.split([]))
            var chars: [Int] = []
            for blk in blocks { chars.append(try b.addChar(blk, next: loop, span: 0..<0, retry: true)) }
            b.nodes[loop] = .split([patternEntry] + chars)
            entry = loop
        }
        return try eliminate(b, entry: entry, limits: limits, extra: regex.approximations, alphabet: alphabet)
    }

    static func eliminate(_ b: ThompsonBuilder, entry: Int, limits: AnalysisLimits, extra: [String],
                          alphabet: CharSet) throws -> PositionNFA {
        let narrowed = alphabet != .all
        // States: 0 is "before any input"; then every reachable char node.
        var stateOf: [Int: Int] = [:]
        var states: [NFAState] = [NFAState(set: CharSet(), span: 0..<0)]
        var sourceNode: [Int] = [entry]  // where each state's epsilon walk starts
        var approximations = b.approximations + extra
        var steps = 0
        var k = 0
        while k < states.count {
            let source = k
            let prevSet: CharSet? = source == 0 ? nil : states[source].set
            var visits: [Int: Int] = [:]
            var edgeCount: [Int: Int] = [:]
            var onPath = Set<Int>()
            // Iterative DFS: (node, guard, leaving?) entries.
            var stack: [(node: Int, guard: PathGuard, exit: Bool)] = [(sourceNode[source], PathGuard(), false)]
            while let top = stack.popLast() {
                if top.exit { onPath.remove(top.node); continue }
                steps += 1
                if steps > limits.maxClosureSteps { throw BudgetExhausted(what: "epsilon closure steps (\(limits.maxClosureSteps))") }
                let n = top.node
                if onPath.contains(n) { continue }
                let v = visits[n, default: 0]
                if v >= 2 { continue }
                visits[n] = v + 1
                switch b.nodes[n] {
                case .char(let set, let next, let info):
                    guard let (guarded, approx) = evaluate(top.guard, prev: prevSet, nextSet: set) else { continue }
                    if approx { noteOnce(&approximations, "a guard could not be decided exactly") }
                    let label = narrowed ? guarded.intersection(alphabet) : guarded
                    if label.isEmpty { continue }
                    let target: Int
                    if let t = stateOf[n] {
                        target = t
                    } else {
                        target = states.count
                        stateOf[n] = target
                        let i = b.infos[info]
                        var st = NFAState(set: set, span: i.span)
                        st.loops = i.loops
                        st.isRetry = i.retry
                        states.append(st)
                        sourceNode.append(next)
                        if states.count > limits.maxPositions + 1 {
                            throw BudgetExhausted(what: "automaton positions (\(limits.maxPositions))")
                        }
                    }
                    let c = edgeCount[target, default: 0]
                    if c < 2 {
                        edgeCount[target] = c + 1
                        states[source].edges.append(NFAEdge(to: target, label: label))
                    }
                case .split(let nexts):
                    if b.backNodes.contains(n) {
                        stack.append((n, top.guard, true))
                        onPath.insert(n)
                    }
                    for x in nexts.reversed() { stack.append((x, top.guard, false)) }
                case .guarded(let g, let next):
                    var merged = top.guard
                    merged.add(g)
                    stack.append((next, merged, false))
                case .accept:
                    guard let (label, approx) = evaluate(top.guard, prev: prevSet, nextSet: .all) else { continue }
                    if approx { noteOnce(&approximations, "a guard could not be decided exactly") }
                    states[source].acceptNext = states[source].acceptNext.union(label)
                    if endAllowed(top.guard, prev: prevSet) { states[source].acceptAtEnd = true }
                }
            }
            k += 1
        }
        return PositionNFA(states: states, approximations: approximations, alphabet: alphabet)
    }

    static func noteOnce(_ list: inout [String], _ s: String) {
        if !list.contains(s) { list.append(s) }
    }

    /// Whether the word-ness of the previous character is known: true, false, or nil (mixed set).
    static func prevIsWord(_ prev: CharSet?) -> Bool? {
        guard let p = prev else { return false }
        if p.isSubset(of: .word) { return true }
        if !p.intersects(.word) { return false }
        return nil
    }

    /// The label of an edge through `g` into a position with `nextSet`, and whether it is approximate;
    /// nil when the path is impossible.
    static func evaluate(_ g: PathGuard, prev: CharSet?, nextSet: CharSet) -> (CharSet, Bool)? {
        var approx = false
        if let p = prev {
            if !p.intersects(g.prev) { return nil }
            if !p.isSubset(of: g.prev) { approx = true }
        } else if !g.prevAtStart {
            return nil
        }
        var next = nextSet.intersection(g.next)
        for isBoundary in g.boundaries {
            guard let w = prevIsWord(prev) else { approx = true; continue }
            next = next.intersection(w == isBoundary ? CharSet.word.inverted : CharSet.word)
        }
        return (next, approx)
    }

    static func endAllowed(_ g: PathGuard, prev: CharSet?) -> Bool {
        if !g.nextAtEnd { return false }
        for isBoundary in g.boundaries {
            guard let w = prevIsWord(prev) else { continue }
            // At the end, \b holds after a word character, \B after a non-word one.
            if w != isBoundary { return false }
        }
        return true
    }
}
