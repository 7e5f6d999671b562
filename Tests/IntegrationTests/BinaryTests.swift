import Foundation
import LintTestSupport
import Testing

@Suite struct BinaryTests {
    @Test func binaryIsBuilt() throws {
        #expect(RepoPaths.binary != nil, "looplint binary not found next to the tests; run swift build first")
    }
}
