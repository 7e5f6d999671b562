// The value types of the semantic model: scopes, bindings, references, module facts and the symbols
// that resolution answers with. All of them are plain values indexed by small integer ids, so a
// `FileSemantics` is a handful of flat arrays that can be shared between threads.

import JSSyntax
import SourceText

/// A binding (one declared name) in a `FileSemantics`.
public struct BindingID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    public static func < (lhs: BindingID, rhs: BindingID) -> Bool { lhs.raw < rhs.raw }
    public var description: String { "b\(raw)" }
}

/// A scope in a `FileSemantics`; `ScopeID(0)` is the program (or module) scope.
public struct ScopeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int32) { self.raw = raw }
    @inlinable public var index: Int { Int(raw) }
    public static func < (lhs: ScopeID, rhs: ScopeID) -> Bool { lhs.raw < rhs.raw }
    public var description: String { "s\(raw)" }
}

public enum ScopeKind: String, Sendable, Hashable, CustomStringConvertible {
    /// The top scope of a script (sloppy or strict) / of an ES module.
    case program, module
    /// A function, arrow function or method: parameters and body share it.
    case function
    /// A block, switch body or class static block with its own lexical declarations.
    case block, staticBlock
    /// The parameter of a `catch` clause (its body shares the scope).
    case catchClause
    /// The inside of a class (its expression name, field initialisers, computed keys).
    case classBody
    /// The head of a `for`/`for-in`/`for-of` with a `let`/`const` declaration.
    case forHead
    /// TypeScript `namespace`/`module` bodies and `enum` members.
    case tsNamespace, tsEnum

    public var description: String { rawValue }

    /// Scopes that receive `var` declarations and hoisted functions.
    public var isVarScope: Bool {
        switch self {
        case .program, .module, .function, .staticBlock, .tsNamespace: return true
        default: return false
        }
    }
}

public enum BindingKind: String, Sendable, Hashable, CustomStringConvertible {
    case `var`, `let`, const, using
    /// A function declaration.
    case function
    /// A class declaration.
    case `class`
    case parameter, catchParameter
    /// An ES `import` specifier (named, default or namespace).
    case `import`
    /// TypeScript `import x = require('m')` or `import x = A.B`.
    case importEquals
    case tsEnum, tsNamespace, tsEnumMember
    /// The own name of a named function expression / class expression, visible only inside it.
    case functionExpressionName, classExpressionName

    public var description: String { rawValue }

    public var isVariable: Bool {
        switch self {
        case .var, .let, .const, .using: return true
        default: return false
        }
    }
}

/// The value a binding was initialised from: `const { a: { b } } = expr` gives `b` the initializer
/// `expr` with path `["a", "b"]`; array elements use their index (`"0"`). Object rest elements keep the
/// path of the object they come from.
public struct BindingInitializer: Hashable, Sendable {
    public let expression: NodeID
    public let path: [String]

    public init(expression: NodeID, path: [String]) {
        self.expression = expression
        self.path = path
    }
}

/// A binding as `FileSemantics.binding(_:)` hands it out. Its name is `FileSemantics.name(of:)`: the
/// name of `declarationNode`, read from the tree when asked rather than kept with every binding.
public struct Binding: Hashable, Sendable {
    private let initializerPath: [String]
    public let scope: ScopeID
    /// The identifier that declares the name (the first one when `var`/functions redeclare it).
    public let declarationNode: NodeID
    /// The declaring construct: the variable declarator, function, class, parameter list owner
    /// (function node), catch clause, import specifier, enum, namespace or import-equals node.
    public let declaration: NodeID
    private let initializerExpression: Int32
    private let defaultValueNode: Int32
    public let kind: BindingKind

    public init(kind: BindingKind, scope: ScopeID, declarationNode: NodeID, declaration: NodeID,
                initializer: BindingInitializer?, defaultValue: NodeID?)
    {
        self.kind = kind
        self.scope = scope
        self.declarationNode = declarationNode
        self.declaration = declaration
        initializerExpression = initializer?.expression.raw ?? -1
        initializerPath = initializer?.path ?? []
        defaultValueNode = defaultValue?.raw ?? -1
    }

    /// The binding of `stored` whose initializer path (empty unless `stored.hasPath`) is `path`.
    init(_ stored: StoredBinding, path: [String]) {
        kind = stored.kind
        scope = ScopeID(stored.scope)
        declarationNode = NodeID(stored.declarationNode)
        declaration = NodeID(stored.declaration)
        initializerExpression = stored.initializerExpression
        initializerPath = path
        defaultValueNode = stored.defaultValueNode
    }

    /// Set for variables declared with `= expression`, also through destructuring.
    public var initializer: BindingInitializer? {
        initializerExpression < 0 ? nil
            : BindingInitializer(expression: NodeID(initializerExpression), path: initializerPath)
    }

    /// A default from a pattern or a parameter: `{ a = 1 }`, `(x = 2) => {}`.
    public var defaultValue: NodeID? { defaultValueNode < 0 ? nil : NodeID(defaultValueNode) }

    /// The destructuring path of the initializer (empty without one).
    var path: [String] { initializerPath }
    var initializerRaw: Int32 { initializerExpression }
    var defaultValueRaw: Int32 { defaultValueNode }
}

/// A binding as a `FileSemantics` reads it back from `StoredBindings`: no name (the tree has it at
/// `declarationNode`) and, in place of the destructuring path, whether it has one (`FileSemantics` keeps
/// the few paths in a side table).
struct StoredBinding: Sendable {
    let scope: Int32
    let declarationNode: Int32
    let declaration: Int32
    /// Raw node ids, -1 for none.
    let initializerExpression: Int32
    let defaultValueNode: Int32
    let kind: BindingKind
    let hasPath: Bool

    init(scope: Int32, declarationNode: Int32, declaration: Int32, initializerExpression: Int32,
         defaultValueNode: Int32, kind: BindingKind, hasPath: Bool)
    {
        self.scope = scope
        self.declarationNode = declarationNode
        self.declaration = declaration
        self.initializerExpression = initializerExpression
        self.defaultValueNode = defaultValueNode
        self.kind = kind
        self.hasPath = hasPath
    }
}

/// Every binding of a file, one column a field (every binding of every file stays in memory for the
/// whole scan): the scope and node ids in `CompactIndexes`, two bytes each where the file's ids fit (most
/// files), the kind and the path flag in a byte each; 12 bytes a binding there against 24 for an array
/// of `StoredBinding`.
struct StoredBindings: Sendable {
    private let scopes: CompactIndexes
    private let declarationNodes: CompactIndexes
    private let declarations: CompactIndexes
    private let initializers: CompactIndexes
    private let defaults: CompactIndexes
    private let kinds: [BindingKind]
    private let hasPaths: [Bool]

    init(_ bindings: [Binding]) {
        scopes = CompactIndexes(bindings.map(\.scope.raw))
        declarationNodes = CompactIndexes(bindings.map(\.declarationNode.raw))
        declarations = CompactIndexes(bindings.map(\.declaration.raw))
        initializers = CompactIndexes(bindings.map(\.initializerRaw))
        defaults = CompactIndexes(bindings.map(\.defaultValueRaw))
        kinds = bindings.map(\.kind)
        hasPaths = bindings.map { !$0.path.isEmpty }
    }

    var count: Int { kinds.count }

    subscript(i: Int) -> StoredBinding {
        StoredBinding(scope: scopes[i], declarationNode: declarationNodes[i], declaration: declarations[i],
                      initializerExpression: initializers[i], defaultValueNode: defaults[i], kind: kinds[i],
                      hasPath: hasPaths[i])
    }

    func scope(_ i: Int) -> Int32 { scopes[i] }
    func declarationNode(_ i: Int) -> Int32 { declarationNodes[i] }
    func declaration(_ i: Int) -> Int32 { declarations[i] }
    func kind(_ i: Int) -> BindingKind { kinds[i] }
}

public struct Scope: Sendable {
    /// The node that opens the scope (program, function, block, catch clause, class, loop, namespace, enum).
    public let node: NodeID
    // The parent as a raw id (-1 for none), so a scope takes 12 bytes rather than 16 (every scope of
    // every file stays in memory for the whole scan).
    private let parentRaw: Int32
    public let kind: ScopeKind
    // The bindings declared directly in a scope: `FileSemantics.bindings(declaredIn:)`.

    public init(kind: ScopeKind, node: NodeID, parent: ScopeID?) {
        self.kind = kind
        self.node = node
        parentRaw = parent?.raw ?? -1
    }

    public var parent: ScopeID? { parentRaw < 0 ? nil : ScopeID(parentRaw) }
}

/// How an identifier is used.
public struct ReferenceFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The value is read (also for `x += 1`, `x++`).
    public static let read = ReferenceFlags(rawValue: 1)
    /// The binding is assigned (`x = `, `x++`, destructuring assignment, `for (x of ...)`).
    public static let write = ReferenceFlags(rawValue: 2)
    /// The identifier declares the binding.
    public static let declaration = ReferenceFlags(rawValue: 4)
    /// A TypeScript type position (`x: Service`, `typeof x`): no run-time read.
    public static let type = ReferenceFlags(rawValue: 8)
    /// A reference to a name declared nowhere in the file (a global, or an undeclared name).
    public static let global = ReferenceFlags(rawValue: 16)
    /// A redeclaration (`var x = 1; var x = 2`) that assigns.
    public static let redeclaration = ReferenceFlags(rawValue: 32)
}

public struct Reference: Hashable, Sendable {
    /// The identifier (or JSX identifier) node.
    public let node: NodeID
    public let flags: ReferenceFlags
}

/// A module export in the outside world: `fs.readFileSync` is `ExternalSymbol(module: "fs", path:
/// ["readFileSync"])`. Node's `node:` prefix is removed. For bare specifiers a default import or a
/// leading `.default` means the module object (Node builtins and CommonJS packages), so `path` is `[]`
/// for `import fs from 'fs'`; relative specifiers keep `["default"]`.
public struct ExternalSymbol: Hashable, Sendable, CustomStringConvertible {
    public let module: String
    public let path: [String]

    public init(module: String, path: [String]) {
        self.module = module
        self.path = path
    }

    public var description: String { ([module] + path).joined(separator: ".") }
    /// The last path component, or the module name for the module object.
    public var name: String { path.last ?? module }
}

/// A property path rooted at an unshadowed global: `JSON.parse` is `["JSON", "parse"]`, `globalThis.x`
/// and `global.x` are `["x"]`.
public struct GlobalSymbol: Hashable, Sendable, CustomStringConvertible {
    public let path: [String]
    public init(path: [String]) { self.path = path }
    public var name: String { path.first ?? "" }
    public var description: String { path.joined(separator: ".") }
}

// MARK: - Module facts

public enum ImportKind: String, Sendable, Hashable, CustomStringConvertible {
    /// `import { a as b } from 'm'`, `import d from 'm'`, `import * as ns from 'm'`.
    case named, `default`, namespace
    /// `import 'm'`, `require('m')` as a statement.
    case sideEffect
    /// TypeScript `import x = require('m')`.
    case importEquals
    /// `require('m')` in a declarator (also destructuring) or inline (`require('fs').readFileSync`).
    case require
    /// `import('m')` (awaited into a declarator, or not).
    case dynamic
    public var description: String { rawValue }
}

public struct ImportRecord: Hashable, Sendable {
    public let kind: ImportKind
    /// The specifier as written (`"node:fs"`, `"./db"`).
    public let specifier: String
    /// Path inside the module: `["readFileSync"]`; `["default"]` for a default import; `[]` for the module object.
    public let path: [String]
    /// The local binding, when the import declares one.
    public let local: BindingID?
    /// The import declaration / specifier / require call (or its member chain for inline requires).
    public let node: NodeID
    public let typeOnly: Bool
}

public enum ExportKind: String, Sendable, Hashable, CustomStringConvertible {
    /// `export function f`, `export const a`, `export { a as b }`, `export import x = ...`.
    case named
    /// `export default ...`.
    case `default`
    /// `export { a as b } from 'm'`, `export * as ns from 'm'` (importedName nil).
    case reexport
    /// `export * from 'm'`.
    case reexportAll
    /// `module.exports = v`, TypeScript `export = v`: the module object itself (name is "").
    case moduleObject
    /// `module.exports.x = v`, `exports.x = v`, and each property of `module.exports = { ... }`.
    case commonJSProperty
    public var description: String { rawValue }
}

public struct ExportRecord: Hashable, Sendable {
    /// The exported name; "default" for default exports, "" for the module object, "*" for `export *`.
    public let name: String
    public let kind: ExportKind
    /// The export statement, assignment expression or object-literal property.
    public let node: NodeID
    /// The node the export points at: a function/class declaration or expression, an initializer, the
    /// assigned value. Nil when unknown (a destructured variable, a re-export).
    public let value: NodeID?
    /// The local binding exported, when there is one.
    public let binding: BindingID?
    /// For re-exports: the source specifier as written, and the name in it (nil for a namespace).
    public let source: String?
    public let importedName: String?
    public let typeOnly: Bool
}

/// A function-like node (declaration, expression, arrow; methods are function expressions).
public struct FunctionInfo: Hashable, Sendable {
    public let node: NodeID
    public let params: [NodeID]
    /// A block statement, or the expression of an expression-bodied arrow; nil for `declare function`.
    public let body: NodeID?
    public let isAsync: Bool
    public let isGenerator: Bool
    public let isArrow: Bool
    /// The function's own scope (parameters and body).
    public let scope: ScopeID?
}
