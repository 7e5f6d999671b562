// Severities and rule identifiers: the small vocabulary every finding is made of.

/// How serious a finding is. Ordered `note < warning < error`, as `--fail-on` compares them.
public enum Severity: String, Codable, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    case note
    case warning
    case error

    private var rank: Int {
        switch self {
        case .note: return 0
        case .warning: return 1
        case .error: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }

    public var description: String { rawValue }
}

/// A rule id, `category/name` (for example `blocking/fs-sync`).
public struct RuleID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The part before the first `/` (the whole id when there is none).
    public var category: String {
        if let slash = rawValue.firstIndex(of: "/") { return String(rawValue[..<slash]) }
        return rawValue
    }

    /// The part after the first `/`.
    public var name: String {
        if let slash = rawValue.firstIndex(of: "/") { return String(rawValue[rawValue.index(after: slash)...]) }
        return ""
    }

    /// Whether the id has the `category/name` shape with kebab-case parts.
    public var isWellFormed: Bool {
        let parts = rawValue.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.first != "-" && part.last != "-"
                && part.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }

    public init(from decoder: Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
