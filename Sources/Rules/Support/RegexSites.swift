// Where a file's regular expressions are: literals, `new RegExp(...)`/`RegExp(...)` with a constant
// pattern (a string, a template, or a const binding to one), and constant strings and templates given to
// `match`/`matchAll`/`search` (which turn them into regexes); a template's substitutions are taken as fixed
// pieces of text. Each site is analysed
// once per file run; RegexSafety caches the analysis per pattern across files.

import Diagnostics
import ExecutionContext
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine
import RegexSafety

struct RegexSite {
    var node: NodeID
    var pattern: String
    var flags: String
    /// How the pattern was written, for messages: "regex literal", "new RegExp(...)", "'x'.match(...)".
    var form: String
    /// The literals a pattern is joined from, when there are several (`RegexSites.constantPieces`).
    var pieces: [RegexSites.Piece] = []
}

enum RegexSites {
    static func collect(_ ctx: FileContext) -> [RegexSite] {
        let tree = ctx.tree
        let bytes = tree.file.bytes
        var sites: [RegexSite] = []
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            let kind = tree.kind(id)
            guard kind == .regExpLiteral || kind == .call || kind == .new else { continue }
            switch tree[id] {
            case .regExpLiteral:
                if let r = tree.regex(of: id) { sites.append(RegexSite(node: id, pattern: r.pattern, flags: r.flags, form: "regex literal")) }
            case .new(let callee, _, let args), .call(let callee, _, let args, _):
                // names compared in place: most calls are neither `RegExp(...)` nor `.match('...')`
                var property: NodeID?
                if case .member(_, let p, false, _) = tree[callee], tree.kind(p) == .identifier { property = p }
                // cheaper still: a name that could be one of these starts with its first letter, with an escape
                // (`\u0052egExp`) or with `#` (a private name, which `nameIs` reads after the `#`)
                let nameNode = property ?? callee
                let range = tree.range(nameNode)
                if range.end > range.start, !mayStartSoughtName(bytes[Int(range.start)]) { continue }
                let spelledRegExp = tree.kind(callee) == .identifier ? tree.nameIs(callee, "RegExp")
                    : property.map { tree.nameIs($0, "RegExp") } ?? false
                let matchCall = property.map {
                    tree.nameIs($0, "match") || tree.nameIs($0, "matchAll") || tree.nameIs($0, "search")
                } ?? false
                guard spelledRegExp || matchCall else { continue }
                let list = Array(tree.list(args))
                if spelledRegExp, ctx.semantic.resolveGlobal(callee)?.path == ["RegExp"], let first = list.first,
                   let pieces = constantPieces(first, ctx) ?? templatePattern(first, tree).map({ [Piece(node: first, text: $0)] }) {
                    var flags = ""
                    if list.count > 1 {
                        guard let f = constantFlags(list[1], ctx) else { continue }
                        flags = f
                    }
                    let form = tree.kind(id) == .new ? "new RegExp(...)" : "RegExp(...)"
                    var pattern = ""
                    for p in pieces { pattern += p.text }
                    var site = RegexSite(node: id, pattern: pattern, flags: flags, form: form)
                    if pieces.count > 1 { site.pieces = pieces }
                    sites.append(site)
                } else if matchCall, let property, list.count == 1,
                          let first = list.first,
                          let pattern = tree.kind(first) == .stringLiteral ? tree.stringValue(of: first) : templatePattern(first, tree) {
                    let name = tree.name(of: property)
                    let quoted = tree.kind(first) == .stringLiteral ? "'...'" : "`...`"
                    sites.append(RegexSite(node: first, pattern: pattern,
                                           flags: name == "matchAll" ? "g" : "", form: ".\(name)(\(quoted))"))
                }
            default:
                break
            }
        }
        return sites
    }

    /// The first source byte of a name `collect` looks for (`RegExp`, `match`, `matchAll`, `search`), written
    /// plainly, with an escape, or after a private name's `#`.
    static func mayStartSoughtName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "R"), UInt8(ascii: "m"), UInt8(ascii: "s"), UInt8(ascii: "\\"), UInt8(ascii: "#"): return true
        default: return false
        }
    }

    /// Cheap test before binding resolution: the callee is spelled `NAME` or `x.NAME`.
    static func names(_ callee: NodeID, _ name: String, _ tree: SyntaxTree) -> Bool {
        switch tree[callee] {
        case .identifier: return tree.name(of: callee) == name
        case .member(_, let property, false, _): return tree.kind(property) == .identifier && tree.name(of: property) == name
        default: return false
        }
    }

    /// What stands in a pattern for a template's substitution (`${challenge.key}`): one character no
    /// pattern writes (a private-use code point), so the rest of the pattern is analysed as written and
    /// the substitution as a fixed piece of text. Shown as `${…}` in messages.
    static let substitution: Character = "\u{E000}"

    /// A template literal's pattern with each substitution taken as a fixed piece of text
    /// (`\`start.*${key}(.|\\r\\n|\\n)*end\``): what the program builds around the value is known even where
    /// the value is not. nil for anything but a template with substitutions.
    static func templatePattern(_ expr: NodeID, _ tree: SyntaxTree) -> String? {
        guard case .templateLiteral(let quasis, let expressions) = tree[expr], !expressions.isEmpty else { return nil }
        var out = ""
        for (i, q) in tree.list(quasis).enumerated() {
            if i > 0 { out.append(substitution) }
            out += tree.stringValue(of: q)
        }
        return out
    }

    /// A string known at lint time: a literal, a template without substitutions, a const bound to one, or
    /// one joined from such strings (see `constantPieces`).
    static func constantString(_ expr: NodeID, _ ctx: FileContext) -> String? {
        guard let pieces = constantPieces(expr, ctx) else { return nil }
        var out = ""
        for p in pieces { out += p.text }
        return out
    }

    /// The flags argument of `RegExp(...)` when it is known: a constant string, or a conditional whose branches
    /// are constant strings or `undefined` and differ only in `g` and `d` (`onlyFirst ? undefined : 'g'`,
    /// ansi-regex's), which change what a match returns, never how it backtracks; their union.
    static func constantFlags(_ expr: NodeID, _ ctx: FileContext) -> String? {
        let tree = ctx.tree
        let e = tree.unwrap(expr)
        guard case .conditional(_, let consequent, let alternate) = tree[e] else { return constantString(e, ctx) }
        func branch(_ b: NodeID) -> String? {
            let u = tree.unwrap(b)
            if tree.kind(u) == .identifier, tree.nameIs(u, "undefined"), ctx.semantic.binding(for: u) == nil { return "" }
            return constantString(u, ctx)
        }
        guard let a = branch(consequent), let b = branch(alternate) else { return nil }
        let matchOnly: Set<Character> = ["g", "d"]
        guard Set(a).subtracting(matchOnly) == Set(b).subtracting(matchOnly) else { return nil }
        return a + b.filter { !a.contains($0) }
    }

    /// One piece of a string known at lint time: the text a literal (or a `join()` with no separator)
    /// writes, with that node.
    struct Piece {
        let node: NodeID
        let text: String
    }

    /// The literal pieces of a string known at lint time, in order: a string literal, a template without
    /// substitutions, a `const` bound to one, `a + b` of such strings, and an array literal of such
    /// strings joined with such a separator (`['[\\u001B\\u009B]...', '(?:...)'].join('|')`, ansi-regex's
    /// pattern; the array also through a `const` that nothing else uses). Bounded in depth and pieces; nil
    /// for anything else.
    static func constantPieces(_ expr: NodeID, _ ctx: FileContext) -> [Piece]? {
        var out: [Piece] = []
        var budget = 256
        return appendPieces(ctx.tree.unwrap(expr), ctx, depth: 0, budget: &budget, into: &out) ? out : nil
    }

    private static let maxPieces = 64

    /// `depth` counts the names and joins followed; `budget` the nodes visited (a long `a + b + ...` chain).
    private static func appendPieces(_ expr: NodeID, _ ctx: FileContext, depth: Int, budget: inout Int,
                                     into out: inout [Piece]) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        budget -= 1
        guard depth < 6, budget > 0, out.count < maxPieces else { return false }
        switch tree[expr] {
        case .stringLiteral:
            out.append(Piece(node: expr, text: tree.stringValue(of: expr)))
            return true
        case .templateLiteral(let quasis, let expressions) where expressions.isEmpty:
            out.append(Piece(node: expr, text: tree.list(quasis).first.map { tree.stringValue(of: $0) } ?? ""))
            return true
        case .identifier:
            guard let b = sem.binding(for: expr), let value = sem.constantValue(of: b), value.path.isEmpty else { return false }
            return appendPieces(tree.unwrap(value.expression), ctx, depth: depth + 1, budget: &budget, into: &out)
        case .binary(.add, let left, let right):
            return appendPieces(tree.unwrap(left), ctx, depth: depth, budget: &budget, into: &out)
                && appendPieces(tree.unwrap(right), ctx, depth: depth, budget: &budget, into: &out)
        case .call(let callee, _, let args, false):
            guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier,
                  tree.nameIs(property, "join"), let elements = joinedArray(tree.unwrap(object), ctx) else { return false }
            let list = Array(tree.list(args))
            guard list.count <= 1 else { return false }
            var separator: [Piece] = [Piece(node: expr, text: ",")]
            if let s = list.first {
                separator = []
                guard appendPieces(tree.unwrap(s), ctx, depth: depth + 1, budget: &budget, into: &separator) else { return false }
            }
            for (i, e) in elements.enumerated() {
                if i > 0 { out += separator }
                guard tree.kind(e) != .spreadElement, tree.kind(e) != .elision,
                      appendPieces(tree.unwrap(e), ctx, depth: depth + 1, budget: &budget, into: &out) else { return false }
            }
            return out.count <= maxPieces
        default:
            return false
        }
    }

    /// The elements of an array literal a `join` is called on: in place, or through a `const` (never
    /// reassigned) whose one use is that call, so no `push` or index write changes it first.
    private static func joinedArray(_ object: NodeID, _ ctx: FileContext) -> [NodeID]? {
        let tree = ctx.tree, sem = ctx.semantic
        var e = object
        if tree.kind(e) == .identifier {
            guard let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty,
                  sem.references(of: b).filter({ !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }).count == 1
            else { return nil }
            e = tree.unwrap(v.expression)
        }
        guard case .arrayExpression(let elements) = tree[e] else { return nil }
        return Array(tree.list(elements))
    }

    /// Where a finding on a site is shown: a pattern joined from several literals (`constantPieces`), at the
    /// literal that writes the start of its looping quantifier when that literal is written in the function
    /// that builds the regex (a module's shared piece could serve several patterns); any other, at the site.
    static func reportNode(_ c: Candidate, _ tree: SyntaxTree) -> NodeID {
        guard c.site.pieces.count > 1, let start = c.result.staticResult?.loopSpan?.lowerBound else { return c.site.node }
        var offset = 0
        for p in c.site.pieces {
            let n = p.text.unicodeScalars.count
            if start < offset + n {
                return tree.enclosingFunction(of: p.node) == tree.enclosingFunction(of: c.site.node) ? p.node : c.site.node
            }
            offset += n
        }
        return c.site.node
    }

    /// The strings a regex is applied to in this file: `re.test(s)`, `re.exec(s)`, `s.match(re)`,
    /// `s.replace(re, ...)`, `s.split(re)`..., through a `const` the regex is bound to. Empty when the
    /// file never applies it (a table of patterns used elsewhere).
    static func subjects(of site: RegexSite, _ ctx: FileContext) -> [NodeID] {
        let tree = ctx.tree, sem = ctx.semantic
        var uses: [NodeID] = [site.node]
        if let b = constBinding(of: site, ctx) {
            uses = sem.references(of: b).map(\.node)
        }
        var out: [NodeID] = []
        for use in uses {
            guard let p = tree.parent(use) else { continue }
            switch tree[p] {
            case .member(let object, let property, false, _) where object == use:
                // re.test(s) / re.exec(s)
                guard ["test", "exec"].contains(tree.name(of: property)), let call = tree.parent(p),
                      case .call(_, _, let args, _) = tree[call], let s = tree.list(args).first else { continue }
                out.append(s)
            case .call(let callee, _, let args, _) where tree.list(args).first == use:
                // s.match(re), s.replace(re, x), s.split(re), s.search(re)
                guard case .member(let object, let property, false, _) = tree[callee],
                      ["match", "matchAll", "replace", "replaceAll", "split", "search"].contains(tree.name(of: property))
                else { continue }
                out.append(object)
            default:
                continue
            }
        }
        if site.form.hasPrefix("."), let call = tree.parent(site.node), case .call(let callee, _, _, _) = tree[call],
           case .member(let object, _, false, _) = tree[callee] {
            out.append(object)  // 'x'.match('pattern')
        }
        return out
    }

    /// Whether a string comes from the program itself, never from outside: a literal, a `const` bound to
    /// one, `process.env`, `__dirname`, or an error's `message`/`stack` (the text a database or a library
    /// produced: sequelize parses its drivers' error messages). Used only to stay quiet; anything else is
    /// treated as possibly outside input.
    static func isTrustedString(_ expr: NodeID, _ ctx: FileContext, depth: Int = 0) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        guard depth < 6 else { return false }
        let e = expr
        switch tree[e] {
        case .stringLiteral:
            return true
        case .templateLiteral(_, let expressions):
            return tree.list(expressions).allSatisfy { isTrustedString($0, ctx, depth: depth + 1) }
        case .identifier:
            let name = tree.name(of: e)
            if name == "__dirname" || name == "__filename" { return true }
            guard let b = sem.binding(for: e) else { return false }
            if sem.binding(b).kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty {
                return isTrustedString(v.expression, ctx, depth: depth + 1)
            }
            if sem.binding(b).kind == .parameter { return isKeyMaterial(b, ctx) || isFactoryConfiguration(b, use: e, ctx) }
            return isDestructuredStack(b, ctx)
        case .member(let object, let property, false, _):
            let p = tree.name(of: property)
            if RegexSites.errorTextProperties.contains(p) {
                // err.message where err is a catch parameter or an Error-ish name; err.sql is the statement
                // the program sent, which the driver attaches to its error; err.detail is the database's
                // detail line (Postgres: `Key (email)=(a@b.c) already exists.`)
                if tree.kind(object) == .identifier {
                    let n = tree.name(of: object).lowercased()
                    if let b = sem.binding(for: object), sem.binding(b).kind == .catchParameter { return true }
                    // err, error, e, ex, odbcError, dbErr, sqlException
                    if ["e", "ex"].contains(n) || n.hasSuffix("err") || n.hasSuffix("error") || n.hasSuffix("exception") {
                        return true
                    }
                }
                if case .member(_, let inner, false, _) = tree[object],
                   ["error", "original", "parent", "err"].contains(tree.name(of: inner)) { return true }
            }
            // process.env.X
            if case .member(let root, let env, false, _) = tree[object], tree.kind(root) == .identifier,
               tree.name(of: root) == "process", tree.name(of: env) == "env" { return true }
            return false
        case .logical(_, let left, let right):
            return isTrustedString(left, ctx, depth: depth + 1) && isTrustedString(right, ctx, depth: depth + 1)
        case .await(let argument):
            // `await fs.promises.readFile(path.join(__dirname, 'index.html'), 'utf8')`
            return isOwnFileRead(tree.unwrap(argument), ctx, depth: depth + 1)
        case .call(let callee, _, let args, _):
            if isGeneratedText(e, ctx) || isOwnFileRead(e, ctx, depth: depth + 1) { return true }
            // String(x).trim() etc. keep the source of x; only look through string methods on a trusted base
            guard case .member(let object, let property, false, _) = tree[callee] else { return false }
            let name = tree.name(of: property)
            if ["trim", "toLowerCase", "toUpperCase", "toString", "trimStart", "trimEnd"].contains(name) {
                return isTrustedString(object, ctx, depth: depth + 1)
            }
            // `Object.prototype.toString.call(v)`: a type tag, '[object Array]', whatever `v` is
            if name == "call",
               case .member(let proto, let toString, false, _) = tree[tree.unwrap(object)], tree.name(of: toString) == "toString",
               case .member(let root, let prototype, false, _) = tree[tree.unwrap(proto)], tree.name(of: prototype) == "prototype",
               tree.kind(tree.unwrap(root)) == .identifier, tree.name(of: tree.unwrap(root)) == "Object",
               sem.binding(for: tree.unwrap(root)) == nil {
                return true
            }
            // errDetail.replaceAll('"', ''): a literal taken out or put in
            if ["replace", "replaceAll"].contains(name) {
                let list = tree.list(args)
                return list.count == 2 && list.allSatisfy { [.stringLiteral, .regExpLiteral].contains(tree.kind(tree.unwrap($0))) }
                    && isTrustedString(object, ctx, depth: depth + 1)
            }
            return false
        default:
            return false
        }
    }

    /// Text the program generates itself, of a length it chose: random bytes (`randomBytes(64)`, and
    /// `.toString('base64')` of them through the string methods above), `randomUUID()`, and a hash or HMAC
    /// digest (`createHash('sha256').update(body).digest('hex')`: 64 hex digits whatever was hashed).
    static func isGeneratedText(_ call: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        guard case .call(let c, _, _, _) = tree[call] else { return false }
        let callee = tree.unwrap(c)
        if names(callee, "randomBytes", tree) || names(callee, "randomUUID", tree) { return true }
        // x.digest(enc) where x is a chain from createHash(...) / createHmac(...)
        guard names(callee, "digest", tree), case .member(let object, _, false, _) = tree[callee] else { return false }
        var o = tree.unwrap(object)
        for _ in 0..<8 {
            guard case .call(let inner, _, _, _) = tree[o] else { return false }
            let ic = tree.unwrap(inner)
            if names(ic, "createHash", tree) || names(ic, "createHmac", tree) { return true }
            guard names(ic, "update", tree), case .member(let next, _, false, _) = tree[ic] else { return false }
            o = tree.unwrap(next)
        }
        return false
    }

    /// A read of a file the program ships or builds: `readFileSync` / `readFile` (also `fs.promises.readFile`)
    /// of a path rooted at the module's own folder (`path.join(__dirname, '..', 'client/dist', 'index.html')`,
    /// through `const` names). A template, a built page or a bundled data file is the program's own text;
    /// a path from anywhere else (an upload folder, a configured data directory) is not taken.
    static func isOwnFileRead(_ call: NodeID, _ ctx: FileContext, depth: Int) -> Bool {
        let tree = ctx.tree
        guard case .call(let c, _, let args, _) = tree[call], let first = tree.list(args).first else { return false }
        let callee = tree.unwrap(c)
        guard names(callee, "readFileSync", tree) || names(callee, "readFile", tree) else { return false }
        return isOwnPath(tree.unwrap(first), ctx, depth: depth + 1)
    }

    /// A path rooted at `__dirname` / `__filename` (or `import.meta.dirname`), joined only with strings known at
    /// lint time (`constantString`): `path.join(__dirname, 'a', NAME)`, `resolve(...)`, a template starting
    /// with `${__dirname}`, `__dirname + '/x'`, through `const` names.
    static func isOwnPath(_ expr: NodeID, _ ctx: FileContext, depth: Int) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        guard depth < 8 else { return false }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            let name = tree.name(of: e)
            if name == "__dirname" || name == "__filename" { return sem.binding(for: e) == nil }
            guard let b = sem.binding(for: e), sem.binding(b).kind == .const, let v = sem.constantValue(of: b), v.path.isEmpty
            else { return false }
            return isOwnPath(v.expression, ctx, depth: depth + 1)
        case .member(let object, let property, false, _):
            // import.meta.dirname / import.meta.filename
            guard case .metaProperty = tree[tree.unwrap(object)] else { return false }
            let p = tree.name(of: property)
            return p == "dirname" || p == "filename"
        case .call(let c, _, let args, _):
            let callee = tree.unwrap(c)
            guard names(callee, "join", tree) || names(callee, "resolve", tree) else { return false }
            let list = Array(tree.list(args))
            guard let root = list.first, isOwnPath(root, ctx, depth: depth + 1) else { return false }
            return list.dropFirst().allSatisfy { constantString($0, ctx) != nil }
        case .templateLiteral(let quasis, let expressions):
            let exprs = Array(tree.list(expressions))
            guard let root = exprs.first, let q = tree.list(quasis).first, tree.stringValue(of: q).isEmpty,
                  isOwnPath(root, ctx, depth: depth + 1) else { return false }
            return exprs.dropFirst().allSatisfy { constantString($0, ctx) != nil }
        case .binary(.add, let left, let right):
            return isOwnPath(left, ctx, depth: depth + 1) && constantString(right, ctx) != nil
        default:
            return false
        }
    }

    /// Key material: a parameter (never reassigned) of a function the file only calls by name (never exports,
    /// passes on or stores), each call handing its result straight to a key import: Web Crypto's
    /// `crypto.subtle.importKey(format, pemToBinary(key), ...)` or node's `createPublicKey`, `createPrivateKey`,
    /// `createSecretKey` (hono's JWT helpers strip a PEM key's armour before importing it). What a program
    /// imports as a key is a key it was configured with: one an attacker chose would be a breach before any
    /// regex runs.
    static func isKeyMaterial(_ b: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        let fn = sem.binding(b).declaration
        guard tree.kind(fn).isFunction, !sem.isWritten(b) else { return false }
        let calls = InputBounds(ctx)
        guard let name = calls.functionBinding(of: fn), !sem.exports.contains(where: { $0.binding == name }) else { return false }
        let uses = sem.references(of: name).filter { !$0.flags.contains(.declaration) && !$0.flags.contains(.type) }
        guard !uses.isEmpty else { return false }
        for use in uses.map(\.node) {
            guard calls.callArguments(at: use) != nil, let call = tree.parent(use), let outer = tree.parent(call),
                  case .call(let callee, _, let args, _) = tree[outer], tree.list(args).contains(call),
                  isKeyImport(callee, ctx) else { return false }
        }
        return true
    }

    /// A factory's configuration: a parameter (never reassigned) that its function only keeps for the
    /// functions it creates, read in one of them that is part of what the function returns (hono's
    /// `hc(baseUrl)` returns `createProxy(function proxyCallback(opts) { ... baseUrl ... })`). The returned
    /// function runs per call of what was built, on what each call hands it; what the factory keeps is what
    /// the application built it with, once, as it constructs a class's instance with its options (set-up:
    /// `LibraryEntryPoints.setupNames` holds `constructor`). A parameter the function also reads itself (a
    /// parse that returns its result), or keeps for a function it hands elsewhere (a listener), is not one.
    static func isFactoryConfiguration(_ b: BindingID, use: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        let factory = sem.binding(b).declaration
        guard tree.kind(factory).isFunction, !sem.isWritten(b) else { return false }
        // kept, never read by the factory itself
        for ref in sem.references(of: b) where !ref.flags.contains(.declaration) && !ref.flags.contains(.type) {
            if tree.enclosingFunction(of: ref.node) == factory { return false }
        }
        // the function created by the factory itself that holds the use
        var closure = tree.enclosingFunction(of: use)
        var steps = 0
        while let f = closure, steps < 16 {
            steps += 1
            guard let outer = tree.enclosingFunction(of: f) else { return false }
            if outer == factory { break }
            closure = outer
        }
        guard let closure, closure != factory, tree.enclosingFunction(of: closure) == factory else { return false }
        return isReturned(closure, by: factory, ctx)
    }

    /// Whether a function created in `factory` is part of what `factory` returns: returned itself (or by its
    /// name), or an argument, property or element of the returned expression (`createProxy(fn, [])`,
    /// `{ get: fn }`, `new Client(fn)`), a few levels deep.
    static func isReturned(_ closure: NodeID, by factory: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        if ctx.semantic.returnedFunctions(of: factory).contains(closure) { return true }
        var child = closure
        var steps = 0
        while let p = tree.parent(child), steps < 8 {
            steps += 1
            if p == factory { return tree.functionParts(factory)?.body == child }  // an arrow's expression body
            switch tree[p] {
            case .call(let callee, _, _, _), .new(let callee, _, _):
                if child == callee { return false }
            case .returnStatement:
                return tree.enclosingFunction(of: p) == factory
            case .property(_, let value, _, _):
                if child != value { return false }
            case .objectExpression, .arrayExpression:
                break
            default:
                if tree.unwrap(p) == p { return false }  // anything but a cast or a parenthesis
            }
            child = p
        }
        return false
    }

    /// `crypto.subtle.importKey` (Web Crypto, on any `subtle` object) or node's `crypto.createPublicKey`,
    /// `createPrivateKey`, `createSecretKey`.
    static func isKeyImport(_ callee: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        let c = tree.unwrap(callee)
        if case .member(let object, let property, false, _) = tree[c], tree.kind(property) == .identifier,
           tree.nameIs(property, "importKey"), ctx.semantic.memberName(tree.unwrap(object)) == "subtle" {
            return true
        }
        guard let symbol = ctx.semantic.resolveExport(c), symbol.module == "crypto", symbol.path.count == 1 else { return false }
        return ["createPublicKey", "createPrivateKey", "createSecretKey"].contains(symbol.name)
    }

    /// Properties of an error that hold the text a driver or library produced: its message and stack, the
    /// database's detail and hint lines (pg's `detail`, pg-native's `messageDetail`/`messagePrimary`), MySQL's
    /// `sqlMessage`, and the statement the program sent (`sql`).
    static let errorTextProperties: Set<String> = [
        "message", "stack", "sqlMessage", "sql", "detail", "messageDetail", "messagePrimary", "hint",
    ]

    /// A stack trace destructured from an error or a stored copy of one (`let { stack, body } = errors[i]`,
    /// NodeBB's admin page of failed deliveries), and reassigned, if at all, only with a call on itself
    /// (`stack = stack.replace(...)`): the program's own call stack, as `err.stack` is.
    static func isDestructuredStack(_ b: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        guard sem.binding(b).initializer?.path == ["stack"] else { return false }
        for w in sem.writes(of: b) {
            guard let v = sem.assignedValue(at: w), case .call(let callee, _, _, _) = tree[tree.unwrap(v)],
                  case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(tree.unwrap(object)) == .identifier, sem.binding(for: tree.unwrap(object)) == b else { return false }
        }
        return true
    }

    /// String methods every supported Node.js has, which libraries still guard for old engines.
    static let builtinStringMethods: Set<String> = [
        "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "padStart", "padEnd", "startsWith", "endsWith",
        "includes", "repeat", "normalize", "replaceAll",
    ]

    /// Whether a string reaches the regex only as the fallback for a string method every Node.js has, a
    /// branch that never runs there: `str.trim ? str.trim() : str.replace(/^\s+|\s+$/g, '')` (axios's
    /// `trim`), `if (!String.prototype.trimEnd) ...`, `typeof s.trim === 'function' ? ... : ...`.
    static func isBuiltinFallback(_ subject: NodeID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        let s = tree.unwrap(subject)
        guard tree.kind(s) == .identifier, let b = sem.binding(for: s) else { return false }
        var child = subject
        var steps = 0
        while let p = tree.parent(child), steps < 32, !tree.kind(child).isFunction {
            steps += 1
            switch tree[p] {
            case .conditional(let test, let consequent, let alternate):
                if child == alternate, let present = methodPresence(test, b, ctx), present { return true }
                if child == consequent, let present = methodPresence(test, b, ctx), !present { return true }
            case .ifStatement(let test, let consequent, let alternate):
                if child == alternate, let present = methodPresence(test, b, ctx), present { return true }
                if child == consequent, let present = methodPresence(test, b, ctx), !present { return true }
            default:
                break
            }
            child = p
        }
        return false
    }

    /// What a test says about a built-in string method: true when it holds only if the method exists
    /// (`s.trim`, `String.prototype.trim`, `typeof s.trim === 'function'`), false for its negation; nil
    /// for any other test.
    static func methodPresence(_ test: NodeID, _ b: BindingID, _ ctx: FileContext) -> Bool? {
        let tree = ctx.tree, sem = ctx.semantic
        let t = tree.unwrap(test)
        switch tree[t] {
        case .unary(.not, let argument):
            return methodPresence(argument, b, ctx).map { !$0 }
        case .binary(let op, let left, let right) where [.strictEqual, .equal, .strictNotEqual, .notEqual].contains(op):
            guard case .unary(.typeof, let operand) = tree[tree.unwrap(left)], sem.literalString(tree.unwrap(right)) == "function",
                  methodPresence(operand, b, ctx) == true else { return nil }
            return op == .strictEqual || op == .equal
        case .member(let object, let property, false, _):
            guard tree.kind(property) == .identifier, builtinStringMethods.contains(tree.name(of: property)) else { return nil }
            let o = tree.unwrap(object)
            if tree.kind(o) == .identifier, sem.binding(for: o) == b { return true }
            // String.prototype.trim
            if case .member(let root, let proto, false, _) = tree[o], tree.kind(proto) == .identifier,
               tree.name(of: proto) == "prototype", tree.kind(tree.unwrap(root)) == .identifier,
               tree.name(of: tree.unwrap(root)) == "String", sem.binding(for: tree.unwrap(root)) == nil { return true }
            return nil
        default:
            return nil
        }
    }

    /// The name a module-level regex is exported under when the file does nothing else with it
    /// (`export const DOMAIN_REGEX = /.../`, `exports.TRAIL = /.../`): its input is decided by the modules
    /// importing that name, not by the file's other importers.
    static func exportedName(of node: NodeID, _ ctx: FileContext) -> String? {
        let sem = ctx.semantic
        for record in sem.exports where !record.typeOnly && record.kind != .moduleObject && !record.name.isEmpty && record.name != "*" {
            guard let v = record.value, ctx.tree.unwrap(v) == node else { continue }
            if let b = record.binding {
                // used anywhere in the file besides its declaration and the export itself: keep the whole file's context
                let uses = sem.references(of: b).filter { !$0.flags.contains(.declaration) }
                if uses.contains(where: { ref in !(ctx.tree.range(record.node).start...ctx.tree.range(record.node).end).contains(ctx.tree.range(ref.node).start) }) {
                    return nil
                }
            }
            return record.name
        }
        return nil
    }

    /// Whether `node` runs inside a function (or a callback of one) that manages the database's schema or
    /// reads the server's version (`SchemaWork`): its input is the program's own schema and the server's
    /// replies.
    static func inSchemaWork(_ node: NodeID, _ ctx: FileContext) -> Bool {
        if underSchemaQueryCheck(node, ctx.tree) || isSchemaIdentifier(node, ctx) { return true }
        var fn = ctx.tree.enclosingFunction(of: node)
        var steps = 0
        // any function around it: the `output(resp)` of the query knex's `columnInfo()` returns runs for it
        while let f = fn, steps < 16 {
            steps += 1
            if let name = ctx.semantic.functionName(f), SchemaWork.isSchemaOrVersion(name) { return true }
            fn = ctx.tree.enclosingFunction(of: f)
        }
        return false
    }

    /// Whether a string is a variable or parameter named as a schema identifier (`identifier`, `tableName`,
    /// `columnName`: `SchemaWork.isIdentifierName`): a name the application's models declare.
    static func isSchemaIdentifier(_ expr: NodeID, _ ctx: FileContext) -> Bool {
        let e = ctx.tree.unwrap(expr)
        guard ctx.tree.kind(e) == .identifier, ctx.semantic.binding(for: e) != nil else { return false }
        return SchemaWork.isIdentifierName(ctx.tree.name(of: e))
    }

    /// Whether `node` runs only when its function has checked that the current query reads the schema
    /// (`if (this.isShowIndexesQuery()) { for (const row of rows) ... }`, sequelize's query classes): the
    /// rows it parses are the database's catalog, the schema the program's own models declared. The
    /// check is a call without arguments named `is` + a `SchemaWork` name, alone or in an `&&`.
    static func underSchemaQueryCheck(_ node: NodeID, _ tree: SyntaxTree) -> Bool {
        let fn = tree.enclosingFunction(of: node)
        var child = node
        var steps = 0
        while let p = tree.parent(child), p != fn, steps < 64 {
            steps += 1
            if case .ifStatement(let test, let consequent, _) = tree[p], child == consequent, isSchemaQueryCheck(test, tree) {
                return true
            }
            child = p
        }
        return false
    }

    static func isSchemaQueryCheck(_ test: NodeID, _ tree: SyntaxTree) -> Bool {
        let t = tree.unwrap(test)
        switch tree[t] {
        case .logical(.and, let left, let right):
            return isSchemaQueryCheck(left, tree) || isSchemaQueryCheck(right, tree)
        case .call(let callee, _, let args, _) where tree.list(args).isEmpty:
            let c = tree.unwrap(callee)
            let name: String
            switch tree[c] {
            case .identifier: name = tree.name(of: c)
            case .member(_, let property, false, _) where tree.kind(property) == .identifier: name = tree.name(of: property)
            default: return false
            }
            guard name.hasPrefix("is"), name.count > 2 else { return false }
            return SchemaWork.isSchemaOrVersion(String(name.dropFirst(2)))
        default:
            return false
        }
    }

    /// A regex the file applies to input that may come from outside, which the static analysis finds
    /// super-linear, with what both redos rules need to report it. PCRE2's confirmation, which may still drop
    /// it, runs only for the findings the report keeps: the rules report it with `deferred`, and `finish`
    /// works out the rest (`Confirmed`).
    struct Candidate {
        let site: RegexSite
        /// The static analysis for the input the file shows (`lineFree`, or `lineFreeByCalls`): its complexity
        /// decides which rule reports, and is the confirmed one's if PCRE2 does not drop it.
        let result: ReDoSReport
        /// The file shows every string it applies the regex to to be line-free or the program's own.
        let lineFree: Bool
        /// The functions that apply the regex (empty: the file never applies it).
        let scope: HotScope
        /// The cap on every outside string the file applies the regex to.
        var bound: Bound?
        /// Lengths at which the attack on any input must not be cheap (under `negligibleSteps`) for the finding
        /// to stand: the largest cap of the modules that merge an exported table (`keyedExportCandidates`), the
        /// file's cap of a regex whose calls show its input line-free (`parameterCandidates`).
        var cheapAt: [Int] = []
        /// The calls of the exported functions whose parameters reach the regex show its input line-free
        /// (`parameterCandidates`): the finding is about line-free input, without a cap of its own.
        var lineFreeByCalls = false
        /// Set for a regex of a table the file exports without applying it, under this top-level key
        /// (ua-parser-js's extension tables: `Crawlers = Object.freeze({ browser: [[/.../], [...]] })`): decided
        /// over the project (`keyedExportCandidates`), not by the file's rules.
        var keyedExport: String?
        /// Set when the file shows every string the regex is applied to to be line-free or the program's own
        /// but for parameters of functions it exports, used as they are (hono's `isContentTypeBinary(contentType)`,
        /// exported from a module its package entry does not re-export): decided over the project by the calls
        /// of those functions (`parameterCandidates`), not by the file's rules.
        var openParameters: [OpenParameter] = []

        struct Bound {
            let cap: InputBound
            /// 1-based line of the cap.
            let line: Int
        }

        /// "regex literal /(a+)+$/"
        var written: String { RegexSites.written(site.form, site.pattern, site.flags) }

        /// What `finish` needs to confirm the candidate, as the pending finding keeps it.
        var deferred: Evidence {
            var d: Evidence = [
                "pattern": .string(site.pattern), "flags": .string(site.flags), "form": .string(site.form),
                "lineFree": .bool(lineFree), "lineFreeByCalls": .bool(lineFreeByCalls),
            ]
            if !cheapAt.isEmpty { d["cheapAt"] = .array(cheapAt.map { .int($0) }) }
            if let b = bound {
                var o: Evidence = ["length": .int(b.cap.length), "line": .int(b.line)]
                if b.cap.byHeaderLimit { o["headerLimit"] = .bool(true) }
                d["bound"] = .object(o)
            }
            return d
        }
    }

    /// A candidate PCRE2 did not drop: the result and attack the report shows, and the cost under the cap.
    struct Confirmed {
        let written: String
        let result: ReDoSReport
        let attack: Attack
        var evidence: Evidence
        var bound: Bound?

        struct Bound {
            let length: Int
            /// 1-based line of the cap.
            let line: Int
            let cost: BoundedCost
            /// The cap is Node's limit on a request's head (`InputBound.headerLimit`).
            var headerLimit = false
        }

        /// "`(a+)+` matches repeats of 'a' in more than one way, and '!' makes every way fail (confirmed by
        /// PCRE2: ...)": the part of the message both rules share.
        var explanation: String {
            let loop = result.loopText.map { "`\($0)`" } ?? "a quantified part"
            let pump = attack.pumps.map { RegexSites.visible($0) }.joined(separator: "', '")
            let confirmation: String
            if result.confirmed, let last = result.steps.last {
                confirmation = "confirmed by PCRE2: \(last.steps) backtracking steps at \(last.pumps) pumps"
            } else {
                confirmation = "not confirmed by PCRE2" + (result.unconfirmedReason.map { ": \($0)" } ?? "")
            }
            let ending = attack.suffix.isEmpty ? "the end of the input" : "'\(RegexSites.visible(attack.suffix))'"
            var text = "\(loop) matches repeats of '\(pump)' in more than one way, and \(ending) makes every way fail (\(confirmation))"
            if let b = bound, b.headerLimit {
                text += "; the input is part of a request's head (line \(b.line)), which Node caps at \(b.length) characters, "
                text += "where the attack still takes over \(b.cost.steps) steps"
            } else if let b = bound {
                text += "; the input is capped at \(b.length) characters (line \(b.line)), where the attack still takes "
                text += "over \(b.cost.steps) steps"
            }
            return text
        }
    }

    /// "regex literal /(a+)+$/", a template's substitutions shown as `${…}`.
    static func written(_ form: String, _ pattern: String, _ flags: String) -> String {
        let shown = pattern.contains(RegexSites.substitution)
            ? pattern.replacingOccurrences(of: String(RegexSites.substitution), with: "${…}") : pattern
        return "\(form) /\(shown)/\(flags)"
    }

    /// Whether every attack the analysis may confirm repeats a template's substitution: such an attack needs the
    /// value the program puts there (an id it generated, a list of characters it was handed), which the file
    /// does not show. PCRE2 confirms the first attack or one of the alternatives; `finish` checks the one it
    /// confirmed.
    static func repeatsSubstitution(_ site: RegexSite, _ r: ReDoSReport) -> Bool {
        guard site.pattern.contains(substitution), let s = r.staticResult, let attack = s.attack else { return false }
        return ([attack] + s.alternativeAttacks).allSatisfy { a in a.pumps.contains { $0.contains(substitution) } }
    }

    /// A candidate's deferred part worked out (`Candidate.deferred`), for a finding the report keeps: PCRE2
    /// confirms the pattern on any input, then, when the input is line-free, on line-free input; the finding
    /// does not stand when PCRE2 shows either linear, when the attack it confirmed repeats a template's
    /// substitution, or when the attack is cheap (under `negligibleSteps`) at a cap on the input (TRIAGE:
    /// bounded input counts only when the cost at the bound is still large). Nil then.
    static func finish(_ deferred: Evidence) -> Confirmed? {
        guard case .string(let pattern)? = deferred["pattern"], case .string(let flags)? = deferred["flags"],
              case .string(let form)? = deferred["form"] else { return nil }
        let lineFree = deferred["lineFree"] == .bool(true)
        let lineFreeByCalls = deferred["lineFreeByCalls"] == .bool(true)
        var r = ReDoSChecker.check(pattern: pattern, flags: flags)
        guard r.complexity != nil, let anyAttack = r.attack else { return nil }
        func repeats(_ attack: Attack) -> Bool {
            pattern.contains(substitution) && attack.pumps.contains { $0.contains(substitution) }
        }
        func cheap(_ result: ReDoSReport, _ length: Int) -> (Bool, BoundedCost?) {
            guard let cost = ReDoSChecker.cost(of: result, atLength: length, cap: negligibleSteps) else { return (false, nil) }
            return (!cost.capped && cost.steps < negligibleSteps, cost)
        }
        // a finding on any input (the file's, or the one the calls of its exported functions then narrow)
        if !lineFree {
            if repeats(anyAttack) { return nil }
            if case .array(let lengths)? = deferred["cheapAt"] {
                for case .int(let length) in lengths where cheap(r, length).0 { return nil }
            }
        }
        if lineFree || lineFreeByCalls {
            r = ReDoSChecker.check(pattern: pattern, flags: flags, input: .lineFree)
            guard r.complexity != nil else { return nil }
        }
        guard let attack = r.attack, !repeats(attack) else { return nil }
        var confirmed = Confirmed(written: written(form, pattern, flags), result: r, attack: attack,
                                  evidence: evidence(r, attack, lineFree: lineFree || lineFreeByCalls))
        if case .object(let b)? = deferred["bound"], case .int(let length)? = b["length"], case .int(let line)? = b["line"] {
            let (isCheap, cost) = cheap(r, length)
            if isCheap { return nil }
            if let cost {
                let headerLimit = b["headerLimit"] == .bool(true)
                confirmed.bound = Confirmed.Bound(length: length, line: line, cost: cost, headerLimit: headerLimit)
                var o: Evidence = [
                    "length": .int(length), "line": .int(line), "steps": .int(cost.steps), "pumps": .int(cost.pumps),
                    "capped": .bool(cost.capped),
                ]
                if headerLimit { o["by"] = .string("node-header-limit") }
                confirmed.evidence["inputBound"] = .object(o)
            }
        }
        return confirmed
    }

    /// The file's regexes of complexity `want` that outside input may reach. A regex applied only to the
    /// program's own strings (literals, env, error messages) is left out; one the file never applies is
    /// kept (its input is unknown here). Input of attacker-chosen length reaches a regex only in code that
    /// serves traffic, so the candidate carries the functions that apply it (or, for a table of patterns
    /// applied elsewhere, the file) for the execution-context model.
    static func candidates(_ ctx: FileContext, want: Complexity) -> [Candidate] {
        // both ReDoS rules ask: the file's regexes are examined once, and the candidates the project pass decides
        // are kept for it
        ctx.memo("redos candidates") { () -> [Candidate] in
            let all = allCandidates(ctx)
            ctx.keepForProjectPass(projectPassKey, all.filter(isDecidedByProject))
            return all
        }.filter {
            $0.result.complexity == want && !isDecidedByProject($0)
        }
    }

    /// Whether the project pass decides a candidate (`keyedExportCandidates`, `parameterCandidates`).
    static func isDecidedByProject(_ c: Candidate) -> Bool { c.keyedExport != nil || !c.openParameters.isEmpty }

    /// Under this key the file pass keeps a file's candidates that the project pass decides.
    static let projectPassKey = "redos candidates for the project pass"

    // MARK: - Tables exported for another module to merge

    /// A candidate the project pass decides (`keyedExportCandidates`, `parameterCandidates`), with its unit.
    struct UnitCandidate {
        let unit: Int
        var candidate: Candidate
    }

    static let keyedExportsKey = AnalysisKey<[UnitCandidate]>("redos keyed exports", rulesOnly: true)

    /// What both ReDoS rules report from the project pass: the tables exported for another module to merge
    /// (`keyedExportCandidates`), then the regexes applied to parameters of exported functions
    /// (`parameterCandidates`).
    static func projectCandidates(_ ctx: ProjectContext, want: Complexity) -> [UnitCandidate] {
        keyedExportCandidates(ctx, want: want) + parameterCandidates(ctx, want: want)
    }

    /// The regexes of tables modules export without applying them (`Candidate.keyedExport`) that the project
    /// does not show to be cheap. A library module that merges the tables it is handed into its own key by
    /// key (`RegexTables.mergesTablesByKey`: ua-parser-js's `extend(defaultRgx, extensions)`) applies an
    /// extension's `browser` regexes where it applies its own: to the strings, and under the cap, its table
    /// applications give that key (`RegexTables.keyCaps`: the 500-character user agent). Such a module of the
    /// same package decides: when every one of them caps the key and the attack is cheap at the largest cap
    /// (under `negligibleSteps`), there is no finding; otherwise the finding stands as the file would report it.
    static func keyedExportCandidates(_ ctx: ProjectContext, want: Complexity) -> [UnitCandidate] {
        ctx.memo(keyedExportsKey) { allKeyedExports(ctx) }.filter { $0.candidate.result.complexity == want }
    }

    /// The candidates of `units` that `kept` accepts (among those the project pass decides), in unit order: as
    /// the file pass kept them, or found again on the scan's threads for a unit whose file pass did not run
    /// (its findings came from a cache).
    private static func unitCandidates(_ ctx: ProjectContext, of units: [SourceUnit],
                                       where kept: @escaping (Candidate) -> Bool) -> [UnitCandidate] {
        let known = units.map { ctx.keptFromFilePass($0, projectPassKey, as: [Candidate].self) }
        let missing = units.indices.filter { known[$0] == nil }
        let found = ParallelMap.map(count: missing.count, jobs: ctx.jobs) { k -> [Candidate] in
            allCandidates(ctx.fileContext(units[missing[k]])).filter(isDecidedByProject)
        }
        var all = known
        for (k, i) in missing.enumerated() { all[i] = found[k] }
        return units.indices.flatMap { i in
            (all[i] ?? []).filter(kept).map { UnitCandidate(unit: units[i].index, candidate: $0) }
        }
    }

    private static func allKeyedExports(_ ctx: ProjectContext) -> [UnitCandidate] {
        let deferred = unitCandidates(ctx, of: ctx.units.filter(mayExportTables)) { $0.keyedExport != nil }
        guard !deferred.isEmpty else { return [] }
        let packages = Set(deferred.map { ctx.packageNumber(ofUnit: $0.unit) }).subtracting([-1])
        // per package, the key caps of each module that merges tables by key
        var mergers: [Int32: [[String: InputBound?]]] = [:]
        for unit in ctx.units {
            let p = ctx.packageNumber(ofUnit: unit.index)
            guard packages.contains(p) else { continue }
            let fc = ctx.fileContext(unit)
            guard RegexTables.mergesTablesByKey(fc) else { continue }
            let caps = RegexTables.keyCaps(fc)
            if !caps.isEmpty { mergers[p, default: []].append(caps) }
        }
        // the attack's cost at the largest cap is PCRE2's to measure, when the finding is kept (`finish`)
        return deferred.map { d in
            guard let key = d.candidate.keyedExport, let list = mergers[ctx.packageNumber(ofUnit: d.unit)] else { return d }
            var cap: InputBound?
            for caps in list {
                guard let entry = caps[key] else { continue }  // a merger without the key never applies it
                guard let b = entry else { return d }  // uncapped there
                if cap.map({ b.length > $0.length }) ?? true { cap = b }
            }
            guard let cap else { return d }
            var capped = d
            capped.candidate.cheapAt.append(cap.length)
            return capped
        }
    }

    // MARK: - Parameters of exported functions

    /// A parameter of a function of the file, by position.
    struct OpenParameter: Hashable {
        let function: NodeID
        let index: Int
    }

    /// A subject that is a parameter (never reassigned, or only by itself: `keepsItsOrigin`) of a function the
    /// file exports or of the constructor of a class it exports, used as it is or through a `const` holding a
    /// piece of it (`const paramsList = headerValue.slice(i + 1).trim()`, fastify's `ContentType`): the file
    /// cannot tell what its callers pass.
    static func openParameter(_ subject: NodeID, _ ctx: FileContext) -> OpenParameter? {
        let tree = ctx.tree, sem = ctx.semantic
        guard let s = pieceSource(subject, ctx), let b = sem.binding(for: s), sem.binding(b).kind == .parameter,
              !sem.isWritten(b) || keepsItsOrigin(b, ctx)
        else { return nil }
        let fn = sem.binding(b).declaration
        guard tree.kind(fn).isFunction, let parts = tree.functionParts(fn),
              let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && sem.binding(for: $0) == b })
        else { return nil }
        let name = InputBounds(ctx).functionBinding(of: fn) ?? constructedClass(of: fn, ctx)?.binding
        guard let name, sem.exports.contains(where: { $0.binding == name }) else { return nil }
        return OpenParameter(function: fn, index: index)
    }

    /// The identifier a string is a piece of: itself, or through `const` names (never reassigned),
    /// `LineFreeInputs.pieceMethods` (`slice`, `trim`, case changes) and a `replace` with a literal holding
    /// no line terminator (`buf.toString('base64').replace(/\+/g, '-')`), a few steps deep.
    static func pieceSource(_ expr: NodeID, _ ctx: FileContext) -> NodeID? {
        let tree = ctx.tree, sem = ctx.semantic
        var e = tree.unwrap(expr)
        for _ in 0..<8 {
            switch tree[e] {
            case .identifier:
                guard let b = sem.binding(for: e), sem.binding(b).kind == .const, !sem.isWritten(b),
                      let v = sem.constantValue(of: b), v.path.isEmpty else { return e }
                e = tree.unwrap(v.expression)
            case .call(let callee, _, let args, _):
                guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier
                else { return nil }
                let name = tree.name(of: property)
                if ["replace", "replaceAll"].contains(name) {
                    // `s.replace(/\+/g, '-')`: a literal put in, holding no line terminator, keeps what `s` is
                    let list = Array(tree.list(args))
                    guard list.count == 2, let text = sem.literalString(tree.unwrap(list[1])),
                          !LineFreeInputs.holdsLineTerminator(text)
                    else { return nil }
                } else if !LineFreeInputs.pieceMethods.contains(name) {
                    return nil
                }
                e = tree.unwrap(object)
            default:
                return nil
            }
        }
        return nil
    }

    /// The class whose `constructor` a function is, with the class's binding (`class ContentType { constructor
    /// (headerValue) {...} }`); nil for any other function or an anonymous class.
    static func constructedClass(of fn: NodeID, _ ctx: FileContext) -> (node: NodeID, binding: BindingID)? {
        let tree = ctx.tree
        guard let m = tree.parent(fn), case .methodDefinition(_, _, let value, .constructor, _) = tree[m], value == fn,
              let body = tree.parent(m), let cls = tree.parent(body) else { return nil }
        switch tree[cls] {
        case .classDeclaration(_, let id?, _, _, _, _, _, _), .classExpression(_, let id?, _, _, _, _, _, _):
            guard let b = ctx.semantic.binding(for: id) else { return nil }
            return (cls, b)
        default:
            // `const ContentType = class { ... }`
            guard case .classExpression = tree[cls], let d = tree.parent(cls), case .variableDeclarator(let id, _, _) = tree[d],
                  tree.kind(id) == .identifier, let b = ctx.semantic.binding(for: id) else { return nil }
            return (cls, b)
        }
    }

    /// Whether some class of the project extends one named `name` (`class Sub extends ContentType`): its
    /// `super(...)` calls hand the constructor arguments no `new` site of the call graph shows. By name, so an
    /// unrelated class of the same name also counts (the parameter is then left unknown).
    static func isExtendedByName(_ name: String, _ ctx: ProjectContext) -> Bool {
        for unit in ctx.units where unit.role == .source {
            let tree = unit.tree
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                let k = tree.kind(id)
                guard k == .classDeclaration || k == .classExpression else { continue }
                switch tree[id] {
                case .classDeclaration(_, _, _, let sup?, _, _, _, _), .classExpression(_, _, _, let sup?, _, _, _, _):
                    let u = tree.unwrap(sup)
                    switch tree[u] {
                    case .identifier:
                        if tree.name(of: u) == name { return true }
                    case .member(_, let property, false, _):
                        if tree.kind(property) == .identifier, tree.name(of: property) == name { return true }
                    default:
                        return true  // `extends mixin(Base)`: anything
                    }
                default:
                    continue
                }
            }
        }
        return false
    }

    /// Whether every assignment of a parameter keeps what it was handed and adds only text that holds no line
    /// terminator: a piece of it (`LineFreeInputs.pieceMethods`), a `replace` of it with such a literal
    /// (`base = base.replace(/\/+$/, '')`), or it joined with such a literal (`base = base + '/'`). Where the
    /// parameter's first value is the program's own or line-free, so is every later one.
    static func keepsItsOrigin(_ b: BindingID, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree, sem = ctx.semantic
        func isSelf(_ e: NodeID) -> Bool {
            let u = tree.unwrap(e)
            return tree.kind(u) == .identifier && sem.binding(for: u) == b
        }
        func isPlainLiteral(_ e: NodeID) -> Bool {
            guard let text = sem.literalString(tree.unwrap(e)) else { return false }
            return !text.unicodeScalars.contains { $0 == "\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" }
        }
        let writes = sem.writes(of: b)
        guard !writes.isEmpty, writes.count <= 8 else { return false }
        for w in writes {
            guard let v = sem.assignedValue(at: w) else { return false }
            switch tree[tree.unwrap(v)] {
            case .binary(.add, let left, let right):
                guard (isSelf(left) && isPlainLiteral(right)) || (isPlainLiteral(left) && isSelf(right)) else { return false }
            case .call(let callee, _, let args, _):
                guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], isSelf(object),
                      tree.kind(property) == .identifier else { return false }
                let name = tree.name(of: property)
                if LineFreeInputs.pieceMethods.contains(name) { continue }
                let list = Array(tree.list(args))
                guard ["replace", "replaceAll"].contains(name), list.count == 2, isPlainLiteral(list[1]) else { return false }
            default:
                return false
            }
        }
        return true
    }

    static let parameterCandidatesKey = AnalysisKey<[UnitCandidate]>("redos exported parameters", rulesOnly: true)

    /// The candidates whose open parameters (`Candidate.openParameters`) the project does not show to be
    /// line-free: a parameter's function that is not an entry of a library's API (applications call those
    /// with anything), whose every call the call graph knows (`CallerArguments.arguments`) passes a string
    /// that is line-free or the program's own in its own file, is line-free; when every open parameter is and
    /// the pattern is linear on line-free strings, there is no finding (hono's lambda-edge adapter tests the
    /// Content-Type of the response the application built, `res.headers.get('content-type')`). Otherwise the
    /// finding stands as the file would report it, with `evidence.input` when the attack needs no line
    /// terminator.
    static func parameterCandidates(_ ctx: ProjectContext, want: Complexity) -> [UnitCandidate] {
        ctx.memo(parameterCandidatesKey) { allParameterCandidates(ctx) }.filter { $0.candidate.result.complexity == want }
    }

    private static func allParameterCandidates(_ ctx: ProjectContext) -> [UnitCandidate] {
        let units = ctx.units.filter { $0.role == .source && !$0.semantic.exports.isEmpty }
        let deferred = unitCandidates(ctx, of: units) { $0.keyedExport == nil && !$0.openParameters.isEmpty }
        guard !deferred.isEmpty else { return [] }
        let entries = RequestEntryPoints.withLibraryAPI(ctx)
        var api: Set<FunctionRef> = Set(entries.setUp)
        for e in entries.all where e.framework == .library { api.insert(FunctionRef(unit: e.unit, node: e.function)) }
        var out: [UnitCandidate] = []
        var extended: [String: Bool] = [:]
        for d in deferred {
            // every argument the program's own (no finding), or each one that is not line-free
            var trusted = true
            let lineFree = d.candidate.openParameters.allSatisfy { p in
                guard !api.contains(FunctionRef(unit: d.unit, node: p.function)) else { return false }
                // a constructor's subclasses call it through `super(...)`, which the call graph does not show
                let fc = ctx.fileContext(ctx.units[d.unit])
                if let cls = constructedClass(of: p.function, fc) {
                    let name = fc.tree.name(of: fc.semantic.binding(cls.binding).declarationNode)
                    if extended[name] == nil { extended[name] = isExtendedByName(name, ctx) }
                    if extended[name] == true { return false }
                }
                guard let args = CallerArguments.arguments(ofParameter: p.index, of: p.function, in: d.unit, ctx) else { return false }
                return args.allSatisfy { a in
                    let fc = ctx.fileContext(ctx.units[a.unit])
                    if isTrustedString(a.argument, fc) { return true }
                    trusted = false
                    return LineFreeInputs.holdsNoLineTerminator(a.argument, in: fc)
                }
            }
            guard lineFree else {
                out.append(d)
                continue
            }
            if trusted { continue }
            let site = d.candidate.site
            let r = ReDoSChecker.check(pattern: site.pattern, flags: site.flags, input: .lineFree, confirm: false)
            guard r.complexity != nil, !repeatsSubstitution(site, r) else { continue }
            // the file's candidate must stand on any input (the file's cap included) before its calls show the
            // input line-free; the finding then has no cap of its own
            var c = Candidate(site: site, result: r, lineFree: false, scope: d.candidate.scope)
            c.cheapAt = d.candidate.cheapAt + (d.candidate.bound.map { [$0.cap.length] } ?? [])
            c.lineFreeByCalls = true
            out.append(UnitCandidate(unit: d.unit, candidate: c))
        }
        return out
    }

    /// Whether a unit exports a value written as an object literal (or `Object.freeze` of one): the only
    /// place an exported keyed table can be (a cheap test before the file's regexes are examined).
    private static func mayExportTables(_ unit: SourceUnit) -> Bool {
        let sem = unit.semantic, tree = unit.tree
        for record in sem.exports where !record.typeOnly {
            guard let b = record.binding, let v = sem.constantValue(of: b), v.path.isEmpty else { continue }
            switch tree[tree.unwrap(v.expression)] {
            case .objectExpression:
                return true
            case .call(_, _, let args, _):
                if let a = tree.list(args).first, tree.kind(tree.unwrap(a)) == .objectExpression { return true }
            default:
                continue
            }
        }
        return false
    }

    /// Every super-linear regex of the file that outside input may reach (see `candidates(_:want:)`).
    private static func allCandidates(_ ctx: FileContext) -> [Candidate] {
        var out: [Candidate] = []
        var tables: RegexTables.Applications??
        // the cap depends only on the table and the keys leading to the regex
        struct TableKey: Hashable {
            let root: BindingID
            let keys: [String]
        }
        var tableBounds: [TableKey: InputBound?] = [:]
        for site in collect(ctx) {
            if isFragment(site.node, ctx.tree) || onlyForEditors(site, ctx) { continue }
            // made, or applied, only outside production (`if (process.env.NODE_ENV !== 'production') { ... }`):
            // a development aid, not what the program runs while it serves traffic
            if ExecutionGuards.isDevelopmentOnly(site.node, in: ctx.tree) { continue }
            let applied = subjects(of: site, ctx)
            if !applied.isEmpty, applied.allSatisfy({ ExecutionGuards.isDevelopmentOnly($0, in: ctx.tree) }) { continue }
            if !applied.isEmpty,
               applied.allSatisfy({ isTrustedString($0, ctx) || inSchemaWork($0, ctx) || isBuiltinFallback($0, ctx) }) { continue }
            // the static analysis decides here; PCRE2 confirms it (and measures the cost under a cap) only for the
            // findings the report keeps (`finish`), which drops those PCRE2 shows to be linear or cheap
            var r = ReDoSChecker.check(pattern: site.pattern, flags: site.flags, confirm: false)
            // applied only to strings that hold no line terminator (a request target, a header value): an
            // attack that needs one (`\?.*$` on `req.originalUrl`) cannot be sent
            var lineFree = false
            if r.complexity != nil, !applied.isEmpty, applied.allSatisfy({
                isTrustedString($0, ctx) || inSchemaWork($0, ctx) || LineFreeInputs.holdsNoLineTerminator($0, in: ctx)
            }) {
                r = ReDoSChecker.check(pattern: site.pattern, flags: site.flags, input: .lineFree, confirm: false)
                lineFree = true
            }
            // the rest are parameters of functions the file exports: their calls, across the project, decide
            var openParameters: [OpenParameter] = []
            if r.complexity != nil, !lineFree, !applied.isEmpty {
                var open: [OpenParameter] = []
                let decided = applied.allSatisfy { s in
                    if isTrustedString(s, ctx) || inSchemaWork(s, ctx) || LineFreeInputs.holdsNoLineTerminator(s, in: ctx) { return true }
                    guard let p = openParameter(s, ctx) else { return false }
                    if !open.contains(p) { open.append(p) }
                    return true
                }
                if decided { openParameters = open }
            }
            guard r.complexity != nil, !repeatsSubstitution(site, r) else { continue }
            let appliers = applied.compactMap { ctx.tree.enclosingFunction(of: $0) }
            // Applied here: where it is applied. Handed to other code from inside a function
            // (`replace({ regex: /<title>.*<\/title>/, ... })`): when that function runs. A module-level table:
            // when what imports it runs.
            let scope: HotScope
            if !applied.isEmpty {
                scope = .functions(appliers)
            } else if isHandedToCall(site.node, ctx.tree), let fn = ownFunction(of: site.node, ctx) {
                scope = .functions([fn])
            } else {
                scope = exportedName(of: site.node, ctx).map { .exported($0) } ?? .file
            }
            var candidate = Candidate(site: site, result: r, lineFree: lineFree, scope: scope)
            candidate.openParameters = openParameters
            var cap = inputBound(applied, ctx)
            if applied.isEmpty {
                // a regex kept in a table: the strings the file's table applications give it
                if tables == nil { tables = .some(RegexTables.applications(ctx)) }
                if let apps = tables ?? nil, let (root, keys) = RegexTables.place(of: site.node, ctx) {
                    let key = TableKey(root: root, keys: keys)
                    if let known = tableBounds[key] {
                        cap = known
                    } else {
                        cap = RegexTables.bound(root: root, keys: keys, applications: apps, ctx)
                        tableBounds[key] = cap
                    }
                }
                if cap == nil, let (root, keys) = RegexTables.place(of: site.node, ctx), let top = keys.last,
                   ctx.semantic.exports.contains(where: { $0.binding == root }) {
                    candidate.keyedExport = top
                }
            }
            if let b = cap {
                // the attack's cost at the cap decides when the finding is kept (`finish`)
                let line = ctx.file.location(of: Int(ctx.tree.range(b.node).start)).line
                candidate.bound = Candidate.Bound(cap: b, line: line)
            }
            out.append(candidate)
        }
        return out
    }

    /// What both rules show of a super-linear result: its complexity and degree, the attack, PCRE2's steps,
    /// and whether the input holds no line terminator.
    static func evidence(_ r: ReDoSReport, _ attack: Attack, lineFree: Bool) -> Evidence {
        var evidence: Evidence = [
            "complexity": .string(r.complexity?.rawValue ?? ""),
            "attack": .object(["prefix": .string(attack.prefix), "pump": .string(attack.pumps.joined()),
                               "suffix": .string(attack.suffix)]),
            "confirmed": .bool(r.confirmed),
            "steps": .array(r.steps.map { .object(["pumps": .int($0.pumps), "steps": .int($0.steps)]) }),
        ]
        if let d = r.degree { evidence["degree"] = .int(d) }
        if lineFree { evidence["input"] = .string("no line terminator") }
        if let why = r.unconfirmedReason, !r.confirmed { evidence["unconfirmedReason"] = .string(why) }
        return evidence
    }

    /// Whether a regex is only a rich-text editor's input-rule pattern (`new InputRule(/.../, fn)`, itself or
    /// through a `const` of this file that nothing else uses or exports): the editor applies it to what the
    /// user types, in the browser. An exported one is judged by its importers' uses (HotContexts).
    static func onlyForEditors(_ site: RegexSite, _ ctx: FileContext) -> Bool {
        let tree = ctx.tree
        if EditorInputRules.isPattern(site.node, tree) { return true }
        guard let b = constBinding(of: site, ctx), exportedName(of: site.node, ctx) == nil else { return false }
        return EditorInputRules.onlyPatterns(b, ctx.semantic, tree)
    }

    /// The `const` a regex is the initializer of (`const RE = /.../`), whose references are its uses.
    static func constBinding(of site: RegexSite, _ ctx: FileContext) -> BindingID? {
        let tree = ctx.tree
        guard let d = tree.parent(site.node), case .variableDeclarator(let id, _, _) = tree[d], tree.kind(id) == .identifier,
              let b = ctx.semantic.binding(for: id), ctx.semantic.binding(b).kind == .const else { return nil }
        return b
    }

    /// PCRE2 steps below which an attack at the input's cap is too cheap to matter: about 10 ms of V8 at
    /// the triage ledger's timings, where `/\s+$/` on 'a' + 16,000 spaces + 'a' (~380 million steps)
    /// takes ~230 ms. ua-parser-js's browser regexes on its 500-character user agent stay far below it
    /// (0.02-0.7 ms, audited false); its Naver regex, cubic, does not (~30 ms, audited true). One run
    /// of the attack, stopped at this many steps, decides.
    static let negligibleSteps = 15_000_000

    /// The cap on the strings the file applies a regex to, when every one that is not the program's own
    /// has one (the largest); nil when one is uncapped or the file never applies the regex.
    static func inputBound(_ applied: [NodeID], _ ctx: FileContext) -> InputBound? {
        var best: InputBound?
        for s in applied where !isTrustedString(s, ctx) && !inSchemaWork(s, ctx) {
            guard let b = InputBounds.bound(of: s, in: ctx) else { return nil }
            if best.map({ b.length > $0.length }) ?? true { best = b }
        }
        return best
    }

    /// Whether a regex is an argument of a call or construction, itself or inside an object or array literal
    /// argument (`replace({ regex: /x/, paths })`): handed to other code when the call runs, not stored as a
    /// table (`Posts.mdImageUrlRegex = /.../` in a mixin, a rules object) that later code applies.
    static func isHandedToCall(_ node: NodeID, _ tree: SyntaxTree) -> Bool {
        var child = node
        var steps = 0
        while let p = tree.parent(child), steps < 8 {
            steps += 1
            switch tree[p] {
            case .call(let callee, _, _, _), .new(let callee, _, _):
                return child != callee
            case .objectExpression, .arrayExpression, .property:
                child = p
            default:
                return false
            }
        }
        return false
    }

    /// The function a regex is written in, skipping module-level wrappers that run once on load (a UMD
    /// library's `(function (window) { var regexes = {...} })(this)`): nil for module-level code.
    static func ownFunction(of node: NodeID, _ ctx: FileContext) -> NodeID? {
        var fn = ctx.tree.enclosingFunction(of: node)
        var steps = 0
        while let f = fn, ctx.semantic.isModuleIIFE(f), steps < 16 {
            fn = ctx.tree.enclosingFunction(of: f)
            steps += 1
        }
        return fn
    }

    /// A regex written as a piece of a larger one, never applied itself: its `.source` is taken, or it is the
    /// value of a builder's `.replace(name, /piece/)` (marked's `edit(block).replace('attribute', / +.../)`;
    /// `String.prototype.replace` takes its pattern first, a regex in second place would only be turned into
    /// text; lodash's `_.replace(string, /pattern/, replacement)` has three arguments). The regex it becomes
    /// part of is another site (when it is built from constants).
    static func isFragment(_ node: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let p = tree.parent(node) else { return false }
        switch tree[p] {
        case .member(let object, let property, false, _):
            return object == node && tree.kind(property) == .identifier && tree.name(of: property) == "source"
        case .call(let callee, _, let args, _):
            guard case .member(_, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier,
                  ["replace", "replaceAll"].contains(tree.name(of: property)) else { return false }
            // exactly (name, /piece/): lodash's `_.replace(string, /pattern/, replacement)` takes three
            let list = Array(tree.list(args))
            return list.count == 2 && list[1] == node && [.stringLiteral, .regExpLiteral].contains(tree.kind(list[0]))
        default:
            return false
        }
    }

    static func visible(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case " ": out += " "
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
