import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse files and report syntax errors and throughput (developer command)."
    )

    @Argument(help: "Files or folders to parse.")
    var paths: [String] = ["."]

    func run() throws {
        throw ValidationError("parse is not built yet")
    }
}
