import Diagnostics
import Foundation
import LintEngine
import LintTestSupport
import Rules
import Testing

@Suite struct ProgressTests {
    /// Collects what the engine reports, from its worker threads.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [LintProgress] = []
        func record(_ p: LintProgress) { lock.lock(); events.append(p); lock.unlock() }
        var all: [LintProgress] { lock.lock(); defer { lock.unlock() }; return events }
    }

    @Test(arguments: [1, 2])
    func engineReportsEveryFileThenEachProjectRule(jobs: Int) {
        let files = (0..<7).map { (path: "f\($0).js", content: "const x = \($0)\n") }
        let candidates = files.map { Candidate(path: $0.path, origin: .staged(Array($0.content.utf8))) }
        let recorder = Recorder()
        let linter = RuleRegistry.linter(LintOptions(jobs: jobs))
        _ = linter.run(Discovery(candidates: candidates, errors: []), progress: { recorder.record($0) })
        let events = recorder.all
        let fileEvents = events.filter { $0.phase == .files }
        #expect(fileEvents.first == LintProgress(phase: .files, filesDone: 0, filesTotal: 7))
        #expect(Set(fileEvents.map(\.filesDone)) == Set(0...7), "each file once, whatever the thread")
        let project = events.filter { $0.phase == .project }
        // every rule that runs by default (a rule page's `enabled: false` leaves its rule out)
        let running = RuleRegistry.ids.filter { RuleCatalog.entry(for: $0)?.enabledByDefault ?? true }.count
        #expect(running < RuleRegistry.ids.count)
        #expect(project.count == running)
        #expect(project.first?.detail?.hasPrefix("rule 1/\(running) ") == true)
        #expect(events.last?.phase == .project, "project analyses come after every file")
    }

    @Test func line() {
        let files = LintProgress(phase: .files, filesDone: 812, filesTotal: 1019)
        #expect(files.line(elapsedSeconds: 1.46, width: 80) == "[1.4s] parsing and checking files 812/1019 (79%)")
        let project = LintProgress(phase: .project, filesDone: 1019, filesTotal: 1019, detail: "rule 3/14 serial-await/loop")
        #expect(project.line(elapsedSeconds: 2.1, width: 80)
                == "[2.1s] project analyses 1019/1019 files, rule 3/14 serial-await/loop")
        #expect(LintProgress(phase: .discovering).line(elapsedSeconds: 1, width: 80) == "[1.0s] finding files")
        let narrow = project.line(elapsedSeconds: 2.1, width: 20)
        #expect(narrow.count == 20 && narrow.hasSuffix("…"), "never wider than the terminal: \(narrow)")
        #expect(LintProgress(phase: .files).line(elapsedSeconds: 0, width: 80).hasSuffix("0/0 (0%)"))
    }
}
