// The terminal side of `check` and `bench`: whether to colour, and the progress line on standard error.
//
// Colour (`--color auto|always|never`): `always` and `never` say it; `auto` colours a stream that is a
// terminal (not `TERM=dumb`) when NO_COLOR is unset or empty (https://no-color.org). The progress line,
// the colours and the closing per-rule summary are for people at a terminal: none of them when the report
// goes to a file or a pipe, and none in JSON, SARIF or CI formats.

import Bench
import Foundation
import LintEngine
import Rainbow
import Reporting

enum ColorMode: String, CaseIterable {
    case auto, always, never

    func enabled(for fd: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if let noColor = env["NO_COLOR"], !noColor.isEmpty { return false }
            if env["TERM"] == "dumb" { return false }
            return Terminal.isTerminal(fd)
        }
    }
}

enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Columns of the terminal on `fd`, or 80 when it does not say.
    static func width(_ fd: Int32) -> Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}

/// A line on standard error that shows how far a scan or a bench is, redrawn ten times a second once it
/// has run for `delay` seconds, and erased when it ends (so a quick run prints nothing).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    /// Renders the latest state: (seconds since the start, now in uptime nanoseconds, width) -> line.
    private var latest: @Sendable (Double, UInt64, Int) -> String = { elapsed, _, width in
        LintProgress(phase: .discovering).line(elapsedSeconds: elapsed, width: width)
    }
    private var drawn = false
    private var finished = false
    private let started = DispatchTime.now().uptimeNanoseconds
    private let delay: Double
    private let color: Bool
    private let timer: DispatchSourceTimer

    /// `LOOPLINT_PROGRESS_DELAY_MS` overrides the one-second delay (the tests set it to 0).
    static var defaultDelay: Double {
        ProcessInfo.processInfo.environment["LOOPLINT_PROGRESS_DELAY_MS"].flatMap(Double.init).map { $0 / 1000 } ?? 1
    }

    init(delay: Double = ProgressLine.defaultDelay, color: Bool) {
        self.delay = delay
        self.color = color
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "looplint.progress"))
        timer.schedule(deadline: .now() + .milliseconds(Int(max(delay, 0.05) * 1000)), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    /// The engine's handler: keeps the latest state (called from worker threads).
    var handler: LintProgress.Handler {
        { [weak self] progress in self?.update(progress) }
    }

    func update(_ progress: LintProgress) {
        lock.lock()
        latest = { elapsed, _, width in progress.line(elapsedSeconds: elapsed, width: width) }
        lock.unlock()
    }

    /// The bench's handler: keeps the phase that started last.
    var benchHandler: BenchProgress.Handler {
        { [weak self] progress in self?.update(progress) }
    }

    func update(_ progress: BenchProgress) {
        lock.lock()
        latest = { elapsed, now, width in progress.line(elapsedSeconds: elapsed, now: now, width: width) }
        lock.unlock()
    }

    /// Writes a whole line (a log message) above the progress line, which the next tick redraws.
    func log(_ message: String) {
        lock.lock()
        defer { lock.unlock() }
        write((drawn && !finished ? "\r\u{1B}[2K" : "") + message + "\n")
    }

    private var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished, elapsed >= delay else { return }
        var text = latest(elapsed, DispatchTime.now().uptimeNanoseconds, Terminal.width(STDERR_FILENO) - 1)
        if color {
            TerminalColors.enable()
            text = text.applyingStyle(.dim)
        }
        write("\r\u{1B}[2K" + text)
        drawn = true
    }

    /// Stops redrawing and erases the line; call before the report is written.
    func finish() {
        timer.cancel()
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        if drawn { write("\r\u{1B}[2K") }
    }

    private func write(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
