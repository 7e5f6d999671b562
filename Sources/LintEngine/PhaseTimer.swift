// Where a scan's time goes (`looplint check --timings`, like ESLint's TIMING).
//
// A `PhaseTimer` adds up time per named phase. Phases nest: `PhaseTimer.measure("semantic") { ... }`
// inside a rule's phase counts the model's time to "semantic" and the rest to the rule, so every
// phase's figure is its own (exclusive) time and the figures add up. The current timer and the stack
// of open phases are per thread; `ParallelMap` hands the caller's phase to its workers, so work a phase
// spreads over threads is still counted to it. Phase time is therefore summed over threads (it can
// exceed the wall time of the scan), while `stages` are wall-clock spans of the main thread. What a phase
// spends on the scan's own thread, with no worker running for it, is also counted apart (`serial`): the
// part of the scan that more threads cannot shorten. The project stage's tasks (its rules and models, which
// run side by side: `ParallelMap.tasks`) count as the scan's own threads, so their one-thread parts are
// counted too, though they may overlap other tasks' work.
//
// When no timer is installed on a thread, `measure` is one thread-local load and a call.

import Diagnostics
import Foundation

public final class PhaseTimer: @unchecked Sendable {
    private let lock = NSLock()
    private var totals: [String: UInt64] = [:]
    private var serialTotals: [String: UInt64] = [:]
    private var stageList: [(String, UInt64)] = []

    public init() {}

    /// Nanoseconds of a monotonic clock.
    public static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    func add(_ phase: String, _ ns: UInt64, serial: Bool) {
        lock.lock()
        totals[phase, default: 0] += ns
        if serial { serialTotals[phase, default: 0] += ns }
        lock.unlock()
    }

    /// Records a wall-clock stage of the scan (discovery, the file pass, the project pass, ...).
    public func addStage(_ name: String, nanoseconds: UInt64) {
        lock.lock()
        stageList.append((name, nanoseconds))
        lock.unlock()
    }

    /// Runs `body` as a stage: wall clock of this thread, also counted as phase `phase` when given.
    public func stage<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = PhaseTimer.now()
        defer { addStage(name, nanoseconds: PhaseTimer.now() - start) }
        return try body()
    }

    /// The figures so far, in milliseconds: stages in the order they ran, phases in a fixed order
    /// (file pass, shared project analyses, project rules; by name within each).
    public var timings: ScanTimings {
        lock.lock()
        defer { lock.unlock() }
        func ms(_ ns: UInt64) -> Double { (Double(ns) / 100_000).rounded() / 10 }
        func ordered(_ t: [String: UInt64]) -> [PhaseTiming] {
            t.sorted { a, b in
                let ra = PhaseTimer.rank(a.key), rb = PhaseTimer.rank(b.key)
                return ra != rb ? ra < rb : a.key < b.key
            }.map { PhaseTiming(name: $0.key, ms: ms($0.value)) }
        }
        return ScanTimings(stages: stageList.map { PhaseTiming(name: $0.0, ms: ms($0.1)) },
                           phases: ordered(totals), serial: ordered(serialTotals).filter { $0.ms > 0 })
    }

    static func rank(_ phase: String) -> Int {
        let fixed = ["read", "parse", "file roles", "semantic"]
        if let i = fixed.firstIndex(of: phase) { return i }
        if phase.hasPrefix("file rules") { return 10 }
        if phase.hasPrefix("file pass") { return 11 }
        if phase.hasPrefix("project analysis") { return 20 }
        if phase.hasPrefix("project rules") { return 30 }
        return 40
    }

    // MARK: - The current thread's phase stack

    final class Frame {
        let phase: String
        let start: UInt64
        var children: UInt64 = 0
        init(phase: String, start: UInt64) {
            self.phase = phase
            self.start = start
        }
    }

    /// The timer and open phases of one thread.
    final class ThreadState {
        let timer: PhaseTimer
        /// A worker of a `ParallelMap` (not the thread that runs the scan).
        let worker: Bool
        var frames: [Frame] = []
        init(timer: PhaseTimer, worker: Bool) {
            self.timer = timer
            self.worker = worker
        }
    }

    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k) { p in
            #if canImport(Darwin)
            Unmanaged<ThreadState>.fromOpaque(p).release()
            #else
            if let p { Unmanaged<ThreadState>.fromOpaque(p).release() }
            #endif
        }
        return k
    }()

    static var current: ThreadState? {
        guard let p = pthread_getspecific(key) else { return nil }
        return Unmanaged<ThreadState>.fromOpaque(p).takeUnretainedValue()
    }

    private static func setCurrent(_ state: ThreadState?) {
        if let old = pthread_getspecific(key) { Unmanaged<ThreadState>.fromOpaque(old).release() }
        pthread_setspecific(key, state.map { Unmanaged.passRetained($0).toOpaque() })
    }

    /// Runs `body` with this timer installed on the calling thread, inside phase `phase` when given;
    /// `worker`: the thread is one of a `ParallelMap`'s.
    public func run<T>(phase: String? = nil, worker: Bool = false, _ body: () throws -> T) rethrows -> T {
        let previous = PhaseTimer.current
        PhaseTimer.setCurrent(ThreadState(timer: self, worker: worker))
        defer { PhaseTimer.setCurrent(previous) }
        if let phase { return try PhaseTimer.measure(phase, body) }
        return try body()
    }

    /// Counts the time of `body` to `phase` on the calling thread's timer (minus phases nested in it);
    /// just runs `body` when no timer is installed.
    @discardableResult
    public static func measure<T>(_ phase: String, _ body: () throws -> T) rethrows -> T {
        guard let state = current else { return try body() }
        let frame = Frame(phase: phase, start: now())
        state.frames.append(frame)
        defer {
            let elapsed = now() - frame.start
            state.frames.removeLast()
            state.frames.last?.children += elapsed
            state.timer.add(phase, elapsed >= frame.children ? elapsed - frame.children : 0, serial: !state.worker)
        }
        return try body()
    }

    /// Runs `body` (waiting for other threads) without counting its time to any phase: work the other
    /// threads do is counted by them.
    public static func waiting<T>(_ body: () throws -> T) rethrows -> T {
        guard let state = current else { return try body() }
        let start = now()
        defer { state.frames.last?.children += now() - start }
        return try body()
    }

    /// What a worker thread needs to count its time to the phase the caller is in.
    struct Handoff {
        let timer: PhaseTimer
        let phase: String?
    }

    static var handoff: Handoff? {
        guard let state = current else { return nil }
        return Handoff(timer: state.timer, phase: state.frames.last?.phase)
    }
}
