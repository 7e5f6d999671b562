// Every rule the binary runs, one line each. Severities, summaries and docs come from the catalog
// (generated from rules/), never from here.

import Diagnostics
import ExecutionModel
import LintEngine

public enum RuleRegistry {
    public static let all: [any Rule] = [
        BlockingAtomicsWaitRule(),
        BlockingBcryptSyncRule(),
        BlockingChildProcessSyncRule(),
        BlockingConsoleHotPathRule(),
        BlockingCryptoSyncRule(),
        BlockingCustomAPIRule(),
        BlockingFsSyncRule(),
        BlockingJSONBodyRule(),
        BlockingRequireInHandlerRule(),
        BlockingWorkerPerRequestRule(),
        BlockingZlibSyncRule(),
        UnboundedCacheMapGrowthRule(),
        UnboundedCacheNoTtlRule(),
        ListenerLeakEmitterRule(),
        ListenerLeakIntervalRule(),
        ListenerLeakMaxListenersRule(),
        RedosExponentialRule(),
        RedosPolynomialRule(),
        SerialAwaitSequentialRule(),
        SerialAwaitLoopRule(),
        ConcurrencyUnboundedFanoutRule(),
    ]

    public static var ids: [RuleID] { all.map { type(of: $0).id } }

    /// The catalog's severity for a rule (a rule missing from the catalog is a build mistake the
    /// catalog test catches; it reports as a warning meanwhile).
    @Sendable public static func defaultSeverity(_ id: RuleID) -> Severity {
        RuleCatalog.entry(for: id)?.severity ?? .warning
    }

    /// A linter running every registered rule.
    public static func linter(_ options: LintOptions) -> Linter {
        var linter = Linter(rules: all, defaultSeverity: defaultSeverity, options: options)
        linter.hotContexts = HotContexts.model
        linter.awaitOverlap = AwaitSettlement.model(callSays: { SerialAwait.callSays($0, $1) })
        linter.importedRoles = ImportedRoles.model
        // the project index and call graph: the request paths, the models and most project rules need it
        linter.projectAnalyses = [{ _ = ProjectFunctions.of($0) }]
        linter.hotOnlyByDefault = { RuleCatalog.entry(for: $0)?.hotOnly ?? false }
        linter.unreachedSeverity = { RuleCatalog.entry(for: $0)?.unreachedSeverity }
        linter.enabledByDefault = { RuleCatalog.entry(for: $0)?.enabledByDefault ?? true }
        return linter
    }
}
