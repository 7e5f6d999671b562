import ArgumentParser

@main
struct LoopLint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "looplint",
        abstract: "Find event-loop hazards in Node.js code before they reach production.",
        version: "0.1.0",
        subcommands: [ParseCommand.self],
        defaultSubcommand: nil
    )
}
