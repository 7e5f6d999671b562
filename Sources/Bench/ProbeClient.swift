// looplint's side of the probe's control channel (fixtures/bench-server/probe.js): a Unix socket
// at <probe dir>/probe-<port>.sock, one JSON command per line, one JSON answer per line.

import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The probe's answer to `report`, as probe.js writes it.
public struct ProbeReport: Codable, Equatable, Sendable {
    public struct Delay: Codable, Equatable, Sendable {
        public var samples: Int
        public var min: Double
        public var mean: Double
        public var p50: Double
        public var p90: Double
        public var p99: Double
        public var p999: Double
        public var max: Double
        public var distribution: [[Double]]
    }

    public struct Heap: Codable, Equatable, Sendable {
        public var startBytes: Int
        public var endBytes: Int
        public var forcedGC: Bool
    }

    public struct GC: Codable, Equatable, Sendable {
        public var count: Int
        public var major: Int
        public var totalMs: Double
        public var maxMs: Double
    }

    public var pid: Int
    public var resolutionMs: Double
    public var durationMs: Double
    public var delay: Delay
    public var utilization: Double
    public var heap: Heap
    public var gc: GC

    public var loopDelaySummary: LoopDelaySummary {
        let points = delay.distribution.compactMap { pair -> DistributionPoint? in
            guard pair.count == 2 else { return nil }
            return DistributionPoint(percentile: pair[0], value: pair[1])
        }
        return LoopDelaySummary(p50: delay.p50, p90: delay.p90, p99: delay.p99, max: delay.max, mean: delay.mean,
                                samples: delay.samples, distribution: points)
    }
}

public enum ProbeError: Error, CustomStringConvertible {
    case unreachable(String)
    case badAnswer(String)

    public var description: String {
        switch self {
        case .unreachable(let reason): return "the lag probe does not answer: \(reason)"
        case .badAnswer(let text): return "the lag probe gave an answer looplint cannot read: \(text.prefix(200))"
        }
    }
}

final class LineCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    private var buffered: [UInt8] = []
    private var waiting: [EventLoopPromise<String>] = []

    func expectLine(_ promise: EventLoopPromise<String>) {
        waiting.append(promise)
    }

    /// Fails `promise` when it is still waiting (runs on the channel's event loop).
    func giveUp(_ promise: EventLoopPromise<String>, error: Error) {
        guard let index = waiting.firstIndex(where: { $0.futureResult == promise.futureResult }) else { return }
        waiting.remove(at: index)
        promise.fail(error)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if let bytes = buffer.readBytes(length: buffer.readableBytes) { buffered.append(contentsOf: bytes) }
        while let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: buffered[..<newline], as: UTF8.self)
            buffered.removeSubrange(...newline)
            if !waiting.isEmpty { waiting.removeFirst().succeed(line) }
        }
        if buffered.count > 4 << 20 { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        for promise in waiting { promise.fail(ProbeError.unreachable("the control socket closed")) }
        waiting.removeAll()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}

public final class ProbeClient: @unchecked Sendable {
    public let socketPath: String
    private let channel: Channel
    private let collector: LineCollector
    private let lock = NIOLock()

    public static func socketPath(directory: String, port: Int) -> String {
        directory + "/probe-\(port).sock"
    }

    /// The ports whose probe sockets exist in `directory`, ascending.
    public static func announcedPorts(in directory: String) -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("probe-"), name.hasSuffix(".sock") else { return nil }
            return Int(name.dropFirst("probe-".count).dropLast(".sock".count))
        }.sorted()
    }

    public init(socketPath: String, group: EventLoopGroup) async throws {
        self.socketPath = socketPath
        let collector = LineCollector()
        self.collector = collector
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(3))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(collector)
                    }
                }
                .connect(unixDomainSocketPath: socketPath).get()
        } catch {
            throw ProbeError.unreachable("\(socketPath): \(error)")
        }
    }

    deinit {
        channel.close(promise: nil)
    }

    func send(_ command: String, timeout: Double = 15) async throws -> Data {
        let promise = channel.eventLoop.makePromise(of: String.self)
        let collector = collector
        let channel = channel
        channel.eventLoop.execute {
            collector.expectLine(promise)
            var buffer = channel.allocator.buffer(capacity: 32)
            buffer.writeString("{\"cmd\":\"\(command)\"}\n")
            channel.writeAndFlush(buffer, promise: nil)
        }
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            collector.giveUp(promise, error: ProbeError.unreachable("no answer to \(command) within \(Int(timeout)) s"))
        }
        defer { timer.cancel() }
        let line = try await promise.futureResult.get()
        return Data(line.utf8)
    }

    /// Starts a measured phase.
    public func reset() async throws {
        let data = try await send("reset")
        struct Answer: Decodable { var ok: Bool }
        guard (try? JSONDecoder().decode(Answer.self, from: data))?.ok == true else {
            throw ProbeError.badAnswer(String(decoding: data, as: UTF8.self))
        }
    }

    /// The figures since the last reset.
    public func report() async throws -> ProbeReport {
        let data = try await send("report")
        do {
            return try JSONDecoder().decode(ProbeReport.self, from: data)
        } catch {
            throw ProbeError.badAnswer(String(decoding: data, as: UTF8.self))
        }
    }

    public func close() {
        channel.close(promise: nil)
    }
}
