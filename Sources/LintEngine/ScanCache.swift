// The cache across runs (`check`'s default; `--no-cache` turns it off, `--cache-dir` moves it).
//
// A run is identified by looplint's version and build (the executable's size and modification time),
// the rules that run with their severities and options, the effective configuration, `--all-contexts`,
// the working folder and the PATHs given. For that identity the cache folder holds two entries:
//   - `report-<id>.bin`: the report (before `--baseline`), the source lines its findings show, a digest of
//     the inputs (every candidate's path and content hash, discovery's errors) and the package.json /
//     tsconfig.json / jsconfig.json files the project analyses read with a hash of what they held (or
//     that they were absent). When the digest and every such file still match, the stored report is
//     the answer: nothing is parsed or linted.
//   - `files-<id>.bin`: per file (path and content hash), the findings of the file hooks. When some input
//     changed, every file is still read, parsed and handed to the project analyses (request paths,
//     call graph, caches and listeners cross modules, so they are recomputed whole), but the file hooks
//     of every file whose content is unchanged are skipped and their stored findings used.
// Sources are read once, hashed, and handed to the linter as in-memory buffers, so the hashes describe
// exactly the bytes that were linted. Entries are written to a temporary file and renamed into place
// (readers see a whole entry or none; of two concurrent runs the last writer wins); each ends with a
// checksum, and an entry that is corrupt, truncated, from another version or for another identity is
// ignored. Nothing here fails a scan: a cache that cannot be read or written is skipped.

import Diagnostics
import Foundation

public struct ScanCache: Sendable {
    /// What the cache did for one run.
    public enum Outcome: Hashable, Sendable {
        /// The stored report was used: nothing was parsed or linted.
        case hit
        /// The scan ran; `reused` files took their file-hook findings from the cache.
        case scanned(reused: Int, files: Int)
    }

    /// The default folder name at a project's root when there is no node_modules folder.
    public static let folderName = ".looplint-cache"
    static let magic: [UInt8] = Array("LLCACHE1".utf8)
    /// Report entries kept per cache folder; older ones (other configurations, other PATHs) are removed.
    static let maxEntries = 24

    public let directory: String
    /// Stands in for the executable's identity (tests simulate another build with it).
    let buildID: String

    public init(directory: String, buildID: String? = nil) {
        self.directory = directory
        self.buildID = buildID ?? ScanCache.executableID()
    }

    /// `node_modules/.cache/looplint` under `root` when it has a node_modules folder (where Babel, ESLint
    /// and webpack keep theirs), else `.looplint-cache` in `root`.
    public static func defaultDirectory(projectRoot root: String) -> String {
        var isDir: ObjCBool = false
        let modules = root + "/node_modules"
        if FileManager.default.fileExists(atPath: modules, isDirectory: &isDir), isDir.boolValue {
            return modules + "/.cache/looplint"
        }
        return root + "/" + folderName
    }

    /// The running executable: path, size and modification time (a rebuild changes them).
    static func executableID() -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? Bundle.main.executablePath ?? CommandLine.arguments.first ?? ""
        var st = stat()
        guard stat(path, &st) == 0 else { return path }
        #if canImport(Darwin)
        let mtime = st.st_mtimespec
        #else
        let mtime = st.st_mtim
        #endif
        return "\(path) \(st.st_size) \(mtime.tv_sec).\(mtime.tv_nsec)"
    }

    // MARK: - The run

    /// Lints `discovery` with `linter`, through the cache. `paths` are the PATHs as given and `cwd` the
    /// working folder (both part of what the report depends on).
    public func lint(_ linter: Linter, discovery: Discovery, paths: [String],
                     cwd: String = FileManager.default.currentDirectoryPath,
                     progress: LintProgress.Handler? = nil) -> (result: LintResult, outcome: Outcome)
    {
        let started = DispatchTime.now().uptimeNanoseconds
        let options = linter.options
        let identity = identityText(linter, paths: paths, cwd: cwd)
        let name = ContentHash.hex(ContentHash.hash(identity))
        let reportPath = directory + "/report-" + name + ".bin"
        let filesPath = directory + "/files-" + name + ".bin"

        // Read and hash every source once; the linter then lints these very bytes.
        let budget = options.config.budget
        let candidates = discovery.candidates
        let inputs = ParallelMap.map(count: candidates.count, jobs: options.jobs) { i in
            ScanCache.input(candidates[i], limit: budget.maxFileBytes)
        }
        var buffered = discovery
        for (i, input) in inputs.enumerated() {
            if let bytes = input.bytes { buffered.candidates[i] = candidates[i].overriding(with: bytes) }
        }
        let digest = ScanCache.inputDigest(discovery, inputs)

        if let stored = loadReport(reportPath, identity: identity, digest: digest, jobs: options.jobs) {
            var result = LintResult(report: stored.report, units: [])
            result.storedExcerpts = stored.excerpts
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            if options.timings {
                result.report.summary.timings = ScanTimings(
                    stages: [PhaseTiming(name: "cache (hit)", ms: Double(elapsed / 100_000) / 10)], phases: [])
            }
            finish(&result, baseline: options.baseline, started: started)
            return (result, .hit)
        }

        let lookupMs = Double((DispatchTime.now().uptimeNanoseconds - started) / 100_000) / 10
        var entries: [Int: FileReuse.Entry] = [:]
        let stored = loadFiles(filesPath, identity: identity)
        for (i, c) in candidates.enumerated() {
            guard let hash = inputs[i].contentHash, let s = stored[c.path], s.scopePath == c.scopePath,
                  s.absolutePath == (c.absolutePath ?? ""), s.contentHash == hash else { continue }
            entries[i] = FileReuse.Entry(contentHash: hash, findings: s.findings, pending: s.pending)
        }
        var unfiltered = options
        unfiltered.baseline = nil
        var scanner = Linter(rules: linter.rules, defaultSeverity: linter.defaultSeverity, options: unfiltered)
        scanner.hotContexts = linter.hotContexts
        scanner.awaitOverlap = linter.awaitOverlap
        scanner.importedRoles = linter.importedRoles
        scanner.projectAnalyses = linter.projectAnalyses
        scanner.hotOnlyByDefault = linter.hotOnlyByDefault
        scanner.unreachedSeverity = linter.unreachedSeverity
        scanner.enabledByDefault = linter.enabledByDefault
        var result = scanner.run(buffered, progress: progress, reuse: FileReuse(entries: entries))

        let storeStart = DispatchTime.now().uptimeNanoseconds
        if let reader = result.projectFiles, !reader.changedDuringScan {
            store(result, reads: reader.reads, identity: identity, digest: digest, inputs: inputs,
                  candidates: candidates, reportPath: reportPath, filesPath: filesPath)
        }
        if options.timings, var t = result.report.summary.timings {
            t.stages.insert(PhaseTiming(name: "cache (read, hash, lookup)", ms: lookupMs), at: 0)
            t.stages.append(PhaseTiming(name: "cache (store)",
                                        ms: Double((DispatchTime.now().uptimeNanoseconds - storeStart) / 100_000) / 10))
            result.report.summary.timings = t
        }
        finish(&result, baseline: options.baseline, started: started)
        return (result, .scanned(reused: entries.count, files: candidates.count))
    }

    /// `--baseline` and the duration, applied to the report as the linter would.
    func finish(_ result: inout LintResult, baseline: Baseline?, started: UInt64) {
        if let baseline {
            let kept = baseline.filter(result.report.findings)
            result.report.findings = kept
            result.report.summary.findings = kept.count
        }
        result.report.summary.durationMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
    }

    // MARK: - Keys

    /// One candidate as read for hashing: its bytes (nil when unreadable or too large) and a key that
    /// changes with what the linter would see.
    struct Input: Sendable {
        var bytes: [UInt8]?
        var key: UInt64
        var contentHash: UInt64? { bytes == nil ? nil : key }
    }

    static func input(_ c: Candidate, limit: Int) -> Input {
        switch c.origin {
        case .disk(let abs):
            switch FileSystem.readFile(abs, limit: limit) {
            case .success(let b): return Input(bytes: b, key: ContentHash.hash(b))
            case .failure(.tooLarge(let size)): return Input(bytes: nil, key: ContentHash.hash("too large \(size)", seed: 1))
            case .failure(.message(let m)): return Input(bytes: nil, key: ContentHash.hash("unreadable \(m)", seed: 1))
            }
        case .staged(let b), .buffer(_, let b):
            return Input(bytes: b, key: ContentHash.hash(b))
        }
    }

    static func inputDigest(_ discovery: Discovery, _ inputs: [Input]) -> UInt64 {
        var w = ByteWriter()
        w.uvar(UInt64(inputs.count))
        for (c, input) in zip(discovery.candidates, inputs) {
            w.string(c.path)
            w.string(c.scopePath)
            w.string(c.absolutePath ?? "")
            w.bool(input.bytes != nil)
            w.u64(input.key)
            w.uvar(UInt64(input.bytes?.count ?? 0))
        }
        w.uvar(UInt64(discovery.errors.count))
        for e in discovery.errors { w.scanError(e) }
        return ContentHash.hash(w.bytes)
    }

    /// Everything besides the inputs that the report depends on, as text (compared whole on load).
    func identityText(_ linter: Linter, paths: [String], cwd: String) -> String {
        let options = linter.options
        var lines = ["looplint cache 1", "version " + ToolInfo.currentVersion, "build " + buildID, "cwd " + cwd]
        lines.append("paths " + paths.map { String(reflecting: $0) }.joined(separator: " "))
        lines.append("allContexts \(options.allContexts) hotContexts \(linter.hotContexts != nil) importedRoles \(linter.importedRoles != nil)")
        for r in linter.activeRules() {
            lines.append("rule \(type(of: r.rule).id) \(r.settings.severity) \(ScanCache.canonical(r.settings.options))")
        }
        lines.append("selection " + ScanCache.canonical(options.selection))
        lines.append("config " + ScanCache.canonical(options.config))
        return lines.joined(separator: "\n")
    }

    /// A description of a value that is the same in every process: stored fields in declaration order,
    /// dictionary and set elements sorted (their iteration order changes from run to run), strings quoted.
    /// Configuration fields added later are covered without changes here.
    static func canonical(_ value: Any, depth: Int = 0) -> String {
        guard depth < 24 else { return "..." }
        let m = Mirror(reflecting: value)
        switch m.displayStyle {
        case .optional:
            return m.children.first.map { canonical($0.value, depth: depth + 1) } ?? "nil"
        case .dictionary:
            let entries = m.children.map { pair -> String in
                Mirror(reflecting: pair.value).children.map { canonical($0.value, depth: depth + 1) }
                    .joined(separator: ":")
            }
            return "[" + entries.sorted().joined(separator: ",") + "]"
        case .set:
            return "{" + m.children.map { canonical($0.value, depth: depth + 1) }.sorted().joined(separator: ",") + "}"
        case .collection, .tuple:
            return "(" + m.children.map { canonical($0.value, depth: depth + 1) }.joined(separator: ",") + ")"
        default:
            if m.children.isEmpty { return String(reflecting: value) }
            let fields = m.children.map { ($0.label ?? "_") + "=" + canonical($0.value, depth: depth + 1) }
            return "\(type(of: value))(" + fields.joined(separator: ",") + ")"
        }
    }

    // MARK: - Entries

    struct StoredReport {
        var report: LintReport
        var excerpts: SourceExcerpts
    }

    struct StoredFile {
        var scopePath: String
        var absolutePath: String
        var contentHash: UInt64
        var findings: [Finding]
        var pending: [PendingFinding]
    }

    static let reportKind: UInt8 = 1
    static let filesKind: UInt8 = 2

    func loadReport(_ path: String, identity: String, digest: UInt64, jobs: Int) -> StoredReport? {
        guard var r = ScanCache.open(path, kind: ScanCache.reportKind) else { return nil }
        do {
            guard try r.string() == identity, try r.u64() == digest else { return nil }
            var reads: [(path: String, hash: UInt64?)] = []
            for _ in 0..<(try r.count()) {
                let file = try r.string()
                reads.append((file, try r.bool() ? try r.u64() : nil))
            }
            // Mostly files looked for and absent (package.json in every folder up from each import).
            let unchanged = ParallelMap.map(count: reads.count, jobs: jobs) { i -> Bool in
                switch FileSystem.readFile(reads[i].path, limit: 1 << 30) {
                case .success(let bytes): return reads[i].hash == ContentHash.hash(bytes)
                case .failure: return reads[i].hash == nil
                }
            }
            guard !unchanged.contains(false) else { return nil }
            let report = try r.report()
            var excerpts = SourceExcerpts()
            for _ in 0..<(try r.count()) {
                excerpts.set(file: try r.string(), line: try r.int(), text: try r.string())
            }
            guard r.isAtEnd else { return nil }
            return StoredReport(report: report, excerpts: excerpts)
        } catch {
            return nil
        }
    }

    func loadFiles(_ path: String, identity: String) -> [String: StoredFile] {
        guard var r = ScanCache.open(path, kind: ScanCache.filesKind) else { return [:] }
        do {
            guard try r.string() == identity else { return [:] }
            var out: [String: StoredFile] = [:]
            for _ in 0..<(try r.count()) {
                let path = try r.string()
                out[path] = StoredFile(scopePath: try r.string(), absolutePath: try r.string(), contentHash: try r.u64(),
                                       findings: try r.findings(), pending: try r.pendingFindings())
            }
            guard r.isAtEnd else { return [:] }
            return out
        } catch {
            return [:]
        }
    }

    func store(_ result: LintResult, reads: [(path: String, hash: UInt64?)], identity: String, digest: UInt64,
               inputs: [Input], candidates: [Candidate], reportPath: String, filesPath: String)
    {
        guard ScanCache.prepare(directory) else { return }
        var files = ByteWriter()
        files.string(identity)
        var stored: [(Int, UInt64)] = []
        for (i, input) in inputs.enumerated() {
            if let h = input.contentHash, i < result.fileFindings.count, i < result.filePending.count { stored.append((i, h)) }
        }
        files.uvar(UInt64(stored.count))
        for (i, h) in stored {
            files.string(candidates[i].path)
            files.string(candidates[i].scopePath)
            files.string(candidates[i].absolutePath ?? "")
            files.u64(h)
            files.findings(result.fileFindings[i])
            files.pendingFindings(result.filePending[i])
        }
        var w = ByteWriter()
        w.string(identity)
        w.u64(digest)
        w.uvar(UInt64(reads.count))
        for (path, hash) in reads {
            w.string(path)
            if let hash { w.bool(true); w.u64(hash) } else { w.bool(false) }
        }
        var report = result.report
        report.summary.timings = nil
        report.summary.durationMs = 0
        w.report(report)
        let excerpts = result.excerpts
        var lines: [(String, Int, String)] = []
        for file in excerpts.lines.keys.sorted() {
            for (line, text) in (excerpts.lines[file] ?? [:]).sorted(by: { $0.key < $1.key }) { lines.append((file, line, text)) }
        }
        w.uvar(UInt64(lines.count))
        for (file, line, text) in lines {
            w.string(file)
            w.int(line)
            w.string(text)
        }
        // The per-file entry first: a report entry is never newer than the file entry of its run.
        ScanCache.write(files.bytes, kind: ScanCache.filesKind, to: filesPath)
        ScanCache.write(w.bytes, kind: ScanCache.reportKind, to: reportPath)
        prune()
    }

    // MARK: - Files

    /// The entry's payload after its header, when the magic, kind, length and checksum are right.
    static func open(_ path: String, kind: UInt8) -> ByteReader? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let header = magic.count + 1 + 8
        guard bytes.count >= header + 8, Array(bytes[0..<magic.count]) == magic, bytes[magic.count] == kind else { return nil }
        var r = ByteReader(bytes, from: magic.count + 1)
        guard let length = try? r.u64(), length == UInt64(bytes.count - header - 8) else { return nil }
        let end = header + Int(length)
        let sum = bytes.withUnsafeBytes { ContentHash.hash(UnsafeRawBufferPointer(rebasing: $0[header..<end])) }
        var tail = ByteReader(bytes, from: end)
        guard let stored = try? tail.u64(), stored == sum else { return nil }
        return ByteReader(bytes, from: header, to: end)
    }

    /// Writes magic, kind, length, payload and checksum to a temporary file, then renames it into place.
    @discardableResult
    static func write(_ payload: [UInt8], kind: UInt8, to path: String) -> Bool {
        var w = ByteWriter()
        w.bytes.reserveCapacity(payload.count + 32)
        w.bytes.append(contentsOf: magic)
        w.u8(kind)
        w.u64(UInt64(payload.count))
        w.bytes.append(contentsOf: payload)
        w.u64(ContentHash.hash(payload))
        let bytes = w.bytes
        var template = Array((path + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return false }
        let temp = String(cString: template)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            written += n
        }
        _ = fchmod(fd, 0o644)
        close(fd)
        guard written == bytes.count, rename(temp, path) == 0 else {
            unlink(temp)
            return false
        }
        return true
    }

    /// Creates the folder when missing (with a .gitignore that ignores it whole and a CACHEDIR.TAG, as
    /// Ruff and Cargo do); false when it cannot be used.
    static func prepare(_ directory: String) -> Bool {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) { return isDir.boolValue }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            return false
        }
        _ = FileManager.default.createFile(atPath: directory + "/.gitignore",
                                           contents: Data("# Created by looplint: the cache across runs.\n*\n".utf8))
        _ = FileManager.default.createFile(atPath: directory + "/CACHEDIR.TAG",
                                           contents: Data("Signature: 8a477f597d28d172789f06886806bc55\n# looplint's cache across runs.\n".utf8))
        return true
    }

    /// Keeps the newest `maxEntries` identities, and removes temporary files left by runs that died
    /// more than an hour ago.
    func prune() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory) else { return }
        var reports: [(name: String, modified: Date)] = []
        let now = Date()
        for name in names {
            let path = directory + "/" + name
            guard let modified = (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { continue }
            if name.contains(".bin.tmp-") {
                if now.timeIntervalSince(modified) > 3600 { try? fm.removeItem(atPath: path) }
            } else if name.hasPrefix("report-"), name.hasSuffix(".bin") {
                reports.append((name, modified))
            }
        }
        guard reports.count > ScanCache.maxEntries else { return }
        reports.sort { $0.modified != $1.modified ? $0.modified > $1.modified : $0.name < $1.name }
        for old in reports.dropFirst(ScanCache.maxEntries) {
            let id = old.name.dropFirst("report-".count)
            try? fm.removeItem(atPath: directory + "/" + old.name)
            try? fm.removeItem(atPath: directory + "/files-" + id)
        }
    }
}

/// File-hook findings of an earlier run, by candidate index, each valid for one content of the file.
public struct FileReuse: Sendable {
    public struct Entry: Sendable {
        public var contentHash: UInt64
        public var findings: [Finding]
        /// Findings that stand only in hot code, with the functions (node ids of the same parse) that decide.
        var pending: [PendingFinding]
    }

    public var entries: [Int: Entry]

    init(entries: [Int: Entry]) { self.entries = entries }

    /// The stored entry when the bytes the scan read are the ones it was computed from.
    func entry(candidate: Int, content: [UInt8]) -> Entry? {
        guard let e = entries[candidate], e.contentHash == ContentHash.hash(content) else { return nil }
        return e
    }
}
