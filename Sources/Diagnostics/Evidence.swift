// Evidence: the facts behind a finding, as a small typed value (no `[String: Any]`).
//
// Fields keep the order in which a rule adds them, so reports are deterministic; values are
// strings, integers, doubles, booleans, arrays or nested evidence objects.

/// One evidence value.
public indirect enum EvidenceValue: Hashable, Sendable, Codable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case array([EvidenceValue])
    case object(Evidence)

    public init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if let b = try? single.decode(Bool.self) { self = .bool(b); return }
        if let i = try? single.decode(Int.self) { self = .int(i); return }
        if let d = try? single.decode(Double.self) { self = .double(d); return }
        if let s = try? single.decode(String.self) { self = .string(s); return }
        if let a = try? single.decode([EvidenceValue].self) { self = .array(a); return }
        self = .object(try single.decode(Evidence.self))
    }

    public func encode(to encoder: Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .string(let v): try single.encode(v)
        case .int(let v): try single.encode(v)
        case .double(let v): try single.encode(v)
        case .bool(let v): try single.encode(v)
        case .array(let v): try single.encode(v)
        case .object(let v): try single.encode(v)
        }
    }
}

extension EvidenceValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

/// An ordered set of named evidence values.
public struct Evidence: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    public struct Field: Hashable, Sendable {
        public var key: String
        public var value: EvidenceValue
    }

    public private(set) var fields: [Field] = []

    public init() {}

    public typealias Key = String
    public typealias Value = EvidenceValue

    public init(dictionaryLiteral elements: (String, EvidenceValue)...) {
        for (k, v) in elements { self[k] = v }
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// Two evidence records are equal when they hold the same fields, whatever their order (decoders do
    /// not keep JSON key order; the order only matters for presentation).
    public static func == (a: Evidence, b: Evidence) -> Bool {
        a.fields.count == b.fields.count && a.fields.allSatisfy { b[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        for field in fields.sorted(by: { $0.key < $1.key }) {
            hasher.combine(field.key)
            hasher.combine(field.value)
        }
    }

    /// Reads or sets a field; setting an existing key keeps its position, `nil` removes it.
    public subscript(key: String) -> EvidenceValue? {
        get { fields.first { $0.key == key }?.value }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append(Field(key: key, value: newValue))
            }
        }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        // JSON object order is not preserved by decoders: sort for a stable result.
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            self[key.stringValue] = try container.decode(EvidenceValue.self, forKey: key)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for field in fields { try container.encode(field.value, forKey: FieldKey(stringValue: field.key)) }
    }
}
