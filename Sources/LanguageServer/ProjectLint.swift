// One lint of the project an open document belongs to, with unsaved buffers in place of their files.
//
// The project is the folder of the looplint.yml found upward from the document (as `looplint check`
// finds it), else the innermost workspace folder holding the document, else the document's folder.
// Paths are absolute, so findings map straight back to URIs.
//
// With a `ProjectCaches`, each project keeps the per-file work of its last lint (parse tree, role,
// suppressions, semantic model, findings of the per-file rules) keyed by path and checked against the
// bytes, so after an edit only changed files are parsed and checked again. The project index keeps the
// resolved imports and call edges of files whose inputs did not change (ProjectIndex `reusing:`); the
// other project analyses (request entry points and paths, data flow) run again over the kept models.
// The result is the one a lint without caches gives (LSPIncrementalTests compare them edit by edit).

import Diagnostics
import Foundation
import JSSemantic
import LintEngine
import Rules

struct ProjectLint {
    let root: String
    let result: LintResult

    /// Files reused from the cache and files parsed by this lint (all parsed without caches).
    let reused: Int
    let parsed: Int
    /// Files whose call edges were taken over from the previous lint (nil without caches).
    let edgeFilesReused: Int?
    let milliseconds: Int

    /// `buffers`: (absolute path, text) of every open document; `caches`: per-file work kept between lints.
    init(file: String, workspaceFolders: [String], buffers: [(String, String)], caches: ProjectCaches? = nil) throws {
        let dir = (file as NSString).deletingLastPathComponent
        let configPath = LintConfig.find(from: dir)
        let config = try configPath.map { try LintConfig.load(path: $0) } ?? LintConfig()
        let folders = workspaceFolders.map { FileDiscovery.absolute($0) }
            .filter { file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
            .sorted { $0.count > $1.count }
        root = configPath.map { ($0 as NSString).deletingLastPathComponent } ?? folders.first ?? dir
        let walker = FileDiscovery(config: config)
        var discovery = try walker.discover([root])
        for (path, text) in buffers where ProjectLint.isUnder(path, root) {
            let content = Array(text.utf8)
            if let i = discovery.candidates.firstIndex(where: { $0.absolutePath == path }) {
                discovery.candidates[i] = discovery.candidates[i].overriding(with: content)
            } else if path == file, FileDiscovery.isSourceName((path as NSString).lastPathComponent),
                      !walker.isConfigIgnored(absolutePath: path)
            {
                // A new file not yet on disk, or one the walk skipped: lint the buffer anyway.
                let scope = String(path.dropFirst(root.count + (root.hasSuffix("/") ? 0 : 1)))
                discovery.candidates.append(Candidate(path: path, origin: .buffer(absolutePath: path, content: content),
                                                      scopePath: scope))
                discovery.candidates.sort { $0.path < $1.path }
                discovery.sizes = nil
            }
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var options = LintOptions(config: config)
        let cache = caches?.cache(root: root, options: options)
        options.fileCache = cache
        cache?.beginLint()
        result = RuleRegistry.linter(options).run(discovery)
        if let cache {
            cache.endLint()
            (reused, parsed) = cache.lastLint
            edgeFilesReused = cache.kept("projectIndex", as: ProjectIndex.self)?.reusedEdgeFiles
        } else {
            (reused, parsed) = (0, result.report.summary.files)
            edgeFilesReused = nil
        }
        milliseconds = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
    }

    static func isUnder(_ path: String, _ root: String) -> Bool {
        path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    func covers(_ path: String) -> Bool { ProjectLint.isUnder(path, root) }

    /// For the client's log: "linted /p: 921 files, 1 parsed, 920 reused; call edges of 915 files reused; 352 ms".
    var summary: String {
        var text = "linted \(root): \(result.report.summary.files) files, \(parsed) parsed, \(reused) reused"
        if let edgeFilesReused { text += "; call edges of \(edgeFilesReused) files reused" }
        return text + "; \(milliseconds) ms"
    }

    func findings(in path: String) -> [Finding] {
        result.report.findings.filter { $0.file == path }
    }
}

/// The file caches of every project the server has linted, by project root.
final class ProjectCaches {
    private var byRoot: [String: FileResultCache] = [:]

    /// The cache of `root` for lints with `options`; a new one when the configuration changed.
    func cache(root: String, options: LintOptions) -> FileResultCache {
        if let c = byRoot[root], c.fits(options) { return c }
        let c = FileResultCache(config: options.config, allContexts: options.allContexts)
        byRoot[root] = c
        return c
    }

    /// Files held, over every project.
    var count: Int { byRoot.values.reduce(0) { $0 + $1.count } }
}
