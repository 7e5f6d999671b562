// JSX elements, fragments, attributes and children (for .jsx and .tsx).
//
// Technique: inside a tag the ordinary tokens serve (names are re-read to take in `-`, attribute
// strings are re-read without escapes). Between tags the lexer is told to scan a JSX child instead of
// a token: `{`, `<`, or raw text up to one of them (`scanJSXChild`). The `>` that ends an opening tag is
// therefore never followed by a normal `next()`: the parser restarts the lexer just after it, in child
// mode, or in normal mode when the outermost element ends.

import SourceText

extension Lexer {
    /// Scans one JSX child token starting at `from`: `{`, `<`, or text.
    mutating func scanJSXChild(from: Int) {
        pos = from
        token.start = Int32(truncatingIfNeeded: pos)
        token.newlineBefore = false
        token.escaped = false
        if pos >= n {
            token.kind = .eof
        } else if p[pos] == 0x7B {
            pos += 1
            token.kind = .lBrace
        } else if p[pos] == 0x3C {
            pos += 1
            token.kind = .less
        } else {
            while pos < n && p[pos] != 0x7B && p[pos] != 0x3C { pos += 1 }
            token.kind = .jsxText
        }
        token.end = Int32(truncatingIfNeeded: pos)
    }

    /// Extends the identifier token through `-` and identifier characters (`data-id`, `aria-label`).
    mutating func extendJSXIdentifier() {
        pos = Int(token.end)
        while cls[Int(p[pos])] & CharClass.idPart != 0 || p[pos] == 0x2D { pos += 1 }
        token.end = Int32(truncatingIfNeeded: pos)
        token.kind = .identifier
    }

    /// Re-reads the current string token as a JSX attribute string (no escapes; newlines allowed).
    mutating func rescanJSXString() {
        let start = Int(token.start)
        // What the ordinary string scan reported (a line break, an escape) does not apply here.
        while let last = errors.last, last.offset >= start { errors.removeLast() }
        let quote = p[start]
        pos = start + 1
        while pos < n && p[pos] != quote { pos += 1 }
        if pos < n { pos += 1 } else { error("Unterminated string constant", start) }
        token.end = Int32(truncatingIfNeeded: pos)
        token.kind = .string
    }
}

extension ParserImpl {
    /// At `<` where an expression starts.
    func parseJSXElementOrFragment() -> NodeID {
        if ts && looksLikeGenericArrowInTSX(), let arrow = tryParseArrow(start, isAsync: false) { return arrow }
        return parseJSXElement(child: false)
    }

    /// Consumes the `>` ending a tag (the token may be `>>`, `>=`...: only its first byte counts) and
    /// scans on in child mode or normal mode.
    func jsxCloseAngle(child: Bool) {
        guard !aborted, lx.p[Int(lx.token.start)] == 0x3E, lx.token.kind != .eof else {
            unexpected(expected: .greater)
            return
        }
        let after = lx.token.start + 1
        prevEnd = after
        if child {
            lx.scanJSXChild(from: Int(after))
        } else {
            lx.pos = Int(after)
            lx.next()
        }
    }

    func jsxIdentifier() -> NodeID {
        guard isIdentifierName(tok) else { return invalid() }
        let b = lx.p[Int(lx.token.end)]
        if b == 0x2D { lx.extendJSXIdentifier() }
        return plainLeaf(.jsxIdentifier)
    }

    func parseJSXElementName() -> NodeID {
        let s = start
        var name = jsxIdentifier()
        if tok == .colon {
            next()
            let local = jsxIdentifier()
            return finish(.jsxNamespacedName(namespace: name, name: local), s)
        }
        while tok == .dot {
            next()
            let property = jsxIdentifier()
            name = finish(.jsxMemberExpression(object: name, property: property), s)
        }
        return name
    }

    /// At `<`: an element or fragment, through its final `>`. `child` says how to scan on afterwards.
    func parseJSXElement(child: Bool) -> NodeID {
        let s = start
        guard enter() else { return finish(.invalid, s, s) }
        defer { leave() }
        next()
        if tok == .greater {
            jsxCloseAngle(child: true)
            let opening = finish(.jsxOpeningFragment, s)
            let children = parseJSXChildren()
            let cs = start
            next()  // <
            expect(.slash)
            if tok != .greater && !aborted {
                let closingName = parseJSXElementName()
                error("Unexpected closing tag </\(jsxNameText(closingName))>, expected </>", at: cs)
            }
            jsxCloseAngle(child: child)
            let closing = finish(.jsxClosingFragment, cs)
            return finish(.jsxFragment(openingFragment: opening, children: children, closingFragment: closing), s)
        }
        let name = parseJSXElementName()
        var typeArguments: NodeID? = nil
        if ts && tok == .less { typeArguments = parseTypeArguments() }
        let m = mark
        while tok != .slash && tok != .greater && tok != .shiftRight && tok != .greaterEqual && tok != .eof {
            let before = start
            push(parseJSXAttribute())
            if start == before { unexpected(); break }
        }
        let attributes = list(from: m)
        if tok == .slash {
            next()
            jsxCloseAngle(child: child)
            let opening = finish(.jsxOpeningElement(name: name, typeArguments: typeArguments, attributes: attributes,
                                                    selfClosing: true), s)
            return finish(.jsxElement(openingElement: opening, children: .empty, closingElement: nil), s)
        }
        jsxCloseAngle(child: true)
        let opening = finish(.jsxOpeningElement(name: name, typeArguments: typeArguments, attributes: attributes,
                                                selfClosing: false), s)
        let children = parseJSXChildren()
        let cs = start
        next()  // <
        expect(.slash)
        if tok == .greater && !aborted {
            error("Unexpected closing tag </>, expected </\(jsxNameText(name))>", at: cs)
        }
        let closingName = parseJSXElementName()
        if !aborted && !sameJSXName(name, closingName) {
            error("Unexpected closing tag </\(jsxNameText(closingName))>, expected </\(jsxNameText(name))>", at: cs)
        }
        jsxCloseAngle(child: child)
        let closing = finish(.jsxClosingElement(name: closingName), cs)
        return finish(.jsxElement(openingElement: opening, children: children, closingElement: closing), s)
    }

    /// Whether two element names are spelled the same (`a`, `a:b`, `a.b.c`), spaces aside.
    func sameJSXName(_ a: NodeID, _ b: NodeID) -> Bool {
        func sameIdentifier(_ a: NodeID, _ b: NodeID) -> Bool {
            guard kind(a) == .jsxIdentifier && kind(b) == .jsxIdentifier else { return false }
            let ra = ranges[a.index], rb = ranges[b.index]
            let length = Int(ra.end - ra.start)
            guard length == Int(rb.end - rb.start) else { return false }
            for k in 0..<length where lx.p[Int(ra.start) + k] != lx.p[Int(rb.start) + k] { return false }
            return true
        }
        var x = a, y = b
        while true {
            switch (nodes[x.index], nodes[y.index]) {
            case (.jsxMemberExpression(let o1, let p1), .jsxMemberExpression(let o2, let p2)):
                guard sameIdentifier(p1, p2) else { return false }
                x = o1
                y = o2
            case (.jsxNamespacedName(let n1, let l1), .jsxNamespacedName(let n2, let l2)):
                return sameIdentifier(n1, n2) && sameIdentifier(l1, l2)
            default:
                return sameIdentifier(x, y)
            }
        }
    }

    /// An element name as written, without spaces, for messages.
    func jsxNameText(_ id: NodeID) -> String {
        var text = file.text(ranges[id.index]).filter { !$0.isWhitespace }
        if text.count > 40 { text = String(text.prefix(37)) + "..." }
        return text
    }

    func parseJSXAttribute() -> NodeID {
        let s = start
        if tok == .lBrace {
            next()
            expect(.ellipsis)
            let argument = parseAssignmentAllowingIn()
            expect(.rBrace)
            return finish(.jsxSpreadAttribute(argument: argument), s)
        }
        var name = jsxIdentifier()
        if tok == .colon {
            next()
            let local = jsxIdentifier()
            name = finish(.jsxNamespacedName(namespace: name, name: local), s)
        }
        var value: NodeID? = nil
        if eat(.assign) {
            switch tok {
            case .string:
                lx.rescanJSXString()
                value = plainLeaf(.stringLiteral)
            case .lBrace:
                let vs = start
                next()
                let e: NodeID
                if tok == .rBrace {
                    e = finish(.jsxEmptyExpression, vs + 1, start)
                } else {
                    e = parseAssignmentAllowingIn()
                }
                expect(.rBrace)
                value = finish(.jsxExpressionContainer(expression: e), vs)
            case .less:
                value = parseJSXElement(child: false)
            default:
                value = invalid()
            }
        }
        return finish(.jsxAttribute(name: name, value: value), s)
    }

    /// Children up to (not including) the `<` of the closing tag.
    func parseJSXChildren() -> NodeList {
        let m = mark
        while !aborted {
            switch tok {
            case .jsxText:
                let t = lx.token
                push(finish(.jsxText, t.start, t.end))
                prevEnd = t.end
                lx.scanJSXChild(from: Int(t.end))
            case .lBrace:
                let s = start
                next()
                let node: NodeID
                if tok == .rBrace {
                    let e = finish(.jsxEmptyExpression, s + 1, start)
                    node = finishContainer(s) { .jsxExpressionContainer(expression: e) }
                } else if tok == .ellipsis {
                    next()
                    let e = parseExpressionAllowingIn()
                    node = finishContainer(s) { .jsxSpreadChild(expression: e) }
                } else {
                    let e = parseExpressionAllowingIn()
                    node = finishContainer(s) { .jsxExpressionContainer(expression: e) }
                }
                push(node)
            case .less:
                let saved = lx.state
                lx.next()
                let closing = lx.token.kind == .slash
                lx.restore(saved)
                if closing { return list(from: m) }
                push(parseJSXElement(child: true))
            default:
                unexpected()
                return list(from: m)
            }
        }
        return list(from: m)
    }

    /// At the `}` of a child container: builds the node and scans on in child mode.
    func finishContainer(_ s: Int32, _ make: () -> Node) -> NodeID {
        guard tok == .rBrace else {
            unexpected(expected: .rBrace)
            return finish(.invalid, s)
        }
        let end = lx.token.end
        prevEnd = end
        let node = finish(make(), s, end)
        lx.scanJSXChild(from: Int(end))
        return node
    }
}
