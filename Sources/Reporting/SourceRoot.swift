// Where CI reports' paths start. A finding's `file` is the path as reached from the scanned PATH
// (relative to the working folder), which is what a terminal wants; GitHub code scanning, GitHub
// annotations and GitLab Code Quality want paths from the repository root. `SourceRoot` maps one to the
// other with string operations only (the executable finds the folders; reporters stay pure):
//
//   root /repo, working folder /repo/services/api:  src/a.js      -> services/api/src/a.js
//                                                   ../web/b.js   -> services/web/b.js
//                                                   /repo/c.js    -> c.js
//                                                   /elsewhere.js -> nil (outside the root)

public struct SourceRoot: Hashable, Sendable {
    /// Absolute, `/`-separated, without a trailing slash (`/` itself for the file system root).
    public var root: String
    /// The folder relative paths are relative to (absolute).
    public var workingDirectory: String

    public init(root: String, workingDirectory: String) {
        self.root = SourceRoot.normalized(root)
        self.workingDirectory = SourceRoot.normalized(workingDirectory)
    }

    /// `path` relative to the root, `/`-separated, or nil when it lies outside the root.
    public func relative(_ path: String) -> String? {
        let absolute = SourceRoot.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
        if absolute == root { return "" }
        let prefix = root == "/" ? "/" : root + "/"
        guard absolute.hasPrefix(prefix) else { return nil }
        return String(absolute.dropFirst(prefix.count))
    }

    /// The path a CI report shows: relative to the root when inside it, else absolute.
    public func display(_ path: String) -> String {
        relative(path) ?? SourceRoot.normalized(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    /// The root as a `file://` URI with a trailing slash, as SARIF's `originalUriBaseIds` wants.
    public var rootURI: String {
        "file://" + SARIFReporter.percentEncoded(root == "/" ? "/" : root + "/")
    }

    /// Resolves `.`, `..` and repeated slashes of an absolute path.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
