// What a rule is and what it sees.
//
// A rule is a small value type with an id and up to three hooks, each optional:
//   - `visit(_:_:)` for the node kinds it lists in `nodeKinds` (the engine walks each tree once and
//     dispatches every node to the rules that asked for its kind);
//   - `checkFile(_:)` once per file, for rules that want the whole tree;
//   - `checkProject(_:)` once per scan, after every file is parsed, for cross-module analyses.
// Rules never see each other; knowledge they share goes in `ProjectContext.memo` (computed once per
// scan, e.g. the call graph) or in JSSemantic. Project hooks of different rules run at the same time, and
// a memo is computed by whichever asks first: what it computes depends on the project only (never on the
// asking rule's settings, nor reported through its context). Findings are reported through the contexts,
// which fill in positions, severity, fingerprints and the category; suppressions and baselines are
// applied by the engine afterwards.

import Diagnostics
import Foundation
import JSSemantic
@_exported import ExecutionContext
import JSSyntax
import SourceText

public protocol Rule: Sendable {
    static var id: RuleID { get }
    /// Node kinds `visit` is called for.
    static var nodeKinds: Set<NodeKind> { get }
    init()
    func visit(_ node: NodeID, _ ctx: FileContext)
    func checkFile(_ ctx: FileContext)
    func checkProject(_ ctx: ProjectContext)
    /// Works out the deferred part of a finding the rule reported with `Report.deferred`, once the scan knows
    /// the report keeps it: the finished report (its message, fix, evidence and trace replace the pending
    /// finding's), or nil when the finding does not stand after all. Called on the scan's threads, for each
    /// such finding at most once per scan; it must depend on nothing but `finding` and `deferred`.
    func finish(_ finding: Finding, _ deferred: Evidence) -> Report?
}

extension Rule {
    public static var nodeKinds: Set<NodeKind> { [] }
    public func visit(_ node: NodeID, _ ctx: FileContext) {}
    public func checkFile(_ ctx: FileContext) {}
    public func checkProject(_ ctx: ProjectContext) {}
    public func finish(_ finding: Finding, _ deferred: Evidence) -> Report? { nil }
    public var id: RuleID { Self.id }
}

/// A parsed file of the scan. `index` is its position in `ProjectContext.units` (sorted by path).
public final class SourceUnit: @unchecked Sendable {
    public let index: Int
    /// The path as reached from the scanned PATH (what reports print).
    public let path: String
    /// Absolute path on disk (or the display path for staged content).
    public let absolutePath: String
    public let file: SourceFile
    public let tree: SyntaxTree
    public let syntaxErrors: [SyntaxError]
    /// Where the file's code runs (source, test, tooling, example, browser, generated).
    public let role: FileRole
    let suppressions: Suppressions
    /// Holds the semantic model once built; shared with re-indexed copies of this unit (same tree).
    private var semanticSlot = OnceValue<FileSemantics>()
    /// What the file pass's rules kept for the project pass (`FileContext.keepForProjectPass`); shared with
    /// re-indexed copies of this unit.
    fileprivate var filePassResults = FilePassResults()

    /// The file's semantic model (scopes, bindings, imports, resolution), built on first use and shared
    /// by every rule.
    public var semantic: FileSemantics {
        semanticSlot.value { PhaseTimer.measure("semantic") { FileSemantics(tree) } }
    }

    /// Shares another unit's semantic model of the same tree (built or still to build).
    func shareSemantic(of other: SourceUnit) {
        guard other !== self, other.tree === tree else { return }
        semanticSlot = other.semanticSlot
        filePassResults = other.filePassResults
    }

    init(index: Int, path: String, absolutePath: String, file: SourceFile, tree: SyntaxTree,
         syntaxErrors: [SyntaxError], role: FileRole = .source, suppressions: Suppressions)
    {
        self.role = role
        self.index = index
        self.path = path
        self.absolutePath = absolutePath
        self.file = file
        self.tree = tree
        self.syntaxErrors = syntaxErrors
        self.suppressions = suppressions
    }

    convenience init(index: Int, path: String, absolutePath: String, parse: ParseResult, role: FileRole = .source,
                     suppressions: Suppressions) {
        self.init(index: index, path: path, absolutePath: absolutePath, file: parse.file, tree: parse.tree,
                  syntaxErrors: parse.errors, role: role, suppressions: suppressions)
    }
}

/// What a test, example or generated file imports, kept for the project pass instead of its tree (the pass
/// never sees such files: `FileRole.isNeutral`): which names of which modules it loads. A helper that only
/// tests import is test code's, not the program's (an exported `clearCache()` bounds no cache in production).
public struct NeutralImports: Sendable {
    public let absolutePath: String
    public let role: FileRole
    /// Each import that loads code: its specifier as written, and the name taken (`"*"`: the module object).
    public let imports: [(specifier: String, name: String)]

    /// Read from the file's syntax alone (`ModuleLoads`): no semantic model is built for such a file.
    init(_ unit: SourceUnit) {
        absolutePath = unit.absolutePath
        role = unit.role
        imports = ModuleLoads.read(unit.tree)
    }
}

/// Results the rules of one file share (`FileContext.memo`). One thread runs a file's rules, one after another.
final class FileAnalyses: @unchecked Sendable {
    private var values: [String: Any] = [:]

    func memo<T>(_ key: String, _ compute: () -> T) -> T {
        if let v = values[key] as? T { return v }
        let v = compute()
        values[key] = v
        return v
    }
}

/// Results of a file's rules kept for the project pass, which would otherwise compute them again: written by
/// the file pass (one thread per file), read by the project pass once the file pass is over.
final class FilePassResults: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Any] = [:]

    func keep<T>(_ key: String, _ value: T) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }

    func kept<T>(_ key: String, as type: T.Type) -> T? {
        lock.lock()
        defer { lock.unlock() }
        return values[key] as? T
    }
}

/// A value computed once by the first thread that asks (a file's semantic model, the await-settlement answers
/// of the file pass's findings); threads that ask while it is being computed wait for it.
final class OnceValue<T>: @unchecked Sendable {
    private let condition = NSCondition()
    private var state: T?
    private var computing = false

    func value(_ compute: () -> T) -> T {
        condition.lock()
        while computing { PhaseTimer.waiting { condition.wait() } }
        if let state {
            condition.unlock()
            return state
        }
        computing = true
        condition.unlock()
        let v = compute()
        condition.lock()
        state = v
        computing = false
        condition.broadcast()
        condition.unlock()
        return v
    }
}

/// Everything a finding needs besides its position.
public struct Report: Sendable {
    public var message: String
    public var fix: Fix?
    public var trace: [TraceStep]
    public var evidence: Evidence
    /// Overrides the rule's configured severity (e.g. lower when a length check bounds the input).
    public var severity: Severity?
    /// Set when the hazard matters only in code that runs while the program serves traffic: the engine
    /// keeps the finding only if the scan's execution-context model says this code runs hot (per
    /// request, message, job or library API call), and names that context in `evidence.context`.
    public var onlyWhenHot: HotScope?
    /// Set by serial-await findings: the awaited calls they would run together. The engine keeps the finding
    /// only if at least `minimum` of them would wait side by side (the project model's `awaitOverlap`: a call
    /// of a function that hands back no pending work overlaps nothing, nor does one that repeats an earlier
    /// call's work or queues behind it on one connection). Read with `onlyWhenHot`, as
    /// `FileContext.reportWhenHot` sets it.
    public var awaited: AwaitedCalls?
    /// Set when part of the finding is costly to work out and may decide that it does not stand (a PCRE2 run
    /// confirming a regex's backtracking): what the rule needs to work it out later (`Rule.finish`), which the
    /// engine asks for only when the report keeps the finding (in hot code, or under `--all-contexts`). Until
    /// then the finding's message and evidence are placeholders. Read with `onlyWhenHot` (a finding without
    /// one is finished at once); kept by the scan cache with the pending finding.
    public var deferred: Evidence?

    public init(_ message: String, fix: Fix? = nil, trace: [TraceStep] = [], evidence: Evidence = Evidence(),
                severity: Severity? = nil, onlyWhenHot: HotScope? = nil, awaited: AwaitedCalls? = nil,
                deferred: Evidence? = nil)
    {
        self.awaited = awaited
        self.deferred = deferred
        self.message = message
        self.fix = fix
        self.trace = trace
        self.evidence = evidence
        self.severity = severity
        self.onlyWhenHot = onlyWhenHot
    }
}

/// The code whose execution context decides whether a finding stands.
public enum HotScope: Sendable, Hashable {
    /// Hot when one of these functions of the finding's file (or a function enclosing one) runs hot.
    case functions([NodeID])
    /// Hot when some function of the finding's file runs hot, or a module whose functions run hot imports
    /// the file (the code's callers are not known here, e.g. a table of regexes applied elsewhere).
    case file
    /// A module-level value the file exports under this name and does not use itself (`export const
    /// DOMAIN_REGEX = /.../`): hot when a module that imports the name (or the whole module object) runs hot.
    case exported(String)
}

/// The awaited calls of a finding (nodes of its file) and how many of them must wait side by side for it to
/// stand.
public struct AwaitedCalls: Sendable, Hashable {
    public var calls: [NodeID]
    public var minimum: Int
    /// The calls run again in each iteration of a loop (serial-await/loop): what would overlap is each call
    /// with its own next run.
    public var perIteration: Bool
    /// Calls of `calls` whose names say they write (`await sendInfo(socket)`) and that the finding takes as
    /// reads: it stands only if the project model shows that each one's function reads and emits events
    /// only, each event its own (see `AwaitSettlement`'s read-and-emit check).
    public var emitOnly: [NodeID]

    public init(_ calls: [NodeID], minimum: Int, perIteration: Bool = false, emitOnly: [NodeID] = []) {
        self.calls = calls
        self.minimum = minimum
        self.perIteration = perIteration
        self.emitOnly = emitOnly
    }
}

/// A finding waiting for the execution-context model (see `Report.onlyWhenHot`).
struct PendingFinding: Sendable {
    var finding: Finding
    var scope: HotScope
    var awaited: AwaitedCalls? = nil
    /// What the rule needs to finish the finding once it is kept (`Report.deferred`).
    var deferred: Evidence? = nil
}

/// The execution-context model as the engine asks it, built once per scan from the project: for a
/// unit and a scope, the context that makes the code hot ("request", "message", "job", "library API")
/// or nil when it does not run while the program serves traffic.
public typealias HotContextModel = @Sendable (ProjectContext) -> @Sendable (SourceUnit, HotScope) -> HotReach?

/// What makes a finding's code hot: the context ("request", "message", "job", "library API") and, where the
/// model knows it, the way there from the entry point (its registration, then each call), which the
/// finding's trace starts with.
public struct HotReach: Sendable {
    public var context: String
    public var trace: [TraceStep]

    /// The context of code that runs only in a browser (a value only a client-side API applies): such findings
    /// are left out, as browser files are, except under `--all-contexts`, where they carry this label.
    public static let browser = "browser"

    /// The context of code the model knows to run once (at set-up, or on a lazy initialisation's first run),
    /// not per request: such findings are left out as start-up code is, except under `--all-contexts`.
    public static let startup = "startup"

    /// The context of code no entry point reaches in an application: a package whose own files register the
    /// request, message or job handlers that serve its traffic, so the model sees where that traffic enters
    /// (unlike a library's, which other programs call in ways the model does not follow). Such findings are
    /// left out as start-up code is, except under `--all-contexts`, where they carry this label.
    public static let unserved = "unreached"

    /// How many steps of the way from the entry point are guesses: a method of the name called on an object
    /// the model does not know. Two or more compound (a dispatch to any module's handler, then any `on` of
    /// the name): rules whose unreached findings are notes report such a finding as a note too.
    public var guessedCalls: Int

    public init(context: String, trace: [TraceStep] = [], guessedCalls: Int = 0) {
        self.context = context
        self.trace = trace
        self.guessedCalls = guessedCalls
    }

    /// Guessed steps from which a finding is reported at its rule's unreached severity.
    public static let compoundingGuesses = 2
}

/// How many of a finding's awaited calls (of a unit) would wait side by side if started together (see
/// `Report.awaited`), built once per scan.
public typealias AwaitOverlapModel = @Sendable (ProjectContext) -> @Sendable (SourceUnit, AwaitedCalls) -> Int

/// Roles files take from their importers (unit index -> role), computed once per scan from the project
/// graph; findings in a file whose role here is not reported are dropped like those of its own role.
public typealias ImportedRoleModel = @Sendable (ProjectContext) -> [Int: FileRole]

/// Collects findings of one file or one project pass; not shared between threads without its lock.
final class FindingSink: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var findings: [Finding] = []
    private(set) var pending: [PendingFinding] = []

    func add(_ f: Finding, onlyWhenHot scope: HotScope? = nil, awaited: AwaitedCalls? = nil, deferred: Evidence? = nil) {
        lock.lock()
        if let scope {
            pending.append(PendingFinding(finding: f, scope: scope, awaited: awaited, deferred: deferred))
        } else {
            findings.append(f)
        }
        lock.unlock()
    }

    /// Adds a rule's report at `range` of `unit`: pending when it stands only in hot code, else finished now
    /// (`Report.deferred`) and added, unless finishing drops it.
    func add(_ report: Report, at range: ByteRange, of unit: SourceUnit, _ factory: FindingFactory) {
        let f = factory.make(unit: unit, range: range, report: report)
        guard report.onlyWhenHot == nil, let deferred = report.deferred else {
            add(f, onlyWhenHot: report.onlyWhenHot, awaited: report.awaited, deferred: report.deferred)
            return
        }
        if let done = factory.finished(f, deferred) { add(done) }
    }

    /// Adds what `other` holds, after what this sink holds.
    func add(contentsOf other: FindingSink) {
        let (f, p) = other.contents
        lock.lock()
        findings += f
        pending += p
        lock.unlock()
    }

    private var contents: ([Finding], [PendingFinding]) {
        lock.lock()
        defer { lock.unlock() }
        return (findings, pending)
    }
}

/// Settings of one rule for this scan.
public struct RuleSettings: Sendable {
    public var severity: Severity
    public var options: [String: OptionValue]
}

/// Turns a rule's report at a byte range into a `Finding`.
struct FindingFactory: Sendable {
    let ruleId: RuleID
    let settings: RuleSettings
    /// The rule that finishes its deferred findings (`Rule.finish`); without one they are dropped.
    var rule: (any Rule)? = nil

    /// A finding reported with `Report.deferred`, finished by its rule: its message, fix, evidence and trace
    /// (and severity, when the finished report sets one) from the rule's finished report; nil when the rule
    /// drops it.
    func finished(_ f: Finding, _ deferred: Evidence) -> Finding? {
        guard let report = rule?.finish(f, deferred) else { return nil }
        var done = f
        done.message = report.message
        done.fix = report.fix
        done.evidence = report.evidence
        done.trace = report.trace
        if let severity = report.severity { done.severity = severity }
        return done
    }

    func make(unit: SourceUnit, range: ByteRange, report: Report) -> Finding {
        let file = unit.file
        let start = file.location(of: Int(range.start))
        let end = file.location(of: Int(range.end))
        // The fingerprint hashes the code of the finding's first line (not its number), so edits
        // elsewhere keep baselines valid.
        let lineRange = file.lineRange(start.line - 1)
        let code = file.text(lineRange)
        return Finding(ruleId: ruleId, severity: report.severity ?? settings.severity, file: unit.path,
                       line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
                       message: report.message, trace: report.trace, evidence: report.evidence, fix: report.fix,
                       fingerprint: Fingerprint.make(ruleId: ruleId, file: unit.path, code: code, occurrence: 0))
    }
}

/// What every context of one rule shares in a scan: the configuration, the rule's settings and the factory of
/// its findings. One object per rule: a file's contexts (one per rule and file) hold a reference to it, where a
/// copy of each retained and released every string, array and table of the configuration.
final class RuleScope: Sendable {
    let config: LintConfig
    let settings: RuleSettings
    let factory: FindingFactory

    init(config: LintConfig, settings: RuleSettings, factory: FindingFactory) {
        self.config = config
        self.settings = settings
        self.factory = factory
    }
}

/// What a rule sees of one file.
public final class FileContext: Sendable {
    // A class: every node a rule visits hands it its context, and copying the struct (the unit, the
    // configuration, the settings) per visit cost more than some rules' work.
    public let unit: SourceUnit
    let scope: RuleScope
    let sink: FindingSink
    /// What the file's rules compute once and share (one instance for all the rules of one file).
    let analyses: FileAnalyses

    public var config: LintConfig { scope.config }
    public var settings: RuleSettings { scope.settings }
    var factory: FindingFactory { scope.factory }

    init(unit: SourceUnit, scope: RuleScope, sink: FindingSink, analyses: FileAnalyses) {
        self.unit = unit
        self.scope = scope
        self.sink = sink
        self.analyses = analyses
    }

    /// A result about this file that several rules need (the regexes two ReDoS rules examine): computed by the
    /// first rule that asks, kept only while the file's rules run.
    public func memo<T>(_ key: String, _ compute: () -> T) -> T { analyses.memo(key, compute) }

    /// Keeps a result of this file's rules for the project pass (`ProjectContext.keptFromFilePass`), which
    /// would otherwise compute it again. A unit whose file pass did not run (its findings came from a cache)
    /// keeps nothing: the project pass then computes the result itself, and must get the same.
    public func keepForProjectPass<T>(_ key: String, _ value: T) { unit.filePassResults.keep(key, value) }

    public var tree: SyntaxTree { unit.tree }
    public var file: SourceFile { unit.file }
    public var path: String { unit.path }
    public var semantic: FileSemantics { unit.semantic }

    public func report(_ node: NodeID, _ report: Report) {
        sink.add(report, at: unit.tree.range(node), of: unit, factory)
    }

    public func report(range: ByteRange, _ report: Report) {
        sink.add(report, at: range, of: unit, factory)
    }

    /// Reports a finding that stands only when the function around `node` runs hot (module-level code
    /// never does: it runs once, at start-up).
    public func reportWhenHot(_ node: NodeID, _ report: Report) {
        var r = report
        r.onlyWhenHot = .functions(tree.enclosingFunction(of: node).map { [$0] } ?? [])
        self.report(node, r)
    }

    /// A trace step at a node of this file.
    public func step(_ node: NodeID, _ label: String) -> TraceStep {
        unit.step(node, label)
    }
}

extension SourceUnit {
    /// A trace step at a node of this file.
    public func step(_ node: NodeID, _ label: String) -> TraceStep {
        let at = file.location(of: Int(tree.range(node).start))
        return TraceStep(file: path, line: at.line, column: at.column, label: label)
    }

    /// A text edit replacing a node's source.
    public func edit(_ node: NodeID, _ text: String) -> TextEdit {
        let r = tree.range(node)
        let a = file.location(of: Int(r.start))
        let b = file.location(of: Int(r.end))
        return TextEdit(line: a.line, column: a.column, endLine: b.line, endColumn: b.column, text: text)
    }
}

/// The key of a result shared by rules: its name (as `--timings` shows it) and the type of its value,
/// so a key can only ever give back what it was computed as.
public struct AnalysisKey<Value>: Sendable {
    public let name: String
    /// Read by project rules only (not by the execution-context, await-settlement or imported-role models
    /// the engine builds after them): the engine drops the value once every rule's `checkProject` has
    /// run, so it does not stay in memory for the rest of the scan.
    public let rulesOnly: Bool
    public init(_ name: String, rulesOnly: Bool = false) {
        self.name = name
        self.rulesOnly = rulesOnly
    }
}

/// Results computed once per scan and shared by rules (the call graph, request entry points, ...).
public final class SharedAnalyses: @unchecked Sendable {
    /// A key's identity: its name and its value type.
    private struct Slot: Hashable {
        let name: String
        let type: ObjectIdentifier
    }

    private let lock = NSLock()
    private var values: [Slot: Any] = [:]
    private var inFlight: [Slot: NSCondition] = [:]
    /// The slots of values computed under a `rulesOnly` key.
    private var rulesOnly: Set<Slot> = []

    init() {}

    /// Forgets the values of `rulesOnly` keys (computed again if asked for later).
    func dropRulesOnly() {
        lock.lock()
        for slot in rulesOnly { values[slot] = nil }
        rulesOnly = []
        lock.unlock()
    }

    /// The value for `key`, computing it once; concurrent callers for the same key wait for it.
    public func memo<T>(_ key: AnalysisKey<T>, _ compute: () -> T) -> T {
        let slot = Slot(name: key.name, type: ObjectIdentifier(T.self))
        lock.lock()
        if let v = values[slot] as? T {
            lock.unlock()
            return v
        }
        if let cond = inFlight[slot] {
            lock.unlock()
            cond.lock()
            while true {
                lock.lock()
                if let v = values[slot] as? T {
                    lock.unlock()
                    cond.unlock()
                    return v
                }
                lock.unlock()
                PhaseTimer.waiting { cond.wait() }
            }
        }
        let cond = NSCondition()
        inFlight[slot] = cond
        lock.unlock()
        let v = PhaseTimer.measure("project analysis: " + key.name, compute)
        lock.lock()
        values[slot] = v
        if key.rulesOnly { rulesOnly.insert(slot) }
        inFlight[slot] = nil
        lock.unlock()
        cond.lock()
        cond.broadcast()
        cond.unlock()
        return v
    }
}

/// What a project rule sees: every parsed file of the scan but tests, examples and generated copies (of
/// those, only what they import: `neutralImports`), in path order.
public struct ProjectContext: Sendable {
    public let units: [SourceUnit]
    let scope: RuleScope
    public let shared: SharedAnalyses
    /// Threads the rule may use for its own parallel work (`ParallelMap`).
    public let jobs: Int
    /// Reads package.json / tsconfig.json / jsconfig.json for the project analyses (and notes what was read).
    public let files: ProjectFileReader
    let sink: FindingSink
    public var config: LintConfig { scope.config }
    public var settings: RuleSettings { scope.settings }
    var factory: FindingFactory { scope.factory }
    /// Where results are kept between lints of the same project, when they are (the language server).
    var keeper: FileResultCache? = nil
    /// What the scan's tests, examples and generated copies import (they are not among `units`), in path order.
    public internal(set) var neutralImports: [NeutralImports] = []

    /// Whether the scan keeps results for a later lint of the same project.
    public var keepsResults: Bool { keeper != nil }

    /// A result kept by an earlier lint of this project under `key`.
    public func kept<T>(_ key: String, as type: T.Type) -> T? { keeper?.kept(key, as: type) }

    /// Keeps a result for the next lint of this project (nothing happens when results are not kept).
    public func keep<T>(_ key: String, _ value: T) { keeper?.keep(key, value) }

    /// What the file pass's rules kept for this pass about `unit` under `key` (`FileContext.keepForProjectPass`);
    /// nil when they kept nothing (the file pass did not run on it).
    public func keptFromFilePass<T>(_ unit: SourceUnit, _ key: String, as type: T.Type) -> T? {
        unit.filePassResults.kept(key, as: type)
    }

    public func report(_ unit: SourceUnit, _ node: NodeID, _ report: Report) {
        sink.add(report, at: unit.tree.range(node), of: unit, factory)
    }

    public func report(_ unit: SourceUnit, range: ByteRange, _ report: Report) {
        sink.add(report, at: range, of: unit, factory)
    }

    public func memo<T>(_ key: AnalysisKey<T>, _ compute: () -> T) -> T { shared.memo(key, compute) }

    /// What a file pass sees of `unit`, for a project rule that runs a file analysis on some units (what it
    /// reports goes into this pass; its per-file results are its own, not the file pass's).
    public func fileContext(_ unit: SourceUnit) -> FileContext {
        FileContext(unit: unit, scope: scope, sink: sink, analyses: FileAnalyses())
    }

    /// Runs `body(i, ctx)` for i in 0..<count on the scan's threads. What each call reports through the
    /// context it is handed reaches the scan in index order, as if the calls were made one after another,
    /// so the report does not depend on the thread count; `body` must only read what the calls share.
    public func forEach(_ count: Int, inParallel body: @escaping (Int, ProjectContext) -> Void) {
        let sinks = ParallelMap.map(count: count, jobs: jobs) { i -> FindingSink in
            let own = FindingSink()
            body(i, ProjectContext(units: units, scope: scope, shared: shared, jobs: jobs, files: files, sink: own,
                                   keeper: keeper, neutralImports: neutralImports))
            return own
        }
        for s in sinks { sink.add(contentsOf: s) }
    }
}
