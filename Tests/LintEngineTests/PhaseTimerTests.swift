// `--timings`: a phase's time on the scan's own thread is also counted as its serial part; what the
// workers of a `ParallelMap` do for it is not. No test here depends on how long anything takes: the work
// is made of sleeps only to have a time at all, and only which column a phase shows up in is checked.

import Foundation
import Testing
@testable import LintEngine

@Suite struct PhaseTimerTests {
    @Test func workersTimeIsNotSerial() {
        let timer = PhaseTimer()
        timer.run {
            PhaseTimer.measure("alone") { usleep(2_000) }
            PhaseTimer.measure("spread") {
                _ = ParallelMap.map(count: 4, jobs: 2) { i -> Int in
                    usleep(2_000)
                    return i
                }
            }
        }
        let t = timer.timings
        let phases = Dictionary(uniqueKeysWithValues: t.phases.map { ($0.name, $0.ms) })
        let serial = Dictionary(uniqueKeysWithValues: t.serial.map { ($0.name, $0.ms) })
        #expect((phases["alone"] ?? 0) > 0 && (phases["spread"] ?? 0) > 0)
        // the phase that ran on the scan's thread is serial, all of it
        #expect(serial["alone"] == phases["alone"])
        // the workers' sleeps count to the phase, not to its serial part (the caller only waited)
        #expect((serial["spread"] ?? 0) < (phases["spread"] ?? 0))
        for (name, ms) in serial { #expect(ms <= (phases[name] ?? 0)) }
    }
}
