// Golden files: compare output with a file in the repository, or rewrite it when
// UPDATE_SNAPSHOTS=1 (then review the diff like code).

import Foundation

public enum Snapshot {
    public static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" }

    /// nil when `actual` matches the file at `path` (or the file was rewritten); otherwise a message
    /// naming the first differing line.
    public static func check(_ actual: String, against path: String) -> String? {
        let existing = (try? String(contentsOfFile: path, encoding: .utf8))
        if updating {
            if existing != actual {
                try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                         withIntermediateDirectories: true)
                do { try actual.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    return "cannot write \(path): \(error)"
                }
            }
            return nil
        }
        guard let existing else {
            return "missing golden file \(path); run UPDATE_SNAPSHOTS=1 swift test to create it"
        }
        if existing == actual { return nil }
        return "\(path) is stale; run UPDATE_SNAPSHOTS=1 swift test and review the diff\n" + firstDifference(existing, actual)
    }

    public static func firstDifference(_ expected: String, _ actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<end of file>"
            let al = i < a.count ? String(a[i]) : "<end of file>"
            if el != al { return "line \(i + 1):\n  expected: \(el)\n  actual:   \(al)" }
        }
        return "(identical lines, different bytes)"
    }
}
