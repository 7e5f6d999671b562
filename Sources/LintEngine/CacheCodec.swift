// The cache's byte format: varints, length-prefixed UTF-8 strings and tagged values, written and read
// field by field so a finding comes back exactly as it was (evidence fields in their order, a double
// stays a double), which a JSON round trip would not guarantee. Reading checks every bound and throws
// on anything malformed; the cache then ignores the entry.

import Diagnostics
import JSSyntax

struct CacheFormatError: Error {}

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func u64(_ v: UInt64) {
        var x = v.littleEndian
        withUnsafeBytes(of: &x) { bytes.append(contentsOf: $0) }
    }

    /// Unsigned LEB128.
    mutating func uvar(_ v: UInt64) {
        var x = v
        while x >= 0x80 {
            bytes.append(UInt8(x & 0x7F) | 0x80)
            x >>= 7
        }
        bytes.append(UInt8(x))
    }

    /// Zigzag, then LEB128.
    mutating func int(_ v: Int) {
        let x = Int64(v)
        uvar(UInt64(bitPattern: (x << 1) ^ (x >> 63)))
    }

    mutating func bool(_ v: Bool) { u8(v ? 1 : 0) }

    mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { buf in
            uvar(UInt64(buf.count))
            bytes.append(contentsOf: buf)
        }
    }

    mutating func optionalInt(_ v: Int?) {
        if let v { u8(1); int(v) } else { u8(0) }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var at: Int
    let end: Int

    init(_ bytes: [UInt8], from: Int = 0, to: Int? = nil) {
        self.bytes = bytes
        at = from
        end = to ?? bytes.count
    }

    var isAtEnd: Bool { at == end }

    mutating func u8() throws -> UInt8 {
        guard at < end else { throw CacheFormatError() }
        defer { at += 1 }
        return bytes[at]
    }

    mutating func u64() throws -> UInt64 {
        guard end - at >= 8 else { throw CacheFormatError() }
        var v: UInt64 = 0
        for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * UInt64(k)) }
        at += 8
        return v
    }

    mutating func uvar() throws -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try u8()
            guard shift < 64 else { throw CacheFormatError() }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func int() throws -> Int {
        let z = try uvar()
        let v = Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1)))
        return Int(v)
    }

    /// A count of items still to read; bounded by the bytes left, so a corrupt count cannot ask for a
    /// huge allocation.
    mutating func count() throws -> Int {
        let n = try uvar()
        guard n <= UInt64(end - at) else { throw CacheFormatError() }
        return Int(n)
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw CacheFormatError()
        }
    }

    mutating func string() throws -> String {
        let n = try count()
        let slice = bytes[at..<(at + n)]
        at += n
        // The entry's checksum was verified before reading: bytes are as written.
        return String(decoding: slice, as: UTF8.self)
    }

    mutating func optionalInt() throws -> Int? {
        try bool() ? try int() : nil
    }
}

// MARK: - Report records

extension ByteWriter {
    mutating func finding(_ f: Finding) {
        string(f.ruleId.rawValue)
        string(f.category)
        string(f.severity.rawValue)
        string(f.file)
        int(f.line)
        int(f.column)
        int(f.endLine)
        int(f.endColumn)
        string(f.message)
        uvar(UInt64(f.trace.count))
        for t in f.trace {
            string(t.file)
            int(t.line)
            int(t.column)
            string(t.label)
        }
        evidence(f.evidence)
        if let fix = f.fix {
            u8(1)
            string(fix.description)
            uvar(UInt64(fix.edits.count))
            for e in fix.edits {
                int(e.line)
                int(e.column)
                int(e.endLine)
                int(e.endColumn)
                string(e.text)
            }
        } else {
            u8(0)
        }
        string(f.fingerprint)
    }

    mutating func evidence(_ e: Evidence) {
        uvar(UInt64(e.fields.count))
        for field in e.fields {
            string(field.key)
            evidenceValue(field.value)
        }
    }

    mutating func evidenceValue(_ v: EvidenceValue) {
        switch v {
        case .string(let s): u8(0); string(s)
        case .int(let i): u8(1); int(i)
        case .double(let d): u8(2); u64(d.bitPattern)
        case .bool(let b): u8(3); bool(b)
        case .array(let a):
            u8(4)
            uvar(UInt64(a.count))
            for x in a { evidenceValue(x) }
        case .object(let o): u8(5); evidence(o)
        }
    }

    mutating func findings(_ list: [Finding]) {
        uvar(UInt64(list.count))
        for f in list { finding(f) }
    }

    mutating func pendingFindings(_ list: [PendingFinding]) {
        uvar(UInt64(list.count))
        for p in list {
            finding(p.finding)
            switch p.scope {
            case .file:
                u8(0)
            case .functions(let nodes):
                u8(1)
                uvar(UInt64(nodes.count))
                for n in nodes { int(Int(n.raw)) }
            case .exported(let name):
                u8(2)
                string(name)
            }
            if let a = p.awaited {
                uvar(UInt64(a.calls.count + 1))
                uvar(UInt64(max(0, a.minimum)) << 1 | (a.perIteration ? 1 : 0))
                for n in a.calls { int(Int(n.raw)) }
                uvar(UInt64(a.emitOnly.count))
                for n in a.emitOnly { int(Int(n.raw)) }
            } else {
                uvar(0)
            }
            if let d = p.deferred {
                u8(1)
                evidence(d)
            } else {
                u8(0)
            }
        }
    }

    mutating func scanError(_ e: ScanError) {
        string(e.file)
        optionalInt(e.line)
        optionalInt(e.column)
        string(e.message)
    }

    mutating func report(_ r: LintReport) {
        string(r.tool.name)
        string(r.tool.version)
        int(r.summary.files)
        int(r.summary.findings)
        int(r.summary.errors)
        findings(r.findings)
        uvar(UInt64(r.errors.count))
        for e in r.errors { scanError(e) }
    }
}

extension ByteReader {
    mutating func finding() throws -> Finding {
        let ruleId = RuleID(try string())
        let category = try string()
        guard let severity = Severity(rawValue: try string()) else { throw CacheFormatError() }
        let file = try string()
        let line = try int(), column = try int(), endLine = try int(), endColumn = try int()
        let message = try string()
        var trace: [TraceStep] = []
        for _ in 0..<(try count()) {
            trace.append(TraceStep(file: try string(), line: try int(), column: try int(), label: try string()))
        }
        let ev = try evidence(depth: 0)
        var fix: Fix?
        if try bool() {
            let description = try string()
            var edits: [TextEdit] = []
            for _ in 0..<(try count()) {
                edits.append(TextEdit(line: try int(), column: try int(), endLine: try int(), endColumn: try int(),
                                      text: try string()))
            }
            fix = Fix(description: description, edits: edits)
        }
        let fingerprint = try string()
        return Finding(ruleId: ruleId, category: category, severity: severity, file: file, line: line, column: column,
                       endLine: endLine, endColumn: endColumn, message: message, trace: trace, evidence: ev, fix: fix,
                       fingerprint: fingerprint)
    }

    /// Nested evidence is shallow in practice; a corrupt file cannot make the reader recurse without end.
    mutating func evidence(depth: Int) throws -> Evidence {
        guard depth < 64 else { throw CacheFormatError() }
        var e = Evidence()
        for _ in 0..<(try count()) {
            let key = try string()
            e[key] = try evidenceValue(depth: depth)
        }
        return e
    }

    mutating func evidenceValue(depth: Int) throws -> EvidenceValue {
        switch try u8() {
        case 0: return .string(try string())
        case 1: return .int(try int())
        case 2: return .double(Double(bitPattern: try u64()))
        case 3: return .bool(try bool())
        case 4:
            var a: [EvidenceValue] = []
            for _ in 0..<(try count()) { a.append(try evidenceValue(depth: depth + 1)) }
            return .array(a)
        case 5: return .object(try evidence(depth: depth + 1))
        default: throw CacheFormatError()
        }
    }

    mutating func findings() throws -> [Finding] {
        var out: [Finding] = []
        for _ in 0..<(try count()) { out.append(try finding()) }
        return out
    }

    mutating func nodeList(_ n: Int) throws -> [NodeID] {
        var nodes: [NodeID] = []
        for _ in 0..<n {
            let v = try int()
            guard v >= 0, v <= Int(Int32.max) else { throw CacheFormatError() }
            nodes.append(NodeID(Int32(v)))
        }
        return nodes
    }

    mutating func pendingFindings() throws -> [PendingFinding] {
        var out: [PendingFinding] = []
        for _ in 0..<(try count()) {
            let f = try finding()
            switch try u8() {
            case 0:
                out.append(PendingFinding(finding: f, scope: .file))
            case 1:
                out.append(PendingFinding(finding: f, scope: .functions(try nodeList(try count()))))
            case 2:
                out.append(PendingFinding(finding: f, scope: .exported(try string())))
            default:
                throw CacheFormatError()
            }
            let awaited = try count()
            if awaited > 0 {
                let packed = min(try uvar(), 1 << 21)
                let calls = try nodeList(awaited - 1)
                out[out.count - 1].awaited = AwaitedCalls(calls, minimum: Int(packed >> 1), perIteration: packed & 1 == 1,
                                                          emitOnly: try nodeList(try count()))
            }
            if try bool() { out[out.count - 1].deferred = try evidence(depth: 0) }
        }
        return out
    }

    mutating func scanError() throws -> ScanError {
        ScanError(file: try string(), line: try optionalInt(), column: try optionalInt(), message: try string())
    }

    mutating func report() throws -> LintReport {
        let tool = ToolInfo(name: try string(), version: try string())
        let files = try int(), findingCount = try int(), errorCount = try int()
        let list = try findings()
        var errors: [ScanError] = []
        for _ in 0..<(try count()) { errors.append(try scanError()) }
        guard list.count == findingCount, errors.count == errorCount else { throw CacheFormatError() }
        // Stored in report order: set as read, not sorted again.
        var report = LintReport(tool: tool, files: files, findings: [], errors: [], durationMs: 0)
        report.findings = list
        report.errors = errors
        report.summary.findings = findingCount
        report.summary.errors = errorCount
        return report
    }
}
