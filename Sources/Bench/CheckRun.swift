// The lint half of `bench --verify`: run `looplint check --format json` on the bench server and read
// its findings. Anything short of a clean JSON report (the executable missing, a crash, a non-zero
// status, output that is not the report) is `.notRun` with the reason, which fails every pair.

import Foundation

public enum CheckRun {
    /// Without the cache across runs: the bench folder is left as it was.
    public static let arguments = ["check", "--format", "json", "--fail-on", "never", "--no-cache", "."]

    /// Runs `executable check --format json --fail-on never --no-cache .` in `directory`. A run longer than
    /// `timeout` seconds is stopped and counts as not run.
    public static func run(executable: String, in directory: String, timeout: Double = 300) -> LintRun {
        var environment = ProcessInfo.processInfo.environment
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        func make() -> (Process, Pipe, Pipe) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = environment
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            process.standardInput = FileHandle.nullDevice
            return (process, out, err)
        }
        // A launch can fail for a moment when the executable was just written and another thread's child
        // still holds it open ("text file busy"): an existing file is tried again (a new process) for up to three seconds
        // (a loaded machine can keep the writer from closing it for more than one).
        var (launched, outPipe, errPipe) = make()
        var attempt = 0
        while true {
            do {
                try launched.run()
                break
            } catch {
                attempt += 1
                if attempt >= 30 || !FileManager.default.isExecutableFile(atPath: executable) {
                    return .notRun("cannot run \(executable): \(error.localizedDescription)")
                }
                usleep(100_000)
                (launched, outPipe, errPipe) = make()
            }
        }
        let process = launched, out = outPipe, err = errPipe
        let timedOut = ManagedFlag()
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning {
                timedOut.set()
                process.terminate()
            }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        // Both pipes are read at once so a chatty stderr cannot block the child.
        let errorData = ManagedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        if timedOut.isSet { return .notRun("`looplint check` did not finish within \(Int(timeout)) s") }
        return interpret(status: process.terminationStatus, crashed: process.terminationReason == .uncaughtSignal,
                         stdout: data, stderr: String(decoding: errorData.get(), as: UTF8.self), directory: directory)
    }

    /// Reads a finished `check` run. `crashed` means it ended on a signal (`status` is the signal).
    public static func interpret(status: Int32, crashed: Bool, stdout: Data, stderr: String, directory: String) -> LintRun {
        let firstLine = stderr.split(separator: "\n").first.map { ": " + $0 } ?? ""
        if crashed { return .notRun("`looplint check` crashed (signal \(status))\(firstLine)") }
        if status != 0 { return .notRun("`looplint check` exited with status \(status)\(firstLine)") }
        struct Report: Decodable {
            struct Finding: Decodable { var ruleId: String; var file: String; var line: Int }
            var findings: [Finding]
        }
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: stdout)
        } catch {
            let shown = String(decoding: stdout.prefix(80), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            return .notRun("`looplint check` printed no JSON report"
                + (stdout.isEmpty ? " (empty output)" : " (output began `\(shown)`)"))
        }
        return .ran(report.findings.map { finding in
            var file = finding.file
            if file.hasPrefix("./") { file.removeFirst(2) }
            if file.hasPrefix(directory + "/") { file.removeFirst(directory.count + 1) }
            return FindingRef(ruleId: finding.ruleId, file: file, line: finding.line)
        })
    }
}

private final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

private final class ManagedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()
    func set(_ data: Data) { lock.lock(); value = data; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return value }
}
