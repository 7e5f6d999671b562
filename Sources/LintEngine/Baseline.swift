// `--baseline FILE`: an earlier JSON report. A finding is old when the baseline has one with the same
// rule, file and code fingerprint (the fingerprint hashes the code, not the line number, so edits
// elsewhere in the file keep the baseline valid). Matching counts: two identical old findings hide two.

import Diagnostics
import Foundation

public struct Baseline: Sendable {
    struct Key: Hashable {
        var rule: String
        var file: String
        var fingerprint: String
    }

    var remaining: [Key: Int] = [:]

    public init(findings: [Finding]) {
        for f in findings { remaining[Baseline.key(f), default: 0] += 1 }
    }

    static func key(_ f: Finding) -> Key {
        Key(rule: f.ruleId.rawValue, file: Fingerprint.normalizedPath(f.file), fingerprint: f.fingerprint)
    }

    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError.baseline(path: path, reason: "no such file or not readable")
        }
        struct File: Decodable { var findings: [Finding] }
        do {
            return Baseline(findings: try JSONDecoder().decode(File.self, from: data).findings)
        } catch {
            throw InputError.baseline(path: path, reason: "expected a looplint JSON report (--format json)")
        }
    }

    /// The findings not in the baseline, in their original order.
    public func filter(_ findings: [Finding]) -> [Finding] {
        var left = remaining
        return findings.filter { f in
            let k = Baseline.key(f)
            if let n = left[k], n > 0 {
                left[k] = n - 1
                return false
            }
            return true
        }
    }
}
