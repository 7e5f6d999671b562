// A tiny ordered JSON value and writer. Reports are written with keys in the contract's order and
// nothing depends on Foundation's encoder key ordering, so output is byte-for-byte deterministic.

import Diagnostics

enum JSONValue {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Pretty-printed with two-space indentation and a trailing newline.
    func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    private func write(into out: inout String, indent: Int) {
        switch self {
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite {
                if d == d.rounded() && abs(d) < 1e15 { out += String(Int(d)) } else { out += "\(d)" }
            } else {
                out += "null"
            }
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                JSONValue.indent(indent + 2, into: &out)
                item.write(into: &out, indent: indent + 2)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            JSONValue.indent(indent, into: &out)
            out += "]"
        case .object(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in fields.enumerated() {
                JSONValue.indent(indent + 2, into: &out)
                JSONValue.writeString(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 2)
                out += i + 1 < fields.count ? ",\n" : "\n"
            }
            JSONValue.indent(indent, into: &out)
            out += "}"
        }
    }

    private static let spaces = String(repeating: " ", count: 64)

    /// Appends `n` spaces (no String built per line).
    static func indent(_ n: Int, into out: inout String) {
        var left = n
        while left > 0 {
            let k = min(left, 64)
            out.append(contentsOf: spaces.prefix(k))
            left -= k
        }
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // most strings need no escape: appended whole (0xE2 starts U+2028 and U+2029, which are escaped)
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}" {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension JSONValue {
    init(_ value: EvidenceValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .array(let a): self = .array(a.map(JSONValue.init))
        case .object(let o): self = JSONValue(o)
        }
    }

    init(_ evidence: Evidence) {
        self = .object(evidence.fields.map { ($0.key, JSONValue($0.value)) })
    }
}
