// ModuleResolver: which project file an import specifier names.
//
// Relative specifiers are joined to the importing file's folder and tried as written, with each source
// extension, with a TypeScript-style `.js` -> `.ts` swap, and as a folder (`package.json` main, then
// `index.*`). Bare specifiers are tried against the nearest tsconfig.json `paths`/`baseUrl` (following
// `extends` to local files), the nearest package.json `imports` (`#name`), the project's own package
// name (`main`/`exports`) and the names of the other packages of its workspace (a package.json with
// `workspaces`, a pnpm-workspace.yaml or a lerna.json above it; an export into build output that is not in
// the project is looked for under `src/`). Anything else is an outside package (nil). Only files in the project count:
// the resolver never touches the disk except through `readConfig`, which is asked for package.json and
// tsconfig.json texts and answers from a cache. One resolver may be asked from several threads at once:
// its caches are read and written under a lock, and an answer computed twice is the same answer.

import Foundation
import SourceText

public enum ProjectPath {
    /// `a/./b/../c` -> `a/c`; keeps a leading `/`.
    public static func normalise(_ path: String) -> String {
        if isNormal(path) { return path }
        var path = path
        if let ascii = path.withUTF8({ normaliseASCII($0) }) { return ascii }
        return normaliseCharacters(path)
    }

    /// `normalise` by characters (a slash followed by a combining mark is one character, no separator).
    static func normaliseCharacters(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            if part == ".." && absolute { continue }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// `normalise` on the bytes of an ASCII path (where every byte is a character, so segments are the
    /// bytes between slashes); nil for any other path.
    static func normaliseASCII(_ u: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        let absolute = u.first == slash
        // the kept segments are written to `out` as they come, each after a slash but the first (after
        // the leading one of an absolute path); `starts` holds where each kept segment begins in `out`.
        // Both are scratch space of the call (a kept segment has a byte and a slash after it but the last,
        // so there are at most `u.count / 2 + 1` of them; `out` is never longer than `u`, or "." for none).
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: u.count + 2) { out -> String? in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: u.count / 2 + 2) { starts -> String? in
                var n = 0, kept = 0
                if absolute {
                    out[0] = slash
                    n = 1
                }
                let base = n
                var start = 0
                var i = 0
                while i <= u.count {
                    if i < u.count {
                        let b = u[i]
                        guard b < 0x80 else { return nil }
                        if b != slash {
                            i += 1
                            continue
                        }
                    }
                    let length = i - start
                    let isDotDot = length == 2 && u[start] == dot && u[start + 1] == dot
                    if length == 0 || (length == 1 && u[start] == dot) {
                        // empty or `.`: dropped
                    } else if isDotDot, kept > 0,
                              !(n - starts[kept - 1] == 2 && out[starts[kept - 1]] == dot && out[starts[kept - 1] + 1] == dot) {
                        // `..` after a kept segment that is not `..`: both go
                        let last = starts[kept - 1]
                        kept -= 1
                        n = kept == 0 ? base : last - 1
                    } else if isDotDot && absolute {
                        // `..` above the root of an absolute path: dropped
                    } else {
                        if kept > 0 {
                            out[n] = slash
                            n += 1
                        }
                        starts[kept] = n
                        kept += 1
                        for k in start..<i { out[n + k - start] = u[k] }
                        n += length
                    }
                    start = i + 1
                    i += 1
                }
                if n == 0 {
                    out[0] = dot
                    n = 1
                }
                return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
            }
        }
    }

    /// Whether `normalise` would return the path unchanged: not empty, no empty, `.` or `..` segment, no
    /// trailing slash (a lone `/` is normal). Most paths are, and this check allocates nothing.
    static func isNormal(_ path: String) -> Bool {
        if let normal = path.utf8.withContiguousStorageIfAvailable({ isNormal(bytes: $0) }) { return normal }
        return isNormal(bytes: path.utf8)
    }

    private static func isNormal<Bytes: BidirectionalCollection>(bytes u: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard let last = u.last else { return false }
        if u.count == 1 { return last != UInt8(ascii: ".") }
        if last == UInt8(ascii: "/") { return false }
        var segmentLength = 0
        var dots = 0
        var first = true
        for b in u {
            if b == UInt8(ascii: "/") {
                // an empty segment is allowed only before a leading slash
                if segmentLength == 0 && !first { return false }
                if segmentLength > 0 && dots == segmentLength && dots <= 2 { return false }
                segmentLength = 0
                dots = 0
            } else {
                segmentLength += 1
                if b == UInt8(ascii: ".") { dots += 1 }
            }
            first = false
        }
        return !(dots == segmentLength && dots <= 2)
    }

    public static func directory(of path: String) -> String {
        // an ASCII path by its bytes: the bytes before its last slash (each byte is one Character)
        let fast = path.utf8.withContiguousStorageIfAvailable { u -> String? in
            var slash = -1
            for i in u.indices {
                let b = u[i]
                if b >= 0x80 { return nil }
                if b == UInt8(ascii: "/") { slash = i }
            }
            if slash < 0 { return "." }
            if slash == 0 { return "/" }
            return String(decoding: UnsafeBufferPointer(rebasing: u[..<slash]), as: UTF8.self)
        }
        if let known = fast ?? nil { return known }
        guard let slash = path.lastIndexASCII(of: UInt8(ascii: "/")) else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    public static func join(_ dir: String, _ rel: String) -> String {
        if rel.hasPrefix("/") { return normalise(rel) }
        if dir == "." || dir.isEmpty { return normalise(rel) }
        if let joined = joinASCII(dir, rel) { return joined }
        return normalise(dir + "/" + rel)
    }

    /// `normalise(dir + "/" + rel)` without normalising byte by byte, for the usual shape of a folder and a
    /// relative specifier: an ASCII folder that is already normal (`isNormal`), and an ASCII `rel` made of
    /// `./` and `../` steps followed by a normal relative path. A `./` step changes nothing, a `../` step
    /// drops the folder's last segment (the folder has no `.` or `..` segment to keep), and the rest is
    /// copied after a slash. Nil for any other shape, or when the steps would climb to the folder's root
    /// or above it: the byte-wise normalisation answers those.
    static func quickJoin(_ d: UnsafeBufferPointer<UInt8>, _ r: UnsafeBufferPointer<UInt8>) -> String? {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var high: UInt8 = 0
        for b in d { high |= b }
        for b in r { high |= b }
        // (the root folder `/` is normal but ends in a slash)
        guard high < 0x80, !d.isEmpty, d[d.count - 1] != slash, isNormal(bytes: d) else { return nil }
        var i = 0
        var end = d.count
        while i + 1 < r.count, r[i] == dot {
            if r[i + 1] == slash {
                i += 2
            } else if i + 2 < r.count, r[i + 1] == dot, r[i + 2] == slash {
                // the folder's last segment goes; one must be left, and not the root alone
                var k = end - 1
                while k > 0, d[k] != slash { k -= 1 }
                guard k > 0 else { return nil }
                end = k
                i += 3
            } else {
                break
            }
        }
        let rest = UnsafeBufferPointer(rebasing: r[i...])
        guard !rest.isEmpty, rest[0] != slash, isNormal(bytes: rest) else { return nil }
        let count = end + 1 + rest.count
        return String(unsafeUninitializedCapacity: count) { out in
            for k in 0..<end { out[k] = d[k] }
            out[end] = slash
            for k in 0..<rest.count { out[end + 1 + k] = rest[k] }
            return count
        }
    }

    /// `normalise(dir + "/" + rel)` for ASCII strings, from one buffer of their bytes (no joined String
    /// built to be normalised); nil when either has another byte.
    static func joinASCII(_ dir: String, _ rel: String) -> String? {
        let answer = dir.utf8.withContiguousStorageIfAvailable { d -> String? in
            rel.utf8.withContiguousStorageIfAvailable { r -> String? in
                if let quick = quickJoin(d, r) { return quick }
                // the joined bytes in scratch space of the call
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: d.count + r.count + 1) { bytes -> String? in
                    for k in 0..<d.count { bytes[k] = d[k] }
                    bytes[d.count] = UInt8(ascii: "/")
                    for k in 0..<r.count { bytes[d.count + 1 + k] = r[k] }
                    return normaliseASCII(UnsafeBufferPointer(bytes))
                }
            } ?? nil
        }
        return answer ?? nil
    }
}

final class ModuleResolver {
    static let sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"]

    let files: [String: Int]
    let readConfig: (String) -> String?
    private let lock = NSLock()
    private let jsonCache = PathTable<[String: Any]>()
    private let tsconfigForDir = PathTable<TSConfig>()
    private let packageForDir = PathTable<(dir: String, json: [String: Any])>()
    private let workspaceForDir = PathTable<String>()
    private let packagesOfWorkspace = PathTable<[String: String]>()
    /// `files`' paths in order, sorted once (under the lock) for every workspace that asks.
    private var sortedPathsStore: [String]?
    private var sortedPaths: [String] {
        lock.lock()
        defer { lock.unlock() }
        if let s = sortedPathsStore { return s }
        let s = files.keys.sorted()
        sortedPathsStore = s
        return s
    }

    struct TSConfig {
        /// The tsconfig.json (or jsconfig.json) it was read from, `extends` not followed.
        var source = ""
        var dir: String
        var baseUrl: String?
        var paths: [(pattern: String, targets: [String])]
    }

    /// Project files by path without a source extension (`src/a` for `src/a.ts`), one slot per entry of
    /// `sourceExtensions` (-1: none): "the first extension that names a file" is one lookup, not one per
    /// extension, each hashing the whole path.
    private let byStem: [String: [Int]]

    init(files: [String: Int], readConfig: @escaping (String) -> String?) {
        self.files = files
        self.readConfig = readConfig
        var byStem: [String: [Int]] = [:]
        let extensionBytes = Self.sourceExtensions.map { Array($0.utf8) }
        for (path, file) in files {
            // an ASCII path by its bytes (each byte a Character: the suffix test and the stem are those of
            // the bytes), any other as Characters
            let ascii = path.utf8.withContiguousStorageIfAvailable { u -> Bool in
                for b in u where b >= 0x80 { return false }
                for (i, ext) in extensionBytes.enumerated() where u.count >= ext.count {
                    let start = u.count - ext.count
                    var same = true
                    for k in 0..<ext.count where u[start + k] != ext[k] {
                        same = false
                        break
                    }
                    guard same else { continue }
                    let stem = String(decoding: UnsafeBufferPointer(rebasing: u[..<start]), as: UTF8.self)
                    byStem[stem, default: Array(repeating: -1, count: Self.sourceExtensions.count)][i] = file
                }
                return true
            }
            if ascii == true { continue }
            for (i, ext) in Self.sourceExtensions.enumerated() where path.hasSuffix(ext) {
                byStem[String(path.dropLast(ext.count)), default: Array(repeating: -1, count: Self.sourceExtensions.count)][i] = file
            }
        }
        self.byStem = byStem
    }

    /// The file `stem` names with the first of `sourceExtensions` that gives a project file.
    private func withExtension(_ stem: String) -> Int? {
        guard let slots = byStem[stem] else { return nil }
        for f in slots where f >= 0 { return f }
        return nil
    }

    /// Answers by folder and specifier: the importing file matters only through its folder.
    private var resolved: [String: [String: Int?]] = [:]

    func resolve(_ specifier: String, from path: String) -> Int? {
        if specifier.isEmpty { return nil }
        return resolve(specifier, fromDirectory: ProjectPath.directory(of: path))
    }

    /// `resolve(_:from:)` for a file in folder `dir` (`ProjectPath.directory(of:)` of its path).
    func resolve(_ specifier: String, fromDirectory dir: String) -> Int? {
        if specifier.isEmpty { return nil }
        lock.lock()
        let known = resolved[dir]?[specifier]
        lock.unlock()
        if let known { return known }
        let answer = resolve(specifier, inDirectory: dir)
        lock.lock()
        resolved[dir, default: [:]][specifier] = .some(answer)
        lock.unlock()
        return answer
    }

    /// `resolve(_:fromDirectory:)` of each specifier, in order: the folder's known answers are looked up
    /// (and the new ones stored) under one lock, the folder's path hashed once each way.
    func resolve(_ specifiers: [String], fromDirectory dir: String) -> [Int?] {
        lock.lock()
        let known = resolved[dir] ?? [:]
        lock.unlock()
        var out: [Int?] = []
        out.reserveCapacity(specifiers.count)
        var found: [String: Int?] = [:]
        for specifier in specifiers {
            if specifier.isEmpty {
                out.append(nil)
            } else if let answer = known[specifier] ?? found[specifier] {
                out.append(answer)
            } else {
                let answer = resolve(specifier, inDirectory: dir)
                found[specifier] = .some(answer)
                out.append(answer)
            }
        }
        if !found.isEmpty {
            lock.lock()
            resolved[dir, default: [:]].merge(found) { old, _ in old }
            lock.unlock()
        }
        return out
    }

    /// `keepingSteps` false asks every bare-specifier step anew, without `bareOutcomes` (tests compare the two).
    private func resolve(_ specifier: String, inDirectory dir: String, keepingSteps: Bool = true) -> Int? {
        if specifier.hasPrefix("./") || specifier.hasPrefix("../") || specifier == "." || specifier == ".."
            || specifier.hasPrefix("/") {
            return resolveFile(ProjectPath.join(dir, specifier))
        }
        if specifier.hasPrefix("node:") { return nil }
        // A bare specifier's answer depends on the folder only through the nearest tsconfig.json, the nearest
        // package.json and the workspace root: each step's outcome is kept by what it reads, so the many
        // folders under one package ask each step once per specifier. The folders' own look-ups run as
        // before, in the same order, so the same config files are read.
        func step(_ step: BareStep, _ scope: String, _ compute: () -> BareOutcome) -> BareOutcome {
            keepingSteps ? bareStep(step, scope, specifier, compute) : compute()
        }
        if let tsconfig = tsconfig(for: dir),
           case .decided(let f) = step(.tsconfig, tsconfig.source, { viaTSConfig(specifier, tsconfig) }) {
            return f
        }
        if let pkg = package(for: dir),
           case .decided(let f) = step(.package, pkg.dir, { viaPackage(specifier, pkg) }) {
            return f
        }
        if let root = workspaceRoot(for: dir),
           case .decided(let f) = step(.workspace, root, { viaWorkspace(specifier, root) }) {
            return f
        }
        return nil
    }

    /// What one step of a bare specifier's resolution decides: the answer (a file, or nil for none in the
    /// project), or nothing, and the next step asks.
    enum BareOutcome: Equatable {
        case decided(Int?)
        case undecided
    }

    /// The steps of a bare specifier's resolution, each decided by one config: the nearest tsconfig.json's
    /// `paths` and `baseUrl`, the nearest package.json's `imports` and name, the workspace's packages.
    enum BareStep: UInt8 {
        case tsconfig, package, workspace
    }

    struct BareKey: Hashable {
        let step: BareStep
        /// What decides the step: the tsconfig.json's path, the package's folder or the workspace root.
        let scope: String
        let specifier: String
    }

    /// Bare specifiers' step outcomes, by step, scope and specifier.
    private var bareOutcomes: [BareKey: BareOutcome] = [:]

    /// `compute`'s outcome for `specifier` at `step` under `scope`, kept in `bareOutcomes` (read and written
    /// under the lock, computed outside it, as `cached`).
    private func bareStep(_ step: BareStep, _ scope: String, _ specifier: String,
                          _ compute: () -> BareOutcome) -> BareOutcome {
        let key = BareKey(step: step, scope: scope, specifier: specifier)
        lock.lock()
        let hit = bareOutcomes[key]
        lock.unlock()
        if let hit { return hit }
        let outcome = compute()
        lock.lock()
        bareOutcomes[key] = outcome
        lock.unlock()
        return outcome
    }

    private func viaTSConfig(_ specifier: String, _ tsconfig: TSConfig) -> BareOutcome {
        for (pattern, targets) in tsconfig.paths {
            guard let star = match(pattern, specifier) else { continue }
            let base = tsconfig.baseUrl ?? tsconfig.dir
            for t in targets {
                let target = Self.replacingStar(t, star)
                if let f = resolveFile(ProjectPath.join(base, target)) { return .decided(f) }
            }
        }
        if let base = tsconfig.baseUrl, let f = resolveFile(ProjectPath.join(base, specifier)) { return .decided(f) }
        return .undecided
    }

    private func viaPackage(_ specifier: String, _ pkg: (dir: String, json: [String: Any])) -> BareOutcome {
        if specifier.hasPrefix("#"), let imports = pkg.json["imports"] as? [String: Any] {
            for (key, value) in imports.sorted(by: { $0.key < $1.key }) {
                guard let star = match(key, specifier), let target = exportTarget(value) else { continue }
                if let f = resolveFile(ProjectPath.join(pkg.dir, Self.replacingStar(target, star))) {
                    return .decided(f)
                }
            }
        }
        if let name = pkg.json["name"] as? String, specifier == name || specifier.hasPrefix(name + "/") {
            return .decided(resolve(specifier, inPackage: pkg.dir, named: name, pkg.json))
        }
        return .undecided
    }

    /// A sibling package of the same workspace (what the package manager links into node_modules).
    private func viaWorkspace(_ specifier: String, _ root: String) -> BareOutcome {
        let parts = specifier.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        let name = specifier.hasPrefix("@") && parts.count > 1 ? parts[0] + "/" + parts[1] : String(parts[0])
        if let packageDir = workspacePackages(root)[name], let json = readJSON(ProjectPath.join(packageDir, "package.json")) {
            return .decided(resolve(specifier, inPackage: packageDir, named: name, json))
        }
        return .undecided
    }

    /// The answer of `resolve(_:inDirectory:)` worked out anew, every step asked without `bareOutcomes`
    /// (tests compare the two).
    func resolveUncached(_ specifier: String, fromDirectory dir: String) -> Int? {
        specifier.isEmpty ? nil : resolve(specifier, inDirectory: dir, keepingSteps: false)
    }

    /// `specifier` (the package's name, or the name and a subpath) inside the package at `packageDir`; a
    /// target in build output that is not in the project (`./dist/index.js`) is looked for under `src/`.
    private func resolve(_ specifier: String, inPackage packageDir: String, named name: String, _ json: [String: Any]) -> Int? {
        let sub = specifier == name ? "." : "." + specifier.dropFirst(name.count)
        var target: String?
        if let exports = json["exports"] {
            target = packageExport(exports, sub)
        } else if sub == "." {
            if let f = resolveDirectory(packageDir) { return f }
            target = (json["main"] as? String) ?? (json["module"] as? String)
        } else {
            target = String(sub)
        }
        guard let target else { return nil }
        if let f = resolveFile(ProjectPath.join(packageDir, target)) { return f }
        var rel = target.hasPrefix("./") ? String(target.dropFirst(2)) : target
        for built in ["dist/", "lib/", "build/", "out/"] where rel.hasPrefix(built) {
            rel = "src/" + rel.dropFirst(built.count)
            for ext in [".d.ts", ".mjs", ".cjs", ".js"] where rel.hasSuffix(ext) {
                rel = String(rel.dropLast(ext.count))
                break
            }
            return resolveFile(ProjectPath.join(packageDir, rel))
        }
        return nil
    }

    /// The nearest folder at or above `dir` that declares a workspace (a package.json with `workspaces`, a
    /// pnpm-workspace.yaml or a lerna.json), or nil.
    private func workspaceRoot(for dir: String) -> String? {
        cached(workspaceForDir, dir) {
            if readJSON(ProjectPath.join(dir, "package.json"))?["workspaces"] != nil
                || readConfig(ProjectPath.join(dir, "pnpm-workspace.yaml")) != nil
                || readConfig(ProjectPath.join(dir, "lerna.json")) != nil
            {
                return dir
            }
            let parent = ProjectPath.directory(of: dir)
            return parent != dir && dir != "." && dir != "/" ? workspaceRoot(for: parent) : nil
        }
    }

    /// The packages of a workspace by name: each package.json in a folder of a project file below `root`
    /// (the first in path order where two share a name).
    private func workspacePackages(_ root: String) -> [String: String] {
        cached(packagesOfWorkspace, root) {
            var out: [String: String] = [:]
            var seen: Set<String> = []
            let prefix = root == "." ? "" : root + "/"
            // lengths in characters, counted by bytes when both are ASCII
            let ascii = prefix.isASCIIText
            let prefixLength = ascii ? prefix.utf8.count : prefix.count
            for path in sortedPaths where path.hasPrefix(prefix) {
                var d = ProjectPath.directory(of: path)
                while (ascii && d.isASCIIText ? d.utf8.count : d.count) > prefixLength, seen.insert(d).inserted {
                    if let name = readJSON(ProjectPath.join(d, "package.json"))?["name"] as? String, out[name] == nil {
                        out[name] = d
                    }
                    d = ProjectPath.directory(of: d)
                }
            }
            return out
        } ?? [:]
    }

    /// `compute`'s answer for `key`, kept in `table`: the table is read and written under the lock, the answer
    /// computed outside it (a computation may ask for a parent folder's answer; two threads computing the
    /// same key get the same answer).
    private func cached<T>(_ table: PathTable<T>, _ key: String, _ compute: () -> T?) -> T? {
        lock.lock()
        let hit = table.values[key]
        lock.unlock()
        if let hit { return hit }
        let result = compute()
        lock.lock()
        table.values[key] = .some(result)
        lock.unlock()
        return result
    }

    /// Answers by path (a folder's nearest config, a file's parsed JSON), read and written under the resolver's
    /// lock (`cached`). A table of its own, not a key path into the resolver: a key path's subscript cost more
    /// than the dictionary look-up it leads to.
    final class PathTable<T> {
        var values: [String: T?] = [:]
    }

    /// `pattern` with at most one `*` against `s`: the text the star stands for ("" for an exact match).
    private func match(_ pattern: String, _ s: String) -> String? {
        switch Self.matchASCII(pattern, s) {
        case .star(let star): return star
        case .noMatch: return nil
        case .notASCII: break
        }
        guard let star = pattern.firstIndex(of: "*") else { return pattern == s ? "" : nil }
        let prefix = pattern[..<star], suffix = pattern[pattern.index(after: star)...]
        guard s.count >= prefix.count + suffix.count, s.hasPrefix(prefix), s.hasSuffix(suffix) else { return nil }
        return String(s.dropFirst(prefix.count).dropLast(suffix.count))
    }

    enum ASCIIMatch {
        case star(String), noMatch, notASCII
    }

    /// `match` by bytes when both strings are ASCII with no CR (every byte one Character, so the same
    /// answer); `notASCII` otherwise.
    static func matchASCII(_ pattern: String, _ s: String) -> ASCIIMatch {
        let answer = pattern.utf8.withContiguousStorageIfAvailable { p -> ASCIIMatch in
            s.utf8.withContiguousStorageIfAvailable { t -> ASCIIMatch in
                // (a CR: "\r\n" is one Character, so cutting by bytes could split it)
                var high: UInt8 = 0
                for b in p { high |= b | (b == 0x0D ? 0x80 : 0) }
                for b in t { high |= b | (b == 0x0D ? 0x80 : 0) }
                guard high < 0x80 else { return .notASCII }
                guard let star = p.firstIndex(of: UInt8(ascii: "*")) else {
                    return p.elementsEqual(t) ? .star("") : .noMatch
                }
                let prefix = star - p.startIndex, suffix = p.endIndex - star - 1
                guard t.count >= prefix + suffix, t.prefix(prefix).elementsEqual(p.prefix(prefix)),
                      t.suffix(suffix).elementsEqual(p.suffix(suffix)) else { return .noMatch }
                return .star(String(decoding: UnsafeBufferPointer(rebasing: t[prefix..<(t.count - suffix)]), as: UTF8.self))
            } ?? .notASCII
        }
        return answer ?? .notASCII
    }

    /// `target.replacingOccurrences(of: "*", with: star)`, by bytes when both are ASCII.
    static func replacingStar(_ target: String, _ star: String) -> String {
        let fast = target.utf8.withContiguousStorageIfAvailable { t -> String? in
            star.utf8.withContiguousStorageIfAvailable { r -> String? in
                var high: UInt8 = 0
                for b in t { high |= b }
                for b in r { high |= b }
                guard high < 0x80 else { return nil }
                var out: [UInt8] = []
                out.reserveCapacity(t.count + r.count)
                for b in t {
                    if b == UInt8(ascii: "*") { out.append(contentsOf: r) } else { out.append(b) }
                }
                return String(decoding: out, as: UTF8.self)
            } ?? nil
        }
        if let known = fast ?? nil { return known }
        return target.replacingOccurrences(of: "*", with: star)
    }

    /// A package.json `exports` entry for a subpath (".", "./sub"): strings, condition objects, arrays.
    private func packageExport(_ exports: Any, _ sub: String) -> String? {
        if let map = exports as? [String: Any], map.keys.contains(where: { $0.hasPrefix(".") }) {
            if let v = map[sub] { return exportTarget(v) }
            for (key, value) in map.sorted(by: { $0.key < $1.key }) {
                if let star = match(key, sub), let t = exportTarget(value) {
                    return Self.replacingStar(t, star)
                }
            }
            return nil
        }
        return sub == "." ? exportTarget(exports) : nil
    }

    private func exportTarget(_ value: Any) -> String? {
        if let s = value as? String { return s }
        if let list = value as? [Any] {
            for v in list { if let t = exportTarget(v) { return t } }
            return nil
        }
        if let map = value as? [String: Any] {
            for condition in ["node", "require", "import", "default", "types"] {
                if let v = map[condition], let t = exportTarget(v) { return t }
            }
            for (_, v) in map.sorted(by: { $0.key < $1.key }) { if let t = exportTarget(v) { return t } }
        }
        return nil
    }

    /// TypeScript ESM: `./x.js` names `./x.ts` (the extensions written, and those of the files they name).
    private static let typeScriptForJavaScript: [(js: String, ts: [String])] = [
        (".js", [".ts", ".tsx"]), (".mjs", [".mts"]), (".cjs", [".cts"]), (".jsx", [".tsx"]),
    ]

    func resolveFile(_ base: String) -> Int? {
        if let f = files[base] ?? withExtension(base) { return f }
        // TypeScript ESM: `./x.js` names `./x.ts`
        for (js, tsList) in Self.typeScriptForJavaScript where base.hasSuffix(js) {
            let stem = String(base.dropLast(js.count))
            for ts in tsList { if let f = files[stem + ts] { return f } }
        }
        return resolveDirectory(base)
    }

    private func resolveDirectory(_ dir: String) -> Int? {
        if let json = readJSON(ProjectPath.join(dir, "package.json")) {
            for key in ["main", "module"] {
                if let main = json[key] as? String, main != ".", main != "./",
                   let f = resolveFileNoDirectory(ProjectPath.join(dir, main)) {
                    return f
                }
            }
            if let exports = json["exports"], let t = packageExport(exports, "."),
               let f = resolveFileNoDirectory(ProjectPath.join(dir, t)) {
                return f
            }
        }
        return resolveFileNoDirectory(ProjectPath.join(dir, "index"))
    }

    private func resolveFileNoDirectory(_ base: String) -> Int? {
        if let f = files[base] ?? withExtension(base) { return f }
        let index = ProjectPath.join(base, "index")
        return files[index] ?? withExtension(index)
    }

    // MARK: - Config files

    private func readJSON(_ path: String) -> [String: Any]? {
        cached(jsonCache, path) {
            guard let text = readConfig(path), let data = Self.stripJSONC(text).data(using: .utf8) else { return nil }
            return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        }
    }

    /// The nearest tsconfig.json (or jsconfig.json) above a folder, with `extends` chains of local files merged.
    private func tsconfig(for dir: String) -> TSConfig? {
        cached(tsconfigForDir, dir) {
            for name in ["tsconfig.json", "jsconfig.json"] {
                let path = ProjectPath.join(dir, name)
                if readJSON(path) != nil {
                    guard var config = loadTSConfig(path, depth: 0) else { return nil }
                    config.source = path
                    return config
                }
            }
            let parent = ProjectPath.directory(of: dir)
            return parent != dir && dir != "." && dir != "/" ? tsconfig(for: parent) : nil
        }
    }

    private func loadTSConfig(_ path: String, depth: Int) -> TSConfig? {
        guard depth < 8, let json = readJSON(path) else { return nil }
        let dir = ProjectPath.directory(of: path)
        var config = TSConfig(dir: dir, baseUrl: nil, paths: [])
        if let ext = json["extends"] as? String, ext.hasPrefix(".") {
            var target = ProjectPath.join(dir, ext)
            if !target.hasSuffix(".json") { target += ".json" }
            if let base = loadTSConfig(target, depth: depth + 1) { config = base }
        }
        if let options = json["compilerOptions"] as? [String: Any] {
            if let baseUrl = options["baseUrl"] as? String { config.baseUrl = ProjectPath.join(dir, baseUrl) }
            if let paths = options["paths"] as? [String: Any] {
                var list: [(String, [String])] = []
                for (key, value) in paths {
                    let targets = (value as? [Any])?.compactMap { $0 as? String } ?? []
                    list.append((key, targets))
                }
                // longest prefix first, as TypeScript does
                list.sort { a, b in
                    let pa = a.0.split(separator: "*", omittingEmptySubsequences: false).first?.count ?? 0
                    let pb = b.0.split(separator: "*", omittingEmptySubsequences: false).first?.count ?? 0
                    return pa != pb ? pa > pb : a.0 < b.0
                }
                // targets of an inherited `paths` are relative to the config that declared them
                if config.baseUrl == nil {
                    config.baseUrl = dir
                }
                config.paths = list.map { (pattern: $0.0, targets: $0.1) }
            }
        }
        return config
    }

    private func package(for dir: String) -> (dir: String, json: [String: Any])? {
        cached(packageForDir, dir) {
            if let json = readJSON(ProjectPath.join(dir, "package.json")) { return (dir, json) }
            let parent = ProjectPath.directory(of: dir)
            return parent != dir && dir != "." && dir != "/" ? package(for: parent) : nil
        }
    }

    /// JSON with comments and trailing commas (tsconfig.json) to plain JSON.
    static func stripJSONC(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        var inString = false
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                out.append(c)
                if c == 0x5C, i + 1 < bytes.count {
                    out.append(bytes[i + 1])
                    i += 2
                    continue
                }
                if c == 0x22 { inString = false }
                i += 1
                continue
            }
            if c == 0x22 {
                inString = true
                out.append(c)
                i += 1
            } else if c == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2F {
                while i < bytes.count, bytes[i] != 0x0A { i += 1 }
            } else if c == 0x2F, i + 1 < bytes.count, bytes[i + 1] == 0x2A {
                i += 2
                while i + 1 < bytes.count, !(bytes[i] == 0x2A && bytes[i + 1] == 0x2F) { i += 1 }
                i += 2
            } else if c == 0x2C {
                // drop a comma followed (after blanks) by } or ]
                var j = i + 1
                while j < bytes.count {
                    if [0x20, 0x09, 0x0A, 0x0D].contains(bytes[j]) {
                        j += 1
                    } else if bytes[j] == 0x2F, j + 1 < bytes.count, bytes[j + 1] == 0x2F {
                        while j < bytes.count, bytes[j] != 0x0A { j += 1 }
                    } else if bytes[j] == 0x2F, j + 1 < bytes.count, bytes[j + 1] == 0x2A {
                        j += 2
                        while j + 1 < bytes.count, !(bytes[j] == 0x2A && bytes[j + 1] == 0x2F) { j += 1 }
                        j += 2
                    } else {
                        break
                    }
                }
                if j < bytes.count, bytes[j] == 0x7D || bytes[j] == 0x5D {
                    i += 1
                } else {
                    out.append(c)
                    i += 1
                }
            } else {
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
