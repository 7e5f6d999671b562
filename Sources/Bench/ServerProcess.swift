// Starting and stopping the server under test. The command is split like a shell would split it
// (quotes and backslashes, no expansions) and spawned in a process group of its own, so that
// stopping it by its pid also stops what it started (`npm start` runs node as a child). Output goes
// to a log file whose tail is shown when the server fails. Every started server is registered so
// that Ctrl-C stops it before looplint exits (once the executable has installed the handlers).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOConcurrencyHelpers

public enum ServerError: Error, CustomStringConvertible, Equatable {
    case emptyCommand
    case unbalancedQuote(String)
    case commandNotFound(String)
    case spawnFailed(String, Int32)
    case exited(status: Int32, log: String)
    case neverAnswered(seconds: Double, log: String)
    case portInUse(Int)

    public var description: String {
        switch self {
        case .emptyCommand:
            return "the server command is empty"
        case .unbalancedQuote(let command):
            return "the server command has an unbalanced quote: \(command)"
        case .commandNotFound(let name):
            if name == "node" || name.hasSuffix("/node") {
                return "`node` was not found on PATH; install Node.js 18 or newer (bench needs it to run the server)"
            }
            return "`\(name)` was not found on PATH"
        case .spawnFailed(let name, let code):
            return "cannot start `\(name)`: \(String(cString: strerror(code)))"
        case .exited(let status, let log):
            return "the server exited with status \(status) before answering" + ServerError.tail(log)
        case .neverAnswered(let seconds, let log):
            return "the server did not answer HTTP within \(ServerError.format(seconds)) s" + ServerError.tail(log)
        case .portInUse(let port):
            return "port \(port) on 127.0.0.1 is already in use by another process; stop it or choose another port"
        }
    }

    private static func tail(_ log: String) -> String {
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false).suffix(12)
        let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : "; its output ends with:\n" + text
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Splits a command line into words: single quotes keep everything, double quotes keep all but
/// backslash escapes, a backslash outside quotes escapes the next character.
public func splitCommandLine(_ line: String) throws -> [String] {
    var words: [String] = []
    var current = ""
    var inWord = false
    var quote: Character?
    var escaped = false
    for ch in line {
        if escaped {
            current.append(ch)
            escaped = false
            inWord = true
            continue
        }
        switch (quote, ch) {
        case (nil, "\\"), ("\"", "\\"):
            escaped = true
        case (nil, "'"), (nil, "\""):
            quote = ch
            inWord = true
        case ("'", "'"), ("\"", "\""):
            quote = nil
        case (nil, " "), (nil, "\t"), (nil, "\n"):
            if inWord { words.append(current) }
            current = ""
            inWord = false
        default:
            current.append(ch)
            inWord = true
        }
    }
    if quote != nil || escaped { throw ServerError.unbalancedQuote(line) }
    if inWord { words.append(current) }
    return words
}

/// Finds an executable by name the way a shell does, through PATH.
public func findExecutable(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
    if name.contains("/") {
        return FileManager.default.isExecutableFile(atPath: name) ? name : nil
    }
    for dir in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue,
           FileManager.default.isExecutableFile(atPath: candidate)
        {
            return candidate
        }
    }
    return nil
}

/// This process's open file descriptors above stderr (a close action on one that has been closed
/// since is ignored by posix_spawn).
func inheritedDescriptors() -> [Int32] {
    if let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
        return names.compactMap { Int32($0) }.filter { $0 > 2 }.sorted()
    }
    return Array(3..<1024)
}

public final class ServerProcess: @unchecked Sendable {
    public let pid: pid_t
    public let logPath: String
    private let lock = NIOLock()
    private var exitStatus: Int32?

    /// Spawns `command` with `environment` added to this process's environment.
    public init(command: [String], environment: [String: String], logPath: String) throws {
        guard let name = command.first else { throw ServerError.emptyCommand }
        guard let executable = findExecutable(name) else { throw ServerError.commandNotFound(name) }
        self.logPath = logPath

        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let envStrings = env.keys.sorted().map { "\($0)=\(env[$0] ?? "")" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process leaks into the server: an inherited pipe end would keep some
        // other reader of that pipe from ever seeing its end.
        for fd in inheritedDescriptors() { posix_spawn_file_actions_addclose(&actions, fd) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Signals this process ignores or blocks (looplint ignores SIGINT while it owns a server)
        // are back to their defaults in the server.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + command.dropFirst()).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = envStrings.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw ServerError.spawnFailed(name, code) }
        pid = child
        ServerRegistry.shared.add(pid)
    }

    /// The exit status once the process has ended, without waiting.
    public func exited() -> Int32? {
        lock.withLock {
            if let exitStatus { return exitStatus }
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                ServerRegistry.shared.remove(pid)
            } else if result == -1, errno == ECHILD {
                // Reaped elsewhere: it has ended, with a status nobody can tell any more.
                exitStatus = 255
                ServerRegistry.shared.remove(pid)
            }
            return exitStatus
        }
    }

    public func log() -> String {
        guard let data = FileManager.default.contents(atPath: logPath) else { return "" }
        return String(decoding: data.suffix(8192), as: UTF8.self)
    }

    /// Stops the server's process group: SIGTERM, then SIGKILL when it has not ended after `grace`.
    public func stop(grace: Double = 3) {
        guard exited() == nil else { return }
        kill(-pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while exited() == nil, Date() < deadline {
            usleep(20_000)
        }
        if exited() == nil {
            kill(-pid, SIGKILL)
            let killDeadline = Date().addingTimeInterval(5)
            while exited() == nil, Date() < killDeadline { usleep(10_000) }
        }
        ServerRegistry.shared.remove(pid)
    }
}

/// The servers this process started and has not stopped yet; on SIGINT or SIGTERM they are
/// killed before looplint exits.
public final class ServerRegistry: @unchecked Sendable {
    public static let shared = ServerRegistry()
    private let lock = NIOLock()
    private var pids: [pid_t] = []
    private var sources: [DispatchSourceSignal] = []
    private var interrupted = false

    /// After Ctrl-C the work under way fails (the stopped server refuses connections) while the handler is
    /// still stopping servers; the caller waits here so the process ends as interrupted (128 + signal),
    /// not with that failure. Returns at once when no signal came.
    public func waitIfInterrupted() {
        guard lock.withLock({ interrupted }) else { return }
        for _ in 0..<200 { usleep(50_000) }
    }

    func add(_ pid: pid_t) {
        lock.withLock { pids.append(pid) }
    }

    func remove(_ pid: pid_t) {
        lock.withLock { pids.removeAll { $0 == pid } }
    }

    /// Installs the SIGINT/SIGTERM handlers once.
    public func installSignalHandlers() {
        lock.withLock {
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { [weak self] in
                    self?.lock.withLock { self?.interrupted = true }
                    self?.killAll()
                    FileHandle.standardError.write(Data("looplint: interrupted; the server was stopped\n".utf8))
                    exit(128 + signalNumber)
                }
                source.resume()
                sources.append(source)
            }
        }
    }

    private func killAll() {
        let running = lock.withLock { pids }
        for pid in running { kill(-pid, SIGTERM) }
        usleep(300_000)
        for pid in running {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}
