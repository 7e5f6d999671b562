// Per-file results kept between lints of one project, for a long-running process that lints the same
// files again and again (the language server, after each edit).
//
// What a file yields in the file pass (its parse, role, suppressions, semantic model once built, the
// findings of the per-node and per-file rules, its syntax error) depends only on its bytes, its paths
// and the lint options. An entry is keyed by the candidate's path and holds the bytes it was computed
// from; a lookup compares the bytes just read with them (length, then memcmp: cheaper than hashing
// every file again), so a hit is the result a fresh parse would give. The project
// pass still sees every unit, cached or not; it reuses their parse trees and semantic models, and
// project analyses may keep a result for the next lint (`ProjectContext.keep`) and decide themselves
// which parts of it still hold.

import Diagnostics
import Foundation
import SourceText

/// What the file pass produced for one file.
struct FileOutcome: Sendable {
    var unit: SourceUnit?
    var findings: [Finding]
    var errors: [ScanError]
    /// Findings that stand only in hot code, decided after the project pass.
    var pending: [PendingFinding] = []
    /// For a test, example or generated file (no unit): what it imports.
    var neutral: NeutralImports? = nil
}

public final class FileResultCache: @unchecked Sendable {
    struct Entry {
        var file: SourceFile
        var scopePath: String
        var absolutePath: String
        var outcome: FileOutcome
    }

    /// The options the cached results were computed with; a lint with other options does not use them.
    let config: LintConfig
    let allContexts: Bool
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var used: Set<String> = []
    /// Project-level results a later lint may start from (each checks for itself what it can reuse).
    private var kept: [String: Any] = [:]
    private var hitCount = 0
    private var missCount = 0

    public init(config: LintConfig, allContexts: Bool = false) {
        self.config = config
        self.allContexts = allContexts
    }

    /// Whether a lint with these options may use this cache.
    public func fits(_ options: LintOptions) -> Bool {
        options.config == config && options.allContexts == allContexts
    }

    /// Files reused and files parsed since the last `beginLint()`.
    public var lastLint: (reused: Int, parsed: Int) {
        locked { (hitCount, missCount) }
    }

    /// Number of files held.
    public var count: Int { locked { entries.count } }

    /// Starts counting a new lint; entries not looked up before `endLint()` are dropped then.
    public func beginLint() {
        locked {
            used.removeAll(keepingCapacity: true)
            hitCount = 0
            missCount = 0
        }
    }

    /// Drops the entries of files the last lint did not see (deleted, renamed or now ignored).
    public func endLint() {
        locked {
            entries = entries.filter { used.contains($0.key) }
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    /// A project-level result the last lint kept under `key`.
    public func kept<T>(_ key: String, as type: T.Type) -> T? {
        locked { kept[key] as? T }
    }

    func keep<T>(_ key: String, _ value: T) {
        locked { kept[key] = value }
    }

    func lookup(_ candidate: Candidate, _ bytes: [UInt8]) -> FileOutcome? {
        let entry = locked { () -> Entry? in
            used.insert(candidate.path)
            return entries[candidate.path]
        }
        let same = entry.map { e in
            e.scopePath == candidate.scopePath && e.absolutePath == (candidate.absolutePath ?? candidate.path)
                && Self.sameBytes(e.file.bytes, bytes)
        } ?? false
        return locked {
            guard same, let e = entry else {
                missCount += 1
                return nil
            }
            hitCount += 1
            return e.outcome
        }
    }

    static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == 0 }
                return memcmp(p, q, x.count) == 0
            }
        }
    }

    func store(_ candidate: Candidate, _ file: SourceFile, _ outcome: FileOutcome) {
        locked {
            entries[candidate.path] = Entry(file: file, scopePath: candidate.scopePath,
                                            absolutePath: candidate.absolutePath ?? candidate.path, outcome: outcome)
        }
    }
}
