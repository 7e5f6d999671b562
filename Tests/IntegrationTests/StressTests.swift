import Foundation
import LintTestSupport
import Testing

/// Never crash, never hang: the generated project shapes of `scripts/stress.py` (dependency-injection type
/// cycles, re-export cycles, mutually recursive modules, a 5,000-deep member chain, 2,500 functions in one
/// call graph, 500 files), each scanned by the built binary, must end with a JSON report and exit 0 or 1.
/// The script's own watchdog (not a timing threshold: it only turns a hang into a failure) is generous.
/// `scripts/stress.py --scale 1` runs the full sizes (10,000 files, 50,000 functions, 100,000-deep chains).
@Suite struct StressTests {
    @Test func generatedShapesEndWithAReport() throws {
        let binary = try #require(RepoPaths.binary, "looplint binary not found next to the tests; run swift build first")
        let r = Run.process("/usr/bin/env", ["python3", RepoPaths.path("scripts/stress.py"), "--scale", "0.05",
                                             "--bin", binary, "--timeout", "240"], timeout: 1500)
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        for shape in ["di-type-cycles", "reexport-cycles", "mutual-recursion", "member-chain-100k",
                      "call-graph-50k-functions", "files-10k"] {
            #expect(r.stdout.contains(shape), "shape \(shape) did not run:\n\(r.stdout)")
        }
        #expect(!r.stdout.contains("FAILED"), "\(r.stdout)")
    }
}
