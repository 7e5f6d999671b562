// TypeScript declarations: interfaces, type aliases, enums, namespaces and modules, `declare`,
// `abstract class`, `import x = require()`, heritage clauses.
//
// Technique: each starts with a contextual word that is also a valid identifier (`type = 1`,
// `module.exports`, `declare(x)`), so a declaration is recognised only when the next token fits
// (an identifier on the same line, a string for `module "x"`, ...); otherwise the statement parser
// goes on with an expression statement.

import SourceText

extension ParserImpl {
    /// At a contextual word in statement position; nil (nothing consumed) when it is not a declaration.
    func parseTSDeclarationStatement() -> NodeID? {
        let s = start
        let t = peekToken()
        switch tok {
        case .kw_interface:
            guard isIdentifierLike(t.kind) && !t.newlineBefore else { return nil }
            return parseInterface(s, declare: false)
        case .kw_type:
            guard isIdentifierLike(t.kind) && !t.newlineBefore else { return nil }
            return parseTypeAlias(s, declare: false)
        case .kw_enum:
            return parseEnum(s, isConst: false, declare: false)
        case .kw_namespace:
            guard isIdentifierLike(t.kind) && !t.newlineBefore else { return nil }
            return parseModuleDeclaration(s, declare: false)
        case .kw_module:
            guard (isIdentifierLike(t.kind) || t.kind == .string) && !t.newlineBefore else { return nil }
            return parseModuleDeclaration(s, declare: false)
        case .kw_abstract:
            guard t.kind == .kw_class && !t.newlineBefore else { return nil }
            next()
            return parseClass(s, isDeclaration: true, decorators: .empty, flags: [.abstract])
        case .kw_global:
            guard t.kind == .lBrace && !t.newlineBefore else { return nil }
            return parseModuleDeclaration(s, declare: false)
        case .kw_declare:
            guard !t.newlineBefore else { return nil }
            switch t.kind {
            case .kw_var, .kw_let, .kw_const, .kw_function, .kw_class, .kw_enum, .kw_interface, .kw_type,
                 .kw_namespace, .kw_module, .kw_global, .kw_abstract, .kw_async, .kw_using:
                next()
                return parseDeclared(s)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// After `declare`.
    func parseDeclared(_ s: Int32) -> NodeID {
        switch tok {
        case .kw_var: return parseVariableStatement(.var, s, declare: true)
        case .kw_let: return parseVariableStatement(.let, s, declare: true)
        case .kw_using: return parseVariableStatement(.using, s, declare: true)
        case .kw_const:
            if peek() == .kw_enum {
                next()
                return parseEnum(s, isConst: true, declare: true)
            }
            return parseVariableStatement(.const, s, declare: true)
        case .kw_function: return parseFunction(s, isAsync: false, isDeclaration: true, declare: true)
        case .kw_async:
            next()
            return parseFunction(s, isAsync: true, isDeclaration: true, declare: true)
        case .kw_class: return parseClass(s, isDeclaration: true, decorators: .empty, flags: [.declare])
        case .kw_abstract:
            next()
            return parseClass(s, isDeclaration: true, decorators: .empty, flags: [.declare, .abstract])
        case .kw_enum: return parseEnum(s, isConst: false, declare: true)
        case .kw_interface: return parseInterface(s, declare: true)
        case .kw_type: return parseTypeAlias(s, declare: true)
        default: return parseModuleDeclaration(s, declare: true)
        }
    }

    /// At `interface`.
    func parseInterface(_ s: Int32, declare: Bool) -> NodeID {
        next()
        let id = bindingIdentifier()
        var typeParameters: NodeID? = nil
        if tok == .less { typeParameters = parseTypeParameters() }
        var extends = NodeList.empty
        if eat(.kw_extends) { extends = parseHeritageList() }
        let bs = start
        let members = parseTypeMembers()
        let body = finish(.tsInterfaceBody(body: members), bs)
        return finish(.tsInterfaceDeclaration(id: id, typeParameters: typeParameters, extends: extends, body: body,
                                              declare: declare), s)
    }

    /// At `type`.
    func parseTypeAlias(_ s: Int32, declare: Bool) -> NodeID {
        next()
        let id = bindingIdentifier()
        var typeParameters: NodeID? = nil
        if tok == .less { typeParameters = parseTypeParameters() }
        expect(.assign)
        let type = tok == .kw_intrinsic && { let k = peek(); return k == .semicolon || k == .eof || k == .rBrace }()
            ? leaf(.tsKeyword(keyword: .intrinsic)) : parseType()
        semicolon()
        return finish(.tsTypeAliasDeclaration(id: id, typeParameters: typeParameters, typeAnnotation: type,
                                              declare: declare), s)
    }

    /// At `enum`.
    func parseEnum(_ s: Int32, isConst: Bool, declare: Bool) -> NodeID {
        next()
        let id = bindingIdentifier()
        expect(.lBrace)
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            let ms = start
            let name: NodeID
            switch tok {
            case .string: name = plainLeaf(.stringLiteral)
            case .lBracket:
                next()
                name = parseAssignmentAllowingIn()
                expect(.rBracket)
            default: name = isIdentifierName(tok) ? identifierNode() : invalid()
            }
            var initializer: NodeID? = nil
            if eat(.assign) { initializer = parseAssignmentAllowingIn() }
            push(finish(.tsEnumMember(id: name, initializer: initializer), ms))
            if tok != .rBrace { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        return finish(.tsEnumDeclaration(id: id, members: list(from: m), isConst: isConst, declare: declare), s)
    }

    /// At `namespace`, `module` or `global`.
    func parseModuleDeclaration(_ s: Int32, declare: Bool) -> NodeID {
        let kind: TSModuleKind
        switch tok {
        case .kw_namespace: kind = .namespace
        case .kw_global: kind = .global
        default: kind = .module
        }
        let id: NodeID
        if kind == .global {
            id = identifierNode()
        } else {
            next()
            if tok == .string {
                id = plainLeaf(.stringLiteral)
            } else {
                let ids = start
                var name = bindingIdentifier()
                while tok == .dot {
                    next()
                    let right = isIdentifierName(tok) ? identifierNode() : invalid()
                    name = finish(.tsQualifiedName(left: name, right: right), ids)
                }
                id = name
            }
        }
        var body: NodeID? = nil
        if tok == .lBrace {
            let bs = start
            next()
            let saved = ctx
            ctx = FunctionContext(labelFloor: labels.count)
            let statements = parseStatementList(until: .rBrace, directives: false)
            ctx = saved
            expect(.rBrace)
            body = finish(.tsModuleBlock(body: statements), bs)
        } else {
            semicolon()
        }
        return finish(.tsModuleDeclaration(id: id, body: body, kind: kind, declare: declare), s)
    }

    /// At `=` after `import x`: `= require('m')` or `= A.B.C`.
    func parseImportEquals(_ s: Int32, id: NodeID, isExport: Bool, typeOnly: Bool) -> NodeID {
        expect(.assign)
        let reference: NodeID
        if tok == .kw_require && peek() == .lParen {
            let rs = start
            next()
            next()
            let e = tok == .string ? plainLeaf(.stringLiteral) : invalid()
            expect(.rParen)
            reference = finish(.tsExternalModuleReference(expression: e), rs)
        } else {
            reference = parseEntityName()
        }
        semicolon()
        return finish(.tsImportEqualsDeclaration(id: id, moduleReference: reference, isExport: isExport,
                                                 typeOnly: typeOnly), s)
    }

    /// `A.B<T>, C` in `extends` (interfaces) and `implements` (classes).
    func parseHeritageList() -> NodeList {
        let m = mark
        repeat {
            let s = start
            var e = isIdentifierName(tok) ? identifierNode() : invalid()
            while tok == .dot {
                next()
                let property = memberName()
                e = finish(.member(object: e, property: property, computed: false, optional: false), s)
            }
            var args: NodeID? = nil
            if tok == .less { args = parseTypeArguments() }
            push(finish(.tsExpressionWithTypeArguments(expression: e, typeArguments: args), s))
        } while eat(.comma)
        return list(from: m)
    }
}
