// CompactIndexes keeps a table of indexes in two bytes each when every value is -1 or below 0xFFFF, in four
// otherwise; either way it reads back the values it was given (a value that does not fit may come anywhere).

@testable import SourceText
import Testing

@Suite struct CompactIndexesTests {
    static let tables: [[Int32]] = [
        [], [-1], [0, -1, 1, 0xFFFE, -1],
        [0, 1, 0xFFFF],  // the first value that does not fit is the last
        [0xFFFF, 2, -1],  // and the first
        [5, -2, 7],  // below -1
        [-1, 3, Int32.max, 4],
    ]

    @Test(arguments: tables) func readsBackItsValues(_ values: [Int32]) {
        let t = CompactIndexes(values)
        #expect(t.count == values.count)
        #expect((0..<t.count).map { t[$0] } == values)
        let fits = values.allSatisfy { $0 >= -1 && $0 < 0xFFFF }
        #expect(t.isWide == !fits)
    }
}
