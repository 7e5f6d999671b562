// Whether an awaited call waits for anything: the serial-await findings ask it about the calls they would
// run together (`Report.awaited`). A call settles at once when the function it resolves to (through the
// project index, across modules) hands back no pending work: it awaits nothing that waits, and what it
// returns is not a promise (an array, a string, an object literal, `undefined`, a pure builtin's result,
// or another such call). `await privsAdmin.getUserPrivilegeList()` with
// `getUserPrivilegeList = () => Array.from(_privilegeMap.keys())` overlaps nothing; nor does an async
// hook that fires plugins without awaiting them. Anything not known (a call the index cannot resolve, a
// returned variable of unknown value, a member read) may wait.
//
// Bounded: each question looks at most `maxDepth` calls deep, a function being summarised counts as
// waiting for its own recursive calls, and each body walk stops after `maxNodes` nodes ("may wait").

import Foundation
import JSSemantic
import JSSyntax
import LintEngine

public final class AwaitSettlement: @unchecked Sendable {
    static let key = AnalysisKey<AwaitSettlement>("awaitSettlement")
    static let maxDepth = 6
    static let maxNodes = 4_000

    /// The engine's hook (`Linter.awaitOverlap`), without the read-and-emit check (findings that need it
    /// are dropped).
    public static let model: AwaitOverlapModel = model(callSays: nil)

    /// The engine's hook, with what a call's name and arguments say it does (`CallSaysModel`, the
    /// serial-await vocabulary), which the read-and-emit check of `AwaitedCalls.emitOnly` asks.
    public static func model(callSays: CallSaysModel?) -> AwaitOverlapModel {
        { ctx in
            let s = AwaitSettlement.of(ctx)
            s.setCallSays(callSays)
            return { unit, calls in s.overlapping(unit: unit.index, calls) }
        }
    }

    static func of(_ ctx: ProjectContext) -> AwaitSettlement {
        ctx.memo(AwaitSettlement.key) {
            AwaitSettlement(ProjectFunctions.of(ctx), units: ctx.units, jobs: ctx.jobs, methods: { MethodNames.of(ctx) })
        }
    }

    let functions: ProjectFunctions
    let units: [SourceUnit]
    let jobs: Int
    /// The project's methods by name (`AwaitRepeats.swift`), asked for on first use.
    var methodNames: MethodNames?
    /// Gives the project's methods by name: the scan's shared table (`MethodNames.of`), else one built here.
    private let methodsOf: (() -> MethodNames)?
    private let lock = NSLock()
    private var summaries: [ProjectNode: Bool] = [:]
    private var inProgress: Set<ProjectNode> = []
    /// Functions that settle but for `return` of their own parameters, with those parameters' positions.
    private var parameterSummaries: [ProjectNode: [Int]] = [:]
    /// Variables whose values are being checked (`everyValueImmediate`), by file and binding.
    private var assumedImmediate: Set<Int64> = []
    /// Functions whose bound summary is being taken (`ArgumentBindings.swift`).
    var inProgressBound: Set<ProjectNode> = []
    private var boundSummaries: [ProjectNode: [Bindings: Bool]] = [:]
    /// Assignments to a global's property (`WIKI.cache = ...`) by the property's path, built on first use.
    private var globalWrites: [[String]: [ProjectNode]]?
    /// Whether the project's Sequelize instances, and its TypeORM data sources, all use SQLite
    /// (`SerialConnections.swift`).
    var sqliteOnly: (sequelize: Bool, typeorm: Bool)?
    /// Project functions that await only TypeORM queries (`SerialConnections.swift`).
    var typeormQueryFunctions: [ProjectNode: Bool] = [:]
    /// What a call says it does (`EmitOnlyCallees.swift`); nil: no call is shown to read and emit only.
    var callSays: CallSaysModel?
    /// Read-and-emit summaries (`EmitOnlyCallees.swift`), and the functions being summarised.
    var emitSummaries: [EmitKey: EmitSummary] = [:]
    var emitInProgress: Set<EmitKey> = []

    private func setCallSays(_ model: CallSaysModel?) {
        lock.lock()
        defer { lock.unlock() }
        if callSays == nil { callSays = model }
    }

    init(_ functions: ProjectFunctions, units: [SourceUnit], jobs: Int, methods: (() -> MethodNames)? = nil) {
        self.functions = functions
        self.units = units
        self.jobs = jobs
        methodsOf = methods
    }

    /// The project's methods by name, asked for once.
    func projectMethods() -> MethodNames {
        if let methodNames { return methodNames }
        let m = methodsOf?() ?? MethodNames(units, jobs: jobs)
        methodNames = m
        return m
    }

    /// Whether awaiting `expr` (an expression of the unit, usually the awaited call) waits for nothing.
    public func settlesAtOnce(unit: Int, _ expr: NodeID) -> Bool {
        guard unit >= 0, unit < functions.fileOfUnit.count, let file = functions.fileOfUnit[unit] else { return false }
        lock.lock()
        defer { lock.unlock() }
        return immediate(expr, file, depth: Self.maxDepth)
    }

    /// How many of a finding's awaited calls (expressions of the unit, in order) would wait side by side if
    /// started together: those that may wait, less each that repeats the work of an earlier one
    /// (`AwaitRepeats.swift`), with the calls that queue on one connection (`SerialConnections.swift`)
    /// counted once, and not at all when they run per iteration of a loop (each would queue behind its own
    /// next run).
    public func overlapping(unit: Int, _ awaited: AwaitedCalls) -> Int {
        guard unit >= 0, unit < functions.fileOfUnit.count, let file = functions.fileOfUnit[unit] else {
            return awaited.emitOnly.isEmpty ? awaited.calls.count : 0
        }
        lock.lock()
        defer { lock.unlock() }
        // calls taken as reads though their names say they write: each must be shown to read and emit only
        if !awaited.emitOnly.isEmpty, !emitsOnly(awaited.emitOnly, file) { return 0 }
        var waiting: [NodeID] = []
        var queues = Set<String>()
        for call in awaited.calls where !immediate(call, file, depth: Self.maxDepth) {
            if waiting.contains(where: { repeats(call, after: $0, file) }) { continue }
            if let queue = connectionQueue(call, file) {
                if awaited.perIteration || !queues.insert(queue).inserted { continue }
            }
            waiting.append(call)
        }
        return waiting.count
    }

    /// Builtins whose result is never a promise, called on their namespace (`Array.from(...)`).
    private static let pureNamespaces: Set<String> = ["Array", "Object", "JSON", "Math", "Number", "String", "Date"]
    /// Global functions whose result is never a promise.
    private static let pureGlobals: Set<String> = [
        "String", "Number", "Boolean", "parseInt", "parseFloat", "encodeURIComponent", "decodeURIComponent",
        "encodeURI", "decodeURI", "isNaN", "isFinite", "Symbol",
    ]
    /// Methods of arrays and strings whose result is never a promise, on a receiver that is not a promise
    /// library (`Promise.map`, `async.map` and `Bluebird.filter` do return promises).
    private static let pureMethods: Set<String> = [
        "concat", "slice", "join", "split", "indexOf", "lastIndexOf", "includes", "toLowerCase", "toUpperCase",
        "trim", "trimStart", "trimEnd", "toString", "substring", "padStart", "padEnd", "startsWith", "endsWith",
        "filter", "map", "flat", "flatMap", "sort", "reverse", "charAt", "charCodeAt", "repeat", "toFixed",
    ]
    private static let promiseLibraries: Set<String> = ["Promise", "Bluebird", "bluebird", "async", "P", "pMap", "Q"]
    /// WebCrypto methods that compute on keys and short inputs (an HMAC of a cookie value, a key import): their
    /// promise waits for microseconds of CPU work, no I/O. Key generation and derivation (`deriveBits`,
    /// `generateKey`) can take long and are left out.
    private static let webCryptoComputations: Set<String> = ["sign", "verify", "digest", "importKey", "exportKey"]
    /// Services a class receives by dependency injection whose methods only compute: NestJS's `JwtService`
    /// signs and verifies tokens with the configured key (microseconds to a millisecond of CPU, no I/O).
    private static let computingServices: [String: (module: String, methods: Set<String>)] = [
        "JwtService": ("@nestjs/jwt", ["signAsync", "verifyAsync", "sign", "verify", "decode"]),
    ]

    private func immediate(_ expr: NodeID, _ file: FileID, depth: Int) -> Bool {
        guard depth > 0 else { return false }
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral, .templateLiteral, .arrayExpression,
             .objectExpression, .unary, .binary:
            return true
        case .logical(_, let l, let r):
            return immediate(l, file, depth: depth) && immediate(r, file, depth: depth)
        case .await(let argument):
            // `return await crypto.subtle.verify(...)`: waits as long as what it awaits
            return immediate(argument, file, depth: depth)
        case .conditional(_, let a, let b):
            return immediate(a, file, depth: depth) && immediate(b, file, depth: depth)
        case .importExpression:
            // `await import(path)`: a module is loaded once per process, later imports are cache hits (like a
            // lazy `require` of a module already loaded)
            return true
        case .identifier:
            if tree.name(of: e) == "undefined" { return true }
            // a constant bound to a value that is itself immediate (`const list = Array.from(...)`)
            guard let v = sem.valueNode(for: e), v != e else { return everyValueImmediate(e, file, depth: depth) }
            switch tree.kind(v) {
            case .identifier, .member: return false
            default: return !tree.kind(v).isFunction && tree.kind(v) != .classDeclaration && tree.kind(v) != .classExpression
                    && immediate(v, file, depth: depth - 1)
            }
        case .call(let callee, _, let args, _):
            return immediateCall(callee, args, file, depth: depth)
        default:
            return false
        }
    }

    /// Reads of one file's metadata (`fs.stat(path)` of `fs/promises`, `fs.promises` or `fs-extra`): a system
    /// call on the libuv pool that takes microseconds on a local disk, no transfer of the file's contents.
    private static let fileMetadataReads: Set<String> = ["stat", "lstat", "access", "pathExists"]

    static func isFileMetadataRead(_ callee: NodeID, _ sem: FileSemantics) -> Bool {
        guard let x = sem.resolveExport(callee), let name = x.path.last, fileMetadataReads.contains(name) else { return false }
        switch x.module {
        case "fs": return x.path == ["promises", name]
        case "fs/promises", "fs-extra": return x.path == [name]
        default: return false
        }
    }

    /// lodash's functions that copy or reshape the data they are handed and never call back into it: their
    /// result is never a promise (`cloneDeep(app)`, `_.omit(step, ['arguments'])`).
    static let lodashComputations: Set<String> = [
        "clone", "cloneDeep", "omit", "pick", "merge", "assign", "defaults", "defaultsDeep", "mapValues", "mapKeys",
        "keyBy", "groupBy", "uniq", "uniqBy", "sortBy", "orderBy", "flatten", "flattenDeep", "chunk", "compact",
        "difference", "intersection", "union", "without", "zip", "fromPairs", "toPairs", "keys", "values",
        "isEmpty", "isEqual", "camelCase", "kebabCase", "snakeCase", "startCase", "capitalize", "escape",
    ]
    static let lodashModules: Set<String> = ["lodash", "lodash-es", "underscore"]

    /// `cloneDeep` of `lodash/cloneDeep.js`, `lodash.clonedeep`, or `_.cloneDeep` of lodash, lodash-es or underscore.
    static func isLodashComputation(_ callee: NodeID, _ sem: FileSemantics) -> Bool {
        guard let x = sem.resolveExport(callee) else { return false }
        var module = x.module
        if module.hasSuffix(".js") { module.removeLast(3) }
        if lodashModules.contains(module) {
            return x.path.count == 1 && lodashComputations.contains(x.path[0])
                || x.path.count == 2 && x.path[0] == "default" && lodashComputations.contains(x.path[1])
        }
        guard x.path.isEmpty || x.path == ["default"] else { return false }
        let name: Substring
        if module.hasPrefix("lodash/") || module.hasPrefix("lodash-es/") {
            name = module[module.index(after: module.firstIndex(of: "/")!)...]
        } else if module.hasPrefix("lodash.") {
            name = module.dropFirst("lodash.".count)
        } else {
            return false
        }
        return lodashComputations.contains { $0.lowercased() == name.lowercased() }
    }

    /// A variable of the file whose every value is known (its initializer and each plain assignment) and
    /// none a promise: a value that is awaited where it is assigned (`x = await load()`: an awaited value is
    /// never a promise), or one that is immediate itself.
    private func everyValueImmediate(_ e: NodeID, _ file: FileID, depth: Int) -> Bool {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        guard depth > 1, let b = sem.binding(for: e) else { return false }
        // a value computed from the variable itself (`app = addSteps(app)`) is taken as immediate while the
        // variable's values are being checked: if none of the others is a promise, neither is it
        let key = Int64(file.raw) << 32 | Int64(UInt32(bitPattern: b.raw))
        if assumedImmediate.contains(key) { return true }
        guard let values = sem.assignedValues(of: b), !values.isEmpty, values.count <= 16 else { return false }
        assumedImmediate.insert(key)
        defer { assumedImmediate.remove(key) }
        return values.allSatisfy { v in
            let u = tree.unwrap(v)
            return tree.kind(u) == .await || (u != e && immediate(u, file, depth: depth - 1))
        }
    }

    private func immediateCall(_ calleeExpr: NodeID, _ args: NodeList, _ file: FileID, depth: Int) -> Bool {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        let callee = tree.unwrap(calleeExpr)
        let argList = Array(tree.list(args))
        if Self.isFileMetadataRead(callee, sem) { return true }
        if Self.isLodashComputation(callee, sem) { return true }
        if case .member(let object, _, _, _) = tree[callee], let name = sem.memberName(callee) {
            let receiver = tree.unwrap(object)
            let receiverName: String? = tree.kind(receiver) == .identifier ? tree.name(of: receiver) : nil
            if receiverName == "Promise" {
                switch name {
                case "all", "allSettled", "race", "any":
                    // over an array literal of calls that all settle at once
                    guard argList.count == 1, case .arrayExpression(let elements) = tree[tree.unwrap(argList[0])] else { return false }
                    return tree.list(elements).allSatisfy { immediate($0, file, depth: depth - 1) }
                case "resolve":
                    return argList.isEmpty || immediate(argList[0], file, depth: depth - 1)
                default:
                    return false
                }
            }
            if let r = receiverName, Self.pureNamespaces.contains(r), sem.isGlobalReference(receiver) { return true }
            // `crypto.subtle.verify(...)` on the global WebCrypto object (or `require('crypto').webcrypto.subtle`)
            if Self.webCryptoComputations.contains(name), let g = sem.resolveGlobal(receiver), g.path == ["crypto", "subtle"] {
                return true
            }
            if Self.isComputingService(receiver, method: name, sem) { return true }
            if Self.webCryptoComputations.contains(name), let x = sem.resolveExport(receiver),
               x.module == "node:crypto" || x.module == "crypto", x.path == ["webcrypto", "subtle"] || x.path == ["subtle"] {
                return true
            }
            // a receiver that is itself a call must settle at once too (a promise library's `.map` chain)
            if Self.pureMethods.contains(name), !(receiverName.map { Self.promiseLibraries.contains($0) } ?? false),
               tree.kind(receiver) != .call || immediate(receiver, file, depth: depth - 1)
            {
                // `user.concat(group)`, `Array.from(map.keys()).map(...)`: unless the index knows the method
                // as a project function, which is then asked itself
                guard let fn = functions.index.function(of: callee, in: file) else { return true }
                return summary(fn, depth: depth - 1)
            }
        } else if tree.kind(callee) == .identifier, Self.pureGlobals.contains(tree.name(of: callee)),
                  sem.isGlobalReference(callee)
        {
            return true
        }
        // a method the index cannot follow is asked about with the call's constant arguments only, for the
        // one project function of its name (`WIKI.models.locales.getNavLocales({ cache: true })`)
        let resolved = functions.index.function(of: callee, in: file)
        if resolved == nil, everyImplementationSettles(callee, file, depth: depth) { return true }
        guard let fn = resolved ?? calledFunction(callee, file) else { return false }
        if resolved != nil, summary(fn, depth: depth - 1) { return true }
        // a function that hands back one of its parameters (`return app` after filling it in) settles when the
        // arguments the call passes there do
        if resolved != nil, let positions = parameterSummaries[fn], positions.allSatisfy({ i in
            i < argList.count && tree.kind(tree.unwrap(argList[i])) != .spreadElement && immediate(argList[i], file, depth: depth - 1)
        }) { return true }
        // what the function does for this call's constant arguments (an early return for `uid <= 0`); not
        // through `fn.call(thisArg, ...)` / `apply` / `bind`, whose arguments do not line up with the parameters
        if let name = sem.memberName(callee), ["call", "apply", "bind"].contains(name) { return false }
        if resolved == nil, !argList.contains(where: { constant($0, sem) != nil || literalFields($0, sem) != nil }) { return false }
        let bound = bindings(of: fn, args: argList, file: file)
        guard !bound.isEmpty else { return false }
        if let known = boundSummaries[fn]?[bound] { return known }
        let settles = boundSummary(fn, bound, depth: depth - 1)
        if settles || depth - 1 >= Self.maxDepth - 1 { boundSummaries[fn, default: [:]][bound] = settles }
        return settles
    }

    /// Most implementations of one interface method that a call on an injected collaborator
    /// (`this.adapter.getFileLocation(config, filename)`) may run: the methods the project defines under that
    /// name (2 to `maxImplementations`: an interface's stub and the adapters it ships).
    static let maxImplementations = 4

    /// Whether a call of a method on a field of `this` (a collaborator the class is handed, such as a
    /// pluggable adapter) that the index cannot follow settles at once under every implementation the project
    /// defines: each settles, and one returns a value (not only an interface's empty stub). parse-server's
    /// `FilesAdapter.getFileLocation` stub and its GridFS adapter, which joins a URL.
    private func everyImplementationSettles(_ callee: NodeID, _ file: FileID, depth: Int) -> Bool {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        guard case .member(let object, let property, false, _) = tree[tree.unwrap(callee)], tree.kind(property) == .identifier,
              case .member(let owner, _, false, _) = tree[tree.unwrap(object)], tree.kind(tree.unwrap(owner)) == .thisExpression
        else { return false }
        let defs = projectMethods().named(tree.name(of: property))
        guard defs.count >= 2, defs.count <= Self.maxImplementations else { return false }
        var returnsValue = false
        for d in defs {
            guard let fn = functions.node(d), summary(fn, depth: depth - 1) else { return false }
            if !returnsValue { returnsValue = Self.returnsAValue(fn, functions.index.semantics(fn.file).tree) }
        }
        return returnsValue
    }

    /// Whether a function has an expression body or a `return` with a value of its own.
    private static func returnsAValue(_ fn: ProjectNode, _ tree: SyntaxTree) -> Bool {
        guard let (_, body, flags) = tree.functionParts(fn.node), let body else { return false }
        if flags.contains(.expressionBody) { return true }
        var stack = [body]
        var budget = maxNodes
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .returnStatement(_?) = tree[n] { return true }
            if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// `immediate` for the bound walk of `ArgumentBindings.swift`.
    func immediateValue(_ expr: NodeID, _ file: FileID, depth: Int) -> Bool {
        immediate(expr, file, depth: depth)
    }

    /// Every plain assignment to a property of a global (`WIKI.cache = require('./cache').init()`) in the
    /// project, by the property's path; the right sides are returned. Each file's assignments are found on
    /// the scan's threads (they read the project only), then added in file order.
    func globalPropertyWrites() -> [[String]: [ProjectNode]] {
        if let known = globalWrites { return known }
        let index = functions.index
        let perFile = ParallelMap.map(count: index.files.count, jobs: jobs) { f -> [([String], ProjectNode)] in
            let file = FileID(Int32(f))
            let sem = index.semantics(file)
            let tree = sem.tree
            var found: [([String], ProjectNode)] = []
            for i in 0..<tree.count {
                let n = NodeID(Int32(i))
                guard tree.kind(n) == .assignment, case .assignment(.assign, let left, let right) = tree[n],
                      tree.kind(tree.unwrap(left)) == .member, let g = sem.resolveGlobal(tree.unwrap(left)), g.path.count >= 2
                else { continue }
                found.append((g.path, ProjectNode(file: file, node: right)))
            }
            return found
        }
        var out: [[String]: [ProjectNode]] = [:]
        for found in perFile {
            for (path, node) in found { out[path, default: []].append(node) }
        }
        globalWrites = out
        return out
    }

    /// `this.jwtService.signAsync(...)` where the class's constructor declares `private jwtService: JwtService`
    /// with `JwtService` imported from `@nestjs/jwt` (a service of `computingServices`, called for one of its
    /// computing methods).
    static func isComputingService(_ receiver: NodeID, method: String, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        guard case .member(let object, let property, false, _) = tree[receiver], tree.kind(tree.unwrap(object)) == .thisExpression,
              tree.kind(property) == .identifier, let cls = tree.enclosingClass(of: receiver),
              case .classDeclaration(_, _, _, _, _, _, let body, _) = tree[cls], case .classBody(let members) = tree[body]
        else { return false }
        let field = tree.name(of: property)
        for m in tree.list(members).prefix(500) {
            guard case .methodDefinition(_, _, let value, .constructor, _) = tree[m], let params = tree.functionParts(value)?.params else {
                continue
            }
            for p in params {
                var t = p
                if case .decoratedParameter(_, let inner) = tree[t] { t = inner }
                guard case .tsParameterProperty(_, let parameter, _) = tree[t], case .identifier(let annotation?, _) = tree[parameter],
                      tree.name(of: parameter) == field, case .tsTypeAnnotation(let type) = tree[annotation],
                      case .tsTypeReference(let typeName, _) = tree[type], tree.kind(typeName) == .identifier,
                      let service = computingServices[tree.name(of: typeName)], service.methods.contains(method),
                      let x = sem.resolveExport(typeName) else { continue }
                return x.module == service.module && x.path == [tree.name(of: typeName)]
            }
        }
        return false
    }

    /// `return cache` or a copy of it (`_.cloneDeep(cache)`, `structuredClone(cache)`), `cache` being the
    /// state an early-return guard tests.
    static func returnsState(_ arg: NodeID, _ state: NodeID, _ tree: SyntaxTree) -> Bool {
        let a = tree.unwrap(arg)
        let text = tree.text(state)
        if tree.text(a) == text { return true }
        guard case .call(let callee, _, let args, _) = tree[a], let first = tree.list(args).first,
              tree.text(tree.unwrap(first)) == text else { return false }
        let c = tree.unwrap(callee)
        switch tree[c] {
        case .identifier:
            return tree.name(of: c) == "structuredClone"
        case .member(let object, let property, false, _):
            let o = tree.unwrap(object)
            return tree.kind(o) == .identifier && (tree.nameIs(o, "_") || tree.nameIs(o, "lodash"))
                && tree.name(of: property).hasPrefix("clone")
        default:
            return false
        }
    }

    /// Whether calling the function hands back nothing that waits (memoised; recursion waits). A function that
    /// would settle but for `return` of its own parameters is recorded in `parameterSummaries` (those
    /// parameters' positions): a call of it settles when its arguments there do.
    private func summary(_ fn: ProjectNode, depth: Int) -> Bool {
        if let known = summaries[fn] { return known }
        guard depth > 0, !inProgress.contains(fn) else { return false }
        let sem = functions.index.semantics(fn.file)
        let tree = sem.tree
        guard let info = sem.function(fn.node), let body = info.body, !info.isGenerator else {
            summaries[fn] = false
            return false
        }
        inProgress.insert(fn)
        defer { inProgress.remove(fn) }
        var settles = true
        var returnedParameters = Set<Int>()
        if tree.kind(body) != .blockStatement {
            settles = immediate(body, fn.file, depth: depth)
        } else {
            var stack = [body]
            var budget = Self.maxNodes
            while settles, let n = stack.popLast() {
                budget -= 1
                if budget <= 0 { settles = false; break }
                switch tree[n] {
                // (and then into their parts: `return { children: await build() }` waits inside a literal)
                // what runs only on the first call (after `if (cache) return cache`, or while the cache is
                // unset) does not wait on the calls after it; the guard's return hands back what it stored
                case .await(let arg):
                    if !OnceGuards.isOnce(n, sem), !immediate(arg, fn.file, depth: depth) { settles = false }
                case .returnStatement(let arg?):
                    if OnceGuards.isOnce(n, sem) { break }
                    if let state = OnceGuards.guardedState(of: n, function: fn.node, sem), Self.returnsState(arg, state, tree) { break }
                    if let i = sem.parameterPosition(ofIdentifier: tree.unwrap(arg), in: fn.node) {
                        returnedParameters.insert(i)
                        break
                    }
                    if Self.returnsMemoEntry(arg, in: body, tree) { break }
                    if !immediate(arg, fn.file, depth: depth) { settles = false }
                case .yield:
                    settles = false
                case .forOfStatement(_, _, _, let isAwait) where isAwait:
                    settles = false
                default:
                    break
                }
                if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        // Kept when it settles, or when asked straight from an awaited call (the full depth): a "may wait"
        // found with less depth left may only be the limit, and asked again from nearer it may be known.
        if settles, !returnedParameters.isEmpty { parameterSummaries[fn] = returnedParameters.sorted() }
        let unconditional = settles && returnedParameters.isEmpty
        if unconditional || depth >= Self.maxDepth - 1 { summaries[fn] = unconditional }
        return unconditional
    }

    /// `new X(...)` of anything but a promise: an object, never a pending promise.
    static func isPlainNew(_ e: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .new(let callee, _, _) = tree[e] else { return false }
        let c = tree.unwrap(callee)
        return !(tree.kind(c) == .identifier && tree.nameIs(c, "Promise"))
    }

    /// `return cache[key]` (or `return Manager.instance`, `return instance`) where the function stores there
    /// only what it awaited (`cache[key] = (await import(path)).default`), a literal or a new object
    /// (`if (!Manager.instance) { Manager.instance = new Manager(); await Manager.instance.initialize() }`):
    /// an entry computed once (per key), never a promise. Another assignment of it anywhere in the body
    /// (`cache[key] = load(key)`, a pending promise) does not count.
    static func returnsMemoEntry(_ arg: NodeID, in body: NodeID, _ tree: SyntaxTree) -> Bool {
        let a = tree.unwrap(arg)
        switch tree.kind(a) {
        case .member, .identifier: break
        default: return false
        }
        let text = tree.text(a)
        var stores = 0
        var stack = [body]
        var budget = maxNodes
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .assignment(let op, let left, let right) = tree[n], tree.text(tree.unwrap(left)) == text {
                var v = tree.unwrap(right)
                if case .member(let object, _, _, _) = tree[v] { v = tree.unwrap(object) }
                guard op == .assign, [.await, .stringLiteral, .numericLiteral, .booleanLiteral, .nullLiteral].contains(tree.kind(v))
                        || isPlainNew(v, tree) else {
                    return false
                }
                stores += 1
            }
            if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return budget > 0 && stores > 0
    }
}
