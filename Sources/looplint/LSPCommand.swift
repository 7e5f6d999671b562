// `looplint lsp`: a Language Server Protocol server on standard input and output, for editors.

import ArgumentParser
import Foundation
import LanguageServer

struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run a Language Server Protocol server over stdio (diagnostics, fixes, suppressions, hover)."
    )

    @Option(help: ArgumentHelp("Wait this long after the last edit before linting.", valueName: "ms"))
    var debounce: Int = 250

    @Flag(name: .customLong("stdio"), help: "Talk over standard input and output (the default and only transport).")
    var stdio = false

    func validate() throws {
        if debounce < 0 { throw ValidationError("--debounce must be 0 or more") }
    }

    func run() throws {
        LSPServer.version = LoopLint.configuration.version
        let server = LSPServer(writer: MessageWriter(fd: STDOUT_FILENO), debounceMilliseconds: debounce)
        let status = server.serve(MessageReader(fd: STDIN_FILENO))
        if status != 0 { throw ExitCode(status) }
    }
}
