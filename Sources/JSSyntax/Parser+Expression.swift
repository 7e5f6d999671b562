// Expressions: assignment, conditional, binary (precedence climbing), unary, calls and members, primaries.
//
// Technique: `parseBinary(minPrec)` parses a unary operand and then loops while the next operator binds
// tighter than `minPrec`, recursing only for the right operand (so the recursion depth is bounded by the
// number of precedence levels, not by the length of `a+b+c+...`). Arrow functions are recognised where
// they start: an identifier followed by `=>`, or a `(` whose contents parse as parameters followed by
// `=>` (speculation, memoised on failure). Object and array literals are turned into patterns in place
// when an `=` shows they were assignment targets.

import SourceText

extension ParserImpl {
    func parseExpression() -> NodeID {
        let s = start
        let first = parseAssignment()
        if tok != .comma { return first }
        let m = mark
        push(first)
        while eat(.comma) { push(parseAssignment()) }
        return finish(.sequence(expressions: list(from: m)), s)
    }

    /// An expression with `in` allowed, whatever the surrounding context.
    func parseExpressionAllowingIn() -> NodeID {
        let saved = noIn
        noIn = false
        defer { noIn = saved }
        return parseExpression()
    }

    func parseAssignmentAllowingIn() -> NodeID {
        let saved = noIn
        noIn = false
        defer { noIn = saved }
        return parseAssignment()
    }

    func parseAssignment() -> NodeID {
        guard enter() else { return finish(.invalid, start, start) }
        defer { leave() }
        if tok == .kw_yield && ctx.isGenerator { return parseYield() }
        let s = start
        let left = parseConditional()
        if isBareArrow(left) { return left }
        if let op = assignmentOperator(tok) {
            if op == .assign { toPattern(left) } else { checkSimpleTarget(left) }
            next()
            let right = parseAssignment()
            return finish(.assignment(op: op, left: left, right: right), s)
        }
        return left
    }

    @inline(__always) func assignmentOperator(_ k: TokenKind) -> AssignmentOperator? {
        switch k {
        case .assign: return .assign
        case .plusAssign: return .add
        case .minusAssign: return .subtract
        case .starAssign: return .multiply
        case .slashAssign: return .divide
        case .percentAssign: return .remainder
        case .star2Assign: return .exponent
        case .shiftLeftAssign: return .shiftLeft
        case .shiftRightAssign: return .shiftRight
        case .shiftRight3Assign: return .unsignedShiftRight
        case .barAssign: return .bitwiseOr
        case .caretAssign: return .bitwiseXor
        case .ampAssign: return .bitwiseAnd
        case .bar2Assign: return .or
        case .amp2Assign: return .and
        case .question2Assign: return .nullish
        default: return nil
        }
    }

    func parseYield() -> NodeID {
        let s = start
        next()
        if newlineBefore { return finish(.yield(argument: nil, delegate: false), s) }
        let delegate = eat(.star)
        if !delegate {
            switch tok {
            case .rParen, .rBracket, .rBrace, .comma, .semicolon, .colon, .eof, .question:
                return finish(.yield(argument: nil, delegate: false), s)
            case .kw_in where noIn:
                return finish(.yield(argument: nil, delegate: false), s)
            default: break
            }
        }
        let arg = parseAssignment()
        return finish(.yield(argument: arg, delegate: delegate), s)
    }

    func parseConditional() -> NodeID {
        let s = start
        let test = parseBinary(0)
        if tok != .question || isBareArrow(test) { return test }
        next()
        let consequent = parseAssignmentAllowingIn()
        expect(.colon)
        let alternate = parseAssignment()
        return finish(.conditional(test: test, consequent: consequent, alternate: alternate), s)
    }

    @inline(__always) func binaryPrecedence(_ k: TokenKind) -> Int {
        switch k {
        case .question2: return 1
        case .bar2: return 1
        case .amp2: return 2
        case .bar: return 3
        case .caret: return 4
        case .amp: return 5
        case .equal2, .notEqual, .equal3, .notEqual2: return 6
        case .less, .greater, .lessEqual, .greaterEqual, .kw_instanceof, .kw_in: return 7
        case .shiftLeft, .shiftRight, .shiftRight3: return 8
        case .plus, .minus: return 9
        case .star, .slash, .percent: return 10
        case .star2: return 11
        default: return 0
        }
    }

    func binaryNode(_ k: TokenKind, _ left: NodeID, _ right: NodeID) -> Node {
        let op: BinaryOperator
        switch k {
        case .bar2: return .logical(op: .or, left: left, right: right)
        case .amp2: return .logical(op: .and, left: left, right: right)
        case .question2: return .logical(op: .nullish, left: left, right: right)
        case .bar: op = .bitwiseOr
        case .caret: op = .bitwiseXor
        case .amp: op = .bitwiseAnd
        case .equal2: op = .equal
        case .notEqual: op = .notEqual
        case .equal3: op = .strictEqual
        case .notEqual2: op = .strictNotEqual
        case .less: op = .less
        case .greater: op = .greater
        case .lessEqual: op = .lessEqual
        case .greaterEqual: op = .greaterEqual
        case .kw_instanceof: op = .instanceof
        case .kw_in: op = .in
        case .shiftLeft: op = .shiftLeft
        case .shiftRight: op = .shiftRight
        case .shiftRight3: op = .unsignedShiftRight
        case .plus: op = .add
        case .minus: op = .subtract
        case .star: op = .multiply
        case .slash: op = .divide
        case .percent: op = .remainder
        default: op = .exponent
        }
        return .binary(op: op, left: left, right: right)
    }

    func parseBinary(_ minPrec: Int) -> NodeID {
        let s = start
        let left = parseUnary()
        return parseBinaryRest(left, s, minPrec)
    }

    func parseBinaryRest(_ first: NodeID, _ s: Int32, _ minPrec: Int) -> NodeID {
        var left = first
        if isBareArrow(left) { return left }
        while true {
            let k = tok
            let prec = binaryPrecedence(k)
            if prec == 0 {
                if ts && (k == .kw_as || k == .kw_satisfies) && !newlineBefore && minPrec < 7 {
                    next()
                    let type = (k == .kw_as && tok == .kw_const) ? parseConstTypeReference() : parseType()
                    left = finish(k == .kw_as ? .tsAsExpression(expression: left, typeAnnotation: type)
                                  : .tsSatisfiesExpression(expression: left, typeAnnotation: type), s)
                    continue
                }
                break
            }
            if prec <= minPrec || (k == .kw_in && noIn) { break }
            if k == .star2 && ranges[left.index].start == s && (kind(left) == .unary || kind(left) == .await) {
                earlyError("Unary operator before '**' needs parentheses", at: s)
            }
            guard enter() else { break }
            next()
            let right = parseBinary(k == .star2 ? prec - 1 : prec)
            leave()
            left = finish(binaryNode(k, left, right), s)
        }
        return left
    }

    func parseUnary() -> NodeID {
        let s = start
        let op: UnaryOperator
        switch tok {
        case .bang: op = .not
        case .tilde: op = .bitwiseNot
        case .plus: op = .plus
        case .minus: op = .minus
        case .kw_typeof: op = .typeof
        case .kw_void: op = .void
        case .kw_delete: op = .delete
        case .plus2, .minus2:
            guard enter() else { return finish(.invalid, s, s) }
            defer { leave() }
            let update: UpdateOperator = tok == .plus2 ? .increment : .decrement
            next()
            let arg = parseUnary()
            checkSimpleTarget(arg)
            return finish(.update(op: update, prefix: true, argument: arg), s)
        case .kw_await where awaitIsExpression():
            guard enter() else { return finish(.invalid, s, s) }
            defer { leave() }
            next()
            let arg = parseUnary()
            return finish(.await(argument: arg), s)
        case .less where ts && !jsx:
            return parseTypeAssertionOrGenericArrow()
        default:
            let expr = parseLeftHandSide()
            if (tok == .plus2 || tok == .minus2) && !newlineBefore && !isBareArrow(expr) {
                let update: UpdateOperator = tok == .plus2 ? .increment : .decrement
                checkSimpleTarget(expr)
                next()
                return finish(.update(op: update, prefix: false, argument: expr), s)
            }
            return expr
        }
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        next()
        let arg = parseUnary()
        return finish(.unary(op: op, argument: arg), s)
    }

    /// Whether `await` here is the operator (inside async functions, at the top level of modules).
    func awaitIsExpression() -> Bool {
        if ctx.isAsync { return true }
        if ctx.inFunction || inClassBody { return false }
        if moduleGrammar { return true }
        if options.sourceType == .script && !ts { return false }
        // Unambiguous top level: the operator when an operand follows on the same line.
        let t = peekToken()
        if t.newlineBefore { return false }
        switch t.kind {
        case .identifier, .string, .number, .bigint, .template, .templateHead, .lParen, .lBracket, .kw_new,
             .kw_this, .kw_function, .kw_class, .kw_import, .kw_super, .kw_true, .kw_false, .kw_null, .kw_typeof,
             .kw_void, .kw_delete, .bang, .tilde, .plus2, .minus2, .kw_await, .privateName:
            return true
        default:
            return isIdentifierLike(t.kind) && t.kind != .kw_of && t.kind != .kw_as && t.kind != .kw_satisfies
        }
    }

    func parseLeftHandSide() -> NodeID {
        let s = start
        let base = tok == .kw_new ? parseNew() : parsePrimary()
        return parseSubscripts(base, s, noCalls: false)
    }

    func parseNew() -> NodeID {
        let s = start
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        let newEnd = lx.token.end
        next()
        if tok == .dot {
            next()
            let meta = finish(.identifier(typeAnnotation: nil, optional: false), s, newEnd)
            let property = isIdentifierName(tok) ? identifierNode() : invalid()
            return finish(.metaProperty(meta: meta, property: property), s)
        }
        let calleeStart = start
        var callee = tok == .kw_new ? parseNew() : parsePrimary()
        callee = parseSubscripts(callee, calleeStart, noCalls: true)
        if tok == .questionDot { earlyError("Invalid optional chain in a new expression", at: start) }
        var typeArguments: NodeID? = nil
        if ts && atLessForTypeArguments { typeArguments = tryTypeArgumentsInExpression() }
        let args = tok == .lParen ? parseArguments() : .empty
        return finish(.new(callee: callee, typeArguments: typeArguments, arguments: args), s)
    }

    func memberName() -> NodeID {
        if tok == .privateName { return plainLeaf(.privateIdentifier) }
        if isIdentifierName(tok) { return identifierNode() }
        return invalid()
    }

    func parseSubscripts(_ first: NodeID, _ s: Int32, noCalls: Bool) -> NodeID {
        var base = first
        if isBareArrow(base) { return base }
        var chained = false
        loop: while true {
            switch tok {
            case .dot:
                next()
                let property = memberName()
                base = finish(.member(object: base, property: property, computed: false, optional: false), s)
            case .lBracket:
                next()
                let property = parseExpressionAllowingIn()
                expect(.rBracket)
                base = finish(.member(object: base, property: property, computed: true, optional: false), s)
            case .lParen:
                if noCalls { break loop }
                let args = parseArguments()
                base = finish(.call(callee: base, typeArguments: nil, arguments: args, optional: false), s)
            case .questionDot:
                if noCalls { break loop }
                chained = true
                next()
                if tok == .lParen {
                    let args = parseArguments()
                    base = finish(.call(callee: base, typeArguments: nil, arguments: args, optional: true), s)
                } else if tok == .lBracket {
                    next()
                    let property = parseExpressionAllowingIn()
                    expect(.rBracket)
                    base = finish(.member(object: base, property: property, computed: true, optional: true), s)
                } else if ts && atLessForTypeArguments, let typeArgs = tryTypeArgumentsInExpression(), tok == .lParen {
                    let args = parseArguments()
                    base = finish(.call(callee: base, typeArguments: typeArgs, arguments: args, optional: true), s)
                } else {
                    let property = memberName()
                    base = finish(.member(object: base, property: property, computed: false, optional: true), s)
                }
            case .template, .templateHead:
                if chained { earlyError("Tagged template on an optional chain", at: start) }
                let quasi = parseTemplate()
                base = finish(.taggedTemplate(tag: base, typeArguments: nil, quasi: quasi), s)
            case .bang:
                if !ts || newlineBefore { break loop }
                next()
                base = finish(.tsNonNullExpression(expression: base), s)
            case .less, .shiftLeft:
                if !ts { break loop }
                guard let typeArgs = tryTypeArgumentsInExpression() else { break loop }
                if tok == .lParen && !noCalls {
                    let args = parseArguments()
                    base = finish(.call(callee: base, typeArguments: typeArgs, arguments: args, optional: false), s)
                } else if tok == .template || tok == .templateHead {
                    let quasi = parseTemplate()
                    base = finish(.taggedTemplate(tag: base, typeArguments: typeArgs, quasi: quasi), s)
                } else {
                    base = finish(.tsInstantiationExpression(expression: base, typeArguments: typeArgs), s)
                }
            default:
                break loop
            }
        }
        if chained { base = finish(.chain(expression: base), s) }
        return base
    }

    func parseArguments() -> NodeList {
        next()
        let saved = noIn
        noIn = false
        let m = mark
        while tok != .rParen && tok != .eof {
            let before = start
            if tok == .ellipsis {
                let s = start
                next()
                let arg = parseAssignment()
                push(finish(.spreadElement(argument: arg), s))
            } else {
                push(parseAssignment())
            }
            if tok != .rParen { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rParen)
        noIn = saved
        return list(from: m)
    }

    func parsePrimary() -> NodeID {
        let s = start
        switch tok {
        case .identifier:
            let id = identifierNode()
            if tok == .arrow && !newlineBefore { return parseArrowFromIdentifier(id, s, isAsync: false) }
            return id
        case .kw_async:
            return parseAsync()
        case .kw_function:
            return parseFunction(s, isAsync: false, isDeclaration: false)
        case .kw_class:
            return parseClass(s, isDeclaration: false, decorators: .empty)
        case .kw_this: return plainLeaf(.thisExpression)
        case .kw_super: return plainLeaf(.superExpression)
        case .kw_null: return plainLeaf(.nullLiteral)
        case .kw_true: return leaf(.booleanLiteral(value: true))
        case .kw_false: return leaf(.booleanLiteral(value: false))
        case .number: return plainLeaf(.numericLiteral)
        case .bigint: return plainLeaf(.bigIntLiteral)
        case .string: return plainLeaf(.stringLiteral)
        case .template, .templateHead: return parseTemplate()
        case .slash, .slashAssign:
            lx.rescanRegex()
            return plainLeaf(.regExpLiteral)
        case .lParen: return parseParenOrArrow(s)
        case .lBracket: return parseArrayLiteral()
        case .lBrace: return parseObjectLiteral()
        case .kw_import: return parseImportCall()
        case .kw_new: return parseNew()
        case .privateName: return plainLeaf(.privateIdentifier)
        case .less:
            // JSX is accepted in .js files too: `<` cannot start any other JavaScript expression.
            if jsx || !ts { return parseJSXElementOrFragment() }
            if ts { return parseTypeAssertionOrGenericArrow() }
            return invalid()
        case .at:
            let decorators = parseDecorators()
            if tok == .kw_class { return parseClass(s, isDeclaration: false, decorators: decorators) }
            return invalid()
        default:
            if isIdentifier {
                if tok == .kw_await && moduleGrammar { return reservedAwait() }
                let id = identifierNode()
                if tok == .arrow && !newlineBefore { return parseArrowFromIdentifier(id, s, isAsync: false) }
                return id
            }
            return invalid()
        }
    }

    /// `await` where it is neither the operator nor an identifier: in a module outside async functions.
    func reservedAwait() -> NodeID {
        error("Unexpected reserved word 'await'")
        return finish(.invalid, start, start)
    }

    func parseArrowFromIdentifier(_ param: NodeID, _ s: Int32, isAsync: Bool) -> NodeID {
        let m = mark
        push(param)
        return parseArrowBody(s, typeParameters: nil, params: list(from: m), returnType: nil, isAsync: isAsync)
    }

    /// At `=>`: parses the arrow's body and finishes the node.
    func parseArrowBody(_ s: Int32, typeParameters: NodeID?, params: NodeList, returnType: NodeID?,
                        isAsync: Bool) -> NodeID {
        expect(.arrow)
        let savedCtx = ctx
        let savedNoIn = noIn
        let savedClass = inClassBody
        ctx = FunctionContext(inFunction: true, isAsync: isAsync, isGenerator: false, labelFloor: labels.count)
        inClassBody = false
        var flags: FunctionFlags = isAsync ? [.async] : []
        let body: NodeID
        if tok == .lBrace {
            noIn = false
            body = parseFunctionBody()
        } else {
            body = parseAssignment()
            flags.insert(.expressionBody)
        }
        ctx = savedCtx
        noIn = savedNoIn
        inClassBody = savedClass
        let arrow = finish(.arrowFunction(typeParameters: typeParameters, params: params, returnType: returnType,
                                          body: body, flags: flags), s)
        bareArrowEnd = prevEnd
        return arrow
    }

    func parseAsync() -> NodeID {
        let s = start
        let asyncEnd = lx.token.end
        next()
        if newlineBefore {
            return finish(.identifier(typeAnnotation: nil, optional: false), s, asyncEnd)
        }
        if tok == .kw_function { return parseFunction(s, isAsync: true, isDeclaration: false) }
        if tok == .lParen || (ts && tok == .less) {
            if let arrow = tryParseArrow(s, isAsync: true) { return arrow }
            return finish(.identifier(typeAnnotation: nil, optional: false), s, asyncEnd)
        }
        if tok == .arrow {
            let id = finish(.identifier(typeAnnotation: nil, optional: false), s, asyncEnd)
            return parseArrowFromIdentifier(id, s, isAsync: false)
        }
        if isIdentifier {
            let param = identifierNode()
            if tok == .arrow && !newlineBefore { return parseArrowFromIdentifier(param, s, isAsync: true) }
            return invalid()
        }
        return finish(.identifier(typeAnnotation: nil, optional: false), s, asyncEnd)
    }

    /// At `(` (or `<` in TypeScript): parameters, optional return type and `=>`, or nil with nothing consumed.
    func tryParseArrow(_ s: Int32, isAsync: Bool) -> NodeID? {
        let openStart = start
        if failedArrowStarts.contains(openStart) { return nil }
        let head: (NodeID?, NodeList, NodeID?)? = speculate {
            var typeParameters: NodeID? = nil
            if tok == .less {
                if jsx && !isAsync && !looksLikeGenericArrowInTSX() { return nil }
                typeParameters = parseTypeParameters()
            }
            guard tok == .lParen else { return nil }
            let paramsStart = start
            next()
            switch tok {
            case .rParen, .ellipsis, .lBracket, .lBrace, .at, .kw_this: break
            default: if !isIdentifier { return nil }
            }
            _ = paramsStart
            let params = parseParameterList()
            var returnType: NodeID? = nil
            if ts && tok == .colon { returnType = parseReturnTypeAnnotation() }
            guard tok == .arrow && !newlineBefore else { return nil }
            return (typeParameters, params, returnType)
        }
        guard let (typeParameters, params, returnType) = head else {
            failedArrowStarts.insert(openStart)
            return nil
        }
        return parseArrowBody(s, typeParameters: typeParameters, params: params, returnType: returnType,
                              isAsync: isAsync)
    }

    func parseParenOrArrow(_ s: Int32) -> NodeID {
        if let arrow = tryParseArrow(s, isAsync: false) { return arrow }
        next()
        let e = parseExpressionAllowingIn()
        if flow && tok == .colon {
            // Flow's type cast `(expr: T)`: the expression, typed
            next()
            let type = parseType()
            expect(.rParen)
            return finish(.tsAsExpression(expression: e, typeAnnotation: type), s)
        }
        expect(.rParen)
        return e
    }

    func parseArrayLiteral() -> NodeID {
        let s = start
        next()
        let saved = noIn
        noIn = false
        let m = mark
        while tok != .rBracket && tok != .eof {
            let before = start
            if tok == .comma {
                push(finish(.elision, start, start))
                next()
                continue
            }
            if tok == .ellipsis {
                let es = start
                next()
                let arg = parseAssignment()
                push(finish(.spreadElement(argument: arg), es))
            } else {
                push(parseAssignment())
            }
            if tok != .rBracket { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBracket)
        noIn = saved
        return finish(.arrayExpression(elements: list(from: m)), s)
    }

    func parseObjectLiteral() -> NodeID {
        let s = start
        next()
        let saved = noIn
        noIn = false
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            push(parseObjectMember())
            if tok != .rBrace { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        noIn = saved
        return finish(.objectExpression(properties: list(from: m)), s)
    }

    @inline(__always) func startsPropertyName(_ k: TokenKind) -> Bool {
        isIdentifierName(k) || k == .string || k == .number || k == .bigint || k == .lBracket || k == .privateName
    }

    func parseObjectMember() -> NodeID {
        let s = start
        if tok == .ellipsis {
            next()
            let arg = parseAssignment()
            return finish(.spreadElement(argument: arg), s)
        }
        var isAsync = false
        var isGenerator = false
        var kind = PropertyKind.initializer
        if tok == .kw_async || tok == .kw_get || tok == .kw_set {
            let t = lx.token
            next()
            if (startsPropertyName(tok) || (t.kind == .kw_async && tok == .star)) && !(t.kind == .kw_async && newlineBefore) {
                if t.kind == .kw_async {
                    isAsync = true
                    isGenerator = eat(.star)
                } else {
                    kind = t.kind == .kw_get ? .get : .set
                }
            } else {
                let key = finish(.identifier(typeAnnotation: nil, optional: false), t.start, t.end)
                return parsePropertyValue(s, key: key, computed: false, shorthandOK: true, isAsync: false,
                                          isGenerator: false, kind: .initializer)
            }
        } else if tok == .star {
            next()
            isGenerator = true
        }
        let (key, computed, identifierLike) = parsePropertyKey()
        return parsePropertyValue(s, key: key, computed: computed, shorthandOK: identifierLike, isAsync: isAsync,
                                  isGenerator: isGenerator, kind: kind)
    }

    /// A property name: identifier name, string, number, `[computed]` or `#private`.
    func parsePropertyKey() -> (key: NodeID, computed: Bool, identifierLike: Bool) {
        switch tok {
        case .lBracket:
            next()
            let e = parseAssignmentAllowingIn()
            expect(.rBracket)
            return (e, true, false)
        case .string: return (plainLeaf(.stringLiteral), false, false)
        case .number: return (plainLeaf(.numericLiteral), false, false)
        case .bigint: return (plainLeaf(.bigIntLiteral), false, false)
        case .privateName: return (plainLeaf(.privateIdentifier), false, false)
        default:
            if isIdentifierName(tok) {
                let like = isIdentifier
                return (identifierNode(), false, like)
            }
            return (invalid(), false, false)
        }
    }

    func parsePropertyValue(_ s: Int32, key: NodeID, computed: Bool, shorthandOK: Bool, isAsync: Bool,
                            isGenerator: Bool, kind: PropertyKind) -> NodeID {
        var flags: PropertyFlags = computed ? [.computed] : []
        if tok == .lParen || tok == .less {
            let fn = parseMethod(isAsync: isAsync, isGenerator: isGenerator)
            if kind == .initializer { flags.insert(.method) } else { checkAccessorParameters(fn, isGetter: kind == .get) }
            return finish(.property(key: key, value: fn, kind: kind, flags: flags), s)
        }
        if kind != .initializer || isAsync || isGenerator { return invalid() }
        if tok == .colon {
            next()
            let value = parseAssignment()
            return finish(.property(key: key, value: value, kind: .initializer, flags: flags), s)
        }
        guard shorthandOK else { return invalid() }
        flags.insert(.shorthand)
        let r = ranges[key.index]
        var value = finish(.identifier(typeAnnotation: nil, optional: false), r.start, r.end)
        if tok == .assign {
            next()
            let def = parseAssignment()
            value = finish(.assignmentPattern(left: value, right: def), r.start)
        }
        return finish(.property(key: key, value: value, kind: .initializer, flags: flags), s)
    }

    func appendList(_ ids: [NodeID]) -> NodeList {
        if ids.isEmpty { return .empty }
        let s = Int32(truncatingIfNeeded: lists.count)
        lists.append(contentsOf: ids)
        return NodeList(start: s, count: Int32(ids.count))
    }

    /// A template literal at its first token (no-substitution template or head).
    func parseTemplate() -> NodeID {
        let s = start
        if tok == .template {
            let t = lx.token
            let element = finish(.templateElement(tail: true), t.start + 1, max(t.start + 1, t.end - 1))
            next()
            return finish(.templateLiteral(quasis: appendList([element]), expressions: .empty), s)
        }
        let t = lx.token
        var quasis = [finish(.templateElement(tail: false), t.start + 1, max(t.start + 1, t.end - 2))]
        var expressions: [NodeID] = []
        next()
        while true {
            expressions.append(parseExpressionAllowingIn())
            if tok != .rBrace { unexpected(expected: .rBrace); break }
            lx.rescanTemplateContinuation()
            let c = lx.token
            let tail = c.kind == .templateTail
            quasis.append(finish(.templateElement(tail: tail), c.start + 1, max(c.start + 1, c.end - (tail ? 1 : 2))))
            next()
            if tail { break }
        }
        return finish(.templateLiteral(quasis: appendList(quasis), expressions: appendList(expressions)), s)
    }

    /// `import(...)`, `import.meta`.
    func parseImportCall() -> NodeID {
        let s = start
        let importEnd = lx.token.end
        next()
        if tok == .dot {
            next()
            let meta = finish(.identifier(typeAnnotation: nil, optional: false), s, importEnd)
            let property = isIdentifierName(tok) ? identifierNode() : invalid()
            sawModuleSyntax = true
            return finish(.metaProperty(meta: meta, property: property), s)
        }
        guard tok == .lParen else { return invalid() }
        next()
        let source = parseAssignmentAllowingIn()
        var options: NodeID? = nil
        if eat(.comma) && tok != .rParen {
            options = parseAssignmentAllowingIn()
            _ = eat(.comma)
        }
        expect(.rParen)
        return finish(.importExpression(source: source, options: options), s)
    }

    /// Turns an expression that turned out to be an assignment target into a pattern, in place, and
    /// reports what cannot be assigned to (`1 = 2`, `a + b = c`, `({ a: 1 } = x)`) as an early error.
    /// `nested` is true inside a destructuring pattern, where a call is not a target either.
    func toPattern(_ id: NodeID, nested: Bool = false) {
        switch nodes[id.index] {
        case .objectExpression(let properties):
            for p in items(properties) {
                switch nodes[p.index] {
                case .property(_, let value, let kind, let flags):
                    if kind != .initializer || flags.contains(.method) {
                        earlyError("Invalid assignment target", at: ranges[p.index].start)
                    } else {
                        toPattern(value, nested: true)
                    }
                case .spreadElement(let argument):
                    toPattern(argument, nested: true)
                    nodes[p.index] = .restElement(argument: argument, typeAnnotation: nil)
                default: break
                }
            }
            nodes[id.index] = .objectPattern(properties: properties, typeAnnotation: nil)
        case .arrayExpression(let elements):
            for e in items(elements) {
                if case .spreadElement(let argument) = nodes[e.index] {
                    toPattern(argument, nested: true)
                    nodes[e.index] = .restElement(argument: argument, typeAnnotation: nil)
                } else if kind(e) != .elision {
                    toPattern(e, nested: true)
                }
            }
            nodes[id.index] = .arrayPattern(elements: elements, typeAnnotation: nil)
        case .assignment(.assign, let left, let right):
            if !nested { earlyError("Invalid assignment target", at: ranges[id.index].start); return }
            toPattern(left, nested: true)
            nodes[id.index] = .assignmentPattern(left: left, right: right)
        case .objectPattern, .arrayPattern, .assignmentPattern, .variableDeclaration:
            break
        default:
            if !isSimpleTarget(id, allowCall: !nested) { earlyError("Invalid assignment target", at: ranges[id.index].start) }
        }
    }

    /// Identifiers and member expressions (TypeScript's `x!`, `x as T` and `<T>x` around them too); a
    /// call only where sloppy code may still write one (`f() = 1` throws at run time, not at parse time).
    func isSimpleTarget(_ id: NodeID, allowCall: Bool) -> Bool {
        switch nodes[id.index] {
        case .identifier, .invalid: return true
        case .member(_, _, _, let optional): return !optional
        case .call: return allowCall
        case .tsNonNullExpression(let e), .tsAsExpression(let e, _), .tsSatisfiesExpression(let e, _),
             .tsTypeAssertion(_, let e):
            return isSimpleTarget(e, allowCall: allowCall)
        default: return false
        }
    }

    /// The operand of `+=`, `++` and the like must be a simple target.
    func checkSimpleTarget(_ id: NodeID) {
        if !isSimpleTarget(id, allowCall: true) { earlyError("Invalid assignment target", at: ranges[id.index].start) }
    }
}
