// JSON-RPC 2.0 over a byte stream with the Language Server Protocol's framing: a `Content-Length: N`
// header, a blank line (CRLF CRLF), then N bytes of JSON. Written by hand: the framing is twenty lines,
// and the one LSP package among this machine's mirrored Swift packages (the MCP SDK) speaks another
// protocol. Values are a small `JSON` enum; the server decodes each method's params into typed structs.

import Foundation

/// A JSON value, as a message's `id`, `params` or `result`.
public enum JSON: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int.self) { self = .int(i) }
        else if let d = try? c.decode(Double.self) { self = .double(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    public subscript(key: String) -> JSON? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }

    /// Any Encodable value as JSON.
    public init<T: Encodable>(encoding value: T) throws {
        self = try JSONDecoder().decode(JSON.self, from: JSONEncoder().encode(value))
    }

    /// This value decoded as `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(self))
    }
}

/// One incoming message: a request (with `id`), a notification (without), or a response to us.
public struct RPCMessage: Codable, Sendable {
    public var jsonrpc: String?
    public var id: JSON?
    public var method: String?
    public var params: JSON?
    public var result: JSON?
    public var error: JSON?
}

/// Reads framed messages from a file descriptor.
public final class MessageReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var eof = false

    public init(fd: Int32) { self.fd = fd }

    /// The next message body; nil at end of input. Headers other than Content-Length are ignored.
    public func next() -> [UInt8]? {
        while true {
            if let headerEnd = find([0x0D, 0x0A, 0x0D, 0x0A]) {
                let header = String(decoding: buffer[0..<headerEnd], as: UTF8.self)
                var length: Int?
                for line in header.split(separator: "\r\n") {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    if parts.count == 2, parts[0].lowercased() == "content-length" {
                        length = Int(parts[1].trimmingCharacters(in: .whitespaces))
                    }
                }
                guard let length else {
                    // A header without a length cannot be framed: drop it and go on.
                    buffer.removeSubrange(0..<(headerEnd + 4))
                    continue
                }
                while buffer.count < headerEnd + 4 + length, fill() {}
                guard buffer.count >= headerEnd + 4 + length else { return nil }
                let body = Array(buffer[(headerEnd + 4)..<(headerEnd + 4 + length)])
                buffer.removeSubrange(0..<(headerEnd + 4 + length))
                return body
            }
            guard fill() else { return nil }
        }
    }

    func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] {
            if Array(buffer[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    /// Reads more bytes; false at end of input.
    func fill() -> Bool {
        if eof { return false }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { eof = true; return false }
            buffer += chunk[0..<n]
            return true
        }
    }
}

/// Writes framed messages to a file descriptor; safe to call from any thread.
public final class MessageWriter: @unchecked Sendable {
    let fd: Int32
    let lock = NSLock()
    let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public init(fd: Int32) { self.fd = fd }

    public func send(_ object: [String: JSON]) {
        guard let body = try? encoder.encode(JSON.object(object)) else { return }
        var bytes = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        bytes += body
        lock.lock()
        defer { lock.unlock() }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            written += n
        }
    }

    public func respond(id: JSON, result: JSON) {
        send(["jsonrpc": .string("2.0"), "id": id, "result": result])
    }

    public func respond(id: JSON, errorCode: Int, message: String) {
        send(["jsonrpc": .string("2.0"), "id": id,
              "error": .object(["code": .int(errorCode), "message": .string(message)])])
    }

    public func notify(_ method: String, _ params: JSON) {
        send(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
    }
}
