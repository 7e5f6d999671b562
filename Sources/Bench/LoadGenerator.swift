// HTTP/1.1 keep-alive load from SwiftNIO: `connections` connections, each sending its next request as
// soon as the previous response has ended (a closed loop), until the time or the request count is
// used up. Every response ends a latency sample; statuses of 400 and above, connection failures and
// requests cut off by the final deadline count as errors. Loopback only.

import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

public struct LoadRequest: Sendable, Equatable {
    public var method: String
    /// The path with query; `{seq}` is replaced by the request's sequence number.
    public var path: String
    public var body: [UInt8]
    public var contentType: String?

    public init(method: String = "GET", path: String, body: [UInt8] = [], contentType: String? = nil) {
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
    }
}

public enum LoadLimit: Sendable, Equatable {
    case duration(seconds: Double)
    case requests(Int)
}

public struct LoadOutcome: Sendable {
    public var latency: LatencyRecorder
    public var requests: Int
    public var errors: Int
    public var elapsedSeconds: Double
    /// The first few distinct error descriptions, for the report.
    public var errorSamples: [String]
}

public enum LoadError: Error, CustomStringConvertible, Equatable {
    case notLoopback(String)
    case connectFailed(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .notLoopback(let host):
            return "looplint bench only sends load to this machine (127.0.0.1, ::1 or localhost), not to \(host)"
        case .connectFailed(let host, let port, let reason):
            return "cannot connect to \(host):\(port): \(reason)"
        }
    }
}

public enum LoadBounds {
    public static let maxConnections = 256
    public static let maxDurationSeconds = 600.0
    public static let maxRequests = 2_000_000
    /// How long requests still in flight may take after the time is up before they count as errors.
    public static let drainSeconds = 10.0
    /// A request without a complete response after this long counts as an error and its connection
    /// is closed.
    public static let requestTimeoutSeconds = 30.0
}

/// Accepts only loopback hosts.
public func checkLoopback(_ host: String) throws {
    let allowed = ["127.0.0.1", "localhost", "::1", "[::1]"]
    if allowed.contains(host.lowercased()) { return }
    let parts = host.split(separator: ".")
    if parts.count == 4, parts.first == "127", parts.allSatisfy({ UInt8($0) != nil }) { return }
    throw LoadError.notLoopback(host)
}

/// What all connections of one run share: the counters, the histogram and the stop condition.
final class LoadState: @unchecked Sendable {
    private let lock = NIOLock()
    private var recorder = LatencyRecorder()
    private var issued = 0
    private var completed = 0
    private var errors = 0
    private var errorSamples: [String] = []
    private var stopped = false
    private var status: UInt?
    var lastStatus: UInt? { lock.withLock { status } }
    let limit: LoadLimit
    let started: NIODeadline
    let deadline: NIODeadline

    init(limit: LoadLimit) {
        self.limit = limit
        started = .now()
        switch limit {
        case .duration(let seconds):
            deadline = started + .nanoseconds(Int64(seconds * 1e9))
        case .requests:
            deadline = started + .nanoseconds(Int64(LoadBounds.maxDurationSeconds * 1e9))
        }
    }

    /// The sequence number of the next request to send, or nil when the run is over.
    func nextSequence() -> Int? {
        lock.withLock {
            if stopped || NIODeadline.now() >= deadline { return nil }
            if case .requests(let count) = limit, issued >= count { return nil }
            issued += 1
            return issued
        }
    }

    func recordResponse(status: UInt, nanoseconds: UInt64) {
        lock.withLock {
            completed += 1
            self.status = status
            recorder.record(nanoseconds: nanoseconds)
            if status >= 400 {
                errors += 1
                if errorSamples.count < 5, !errorSamples.contains("HTTP \(status)") { errorSamples.append("HTTP \(status)") }
            }
        }
    }

    func recordError(_ description: String) {
        lock.withLock {
            errors += 1
            if errorSamples.count < 5, !errorSamples.contains(description) { errorSamples.append(description) }
        }
    }

    func stop() {
        lock.withLock { stopped = true }
    }

    func outcome() -> LoadOutcome {
        lock.withLock {
            let elapsed = Double((NIODeadline.now() - started).nanoseconds) / 1e9
            return LoadOutcome(latency: recorder, requests: completed, errors: errors,
                               elapsedSeconds: (elapsed * 1000).rounded() / 1000, errorSamples: errorSamples)
        }
    }
}

/// Drives one keep-alive connection: send, wait for the whole response, send the next.
final class ConnectionDriver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let state: LoadState
    private let request: LoadRequest
    private let host: String
    private let body: ByteBuffer?
    private var sentAt: NIODeadline?
    private var status: UInt = 0
    private var timeout: Scheduled<Void>?
    private let finished: EventLoopPromise<Void>

    init(state: LoadState, request: LoadRequest, host: String, allocator: ByteBufferAllocator,
         finished: EventLoopPromise<Void>)
    {
        self.state = state
        self.request = request
        self.host = host
        self.finished = finished
        body = request.body.isEmpty ? nil : allocator.buffer(bytes: request.body)
    }

    func channelActive(context: ChannelHandlerContext) {
        sendNext(context: context)
        context.fireChannelActive()
    }

    private func sendNext(context: ChannelHandlerContext) {
        guard let sequence = state.nextSequence() else {
            context.close(promise: nil)
            return
        }
        let uri = request.path.replacingOccurrences(of: "{seq}", with: String(sequence))
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: uri)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Connection", value: "keep-alive")
        head.headers.add(name: "User-Agent", value: "looplint-bench")
        if let body {
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
            head.headers.add(name: "Content-Type", value: request.contentType ?? "application/octet-stream")
        }
        sentAt = .now()
        status = 0
        let channel = context.channel
        timeout = context.eventLoop.scheduleTask(in: .milliseconds(Int64(LoadBounds.requestTimeoutSeconds * 1000))) {
            channel.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
        case .body:
            break
        case .end:
            timeout?.cancel()
            timeout = nil
            if let sentAt {
                let elapsed = NIODeadline.now() - sentAt
                state.recordResponse(status: status, nanoseconds: UInt64(max(0, elapsed.nanoseconds)))
            }
            sentAt = nil
            sendNext(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if sentAt != nil {
            state.recordError(String(describing: error))
            sentAt = nil
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timeout?.cancel()
        timeout = nil
        if let sentAt {
            let waited = Double((NIODeadline.now() - sentAt).nanoseconds) / 1e9
            state.recordError(waited >= LoadBounds.requestTimeoutSeconds
                ? "no response within \(Int(LoadBounds.requestTimeoutSeconds)) s"
                : "connection closed before the response ended")
            self.sentAt = nil
        }
        finished.succeed(())
        context.fireChannelInactive()
    }
}

public final class LoadGenerator: @unchecked Sendable {
    let group: MultiThreadedEventLoopGroup

    public init(threads: Int = 1) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
    }

    deinit {
        try? group.syncShutdownGracefully()
    }

    /// Runs one load phase against http://host:port and returns what it measured.
    public func run(host: String, port: Int, request: LoadRequest, connections: Int, limit: LoadLimit) async throws
        -> LoadOutcome
    {
        try checkLoopback(host)
        let state = LoadState(limit: limit)
        let connectionCount = min(max(1, connections), LoadBounds.maxConnections)
        let connectHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        var channels: [Channel] = []
        var done: [EventLoopFuture<Void>] = []
        var firstFailure: Error?
        for _ in 0..<connectionCount {
            let loop = group.next()
            let finished = loop.makePromise(of: Void.self)
            let bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(
                            ConnectionDriver(state: state, request: request, host: "\(host):\(port)",
                                             allocator: channel.allocator, finished: finished))
                    }
                }
            do {
                let channel = try await bootstrap.connect(host: connectHost, port: port).get()
                channels.append(channel)
                done.append(finished.futureResult)
            } catch {
                finished.succeed(())
                state.recordError("connect: \(error)")
                firstFailure = firstFailure ?? error
            }
        }
        if channels.isEmpty, let firstFailure {
            state.stop()
            throw LoadError.connectFailed(host: host, port: port, reason: String(describing: firstFailure))
        }
        // Requests still in flight when the time is up get a grace period, then their connections close.
        let cutoff = state.deadline + .nanoseconds(Int64(LoadBounds.drainSeconds * 1e9))
        let watchdog = group.next().scheduleTask(deadline: cutoff) {
            state.stop()
            for channel in channels { channel.close(promise: nil) }
        }
        for future in done { try? await future.get() }
        watchdog.cancel()
        return state.outcome()
    }

    /// Sends one GET and returns the status, or nil when nothing answered within `timeout` seconds.
    public func probeStatus(host: String, port: Int, path: String, timeout: Double) async -> UInt? {
        guard (try? checkLoopback(host)) != nil else { return nil }
        let state = LoadState(limit: .requests(1))
        let loop = group.next()
        let finished = loop.makePromise(of: Void.self)
        let connectHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.milliseconds(Int64(timeout * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionDriver(state: state, request: LoadRequest(path: path), host: "\(host):\(port)",
                                         allocator: channel.allocator, finished: finished))
                }
            }
        guard let channel = try? await bootstrap.connect(host: connectHost, port: port).get() else {
            finished.succeed(())
            return nil
        }
        let watchdog = loop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) { channel.close(promise: nil) }
        try? await finished.futureResult.get()
        watchdog.cancel()
        let outcome = state.outcome()
        return outcome.requests == 1 ? state.lastStatus : nil
    }
}

extension LoadGenerator {
    /// Whether something accepts TCP connections on host:port.
    public func isListening(host: String, port: Int) async -> Bool {
        let connectHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard let channel = try? await ClientBootstrap(group: group.next()).connectTimeout(.seconds(1))
            .connect(host: connectHost, port: port).get()
        else { return false }
        try? await channel.close()
        return true
    }
}
