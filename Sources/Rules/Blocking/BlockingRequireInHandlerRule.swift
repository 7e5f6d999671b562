// blocking/require-in-handler (page: rules/blocking/require-in-handler.md): `require(...)` called on the
// path of a request handler with a specifier that can differ per call, so a request can load (read and
// compile, synchronously) a module never loaded before. A specifier that is the same on every call loads
// once and is a cache hit afterwards. Quiet under a library's API. The shared search is in
// BlockingRequestPathRule.swift.

import Diagnostics
import ExecutionContext
import ExecutionModel
import Foundation
import JSSemantic
import JSSyntax
import LintEngine

struct BlockingRequireInHandlerRule: BlockingRequestPathRule {
    static let id: RuleID = "blocking/require-in-handler"

    /// A path that serves only administrators does not run at request rate.
    static var quietWhenAdminOnly: Bool { true }

    /// Under a library's API a lazy `require` is a deliberate, once-per-process load (optional
    /// dependencies, import cycles), not a per-request cost of the applications calling it.
    static var quietUnderLibraryAPI: Bool { true }

    static func blocks(_ c: BlockingCall) -> Bool {
        guard !c.isNew, let first = c.args.first else { return false }
        return specifierVaries(first, c.sem)
    }

    static func message(_ api: BlockingAPIEntry, path: String) -> String {
        "\(api.displayName)() loads modules synchronously on the path of \(path)"
    }

    /// Whether the module named can differ from call to call: the specifier reads a parameter or a local
    /// variable (`require(path.join(dir, req.params.theme, 'theme.json'))`). A specifier that is the same on
    /// every call (a literal, a module-level constant, `process.env.X`) loads its module once: every later
    /// call is a cache hit, so the request path does not pay it.
    static func specifierVaries(_ specifier: NodeID, _ sem: FileSemantics) -> Bool {
        let tree = sem.tree
        var stack = [specifier]
        var budget = 512
        while let n = stack.popLast() {
            budget -= 1
            if budget < 0 { return false }
            switch tree[n] {
            case .identifier:
                if let b = sem.binding(for: n), !sem.isModuleLevel(b) { return true }
            case .thisExpression:
                return true
            case .member(let object, let property, let computed, _):
                stack.append(object)
                if computed { stack.append(property) }
            case .call(let callee, _, let args, _):
                // path.join(...), String(x): the arguments decide; a called local function could return anything
                stack.append(callee)
                stack.append(contentsOf: tree.list(args))
            default:
                if tree.kind(n).isFunction { continue }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        return false
    }

    /// Whether the `require` can load a module the request chooses. Quiet when every value the specifier
    /// varies with is one the program reads from its own files (NodeBB's admin plugins page requires
    /// `spdx-license-list/licenses/${packageData.license}`, `packageData` parsed from an installed plugin's
    /// package.json): the modules named are fixed by what is deployed, each loaded once per process. The
    /// values are followed through locals and, for a parameter, into every call of the function in the project
    /// (at most `maxHops` callers up, an array method's callback to the array); a file read counts when its
    /// path is followed so too. An entry point's own parameters, `this`, a local function's result and
    /// anything not followed count as the request's.
    static func blocksInProject(_ site: BlockingSite, unit: Int, entry: RequestEntryPoint, _ ctx: ProjectContext) -> Bool {
        let tree = ctx.units[unit].tree
        guard case .call(_, _, let args, _) = tree[site.call], let first = tree.list(args).first,
              let fn = tree.enclosingFunction(of: site.call) else { return true }
        var reader = SpecifierSources(ctx: ctx)
        return !reader.deployed(first, in: FunctionRef(unit: unit, node: fn), hops: 0)
    }
}

/// The walk behind `BlockingRequireInHandlerRule.blocksInProject`: whether an expression's varying parts all
/// come from files the program reads (their contents are the deployment's, not the request's). Bounded by a
/// node budget and a number of caller hops; anything it cannot follow answers false.
struct SpecifierSources {
    static let maxHops = 6
    let ctx: ProjectContext
    let paths: RequestPaths
    var budget = 400
    var seen: Set<BindingKey> = []

    struct BindingKey: Hashable {
        let unit: Int
        let binding: BindingID
    }

    init(ctx: ProjectContext) {
        self.ctx = ctx
        paths = RequestPaths.of(ctx)
    }

    /// File-reading functions of `fs`, `fs/promises` and `fs-extra`: what they return is a file's contents or a
    /// folder's listing.
    static let fileReads: Set<String> = ["readFile", "readFileSync", "readdir", "readdirSync", "readJson", "readJSON",
                                         "readJsonSync", "readJSONSync"]
    static let fileModules: Set<String> = ["fs", "node:fs", "fs/promises", "node:fs/promises", "fs-extra"]

    mutating func deployed(_ expr: NodeID, in f: FunctionRef, hops: Int) -> Bool {
        budget -= 1
        guard budget > 0 else { return false }
        let sem = ctx.units[f.unit].semantic
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .identifier:
            guard let b = sem.binding(for: e), !sem.isModuleLevel(b) else { return true }
            guard seen.insert(BindingKey(unit: f.unit, binding: b)).inserted else { return true }
            let binding = sem.binding(b)
            if binding.kind == .parameter {
                return passedIn(b, sem, f, hops: hops)
            }
            guard binding.kind.isVariable else { return false }  // a local function or class: its result is not followed
            var values: [NodeID] = []
            if let i = binding.initializer { values.append(i.expression) }
            for w in sem.writes(of: b) {
                guard let v = sem.assignedValue(at: w) else { return false }
                values.append(v)
            }
            guard !values.isEmpty else { return false }
            for v in values where !deployed(v, in: FunctionRef(unit: f.unit, node: tree.enclosingFunction(of: v) ?? f.node), hops: hops) {
                return false
            }
            return true
        case .thisExpression:
            return false
        case .call(let callee, _, let callArgs, _):
            // a file's contents or a folder's listing, read from a path the program names itself
            if let x = sem.resolveExport(callee), Self.fileModules.contains(x.module), let last = x.path.last, Self.fileReads.contains(last) {
                return tree.list(callArgs).first.map { deployed($0, in: f, hops: hops) } ?? false
            }
            if !deployed(callee, in: f, hops: hops) { return false }
            for a in tree.list(callArgs) where !deployed(a, in: f, hops: hops) { return false }
            return true
        case .member(let object, let property, let computed, _):
            if !deployed(object, in: f, hops: hops) { return false }
            return !computed || deployed(property, in: f, hops: hops)
        default:
            // a function's body too (`dirs.map((dir) => path.join(root, dir))`): what it closes over counts
            var ok = true
            tree.forEachChild(of: e) { c in
                if ok, !deployed(c, in: f, hops: hops) { ok = false }
            }
            return ok
        }
    }

    /// Array methods that call their callback with each element first.
    static let elementCallbacks: Set<String> = ["map", "forEach", "filter", "flatMap", "some", "every", "find", "findIndex"]

    /// A parameter of `f`: what every call of `f` in the project passes there (none known, or `f` an entry
    /// point itself, is not followed); for a callback of `xs.map(cb)` (or another array method), its first
    /// parameter is an element of `xs`.
    mutating func passedIn(_ b: BindingID, _ sem: FileSemantics, _ f: FunctionRef, hops: Int) -> Bool {
        let owner = FunctionRef(unit: f.unit, node: sem.binding(b).declaration)
        guard hops < Self.maxHops, !sem.isWritten(b), let k = sem.parameterPosition(of: b, in: owner.node),
              let functions = paths.functions, let node = functions.node(owner),
              paths.edges(to: owner)?.isEmpty != true else { return false }
        let callers = functions.index.callGraph.callers(of: node)
        guard !callers.isEmpty, callers.count <= 16 else { return false }
        for edge in callers {
            guard let caller = functions.ref(edge.caller) else { return false }
            let ctree = ctx.units[caller.unit].tree
            guard case .call(let callee, _, let cargs, _) = ctree[edge.site] else { return false }
            let list = Array(ctree.list(cargs))
            switch edge.kind {
            case .callback:
                guard k == 0, case .member(let receiver, let property, false, _) = ctree[ctree.unwrap(callee)],
                      Self.elementCallbacks.contains(ctree.name(of: property)),
                      list.first.map({ ctree.unwrap($0) == owner.node }) == true,
                      deployed(receiver, in: caller, hops: hops + 1) else { return false }
            case .call:
                guard k < list.count, !list[...k].contains(where: { ctree.kind($0) == .spreadElement }),
                      deployed(list[k], in: caller, hops: hops + 1) else { return false }
            default:
                return false
            }
        }
        return true
    }
}
