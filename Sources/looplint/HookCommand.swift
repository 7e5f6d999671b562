import ArgumentParser
import Foundation
import LintEngine

struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Manage the git pre-commit hook.",
        subcommands: [Install.self]
    )

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install a git pre-commit hook that runs `looplint check --staged`."
        )

        @Flag(help: "Replace an existing pre-commit hook that looplint did not write.")
        var force = false

        static let marker = "# installed by `looplint hook install`"

        func run() throws {
            let git = runGit(["rev-parse", "--git-path", "hooks"])
            guard git.status == 0, !git.output.isEmpty else {
                throw UsageError("not inside a git repository (git rev-parse failed: \(git.error.trimmingCharacters(in: .whitespacesAndNewlines)))")
            }
            let hooks = URL(fileURLWithPath: git.output, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                .standardizedFileURL
            let hook = hooks.appendingPathComponent("pre-commit")
            if let existing = try? String(contentsOf: hook, encoding: .utf8), !existing.contains(Self.marker), !force {
                throw UsageError("\(hook.path) exists and was not written by looplint; rerun with --force to replace it")
            }
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
            let script = """
                #!/bin/sh
                \(Self.marker)
                # Lints the staged content of JavaScript/TypeScript files; `git commit --no-verify` skips it.
                if [ -x \(shellQuoted(binary)) ]; then
                  exec \(shellQuoted(binary)) check --staged
                fi
                exec looplint check --staged

                """
            do {
                try FileManager.default.createDirectory(at: hooks, withIntermediateDirectories: true)
                try script.write(to: hook, atomically: true, encoding: .utf8)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
            } catch {
                throw UsageError("cannot write \(hook.path): \(error.localizedDescription)")
            }
            print("installed \(hook.path)")
        }

        func shellQuoted(_ s: String) -> String {
            "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
    }
}

/// Runs git with the given arguments in the current folder.
func runGit(_ arguments: [String], cwd: String? = nil) -> (status: Int32, output: String, error: String, data: Data) {
    let o = ChildProcess.run("/usr/bin/env", ["git"] + arguments, cwd: cwd)
    if let why = o.launchError { return (-1, "", "cannot run git: \(why)", Data()) }
    let text = String(decoding: o.stdout, as: UTF8.self)
    return (o.status, text.trimmingCharacters(in: .newlines), String(decoding: o.stderr, as: UTF8.self), o.stdout)
}
