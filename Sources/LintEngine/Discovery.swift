// File discovery: which files `looplint check PATH...` scans.
//
// Folders are walked in byte order of names, so the candidate list is the same on every run. Files
// with the contract's extensions are kept; `node_modules`, `.git`, looplint's cache folder, `*.d.ts` and whatever .gitignore
// files (from the repository root down) or `ignore:` globs name are skipped. Symbolic links are
// followed, with loops and broken links reported under `errors`; so are folders we cannot list and
// FIFOs or devices that carry a source extension. Nothing here stops the scan.

import Diagnostics
import Foundation

public struct Candidate: Hashable, Sendable {
    public enum Origin: Hashable, Sendable {
        /// Read from this absolute path.
        case disk(String)
        /// Staged content from the git index (`looplint check --staged`).
        case staged([UInt8])
        /// Content held in memory for the file at this absolute path: an editor's unsaved buffer, or a
        /// file with fixes applied that is checked before it is written.
        case buffer(absolutePath: String, content: [UInt8])
    }

    /// The path as reached from the given PATH; what reports show.
    public var path: String
    public var origin: Origin
    /// The path below the scanned folder it was found in (for a file named explicitly, `path`): what file
    /// roles are read from, so a project checked out under `/home/me/tests/` is not taken for a test.
    public var scopePath: String

    public var isDiskOrigin: Bool { if case .disk = origin { return true } else { return false } }

    /// The file's absolute path on disk, when it has one (read from disk, or a buffer standing in for it).
    public var absolutePath: String? {
        switch origin {
        case .disk(let abs), .buffer(let abs, _): return abs
        case .staged: return nil
        }
    }

    /// The same file with `content` in place of what is on disk.
    public func overriding(with content: [UInt8]) -> Candidate {
        guard let abs = absolutePath else { return Candidate(path: path, origin: .staged(content), scopePath: scopePath) }
        return Candidate(path: path, origin: .buffer(absolutePath: abs, content: content), scopePath: scopePath)
    }
    public init(path: String, origin: Origin, scopePath: String? = nil) {
        self.path = path
        self.origin = origin
        self.scopePath = scopePath ?? path
    }
}

public struct Discovery: Sendable {
    public var candidates: [Candidate]
    public var errors: [ScanError]
    /// The size on disk of each candidate as the walk saw it, when known: the scan starts with the
    /// largest files (it only orders the work, the file is read again).
    public var sizes: [Int]?
    /// Which project files (package.json, tsconfig.json, ...) each walked folder held when the walk listed it:
    /// the project analyses look for them in every folder above a source file, and most are absent.
    public var listings = FolderListings()

    public init(candidates: [Candidate], errors: [ScanError], sizes: [Int]? = nil) {
        self.candidates = candidates
        self.errors = errors
        self.sizes = sizes.flatMap { $0.count == candidates.count ? $0 : nil }
    }
}

/// For each folder the walk listed, which of `FolderListings.names` it held: a look-up of one of those
/// names in such a folder needs no system call when the folder did not hold it.
public struct FolderListings: Sendable {
    /// The project files the analyses look for in the folders above source files.
    public static let names = ["package.json", "tsconfig.json", "jsconfig.json", "pnpm-workspace.yaml", "lerna.json",
                               "action.yml", "action.yaml"]
    /// Absolute folder path -> bit i set when it holds `names[i]`.
    private(set) var held: [String: UInt8] = [:]

    public init() {}

    public var isEmpty: Bool { held.isEmpty }

    mutating func record(folder: String, entries: [FileSystem.Entry]) {
        var mask: UInt8 = 0
        for entry in entries {
            if let i = FolderListings.names.firstIndex(of: entry.name) { mask |= 1 << UInt8(i) }
        }
        held[folder] = mask
    }

    mutating func merge(_ other: FolderListings) {
        held.merge(other.held) { a, _ in a }
    }

    /// True when `path` is one of `names` in a listed folder that did not hold it; false when it may exist.
    public func isKnownAbsent(_ path: String) -> Bool {
        guard !held.isEmpty else { return false }
        let u = path.utf8
        guard let slash = u.lastIndex(of: UInt8(ascii: "/")), slash != u.startIndex else { return false }
        let name = String(Substring(u[u.index(after: slash)...]))
        guard let i = FolderListings.names.firstIndex(of: name),
              let mask = held[String(Substring(u[..<slash]))] else { return false }
        return mask & (1 << UInt8(i)) == 0
    }
}

/// Usage mistakes about inputs; the CLI maps them to exit status 2.
public enum InputError: Error, Hashable, CustomStringConvertible {
    case noSuchPath(String)
    case baseline(path: String, reason: String)
    case git(String)
    case output(path: String, reason: String)

    public var description: String {
        switch self {
        case .noSuchPath(let p): return "\(p): no such file or directory"
        case .baseline(let path, let reason): return "\(path): not a usable baseline: \(reason)"
        case .git(let message): return "git: \(message)"
        case .output(let path, let reason): return "\(path): cannot write report: \(reason)"
        }
    }
}

public struct FileDiscovery {
    public static let sourceExtensions: Set<String> = ["js", "cjs", "mjs", "jsx", "ts", "cts", "mts", "tsx"]
    /// Never walked: dependencies, git's own folder and looplint's cache folder (`ScanCache.folderName`).
    public static let skippedFolders: Set<String> = ["node_modules", ".git", ".looplint-cache"]

    public var config: LintConfig
    /// Absolute folders never walked (a `--cache-dir` inside the scanned tree).
    public var skippedPaths: Set<String> = []
    /// Threads for the walk: the folders right under a scanned folder are walked side by side.
    public var jobs = 1
    let configIgnores: [Glob]

    public init(config: LintConfig, skippedPaths: Set<String> = []) {
        self.config = config
        self.skippedPaths = Set(skippedPaths.map { FileDiscovery.absolute($0) })
        configIgnores = config.ignore.map { Glob($0) }
    }

    /// Whether the name has a scanned extension and is not a declaration file.
    public static func isSourceName(_ name: String) -> Bool {
        // on bytes, with no String made: called for every entry of every folder walked
        var name = name
        return name.withUTF8 { u in
            var dot = u.count - 1
            while dot >= 0 && u[dot] != UInt8(ascii: ".") { dot -= 1 }
            // no dot, or only a leading one (a hidden file's name)
            guard dot > 0 else { return false }
            let n = u.count - dot - 1
            let j = UInt8(ascii: "j"), t = UInt8(ascii: "t"), s = UInt8(ascii: "s"), x = UInt8(ascii: "x")
            let c = UInt8(ascii: "c"), m = UInt8(ascii: "m")
            // `sourceExtensions`: js, ts; cjs, mjs, cts, mts; jsx, tsx
            let typescript: Bool
            if n == 2, u[dot + 2] == s, u[dot + 1] == j || u[dot + 1] == t {
                typescript = u[dot + 1] == t
            } else if n == 3, u[dot + 1] == c || u[dot + 1] == m, u[dot + 3] == s, u[dot + 2] == j || u[dot + 2] == t {
                typescript = u[dot + 2] == t
            } else if n == 3, u[dot + 3] == x, u[dot + 2] == s, u[dot + 1] == j || u[dot + 1] == t {
                return true
            } else {
                return false
            }
            // declaration files (`.d.ts`, `.d.mts`, `.d.cts`) hold no code
            if typescript, dot >= 2, u[dot - 1] == UInt8(ascii: "d"), u[dot - 2] == UInt8(ascii: ".") { return false }
            return true
        }
    }

    public static func absolute(_ path: String, cwd: String? = nil) -> String {
        if let cwd, !path.hasPrefix("/") {
            return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd, isDirectory: true))
                .standardizedFileURL.path
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func join(_ dir: String, _ name: String) -> String {
        if dir == "." { return name }
        return dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    public func isConfigIgnored(absolutePath: String) -> Bool {
        guard !configIgnores.isEmpty, let base = config.baseDirectory.map({ FileDiscovery.absolute($0) }),
              let rel = GitIgnoreStack.relative(absolutePath, to: base) else { return false }
        return configIgnores.contains { $0.matches(rel) }
    }

    /// The .gitignore files above `absoluteDir` up to the repository root (the folder holding `.git`).
    static func ancestorIgnores(of absoluteDir: String) -> GitIgnoreStack {
        var chain: [String] = []
        var dir = URL(fileURLWithPath: absoluteDir)
        var foundRoot = false
        while true {
            chain.append(dir.path)
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(".git").path) { foundRoot = true; break }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        var stack = GitIgnoreStack()
        // Outside a repository only the scanned folder's own .gitignore files count.
        guard foundRoot else { return stack }
        for d in chain.dropFirst().reversed() {
            if let text = try? String(contentsOfFile: d + "/.gitignore", encoding: .utf8) {
                stack.push(GitIgnore(base: d, text: text))
            }
        }
        return stack
    }

    /// A scanned folder that only holds projects (no package.json and no file of its own, as a checkout of
    /// several repositories side by side) gives each project's files their path below that project's
    /// folder: the conventions of file roles (an application's top-level `client/`, `tools/`, build
    /// scripts) are the project's, so `apps/wiki/client/x.js` is read as `client/x.js` when `apps/wiki`
    /// holds a package.json. A folder that is a project itself, or holds files of its own, keeps its paths.
    /// The walk's `listings` answer for the folders it listed without a system call.
    static func scopeProjectsOfFolder(_ folder: String, _ candidates: inout ArraySlice<Candidate>, listings: FolderListings) {
        let slash = UInt8(ascii: "/")
        func holdsPackage(_ dir: String) -> Bool {
            let path = dir + "/package.json"
            return !listings.isKnownAbsent(path) && FileManager.default.fileExists(atPath: path)
        }
        guard !candidates.isEmpty, !holdsPackage(folder),
              candidates.allSatisfy({ $0.scopePath.utf8.contains(slash) }) else { return }
        var isProject: [Substring: Bool] = [:]
        for i in candidates.indices {
            let scope = candidates[i].scopePath
            guard let cut = scope.utf8.firstIndex(of: slash) else { continue }
            let first = Substring(scope.utf8[..<cut])
            let project: Bool
            if let known = isProject[first] {
                project = known
            } else {
                project = holdsPackage(folder + "/" + first)
                isProject[first] = project
            }
            if project { candidates[i].scopePath = String(Substring(scope.utf8[scope.utf8.index(after: cut)...])) }
        }
    }

    /// Walks `paths` (relative ones resolved against `cwd`, default the process's). Throws
    /// `InputError.noSuchPath` for a PATH that does not exist.
    public func discover(_ paths: [String], cwd: String? = nil) throws -> Discovery {
        var state = WalkState()
        for path in paths {
            let abs = FileDiscovery.absolute(path, cwd: cwd)
            switch FileSystem.status(abs, follow: true) {
            case .failure:
                if case .success = FileSystem.status(abs, follow: false) {
                    state.errors.append(ScanError(file: path, message: "broken symbolic link"))
                    continue
                }
                throw InputError.noSuchPath(path)
            case .success((.directory, let id)):
                let ignores = FileDiscovery.ancestorIgnores(of: abs)
                let before = state.candidates.count
                walk(display: path, absolute: abs, identity: id, ancestors: [], ignores: ignores, state: &state,
                     childrenSideBySide: jobs > 1)
                let prefix = path == "." ? "" : (path.hasSuffix("/") ? path : path + "/")
                for i in before..<state.candidates.count where state.candidates[i].path.hasPrefix(prefix) {
                    state.candidates[i].scopePath = String(state.candidates[i].path.dropFirst(prefix.count))
                }
                FileDiscovery.scopeProjectsOfFolder(abs, &state.candidates[before...], listings: state.listings)
            case .success((.regular(let size), _)):
                // Named explicitly: scanned whatever its extension, unless looplint.yml ignores it.
                if !isConfigIgnored(absolutePath: abs) { state.add(Candidate(path: path, origin: .disk(abs)), abs, size: size) }
            case .success:
                state.errors.append(ScanError(file: path, message: "not a regular file"))
            }
        }
        let order = state.candidates.indices.sorted { state.candidates[$0].path < state.candidates[$1].path }
        var discovery = Discovery(candidates: order.map { state.candidates[$0] },
                                  errors: state.errors.sorted(by: ScanError.reportOrder),
                                  sizes: order.map { state.sizes[$0] })
        discovery.listings = state.listings
        return discovery
    }

    struct WalkState {
        var candidates: [Candidate] = []
        /// The size of each candidate, in the same order.
        var sizes: [Int] = []
        var errors: [ScanError] = []
        var seenFiles: Set<String> = []
        var seenFolders: Set<FileIdentity> = []
        var listings = FolderListings()

        /// Adds a folder's walk made apart (`walkAhead`), started with only `parent` seen, when it is the walk
        /// this state would make now: none of its folders and files was reached before. False (nothing
        /// added) otherwise: the folder is then walked again, in order.
        mutating func takes(_ ahead: WalkState, walkedFrom parent: FileIdentity) -> Bool {
            for f in ahead.seenFolders where f != parent && seenFolders.contains(f) { return false }
            guard seenFiles.isDisjoint(with: ahead.seenFiles) else { return false }
            candidates += ahead.candidates
            sizes += ahead.sizes
            errors += ahead.errors
            seenFiles.formUnion(ahead.seenFiles)
            seenFolders.formUnion(ahead.seenFolders)
            listings.merge(ahead.listings)
            return true
        }

        mutating func add(_ c: Candidate, _ abs: String, size: Int) {
            if seenFiles.insert(abs).inserted {
                candidates.append(c)
                sizes.append(size)
            }
        }
    }

    func walk(display: String, absolute: String, identity: FileIdentity, ancestors: Set<FileIdentity>,
              ignores: GitIgnoreStack, state: inout WalkState, childrenSideBySide: Bool = false)
    {
        // A folder reached twice through different links is walked once.
        guard state.seenFolders.insert(identity).inserted else { return }
        var ancestors = ancestors
        ancestors.insert(identity)
        let entries: [FileSystem.Entry]
        switch FileSystem.list(absolute) {
        case .success(let e): entries = e
        case .failure(let failure):
            let message = failure.message
            state.errors.append(ScanError(file: display, message: "cannot read folder: \(message)"))
            return
        }
        state.listings.record(folder: absolute, entries: entries)
        var ignores = ignores
        if entries.contains(where: { $0.name == ".gitignore" }), let text = try? String(contentsOfFile: absolute + "/.gitignore", encoding: .utf8) {
            ignores.push(GitIgnore(base: absolute, text: text))
        }
        let walkedAhead = childrenSideBySide ? walkAhead(entries, absolute, display, identity, ancestors, ignores) : [:]
        for entry in entries {
            let name = entry.name
            if FileDiscovery.skippedFolders.contains(name) { continue }
            // a plain file that is not a source file: nothing to look at (and no stat)
            if entry.isPlainFile, !FileDiscovery.isSourceName(name) { continue }
            let childDisplay = FileDiscovery.join(display, name)
            let childAbsolute = absolute == "/" ? "/" + name : absolute + "/" + name
            switch FileSystem.status(childAbsolute, follow: false) {
            case .failure:
                continue  // removed between listing and stat: nothing to scan
            case .success((.symlink, _)):
                switch FileSystem.status(childAbsolute, follow: true) {
                case .failure(let failure):
                    let message = failure.message
                    if FileDiscovery.isSourceName(name) || message.contains("symbolic links") {
                        state.errors.append(ScanError(file: childDisplay,
                            message: message.contains("symbolic links") ? "symbolic link loop" : "broken symbolic link"))
                    }
                case .success((.directory, let id)):
                    if ancestors.contains(id) {
                        state.errors.append(ScanError(file: childDisplay, message: "symbolic link loop (links to a folder above it)"))
                    } else if !ignores.isIgnored(absolutePath: childAbsolute, isDirectory: true),
                              !isConfigIgnored(absolutePath: childAbsolute), !skippedPaths.contains(childAbsolute)
                    {
                        walk(display: childDisplay, absolute: childAbsolute, identity: id, ancestors: ancestors,
                             ignores: ignores, state: &state)
                    }
                case .success((let kind, _)):
                    visitFile(name: name, display: childDisplay, absolute: childAbsolute, kind: kind, ignores: ignores, state: &state)
                }
            case .success((.directory, let id)):
                if ignores.isIgnored(absolutePath: childAbsolute, isDirectory: true) { continue }
                if isConfigIgnored(absolutePath: childAbsolute) { continue }
                if skippedPaths.contains(childAbsolute) { continue }
                if let ahead = walkedAhead[name], state.takes(ahead, walkedFrom: identity) { continue }
                walk(display: childDisplay, absolute: childAbsolute, identity: id, ancestors: ancestors,
                     ignores: ignores, state: &state)
            case .success((let kind, _)):
                visitFile(name: name, display: childDisplay, absolute: childAbsolute, kind: kind, ignores: ignores, state: &state)
            }
        }
    }

    /// The plain folders among a folder's entries (not links, not ignored: `ignores` holds the folder's own
    /// .gitignore), each walked on its own on the scan's threads, as if nothing had been walked before it but
    /// the folder above. `WalkState.takes` accepts such a walk only where it is the one the walk in order
    /// would have made.
    func walkAhead(_ entries: [FileSystem.Entry], _ absolute: String, _ display: String, _ identity: FileIdentity,
                   _ ancestors: Set<FileIdentity>, _ ignores: GitIgnoreStack) -> [String: WalkState]
    {
        var folders: [(name: String, id: FileIdentity)] = []
        for entry in entries where !entry.isPlainFile && !FileDiscovery.skippedFolders.contains(entry.name) {
            let childAbsolute = absolute == "/" ? "/" + entry.name : absolute + "/" + entry.name
            guard case .success((.directory, let id)) = FileSystem.status(childAbsolute, follow: false),
                  !ignores.isIgnored(absolutePath: childAbsolute, isDirectory: true),
                  !isConfigIgnored(absolutePath: childAbsolute), !skippedPaths.contains(childAbsolute) else { continue }
            folders.append((entry.name, id))
        }
        guard folders.count > 1 else { return [:] }
        let walks = ParallelMap.map(count: folders.count, jobs: jobs) { i -> WalkState in
            var sub = WalkState()
            sub.seenFolders = [identity]
            let name = folders[i].name
            walk(display: FileDiscovery.join(display, name), absolute: absolute == "/" ? "/" + name : absolute + "/" + name,
                 identity: folders[i].id, ancestors: ancestors, ignores: ignores, state: &sub)
            return sub
        }
        var out: [String: WalkState] = [:]
        for (i, f) in folders.enumerated() { out[f.name] = walks[i] }
        return out
    }

    func visitFile(name: String, display: String, absolute: String, kind: FileKind, ignores: GitIgnoreStack,
                   state: inout WalkState)
    {
        guard FileDiscovery.isSourceName(name) else { return }
        if ignores.isIgnored(absolutePath: absolute, isDirectory: false) { return }
        if isConfigIgnored(absolutePath: absolute) { return }
        switch kind {
        case .regular(let size): state.add(Candidate(path: display, origin: .disk(absolute)), absolute, size: size)
        default: state.errors.append(ScanError(file: display, message: "not a regular file"))
        }
    }
}
