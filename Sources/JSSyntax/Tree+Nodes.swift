// Syntactic node helpers shared by every analysis: which nodes are functions, the expression a
// wrapper evaluates, and the function a node belongs to. They read the tree only; the semantic
// questions (bindings, module-level state) are in JSSemantic's FileSemantics.

extension NodeKind {
    /// A function declaration, function expression (also a method's value) or arrow function.
    @inlinable public var isFunction: Bool {
        self == .functionDeclaration || self == .functionExpression || self == .arrowFunction
    }
}

extension SyntaxTree {
    /// The expression a wrapper evaluates to: TypeScript `x as T`, `x satisfies T`, `<T>x`, `x!`, `f<T>`,
    /// optional chains and the last expression of a sequence (`(0, f)`), stripped to any depth.
    @inlinable public func unwrap(_ expr: NodeID) -> NodeID {
        // nearly every expression is none of these: its kind is read in the caller, no call made
        switch kind(expr) {
        case .tsAsExpression, .tsSatisfiesExpression, .tsTypeAssertion, .tsNonNullExpression, .chain,
             .tsInstantiationExpression, .sequence:
            return unwrapWrapped(expr)
        default:
            return expr
        }
    }

    /// `unwrap(_:)` of an expression that may be a wrapper.
    @usableFromInline func unwrapWrapped(_ expr: NodeID) -> NodeID {
        var e = expr
        var steps = 0
        while steps < 10_000 {
            steps += 1
            // nearly every expression is none of these: its kind is read without decoding the node
            switch kind(e) {
            case .tsAsExpression, .tsSatisfiesExpression, .tsTypeAssertion, .tsNonNullExpression, .chain,
                 .tsInstantiationExpression, .sequence:
                break
            default:
                return e
            }
            switch self[e] {
            case .tsAsExpression(let inner, _), .tsSatisfiesExpression(let inner, _), .tsTypeAssertion(_, let inner),
                 .tsNonNullExpression(let inner), .chain(let inner), .tsInstantiationExpression(let inner, _):
                e = inner
            case .sequence(let expressions):
                guard let last = list(expressions).last else { return e }
                e = last
            default:
                return e
            }
        }
        return e
    }

    /// The innermost function (declaration, expression, arrow or method) containing `node`, not `node`
    /// itself; nil at the module's top level.
    public func enclosingFunction(of node: NodeID) -> NodeID? {
        var current = parent(node)
        var steps = 0
        while let n = current, steps < 100_000 {
            steps += 1
            if kind(n).isFunction { return n }
            current = parent(n)
        }
        return nil
    }

    /// The innermost class (declaration or expression) containing `node`, not `node` itself.
    public func enclosingClass(of node: NodeID) -> NodeID? {
        var current = parent(node)
        var steps = 0
        while let n = current, steps < 100_000 {
            steps += 1
            if kind(n) == .classDeclaration || kind(n) == .classExpression { return n }
            current = parent(n)
        }
        return nil
    }

    /// The name a class is declared with (`class Query {}`, `const X = class Y {}` gives Y); nil when it has none.
    /// The members of a class declaration or expression (methods, fields, static blocks); nil for any other
    /// node.
    public func classMembers(_ cls: NodeID) -> NodeIDs? {
        let body: NodeID
        switch self[cls] {
        case .classDeclaration(_, _, _, _, _, _, let b, _), .classExpression(_, _, _, _, _, _, let b, _): body = b
        default: return nil
        }
        guard case .classBody(let members) = self[body] else { return nil }
        return list(members)
    }

    public func className(_ cls: NodeID) -> String? {
        switch self[cls] {
        case .classDeclaration(_, let id?, _, _, _, _, _, _), .classExpression(_, let id?, _, _, _, _, _, _):
            return kind(id) == .identifier ? name(of: id) : nil
        default:
            return nil
        }
    }
}

extension SyntaxTree {
    /// Whether an expression is written as nothing: `null` or `undefined` (parentheses and type wrappers
    /// aside). Whether `undefined` is shadowed is not asked.
    public func isNullOrUndefined(_ id: NodeID) -> Bool {
        let e = unwrap(id)
        return kind(e) == .nullLiteral || (kind(e) == .identifier && nameIs(e, "undefined"))
    }

    /// Whether `name(of: id)` is `name`, compared on the source bytes: no String is built unless the
    /// name is written with escapes (`\u0061`).
    public func nameIs(_ id: NodeID, _ name: StaticString) -> Bool {
        let r = ranges[id.index]
        var s = Int(r.start)
        if nodes.kind(id.index) == .privateIdentifier { s += 1 }
        var e = Int(r.end)
        let bytes = file.bytes
        let count = name.utf8CodeUnitCount
        // quick rejections: an escape or a type annotation only makes the source longer than the name, and
        // a name whose first byte differs (and is no escape) cannot match
        guard e - s >= count, count > 0, s < e else { return count == 0 && self.name(of: id).isEmpty }
        let first = bytes[s]
        if first != 0x5C, first != name.withUTF8Buffer({ $0[0] }) { return false }
        for i in s..<e where bytes[i] == 0x5C { return self.name(of: id) == name.description }
        // `.identifier(annotation, optional)` with `annotation != nil || optional`, read without decoding
        if nodes.kind(id.index) == .identifier, nodes.hasPayload(id.index) {
            var j = s
            while j < e, Lexer.isIdentifierPartByte(bytes[j]) { j += 1 }
            e = j
        }
        guard e - s == count else { return false }
        return name.withUTF8Buffer { want in
            for k in 0..<count where bytes[s + k] != want[k] { return false }
            return true
        }
    }
}

extension SyntaxTree {
    /// The parameters, body and flags of a function node (declaration, expression or arrow); nil for
    /// other nodes. The body is nil for a signature without one (`declare function f(): void`).
    public func functionParts(_ fn: NodeID) -> (params: NodeIDs, body: NodeID?, flags: FunctionFlags)? {
        switch self[fn] {
        case .functionDeclaration(_, _, let params, _, let body, let flags),
             .functionExpression(_, _, let params, _, let body, let flags):
            return (list(params), body, flags)
        case .arrowFunction(_, let params, _, let body, let flags):
            return (list(params), body, flags)
        default:
            return nil
        }
    }
}
