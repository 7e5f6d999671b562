// ES module syntax: import and export declarations, specifiers and import attributes.
//
// Technique: straight recursive descent. In `.unambiguous` mode a top-level import/export (or
// `import.meta`) marks the file as a module; the grammar itself is the same either way, since
// nothing in a valid script can look like a module declaration. TypeScript adds `import type`,
// `export type`, `import x = require()`, `export =` and `export as namespace`.

import SourceText

extension ParserImpl {
    func isContextual(_ word: StaticString) -> Bool {
        guard isIdentifierLike(tok) else { return false }
        let t = lx.token
        guard Int(t.end - t.start) == word.utf8CodeUnitCount, !t.escaped else { return false }
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount where lx.p[Int(t.start) + i] != w[i] { return false }
        return true
    }

    func expectFrom() {
        if tok == .kw_from { next() } else { unexpected(expected: .kw_from) }
    }

    /// A module export name: identifier name or string.
    func moduleExportName() -> NodeID {
        if tok == .string { return plainLeaf(.stringLiteral) }
        if isIdentifierName(tok) { return identifierNode() }
        return invalid()
    }

    func copyNode(_ id: NodeID) -> NodeID {
        let r = ranges[id.index]
        return finish(nodes[id.index], r.start, r.end)
    }

    /// At `import` (not `import(` or `import.`).
    func parseImport() -> NodeID {
        let s = start
        next()
        sawModuleSyntax = true
        var typeOnly = false
        if ts && (tok == .kw_type || (flow && tok == .kw_typeof)) {
            let k = peek()
            if k == .lBrace || k == .star || (isIdentifierLike(k) && k != .kw_from) { next(); typeOnly = true }
        }
        // `import defer * as x` / `import source x`
        if tok == .kw_defer || tok == .kw_source {
            let k = peek()
            if k == .star || (isIdentifierLike(k) && k != .kw_from) { next() }
        }
        let m = mark
        if tok != .string {
            if isIdentifier {
                let local = identifierNode()
                if ts && tok == .assign { scratch.truncate(m); return parseImportEquals(s, id: local, isExport: false, typeOnly: typeOnly) }
                let r = ranges[local.index]
                push(finish(.importDefaultSpecifier(local: local), r.start, r.end))
                if !eat(.comma) {
                    expectFrom()
                    return finishImport(s, specifiersMark: m, typeOnly: typeOnly)
                }
            }
            if tok == .star {
                let ss = start
                next()
                if isContextual("as") { next() } else { unexpected(expected: .kw_as) }
                let local = bindingIdentifier()
                push(finish(.importNamespaceSpecifier(local: local), ss))
            } else if tok == .lBrace {
                next()
                while tok != .rBrace && tok != .eof {
                    let before = start
                    push(parseImportSpecifier())
                    if tok != .rBrace { expect(.comma) }
                    if start == before { unexpected(); break }
                }
                expect(.rBrace)
            } else {
                unexpected()
            }
            expectFrom()
        }
        return finishImport(s, specifiersMark: m, typeOnly: typeOnly)
    }

    func finishImport(_ s: Int32, specifiersMark m: Int, typeOnly: Bool) -> NodeID {
        let specifiers = list(from: m)
        let source = tok == .string ? plainLeaf(.stringLiteral) : invalid()
        let attributes = parseImportAttributes()
        semicolon()
        return finish(.importDeclaration(specifiers: specifiers, source: source, attributes: attributes,
                                         typeOnly: typeOnly), s)
    }

    func parseImportSpecifier() -> NodeID {
        let s = start
        let typeOnly = ts && (tok == .kw_type || (flow && tok == .kw_typeof)) && typeModifierApplies()
        if typeOnly { next() }
        let imported = moduleExportName()
        let local: NodeID
        if isContextual("as") {
            next()
            local = bindingIdentifier()
        } else {
            local = copyNode(imported)
        }
        return finish(.importSpecifier(imported: imported, local: local, typeOnly: typeOnly), s)
    }

    /// At `type` in an import or export specifier: whether it is the type-only modifier. The word `as`
    /// makes it subtle (TypeScript's reading): `type as` imports `as`; `type as as` renames `type` to
    /// `as`; `type as as x` imports `as` as `x`; `type as x` renames `type` to `x`.
    func typeModifierApplies() -> Bool {
        lookahead {
            lx.next()
            let k = lx.token.kind
            if k == .kw_as {
                lx.next()
                if lx.token.kind == .kw_as {
                    lx.next()
                    return isIdentifierName(lx.token.kind) || lx.token.kind == .string
                }
                return !(isIdentifierName(lx.token.kind) || lx.token.kind == .string)
            }
            return isIdentifierName(k) || k == .string
        }
    }

    /// `with { type: 'json' }` (or the older `assert { ... }`).
    func parseImportAttributes() -> NodeList {
        guard tok == .kw_with || (isContextual("assert") && !newlineBefore) else { return .empty }
        next()
        expect(.lBrace)
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            let s = start
            let key = tok == .string ? plainLeaf(.stringLiteral) : (isIdentifierName(tok) ? identifierNode() : invalid())
            expect(.colon)
            let value = tok == .string ? plainLeaf(.stringLiteral) : invalid()
            push(finish(.importAttribute(key: key, value: value), s))
            if tok != .rBrace { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        return list(from: m)
    }

    /// At `export`.
    func parseExport(_ s: Int32, decorators: NodeList) -> NodeID {
        next()
        sawModuleSyntax = true
        switch tok {
        case .kw_default:
            next()
            let ds = start
            let declaration: NodeID
            switch tok {
            case .kw_function:
                declaration = parseFunction(ds, isAsync: false, isDeclaration: true)
            case .kw_class:
                declaration = parseClass(ds, isDeclaration: true, decorators: decorators)
            case .at:
                let decorators = parseDecorators()
                declaration = parseClass(ds, isDeclaration: true, decorators: decorators)
            case .kw_async where { let t = peekToken(); return t.kind == .kw_function && !t.newlineBefore }():
                next()
                declaration = parseFunction(ds, isAsync: true, isDeclaration: true)
            case .kw_interface where ts:
                declaration = parseTSDeclarationStatement() ?? invalid()
            case .kw_abstract where ts && peek() == .kw_class:
                next()
                declaration = parseClass(ds, isDeclaration: true, decorators: decorators, flags: [.abstract])
            default:
                declaration = parseAssignmentAllowingIn()
                semicolon()
            }
            return finish(.exportDefaultDeclaration(declaration: declaration), s)
        case .star:
            next()
            var exported: NodeID? = nil
            if isContextual("as") {
                next()
                exported = moduleExportName()
            }
            expectFrom()
            let source = tok == .string ? plainLeaf(.stringLiteral) : invalid()
            let attributes = parseImportAttributes()
            semicolon()
            return finish(.exportAllDeclaration(exported: exported, source: source, attributes: attributes,
                                                typeOnly: false), s)
        case .lBrace:
            return parseExportSpecifiers(s, typeOnly: false)
        case .assign where ts:
            next()
            let e = parseAssignmentAllowingIn()
            semicolon()
            return finish(.tsExportAssignment(expression: e), s)
        case .kw_as where ts:
            next()
            if tok == .kw_namespace { next() } else { unexpected(expected: .kw_namespace) }
            let id = bindingIdentifier()
            semicolon()
            return finish(.tsNamespaceExportDeclaration(id: id), s)
        case .kw_import where ts:
            next()
            let id = bindingIdentifier()
            return parseImportEquals(s, id: id, isExport: true, typeOnly: false)
        case .kw_type where ts && peek() == .lBrace:
            next()
            return parseExportSpecifiers(s, typeOnly: true)
        case .kw_type where ts && peek() == .star:
            next()
            next()
            var exported: NodeID? = nil
            if isContextual("as") {
                next()
                exported = moduleExportName()
            }
            expectFrom()
            let source = tok == .string ? plainLeaf(.stringLiteral) : invalid()
            semicolon()
            return finish(.exportAllDeclaration(exported: exported, source: source, attributes: .empty, typeOnly: true), s)
        default:
            // Only a declaration follows `export`: `export foo;`, or `export type T = ...` in a .js file
            // (Flow), fails at the token after `export`, not later at `T`.
            if !startsExportedDeclaration() { unexpected() }
            let ds = start
            let declaration: NodeID
            if tok == .kw_class {
                declaration = parseClass(ds, isDeclaration: true, decorators: decorators)
            } else {
                declaration = parseStatement()
            }
            return finish(.exportNamedDeclaration(declaration: declaration, specifiers: .empty, source: nil,
                                                  attributes: .empty, typeOnly: false), s)
        }
    }

    /// After `export`: a token that opens a declaration (TypeScript's own ones in .ts files).
    func startsExportedDeclaration() -> Bool {
        switch tok {
        case .kw_var, .kw_let, .kw_const, .kw_function, .kw_class, .at:
            return true
        case .kw_async:
            let t = peekToken()
            return t.kind == .kw_function && !t.newlineBefore
        case .kw_interface, .kw_type, .kw_enum, .kw_declare, .kw_namespace, .kw_module, .kw_abstract, .kw_global:
            return ts
        default:
            return false
        }
    }

    func parseExportSpecifiers(_ s: Int32, typeOnly: Bool) -> NodeID {
        next()
        let m = mark
        while tok != .rBrace && tok != .eof {
            let before = start
            let ss = start
            let specifierTypeOnly = ts && tok == .kw_type && typeModifierApplies()
            if specifierTypeOnly { next() }
            let local = moduleExportName()
            let exported: NodeID
            if isContextual("as") {
                next()
                exported = moduleExportName()
            } else {
                exported = copyNode(local)
            }
            push(finish(.exportSpecifier(local: local, exported: exported, typeOnly: specifierTypeOnly), ss))
            if tok != .rBrace { expect(.comma) }
            if start == before { unexpected(); break }
        }
        expect(.rBrace)
        let specifiers = list(from: m)
        var source: NodeID? = nil
        var attributes = NodeList.empty
        if tok == .kw_from {
            next()
            source = tok == .string ? plainLeaf(.stringLiteral) : invalid()
            attributes = parseImportAttributes()
        }
        semicolon()
        return finish(.exportNamedDeclaration(declaration: nil, specifiers: specifiers, source: source,
                                              attributes: attributes, typeOnly: typeOnly), s)
    }
}
