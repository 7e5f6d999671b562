import ArgumentParser
import Foundation

@main
struct LoopLint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "looplint",
        abstract: "Find event-loop hazards in Node.js code before they reach production.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self,
            ParseCommand.self,
            RulesCommand.self,
            ExplainCommand.self,
            HookCommand.self,
            InitCommand.self,
            BenchCommand.self,
            RegexScanCommand.self,
            LSPCommand.self,
        ],
        defaultSubcommand: nil
    )

    /// Exit statuses follow CLI-CONTRACT.md: 0 clean, 1 findings (thrown as `ExitCode(1)`), 2 for bad
    /// usage, bad config and internal errors (argument parsing included, which would otherwise be 64).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {  // --help, --version
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let message: String
            if !String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") {
                message = "looplint: error: \(error)"
            } else {
                message = fullMessage(for: error)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(2)
        }
    }
}
