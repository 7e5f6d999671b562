// Path globs for `ignore:` in looplint.yml and for .gitignore patterns.
//
// Matching is segment by segment: `**` as a whole segment spans any number of segments (zero
// included), `*` any run of characters within a segment, `?` one character, `[a-z]` / `[!a-z]` a class.
// Segments are matched by a small backtracking matcher whose work is bounded by pattern × text length.

import SourceText

public struct Glob: Hashable, Sendable {
    public let pattern: String
    let segments: [[UInt8]]
    /// Segments after a leading `**` when no other segment is `**` (`**/dist`, `**/*.log`): such a pattern
    /// matches exactly when they match the path's last segments, with no search.
    let tailAfterLeadingGlobstar: [[UInt8]]?
    let hasGlobstar: Bool
    /// Bit i set when segment i of `tailAfterLeadingGlobstar` is plain text (`node_modules`, `dist`): compared,
    /// not matched (segments past the 64th are matched).
    let tailLiteralBits: UInt64

    public init(_ pattern: String) {
        let parts = Glob.pathSegments(pattern)
        let isGlobstar = parts.map { $0.count == 2 && $0[0] == UInt8(ascii: "*") && $0[1] == UInt8(ascii: "*") }
        self.pattern = pattern
        segments = parts
        hasGlobstar = isGlobstar.contains(true)
        if isGlobstar.first == true, !isGlobstar.dropFirst().contains(true) {
            tailAfterLeadingGlobstar = Array(parts.dropFirst())
        } else {
            tailAfterLeadingGlobstar = nil
        }
        var bits: UInt64 = 0
        for (i, segment) in (tailAfterLeadingGlobstar ?? []).prefix(64).enumerated()
            where !segment.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "\\") }) {
            bits |= UInt64(1) << UInt64(i)
        }
        tailLiteralBits = bits
    }

    /// A path split into segments (`pathSegments`), for matching it against several globs.
    public static func pathSegments(_ path: String) -> [[UInt8]] {
        path.splitASCII(UInt8(ascii: "/")).map { Array($0.utf8) }
    }

    /// Whether `path` (relative, `/`-separated) matches the whole pattern.
    public func matches(_ path: String) -> Bool {
        matches(SegmentedPath(path), from: 0)
    }

    /// Whether the segments of `path` from its `first` one on (a path relative to a folder it lies in) match
    /// the whole pattern.
    func matches(_ path: SegmentedPath, from first: Int) -> Bool {
        let count = path.count - first
        if let tail = tailAfterLeadingGlobstar {
            guard count >= tail.count else { return false }
            let offset = path.count - tail.count
            for (i, p) in tail.enumerated() {
                let literal = i < 64 && tailLiteralBits & (UInt64(1) << UInt64(i)) != 0
                if literal ? !path.segment(offset + i, equals: p) : !path.segment(offset + i, matches: p) { return false }
            }
            return true
        }
        if !hasGlobstar {
            guard count == segments.count else { return false }
            for (i, p) in segments.enumerated() where !path.segment(first + i, matches: p) { return false }
            return true
        }
        var memo = [Int: Bool]()
        return Glob.match(segments, 0, path, first, &memo)
    }

    private static func match(_ pat: [[UInt8]], _ pi: Int, _ path: SegmentedPath, _ si: Int, _ memo: inout [Int: Bool]) -> Bool {
        let key = pi &* 100_003 &+ si
        if let known = memo[key] { return known }
        var result: Bool
        if pi == pat.count {
            result = si == path.count
        } else if pat[pi].count == 2 && pat[pi][0] == UInt8(ascii: "*") && pat[pi][1] == UInt8(ascii: "*") {
            result = match(pat, pi + 1, path, si, &memo) || (si < path.count && match(pat, pi, path, si + 1, &memo))
        } else {
            result = si < path.count && path.segment(si, matches: pat[pi]) && match(pat, pi + 1, path, si + 1, &memo)
        }
        memo[key] = result
        return result
    }

    /// Glob match of one segment; iterative with a single backtrack point for `*` (linear-ish, no blow-up).
    static func matchSegment(_ p: [UInt8], _ s: [UInt8]) -> Bool {
        matchSegment(p, s, 0, s.count)
    }

    /// `matchSegment` of the segment `s[lo..<hi]`.
    static func matchSegment(_ p: [UInt8], _ s: [UInt8], _ lo: Int, _ hi: Int) -> Bool {
        var pi = 0, si = lo
        var starP = -1, starS = lo
        while si < hi {
            if pi < p.count {
                let c = p[pi]
                if c == UInt8(ascii: "*") {
                    starP = pi; starS = si; pi += 1
                    continue
                }
                if c == UInt8(ascii: "?") { pi += 1; si += 1; continue }
                if c == UInt8(ascii: "[") , let (matched, next) = matchClass(p, pi, s[si]) {
                    if matched { pi = next; si += 1; continue }
                } else if c == UInt8(ascii: "\\") && pi + 1 < p.count {
                    if p[pi + 1] == s[si] { pi += 2; si += 1; continue }
                } else if c == s[si] {
                    pi += 1; si += 1
                    continue
                }
            }
            if starP >= 0 {
                pi = starP + 1
                starS += 1
                si = starS
                continue
            }
            return false
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// A `[...]` class at `start`: whether `c` is in it and the index after `]`; nil if unterminated.
    static func matchClass(_ p: [UInt8], _ start: Int, _ c: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < p.count && (p[i] == UInt8(ascii: "!") || p[i] == UInt8(ascii: "^")) { negate = true; i += 1 }
        var matched = false
        var first = true
        while i < p.count && (first || p[i] != UInt8(ascii: "]")) {
            first = false
            if i + 2 < p.count && p[i + 1] == UInt8(ascii: "-") && p[i + 2] != UInt8(ascii: "]") {
                if p[i] <= c && c <= p[i + 2] { matched = true }
                i += 3
            } else {
                if p[i] == c { matched = true }
                i += 1
            }
        }
        guard i < p.count else { return nil }
        return (matched != negate, i + 1)
    }
}

/// A path's bytes and its `/`-separated segments (empty ones left out), split once and matched against
/// every glob and every .gitignore above it: a path relative to a folder it lies in is a suffix of its segments.
struct SegmentedPath {
    let bytes: [UInt8]
    /// Start and end offset of each segment.
    private(set) var bounds: [(start: Int, end: Int)] = []

    init(_ path: String) {
        bytes = Array(path.utf8)
        var slashes = 0
        for b in bytes where b == UInt8(ascii: "/") { slashes += 1 }
        bounds.reserveCapacity(slashes + 1)
        var start = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "/") {
            if i > start { bounds.append((start, i)) }
            start = i + 1
        }
        if bytes.count > start { bounds.append((start, bytes.count)) }
    }

    var count: Int { bounds.count }

    func segment(_ i: Int, matches pattern: [UInt8]) -> Bool {
        Glob.matchSegment(pattern, bytes, bounds[i].start, bounds[i].end)
    }

    /// Whether segment `i` is exactly `literal` (a pattern segment with no wildcard, class or escape).
    func segment(_ i: Int, equals literal: [UInt8]) -> Bool {
        let (lo, hi) = bounds[i]
        guard hi - lo == literal.count else { return false }
        for k in 0..<literal.count where bytes[lo + k] != literal[k] { return false }
        return true
    }

    /// The index of the first segment of the path relative to `base` (an absolute folder without a trailing
    /// slash), or nil when the path does not lie inside it.
    func firstSegment(under base: [UInt8]) -> Int? {
        if base == [UInt8(ascii: "/")] { return 0 }
        guard bytes.count > base.count, bytes[base.count] == UInt8(ascii: "/") else { return nil }
        for i in 0..<base.count where bytes[i] != base[i] { return nil }
        var k = 0
        while k < bounds.count && bounds[k].start <= base.count { k += 1 }
        return k
    }
}

/// The rules of one .gitignore file.
public struct GitIgnore: Sendable {
    struct Rule: Sendable {
        var glob: Glob
        var negated: Bool
        var directoryOnly: Bool
    }

    /// Absolute folder the patterns are relative to.
    public let base: String
    let baseBytes: [UInt8]
    let rules: [Rule]

    public init(base: String, text: String) {
        self.base = base
        baseBytes = Array(base.utf8)
        var rules: [Rule] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var line = String(raw)
            while line.hasSuffix(" ") && !line.hasSuffix("\\ ") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            var negated = false
            if line.hasPrefix("!") { negated = true; line.removeFirst() }
            else if line.hasPrefix("\\!") || line.hasPrefix("\\#") { line.removeFirst() }
            var directoryOnly = false
            while line.hasSuffix("/") { directoryOnly = true; line.removeLast() }
            if line.isEmpty { continue }
            // A slash at the start or in the middle anchors the pattern to `base`; otherwise it matches
            // at any depth.
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            let pattern = anchored ? line : "**/" + line
            rules.append(Rule(glob: Glob(pattern), negated: negated, directoryOnly: directoryOnly))
        }
        self.rules = rules
    }

    /// nil when no rule speaks about `relativePath`, else whether the last matching rule ignores it.
    func verdict(relativePath: String, isDirectory: Bool) -> Bool? {
        verdict(SegmentedPath(relativePath), from: 0, isDirectory: isDirectory)
    }

    /// `verdict(relativePath:isDirectory:)` of the segments of `path` from `first` on.
    func verdict(_ path: SegmentedPath, from first: Int, isDirectory: Bool) -> Bool? {
        var result: Bool?
        // in place: a copy of each rule would retain every array its glob holds
        rules.withUnsafeBufferPointer { rs in
            for i in 0..<rs.count where !rs[i].directoryOnly || isDirectory {
                if rs[i].glob.matches(path, from: first) { result = !rs[i].negated }
            }
        }
        return result
    }
}

/// The .gitignore files in effect for a folder, outermost first.
public struct GitIgnoreStack: Sendable {
    var files: [GitIgnore] = []

    public init() {}

    public mutating func push(_ file: GitIgnore) { files.append(file) }

    /// Whether the absolute path is ignored; deeper files override outer ones.
    public func isIgnored(absolutePath: String, isDirectory: Bool) -> Bool {
        guard !files.isEmpty else { return false }
        let path = SegmentedPath(absolutePath)
        var ignored = false
        files.withUnsafeBufferPointer { fs in
            for i in 0..<fs.count {
                guard let first = path.firstSegment(under: fs[i].baseBytes) else { continue }
                if let verdict = fs[i].verdict(path, from: first, isDirectory: isDirectory) { ignored = verdict }
            }
        }
        return ignored
    }

    static func relative(_ path: String, to base: String) -> String? {
        if base == "/" { return String(path.dropFirst()) }
        // the base and a slash as the path's first bytes: the rest of its bytes (no Characters to count)
        let p = path.utf8, b = base.utf8
        if p.count > b.count, p.starts(with: b), p[p.index(p.startIndex, offsetBy: b.count)] == UInt8(ascii: "/") {
            return String(Substring(p.dropFirst(b.count + 1)))
        }
        guard path.hasPrefix(base + "/") else { return nil }
        return String(path.dropFirst(base.count + 1))
    }
}
