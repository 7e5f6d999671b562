// Turns a discovered file into a `SourceFile`, or into an entry for the report's `errors`: files that
// vanished, cannot be read, are folders, binary, not UTF-8, or larger than the budget allows.

import Diagnostics
import SourceText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum SourceLoader {
    /// Bytes scanned for a NUL to call a file binary (git's heuristic).
    static let binaryProbeBytes = 8_000

    public static func load(_ candidate: Candidate, budget: AnalysisBudget) -> Result<SourceFile, ScanError> {
        readBytes(candidate, budget: budget).flatMap { validate($0, path: candidate.path) }
    }

    /// The candidate's bytes (from disk, the index or a buffer), within the budget's size limit.
    public static func readBytes(_ candidate: Candidate, budget: AnalysisBudget) -> Result<[UInt8], ScanError> {
        let bytes: [UInt8]
        switch candidate.origin {
        case .disk(let absolutePath):
            switch FileSystem.readFile(absolutePath, limit: budget.maxFileBytes) {
            case .success(let b): bytes = b
            case .failure(.tooLarge(let size)):
                return .failure(ScanError(file: candidate.path, message: tooLargeMessage(size, budget: budget)))
            case .failure(.message(let m)):
                let message = m == "no such file or directory" ? "file disappeared during the scan" : "cannot read file: \(m)"
                return .failure(ScanError(file: candidate.path, message: message))
            }
        case .staged(let content), .buffer(_, let content):
            if content.count > budget.maxFileBytes {
                return .failure(ScanError(file: candidate.path, message: tooLargeMessage(content.count, budget: budget)))
            }
            bytes = content
        }
        return .success(bytes)
    }

    static func tooLargeMessage(_ size: Int, budget: AnalysisBudget) -> String {
        "file is too large to analyse (\(megabytes(size)) MB, limit \(megabytes(budget.maxFileBytes)) MB; "
            + "raise budget.maxFileBytes in looplint.yml)"
    }

    static func megabytes(_ n: Int) -> String {
        let tenths = (n * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Binary and UTF-8 checks; a valid file becomes a `SourceFile`.
    public static func validate(_ bytes: [UInt8], path: String) -> Result<SourceFile, ScanError> {
        if hasNUL(bytes, within: binaryProbeBytes) {
            return .failure(ScanError(file: path, message: "binary file (contains NUL bytes), not scanned"))
        }
        if let bad = firstInvalidUTF8(bytes) {
            let file = SourceFile(path: path, bytes: Array(bytes[0..<bad]))
            let at = file.location(of: bad)
            return .failure(ScanError(file: path, line: at.line, column: at.column,
                                      message: "invalid UTF-8 at byte \(bad), not scanned"))
        }
        return .success(SourceFile(path: path, bytes: bytes))
    }

    /// Whether one of the first `limit` bytes is NUL (`memchr`: the byte-by-byte loop cost more than the
    /// rest of loading a file).
    static func hasNUL(_ bytes: [UInt8], within limit: Int) -> Bool {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return false }
            return memchr(base, 0, min(raw.count, limit)) != nil
        }
    }

    /// Offset of the first byte that is not part of a well-formed UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress else { return nil }
            let raw = UnsafeRawPointer(base)
            let n = buf.count
            var i = 0
            while i < n {
                // 32 ASCII bytes at a time, then eight
                while i + 32 <= n {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                        | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 != 0 { break }
                    i += 32
                }
                if i >= n { break }
                if i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
                let b = buf[i]
                if b < 0x80 { i += 1; continue }
                var need = 0
                var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
                switch b {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lo = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: need = 2
                case 0xED: need = 2; hi = 0x9F
                case 0xF0: need = 3; lo = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; hi = 0x8F
                default: return i
                }
                if i + need >= n { return i }
                let c1 = buf[i + 1]
                if c1 < lo || c1 > hi { return i }
                for k in stride(from: 2, through: need, by: 1) {
                    let c = buf[i + k]
                    if c < 0x80 || c > 0xBF { return i }
                }
                i += need + 1
            }
            return nil
        }
    }
}
