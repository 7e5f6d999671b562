// One budget for every phase of an analysis, so no input can make looplint hang or run out of memory.

public struct AnalysisBudget: Hashable, Sendable {
    /// Files larger than this are reported under `errors`, not parsed.
    public var maxFileBytes: Int = 4 * 1024 * 1024
    /// Parser nesting depth (ParseOptions.maxDepth).
    public var maxNestingDepth: Int = 1_000
    /// How deep cross-file rules may follow calls.
    public var maxCallGraphDepth: Int = 64
    /// PCRE2 match and depth limits for ReDoS confirmation.
    public var pcre2MatchLimit: Int = 10_000_000
    public var pcre2DepthLimit: Int = 10_000
    /// A rule that reports more than this in one file is cut off (the rest would be noise).
    public var maxFindingsPerFile: Int = 1_000

    public init() {}
}
