// The parser core: state, token helpers, node building, speculation and the nesting budget.
//
// Technique: recursive descent for statements, precedence climbing for binary operators (one loop per
// level of precedence actually used, so `a+b+c+...` does not recurse). Nodes are appended to flat
// arrays when they are finished; child lists are collected on a scratch stack and copied into the
// tree's side array in one piece. The first syntax error is recorded and the token stream is then
// forced to end of input, so every loop unwinds at once: the tree holds what was parsed before the error.
// Early errors (a `break` outside a loop, an invalid assignment target, a getter with parameters...)
// leave the tree well formed, so they are recorded on the side and parsing goes on: one file can
// report several of them.
// Speculation (arrow parameters, TypeScript type arguments) saves the lexer state and the array counts,
// parses, and rolls everything back when an error occurred. Failed speculation starts are remembered,
// so nested `(` cannot make the parse exponential.

import SourceText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum Parser {
    public static func parse(_ file: SourceFile, options: ParseOptions) -> ParseResult {
        parseMeasured(file, options: options).result
    }

    /// A JavaScript file's parse, or, when it has syntax errors and the file parses cleanly with type
    /// annotations (Flow, which parse-server and many older codebases write in `.js` files, with or
    /// without an `@flow` pragma), that parse: the linter then sees the whole file instead of the part
    /// before the first annotation. Other files, and files that fail both ways, keep the plain parse and
    /// its errors.
    public static func parseAllowingFlow(_ file: SourceFile, options: ParseOptions) -> ParseResult {
        let plain = parse(file, options: options)
        guard !plain.errors.isEmpty, options.language == .javascript else { return plain }
        var typed = options
        typed.language = .typescript
        typed.flow = true
        // Flow files hold JSX as often as not (React components); a generic arrow `<T>(x: T) => x` reads
        // as JSX there, so without JSX next
        for jsx in [true, false] {
            typed.jsx = jsx
            let flow = parse(file, options: typed)
            if flow.errors.isEmpty { return flow }
        }
        return plain
    }

    /// The parse and the work it took (see `ParseOptions.workBudget(forBytes:)`); `workLimit` replaces
    /// the budget (tests).
    static func parseMeasured(_ file: SourceFile, options: ParseOptions,
                              workLimit: Int? = nil) -> (result: ParseResult, work: Int) {
        if StackProbe.available() < 4 << 20 {
            // Swift concurrency and test threads have small stacks: parse on a thread with a big one.
            var result: (ParseResult, Int)? = nil
            StackProbe.runOnLargeStack { result = parseHere(file, options: options, workLimit: workLimit) }
            if let r = result { return r }
        }
        return parseHere(file, options: options, workLimit: workLimit)
    }

    static func parseHere(_ file: SourceFile, options: ParseOptions, workLimit: Int?) -> (ParseResult, Int) {
        file.bytes.withUnsafeBufferPointer { buf in
            let p = ParserImpl(file: file, bytes: buf, options: options, workLimit: workLimit)
            defer { p.lx.deallocate() }
            return (p.run(), p.lx.work)
        }
    }
}

/// The ids collected for the child lists being parsed, innermost last: a buffer the parser owns (freed with
/// it), so a push is a store and cutting back to a mark sets the count.
struct IDStack {
    private var base: UnsafeMutablePointer<NodeID>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    @inline(__always) mutating func push(_ id: NodeID) {
        if count == capacity { grow() }
        (base + count).initialize(to: id)
        count += 1
    }

    @inline(never) mutating func grow() {
        let bigger = UnsafeMutablePointer<NodeID>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Drops the ids from `mark` on.
    @inline(__always) mutating func truncate(_ mark: Int) {
        if count > mark { count = mark }
    }

    /// The ids from `mark` on (valid until the next push).
    @inline(__always) func ids(from mark: Int) -> UnsafeBufferPointer<NodeID> {
        UnsafeBufferPointer(start: base + mark, count: count - mark)
    }
}

/// Context of the function (or top level) being parsed.
struct FunctionContext {
    var inFunction = false
    var isAsync = false
    var isGenerator = false
    /// Enclosing loops, and loops or switches, inside this function (for `continue` and `break`).
    var loops: Int32 = 0
    var breakables: Int32 = 0
    /// Labels of this function start at this index of `ParserImpl.labels`.
    var labelFloor: Int32 = 0

    init(inFunction: Bool = false, isAsync: Bool = false, isGenerator: Bool = false, labelFloor: Int = 0) {
        self.inFunction = inFunction
        self.isAsync = isAsync
        self.isGenerator = isGenerator
        self.labelFloor = Int32(truncatingIfNeeded: labelFloor)
    }
}

/// A label in scope: its name's byte range and whether it labels a loop (`continue label` needs one).
struct LabelInfo {
    var start: Int32
    var end: Int32
    var isLoop: Bool
}

final class ParserImpl {
    let file: SourceFile
    var lx: Lexer
    let options: ParseOptions
    let ts: Bool
    /// Flow's additions to the type grammar (only with `ts`).
    let flow: Bool
    let jsx: Bool
    var nodes = NodeStore()
    var ranges: [ByteRange] = []
    var lists: [NodeID] = []
    var scratch = IDStack(capacity: 256)
    var prevEnd: Int32 = 0
    var depth = 0
    var ctx = FunctionContext()
    var noIn = false
    var inClassBody = false
    var aborted = false
    var speculating = 0
    var sawModuleSyntax = false
    /// The file is parsed with module grammar (top-level await, no HTML comments).
    var moduleGrammar: Bool
    /// Early errors: recorded without stopping the parse (rolled back with a failed speculation).
    var earlyErrors: [SyntaxError] = []
    var labels: [LabelInfo] = []
    var failedArrowStarts: Set<Int32> = []
    var failedFunctionTypeStarts: Set<Int32> = []
    /// Inside the `extends` clause of a conditional type, where another conditional may not start.
    var noConditionalTypes = false
    /// End offset of the last arrow function not wrapped in parentheses (no subscripts may follow it).
    var bareArrowEnd: Int32 = -1
    let stackFloor: UInt
    let workBudget: Int
    /// Set when the parse must stop whatever happens (the work budget ran out).
    var stopMessage: String?

    init(file: SourceFile, bytes: UnsafeBufferPointer<UInt8>, options: ParseOptions, workLimit: Int? = nil) {
        self.file = file
        self.options = options
        ts = options.language == .typescript
        flow = ts && options.flow
        jsx = options.jsx
        lx = Lexer(bytes: bytes)
        moduleGrammar = options.sourceType == .module
        lx.htmlComments = options.sourceType != .module && !ts
        let estimate = bytes.count / 5 + 16
        nodes.reserveCapacity(estimate)
        ranges.reserveCapacity(estimate)
        lists.reserveCapacity(estimate / 2)
        stackFloor = StackProbe.floor()
        workBudget = workLimit ?? ParseOptions.workBudget(forBytes: bytes.count)
    }

    deinit { scratch.deallocate() }

    func run() -> ParseResult {
        lx.skipHashbang()
        lx.next()
        let root = parseProgram()
        let isModule: Bool
        switch options.sourceType {
        case .module: isModule = true
        case .script: isModule = false
        case .unambiguous: isModule = sawModuleSyntax
        }
        var errors = lx.errors + earlyErrors
        errors.sort { $0.offset < $1.offset }
        // The arrays were reserved from an estimate above the usual node count; the tree keeps exact
        // copies, since every tree stays in memory until the project analyses are done.
        let (finished, parents) = nodes.finished(lists: lists)
        let tree = SyntaxTree(file: file, nodes: finished, ranges: ranges, lists: lists, parents: parents,
                              comments: lx.comments.trimmed(), root: root, isModule: isModule)
        return ParseResult(file: file, tree: tree, errors: errors, isModule: isModule)
    }

    // MARK: - Tokens

    @inline(__always) var tok: TokenKind { lx.token.kind }
    @inline(__always) var start: Int32 { lx.token.start }
    @inline(__always) var newlineBefore: Bool { lx.token.newlineBefore }

    @inline(__always) func next() {
        prevEnd = lx.token.end
        lx.next()
        if lx.work > workBudget { overBudget() }
        if aborted { lx.token.kind = .eof; lx.pos = lx.n }
    }

    /// Past the work budget the parse stops for good: a speculation that fails now re-raises the error.
    @inline(never) func overBudget() {
        stopMessage = "Parse work budget exceeded"
        error("Parse work budget exceeded")
    }

    @inline(__always) func eat(_ kind: TokenKind) -> Bool {
        if lx.token.kind == kind { next(); return true }
        return false
    }

    func expect(_ kind: TokenKind) {
        if lx.token.kind == kind { next() } else { unexpected(expected: kind) }
    }

    /// Identifier, or a contextual keyword used as one.
    @inline(__always) var isIdentifier: Bool {
        let k = tok
        return k == .identifier || (k.rawValue >= TokenKind.firstContextual.rawValue && k.rawValue <= TokenKind.lastContextual.rawValue)
    }

    @inline(__always) func isIdentifierLike(_ k: TokenKind) -> Bool {
        k == .identifier || (k.rawValue >= TokenKind.firstContextual.rawValue && k.rawValue <= TokenKind.lastContextual.rawValue)
    }

    /// Any IdentifierName: identifiers and all keywords (property names, member names).
    @inline(__always) func isIdentifierName(_ k: TokenKind) -> Bool {
        k == .identifier || k.rawValue >= TokenKind.firstReserved.rawValue
    }

    /// The kind of the token after the current one.
    func peek() -> TokenKind {
        let saved = lx.state
        lx.next()
        let k = lx.token.kind
        lx.restore(saved)
        return k
    }

    func peekToken() -> Token {
        let saved = lx.state
        lx.next()
        let t = lx.token
        lx.restore(saved)
        return t
    }

    // MARK: - Errors

    func error(_ message: String, at offset: Int32? = nil) {
        if aborted { return }
        let at = Int(offset ?? start)
        // A token the lexer already complained about (a stray character, an unterminated string)
        // gets no second error at the same place.
        if let last = lx.errors.last, last.offset >= at && last.offset < max(Int(lx.token.end), at + 1) {
        } else {
            lx.errors.append(SyntaxError(message: message, offset: at))
        }
        aborted = true
        lx.token.kind = .eof
        lx.pos = lx.n
    }

    /// An early error: recorded, and parsing goes on (the tree stays well formed).
    func earlyError(_ message: String, at offset: Int32) {
        if aborted { return }
        earlyErrors.append(SyntaxError(message: message, offset: Int(offset)))
    }

    func tokenDescription() -> String {
        let t = lx.token
        switch t.kind {
        case .eof: return "end of input"
        default:
            var s = file.text(ByteRange(start: t.start, end: t.end))
            if s.count > 20 { s = String(s.prefix(20)) + "..." }
            return "'\(s)'"
        }
    }

    func unexpected(expected: TokenKind? = nil) {
        if aborted { return }
        if tok == .eof {
            // The missing closer is the useful part of the message (`}` of a block cut short).
            error(expected.map { "Unexpected end of input, expected '\($0.text)'" } ?? "Unexpected end of input")
        } else if let e = expected {
            error("Unexpected token \(tokenDescription()), expected '\(e.text)'")
        } else {
            error("Unexpected token \(tokenDescription())")
        }
    }

    // MARK: - Nodes

    @inline(__always) func finish(_ node: Node, _ start: Int32) -> NodeID {
        let id = NodeID(Int32(truncatingIfNeeded: nodes.count))
        nodes.append(node)
        ranges.append(ByteRange(start: start, end: max(start, prevEnd)))
        return id
    }

    @inline(__always) func finish(_ node: Node, _ start: Int32, _ end: Int32) -> NodeID {
        let id = NodeID(Int32(truncatingIfNeeded: nodes.count))
        nodes.append(node)
        ranges.append(ByteRange(start: start, end: end))
        return id
    }

    /// A node for the current token, consumed.
    @inline(__always) func leaf(_ node: Node) -> NodeID {
        let s = start
        next()
        return finish(node, s)
    }

    /// A leaf for the current token, consumed, of a kind whose node carries nothing (a literal, `this`, a
    /// private name...) or an identifier without annotation: its packed form is `PackedNode.plain(kind)`,
    /// appended as it is, no `Node` packed (`NodeStoreTests.plainLeavesPackAsPlain`).
    @inline(__always) func plainLeaf(_ kind: NodeKind) -> NodeID {
        let s = start
        next()
        let id = NodeID(Int32(truncatingIfNeeded: nodes.count))
        nodes.appendPlain(kind)
        ranges.append(ByteRange(start: s, end: max(s, prevEnd)))
        return id
    }

    func invalid() -> NodeID {
        unexpected()
        return finish(.invalid, start, start)
    }

    @inline(__always) func identifierNode() -> NodeID {
        plainLeaf(.identifier)
    }

    func bindingIdentifier() -> NodeID {
        if isIdentifier { return identifierNode() }
        return invalid()
    }

    @inline(__always) var mark: Int { scratch.count }

    @inline(__always) func push(_ id: NodeID) { scratch.push(id) }

    func list(from mark: Int) -> NodeList {
        let count = scratch.count - mark
        if count == 0 { return .empty }
        let s = Int32(truncatingIfNeeded: lists.count)
        lists.append(contentsOf: scratch.ids(from: mark))
        scratch.truncate(mark)
        return NodeList(start: s, count: Int32(truncatingIfNeeded: count))
    }

    @inline(__always) func items(_ l: NodeList) -> ArraySlice<NodeID> {
        lists[Int(l.start)..<Int(l.start + l.count)]
    }

    @inline(__always) func kind(_ id: NodeID) -> NodeKind { nodes.kind(id.index) }

    func isBareArrow(_ id: NodeID) -> Bool {
        prevEnd == bareArrowEnd && kind(id) == .arrowFunction && ranges[id.index].end == bareArrowEnd
    }

    // MARK: - Depth budget

    /// Enters one level of nesting; false (with an error) when the budget or the stack is exhausted.
    @inline(__always) func enter() -> Bool {
        depth += 1
        if depth > options.maxDepth || (depth & 3 == 0 && StackProbe.current() < stackFloor) {
            error("Nesting too deep")
            return false
        }
        return true
    }

    @inline(__always) func leave() { depth -= 1 }

    // MARK: - Speculation

    struct Snapshot {
        var lexer: Lexer.State
        var nodes: Int
        var wideNodes: Int
        var lists: Int
        var scratch: Int
        var prevEnd: Int32
        var ctx: FunctionContext
        var noIn: Bool
        var depth: Int
        var bareArrowEnd: Int32
        var noConditionalTypes: Bool
        var earlyErrors: Int
        var labels: Int
    }

    func snapshot() -> Snapshot {
        Snapshot(lexer: lx.state, nodes: nodes.count, wideNodes: nodes.wideCount, lists: lists.count, scratch: scratch.count, prevEnd: prevEnd,
                 ctx: ctx, noIn: noIn, depth: depth, bareArrowEnd: bareArrowEnd,
                 noConditionalTypes: noConditionalTypes, earlyErrors: earlyErrors.count, labels: labels.count)
    }

    func rollback(_ s: Snapshot) {
        lx.restore(s.lexer)
        nodes.truncate(nodes: s.nodes, wideNodes: s.wideNodes)
        if ranges.count > s.nodes { ranges.removeSubrange(s.nodes...) }
        if lists.count > s.lists { lists.removeSubrange(s.lists...) }
        scratch.truncate(s.scratch)
        prevEnd = s.prevEnd
        ctx = s.ctx
        noIn = s.noIn
        depth = s.depth
        bareArrowEnd = s.bareArrowEnd
        noConditionalTypes = s.noConditionalTypes
        if earlyErrors.count > s.earlyErrors { earlyErrors.removeSubrange(s.earlyErrors...) }
        if labels.count > s.labels { labels.removeSubrange(s.labels...) }
        aborted = false
    }

    /// Runs `body`; if it reported an error (or returned nil), rolls back everything and returns nil.
    func speculate<T>(_ body: () -> T?) -> T? {
        if aborted { return nil }
        let s = snapshot()
        speculating += 1
        let r = body()
        speculating -= 1
        if lx.errors.count > s.lexer.errors || r == nil || aborted {
            let wasNestingError = lx.errors.count > s.lexer.errors && lx.errors.last?.message == "Nesting too deep"
            rollback(s)
            if wasNestingError { error("Nesting too deep") } else if let stop = stopMessage { error(stop) }
            return nil
        }
        return r
    }
}

#if os(Linux)
@_silgen_name("pthread_getattr_np")
private func looplint_pthread_getattr_np(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32
#endif

/// Stack bounds of the current thread, to stop deep nesting before the stack runs out.
enum StackProbe {
    @inline(never) static func current() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Lowest usable stack address of this thread plus a safety margin.
    static func floor() -> UInt {
        guard let (low, _) = bounds() else { return 0 }
        return low + 256 << 10
    }

    static func available() -> UInt {
        guard let (low, _) = bounds() else { return UInt.max }
        let here = current()
        return here > low ? here - low : 0
    }

    /// Stack bounds by thread, since asking the system is slow (glibc reads /proc/self/maps for the main
    /// thread). An entry counts only while the stack pointer lies inside it (a new thread may reuse an id).
    final class BoundsCache: @unchecked Sendable {
        var lock = pthread_mutex_t()
        var entries: [UInt: (UInt, UInt)] = [:]
        init() { pthread_mutex_init(&lock, nil) }

        func bounds() -> (UInt, UInt)? {
            let key = StackProbe.threadKey()
            let here = StackProbe.current()
            pthread_mutex_lock(&lock)
            let cached = entries[key]
            pthread_mutex_unlock(&lock)
            if let (low, high) = cached, here > low && here < high { return (low, high) }
            guard let fresh = StackProbe.systemBounds() else { return nil }
            pthread_mutex_lock(&lock)
            if entries.count > 4_096 { entries.removeAll() }
            entries[key] = fresh
            pthread_mutex_unlock(&lock)
            return fresh
        }
    }

    static func threadKey() -> UInt {
        #if os(Linux)
        return UInt(pthread_self())
        #else
        return UInt(bitPattern: pthread_self())
        #endif
    }

    static let cache = BoundsCache()

    static func bounds() -> (UInt, UInt)? { cache.bounds() }

    static func systemBounds() -> (UInt, UInt)? {
        #if os(Linux)
        var attr = pthread_attr_t()
        guard looplint_pthread_getattr_np(pthread_self(), &attr) == 0 else { return nil }
        defer { pthread_attr_destroy(&attr) }
        var addr: UnsafeMutableRawPointer? = nil
        var size = 0
        guard pthread_attr_getstack(&attr, &addr, &size) == 0, let a = addr else { return nil }
        let low = UInt(bitPattern: a)
        return (low, low + UInt(size))
        #elseif canImport(Darwin)
        let th = pthread_self()
        let high = UInt(bitPattern: pthread_get_stackaddr_np(th))
        let size = UInt(pthread_get_stacksize_np(th))
        return (high - size, high)
        #else
        return nil
        #endif
    }

    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` to completion on a new thread with a 256 MB stack (falls back to the caller's thread).
    static func runOnLargeStack(_ body: () -> Void) {
        withoutActuallyEscaping(body) { escaping in
            let box = Unmanaged.passRetained(Box(escaping))
            var attr = pthread_attr_t()
            pthread_attr_init(&attr)
            defer { pthread_attr_destroy(&attr) }
            pthread_attr_setstacksize(&attr, 256 << 20)
            #if os(Linux)
            var thread = pthread_t()
            let rc = pthread_create(&thread, &attr, { arg in
                Unmanaged<Box>.fromOpaque(arg!).takeUnretainedValue().body()
                return nil
            }, box.toOpaque())
            if rc == 0 { pthread_join(thread, nil) } else { escaping() }
            #else
            var thread: pthread_t? = nil
            let rc = pthread_create(&thread, &attr, { arg in
                Unmanaged<Box>.fromOpaque(arg).takeUnretainedValue().body()
                return nil
            }, box.toOpaque())
            if rc == 0, let t = thread { pthread_join(t, nil) } else { escaping() }
            #endif
            box.release()
        }
    }
}
