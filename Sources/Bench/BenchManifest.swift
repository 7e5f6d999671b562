// The bench server's manifest (fixtures/bench-server/routes.json): endpoint pairs, the finding each
// hazardous helper must raise, and the effect each fix must show.

import Foundation

public struct BenchManifest: Codable, Equatable, Sendable {
    public var description: String?
    public var pairs: [Pair]

    public struct Pair: Codable, Equatable, Sendable {
        public var id: String
        public var family: String
        public var description: String
        public var request: RequestShape?
        public var hazard: Hazard
        public var fixed: Fixed
        public var effect: Effect

        public init(id: String, family: String, description: String, request: RequestShape?, hazard: Hazard,
                    fixed: Fixed, effect: Effect)
        {
            self.id = id
            self.family = family
            self.description = description
            self.request = request
            self.hazard = hazard
            self.fixed = fixed
            self.effect = effect
        }
    }

    public struct RequestShape: Codable, Equatable, Sendable {
        public var method: String?
        /// A generated JSON array body of this many order records.
        public var jsonRecords: Int?
    }

    public struct Hazard: Codable, Equatable, Sendable {
        public var path: String
        public var file: String
        public var line: Int
        /// Text that must appear on `line`, so the manifest cannot drift from the code.
        public var anchor: String
        public var rule: String

        public init(path: String, file: String, line: Int, anchor: String, rule: String) {
            self.path = path
            self.file = file
            self.line = line
            self.anchor = anchor
            self.rule = rule
        }
    }

    public struct Fixed: Codable, Equatable, Sendable {
        public var path: String
        public var file: String

        public init(path: String, file: String) {
            self.path = path
            self.file = file
        }
    }

    public struct Effect: Codable, Equatable, Sendable {
        public enum Metric: String, Codable, Sendable {
            case loopDelayP99, latencyP99, heapGrowth
        }

        public var metric: Metric
        public var minFactor: Double

        public init(metric: Metric, minFactor: Double) {
            self.metric = metric
            self.minFactor = minFactor
        }
    }

    public static func load(path: String) throws -> BenchManifest {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchSetupError.missingFile(path)
        }
        do {
            return try JSONDecoder().decode(BenchManifest.self, from: data)
        } catch {
            throw BenchSetupError.badManifest(path, String(describing: error))
        }
    }

    public func pair(id: String) -> Pair? { pairs.first { $0.id == id } }
}

extension BenchManifest.Pair {
    public func loadRequest(path: String) -> LoadRequest {
        let method = request?.method ?? "GET"
        if let records = request?.jsonRecords {
            return LoadRequest(method: method, path: path, body: orderRecordsJSON(count: records),
                               contentType: "application/json")
        }
        return LoadRequest(method: method, path: path)
    }
}

/// A deterministic JSON array of `count` order records, the body of the import endpoints.
public func orderRecordsJSON(count: Int) -> [UInt8] {
    var text = "["
    text.reserveCapacity(max(0, min(count, 1_000_000)) * 160)
    for i in 0..<max(0, min(count, 1_000_000)) {
        if i > 0 { text += "," }
        let total = Double((i * 7919) % 100_000) / 100
        text += "{\"id\":\(i),\"customer\":\"customer-\((i * 13) % 997)\",\"email\":\"c\(i)@example.com\","
        text += "\"total\":\(total),\"status\":\"\(i % 11 == 0 ? "refunded" : "paid")\","
        text += "\"items\":[{\"sku\":\"sku-\(i % 50)\",\"qty\":\(i % 4 + 1)},{\"sku\":\"sku-\(i % 31)\",\"qty\":1}]}"
    }
    text += "]"
    return Array(text.utf8)
}

public enum BenchSetupError: Error, CustomStringConvertible, Equatable {
    case missingFile(String)
    case badManifest(String, String)
    case benchServerNotFound([String])
    case badURL(String)
    case usage(String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "cannot read \(path)"
        case .badManifest(let path, let reason): return "\(path) is not a valid bench manifest: \(reason)"
        case .benchServerNotFound(let tried):
            return "cannot find the bundled bench server (fixtures/bench-server); looked in "
                + tried.joined(separator: ", ") + "; pass --bench-server DIR or set LOOPLINT_BENCH_SERVER"
        case .badURL(let url): return "\(url) is not an http://HOST:PORT URL"
        case .usage(let message): return message
        }
    }
}
