import ArgumentParser
import Diagnostics
import Rules

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print a rule's documentation page, with a bad and a good example."
    )

    @Argument(help: "A rule id, for example blocking/fs-sync.")
    var rule: String

    func run() throws {
        guard let entry = RuleCatalog.entry(for: RuleID(rule)) else {
            let close = RuleCatalog.ids.map(\.rawValue).filter { $0.contains(rule) || rule.contains($0) || $0.hasPrefix(rule + "/") }
            var message = "unknown rule '\(rule)'"
            if !close.isEmpty { message += " (did you mean \(close.joined(separator: ", "))?)" }
            throw UsageError(message + "; `looplint rules` lists them")
        }
        print(entry.markdown, terminator: "")
    }
}

/// A usage mistake found after argument parsing; exit status 2 with a one-line message.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
