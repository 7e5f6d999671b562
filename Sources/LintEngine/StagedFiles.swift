// `looplint check --staged`: the files staged in git, with their staged content (the index, not the
// working tree), so a pre-commit hook lints exactly what will be committed.

import Diagnostics
import Foundation

public enum StagedFiles {
    /// Staged (added, copied, modified, renamed) source files under the given paths, read from the index.
    public static func discover(paths: [String], config: LintConfig, cwd: String? = nil) throws -> Discovery {
        let dir = cwd ?? FileManager.default.currentDirectoryPath
        guard let rootOut = git(["rev-parse", "--show-toplevel"], cwd: dir) else {
            throw InputError.git("not inside a git repository (--staged needs one)")
        }
        let root = String(decoding: rootOut, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let list = git(["diff", "--cached", "--name-only", "--diff-filter=ACMR", "-z"], cwd: root) else {
            throw InputError.git("not inside a git repository (--staged needs one)")
        }
        let names = list.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        let scopes = paths.map { FileDiscovery.absolute($0, cwd: dir) }
        let discovery = FileDiscovery(config: config)
        var candidates: [Candidate] = []
        var errors: [ScanError] = []
        for name in names.sorted() {
            let abs = root + "/" + name
            let lastComponent = (name as NSString).lastPathComponent
            guard FileDiscovery.isSourceName(lastComponent), !name.hasSuffix(".d.ts"),
                  !name.split(separator: "/").contains(where: { FileDiscovery.skippedFolders.contains(String($0)) }),
                  scopes.isEmpty || scopes.contains(where: { abs == $0 || abs.hasPrefix($0 == "/" ? "/" : $0 + "/") }),
                  !discovery.isConfigIgnored(absolutePath: abs) else { continue }
            let display = relative(abs, to: dir)
            if let content = git(["show", ":" + name], cwd: root) {
                candidates.append(Candidate(path: display, origin: .staged(content)))
            } else {
                errors.append(ScanError(file: display, message: "cannot read the staged content"))
            }
        }
        return Discovery(candidates: candidates, errors: errors)
    }

    static func relative(_ abs: String, to dir: String) -> String {
        let base = dir.hasSuffix("/") ? dir : dir + "/"
        return abs.hasPrefix(base) ? String(abs.dropFirst(base.count)) : abs
    }

    /// Runs git; nil when it fails.
    static func git(_ args: [String], cwd: String) -> [UInt8]? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = URL(fileURLWithPath: cwd)
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? [UInt8](data) : nil
    }
}
