// Where the repository, its fixtures and the built binary are, for tests.

import Foundation

public enum RepoPaths {
    /// The repository root, found from this source file's location.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/LintTestSupport/RepoPaths.swift
        return url.path
    }()

    public static func path(_ relative: String) -> String { root + "/" + relative }

    public static var rulesDirectory: String { path("rules") }
    public static var fixtures: String { path("fixtures") }

    /// The `looplint` executable built next to the test bundle (`swift build` puts both in one folder).
    public static var binary: String? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["LOOPLINT_BIN"] { candidates.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("looplint").path)
            dir.deleteLastPathComponent()
        }
        candidates.append(path(".build/debug/looplint"))
        return candidates.first { path in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
                && FileManager.default.isExecutableFile(atPath: path)
        }
    }
}
