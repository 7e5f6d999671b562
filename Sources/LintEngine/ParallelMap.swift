// Runs `body(i)` for i in 0..<count on `jobs` threads and returns results in index order, so the
// outcome does not depend on the thread count or on scheduling. Workers take the indexes in order, or in
// the order the caller gives (the file pass starts with the largest files, so that no thread is left
// parsing one big file alone at the end). Workers get a large stack: parsing
// deeply nested input recurses (the parser bounds the depth; the stack must hold that bound).

import Foundation

public enum ParallelMap {
    public static let workerStackSize = 64 << 20

    /// Shared state of one map: a locked work counter and one result slot per index, each written by
    /// exactly one worker before the group is left.
    private final class Work<T>: @unchecked Sendable {
        let lock = NSLock()
        var next = 0
        let count: Int
        let order: [Int]?
        let slots: UnsafeMutablePointer<T?>

        init(count: Int, order: [Int]?) {
            self.count = count
            self.order = order
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < count else { return nil }
            next += 1
            return order?[next - 1] ?? next - 1
        }

        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }
    }

    /// `order`, when given, is a permutation of 0..<count: the order in which the indexes are started.
    public static func map<T>(count: Int, jobs: Int, order: [Int]? = nil, _ body: @escaping (Int) -> T) -> [T] {
        run(count: count, jobs: jobs, order: order, tasks: false, body)
    }

    /// Like `map`, for tasks that are each a part of the scan in their own right (the project rules, which
    /// run side by side): under `--timings`, what a task's thread does outside its own parallel maps counts
    /// as one-thread time (`PhaseTimer`'s `serial`), as it would on the scan's thread.
    public static func tasks<T>(count: Int, jobs: Int, _ body: @escaping (Int) -> T) -> [T] {
        run(count: count, jobs: jobs, order: nil, tasks: true, body)
    }

    private static func run<T>(count: Int, jobs: Int, order: [Int]?, tasks: Bool, _ body: @escaping (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        precondition(order.map { $0.count == count } ?? true)
        let workers = max(1, min(jobs, count))
        let work = Work<T>(count: count, order: order)
        let group = DispatchGroup()
        nonisolated(unsafe) let run = body
        // Under `--timings`, workers count their time to the caller's current phase.
        let handoff = PhaseTimer.handoff
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                if let handoff {
                    handoff.timer.run(phase: handoff.phase, worker: !tasks) {
                        while let i = work.take() { work.slots[i] = run(i) }
                    }
                } else {
                    while let i = work.take() { work.slots[i] = run(i) }
                }
                group.leave()
            }
            thread.stackSize = workerStackSize
            thread.start()
        }
        PhaseTimer.waiting { group.wait() }
        return (0..<count).map { work.slots[$0]! }
    }

    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
