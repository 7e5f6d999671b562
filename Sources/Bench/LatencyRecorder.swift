// Request latencies in an HDR histogram: microsecond resolution, three significant digits, up to
// ten minutes, so p99 and max stay exact to 0.1% whatever the spread.

import Histogram

public struct LatencyRecorder: Sendable {
    private var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000,
                                              numberOfSignificantValueDigits: .three)

    public init() {}

    public var count: Int { Int(histogram.totalCount) }

    /// Records one latency given in nanoseconds.
    public mutating func record(nanoseconds: UInt64) {
        let micros = Swift.max(1, Swift.min(nanoseconds / 1000, histogram.highestTrackableValue))
        _ = histogram.record(micros)
    }

    public mutating func merge(_ other: LatencyRecorder) {
        histogram.add(other.histogram)
    }

    /// Percentiles and max in milliseconds; zeros when nothing was recorded.
    public func summary() -> LatencySummary {
        guard histogram.totalCount > 0 else { return LatencySummary(p50: 0, p90: 0, p99: 0, max: 0, mean: 0) }
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        return LatencySummary(p50: ms(histogram.valueAtPercentile(50)),
                              p90: ms(histogram.valueAtPercentile(90)),
                              p99: ms(histogram.valueAtPercentile(99)),
                              max: ms(histogram.max),
                              mean: histogram.mean.rounded() / 1000)
    }
}
