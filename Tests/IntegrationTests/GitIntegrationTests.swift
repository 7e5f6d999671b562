import Foundation
import LintTestSupport
import Testing

/// Pre-commit: `check --staged` lints what is staged, not the working tree; `hook install` writes a
/// hook and refuses to replace a foreign one without --force. The tests that need git are skipped,
/// with the reason in the test report, when it is not on PATH (CI installs it and counts skips).
@Suite struct GitIntegrationTests {
    static let hasGit: Bool = Run.process("/usr/bin/env", ["git", "--version"], timeout: 60).status == 0

    static func git(_ args: [String], in dir: String) -> Run.Result {
        var env = ProcessInfo.processInfo.environment
        env["GIT_AUTHOR_NAME"] = "t"; env["GIT_AUTHOR_EMAIL"] = "t@example.com"
        env["GIT_COMMITTER_NAME"] = "t"; env["GIT_COMMITTER_EMAIL"] = "t@example.com"
        return Run.process("/usr/bin/env", ["git"] + args, cwd: dir, environment: env)
    }

    static func repo() throws -> TempDir {
        let dir = try TempDir()
        let initialised = git(["init", "-q"], in: dir.path)
        try #require(initialised.status == 0, "git init failed: \(initialised.stderr)")
        return dir
    }

    @Test(.enabled(if: hasGit, "git is not on PATH"))
    func stagedScansTheIndexNotTheWorkingTree() throws {
        let dir = try Self.repo()
        let bad = "const fs = require('fs')\nfunction h(req, res) { res.end(fs.readFileSync('x')) }\nmodule.exports = h\n"
        let good = "const fs = require('fs')\nasync function h(req, res) { res.end(await fs.promises.readFile('x')) }\nmodule.exports = h\n"
        try dir.write("src/h.js", bad)
        try dir.write("src/untracked.js", bad)
        #expect(Self.git(["add", "src/h.js"], in: dir.path).status == 0)
        try dir.write("src/h.js", good)  // fixed in the working tree, not staged

        let staged = try CheckCommandTests.check(["--staged", "--format", "json"], cwd: dir.path)
        #expect(staged.status == 1, "\(staged.stderr)")
        #expect(staged.stdout.contains("src/h.js"))
        #expect(!staged.stdout.contains("untracked.js"), "only staged files are scanned")

        #expect(Self.git(["add", "src/h.js"], in: dir.path).status == 0)
        let fixed = try CheckCommandTests.check(["--staged"], cwd: dir.path)
        #expect(fixed.status == 0, "\(fixed.stdout)")

        let outside = try TempDir()
        #expect(try CheckCommandTests.check(["--staged"], cwd: outside.path).status == 2)
    }

    @Test(.enabled(if: hasGit, "git is not on PATH"))
    func hookInstallWritesAndProtectsHooks() throws {
        let dir = try Self.repo()
        let bin = try CheckCommandTests.binary()
        let first = Run.process(bin, ["hook", "install"], cwd: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        let hook = dir.path + "/.git/hooks/pre-commit"
        let text = try String(contentsOfFile: hook, encoding: .utf8)
        #expect(text.contains("check --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(Run.process(bin, ["hook", "install"], cwd: dir.path).status == 0, "reinstalling our own hook is fine")

        try "#!/bin/sh\necho someone else's hook\n".write(toFile: hook, atomically: true, encoding: .utf8)
        let refused = Run.process(bin, ["hook", "install"], cwd: dir.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--force"))
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains("someone else"))
        #expect(Run.process(bin, ["hook", "install", "--force"], cwd: dir.path).status == 0)
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains("check --staged"))

        // The installed hook blocks a commit of a hazard.
        try dir.write("a.js", "const fs = require('fs')\nfunction h(req, res) { res.end(fs.readFileSync('x')) }\nmodule.exports = h\n")
        #expect(Self.git(["add", "a.js"], in: dir.path).status == 0)
        let commit = Self.git(["commit", "-q", "-m", "x"], in: dir.path)
        #expect(commit.status != 0, "the pre-commit hook rejects the commit: \(commit.stdout)")
    }

    @Test func preCommitFrameworkManifestNamesTheHook() throws {
        let text = try String(contentsOfFile: RepoPaths.path(".pre-commit-hooks.yaml"), encoding: .utf8)
        #expect(text.contains("id: looplint"))
        #expect(text.contains("check"))
    }
}
