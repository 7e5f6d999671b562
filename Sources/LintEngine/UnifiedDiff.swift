// `looplint check --fix-dry-run`: the change to a file as a unified diff (`diff -u`, `git apply`-able),
// three lines of context. Lines common to both ends are trimmed first; the rest is diffed by longest
// common subsequence when small enough, else shown as one replaced block.

public enum UnifiedDiff {
    static let context = 3
    /// Cells of the LCS table beyond which the middle is shown as one replaced block.
    static let maxCells = 4_000_000

    /// Lines with their terminators, so that a change of line ending or a missing final newline shows.
    static func lines(_ bytes: [UInt8]) -> [String] {
        var out: [String] = []
        var start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            out.append(String(decoding: bytes[start...i], as: UTF8.self))
            start = i + 1
        }
        if start < bytes.count { out.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return out
    }

    enum Op: Equatable { case same(Int, Int), delete(Int), insert(Int) }

    /// The diff of `old` into `new` under `a/PATH` and `b/PATH`; empty when they are equal.
    public static func render(path: String, old: [UInt8], new: [UInt8]) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        var ops: [Op] = (0..<prefix).map { .same($0, $0) }
        let am = Array(a[prefix..<(a.count - suffix)]), bm = Array(b[prefix..<(b.count - suffix)])
        ops += middle(am, bm).map {
            switch $0 {
            case .same(let i, let j): return .same(i + prefix, j + prefix)
            case .delete(let i): return .delete(i + prefix)
            case .insert(let j): return .insert(j + prefix)
            }
        }
        ops += (0..<suffix).map { .same(a.count - suffix + $0, b.count - suffix + $0) }

        // Lines of each side consumed before each op, for the hunk headers.
        var oldPos: [Int] = [], newPos: [Int] = []
        var o = 0, n = 0
        for op in ops {
            oldPos.append(o); newPos.append(n)
            switch op {
            case .same: o += 1; n += 1
            case .delete: o += 1
            case .insert: n += 1
            }
        }
        let changed = ops.indices.filter { if case .same = ops[$0] { return false } else { return true } }
        // Changes closer than 2 * context unchanged lines share a hunk.
        var groups: [(Int, Int)] = []
        for k in changed {
            if let last = groups.last, k - last.1 <= 2 * context + 1 { groups[groups.count - 1].1 = k } else { groups.append((k, k)) }
        }
        var out = "--- a/\(path)\n+++ b/\(path)\n"
        for (first, last) in groups {
            let start = max(0, first - context), end = min(ops.count, last + 1 + context)
            var oldCount = 0, newCount = 0
            var body = ""
            for op in ops[start..<end] {
                switch op {
                case .same(let x, _): oldCount += 1; newCount += 1; body += " " + terminated(a[x])
                case .delete(let x): oldCount += 1; body += "-" + terminated(a[x])
                case .insert(let y): newCount += 1; body += "+" + terminated(b[y])
                }
            }
            out += "@@ -\(header(oldPos[start], oldCount)) +\(header(newPos[start], newCount)) @@\n" + body
        }
        return out
    }

    static func header(_ before: Int, _ count: Int) -> String {
        count == 0 ? "\(before),0" : count == 1 ? "\(before + 1)" : "\(before + 1),\(count)"
    }

    /// A line as printed: its own terminator, or a newline and git's marker when the file ends without one.
    static func terminated(_ line: String) -> String {
        line.hasSuffix("\n") ? line : line + "\n\\ No newline at end of file\n"
    }

    static func middle(_ a: [String], _ b: [String]) -> [Op] {
        if a.isEmpty || b.isEmpty || a.count * b.count > maxCells {
            return a.indices.map { .delete($0) } + b.indices.map { .insert($0) }
        }
        let n = a.count, m = b.count
        var table = [Int](repeating: 0, count: (n + 1) * (m + 1))
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i * (m + 1) + j] = a[i] == b[j] ? table[(i + 1) * (m + 1) + j + 1] + 1
                    : max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1])
            }
        }
        var ops: [Op] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] { ops.append(.same(i, j)); i += 1; j += 1 }
            else if j < m, i == n || table[i * (m + 1) + j + 1] >= table[(i + 1) * (m + 1) + j] { ops.append(.insert(j)); j += 1 }
            else { ops.append(.delete(i)); i += 1 }
        }
        // Deletions before insertions within a change, as diff prints them.
        var sorted: [Op] = []
        var dels: [Op] = [], ins: [Op] = []
        for op in ops {
            switch op {
            case .same: sorted += dels + ins; dels = []; ins = []; sorted.append(op)
            case .delete: dels.append(op)
            case .insert: ins.append(op)
            }
        }
        return sorted + dels + ins
    }
}
