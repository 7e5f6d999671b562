// `looplint regex-scan`: a developer command that runs the ReDoS checker on every regex literal in
// the given files and folders and prints how many patterns were analysed, how fast, and which were
// flagged (the corpus benchmark of the ReDoS analysis).

import ArgumentParser
import Foundation
import JSSyntax
import RegexSafety
import SourceText

struct RegexScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regex-scan",
        abstract: "Analyse every regex literal for super-linear backtracking (developer command)."
    )

    @Flag(help: "Skip the PCRE2 confirmation (static analysis only).")
    var noConfirm = false

    @Flag(help: "Print every flagged literal with its attack.")
    var verbose = false

    @Argument(help: "Files or folders (all .js .cjs .mjs .jsx .ts .cts .mts .tsx files below folders).")
    var paths: [String] = []

    func files() throws -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for root in paths.isEmpty ? ["."] : paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(root)")
            }
            guard isDirectory.boolValue else { out.append(root); continue }
            let found = (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter {
                ParseCommand.extensions.contains(($0 as NSString).pathExtension.lowercased())
            }
            out += found.sorted().map { (root as NSString).appendingPathComponent($0) }
        }
        return out
    }

    func run() throws {
        var literals = 0
        var patterns: [String: (pattern: String, flags: String, first: String)] = [:]
        var order: [String] = []
        for path in try files() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let file = SourceFile(path: path, bytes: [UInt8](data))
            let result = Parser.parseAllowingFlow(file, options: ParseOptions.forPath(path))
            let tree = result.tree
            for i in 0..<tree.count {
                guard let (pattern, flags) = tree.regex(of: NodeID(Int32(i))) else { continue }
                literals += 1
                let key = flags + "/" + pattern
                if patterns[key] == nil {
                    let loc = file.location(of: Int(tree.range(NodeID(Int32(i))).start))
                    patterns[key] = (pattern, flags, "\(path):\(loc.line)")
                    order.append(key)
                }
            }
        }
        let clock = ContinuousClock()
        var flagged: [(String, ReDoSReport)] = []
        var syntaxErrors = 0, budget = 0, unconfirmed = 0
        let elapsed = clock.measure {
            for key in order {
                guard let p = patterns[key] else { continue }
                let report = ReDoSChecker.check(pattern: p.pattern, flags: p.flags, confirm: !noConfirm)
                if report.syntaxError != nil { syntaxErrors += 1 }
                if report.staticResult?.budgetExhausted != nil { budget += 1 }
                if report.complexity != nil {
                    flagged.append((p.first, report))
                    if !report.confirmed { unconfirmed += 1 }
                }
            }
        }
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let exponential = flagged.filter { $0.1.complexity == .exponential }.count
        print("regex literals: \(literals), distinct patterns analysed: \(order.count), time: \(String(format: "%.0f", ms)) ms"
              + " (\(String(format: "%.2f", ms / Double(max(1, order.count)))) ms/pattern)")
        print("flagged: \(flagged.count) (exponential \(exponential), polynomial \(flagged.count - exponential)),"
              + " unconfirmed by PCRE2: \(unconfirmed), syntax errors: \(syntaxErrors), budget exhausted: \(budget)")
        if verbose {
            for (place, r) in flagged {
                let kind = r.complexity == .exponential ? "exponential" : "polynomial degree \(r.degree ?? 0)"
                let a = r.attack.map { "prefix \(String(reflecting: $0.prefix)) pump \(String(reflecting: $0.pumps)) suffix \(String(reflecting: $0.suffix))" } ?? ""
                print("\(place): /\(r.pattern)/\(r.flags) \(kind) confirmed=\(r.confirmed) \(a)")
            }
        }
    }
}
