// The scan's shared analyses: values of `rulesOnly` keys are forgotten once the project rules have run
// (and computed again if something asks after that); the others stay for the whole scan.

import Testing
@testable import LintEngine

@Suite struct SharedAnalysesTests {
    final class Calls: @unchecked Sendable {
        var count = 0
    }

    @Test func rulesOnlyValuesAreDroppedOthersKept() {
        let shared = SharedAnalyses()
        let kept = AnalysisKey<Int>("kept")
        let dropped = AnalysisKey<Int>("dropped", rulesOnly: true)
        let keptCalls = Calls(), droppedCalls = Calls()
        func keptValue() -> Int { shared.memo(kept) { keptCalls.count += 1; return 1 } }
        func droppedValue() -> Int { shared.memo(dropped) { droppedCalls.count += 1; return 2 } }
        #expect(keptValue() == 1 && droppedValue() == 2)
        #expect(keptValue() == 1 && droppedValue() == 2)
        #expect(keptCalls.count == 1 && droppedCalls.count == 1)
        shared.dropRulesOnly()
        #expect(keptValue() == 1 && droppedValue() == 2)
        #expect(keptCalls.count == 1)
        #expect(droppedCalls.count == 2)
    }
}
