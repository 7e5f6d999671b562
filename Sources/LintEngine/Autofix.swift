// `looplint check --fix`: apply the edits of findings whose rule's fix is safe to apply automatically,
// and keep only those that pass a check. Fixes are applied in memory, never on disk first: each
// attempt is re-parsed and the whole project re-linted with the patched content standing in for the
// file (a `.buffer` candidate). An attempt that leaves a syntax error, or does not remove the findings
// it fixes, is dropped and reported, so the file keeps its earlier content. Fixes whose edits overlap
// are never merged: a pass applies the fixes that do not overlap, then the file is linted again and
// the remaining findings (with edits computed afresh) are tried in the next pass.
//
// A pass first tries every file's fixes together with one lint of the project; only when some file's
// fixes fail does it go file by file (one lint per file, then per fix), to find which to refuse. Each
// lint recomputes the project analyses.

import Diagnostics
import JSSyntax
import SourceText

/// Edits in 1-based lines and UTF-16 columns, turned into byte ranges of a file and applied.
public enum FixEdits {
    /// The byte offset of a 1-based line and UTF-16 column; nil outside the file or inside a character.
    public static func offset(in file: SourceFile, line: Int, column: Int) -> Int? {
        guard line >= 1, line <= file.lineCount, column >= 1 else { return nil }
        let bytes = file.bytes
        let end = file.lineRange(line - 1).end
        var i = Int(file.lineStarts[line - 1])
        var units = column - 1
        while units > 0 {
            // The column may point just past the line's text (at its terminator), not beyond.
            guard i < Int(end) else { return nil }
            let b = bytes[i]
            if b < 0x80 { units -= 1; i += 1 }
            else if b < 0xE0 { units -= 1; i += 2 }
            else if b < 0xF0 { units -= 1; i += 3 }
            else { units -= 2; i += 4 }
        }
        return units == 0 ? i : nil
    }

    /// The byte ranges of the edits, sorted; nil when one falls outside the file or two overlap.
    public static func ranges(_ edits: [TextEdit], in file: SourceFile) -> [Range<Int>]? {
        var out: [Range<Int>] = []
        for e in edits {
            guard let a = offset(in: file, line: e.line, column: e.column),
                  let b = offset(in: file, line: e.endLine, column: e.endColumn), a <= b else { return nil }
            out.append(a..<b)
        }
        out.sort { ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound) }
        for (x, y) in zip(out, out.dropFirst()) where overlap(x, y) { return nil }
        return out
    }

    /// Two ranges overlap when they share a byte, or when both insert at the same place (their order
    /// would be a guess).
    public static func overlap(_ x: Range<Int>, _ y: Range<Int>) -> Bool {
        if x.isEmpty && y.isEmpty { return x.lowerBound == y.lowerBound }
        if x.isEmpty { return y.lowerBound < x.lowerBound && x.lowerBound < y.upperBound }
        if y.isEmpty { return x.lowerBound < y.lowerBound && y.lowerBound < x.upperBound }
        return x.lowerBound < y.upperBound && y.lowerBound < x.upperBound
    }

    /// "\r\n" when the file's first line ends that way, else "\n".
    public static func lineEnding(of file: SourceFile) -> String {
        guard file.lineCount > 1 else { return "\n" }
        let end = Int(file.lineRange(0).end)
        return end + 1 < file.bytes.count && file.bytes[end] == 0x0D && file.bytes[end + 1] == 0x0A ? "\r\n" : "\n"
    }

    /// The file with the edits applied; inserted line breaks take the file's line ending. Nil when an
    /// edit falls outside the file or two overlap.
    public static func apply(_ edits: [TextEdit], to file: SourceFile) -> [UInt8]? {
        let ending = lineEnding(of: file)
        var located: [(Range<Int>, String)] = []
        for e in edits {
            guard let a = offset(in: file, line: e.line, column: e.column),
                  let b = offset(in: file, line: e.endLine, column: e.endColumn), a <= b else { return nil }
            var text = e.text.replacingOccurrences(of: "\r\n", with: "\n")
            if ending != "\n" { text = text.replacingOccurrences(of: "\n", with: ending) }
            located.append((a..<b, text))
        }
        located.sort { ($0.0.lowerBound, $0.0.upperBound) < ($1.0.lowerBound, $1.0.upperBound) }
        for (x, y) in zip(located, located.dropFirst()) where overlap(x.0, y.0) { return nil }
        var bytes = file.bytes
        for (range, text) in located.reversed() { bytes.replaceSubrange(range, with: Array(text.utf8)) }
        return bytes
    }
}

/// What `--fix` did: the fixes kept, those refused and why, and the new content of each changed file.
public struct FixOutcome: Sendable {
    public struct Entry: Hashable, Sendable {
        public var file: String
        public var line: Int
        public var column: Int
        public var ruleId: RuleID
        /// The fix's description when applied; why it was refused otherwise.
        public var note: String
    }

    public struct Change: Sendable {
        /// The path as reported.
        public var file: String
        public var absolutePath: String
        public var original: [UInt8]
        public var fixed: [UInt8]
    }

    public var applied: [Entry] = []
    public var refused: [Entry] = []
    public var changes: [Change] = []
    /// The lint of the project with every kept fix in place.
    public var result: LintResult
}

/// Applies the automatic fixes of a lint result, pass by pass, keeping those that check out.
public struct Fixer: Sendable {
    public let linter: Linter
    /// Whether a rule's fixes may be applied without a person looking (the page's `Autofix: safe`).
    public let isAutomatic: @Sendable (RuleID) -> Bool
    /// Passes per file; each applies the fixes that do not overlap.
    public var maxPasses = 20

    public init(linter: Linter, isAutomatic: @escaping @Sendable (RuleID) -> Bool) {
        self.linter = linter
        self.isAutomatic = isAutomatic
    }

    func fixable(_ f: Finding) -> Bool {
        isAutomatic(f.ruleId) && !(f.fix?.edits.isEmpty ?? true)
    }

    struct FileState {
        var index: Int
        var absolutePath: String
        var original: [UInt8]
        var current: [UInt8]
        /// Findings whose fix was refused, not to be tried again.
        var refused: Set<String> = []
    }

    struct Plan {
        var path: String
        var chosen: [Finding]
    }

    public func fix(_ discovery: Discovery, first: LintResult) -> FixOutcome {
        var candidates = discovery.candidates
        var latest = first
        var outcome = FixOutcome(result: first)
        var files: [String: FileState] = [:]
        for path in Set(first.report.findings.filter(fixable).map(\.file)).sorted() {
            guard let index = candidates.firstIndex(where: { $0.path == path }),
                  let absolute = candidates[index].absolutePath,
                  let unit = latest.units.first(where: { $0.path == path }) else { continue }
            files[path] = FileState(index: index, absolutePath: absolute, original: unit.file.bytes,
                                    current: unit.file.bytes)
        }
        for _ in 0..<maxPasses {
            // Each file's fixes for this pass: those whose edits overlap none chosen before them.
            var plans: [Plan] = []
            for path in files.keys.sorted() {
                guard var state = files[path] else { continue }
                let file = SourceFile(path: path, bytes: state.current)
                var chosen: [Finding] = []
                var taken: [Range<Int>] = []
                for f in latest.report.findings where f.file == path && fixable(f) && !state.refused.contains(key(f)) {
                    guard let ranges = FixEdits.ranges(f.fix?.edits ?? [], in: file) else {
                        state.refused.insert(key(f))
                        outcome.refused.append(entry(f, "its edits fall outside the file or overlap each other"))
                        continue
                    }
                    if ranges.contains(where: { r in taken.contains { FixEdits.overlap(r, $0) } }) { continue }
                    taken += ranges
                    chosen.append(f)
                }
                files[path] = state
                if !chosen.isEmpty { plans.append(Plan(path: path, chosen: chosen)) }
            }
            if plans.isEmpty { break }

            // Every file's fixes at once, checked with one lint: the usual case.
            if plans.count > 1, let (patched, result, next) = attemptAll(plans, files: files, latest: latest,
                                                                          candidates: candidates)
            {
                for plan in plans {
                    files[plan.path]?.current = patched[plan.path] ?? []
                    outcome.applied += plan.chosen.map { entry($0, $0.fix?.description ?? "") }
                }
                latest = result
                candidates = next
                continue
            }
            // File by file: a file's fixes together, else one at a time, refusing those that fail alone.
            // After one is kept the others' positions are stale, so the next pass recomputes them.
            for plan in plans {
                guard var state = files[plan.path] else { continue }
                let file = SourceFile(path: plan.path, bytes: state.current)
                let before = latest.report.findings.filter { $0.file == plan.path }
                switch attempt(plan.chosen, file: file, before: before, candidates: candidates, index: state.index) {
                case .success(let (bytes, result, next)):
                    state.current = bytes; latest = result; candidates = next
                    outcome.applied += plan.chosen.map { entry($0, $0.fix?.description ?? "") }
                case .failure:
                    for f in plan.chosen {
                        switch attempt([f], file: file, before: before, candidates: candidates, index: state.index) {
                        case .success(let (bytes, result, next)):
                            state.current = bytes; latest = result; candidates = next
                            outcome.applied.append(entry(f, f.fix?.description ?? ""))
                        case .failure(let reason):
                            state.refused.insert(key(f))
                            outcome.refused.append(entry(f, reason.message))
                            continue
                        }
                        break
                    }
                }
                files[plan.path] = state
            }
        }
        for path in files.keys.sorted() {
            guard let state = files[path], state.current != state.original else { continue }
            outcome.changes.append(FixOutcome.Change(file: path, absolutePath: state.absolutePath,
                                                     original: state.original, fixed: state.current))
        }
        outcome.result = latest
        return outcome
    }

    struct Refusal: Error { var message: String }

    /// The file with the fixes applied, unless that leaves more syntax errors than it had.
    func patch(_ fixes: [Finding], _ file: SourceFile) -> Result<[UInt8], Refusal> {
        guard let bytes = FixEdits.apply(fixes.flatMap { $0.fix?.edits ?? [] }, to: file) else {
            return .failure(Refusal(message: "its edits overlap or fall outside the file"))
        }
        var options = ParseOptions.forPath(file.path)
        options.maxDepth = linter.options.config.budget.maxNestingDepth
        // read as the lint reads it: a Flow file parses cleanly before the fix, so a fix that breaks it counts
        let errorsBefore = Parser.parseAllowingFlow(file, options: options).errors.count
        let parsed = Parser.parseAllowingFlow(SourceFile(path: file.path, bytes: bytes), options: options)
        if parsed.errors.count > errorsBefore, let first = parsed.errors.first {
            let at = SourceFile(path: file.path, bytes: bytes).location(of: first.offset)
            return .failure(Refusal(message: "the fixed code does not parse: \(first.message) (\(at.line):\(at.column))"))
        }
        return .success(bytes)
    }

    /// A refusal when the lint after the fixes still reports what they were to remove.
    func check(_ fixes: [Finding], before: [Finding], after: [Finding]) -> Refusal? {
        var wanted: [RuleID: Int] = [:]
        for f in fixes { wanted[f.ruleId, default: 0] += 1 }
        for (rule, n) in wanted.sorted(by: { $0.key < $1.key }) {
            let was = before.filter { $0.ruleId == rule }.count
            let now = after.filter { $0.ruleId == rule }.count
            if now > was - n { return Refusal(message: "the fixed code is still reported by \(rule)") }
        }
        return nil
    }

    /// Applies the fixes to the file's current content, re-parses and re-lints the project with it.
    func attempt(_ fixes: [Finding], file: SourceFile, before: [Finding], candidates: [Candidate], index: Int)
        -> Result<([UInt8], LintResult, [Candidate]), Refusal>
    {
        let bytes: [UInt8]
        switch patch(fixes, file) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let b): bytes = b
        }
        var next = candidates
        next[index] = candidates[index].overriding(with: bytes)
        let result = linter.run(Discovery(candidates: next, errors: []))
        if let refusal = check(fixes, before: before, after: result.report.findings.filter { $0.file == file.path }) {
            return .failure(refusal)
        }
        return .success((bytes, result, next))
    }

    /// Every plan at once; nil when any file's fixes fail, so that the caller goes file by file.
    func attemptAll(_ plans: [Plan], files: [String: FileState], latest: LintResult, candidates: [Candidate])
        -> ([String: [UInt8]], LintResult, [Candidate])?
    {
        var next = candidates
        var patched: [String: [UInt8]] = [:]
        for plan in plans {
            guard let state = files[plan.path],
                  case .success(let bytes) = patch(plan.chosen, SourceFile(path: plan.path, bytes: state.current))
            else { return nil }
            patched[plan.path] = bytes
            next[state.index] = candidates[state.index].overriding(with: bytes)
        }
        let result = linter.run(Discovery(candidates: next, errors: []))
        for plan in plans {
            let before = latest.report.findings.filter { $0.file == plan.path }
            let after = result.report.findings.filter { $0.file == plan.path }
            if check(plan.chosen, before: before, after: after) != nil { return nil }
        }
        return (patched, result, next)
    }

    func key(_ f: Finding) -> String { "\(f.ruleId)\u{0}\(f.fingerprint)" }

    func entry(_ f: Finding, _ note: String) -> FixOutcome.Entry {
        FixOutcome.Entry(file: f.file, line: f.line, column: f.column, ruleId: f.ruleId, note: note)
    }
}
