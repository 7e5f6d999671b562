// Statements and declarations: blocks, control flow, variable declarations, labels and ASI.
//
// Technique: plain recursive descent keyed on the current token. Contextual words (`let`, `async`,
// `using`, TypeScript's `type`, `interface`...) start a declaration only when the next token says so,
// which costs one `peek()`. Labels are found after the fact: an expression statement that is a lone
// identifier followed by `:` becomes a labelled statement. Labels in scope, and the loops and switches
// around, are kept per function for the early errors of `break` and `continue`. Automatic semicolon
// insertion is `semicolon()`: a `;`, or a `}`, end of input or a line break before the next token.

import SourceText

extension ParserImpl {
    func parseProgram() -> NodeID {
        let body = parseStatementList(until: .eof, directives: true)
        if tok != .eof { unexpected() }
        return finish(.program(body: body), 0, Int32(truncatingIfNeeded: lx.n))
    }

    func parseStatementList(until end: TokenKind, directives: Bool) -> NodeList {
        let m = mark
        var directivePhase = directives
        while tok != end && tok != .eof {
            let before = start
            let stmt = parseStatement()
            if directivePhase {
                if case .expressionStatement(let e, _) = nodes[stmt.index], kind(e) == .stringLiteral,
                   ranges[e.index].start == ranges[stmt.index].start {
                    nodes[stmt.index] = .expressionStatement(expression: e, directive: true)
                } else {
                    directivePhase = false
                }
            }
            push(stmt)
            if start == before && tok != .eof { unexpected(); break }
        }
        return list(from: m)
    }

    /// ASI: a `;`, or nothing before `}`, end of input or a line break.
    @inline(__always) func semicolon() {
        if tok == .semicolon { next(); return }
        if tok == .rBrace || tok == .eof || newlineBefore { return }
        unexpected()
    }

    func parseStatement() -> NodeID {
        guard enter() else { return finish(.invalid, start, start) }
        defer { leave() }
        let s = start
        switch tok {
        case .lBrace: return parseBlock()
        case .semicolon:
            next()
            return finish(.emptyStatement, s)
        case .kw_var: return parseVariableStatement(.var, s)
        case .kw_const:
            if ts && peek() == .kw_enum {
                next()
                return parseEnum(s, isConst: true, declare: false)
            }
            return parseVariableStatement(.const, s)
        case .kw_let:
            let k = peek()
            if isIdentifierLike(k) || k == .lBracket || k == .lBrace { return parseVariableStatement(.let, s) }
        case .kw_using:
            let t = peekToken()
            if !t.newlineBefore && isIdentifierLike(t.kind) && t.kind != .kw_in && t.kind != .kw_of {
                return parseVariableStatement(.using, s)
            }
        case .kw_await:
            if (ctx.isAsync || !ctx.inFunction) && atAwaitUsing() {
                next()
                return parseVariableStatement(.awaitUsing, s)
            }
        case .kw_function: return parseFunction(s, isAsync: false, isDeclaration: true)
        case .kw_async:
            let t = peekToken()
            if t.kind == .kw_function && !t.newlineBefore {
                next()
                return parseFunction(s, isAsync: true, isDeclaration: true)
            }
        case .kw_class: return parseClass(s, isDeclaration: true, decorators: .empty)
        case .at:
            let decorators = parseDecorators()
            if tok == .kw_export { return parseExport(s, decorators: decorators) }
            if tok == .kw_abstract && ts {
                next()
                return parseClass(s, isDeclaration: true, decorators: decorators, flags: [.abstract])
            }
            if tok == .kw_class { return parseClass(s, isDeclaration: true, decorators: decorators) }
            return invalid()
        case .kw_if: return parseIf()
        case .kw_for: return parseFor()
        case .kw_while:
            next()
            let test = parseParenthesized()
            let body = parseLoopBody()
            return finish(.whileStatement(test: test, body: body), s)
        case .kw_do:
            next()
            let body = parseLoopBody()
            expect(.kw_while)
            let test = parseParenthesized()
            _ = eat(.semicolon)
            return finish(.doWhileStatement(body: body, test: test), s)
        case .kw_return:
            next()
            var argument: NodeID? = nil
            if tok != .semicolon && tok != .rBrace && tok != .eof && !newlineBefore {
                argument = parseExpressionAllowingIn()
            }
            semicolon()
            return finish(.returnStatement(argument: argument), s)
        case .kw_break, .kw_continue:
            let isBreak = tok == .kw_break
            next()
            var label: NodeID? = nil
            if isIdentifier && !newlineBefore { label = identifierNode() }
            checkJump(isBreak: isBreak, label: label, at: s)
            semicolon()
            return finish(isBreak ? .breakStatement(label: label) : .continueStatement(label: label), s)
        case .kw_throw:
            next()
            if newlineBefore { error("Illegal newline after throw"); return finish(.invalid, s) }
            let argument = parseExpressionAllowingIn()
            semicolon()
            return finish(.throwStatement(argument: argument), s)
        case .kw_try: return parseTry()
        case .kw_switch: return parseSwitch()
        case .kw_with:
            next()
            let object = parseParenthesized()
            let body = parseStatement()
            return finish(.withStatement(object: object, body: body), s)
        case .kw_debugger:
            next()
            semicolon()
            return finish(.debuggerStatement, s)
        case .kw_import:
            let k = peek()
            if k != .lParen && k != .dot { return parseImport() }
        case .kw_export:
            return parseExport(s, decorators: .empty)
        case .kw_interface, .kw_type, .kw_enum, .kw_declare, .kw_namespace, .kw_module, .kw_abstract, .kw_global:
            if ts, let d = parseTSDeclarationStatement() { return d }
        default:
            break
        }
        return parseExpressionStatement()
    }

    func parseExpressionStatement() -> NodeID {
        let s = start
        let expr = parseExpressionAllowingIn()
        if tok == .colon, case .identifier = nodes[expr.index], ranges[expr.index].start == s {
            next()
            let r = ranges[expr.index]
            if findLabel(r) != nil { earlyError("Label '\(sourceText(r))' has already been declared", at: r.start) }
            let outer = labels.count
            labels.append(LabelInfo(start: r.start, end: r.end, isLoop: labelsLoop()))
            let body = parseStatement()
            if labels.count > outer { labels.removeSubrange(outer...) }
            return finish(.labeledStatement(label: expr, body: body), s)
        }
        semicolon()
        return finish(.expressionStatement(expression: expr, directive: false), s)
    }

    func parseParenthesized() -> NodeID {
        expect(.lParen)
        let e = parseExpressionAllowingIn()
        expect(.rParen)
        return e
    }

    func parseBlock() -> NodeID {
        let s = start
        expect(.lBrace)
        let body = parseStatementList(until: .rBrace, directives: false)
        expect(.rBrace)
        return finish(.blockStatement(body: body), s)
    }

    func parseVariableStatement(_ kind: VariableKind, _ s: Int32, declare: Bool = false) -> NodeID {
        let declarations = parseVariableDeclarators()
        semicolon()
        return finish(.variableDeclaration(kind: kind, declarations: declarations, declare: declare), s)
    }

    /// At the `var`/`let`/`const`/`using` keyword: the comma-separated declarators.
    func parseVariableDeclarators() -> NodeList {
        next()
        let m = mark
        repeat {
            let ds = start
            let id = parseBindingTarget()
            var definite = false
            if ts {
                if tok == .bang { next(); definite = true }
                if tok == .colon { attachTypeAnnotation(id, parseTypeAnnotation(), optional: false) }
            }
            var initializer: NodeID? = nil
            if eat(.assign) { initializer = parseAssignment() }
            push(finish(.variableDeclarator(id: id, initializer: initializer, definite: definite), ds))
        } while eat(.comma)
        return list(from: m)
    }

    func parseIf() -> NodeID {
        let s = start
        next()
        let test = parseParenthesized()
        let consequent = parseStatement()
        var alternate: NodeID? = nil
        if eat(.kw_else) { alternate = parseStatement() }
        return finish(.ifStatement(test: test, consequent: consequent, alternate: alternate), s)
    }

    func parseFor() -> NodeID {
        let s = start
        next()
        let isAwait = eat(.kw_await)
        expect(.lParen)
        var initializer: NodeID? = nil
        if tok != .semicolon {
            let saved = noIn
            noIn = true
            let ds = start
            var declarationKind: VariableKind? = nil
            switch tok {
            case .kw_var: declarationKind = .var
            case .kw_const: declarationKind = .const
            case .kw_let:
                let k = peek()
                if isIdentifierLike(k) || k == .lBracket || k == .lBrace { declarationKind = .let }
            case .kw_using:
                let k = peek()
                if isIdentifierLike(k) && k != .kw_of && k != .kw_in { declarationKind = .using }
            case .kw_await:
                if atAwaitUsing() { next(); declarationKind = .awaitUsing }
            default: break
            }
            if let kind = declarationKind {
                let declarations = parseVariableDeclarators()
                initializer = finish(.variableDeclaration(kind: kind, declarations: declarations, declare: false), ds)
            } else {
                initializer = parseExpression()
            }
            noIn = saved
            if let left = initializer, tok == .kw_of || tok == .kw_in {
                let isOf = tok == .kw_of
                toPattern(left)
                next()
                let right = isOf ? parseAssignmentAllowingIn() : parseExpressionAllowingIn()
                expect(.rParen)
                let body = parseLoopBody()
                return finish(isOf ? .forOfStatement(left: left, right: right, body: body, isAwait: isAwait)
                              : .forInStatement(left: left, right: right, body: body), s)
            }
        }
        expect(.semicolon)
        let test = tok == .semicolon ? nil : parseExpressionAllowingIn()
        expect(.semicolon)
        let update = tok == .rParen ? nil : parseExpressionAllowingIn()
        expect(.rParen)
        let body = parseLoopBody()
        return finish(.forStatement(initializer: initializer, test: test, update: update, body: body), s)
    }

    func parseTry() -> NodeID {
        let s = start
        next()
        let block = parseBlock()
        var handler: NodeID? = nil
        if tok == .kw_catch {
            let cs = start
            next()
            var param: NodeID? = nil
            if eat(.lParen) {
                let p = parseBindingTarget()
                if ts && tok == .colon { attachTypeAnnotation(p, parseTypeAnnotation(), optional: false) }
                param = p
                expect(.rParen)
            }
            let body = parseBlock()
            handler = finish(.catchClause(param: param, body: body), cs)
        }
        var finalizer: NodeID? = nil
        if eat(.kw_finally) { finalizer = parseBlock() }
        if handler == nil && finalizer == nil { error("Missing catch or finally after try") }
        return finish(.tryStatement(block: block, handler: handler, finalizer: finalizer), s)
    }

    func parseSwitch() -> NodeID {
        let s = start
        next()
        let discriminant = parseParenthesized()
        expect(.lBrace)
        let m = mark
        ctx.breakables += 1
        defer { ctx.breakables -= 1 }
        while tok != .rBrace && tok != .eof {
            let cs = start
            var test: NodeID? = nil
            if eat(.kw_case) {
                test = parseExpressionAllowingIn()
            } else if !eat(.kw_default) {
                unexpected()
                break
            }
            expect(.colon)
            let cm = mark
            while tok != .kw_case && tok != .kw_default && tok != .rBrace && tok != .eof {
                let before = start
                push(parseStatement())
                if start == before { unexpected(); break }
            }
            push(finish(.switchCase(test: test, consequent: list(from: cm)), cs))
        }
        expect(.rBrace)
        return finish(.switchStatement(discriminant: discriminant, cases: list(from: m)), s)
    }

    /// At `await`: `await using name` on one line declares; `await using(x)` or a line break is a call.
    func atAwaitUsing() -> Bool {
        lookahead {
            lx.next()
            guard lx.token.kind == .kw_using && !lx.token.newlineBefore else { return false }
            lx.next()
            return lxIdentifierLike && !lx.token.newlineBefore
        }
    }

    // MARK: - Loops and labels

    /// The body of a loop: `break` and `continue` are allowed in it.
    func parseLoopBody() -> NodeID {
        ctx.loops += 1
        ctx.breakables += 1
        let body = parseStatement()
        ctx.loops -= 1
        ctx.breakables -= 1
        return body
    }

    func sourceText(_ r: ByteRange) -> String { file.text(r) }

    /// The label of this function with the same name (escapes compared as written), if any.
    func findLabel(_ r: ByteRange) -> LabelInfo? {
        let length = Int(r.end - r.start)
        var i = labels.count - 1
        while i >= Int(ctx.labelFloor) {
            let l = labels[i]
            if Int(l.end - l.start) == length {
                var k = 0
                while k < length && lx.p[Int(l.start) + k] == lx.p[Int(r.start) + k] { k += 1 }
                if k == length { return l }
            }
            i -= 1
        }
        return nil
    }

    /// After `label:`: whether the labelled statement is a loop (through further labels).
    func labelsLoop() -> Bool {
        lookahead {
            while lxIdentifierLike {
                lx.next()
                guard lx.token.kind == .colon else { return false }
                lx.next()
            }
            let k = lx.token.kind
            return k == .kw_for || k == .kw_while || k == .kw_do
        }
    }

    /// Early errors of `break` and `continue`: a target must enclose them in the same function.
    func checkJump(isBreak: Bool, label: NodeID?, at s: Int32) {
        if let label = label {
            let r = ranges[label.index]
            guard let target = findLabel(r) else {
                earlyError("Undefined label '\(sourceText(r))'", at: r.start)
                return
            }
            if !isBreak && !target.isLoop { earlyError("Illegal continue statement: '\(sourceText(r))' does not denote an iteration statement", at: s) }
        } else if isBreak {
            if ctx.breakables == 0 { earlyError("Illegal break statement", at: s) }
        } else if ctx.loops == 0 {
            earlyError("Illegal continue statement: no surrounding iteration statement", at: s)
        }
    }

    // MARK: - Bindings

    func parseBindingTarget() -> NodeID {
        switch tok {
        case .lBracket: return parseArrayPattern()
        case .lBrace: return parseObjectPattern()
        default: return bindingIdentifier()
        }
    }

    /// A binding target with an optional `= default`.
    func parseBindingElement() -> NodeID {
        let s = start
        let target = parseBindingTarget()
        if tok == .assign {
            next()
            let def = parseAssignmentAllowingIn()
            return finish(.assignmentPattern(left: target, right: def), s)
        }
        return target
    }

    func parseArrayPattern() -> NodeID {
        let s = start
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        next()
        let m = mark
        while tok != .rBracket && tok != .eof {
            let before = start
            if tok == .comma {
                push(finish(.elision, start, start))
                next()
                continue
            }
            if tok == .ellipsis {
                let rs = start
                next()
                let arg = parseBindingTarget()
                push(finish(.restElement(argument: arg, typeAnnotation: nil), rs))
            } else {
                push(parseBindingElement())
            }
            if tok != .rBracket { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBracket)
        return finish(.arrayPattern(elements: list(from: m), typeAnnotation: nil), s)
    }

    func parseObjectPattern() -> NodeID {
        let s = start
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        next()
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            let ps = start
            if tok == .ellipsis {
                next()
                let arg = parseBindingTarget()
                push(finish(.restElement(argument: arg, typeAnnotation: nil), ps))
            } else {
                let (key, computed, identifierLike) = parsePropertyKey()
                var flags: PropertyFlags = computed ? [.computed] : []
                var value: NodeID
                if eat(.colon) {
                    value = parseBindingElement()
                } else {
                    if !identifierLike { unexpected(); break }
                    flags.insert(.shorthand)
                    let r = ranges[key.index]
                    value = finish(.identifier(typeAnnotation: nil, optional: false), r.start, r.end)
                    if eat(.assign) {
                        let def = parseAssignmentAllowingIn()
                        value = finish(.assignmentPattern(left: value, right: def), r.start)
                    }
                }
                push(finish(.property(key: key, value: value, kind: .initializer, flags: flags), ps))
            }
            if tok != .rBrace { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        return finish(.objectPattern(properties: list(from: m), typeAnnotation: nil), s)
    }
}
