// Classes: heritage, members, modifiers, static blocks.
//
// Technique: a member starts with optional decorators and a run of modifier words (`static`, `async`,
// `get`, `set`, `accessor`, and in TypeScript `public`/`private`/`protected`/`readonly`/`abstract`/
// `override`/`declare`). Each word is consumed and then judged by what follows: if a property name
// follows, it was a modifier; if `(`, `=`, `;`, `}` or `:` follows, it was the member's own name
// (`static() {}`, `get = 1`). No lookahead buffer is needed.

import SourceText

extension ParserImpl {
    /// At `class`.
    func parseClass(_ s: Int32, isDeclaration: Bool, decorators: NodeList, flags: ClassFlags = []) -> NodeID {
        next()
        var id: NodeID? = nil
        if isIdentifier && !(ts && tok == .kw_implements) { id = identifierNode() }
        var typeParameters: NodeID? = nil
        if ts && tok == .less { typeParameters = parseTypeParameters() }
        var superClass: NodeID? = nil
        var superTypeArguments: NodeID? = nil
        if eat(.kw_extends) {
            let es = start
            let base = tok == .kw_new ? parseNew() : parsePrimary()
            var e = parseSubscripts(base, es, noCalls: false)
            if case .tsInstantiationExpression(let inner, let typeArgs) = nodes[e.index] {
                e = inner
                superTypeArguments = typeArgs
            }
            superClass = e
            if ts && tok == .less && superTypeArguments == nil { superTypeArguments = parseTypeArguments() }
        }
        var implements = NodeList.empty
        if ts && eat(.kw_implements) { implements = parseHeritageList() }
        let body = parseClassBody()
        if isDeclaration {
            return finish(.classDeclaration(decorators: decorators, id: id, typeParameters: typeParameters,
                                            superClass: superClass, superTypeArguments: superTypeArguments,
                                            implements: implements, body: body, flags: flags), s)
        }
        return finish(.classExpression(decorators: decorators, id: id, typeParameters: typeParameters,
                                       superClass: superClass, superTypeArguments: superTypeArguments,
                                       implements: implements, body: body, flags: flags), s)
    }

    func parseClassBody() -> NodeID {
        let s = start
        expect(.lBrace)
        let savedClass = inClassBody
        inClassBody = true
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            if eat(.semicolon) { continue }
            push(parseClassMember())
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        inClassBody = savedClass
        return finish(.classBody(body: list(from: m)), s)
    }

    func modifierFor(_ k: TokenKind) -> Modifiers? {
        switch k {
        case .kw_static: return .static
        case .kw_accessor: return .accessor
        case .kw_public where ts: return .public
        case .kw_private where ts: return .private
        case .kw_protected where ts: return .protected
        case .kw_readonly where ts: return .readonly
        case .kw_abstract where ts: return .abstract
        case .kw_override where ts: return .override
        case .kw_declare where ts: return .declare
        default: return nil
        }
    }

    func parseClassMember() -> NodeID {
        let s = start
        let decorators = tok == .at ? parseDecorators() : .empty
        var modifiers: Modifiers = []
        var isAsync = false
        var isGenerator = false
        var kind = MethodKind.method
        while true {
            let k = tok
            let modifier = modifierFor(k)
            guard modifier != nil || k == .kw_async || k == .kw_get || k == .kw_set else { break }
            let t = lx.token
            next()
            if k == .kw_static && tok == .lBrace && modifiers.isEmpty {
                next()
                let saved = ctx
                ctx = FunctionContext(inFunction: true, isAsync: false, isGenerator: false, labelFloor: labels.count)
                let body = parseStatementList(until: .rBrace, directives: false)
                ctx = saved
                expect(.rBrace)
                return finish(.staticBlock(body: body), s)
            }
            let followsName = startsPropertyName(tok) || tok == .star
            let newlineStops = (k == .kw_async || k == .kw_accessor || modifier != nil && k != .kw_static) && newlineBefore
            if !followsName || newlineStops {
                let key = finish(.identifier(typeAnnotation: nil, optional: false), t.start, t.end)
                return parseClassMemberRest(s, decorators: decorators, key: key, computed: false, modifiers: modifiers,
                                            isAsync: isAsync, isGenerator: isGenerator, kind: kind)
            }
            switch k {
            case .kw_async: isAsync = true
            case .kw_get: kind = .get
            case .kw_set: kind = .set
            default: if let m = modifier { modifiers.insert(m) }
            }
        }
        if tok == .star {
            next()
            isGenerator = true
        }
        if ts && tok == .lBracket, let index = tryParseIndexSignature(s, modifiers: modifiers) { return index }
        let (key, computed, _) = parsePropertyKey()
        return parseClassMemberRest(s, decorators: decorators, key: key, computed: computed, modifiers: modifiers,
                                    isAsync: isAsync, isGenerator: isGenerator, kind: kind)
    }

    func textEquals(_ id: NodeID, _ word: StaticString) -> Bool {
        let r = ranges[id.index]
        var s = Int(r.start)
        var e = Int(r.end)
        if kind(id) == .stringLiteral { s += 1; e -= 1 }
        guard e - s == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for i in 0..<(e - s) where lx.p[s + i] != w[i] { return false }
        return true
    }

    func parseClassMemberRest(_ s: Int32, decorators: NodeList, key: NodeID, computed: Bool, modifiers: Modifiers,
                              isAsync: Bool, isGenerator: Bool, kind: MethodKind) -> NodeID {
        var modifiers = modifiers
        if computed { modifiers.insert(.computed) }
        if ts && tok == .question { next(); modifiers.insert(.optional) }
        if ts && tok == .bang { next(); modifiers.insert(.definite) }
        if tok == .lParen || tok == .less {
            var kind = kind
            if kind == .method && !computed && !modifiers.contains(.static) && textEquals(key, "constructor") {
                kind = .constructor
            }
            let fn = parseMethod(isAsync: isAsync, isGenerator: isGenerator)
            if kind == .get || kind == .set { checkAccessorParameters(fn, isGetter: kind == .get) }
            return finish(.methodDefinition(decorators: decorators, key: key, value: fn, kind: kind, modifiers: modifiers), s)
        }
        if kind != .method || isAsync || isGenerator { return invalid() }
        var annotation: NodeID? = nil
        if ts && tok == .colon { annotation = parseTypeAnnotation() }
        var value: NodeID? = nil
        if eat(.assign) {
            let saved = ctx
            ctx = FunctionContext(inFunction: true, isAsync: false, isGenerator: false, labelFloor: labels.count)
            value = parseAssignmentAllowingIn()
            ctx = saved
        }
        semicolon()
        return finish(.propertyDefinition(decorators: decorators, key: key, typeAnnotation: annotation, value: value,
                                          modifiers: modifiers), s)
    }
}
