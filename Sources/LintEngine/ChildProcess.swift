// Runs a child process to completion and collects its output: both pipes are read at once, so a child
// that fills one while the other is read cannot block. Used by the git hook commands and the test
// support's process runner.

import Foundation

public enum ChildProcess {
    public struct Outcome: Sendable {
        /// The exit status; -1 when the process could not be started.
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        /// Why it could not be started.
        public var launchError: String?
    }

    /// Starts `executable` and waits for it. `stdin` nil gives the child an empty standard input; with a
    /// `timeout` the child is terminated when it runs longer.
    public static func run(_ executable: String, _ arguments: [String], cwd: String? = nil,
                           environment: [String: String]? = nil, stdin: Data? = nil, timeout: Double? = nil) -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        if let environment { p.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = stdin == nil ? FileHandle.nullDevice : input
        do { try p.run() } catch {
            return Outcome(status: -1, stdout: Data(), stderr: Data(), launchError: "\(error)")
        }
        let watchdog = DispatchWorkItem { [p] in if p.isRunning { p.terminate() } }
        if let timeout { DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog) }
        defer { watchdog.cancel() }
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, stdout: outData, stderr: errData, launchError: nil)
    }
}
