import Foundation
import LintTestSupport
import Testing

/// `looplint check` on a terminal (a pseudo-terminal from Python's pty module): colours, the progress line
/// on standard error and the summary per rule appear there, and never when the output is a pipe or a file,
/// nor in machine formats.
@Suite struct TerminalTests {
    /// Runs looplint with standard output and error on one pseudo-terminal; nil when python3 is missing.
    static func onTerminal(_ args: [String], command: String = "check", cwd: String,
                           env: [String: String] = [:]) throws -> (status: Int32, screen: String)? {
        let script = """
        import os, pty, subprocess, sys
        master, slave = pty.openpty()
        p = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave)
        os.close(slave)
        out = b''
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        sys.stdout.buffer.write(out)
        sys.exit(p.wait())
        """
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment["NO_COLOR"] = nil
        environment["LOOPLINT_PROGRESS_DELAY_MS"] = "0"  // draw from the first tick, however short the scan
        environment.merge(env) { _, new in new }
        let r = Run.process("/usr/bin/env", ["python3", "-c", script, try CheckCommandTests.binary(), command] + args
                                + (command == "check" ? ["--no-cache"] : []),
                            cwd: cwd, environment: environment)
        if r.status == 127 || r.stderr.contains("No module named") { return nil }
        return (r.status, r.stdout.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    static let colour = "\u{1B}[33;1mblocking/fs-sync\u{1B}[0m"
    static let progress = "\r\u{1B}[2K"

    @Test func coloursProgressAndSummaryOnATerminal() throws {
        // The whole fixtures tree takes long enough for the progress line's first tick.
        guard let r = try Self.onTerminal(["fixtures", "--select", "blocking/fs-sync"], cwd: RepoPaths.root) else {
            print("SKIP terminal tests: python3 is missing"); return
        }
        #expect(r.status == 1)
        #expect(r.screen.contains(Self.colour), "a rule id in the severity's colour")
        #expect(r.screen.contains("Findings by rule"))
        #expect(r.screen.contains(Self.progress + "\u{1B}[2m["), "a dimmed progress line")
        #expect(r.screen.contains("parsing and checking files") || r.screen.contains("project analyses"))
        // The line is erased before the report: the report starts on a clean line.
        let lastErase = try #require(r.screen.range(of: Self.progress, options: .backwards))
        #expect(r.screen[lastErase.upperBound...].hasPrefix("\u{1B}[33;1m"), "the report follows the erased line")
    }

    @Test func noColorAndColorNever() throws {
        for (args, env) in [([String](), ["NO_COLOR": "1"]), (["--color", "never"], [:])] {
            guard let r = try Self.onTerminal(["."] + args, cwd: CheckCommandTests.app, env: env) else { return }
            #expect(!r.screen.contains("\u{1B}[3"), "no colour with \(args) \(env)")
            #expect(r.screen.contains("Findings by rule"), "the summary is not a colour")
        }
        // --color always wins over NO_COLOR (a flag given for this run overrides the environment).
        guard let always = try Self.onTerminal([".", "--color", "always"], cwd: CheckCommandTests.app,
                                               env: ["NO_COLOR": "1"]) else { return }
        #expect(always.screen.contains(Self.colour))
    }

    @Test func machineFormatsOnATerminalAreClean() throws {
        guard let r = try Self.onTerminal(["fixtures", "--format", "json", "--fail-on", "never"], cwd: RepoPaths.root) else { return }
        #expect(!r.screen.contains("\u{1B}"), "no progress line, no colour in JSON")
        #expect(try JSONSerialization.jsonObject(with: Data(r.screen.utf8)) is [String: Any])
    }

    @Test func pipesAndFilesAreClean() throws {
        // Not a terminal: no colour, no progress, no summary (also with the progress delay at 0).
        let piped = try CheckCommandTests.check(["."], cwd: CheckCommandTests.app, env: ["LOOPLINT_PROGRESS_DELAY_MS": "0"])
        #expect(!piped.stdout.contains("\u{1B}") && !piped.stderr.contains("\u{1B}"))
        #expect(!piped.stdout.contains("Findings by rule"))
        // A text report written to a file from a terminal: plain, and no progress either.
        let dir = try TempDir()
        guard let r = try Self.onTerminal([".", "--output", dir.path + "/report.txt"], cwd: CheckCommandTests.app) else { return }
        #expect(r.screen.isEmpty, "nothing on the terminal: \(r.screen.debugDescription)")
        let file = try String(contentsOfFile: dir.path + "/report.txt", encoding: .utf8)
        #expect(!file.contains("\u{1B}") && file.contains("blocking/fs-sync"))
    }

    static var hasNode: Bool { Run.process("/usr/bin/env", ["node", "--version"]).status == 0 }

    /// `looplint bench` on a terminal: a progress line with the phase, the route and the time against the
    /// plan, erased before the report; none in JSON, none when standard error is a pipe.
    @Test func benchProgressLine() throws {
        guard Self.hasNode else { print("SKIP bench progress line: node is not on PATH"); return }
        let dir = try TempDir()
        try dir.write("app.js", "require('http').createServer((req, res) => res.end('ok')).listen(0, '127.0.0.1')\n")
        let bench = ["--server-command", "node app.js", "--routes", "/ok", "--duration", "1", "--warmup", "0.5",
                     "--connections", "2"]
        guard let r = try Self.onTerminal(bench, command: "bench", cwd: dir.path) else {
            print("SKIP terminal tests: python3 is missing"); return
        }
        #expect(r.status == 0, "\(r.screen)")
        #expect(r.screen.contains(Self.progress + "\u{1B}[2m["), "a dimmed progress line: \(r.screen.debugDescription)")
        #expect(r.screen.contains("warming up 0.") && r.screen.contains("s/0.5s /ok"), "\(r.screen.debugDescription)")
        #expect(r.screen.contains("load 0.") && r.screen.contains("s/1.0s /ok"), "\(r.screen.debugDescription)")
        // The log line of the route is written above the progress line, and the report follows an erased line.
        #expect(r.screen.contains("looplint: bench /ok\n"))
        let lastErase = try #require(r.screen.range(of: Self.progress, options: .backwards))
        #expect(!r.screen[lastErase.upperBound...].contains("\u{1B}"), "nothing drawn after the report starts")
        #expect(r.screen[lastErase.upperBound...].contains("/ok"), "the report comes after the erased line")

        guard let json = try Self.onTerminal(bench + ["--format", "json"], command: "bench", cwd: dir.path) else { return }
        #expect(json.status == 0)
        #expect(!json.screen.contains("\u{1B}"), "no progress line with JSON: \(json.screen.debugDescription)")

        var env = ProcessInfo.processInfo.environment
        env["LOOPLINT_PROGRESS_DELAY_MS"] = "0"
        let piped = Run.process(try CheckCommandTests.binary(), ["bench"] + bench, cwd: dir.path, environment: env)
        #expect(piped.status == 0)
        #expect(!piped.stderr.contains("\u{1B}") && !piped.stdout.contains("\u{1B}"), "no progress line off a terminal")
    }
}
