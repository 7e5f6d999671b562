import Foundation
import LintTestSupport
import Testing

/// A real editor client: headless Neovim's built-in LSP client attaches `looplint lsp` to a file with a
/// hazard (fixtures/lsp/app.js), prints the diagnostics it received, applies the fix code action through
/// the server and prints the buffer and the diagnostics after it (fixtures/lsp/nvim-lsp-test.lua).
/// Skipped, with the reason, where nvim is not installed; `.ci/run` installs it so CI does not skip.
@Suite struct NeovimTests {
    static let nvim: String? = ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
        .map { "\($0)/nvim" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test(.enabled(if: nvim != nil, "nvim is not installed (apt-get install -y neovim; .ci/run installs it)"))
    func headlessNeovimReceivesDiagnosticsAndAppliesAFix() throws {
        let nvim = try #require(Self.nvim)
        let dir = try TempDir()
        let source = try String(contentsOfFile: RepoPaths.path("fixtures/lsp/app.js"), encoding: .utf8)
        try dir.write("app.js", source)
        var env = ProcessInfo.processInfo.environment
        env["OUT"] = dir.path + "/out.txt"
        env["LOOPLINT"] = try CheckCommandTests.binary()
        env["XDG_STATE_HOME"] = dir.path + "/state"
        env["XDG_DATA_HOME"] = dir.path + "/data"
        let r = Run.process(nvim, ["--headless", "--clean", "-c", "luafile " + RepoPaths.path("fixtures/lsp/nvim-lsp-test.lua"),
                                   "app.js"], cwd: dir.path, environment: env)
        #expect(r.status == 0, "nvim: \(r.stdout) \(r.stderr)")
        let out = (try? String(contentsOfFile: dir.path + "/out.txt", encoding: .utf8)) ?? ""
        print("headless Neovim session:\n" + out)
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "diagnostic 6:16 serial-await/sequential [looplint] await getFeed waits for getUser (line 5) though it does not depend on it", "\(out)")
        #expect(lines.contains { $0.hasPrefix("code action: Fix serial-await/sequential: ") }, "\(out)")
        #expect(lines.contains("code action: Suppress serial-await/sequential on this line (with a reason)"), "\(out)")
        #expect(lines.contains("buffer 5:   const [user, feed] = await Promise.all([getUser(req.params.id), getFeed(req.params.id)])"), "\(out)")
        #expect(lines.last == "after the fix: no diagnostics", "\(out)")
        #expect(try String(contentsOfFile: dir.path + "/app.js", encoding: .utf8) == source, "the buffer was not saved")
    }
}
