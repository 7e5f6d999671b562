// Functions, parameters and decorators.
//
// Technique: a function saves the enclosing `FunctionContext` (async / generator / inside a function),
// installs its own, and restores it on the way out, so `await` and `yield` are operators exactly where
// the grammar says. Parameters are binding patterns with defaults; in TypeScript they may also carry
// `?`, a type annotation, decorators and parameter-property modifiers. A function without a body is a
// TypeScript overload or `declare` signature.

import SourceText

extension ParserImpl {
    /// At `function` (after `async`, if any).
    func parseFunction(_ s: Int32, isAsync: Bool, isDeclaration: Bool, declare: Bool = false) -> NodeID {
        next()
        let isGenerator = eat(.star)
        var id: NodeID? = nil
        if tok != .lParen && tok != .less { id = bindingIdentifier() }
        return parseFunctionRest(s, id: id, isAsync: isAsync, isGenerator: isGenerator, isDeclaration: isDeclaration,
                                 declare: declare)
    }

    /// A method's function: at `(` or `<`, the node starts there.
    func parseMethod(isAsync: Bool, isGenerator: Bool) -> NodeID {
        parseFunctionRest(start, id: nil, isAsync: isAsync, isGenerator: isGenerator, isDeclaration: false, declare: false)
    }

    func parseFunctionRest(_ s: Int32, id: NodeID?, isAsync: Bool, isGenerator: Bool, isDeclaration: Bool,
                           declare: Bool) -> NodeID {
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        let savedCtx = ctx
        let savedNoIn = noIn
        let savedClass = inClassBody
        ctx = FunctionContext(inFunction: true, isAsync: isAsync, isGenerator: isGenerator, labelFloor: labels.count)
        noIn = false
        inClassBody = false
        var typeParameters: NodeID? = nil
        if ts && tok == .less { typeParameters = parseTypeParameters() }
        var params = NodeList.empty
        if tok == .lParen {
            next()
            params = parseParameterList()
        } else {
            unexpected(expected: .lParen)
        }
        var returnType: NodeID? = nil
        if ts && tok == .colon { returnType = parseReturnTypeAnnotation() }
        var body: NodeID? = nil
        if tok == .lBrace {
            body = parseFunctionBody()
        } else if ts {
            semicolon()
        } else {
            unexpected(expected: .lBrace)
        }
        ctx = savedCtx
        noIn = savedNoIn
        inClassBody = savedClass
        var flags: FunctionFlags = []
        if isAsync { flags.insert(.async) }
        if isGenerator { flags.insert(.generator) }
        if declare { flags.insert(.declare) }
        if isDeclaration {
            return finish(.functionDeclaration(id: id, typeParameters: typeParameters, params: params,
                                               returnType: returnType, body: body, flags: flags), s)
        }
        return finish(.functionExpression(id: id, typeParameters: typeParameters, params: params,
                                          returnType: returnType, body: body, flags: flags), s)
    }

    func parseFunctionBody() -> NodeID {
        let s = start
        expect(.lBrace)
        let body = parseStatementList(until: .rBrace, directives: true)
        expect(.rBrace)
        return finish(.blockStatement(body: body), s)
    }

    /// After `(`: parameters up to and including `)`.
    func parseParameterList() -> NodeList {
        let m = mark
        while tok != .rParen && tok != .eof {
            let before = start
            let param = parseParameter()
            push(param)
            if tok == .comma && isRestParameter(param) { earlyError("Rest parameter must be last", at: start) }
            if tok != .rParen { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rParen)
        return list(from: m)
    }

    func parseParameter() -> NodeID {
        let s = start
        let decorators = tok == .at ? parseDecorators() : .empty
        let modifiers: Modifiers = ts ? parseParameterModifiers() : []
        var param: NodeID
        if tok == .ellipsis {
            next()
            let arg = parseBindingTarget()
            var annotation: NodeID? = nil
            if ts {
                _ = eat(.question)
                if tok == .colon { annotation = parseTypeAnnotation() }
            }
            param = finish(.restElement(argument: arg, typeAnnotation: annotation), s)
            if tok == .assign {
                next()
                let def = parseAssignmentAllowingIn()
                param = finish(.assignmentPattern(left: param, right: def), s)
            }
        } else {
            let ps = start
            param = (ts && tok == .kw_this) ? identifierNode() : parseBindingTarget()
            if ts {
                let optional = eat(.question)
                let annotation: NodeID? = tok == .colon ? parseTypeAnnotation() : nil
                if optional || annotation != nil { attachTypeAnnotation(param, annotation, optional: optional) }
            }
            if tok == .assign {
                next()
                let def = parseAssignmentAllowingIn()
                param = finish(.assignmentPattern(left: param, right: def), ps)
            }
        }
        if !modifiers.isEmpty {
            return finish(.tsParameterProperty(decorators: decorators, parameter: param, modifiers: modifiers), s)
        }
        if !decorators.isEmpty {
            return finish(.decoratedParameter(decorators: decorators, parameter: param), s)
        }
        return param
    }

    func isRestParameter(_ id: NodeID) -> Bool {
        switch nodes[id.index] {
        case .restElement: return true
        case .assignmentPattern(let left, _): return kind(left) == .restElement
        default: return false
        }
    }

    /// TypeScript's `this: T` parameter (the identifier's range covers its annotation).
    func isThisParameter(_ id: NodeID) -> Bool {
        let at = Int(ranges[id.index].start)
        return lx.p[at] == 0x74 && lx.p[at + 1] == 0x68 && lx.p[at + 2] == 0x69 && lx.p[at + 3] == 0x73
            && CharClass.table[Int(lx.p[at + 4])] & CharClass.idPart == 0
    }

    /// Early errors of accessors: a getter takes no parameter, a setter exactly one, not a rest one
    /// (TypeScript's `this` parameter does not count).
    func checkAccessorParameters(_ function: NodeID, isGetter: Bool) {
        let params: NodeList
        switch nodes[function.index] {
        case .functionExpression(_, _, let p, _, _, _): params = p
        default: return
        }
        var list = Array(items(params))
        if ts, let first = list.first, kind(first) == .identifier, isThisParameter(first) { list.removeFirst() }
        if isGetter {
            if let first = list.first { earlyError("A getter takes no parameters", at: ranges[first.index].start) }
        } else if list.count != 1 {
            earlyError("A setter takes exactly one parameter",
                       at: list.count > 1 ? ranges[list[1].index].start : ranges[function.index].start)
        } else if isRestParameter(list[0]) {
            earlyError("A setter parameter cannot be a rest parameter", at: ranges[list[0].index].start)
        }
    }

    /// `public` / `private` / `protected` / `readonly` / `override` before a parameter name.
    func parseParameterModifiers() -> Modifiers {
        var modifiers: Modifiers = []
        while true {
            let m: Modifiers
            switch tok {
            case .kw_public: m = .public
            case .kw_private: m = .private
            case .kw_protected: m = .protected
            case .kw_readonly: m = .readonly
            case .kw_override: m = .override
            default: return modifiers
            }
            let k = peek()
            guard isIdentifierLike(k) || k == .lBrace || k == .lBracket || k == .kw_this || k == .ellipsis else {
                return modifiers
            }
            next()
            modifiers.insert(m)
        }
    }

    /// `@expr` decorators: `@a.b.c`, `@a.b(args)`, `@(expr)`.
    func parseDecorators() -> NodeList {
        let m = mark
        while tok == .at {
            let s = start
            next()
            var e: NodeID
            if tok == .lParen {
                next()
                e = parseExpressionAllowingIn()
                expect(.rParen)
            } else {
                let es = start
                e = isIdentifierName(tok) ? identifierNode() : invalid()
                while tok == .dot {
                    next()
                    let property = memberName()
                    e = finish(.member(object: e, property: property, computed: false, optional: false), es)
                }
                var typeArguments: NodeID? = nil
                if ts && atLessForTypeArguments { typeArguments = tryTypeArgumentsInExpression() }
                if tok == .lParen {
                    let args = parseArguments()
                    e = finish(.call(callee: e, typeArguments: typeArguments, arguments: args, optional: false), es)
                }
            }
            push(finish(.decorator(expression: e), s))
        }
        return list(from: m)
    }
}
