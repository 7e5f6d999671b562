// TypeScript types: annotations, type parameters and arguments, and the type grammar itself.
//
// Technique: precedence by descent, loosest first: conditional (`A extends B ? C : D`) > union >
// intersection > type operators (`keyof`, `unique`, `readonly`, `infer`) > postfix (`T[]`, `T[K]`) >
// primary. Ambiguities are settled as TypeScript's own parser settles them: a `(` in type position is
// tried as a function type and falls back to a parenthesized type (speculation); `<` after an
// expression is tried as type arguments and kept only when the next token could not continue an
// expression (`f<T>(x)` versus `a < b > c`). A `>>` token is split when a type argument list closes,
// a `<<` one when it opens (`f<<T>(x: T) => T>()`, whose first argument is a generic function type).
// The `extends` operand of a conditional type cannot itself be conditional (`noConditionalTypes`), but
// a function type's return type and anything inside brackets (postfix and primary types) can again.

import SourceText

extension ParserImpl {
    func attachTypeAnnotation(_ id: NodeID, _ annotation: NodeID?, optional: Bool) {
        switch nodes[id.index] {
        case .identifier: nodes[id.index] = .identifier(typeAnnotation: annotation, optional: optional)
        case .objectPattern(let p, _): nodes[id.index] = .objectPattern(properties: p, typeAnnotation: annotation)
        case .arrayPattern(let e, _): nodes[id.index] = .arrayPattern(elements: e, typeAnnotation: annotation)
        default: return
        }
        ranges[id.index].end = max(ranges[id.index].end, prevEnd)
    }

    /// Runs `body` over raw tokens and rewinds the lexer; for decisions that need a few tokens of lookahead.
    func lookahead(_ body: () -> Bool) -> Bool {
        let saved = lx.state
        let r = body()
        lx.restore(saved)
        return r
    }

    @inline(__always) var lxIdentifierLike: Bool { isIdentifierLike(lx.token.kind) }

    /// At `:`: the annotation node (range from the colon).
    func parseTypeAnnotation() -> NodeID {
        let s = start
        expect(.colon)
        let t = parseType()
        return finish(.tsTypeAnnotation(typeAnnotation: t), s)
    }

    /// At `:` after a parameter list: a type, a type predicate (`x is T`) or an assertion signature.
    func parseReturnTypeAnnotation() -> NodeID {
        let s = start
        expect(.colon)
        let t = parseTypeOrPredicate()
        return finish(.tsTypeAnnotation(typeAnnotation: t), s)
    }

    func parseTypeOrPredicate() -> NodeID {
        let s = start
        // `x is T` first: in `asserts is string` the parameter is named `asserts`.
        if isIdentifier || tok == .kw_this {
            let t = peekToken()
            if t.kind == .kw_is && !t.newlineBefore {
                let name = tok == .kw_this ? plainLeaf(.tsThisType) : identifierNode()
                next()
                let type = parseTypeAnnotationNodeFromType()
                return finish(.tsTypePredicate(parameterName: name, typeAnnotation: type, asserts: false), s)
            }
        }
        if tok == .kw_asserts {
            let t = peekToken()
            if !t.newlineBefore && (isIdentifierLike(t.kind) || t.kind == .kw_this) {
                next()
                let name = tok == .kw_this ? plainLeaf(.tsThisType) : identifierNode()
                var type: NodeID? = nil
                if tok == .kw_is && !newlineBefore {
                    next()
                    type = parseTypeAnnotationNodeFromType()
                }
                return finish(.tsTypePredicate(parameterName: name, typeAnnotation: type, asserts: true), s)
            }
        }
        return parseType()
    }

    func parseTypeAnnotationNodeFromType() -> NodeID {
        let s = start
        let t = parseType()
        return finish(.tsTypeAnnotation(typeAnnotation: t), s)
    }

    // MARK: - Type parameters and arguments

    /// Consumes one `>`, splitting `>>`, `>=`, `>>>`... tokens.
    func eatGreater() -> Bool {
        switch tok {
        case .greater:
            next()
            return true
        case .shiftRight, .shiftRight3, .greaterEqual, .shiftRightAssign, .shiftRight3Assign:
            let rest: TokenKind
            switch tok {
            case .shiftRight: rest = .greater
            case .shiftRight3: rest = .shiftRight
            case .greaterEqual: rest = .assign
            case .shiftRightAssign: rest = .greaterEqual
            default: rest = .shiftRightAssign
            }
            prevEnd = lx.token.start + 1
            lx.token.start += 1
            lx.token.kind = rest
            lx.token.newlineBefore = false
            return true
        default:
            return false
        }
    }

    func expectGreater() {
        if !eatGreater() { unexpected(expected: .greater) }
    }

    /// At `<` or `<<`: type arguments may start here (`<<` when the first argument is a generic
    /// function type, `f<<T>(x: T) => T>()`).
    @inline(__always) var atLessForTypeArguments: Bool { tok == .less || tok == .shiftLeft }

    /// Consumes one `<`, splitting a `<<` token as TypeScript's `reScanLessThanToken` does.
    func eatLess() -> Bool {
        switch tok {
        case .less:
            next()
            return true
        case .shiftLeft:
            prevEnd = lx.token.start + 1
            lx.token.start += 1
            lx.token.kind = .less
            lx.token.newlineBefore = false
            return true
        default:
            return false
        }
    }

    /// At `<`: `<T extends C = D, const U, in out V>`.
    func parseTypeParameters() -> NodeID {
        let s = start
        expect(.less)
        let m = mark
        while tok != .greater && tok != .eof {
            let before = start
            let ps = start
            var flags: TypeParameterFlags = []
            while true {
                if tok == .kw_const && isIdentifierLike(peek()) { next(); flags.insert(.const); continue }
                if tok == .kw_in && isIdentifierLike(peek()) { next(); flags.insert(.in); continue }
                if tok == .kw_out && isIdentifierLike(peek()) { next(); flags.insert(.out); continue }
                break
            }
            // Flow: variance `+T` / `-T`, and a bound written `T: Bound`
            if flow && (tok == .plus || tok == .minus) && isIdentifierLike(peek()) { next() }
            let name = bindingIdentifier()
            var constraint: NodeID? = nil
            var def: NodeID? = nil
            if eat(.kw_extends) || (flow && eat(.colon)) { constraint = parseType() }
            if eat(.assign) { def = parseType() }
            push(finish(.tsTypeParameter(name: name, constraint: constraint, defaultType: def, flags: flags), ps))
            if tok != .greater { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expectGreater()
        return finish(.tsTypeParameterDeclaration(params: list(from: m)), s)
    }

    /// At `<` (or `<<`): type arguments, unconditionally.
    func parseTypeArguments() -> NodeID {
        let s = start
        if !eatLess() { unexpected(expected: .less) }
        let m = mark
        while tok != .greater && tok != .eof {
            let before = start
            push(parseType())
            if tok == .comma { next() } else { break }
            if start == before { unexpected(); break }
        }
        expectGreater()
        return finish(.tsTypeParameterInstantiation(params: list(from: m)), s)
    }

    /// After an expression, at `<`: type arguments if they parse and what follows cannot continue an
    /// expression; otherwise nil with nothing consumed.
    func tryTypeArgumentsInExpression() -> NodeID? {
        guard atLessForTypeArguments else { return nil }
        return speculate { () -> NodeID? in
            let args = parseTypeArguments()
            switch tok {
            case .lParen, .template, .templateHead: return args
            case .less, .greater, .plus, .minus: return nil
            default:
                if newlineBefore || binaryPrecedence(tok) > 0 || !startsExpression(tok) { return args }
                return nil
            }
        }
    }

    func startsExpression(_ k: TokenKind) -> Bool {
        switch k {
        case .identifier, .string, .number, .bigint, .template, .templateHead, .lParen, .lBracket, .lBrace,
             .kw_function, .kw_class, .kw_new, .kw_this, .kw_super, .kw_null, .kw_true, .kw_false, .kw_typeof,
             .kw_void, .kw_delete, .bang, .tilde, .plus, .minus, .plus2, .minus2, .slash, .slashAssign, .less,
             .privateName, .at, .kw_import:
            return true
        default:
            return isIdentifierLike(k)
        }
    }

    // MARK: - Expression-level glue

    /// At `<` in unary position (.ts): a generic arrow function or a `<T>expr` type assertion.
    func parseTypeAssertionOrGenericArrow() -> NodeID {
        let s = start
        if let arrow = tryParseArrow(s, isAsync: false) { return arrow }
        next()
        let type = tok == .kw_const ? parseConstTypeReference() : parseType()
        expectGreater()
        let e = parseUnary()
        return finish(.tsTypeAssertion(typeAnnotation: type, expression: e), s)
    }

    /// `const` in `as const` / `<const>`: a type reference named `const`.
    func parseConstTypeReference() -> NodeID {
        let s = start
        let name = identifierNode()
        return finish(.tsTypeReference(typeName: name, typeArguments: nil), s)
    }

    /// In .tsx, `<T,>`, `<T = D>` and `<T extends U>` start generic arrows; anything else is JSX.
    func looksLikeGenericArrowInTSX() -> Bool {
        lookahead {
            lx.next()
            if lx.token.kind == .kw_const { lx.next() }
            guard lxIdentifierLike else { return false }
            lx.next()
            switch lx.token.kind {
            case .comma, .assign: return true
            case .kw_extends:
                // `<T extends>` and `<T extends="x">` are elements with an attribute named `extends`
                lx.next()
                let k = lx.token.kind
                return k != .assign && k != .greater && k != .slash
            default: return false
            }
        }
    }

    // MARK: - Types

    func parseType() -> NodeID {
        let s = start
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        if startsFunctionType(), let f = tryFunctionType() { return f }
        let check = parseUnionType()
        if tok == .kw_extends && !newlineBefore && !noConditionalTypes {
            next()
            let saved = noConditionalTypes
            noConditionalTypes = true
            let extendsType = parseUnionTypeNoConditional()
            noConditionalTypes = saved
            expect(.question)
            let trueType = parseTypeAllowingConditional()
            expect(.colon)
            let falseType = parseTypeAllowingConditional()
            return finish(.tsConditionalType(checkType: check, extendsType: extendsType, trueType: trueType,
                                             falseType: falseType), s)
        }
        return check
    }

    func parseTypeAllowingConditional() -> NodeID {
        let saved = noConditionalTypes
        noConditionalTypes = false
        defer { noConditionalTypes = saved }
        return parseType()
    }

    /// The `extends` operand of a conditional type: a function type or a union, no nested conditional.
    func parseUnionTypeNoConditional() -> NodeID {
        if startsFunctionType(), let f = tryFunctionType() { return f }
        return parseUnionType()
    }

    func startsFunctionType() -> Bool {
        tok == .less || tok == .lParen || tok == .kw_new || (tok == .kw_abstract && peek() == .kw_new)
    }

    func tryFunctionType() -> NodeID? {
        let s = start
        if failedFunctionTypeStarts.contains(s) { return nil }
        let r: NodeID? = speculate {
            var abstract = false
            var isConstructor = false
            if tok == .kw_abstract { next(); abstract = true }
            if tok == .kw_new { next(); isConstructor = true }
            var typeParameters: NodeID? = nil
            if tok == .less { typeParameters = parseTypeParameters() }
            guard tok == .lParen else { return nil }
            next()
            let params = flow ? parseFlowFunctionTypeParams() : parseParameterList()
            guard tok == .arrow else { return nil }
            let rs = start
            next()
            // The return type may be conditional even in an `extends` clause, as in TypeScript:
            // `X extends <T>() => T extends Y ? 1 : 2 ? A : B` (the `Equal` helper of type tests).
            let saved = noConditionalTypes
            noConditionalTypes = false
            let rt = parseTypeOrPredicate()
            noConditionalTypes = saved
            let returnType = finish(.tsTypeAnnotation(typeAnnotation: rt), rs)
            if isConstructor {
                return finish(.tsConstructorType(typeParameters: typeParameters, params: params, returnType: returnType,
                                                 abstract: abstract), s)
            }
            return finish(.tsFunctionType(typeParameters: typeParameters, params: params, returnType: returnType), s)
        }
        if r == nil { failedFunctionTypeStarts.insert(s) }
        return r
    }

    /// After `(` of a Flow function type, through `)`: parameters that may be bare types
    /// (`(boolean, any[]) => void`) as well as `name: T`, `name?: T` and `...rest: T` / `...T`.
    func parseFlowFunctionTypeParams() -> NodeList {
        let m = mark
        while tok != .rParen && tok != .eof {
            let before = start
            let ps = start
            let rest = eat(.ellipsis)
            var param: NodeID
            if isIdentifierLike(tok) && (peek() == .colon || peek() == .question) {
                let name = identifierNode()
                let optional = eat(.question)
                let annotation = parseTypeAnnotation()
                attachTypeAnnotation(name, annotation, optional: optional)
                param = name
            } else {
                param = parseType()
            }
            if rest { param = finish(.restElement(argument: param, typeAnnotation: nil), ps) }
            push(param)
            if tok != .rParen { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rParen)
        return list(from: m)
    }

    func parseUnionType() -> NodeID {
        let s = start
        let leading = eat(.bar)
        let first = parseIntersectionType()
        // `|}` closes a Flow exact object type
        if tok != .bar || (flow && peek() == .rBrace) {
            return leading ? finish(.tsUnionType(types: appendList([first])), s) : first
        }
        let m = mark
        push(first)
        while tok == .bar && !(flow && peek() == .rBrace) {
            next()
            push(parseIntersectionType())
        }
        return finish(.tsUnionType(types: list(from: m)), s)
    }

    func parseIntersectionType() -> NodeID {
        let s = start
        let leading = eat(.amp)
        let first = parseTypeOperator()
        if tok != .amp {
            return leading ? finish(.tsIntersectionType(types: appendList([first])), s) : first
        }
        let m = mark
        push(first)
        while eat(.amp) { push(parseTypeOperator()) }
        return finish(.tsIntersectionType(types: list(from: m)), s)
    }

    func parseTypeOperator() -> NodeID {
        let s = start
        let op: TypeOperator
        switch tok {
        case .kw_keyof: op = .keyof
        case .kw_unique: op = .unique
        case .kw_readonly: op = .readonly
        case .kw_infer:
            let t = peekToken()
            guard isIdentifierLike(t.kind) else { return parsePostfixType() }
            next()
            let ps = start
            let name = identifierNode()
            var constraint: NodeID? = nil
            if tok == .kw_extends && !noConditionalTypes {
                // `infer U extends X` only when it is not the start of a conditional type
                if let c = speculate({ () -> NodeID? in
                    next()
                    let saved = noConditionalTypes
                    noConditionalTypes = true
                    let c = parseType()
                    noConditionalTypes = saved
                    return tok == .question ? nil : c
                }) { constraint = c }
            } else if tok == .kw_extends && noConditionalTypes {
                next()
                constraint = parseType()
            }
            let param = finish(.tsTypeParameter(name: name, constraint: constraint, defaultType: nil, flags: []), ps)
            return finish(.tsInferType(typeParameter: param), s)
        default:
            return parsePostfixType()
        }
        let k = peek()
        if k == .rParen || k == .comma || k == .rBracket || k == .greater || k == .assign || k == .semicolon || k == .bar {
            return parsePostfixType()
        }
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        next()
        let t = parseTypeOperator()
        return finish(.tsTypeOperator(op: op, typeAnnotation: t), s)
    }

    /// A primary type and its `[]` / `[K]` suffixes. Conditional types are allowed again inside it
    /// (type arguments, tuples, object members), as TypeScript's `parsePostfixTypeOrHigher` does:
    /// `X extends Box<A extends B ? 1 : 2> ? C : D`.
    func parsePostfixType() -> NodeID {
        let s = start
        let saved = noConditionalTypes
        noConditionalTypes = false
        defer { noConditionalTypes = saved }
        var t = parsePrimaryType()
        while tok == .lBracket && !newlineBefore {
            next()
            if eat(.rBracket) {
                t = finish(.tsArrayType(elementType: t), s)
            } else {
                let index = parseTypeAllowingConditional()
                expect(.rBracket)
                t = finish(.tsIndexedAccessType(objectType: t, indexType: index), s)
            }
        }
        return t
    }

    func keyword(_ k: TokenKind) -> TSKeyword? {
        switch k {
        case .kw_any: return .any
        case .kw_unknown: return .unknown
        case .kw_number: return .number
        case .kw_bigint: return .bigint
        case .kw_boolean: return .boolean
        case .kw_string: return .string
        case .kw_symbol: return .symbol
        case .kw_object: return .object
        case .kw_never: return .never
        case .kw_undefined: return .undefined
        case .kw_intrinsic: return .intrinsic
        default: return nil
        }
    }

    /// `A`, `A.B.C` (also `this.x` in `typeof this.x`).
    func parseEntityName() -> NodeID {
        let s = start
        var name: NodeID = tok == .kw_this ? plainLeaf(.thisExpression) : (isIdentifierName(tok) ? identifierNode() : invalid())
        while tok == .dot {
            next()
            let right = isIdentifierName(tok) || tok == .privateName ? memberName() : invalid()
            name = finish(.tsQualifiedName(left: name, right: right), s)
        }
        return name
    }

    func parsePrimaryType() -> NodeID {
        let s = start
        switch tok {
        case .kw_void: return leaf(.tsKeyword(keyword: .void))
        case .kw_null: return leaf(.tsKeyword(keyword: .null))
        case .kw_this: return plainLeaf(.tsThisType)
        case .string, .number, .bigint, .kw_true, .kw_false:
            let lit: NodeID
            switch tok {
            case .string: lit = plainLeaf(.stringLiteral)
            case .number: lit = plainLeaf(.numericLiteral)
            case .bigint: lit = plainLeaf(.bigIntLiteral)
            default: lit = leaf(.booleanLiteral(value: tok == .kw_true))
            }
            return finish(.tsLiteralType(literal: lit), s)
        case .minus:
            next()
            let arg = tok == .bigint ? plainLeaf(.bigIntLiteral) : (tok == .number ? plainLeaf(.numericLiteral) : invalid())
            let u = finish(.unary(op: .minus, argument: arg), s)
            return finish(.tsLiteralType(literal: u), s)
        case .template, .templateHead:
            return parseTemplateLiteralType()
        case .kw_typeof:
            next()
            let name = tok == .kw_import ? parseImportType() : parseEntityName()
            var args: NodeID? = nil
            // `typeof f<<T>() => T>` stays an error, as in TypeScript (no `<<` split after `typeof`)
            if tok == .less && !newlineBefore { args = parseTypeArguments() }
            return finish(.tsTypeQuery(exprName: name, typeArguments: args), s)
        case .kw_import:
            return parseImportType()
        case .lBrace:
            return isStartOfMappedType() ? parseMappedType() : parseTypeLiteral()
        case .lBracket:
            return parseTupleType()
        case .lParen:
            next()
            let t = parseTypeAllowingConditional()
            expect(.rParen)
            return t
        case .kw_asserts:
            return parseTypeReference()
        case .question where flow:
            // Flow's maybe type `?T`: T, null or undefined (the annotation's T is what analyses read)
            next()
            if startsFunctionType(), let f = tryFunctionType() { return f }
            return parseTypeOperator()
        case .star where flow:
            // Flow's existential type `*`
            return leaf(.tsKeyword(keyword: .any))
        default:
            if let kw = keyword(tok), peek() != .dot {
                return leaf(.tsKeyword(keyword: kw))
            }
            if isIdentifierName(tok) && tok != .kw_function && tok != .kw_class { return parseTypeReference() }
            return invalid()
        }
    }

    func parseTypeReference() -> NodeID {
        let s = start
        let name = parseEntityName()
        var args: NodeID? = nil
        if atLessForTypeArguments && !newlineBefore { args = parseTypeArguments() }
        return finish(.tsTypeReference(typeName: name, typeArguments: args), s)
    }

    /// `import('x').A.B<T>`
    func parseImportType() -> NodeID {
        let s = start
        next()
        expect(.lParen)
        let ls = start
        let arg = tok == .string ? plainLeaf(.stringLiteral) : invalid()
        let argument = finish(.tsLiteralType(literal: arg), ls)
        if eat(.comma) && tok != .rParen {
            _ = parseAssignmentAllowingIn()
            _ = eat(.comma)
        }
        expect(.rParen)
        var qualifier: NodeID? = nil
        if eat(.dot) { qualifier = parseEntityName() }
        var args: NodeID? = nil
        if atLessForTypeArguments && !newlineBefore { args = parseTypeArguments() }
        return finish(.tsImportType(argument: argument, qualifier: qualifier, typeArguments: args), s)
    }

    func parseTemplateLiteralType() -> NodeID {
        let s = start
        let t = lx.token
        if tok == .template {
            let element = finish(.templateElement(tail: true), t.start + 1, max(t.start + 1, t.end - 1))
            next()
            return finish(.tsTemplateLiteralType(quasis: appendList([element]), types: .empty), s)
        }
        var quasis = [finish(.templateElement(tail: false), t.start + 1, max(t.start + 1, t.end - 2))]
        var types: [NodeID] = []
        next()
        while true {
            types.append(parseTypeAllowingConditional())
            if tok != .rBrace { unexpected(expected: .rBrace); break }
            lx.rescanTemplateContinuation()
            let c = lx.token
            let tail = c.kind == .templateTail
            quasis.append(finish(.templateElement(tail: tail), c.start + 1, max(c.start + 1, c.end - (tail ? 1 : 2))))
            next()
            if tail { break }
        }
        return finish(.tsTemplateLiteralType(quasis: appendList(quasis), types: appendList(types)), s)
    }

    func parseTupleType() -> NodeID {
        let s = start
        next()
        let m = mark
        while tok != .rBracket && tok != .eof {
            let before = start
            let es = start
            let rest = eat(.ellipsis)
            var element: NodeID
            let named = isIdentifierName(tok) && lookahead {
                lx.next()
                if lx.token.kind == .question { lx.next() }
                return lx.token.kind == .colon
            }
            if named {
                let label = identifierNode()
                let optional = eat(.question)
                expect(.colon)
                let type = parseType()
                element = finish(.tsNamedTupleMember(label: label, elementType: type, optional: optional), es)
            } else {
                element = parseType()
                if tok == .question {
                    next()
                    element = finish(.tsOptionalType(typeAnnotation: element), es)
                }
            }
            if rest { element = finish(.tsRestType(typeAnnotation: element), es) }
            push(element)
            if tok != .rBracket { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBracket)
        return finish(.tsTupleType(elementTypes: list(from: m)), s)
    }

    func isStartOfMappedType() -> Bool {
        lookahead {
            lx.next()
            if lx.token.kind == .plus || lx.token.kind == .minus {
                lx.next()
                return lx.token.kind == .kw_readonly
            }
            if lx.token.kind == .kw_readonly { lx.next() }
            guard lx.token.kind == .lBracket else { return false }
            lx.next()
            guard lxIdentifierLike else { return false }
            lx.next()
            return lx.token.kind == .kw_in
        }
    }

    /// `{ readonly [K in T as N]?: V }` with `+`/`-` modifiers.
    func parseMappedType() -> NodeID {
        let s = start
        next()
        var flags: MappedTypeFlags = []
        if tok == .plus { next(); flags.insert(.readonlyPlus) } else if tok == .minus { next(); flags.insert(.readonlyMinus) }
        if eat(.kw_readonly) { flags.insert(.readonly) }
        expect(.lBracket)
        let ps = start
        let name = identifierNode()
        expect(.kw_in)
        let constraint = parseType()
        let param = finish(.tsTypeParameter(name: name, constraint: constraint, defaultType: nil, flags: []), ps)
        var nameType: NodeID? = nil
        if tok == .kw_as { next(); nameType = parseType() }
        expect(.rBracket)
        if tok == .plus { next(); flags.insert(.optionalPlus) } else if tok == .minus { next(); flags.insert(.optionalMinus) }
        if eat(.question) { flags.insert(.optional) }
        var type: NodeID? = nil
        if eat(.colon) { type = parseType() }
        _ = eat(.semicolon) || eat(.comma)
        expect(.rBrace)
        return finish(.tsMappedType(typeParameter: param, nameType: nameType, typeAnnotation: type, flags: flags), s)
    }

    func parseTypeLiteral() -> NodeID {
        let s = start
        let members = parseTypeMembers()
        return finish(.tsTypeLiteral(members: members), s)
    }

    /// At `{`: members of an object type or interface body, through `}`.
    func parseTypeMembers() -> NodeList {
        expect(.lBrace)
        // Flow's exact object `{| a: T |}` (and the empty `{||}`)
        if flow && (tok == .bar || tok == .bar2) {
            if tok == .bar2 { next(); expect(.rBrace); return .empty }
            next()
        }
        let m = mark
        while tok != .rBrace && tok != .eof {
            if flow && tok == .bar && peek() == .rBrace { next(); break }
            let before = start
            push(parseTypeMember())
            if tok == .comma || tok == .semicolon { next() } else if tok != .rBrace && !newlineBefore && !(flow && tok == .bar) { unexpected() }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        return list(from: m)
    }

    func parseTypeMember() -> NodeID {
        let s = start
        if flow {
            // `...OtherType` spreads another object type; `+key` / `-key` mark variance
            if tok == .ellipsis {
                next()
                return parseType()
            }
            if (tok == .plus || tok == .minus) && startsPropertyName(peek()) { next() }
        }
        if tok == .lParen || tok == .less {
            let (tp, params, rt) = parseSignatureParts()
            return finish(.tsCallSignature(typeParameters: tp, params: params, returnType: rt), s)
        }
        if tok == .kw_new {
            let k = peek()
            if k == .lParen || k == .less {
                next()
                let (tp, params, rt) = parseSignatureParts()
                return finish(.tsConstructSignature(typeParameters: tp, params: params, returnType: rt), s)
            }
        }
        var modifiers: Modifiers = []
        if tok == .kw_readonly {
            let k = peek()
            if startsPropertyName(k) { next(); modifiers.insert(.readonly) }
        }
        if tok == .lBracket, let index = tryParseIndexSignature(s, modifiers: modifiers, inClass: false) { return index }
        var kind = MethodKind.method
        if tok == .kw_get || tok == .kw_set {
            let k = peek()
            if startsPropertyName(k) {
                kind = tok == .kw_get ? .get : .set
                next()
            }
        }
        let (key, computed, _) = parsePropertyKey()
        if computed { modifiers.insert(.computed) }
        if eat(.question) { modifiers.insert(.optional) }
        if tok == .lParen || tok == .less {
            let (tp, params, rt) = parseSignatureParts()
            return finish(.tsMethodSignature(key: key, kind: kind, typeParameters: tp, params: params, returnType: rt,
                                             modifiers: modifiers), s)
        }
        var annotation: NodeID? = nil
        if tok == .colon { annotation = parseTypeAnnotation() }
        return finish(.tsPropertySignature(key: key, typeAnnotation: annotation, modifiers: modifiers), s)
    }

    func parseSignatureParts() -> (NodeID?, NodeList, NodeID?) {
        var tp: NodeID? = nil
        if tok == .less { tp = parseTypeParameters() }
        var params = NodeList.empty
        if tok == .lParen {
            next()
            params = parseParameterList()
        } else {
            unexpected(expected: .lParen)
        }
        var rt: NodeID? = nil
        if tok == .colon { rt = parseReturnTypeAnnotation() }
        return (tp, params, rt)
    }

    /// At `[`: `[key: K]: V` index signatures (in classes and object types), or nil.
    func tryParseIndexSignature(_ s: Int32, modifiers: Modifiers, inClass: Bool = true) -> NodeID? {
        let isIndex = lookahead {
            lx.next()
            guard lxIdentifierLike else { return false }
            lx.next()
            return lx.token.kind == .colon
        }
        guard isIndex else { return nil }
        next()
        let m = mark
        while tok != .rBracket && tok != .eof {
            let before = start
            let ps = start
            let name = identifierNode()
            if tok == .colon { attachTypeAnnotation(name, parseTypeAnnotation(), optional: false) }
            _ = ps
            push(name)
            if tok != .rBracket { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBracket)
        var modifiers = modifiers
        if eat(.question) { modifiers.insert(.optional) }
        var annotation: NodeID? = nil
        if tok == .colon { annotation = parseTypeAnnotation() }
        if inClass { semicolon() }
        return finish(.tsIndexSignature(parameters: list(from: m), typeAnnotation: annotation, modifiers: modifiers), s)
    }
}
