// The labelled set in fixtures/redos/labelled.json: recall per class on the vulnerable patterns (found
// with the right class) and the false-positive rate on the safe ones. `scripts/redos-eval.sh` runs
// this test and prints the figures.

import Foundation
import Testing
@testable import RegexSafety

struct LabelledEntry: Decodable, Sendable {
    var pattern: String
    var flags: String
    var label: String
    var expected: String
    var advisory: String
    var package: String
}

struct LabelledSet: Decodable {
    var entries: [LabelledEntry]
}

func labelledSetURL() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/redos/labelled.json")
}

@Test func labelledSetRecallAndFalsePositives() throws {
    let data = try Data(contentsOf: labelledSetURL())
    let set = try JSONDecoder().decode(LabelledSet.self, from: data)
    var found: [String: Int] = [:], total: [String: Int] = [:]
    var falsePositives: [String] = [], misses: [String] = []
    var safeCount = 0
    for e in set.entries {
        let report = ReDoSChecker.check(pattern: e.pattern, flags: e.flags)
        #expect(report.syntaxError == nil, "/\(e.pattern)/\(e.flags) does not parse: \(String(describing: report.syntaxError))")
        let got = report.complexity?.rawValue ?? "linear"
        if e.label == "vulnerable" {
            total[e.expected, default: 0] += 1
            if got == e.expected { found[e.expected, default: 0] += 1 } else {
                misses.append("\(e.package) /\(e.pattern)/\(e.flags): expected \(e.expected), got \(got) \(report.unconfirmedReason ?? "")")
            }
        } else {
            safeCount += 1
            if got != "linear" {
                falsePositives.append("\(e.package) /\(e.pattern)/\(e.flags): \(got) attack \(String(describing: report.attack))")
            }
        }
    }
    let vulnerable = total.values.reduce(0, +)
    let hits = found.values.reduce(0, +)
    print("redos-eval: vulnerable \(vulnerable), safe \(safeCount)")
    for cls in total.keys.sorted() {
        print("redos-eval: recall \(cls): \(found[cls, default: 0])/\(total[cls, default: 0])")
    }
    let recall = Double(hits) / Double(max(1, vulnerable))
    let fpr = Double(falsePositives.count) / Double(max(1, safeCount))
    print(String(format: "redos-eval: recall (right class) %.1f%%, false positives %d/%d = %.1f%%", recall * 100,
                 falsePositives.count, safeCount, fpr * 100))
    for m in misses { print("redos-eval: miss \(m)") }
    for f in falsePositives { print("redos-eval: false positive \(f)") }
    #expect(vulnerable >= 60)
    #expect(safeCount >= 60)
    #expect(recall >= 0.95)
    #expect(fpr <= 0.03)
}
