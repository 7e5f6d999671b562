// The scan: load and parse every candidate once (in parallel), run the per-node and per-file hooks of
// every enabled rule in the same parallel pass, then the project hooks (the rules side by side, each
// parallel inside); then the execution-context model decides which pending findings (those that stand only
// in hot code) are kept, and their rules finish the deferred part of the kept ones (`Report.deferred`:
// ReDoS findings' PCRE2 runs); then apply suppressions and the baseline and sort. Results are merged in
// candidate order and rule order and sorted into report order, so the report is byte-identical whatever
// `jobs` is.

import Diagnostics
import ExecutionContext
import Foundation
import JSSyntax
import SourceText

public struct LintOptions: Sendable {
    public var config: LintConfig
    public var selection: RuleSelection
    public var jobs: Int
    public var baseline: Baseline?
    /// Report in every file, whatever its role (tests, tooling, examples, browser and generated code too).
    public var allContexts: Bool
    /// Measure where the time goes (`check --timings`): the report's summary gets `timings`.
    public var timings: Bool
    /// Per-file results of earlier lints to reuse for files whose content has not changed (the language
    /// server's); used only when it was filled with the same configuration.
    public var fileCache: FileResultCache?
    /// Hand the scan's project analyses (the project index, the call graph, the models) to the result
    /// instead of freeing them when the scan ends: a command that exits after the report lets the exit
    /// reclaim them at once, where freeing them piece by piece takes a one-thread share of a large scan.
    public var keepsAnalyses = false
    /// Finish every pending finding's deferred part (`Report.deferred`) before the execution-context model
    /// decides which findings stand, rather than only those it keeps: the same report, at the cost of work
    /// for findings it then drops (tests compare the two).
    public var finishesEagerly = false

    public init(config: LintConfig = LintConfig(), selection: RuleSelection = RuleSelection(),
                jobs: Int = ParallelMap.defaultJobs, baseline: Baseline? = nil, allContexts: Bool = false,
                timings: Bool = false)
    {
        self.config = config
        self.selection = selection
        self.jobs = jobs
        self.baseline = baseline
        self.allContexts = allContexts
        self.timings = timings
    }
}

/// A rule as the engine runs it: the instance, its settings and where its findings come from.
struct ActiveRule: Sendable {
    let rule: any Rule
    let settings: RuleSettings
    var factory: FindingFactory { FindingFactory(ruleId: type(of: rule).id, settings: settings, rule: rule) }
    /// Timing phases of the rule's hooks: per family, like the rest of the report.
    var filePhase: String { "file rules: " + type(of: rule).id.category }
    var projectPhase: String { "project rules: " + type(of: rule).id.category }
}

public struct LintResult: Sendable {
    public var report: LintReport
    /// The parsed files, for reporters that show code (text frames).
    public var units: [SourceUnit]
    /// Per candidate (discovery order): the findings of the file hooks, before suppressions and filters.
    /// They depend on nothing but the file, the configuration and the rules (what `ScanCache` keeps).
    public var fileFindings: [[Finding]] = []
    /// Per candidate: the file hooks' findings that stand only in hot code (decided by the project pass).
    var filePending: [[PendingFinding]] = []
    /// The package.json / tsconfig.json files the project analyses read (what `ScanCache` checks).
    public var projectFiles: ProjectFileReader?
    /// Source lines kept from an earlier run (`ScanCache`), used when there are no units.
    public var storedExcerpts: SourceExcerpts?
    /// The scan's project analyses, when `LintOptions.keepsAnalyses` asked for them.
    public var analyses: SharedAnalyses?

    public init(report: LintReport, units: [SourceUnit]) {
        self.report = report
        self.units = units
    }

    /// The source line of every finding, without its line terminator, for the text reporter's frames.
    public var excerpts: SourceExcerpts {
        if let storedExcerpts, units.isEmpty { return storedExcerpts }
        var excerpts = SourceExcerpts()
        var byPath: [String: SourceUnit] = [:]
        for u in units { byPath[u.path] = u }
        for f in report.findings {
            guard let u = byPath[f.file], f.line >= 1, f.line <= u.file.lineCount else { continue }
            var line = u.file.text(u.file.lineRange(f.line - 1))
            while let last = line.last, last == "\n" || last == "\r" || last == "\u{2028}" || last == "\u{2029}" {
                line.removeLast()
            }
            excerpts.set(file: f.file, line: f.line, text: line)
        }
        return excerpts
    }
}

public struct Linter: Sendable {
    public let rules: [any Rule]
    public let defaultSeverity: @Sendable (RuleID) -> Severity
    public let options: LintOptions
    /// The execution-context model that decides findings reported with `Report.onlyWhenHot`; without one
    /// (engine tests with their own rules) such findings are kept as they are.
    public var hotContexts: HotContextModel?
    /// How many awaited calls would wait side by side, for findings reported with `Report.awaited`; without
    /// one such findings are kept as they are.
    public var awaitOverlap: AwaitOverlapModel?
    /// Roles files take from the files importing them (browser code's helpers); without one, each file
    /// keeps the role of its own path and content.
    public var importedRoles: ImportedRoleModel?
    /// Shared analyses the project stage starts first, beside the rules, when the file pass left findings: what
    /// most rules and the models wait for (the project index), so that it overlaps what they ask before it.
    public var projectAnalyses: [@Sendable (ProjectContext) -> Void] = []
    /// Whether a rule reports only in code an entry point reaches when `hotOnly` is not set in the config
    /// (the rule page's `hot-only`); without one, no rule does.
    public var hotOnlyByDefault: (@Sendable (RuleID) -> Bool)?
    /// The severity a rule's findings take in code no entry point reaches (the rule page's `unreached`),
    /// when they are kept; without one, or nil for a rule, they keep their severity.
    public var unreachedSeverity: (@Sendable (RuleID) -> Severity?)?
    /// Whether a rule runs when nothing names it (the rule page's `enabled`); a rule off by default runs
    /// when the config gives the rule itself a severity or `--select` names its id. Without one, every rule
    /// runs by default.
    public var enabledByDefault: (@Sendable (RuleID) -> Bool)?

    /// `defaultSeverity` gives each rule's severity from the catalog (rule pages); config overrides it.
    public init(rules: [any Rule], defaultSeverity: @escaping @Sendable (RuleID) -> Severity, options: LintOptions) {
        self.rules = rules
        self.defaultSeverity = defaultSeverity
        self.options = options
    }

    func activeRules() -> [ActiveRule] {
        var out: [ActiveRule] = []
        for rule in rules {
            let id = type(of: rule).id
            guard options.selection.includes(id),
                  let severity = options.config.severity(for: id, default: defaultSeverity(id)) else { continue }
            if let enabledByDefault, !enabledByDefault(id) {
                var configured = false
                if case .severity? = options.config.rules[id.rawValue]?.level { configured = true }
                guard configured || options.selection.select.contains(id.rawValue) else { continue }
            }
            out.append(ActiveRule(rule: rule, settings: RuleSettings(severity: severity,
                                                                     options: options.config.setting(for: id).options)))
        }
        return out
    }

    /// Lints the discovered candidates, telling `progress` (when given) how far it is.
    /// `reuse` (from `ScanCache`) gives file-hook findings of an earlier run for files whose content is
    /// unchanged; those files are still read, parsed and given to the project hooks.
    public func run(_ discovery: Discovery, progress: LintProgress.Handler? = nil, reuse: FileReuse? = nil) -> LintResult {
        guard options.timings else { return scan(discovery, timer: nil, progress: progress, reuse: reuse) }
        let timer = PhaseTimer()
        return timer.run { scan(discovery, timer: timer, progress: progress, reuse: reuse) }
    }

    /// The scan; with a timer (installed on this thread), the stages and phases are measured.
    func scan(_ discovery: Discovery, timer: PhaseTimer?, progress: LintProgress.Handler?, reuse: FileReuse?) -> LintResult {
        let started = DispatchTime.now().uptimeNanoseconds
        var stageStart = started
        func endStage(_ name: String) {
            guard let timer else { return }
            let now = PhaseTimer.now()
            timer.addStage(name, nanoseconds: now - stageStart)
            stageStart = now
        }
        let active = activeRules()
        let config = options.config
        let budget = config.budget
        let candidates = discovery.candidates
        let allContexts = options.allContexts
        let filesDone = progress.map { _ in Counter() }
        progress?(LintProgress(phase: .files, filesDone: 0, filesTotal: candidates.count))

        // Node kind -> indexes of the rules that visit it.
        var dispatch = [[Int]](repeating: [], count: NodeKind.allCases.count)
        for (i, r) in active.enumerated() {
            for k in type(of: r.rule).nodeKinds { dispatch[Int(k.rawValue)].append(i) }
        }
        let visitTable = dispatch
        let visits = visitTable.contains { !$0.isEmpty }
        let filePhases = active.map(\.filePhase)
        let scopes = active.map { RuleScope(config: config, settings: $0.settings, factory: $0.factory) }
        endStage("setup")

        let cache = options.fileCache.flatMap { $0.fits(options) ? $0 : nil }

        func lintFile(_ i: Int) -> FileOutcome {
            defer {
                if let progress, let filesDone {
                    progress(LintProgress(phase: .files, filesDone: filesDone.increment(), filesTotal: candidates.count))
                }
            }
            let candidate = candidates[i]
            guard let cache else {
                switch PhaseTimer.measure("read", { SourceLoader.load(candidate, budget: budget) }) {
                case .failure(let e): return FileOutcome(unit: nil, findings: [], errors: [e])
                case .success(let file): return lintLoaded(i, candidate, file)
                }
            }
            // With a cache, the bytes are compared with the cached file's before anything else is done.
            let file: SourceFile
            switch PhaseTimer.measure("read", { SourceLoader.readBytes(candidate, budget: budget) }) {
            case .failure(let e): return FileOutcome(unit: nil, findings: [], errors: [e])
            case .success(let bytes):
                if let hit = cache.lookup(candidate, bytes) { return hit }
                switch SourceLoader.validate(bytes, path: candidate.path) {
                case .failure(let e): return FileOutcome(unit: nil, findings: [], errors: [e])
                case .success(let f): file = f
                }
            }
            let outcome = lintLoaded(i, candidate, file)
            cache.store(candidate, file, outcome)
            return outcome
        }

        func lintLoaded(_ i: Int, _ candidate: Candidate, _ file: SourceFile) -> FileOutcome {
            var parseOptions = ParseOptions.forPath(candidate.path)
            parseOptions.maxDepth = budget.maxNestingDepth
            let parse = PhaseTimer.measure("parse") { Parser.parseAllowingFlow(file, options: parseOptions) }
            var errors: [ScanError] = []
            if let first = parse.errors.first {
                let at = file.location(of: first.offset)
                let more = parse.errors.count > 1 ? " (and \(parse.errors.count - 1) more)" : ""
                errors.append(ScanError(file: candidate.path, line: at.line, column: at.column,
                                        message: first.message + more))
            }
            let absolute = candidate.absolutePath ?? candidate.path
            let unit = PhaseTimer.measure("file roles") { () -> SourceUnit in
                // --all-contexts: every file is taken as code that may serve traffic (its handlers are
                // entry points too, not only its findings reported)
                let role = allContexts ? FileRole.source
                    : config.role(ofAbsolutePath: candidate.absolutePath)
                        ?? FileRoles.role(path: candidate.scopePath, tree: parse.tree)
                return SourceUnit(index: i, path: candidate.path, absolutePath: absolute, parse: parse, role: role,
                                  suppressions: Suppressions(tree: parse.tree))
            }
            // Files that serve no traffic are still parsed (for their syntax errors; the project graph needs
            // tooling and browser code) but not linted. Tests, examples and generated copies are no part of the
            // graph either (`FileRole.isNeutral`): no entry point is found in them and what they import or call
            // says nothing of where code runs, so their tree and bytes are not kept for the project pass.
            // a file kept for the analyses gets its identifier-name table here, before the tree is shared
            if !unit.role.isNeutral { parse.tree.prepareNames() }
            guard unit.role.isReported else {
                guard unit.role.isNeutral else { return FileOutcome(unit: unit, findings: [], errors: errors) }
                return FileOutcome(unit: nil, findings: [], errors: errors, neutral: NeutralImports(unit))
            }
            if let reused = reuse?.entry(candidate: i, content: file.bytes) {
                return FileOutcome(unit: unit, findings: reused.findings, errors: errors, pending: reused.pending)
            }
            let sink = FindingSink()
            let analyses = FileAnalyses()
            let contexts = scopes.map { FileContext(unit: unit, scope: $0, sink: sink, analyses: analyses) }
            if visits {
                let tree = parse.tree
                if timer == nil {
                    for n in 0..<tree.count {
                        let id = NodeID(Int32(n))
                        let wanted = visitTable[Int(tree.kind(id).rawValue)]
                        for r in wanted { active[r].rule.visit(id, contexts[r]) }
                    }
                } else {
                    // Each visit is timed (like ESLint's per-listener timing); a clock read per dispatched node.
                    for n in 0..<tree.count {
                        let id = NodeID(Int32(n))
                        let wanted = visitTable[Int(tree.kind(id).rawValue)]
                        for r in wanted { PhaseTimer.measure(filePhases[r]) { active[r].rule.visit(id, contexts[r]) } }
                    }
                }
            }
            for (r, rule) in active.enumerated() {
                if timer == nil {
                    rule.rule.checkFile(contexts[r])
                } else {
                    PhaseTimer.measure(filePhases[r]) { rule.rule.checkFile(contexts[r]) }
                }
            }
            return FileOutcome(unit: unit, findings: sink.findings, errors: errors, pending: sink.pending)
        }
        // Under --timings, what the file pass does besides the measured phases counts as "file pass: other".
        // Largest files first: a big file started last would leave one thread parsing it alone.
        let order = discovery.sizes.flatMap { sizes -> [Int]? in
            guard sizes.count == candidates.count, options.jobs > 1 else { return nil }
            return sizes.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        }
        let outcomes: [FileOutcome] = PhaseTimer.measure("file pass: other") {
            ParallelMap.map(count: candidates.count, jobs: options.jobs, order: order, lintFile)
        }

        endStage("files")
        var units: [SourceUnit] = []
        var findings: [Finding] = []
        var errors = discovery.errors
        var pending: [PendingFinding] = []
        var neutralImports: [NeutralImports] = []
        let fileFindings = outcomes.map(\.findings)
        let filePending = outcomes.map(\.pending)
        for o in outcomes {
            if let u = o.unit { units.append(u) }
            if let n = o.neutral { neutralImports.append(n) }
            findings += o.findings
            errors += o.errors
            pending += o.pending
        }
        // Project hooks see the files in path order; their own indexes are positions in `units`.
        let projectUnits = units.enumerated().map { (i, u) in u.reindexed(i) }
        let shared = SharedAnalyses()
        let projectFiles = ProjectFileReader(listings: discovery.listings)
        /// The context of rule `n` (an index of `active`).
        func projectContext(_ n: Int, _ sink: FindingSink) -> ProjectContext {
            ProjectContext(units: projectUnits, scope: scopes[n], shared: shared, jobs: options.jobs, files: projectFiles,
                           sink: sink, keeper: cache, neutralImports: neutralImports)
        }
        let byPath = Dictionary(projectUnits.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })
        // the rule whose context the engine's models are built in (the first)
        let modelRule: Int? = active.isEmpty ? nil : 0

        // Pending findings with a deferred part are finished by their rules (`Report.deferred`) once it is
        // known which the report keeps, on the scan's threads, in order; those the finish drops are left out.
        let factories = Dictionary(active.map { (type(of: $0.rule).id, $0.factory) }, uniquingKeysWith: { a, _ in a })
        func finishing(_ list: [PendingFinding]) -> [Finding?] {
            let deferred = list.indices.filter { list[$0].deferred != nil }
            guard !deferred.isEmpty else { return list.map(\.finding) }
            let done = PhaseTimer.measure("project rules: deferred findings") {
                ParallelMap.map(count: deferred.count, jobs: options.jobs) { k -> Finding? in
                    let p = list[deferred[k]]
                    guard let d = p.deferred, let factory = factories[p.finding.ruleId] else { return nil }
                    // a finding a suppression comment drops is not worth finishing
                    if let u = byPath[p.finding.file], u.suppressions.suppresses(p.finding.ruleId, line: p.finding.line) {
                        return nil
                    }
                    return factory.finished(p.finding, d)
                }
            }
            var out = list.map { Optional($0.finding) }
            for (k, i) in deferred.enumerated() { out[i] = done[k] }
            return out
        }
        // The plain computation the deferred one stands for: every pending finding finished before the model
        // decides which are kept (tests compare the two).
        func finishedEagerly(_ list: [PendingFinding]) -> [PendingFinding] {
            guard options.finishesEagerly, list.contains(where: { $0.deferred != nil }) else { return list }
            return zip(list, finishing(list)).compactMap { p, f in
                guard let f else { return nil }
                return PendingFinding(finding: f, scope: p.scope, awaited: p.awaited)
            }
        }

        // Findings that stand only in hot code: the execution-context model names their context, once per
        // scan; `hotOnly` drops those no entry point reaches (`--all-contexts` keeps everything).
        /// A pending finding the report keeps, and where its code runs (nil: unreached).
        struct Placement {
            let pending: PendingFinding
            let reach: HotReach?
        }
        /// What becomes of a pending finding once the model has said where its code runs (`found`): kept, in
        /// the context it is reported in, or nil when it is left out.
        func placed(_ p: PendingFinding, _ found: HotReach?) -> Placement? {
            var reach = found
            // code no entry point of an application reaches is left out as start-up code is, unless
            // `hotOnly: false` asks for unreached code (or `--all-contexts` for everything): then it
            // is merely unreached
            if reach?.context == HotReach.unserved && (allContexts || config.hotOnly == false) { reach = nil }
            let context = reach?.context
            let dropUnreached = !allContexts
                && (config.hotOnly ?? hotOnlyByDefault?(p.finding.ruleId) ?? false)
            if context == nil && dropUnreached { return nil }
            if (context == HotReach.browser || context == HotReach.startup || context == HotReach.unserved) && !allContexts {
                return nil
            }
            return Placement(pending: p, reach: reach)
        }
        /// A kept finding, finished, as reported in its context.
        func dressed(_ finished: Finding, _ reach: HotReach?) -> Finding {
            var f = finished
            let context = reach?.context
            if f.evidence["context"] == nil { f.evidence["context"] = .string(context ?? "unreached") }
            // the trace starts at the entry point: its registration, then the calls to the code
            // (`evidence.entrySteps`: how many of its first steps lead there)
            if let reach, !reach.trace.isEmpty {
                f.trace = reach.trace + f.trace
                f.evidence["entrySteps"] = .int(reach.trace.count)
            }
            // kept though unreached (not under --all-contexts, which asks for every finding as it is)
            if context == nil, !allContexts, let lower = unreachedSeverity?(f.ruleId), lower < f.severity {
                f.severity = lower
            }
            // reached only through two or more guessed calls: as unsure as unreached
            if let reach, reach.guessedCalls >= HotReach.compoundingGuesses, !allContexts,
               let lower = unreachedSeverity?(f.ruleId) {
                f.evidence["guessedCalls"] = .int(reach.guessedCalls)
                if lower < f.severity { f.severity = lower }
            }
            return f
        }
        // the await-settlement model, built on the first finding that asks (it may need the project index no
        // entry point needed)
        let overlaps = OverlapQueries(awaitOverlap, modelRule.map { projectContext($0, FindingSink()) })
        let jobs = options.jobs
        /// The pending findings of `list` (in order) whose awaited calls would wait side by side, with their units.
        func settled(_ list: [PendingFinding]) -> [(PendingFinding, SourceUnit)] {
            // awaits of calls that hand back no pending work, repeat an earlier call's or queue behind it
            // overlap nothing; asked one finding after another, in the findings' order (the model keeps what it
            // works out, and what it answers inside a cycle of calls depends on what was asked before)
            PhaseTimer.measure("project analysis: await settlement") { () -> [(PendingFinding, SourceUnit)] in
                list.compactMap { p in
                    guard let unit = byPath[p.finding.file] else { return nil }
                    if let a = p.awaited, awaitOverlap != nil, overlaps.overlapping(unit, a) < a.minimum { return nil }
                    return (p, unit)
                }
            }
        }
        /// The findings that stand of `list` (pending findings, in order), in order, finished; `kept`: those of
        /// them `settled` keeps, when already known.
        func resolve(_ list: [PendingFinding], _ model: @escaping @Sendable (SourceUnit, HotScope) -> HotReach?,
                     kept known: [(PendingFinding, SourceUnit)]? = nil) -> [Finding] {
            let kept = known ?? settled(list)
            // where each one's code runs: the model only reads what it has built
            let placements = PhaseTimer.measure("project analysis: execution contexts") {
                kept.count < 64 || jobs < 2
                    ? kept.map { placed($0.0, model($0.1, $0.0.scope)) }
                    : ParallelMap.map(count: kept.count, jobs: jobs) { placed(kept[$0].0, model(kept[$0].1, kept[$0].0.scope)) }
            }.compactMap { $0 }
            // then the deferred parts of those that stand only
            return zip(finishing(placements.map(\.pending)), placements).compactMap { f, p in f.map { dressed($0, p.reach) } }
        }

        // The project stage's tasks run side by side on the scan's threads, each parallel inside: the project
        // rules, and what the engine's models can do before the rules are done. An analysis several tasks ask
        // for is computed once (`SharedAnalyses.memo`: concurrent callers wait for the first). Each rule's
        // findings are taken in rule order, and pending findings are placed in the order they were reported, so
        // the report is the one the rules run one after another give, whatever the thread count and timing.
        // Started first, when the file pass left findings (the models below then need the project index):
        // the analyses most tasks wait for (`projectAnalyses`); then the execution-context model, which places
        // the file pass's pending findings; then the await-settlement questions of those findings (which the
        // first task takes over when it gets there first); then the imported roles (worked out for nothing when
        // every finding is then left out). Their one-thread parts overlap the rules' work.
        pending = finishedEagerly(pending)
        let leftByFiles = pending
        let hotNow = hotContexts != nil && modelRule != nil && !leftByFiles.isEmpty
        let rolesNow = importedRoles != nil && modelRule != nil && !allContexts && !(findings.isEmpty && leftByFiles.isEmpty)
        // which of the file pass's findings the await-settlement model keeps: asked beside the building of the
        // execution-context model (neither reads the other), by the first of the two tasks to get there
        let settledByFiles = OnceValue<[(PendingFinding, SourceUnit)]>()
        let settleNow = hotNow && awaitOverlap != nil && leftByFiles.contains { $0.awaited != nil }
        enum ProjectTask {
            case rule(Int)
            case fileFindingsInHotCode
            case fileFindingsSettled
            case importedRoles
            case analysis(Int)
        }
        enum TaskResult {
            case rule(FindingSink)
            case fileFindingsInHotCode(@Sendable (SourceUnit, HotScope) -> HotReach?, [Finding])
            case importedRoles([Int: FileRole])
            case analysis
        }
        var tasks: [ProjectTask] = []
        if modelRule != nil, !(findings.isEmpty && leftByFiles.isEmpty) { tasks += projectAnalyses.indices.map { .analysis($0) } }
        if hotNow { tasks.append(.fileFindingsInHotCode) }
        if settleNow { tasks.append(.fileFindingsSettled) }
        if rolesNow { tasks.append(.importedRoles) }
        tasks += active.indices.map { .rule($0) }
        let taskList = tasks
        let rulesStarted = progress.map { _ in Counter() }
        let results = ParallelMap.tasks(count: taskList.count, jobs: options.jobs) { t -> TaskResult in
            switch taskList[t] {
            case .rule(let n):
                let r = active[n]
                if let progress, let rulesStarted {
                    progress(LintProgress(phase: .project, filesDone: candidates.count, filesTotal: candidates.count,
                                          detail: "rule \(rulesStarted.increment())/\(active.count) \(type(of: r.rule).id)"))
                }
                let sink = FindingSink()
                let ctx = projectContext(n, sink)
                if timer == nil {
                    r.rule.checkProject(ctx)
                } else {
                    PhaseTimer.measure(r.projectPhase) { r.rule.checkProject(ctx) }
                }
                return .rule(sink)
            case .fileFindingsInHotCode:
                let ctx = projectContext(modelRule!, FindingSink())
                let model = PhaseTimer.measure("project analysis: execution contexts") { hotContexts!(ctx) }
                let kept = settledByFiles.value { settled(leftByFiles) }
                return .fileFindingsInHotCode(model, resolve(leftByFiles, model, kept: kept))
            case .fileFindingsSettled:
                _ = settledByFiles.value { settled(leftByFiles) }
                return .analysis
            case .importedRoles:
                let ctx = projectContext(modelRule!, FindingSink())
                return .importedRoles(PhaseTimer.measure("project analysis: imported roles") { importedRoles!(ctx) })
            case .analysis(let i):
                projectAnalyses[i](projectContext(modelRule!, FindingSink()))
                return .analysis
            }
        }
        var builtModel: (@Sendable (SourceUnit, HotScope) -> HotReach?)?
        var filePlaced: [Finding] = []
        var builtRoles: [Int: FileRole]?
        var rulePending: [PendingFinding] = []
        for result in results {
            switch result {
            case .rule(let sink):
                findings += sink.findings
                rulePending += sink.pending
            case .fileFindingsInHotCode(let model, let placed):
                builtModel = model
                filePlaced = placed
            case .importedRoles(let roles): builtRoles = roles
            case .analysis: break
            }
        }
        // what only the rules read (the leak rules' per-file tables) is not kept for the models below
        shared.dropRulesOnly()
        rulePending = finishedEagerly(rulePending)
        pending += rulePending
        if !pending.isEmpty {
            if let hotContexts, let first = modelRule {
                let model = builtModel ?? PhaseTimer.measure("project analysis: execution contexts") {
                    hotContexts(projectContext(first, FindingSink()))
                }
                // the file pass's findings first, then the rules', as they were reported
                if builtModel != nil {
                    findings += filePlaced
                    findings += resolve(rulePending, model)
                } else {
                    findings += resolve(pending, model)
                }
            } else {
                findings += finishing(pending).compactMap { $0 }
            }
        }
        // Files only browser code imports are browser code (not under --all-contexts).
        var inherited: [Int: FileRole] = [:]
        if let importedRoles, !allContexts, !findings.isEmpty, let first = modelRule {
            inherited = builtRoles ?? PhaseTimer.measure("project analysis: imported roles") {
                importedRoles(projectContext(first, FindingSink()))
            }
        }
        endStage("project")

        // Suppressions, per-file cap, duplicates, baseline.
        findings = findings.filter { f in
            guard let u = byPath[f.file] else { return true }
            if !(inherited[u.index] ?? u.role).isReported { return false }
            return !u.suppressions.suppresses(f.ruleId, line: f.line)
        }
        findings.sort(by: Finding.reportOrder)
        var deduped: [Finding] = []
        var perFile: [String: Int] = [:]
        for f in findings {
            if let last = deduped.last, last == f { continue }
            let n = perFile[f.file, default: 0]
            if n >= budget.maxFindingsPerFile { continue }
            perFile[f.file] = n + 1
            deduped.append(f)
        }
        findings = Linter.numberOccurrences(deduped)
        if let baseline = options.baseline { findings = baseline.filter(findings) }
        var report = LintReport(files: candidates.count, findings: findings, errors: errors, durationMs: 0)
        endStage("finish")
        report.summary.durationMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
        report.summary.timings = timer?.timings
        var result = LintResult(report: report, units: projectUnits)
        result.fileFindings = fileFindings
        result.filePending = filePending
        result.projectFiles = projectFiles
        if options.keepsAnalyses { result.analyses = shared }
        return result
    }

    /// Identical code reported twice by one rule in one file gets occurrence numbers 0, 1, ... in report
    /// order, so fingerprints stay distinct and stable.
    static func numberOccurrences(_ findings: [Finding]) -> [Finding] {
        var seen: [String: Int] = [:]
        return findings.map { f in
            let n = seen[f.fingerprint, default: 0]
            seen[f.fingerprint] = n + 1
            guard n > 0 else { return f }
            var g = f
            g.fingerprint = Fingerprint.numbered(f.fingerprint, occurrence: n)
            return g
        }
    }
}

/// The await-settlement model as the project stage asks it: built on the first question, then kept. Asked by
/// one thread at a time (the task that first asks which of the file pass's findings it keeps, then the scan's
/// thread).
final class OverlapQueries: @unchecked Sendable {
    private let build: AwaitOverlapModel?
    private let ctx: ProjectContext?
    private var model: (@Sendable (SourceUnit, AwaitedCalls) -> Int)?

    init(_ build: AwaitOverlapModel?, _ ctx: ProjectContext?) {
        self.build = build
        self.ctx = ctx
    }

    /// How many of the calls would wait side by side (all of them without a model).
    func overlapping(_ unit: SourceUnit, _ calls: AwaitedCalls) -> Int {
        guard let build, let ctx else { return calls.calls.count }
        if model == nil { model = build(ctx) }
        return model?(unit, calls) ?? calls.calls.count
    }
}

/// A counter shared by worker threads.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Adds one and returns the new value.
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

extension SourceUnit {
    func reindexed(_ i: Int) -> SourceUnit {
        if i == index { return self }
        let copy = SourceUnit(index: i, path: path, absolutePath: absolutePath,
                              file: file, tree: tree, syntaxErrors: syntaxErrors, role: role,
                              suppressions: suppressions)
        copy.shareSemantic(of: self)
        return copy
    }
}

extension Suppressions {
    /// Suppression directives from the lexer's comments.
    public init(tree: SyntaxTree) {
        let file = tree.file
        var comments: [SuppressionComment] = []
        for c in tree.comments {
            // Cheap pre-check on bytes: only comments mentioning "looplint-" are decoded.
            let s = Int(c.range.start), e = Int(c.range.end)
            var hit = false
            if e - s >= 10 {
                let bytes = file.bytes
                var i = s
                while i + 9 <= e {
                    if bytes[i] == 0x6C, bytes[i + 1] == 0x6F, bytes[i + 2] == 0x6F, bytes[i + 3] == 0x70,
                       bytes[i + 4] == 0x6C, bytes[i + 5] == 0x69, bytes[i + 6] == 0x6E, bytes[i + 7] == 0x74,
                       bytes[i + 8] == 0x2D { hit = true; break }
                    i += 1
                }
            }
            guard hit else { continue }
            comments.append(SuppressionComment(text: file.text(c.range),
                                               startLine: file.location(of: s).line,
                                               endLine: file.location(of: max(s, e - 1)).line))
        }
        self.init(comments: comments)
    }
}
