import Bench
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite struct LatencyAndResultTests {
    @Test func percentilesComeFromTheHistogram() {
        var recorder = LatencyRecorder()
        for ms in 1...100 { recorder.record(nanoseconds: UInt64(ms) * 1_000_000) }
        let summary = recorder.summary()
        #expect(recorder.count == 100)
        #expect(abs(summary.p50 - 50) < 0.1)
        #expect(abs(summary.p99 - 99) < 0.1)
        #expect(abs(summary.max - 100) < 0.1)
        #expect(abs(summary.mean - 50.5) < 0.1)
    }

    @Test func emptyRecorderSummarisesToZeros() {
        #expect(LatencyRecorder().summary() == LatencySummary(p50: 0, p90: 0, p99: 0, max: 0, mean: 0))
    }

    @Test func mergingAddsCounts() {
        var a = LatencyRecorder()
        var b = LatencyRecorder()
        a.record(nanoseconds: 2_000_000)
        b.record(nanoseconds: 8_000_000)
        a.merge(b)
        #expect(a.count == 2)
        #expect(abs(a.summary().max - 8) < 0.01)
    }

    @Test func heapGrowthIsScaledTo10kRequests() {
        let heap = HeapSummary(startBytes: 10_000_000, endBytes: 12_000_000, requests: 2_500, afterFullGC: true)
        #expect(heap.growthBytes == 2_000_000)
        #expect(heap.growthPer10kRequests == 8_000_000)
        #expect(HeapSummary(startBytes: 5, endBytes: 9, requests: 0, afterFullGC: false).growthPer10kRequests == 0)
    }

    @Test func requestsPerSecondRoundsToATenth() {
        let r = route("/a", requests: 1_000, elapsed: 3)
        #expect(r.requestsPerSecond == 333.3)
    }

    @Test func reportSurvivesAJSONRoundTrip() throws {
        let report = sampleReport(["/a", "/b"])
        let decoded = try BenchReport.decode(Data(report.jsonString().utf8))
        #expect(decoded == report)
        #expect(report.jsonString().contains("\"requestsPerSecond\""))
    }

    @Test func textTableListsEveryRoute() {
        let text = BenchRendering.text(sampleReport(["/users", "/orders"]))
        #expect(text.contains("/users"))
        #expect(text.contains("/orders"))
        #expect(text.contains("loop p99"))
        #expect(text.contains("4 connections, 2 s per route, 0.5 s warm-up"))
    }
}

@Suite struct CompareAndChartTests {
    @Test func routesAreMatchedByName() {
        let before = sampleReport(["/a", "/b", "/only-before"])
        let after = sampleReport(["/b", "/a", "/only-after"], loopScale: 0.1)
        let comparison = BenchComparison(before: before, after: after)
        #expect(comparison.rows.map(\.label) == ["/a", "/b"])
        #expect(comparison.unmatched == ["/only-before", "/only-after"])
        let text = comparison.text()
        #expect(text.contains("loop delay p99 ms"))
        #expect(text.contains("in one report only: /only-before, /only-after"))
    }

    @Test func changeIsAfterOverBefore() {
        let comparison = BenchComparison(before: sampleReport(["/a"]), after: sampleReport(["/a"], loopScale: 0.1))
        #expect(comparison.text().contains("x0.10"))
    }

    @Test func routesWithNoSharedNameAreMatchedByPosition() {
        let comparison = BenchComparison(before: sampleReport(["/x", "/y"]), after: sampleReport(["/x/fixed", "/y/fixed"]))
        #expect(comparison.rows.map(\.label) == ["/x → …/fixed", "/y → …/fixed"])
        let renamed = BenchComparison(before: sampleReport(["/old"]), after: sampleReport(["/new"]))
        #expect(renamed.rows.map(\.label) == ["/old → /new"])
    }

    @Test func chartIsSelfContainedSVGWithACurvePerSide() {
        let comparison = BenchComparison(before: sampleReport(["/a", "/b", "/c"]),
                                         after: sampleReport(["/a", "/b", "/c"], loopScale: 0.05))
        let svg = SVGChart.render(comparison)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 6)
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("href"))
        #expect(svg.contains(">99.9<"))
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "the chart must be well-formed XML")
    }

    @Test func chartEscapesRouteNames() {
        let comparison = BenchComparison(before: sampleReport(["/a?x=1&y=<2>"]), after: sampleReport(["/a?x=1&y=<2>"]))
        let svg = SVGChart.render(comparison)
        #expect(svg.contains("&amp;y=&lt;2&gt;"))
        #expect(XMLParser(data: Data(svg.utf8)).parse())
    }

    @Test func chartSaysSoWhenNoRouteHasProbeFigures() {
        var report = sampleReport(["/a"])
        report.routes[0].loopDelay = nil
        let svg = SVGChart.render(BenchComparison(before: report, after: report))
        #expect(svg.contains("no route has event-loop figures"))
        #expect(!svg.contains("<polyline"))
    }
}

@Suite struct VerifyJudgementTests {
    let blocking = pair(metric: .loopDelayP99, factor: 5)

    @Test func loopDelayMustDropFiveFold() {
        let pass = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 60), fixed: route("/f", loopP99: 10))
        #expect(pass.passes)
        #expect(pass.factor == 6)
        let fail = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 40), fixed: route("/f", loopP99: 10))
        #expect(!fail.passes)
    }

    @Test func subMillisecondFixedDelayCountsAsOneMillisecond() {
        let verdict = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 4), fixed: route("/f", loopP99: 0.01))
        #expect(!verdict.passes)
        #expect(verdict.factor == 4)
    }

    @Test func errorsFailThePair() {
        var fixed = route("/f", loopP99: 1)
        fixed.errors = 3
        #expect(!VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 90), fixed: fixed).passes)
    }

    @Test func missingProbeFiguresFailThePair() {
        var fixed = route("/f", loopP99: 1)
        fixed.loopDelay = nil
        let verdict = VerifyEffect.verdict(for: blocking, hazard: route("/h", loopP99: 90), fixed: fixed)
        #expect(!verdict.passes)
        #expect(verdict.summary.contains("probe"))
    }

    @Test func latencyPairUsesRequestLatency() {
        let serial = pair(metric: .latencyP99, factor: 2)
        #expect(VerifyEffect.verdict(for: serial, hazard: route("/h", latencyP99: 125), fixed: route("/f", latencyP99: 45)).passes)
        #expect(!VerifyEffect.verdict(for: serial, hazard: route("/h", latencyP99: 80), fixed: route("/f", latencyP99: 45)).passes)
    }

    @Test func heapPairNeedsGrowthThatTheFixBounds() {
        let cache = pair(metric: .heapGrowth, factor: 5)
        let growing = route("/h", heapPer10k: 20 << 20)
        #expect(VerifyEffect.verdict(for: cache, hazard: growing, fixed: route("/f", heapPer10k: 300 << 10)).passes)
        #expect(VerifyEffect.verdict(for: cache, hazard: growing, fixed: route("/f", heapPer10k: -2 << 20)).passes)
        #expect(!VerifyEffect.verdict(for: cache, hazard: growing, fixed: route("/f", heapPer10k: 8 << 20)).passes)
        let flat = VerifyEffect.verdict(for: cache, hazard: route("/h", heapPer10k: 200 << 10), fixed: route("/f", heapPer10k: 0))
        #expect(!flat.passes, "a hazard that does not grow proves nothing")
    }
}

@Suite struct CommandLineAndSafetyTests {
    @Test func commandLinesSplitLikeAShell() throws {
        #expect(try splitCommandLine("node app.js --port 8080") == ["node", "app.js", "--port", "8080"])
        #expect(try splitCommandLine("node 'my app.js' \"a b\" c\\ d") == ["node", "my app.js", "a b", "c d"])
        #expect(try splitCommandLine("  node   x  ") == ["node", "x"])
        #expect(try splitCommandLine("node ''") == ["node", ""])
        #expect(throws: ServerError.self) { try splitCommandLine("node 'open") }
    }

    @Test func onlyLoopbackIsLoaded() throws {
        try checkLoopback("127.0.0.1")
        try checkLoopback("127.4.5.6")
        try checkLoopback("localhost")
        try checkLoopback("::1")
        #expect(throws: LoadError.self) { try checkLoopback("10.0.0.1") }
        #expect(throws: LoadError.self) { try checkLoopback("example.com") }
        #expect(throws: LoadError.self) { try checkLoopback("127.0.0.1.example.com") }
        let target = try parseTargetURL("http://127.0.0.1:3000/x")
        #expect(target.host == "127.0.0.1" && target.port == 3000)
        #expect(throws: (any Error).self) { try parseTargetURL("https://127.0.0.1:3000") }
        #expect(throws: LoadError.self) { try parseTargetURL("http://192.168.1.2:80") }
    }

    @Test func planBoundsDurationRequestsAndConnections() {
        let plan = LoadPlan(connections: 10_000, limit: .duration(seconds: 1e9), warmupSeconds: 1e6)
        #expect(plan.connections == LoadBounds.maxConnections)
        #expect(plan.limit == .duration(seconds: LoadBounds.maxDurationSeconds))
        #expect(plan.warmupSeconds == 60)
        #expect(LoadPlan(connections: 0, limit: .requests(.max), warmupSeconds: -1).limit == .requests(LoadBounds.maxRequests))
    }

    @Test func routeNamesDropTheQuery() {
        #expect(RouteSpec(path: "/users?id=3").name == "/users")
        #expect(RouteSpec(path: "orders").request.path == "/orders")
    }

    @Test func orderBodiesAreValidJSON() throws {
        let body = orderRecordsJSON(count: 25)
        let decoded = try JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]]
        #expect(decoded?.count == 25)
        #expect(orderRecordsJSON(count: 0) == Array("[]".utf8))
    }

    @Test func missingExecutableIsNamed() {
        #expect(findExecutable("looplint-no-such-program-here") == nil)
        #expect(ServerError.commandNotFound("node").description.contains("Node.js"))
    }
}

// MARK: fixtures

func pair(metric: BenchManifest.Effect.Metric, factor: Double) -> BenchManifest.Pair {
    BenchManifest.Pair(id: "blocking/fs-sync", family: "blocking", description: "test pair", request: nil,
                       hazard: .init(path: "/h", file: "lib/h.js", line: 7, anchor: "readFileSync", rule: "blocking/fs-sync"),
                       fixed: .init(path: "/f", file: "lib/f.js"), effect: .init(metric: metric, minFactor: factor))
}

func route(_ name: String, requests: Int = 1_000, elapsed: Double = 2, loopP99: Double = 1, latencyP99: Double = 5,
           heapPer10k: Int = 0) -> RouteResult
{
    let loop = LoopDelaySummary(p50: loopP99 / 4, p90: loopP99 / 2, p99: loopP99, max: loopP99 * 1.5, mean: loopP99 / 3,
                                samples: 900,
                                distribution: [DistributionPoint(percentile: 0, value: 0.01),
                                               DistributionPoint(percentile: 50, value: loopP99 / 4),
                                               DistributionPoint(percentile: 99, value: loopP99),
                                               DistributionPoint(percentile: 100, value: loopP99 * 1.5)])
    return RouteResult(route: name, method: "GET", path: name, requests: requests, errors: 0, elapsedSeconds: elapsed,
                       latency: LatencySummary(p50: latencyP99 / 2, p90: latencyP99 * 0.8, p99: latencyP99,
                                               max: latencyP99 * 2, mean: latencyP99 / 2),
                       loopDelay: loop, utilization: 0.5,
                       heap: HeapSummary(startBytes: 1 << 24, endBytes: (1 << 24) + heapPer10k * requests / 10_000,
                                         requests: requests, afterFullGC: true),
                       gc: GCSummary(count: 3, major: 0, totalMs: 2, maxMs: 1))
}

func sampleReport(_ names: [String], loopScale: Double = 1) -> BenchReport {
    BenchReport(version: "0.1.0", target: "test",
                settings: BenchSettings(connections: 4, durationSeconds: 2, requests: nil, warmupSeconds: 0.5),
                routes: names.enumerated().map { i, name in route(name, loopP99: 40 * loopScale * Double(i + 1)) })
}

@Suite struct BenchProgressTests {
    @Test func lineShowsPhaseRouteAndTimeAgainstPlan() {
        let start: UInt64 = 1_000_000_000
        let load = BenchProgress(phase: .load, route: "/users", plannedSeconds: 30, startedAt: start)
        #expect(load.line(elapsedSeconds: 14.27, now: start + 12_400_000_000, width: 80) == "[14.2s] load 12s/30s /users")
        // The clock may run past the plan (the last requests drain): the line stops at the plan.
        #expect(load.line(elapsedSeconds: 40, now: start + 31_000_000_000, width: 80) == "[40.0s] load 30s/30s /users")
        let warm = BenchProgress(phase: .warmingUp, route: "/fs-sync", plannedSeconds: 0.3, startedAt: start)
            .inPair(3, of: 8, id: "sync-fs")
        #expect(warm.line(elapsedSeconds: 31, now: start + 200_000_000, width: 80)
                == "[31.0s] verifying pair 3/8 sync-fs: warming up 0.2s/0.3s /fs-sync")
        let counted = BenchProgress(phase: .load, route: "/", plannedRequests: 5000, startedAt: start)
        #expect(counted.line(elapsedSeconds: 3, now: start + 2_500_000_000, width: 80) == "[3.0s] load 2.5s (5000 requests) /")
        let starting = BenchProgress(phase: .starting, startedAt: start)
        #expect(starting.line(elapsedSeconds: 1.5, now: start + 1_500_000_000, width: 80) == "[1.5s] starting the server 1.5s")
        // A narrow terminal gets the line cut with an ellipsis.
        #expect(warm.line(elapsedSeconds: 31, now: start, width: 20) == "[31.0s] verifying p…")
    }
}
