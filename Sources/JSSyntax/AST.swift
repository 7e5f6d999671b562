// The public shape of a parse: options, results, node identities and the value types carried by nodes.
//
// Nodes live in flat arrays inside `SyntaxTree` (see Tree.swift); a node is addressed by `NodeID`, an
// index. Variable-length children (statements, arguments, properties...) are a `NodeList`, a range into
// one shared side array. The payload enums below are small, with `rawValue` the source spelling, so
// dumps and messages can print them as written.

import SourceText

public enum Language: Sendable, Hashable { case javascript, typescript }

/// `.unambiguous` decides per file: a module when it has top-level `import`/`export` or `import.meta`.
public enum SourceType: Sendable, Hashable { case script, module, unambiguous }

public struct ParseOptions: Sendable, Hashable {
    public var language: Language
    public var jsx: Bool
    public var sourceType: SourceType
    /// Nesting budget: past it the parser stops with "Nesting too deep" instead of exhausting the stack.
    public var maxDepth: Int
    /// Flow annotations in JavaScript (with `language: .typescript`): maybe types `?T`, the existential
    /// `*`, exact objects `{| |}`, spreads and variance in object types, casts `(e: T)`, `import typeof`.
    public var flow = false

    public init(language: Language = .javascript, jsx: Bool = false,
                sourceType: SourceType = .unambiguous, maxDepth: Int = 1_000) {
        self.language = language
        self.jsx = jsx
        self.sourceType = sourceType
        self.maxDepth = maxDepth
    }

    /// The most work a parse of `bytes` bytes may take (bytes scanned, speculative re-reads included,
    /// plus one per token): a fixed allowance plus a multiple of the size. Past it the parse stops with
    /// "Parse work budget exceeded". Real code takes about 1.1 units per byte; the budget is far above
    /// it and far below anything slow.
    public static func workBudget(forBytes bytes: Int) -> Int { 1_000_000 + 64 * bytes }

    /// Options from a file name: .js/.cjs/.mjs/.jsx/.ts/.cts/.mts/.tsx (.cjs/.cts -> script, .mjs/.mts -> module).
    public static func forPath(_ path: String) -> ParseOptions {
        let lower = path.lowercased()
        func has(_ ext: String) -> Bool { lower.hasSuffix(ext) }
        if has(".tsx") { return ParseOptions(language: .typescript, jsx: true) }
        if has(".mts") { return ParseOptions(language: .typescript, sourceType: .module) }
        if has(".cts") { return ParseOptions(language: .typescript, sourceType: .script) }
        if has(".ts") { return ParseOptions(language: .typescript) }
        if has(".jsx") { return ParseOptions(jsx: true) }
        if has(".mjs") { return ParseOptions(sourceType: .module) }
        if has(".cjs") { return ParseOptions(sourceType: .script) }
        return ParseOptions()
    }
}

public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Byte offset into the file.
    public var offset: Int

    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) @\(offset)" }
}

/// A comment; its text (with delimiters) is `file.text(comment.range)`.
public struct Comment: Sendable, Hashable {
    public var range: ByteRange
    public var isBlock: Bool

    public init(range: ByteRange, isBlock: Bool) {
        self.range = range
        self.isBlock = isBlock
    }
}

public struct ParseResult {
    public let file: SourceFile
    public let tree: SyntaxTree
    /// Empty when the file parsed cleanly.
    public let errors: [SyntaxError]
    /// The source type that was decided (or given).
    public let isModule: Bool
}

public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.raw < rhs.raw }
    public var description: String { "#\(raw)" }
}

/// A run of child ids in the tree's side array: `tree.list(l)`.
public struct NodeList: Hashable, Sendable {
    public let start: Int32
    public let count: Int32
    @inlinable public init(start: Int32, count: Int32) {
        self.start = start
        self.count = count
    }
    public static let empty = NodeList(start: 0, count: 0)
    @inlinable public var isEmpty: Bool { count == 0 }
}

// MARK: - Payload types

public enum VariableKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case `var`, `let`, const, using, awaitUsing = "await using"
    public var description: String { rawValue }
}

public enum PropertyKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case initializer = "init", get, set
    public var description: String { rawValue }
}

public enum MethodKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case constructor, method, get, set
    public var description: String { rawValue }
}

public enum UnaryOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case minus = "-", plus = "+", not = "!", bitwiseNot = "~", typeof, void, delete
    public var description: String { rawValue }
}

public enum UpdateOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case increment = "++", decrement = "--"
    public var description: String { rawValue }
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case equal = "==", notEqual = "!=", strictEqual = "===", strictNotEqual = "!=="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case shiftLeft = "<<", shiftRight = ">>", unsignedShiftRight = ">>>"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", exponent = "**"
    case bitwiseOr = "|", bitwiseXor = "^", bitwiseAnd = "&"
    case `in`, instanceof
    public var description: String { rawValue }
}

public enum LogicalOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case or = "||", and = "&&", nullish = "??"
    public var description: String { rawValue }
}

public enum AssignmentOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case assign = "=", add = "+=", subtract = "-=", multiply = "*=", divide = "/=", remainder = "%="
    case exponent = "**=", shiftLeft = "<<=", shiftRight = ">>=", unsignedShiftRight = ">>>="
    case bitwiseOr = "|=", bitwiseXor = "^=", bitwiseAnd = "&="
    case or = "||=", and = "&&=", nullish = "??="
    public var description: String { rawValue }
}

public enum TSKeyword: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case any, unknown, number, bigint, boolean, string, symbol, object, never, void, undefined, null, intrinsic
    public var description: String { rawValue }
}

public enum TypeOperator: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case keyof, unique, readonly
    public var description: String { rawValue }
}

public enum TSModuleKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case namespace, module, global
    public var description: String { rawValue }
}

/// Option sets print as their member names joined by `,` in dumps.
public protocol NamedFlags: OptionSet, CustomStringConvertible where RawValue: FixedWidthInteger, Element == Self {
    static var names: [(Self, String)] { get }
}

extension NamedFlags {
    public var description: String {
        Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}

public struct FunctionFlags: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let async = FunctionFlags(rawValue: 1)
    public static let generator = FunctionFlags(rawValue: 2)
    /// An arrow function whose body is an expression.
    public static let expressionBody = FunctionFlags(rawValue: 4)
    /// TypeScript `declare function`.
    public static let declare = FunctionFlags(rawValue: 8)
    public static let names: [(FunctionFlags, String)] = [
        (.async, "async"), (.generator, "generator"), (.expressionBody, "expression"), (.declare, "declare"),
    ]
}

public struct ClassFlags: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let abstract = ClassFlags(rawValue: 1)
    public static let declare = ClassFlags(rawValue: 2)
    public static let names: [(ClassFlags, String)] = [(.abstract, "abstract"), (.declare, "declare")]
}

public struct PropertyFlags: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let computed = PropertyFlags(rawValue: 1)
    public static let shorthand = PropertyFlags(rawValue: 2)
    public static let method = PropertyFlags(rawValue: 4)
    public static let names: [(PropertyFlags, String)] = [
        (.computed, "computed"), (.shorthand, "shorthand"), (.method, "method"),
    ]
}

/// Modifiers of class members, signatures and parameter properties.
public struct Modifiers: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let `static` = Modifiers(rawValue: 1 << 0)
    public static let computed = Modifiers(rawValue: 1 << 1)
    public static let optional = Modifiers(rawValue: 1 << 2)
    public static let definite = Modifiers(rawValue: 1 << 3)
    public static let readonly = Modifiers(rawValue: 1 << 4)
    public static let abstract = Modifiers(rawValue: 1 << 5)
    public static let override = Modifiers(rawValue: 1 << 6)
    public static let declare = Modifiers(rawValue: 1 << 7)
    public static let accessor = Modifiers(rawValue: 1 << 8)
    public static let `public` = Modifiers(rawValue: 1 << 9)
    public static let `private` = Modifiers(rawValue: 1 << 10)
    public static let protected = Modifiers(rawValue: 1 << 11)
    public static let names: [(Modifiers, String)] = [
        (.public, "public"), (.private, "private"), (.protected, "protected"), (.static, "static"),
        (.abstract, "abstract"), (.override, "override"), (.readonly, "readonly"), (.declare, "declare"),
        (.accessor, "accessor"), (.computed, "computed"), (.optional, "optional"), (.definite, "definite"),
    ]
}

public struct TypeParameterFlags: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let `in` = TypeParameterFlags(rawValue: 1)
    public static let out = TypeParameterFlags(rawValue: 2)
    public static let const = TypeParameterFlags(rawValue: 4)
    public static let names: [(TypeParameterFlags, String)] = [(.in, "in"), (.out, "out"), (.const, "const")]
}

public struct MappedTypeFlags: NamedFlags, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let readonly = MappedTypeFlags(rawValue: 1)
    public static let readonlyPlus = MappedTypeFlags(rawValue: 2)
    public static let readonlyMinus = MappedTypeFlags(rawValue: 4)
    public static let optional = MappedTypeFlags(rawValue: 8)
    public static let optionalPlus = MappedTypeFlags(rawValue: 16)
    public static let optionalMinus = MappedTypeFlags(rawValue: 32)
    public static let names: [(MappedTypeFlags, String)] = [
        (.readonly, "readonly"), (.readonlyPlus, "+readonly"), (.readonlyMinus, "-readonly"),
        (.optional, "optional"), (.optionalPlus, "+optional"), (.optionalMinus, "-optional"),
    ]
}
