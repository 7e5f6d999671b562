// listener-leak/emitter, outside request paths: listeners a library function adds on every call to an
// emitter that outlives the call. Shapes, each decided from the file alone:
// - a borrowed connection: the emitter is a parameter named like a connection or client (`connection`,
//   `con`, `client`, `dbConnection`), or a `this.` field of that name set from a parameter; a pool or the
//   caller hands the same connection to many calls, so each call leaves one more listener on it (`once`
//   counts only for 'error'); the function is a class or prototype method, or a constructor of a
//   per-operation object such as a query, command or cursor; an 'end'/'close' listener in a call that
//   ends the connection is quiet;
// - `process` in a method that runs once per call (a class or prototype method of a class that is not a
//   module-level singleton, not a setup method such as `start` or `listen`);
// - the object itself (`this`, `self`, an emitter field it made) in a method that waits for its reply in a
//   `new Promise` executor with `on`: the listener stays on the object after the promise settles;
// - a keep-alive socket (`ctx.socket`, `req.socket`) in a function that takes a request: a framework's
//   own request handler, which no application route reaches in the request paths;
// - a retry: a listener on the function's own object (`this`, `_this`) while a listener it adds for an
//   ending event ('end', 'close', ...) runs the function again without removing it first;
// - the caller's AbortSignal (a parameter, `opts.signal`, `const { signal } = opts`, the signal of a
//   `new Request(input, init)` the call makes from its arguments): an 'abort' listener
//   added on every call (directly or through `addListener(signal, fn)` / `addAbortListener(signal, fn)`
//   helpers) and never removed stays on a signal that may serve many calls;
// - a listener "removed" with a new function (an inline function or a `.bind` copy), which removes
//   nothing, so the listener added with a new function on every call stays;
// - an owner's emitter: an object whose class has a teardown method (`disconnect`, `destroy`, ...) adds an
//   inline listener to an emitter of the object it was handed (`this.manager.client`) and never removes
//   anything from it: every instance leaves one there after its teardown. This one counts on request paths
//   too, where the request-path pass does not take an owner's field for long-lived.
// The function that runs per call is the nearest enclosing function that is not a callback argument
// (promise executors and `.then` continuations run on its behalf). Functions the file hands over as
// callbacks (`server.on('connection', onConnection)`) get a new object per call and are skipped.

import Diagnostics
import ExecutionContext
import ExecutionModel
import JSSemantic
import JSSyntax
import LintEngine

extension ListenerLeakEmitterRule {
    /// Names of emitters a caller hands over and reuses across calls (lowercased).
    static let borrowedNames: Set<String> = ["connection", "conn", "con", "client", "dbconnection", "databaseconnection", "dbclient"]
    /// Functions apps call once at startup or once per object (`listen`, `init`, `_setClient`, `_attachListeners`):
    /// a listener they add is added once.
    static let setupPrefixes = ["start", "listen", "init", "setup", "bootstrap", "install", "register", "configure", "enable", "boot",
                                "serve", "main", "set", "bind", "attach"]
    /// Objects made once per operation (a query, a command): their constructor runs once per call.
    static let perOperationSuffixes = ["query", "command", "request", "cursor", "statement", "transaction", "operation", "job", "task"]

    /// Whether a function's name says it runs once to set something up (`start`, `_setClient`, `bindListeners`).
    static func isSetupName(_ name: String) -> Bool {
        let last = (name.split(separator: ".").last.map(String.init) ?? name).drop { $0 == "_" || $0 == "$" }.lowercased()
        return setupPrefixes.contains { last.hasPrefix($0) }
    }

    /// What the per-call shapes need to know of the whole file, collected in one pass.
    struct UnitFacts {
        static let ending: Set<String> = ["close", "end", "destroy", "terminate", "quit"]
        /// `this.<name> = <a parameter>` somewhere in the file.
        var fieldsFromParameter: Set<String> = []
        /// `this.<name> = new ...` somewhere in the file.
        var fieldsMadeWithNew: Set<String> = []
        /// Every value the file assigns to `this.<name>`, by name.
        var fieldValues: [String: [NodeID]] = [:]
        /// Calls that end their receiver (`connection.close()`), with the receiver's text.
        var endingCalls: [(receiver: String, node: NodeID)] = []
    }

    /// What a method name is to the per-call shapes (`perCallMethodRoles`), as bits.
    enum PerCallMethodRole {
        /// Ends its receiver (`UnitFacts.ending`).
        static let ending: UInt8 = 1
        /// `addListener` / `addAbortListener` helpers that may take a signal first.
        static let signalHelper: UInt8 = 2
        /// Adds a listener (`adding`).
        static let adding: UInt8 = 4
        /// `removeListener` / `removeAbortListener` / `removeSignal` helpers that may take a signal first.
        static let removalHelper: UInt8 = 8
        /// Removes a listener (`removing`, or `removeAllListeners`).
        static let removing: UInt8 = 16
    }

    /// The roles of the method names the per-call pass reads, from the sets it used to ask one by one.
    static let perCallMethodRoles: [String: UInt8] = {
        var roles: [String: UInt8] = [:]
        for m in UnitFacts.ending { roles[m, default: 0] |= PerCallMethodRole.ending }
        for m in ["addListener", "addAbortListener"] { roles[m, default: 0] |= PerCallMethodRole.signalHelper }
        for m in ListenerLeakEmitterRule.adding { roles[m, default: 0] |= PerCallMethodRole.adding }
        for m in ["removeListener", "removeAbortListener", "removeSignal"] { roles[m, default: 0] |= PerCallMethodRole.removalHelper }
        for m in ListenerLeakEmitterRule.removing.union(["removeAllListeners"]) { roles[m, default: 0] |= PerCallMethodRole.removing }
        return roles
    }()

    struct PerCallAdd {
        let call: NodeID
        let method: String
        let receiver: NodeID
        let args: [NodeID]
        /// A helper call that adds an 'abort' listener to its first argument (`util.addListener(signal, fn)`).
        let helper: Bool
    }

    /// Whether the request-path pass decides an add: it runs under a request, message or job entry point. Under a
    /// library's API (`libraryAPI: true`) the per-call shapes below decide, as they do without the option.
    static func onRequestPath(_ call: NodeID, _ unit: SourceUnit, _ paths: LeakRequestPaths) -> Bool {
        guard let entry = paths.entry(of: call, in: unit) else { return false }
        return !entry.isLibraryAPI
    }

    /// The per-call shapes in one unit; adds on a request path were decided by the request-path pass.
    func checkPerCall(_ ctx: ProjectContext, _ unit: SourceUnit, _ scopes: LeakScopes, paths: LeakRequestPaths) {
        guard unit.role == .source else { return }
        let tree = unit.tree
        var adds: [PerCallAdd] = []
        var removals: [(receiver: String, event: String?, listener: NodeID?, node: NodeID)] = []
        var handedOver: Set<String> = []
        var facts = UnitFacts()
        // helper calls that add an 'abort' listener to a signal: `util.addListener(signal, fn)`, `addAbortListener(signal, fn)`
        var signalAdds: [PerCallAdd] = []
        var removalHelpers: Set<String> = []
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            // kinds first: decoding every node of the file costs more than reading its kind
            let kind = tree.kind(id)
            guard kind == .assignment || kind == .call else { continue }
            if kind == .assignment, case .assignment(.assign, let left, let right) = tree[id],
               case .member(let o, let p, false, _) = tree[left], tree.kind(tree.unwrap(o)) == .thisExpression {
                let v = tree.unwrap(right)
                facts.fieldValues[tree.name(of: p), default: []].append(v)
                if case .new = tree[v] { facts.fieldsMadeWithNew.insert(tree.name(of: p)) }
                if tree.kind(v) == .identifier, let b = scopes.semantic.binding(for: v), scopes.semantic.binding(b).kind == .parameter {
                    facts.fieldsFromParameter.insert(tree.name(of: p))
                }
                continue
            }
            guard case .call(let callee, _, let argList, _) = tree[id] else { continue }
            let c = tree.unwrap(callee)
            let calleeKind = tree.kind(c)
            // what the method's name is to the shapes, in one look-up (no name: a computed or plain callee)
            var method = ""
            var role: UInt8 = 0
            var receiver = c
            if calleeKind == .member, case .member(let o, let p, false, _) = tree[c] {
                method = tree.name(of: p)
                role = ListenerLeakEmitterRule.perCallMethodRoles[method] ?? 0
                receiver = o
                if role & PerCallMethodRole.ending != 0 { facts.endingCalls.append((scopes.normalizedText(o), id)) }
            }
            // a named callee that plays no part and a plain call of anything but addAbortListener: only the
            // names handed over (read below, when the file adds a listener)
            if role == 0, !(calleeKind == .identifier && tree.nameIs(c, "addAbortListener")) { continue }
            let args = Array(tree.list(argList))
            if calleeKind == .identifier, tree.nameIs(c, "addAbortListener"), args.count == 2,
               isSignalText(scopes.normalizedText(args[0])) {
                signalAdds.append(PerCallAdd(call: id, method: "addAbortListener", receiver: args[0], args: [args[0], args[1]], helper: true))
                continue
            }
            guard !method.isEmpty else { continue }
            if role & PerCallMethodRole.signalHelper != 0, args.count == 2, isSignalText(scopes.normalizedText(args[0])),
               !isSignalText(scopes.normalizedText(receiver)) {
                signalAdds.append(PerCallAdd(call: id, method: method, receiver: args[0], args: [args[0], args[1]], helper: true))
                continue
            }
            if role & PerCallMethodRole.adding != 0, args.count >= 2 {
                adds.append(PerCallAdd(call: id, method: method, receiver: receiver, args: args, helper: false))
            } else if role & PerCallMethodRole.removalHelper != 0, args.count == 2,
                      isSignalText(scopes.normalizedText(args[0])) {
                removalHelpers.insert(scopes.normalizedText(args[1]))
            } else if role & PerCallMethodRole.removing != 0 {
                let event = args.first.flatMap { tree.kind($0) == .stringLiteral ? tree.stringValue(of: $0) : nil }
                removals.append((scopes.normalizedText(receiver), event, method == "removeAllListeners" ? nil : args.dropFirst().first, id))
            }
        }
        guard !adds.isEmpty || !signalAdds.isEmpty else { return }
        // names the file hands to a call as a callback (every call's arguments), read only for a file that adds
        if !adds.isEmpty {
            for n in 0..<tree.count {
                let id = NodeID(Int32(n))
                guard tree.kind(id) == .call, case .call(_, _, let argList, _) = tree[id] else { continue }
                for a in tree.list(argList) { if let name = handedOverName(a, tree) { handedOver.insert(name) } }
            }
        }
        for add in signalAdds {
            if paths.reachedUnits.contains(unit.index), ListenerLeakEmitterRule.onRequestPath(add.call, unit, paths) { continue }
            if OnceGuards.notPerCall(add.call, in: unit) { continue }
            guard let owner = perCallOwner(of: add.call, tree), !scopes.semantic.isModuleIIFE(owner),
                  !(ownerName(owner, tree).map(ListenerLeakEmitterRule.isSetupName) ?? false),
                  callerSignal(add.receiver, owner, tree, scopes) else { continue }
            if let parent = tree.parent(add.call), tree.kind(parent) == .variableDeclarator || tree.kind(parent) == .assignment { continue }
            let listenerText = scopes.normalizedText(add.args[1])
            let fresh = isFreshFunction(tree.unwrap(add.args[1]), tree)
            if !fresh, removals.contains(where: { r in r.listener.map { scopes.normalizedText($0) == listenerText } ?? false }) { continue }
            if !fresh, removalHelpers.contains(listenerText) { continue }
            ctx.report(unit, add.call, perCallReport(unit, scopes, add, event: "abort", owner: owner, ownerName: ownerName(owner, tree),
                                                      shape: "the signal is the caller's, which may serve many calls and keeps every listener until it aborts",
                                                      inline: fresh))
        }
        // the file's shallow copies, collected when an add first asks
        var shallowCopies: ShallowCopies?
        func copies() -> ShallowCopies {
            if let c = shallowCopies { return c }
            let c = ShallowCopies(tree, scopes, rule: self)
            shallowCopies = c
            return c
        }
        for add in adds {
            // on a request path the request-path pass decides, except for an owner's emitter, which it does not model
            let hot = paths.reachedUnits.contains(unit.index) && ListenerLeakEmitterRule.onRequestPath(add.call, unit, paths)
            if hot, scopes.longLivedEmitter(add.receiver) != nil { continue }
            if hot, ownersEmitterField(add.receiver, tree, facts) == nil {
                // the request-path pass does not model a client the object may share, nor a stream's own flow
                // events; the rest was decided there
                if let report = hotPerCallShape(add, unit, scopes, facts, removals: removals, copies: copies) { ctx.report(unit, add.call, report) }
                continue
            }
            if OnceGuards.notPerCall(add.call, in: unit) { continue }
            guard let owner = perCallOwner(of: add.call, tree), !scopes.semantic.isModuleIIFE(owner) else { continue }
            let name = ownerName(owner, tree)
            if let name, handedOver.contains(name.split(separator: ".").last.map(String.init) ?? name) { continue }
            let event = tree.kind(add.args[0]) == .stringLiteral ? tree.stringValue(of: add.args[0]) : nil
            let pooledSocket = pooledSocketOfRequest(add.receiver, tree, scopes)
                && !(ListenerLeakEmitterRule.connectingEvents.contains(event ?? "") && guardedByConnecting(add.call, add.receiver, tree, scopes))
            // `once` for one of two replies on the same emitter (`con.once('noData', a); con.once('rowDescription', b)`):
            // when the other comes instead, this one stays
            let alternativeAdd = alternativeReply(to: add, event: event, owner: owner, among: adds, tree, scopes)
            let alternative = alternativeAdd.map { tree.stringValue(of: $0.args[0]) }
            // then only a removal by the other reply's listener takes this one off when that reply comes (one in
            // an error handler does not)
            let otherListener = alternativeAdd.flatMap { listenerFunction($0.args[1], owner, tree, scopes) }
            // the function runs again from one of its own callbacks (a retry) and leaves this listener on its object
            let retry = retryLeavingListener(add, event: event, owner: owner, removals: removals, tree, scopes)
            // a stream that waits for its reader on itself each time a chunk finds its buffer full
            let backpressure = backpressureWait(add, event: event, owner: owner, tree, scopes)
            if add.method.lowercased().contains("once"), !ListenerLeakEmitterRule.rareEvents.contains(event ?? ""),
               !(pooledSocket && ListenerLeakEmitterRule.connectingEvents.contains(event ?? "")), alternative == nil, retry == nil,
               backpressure == nil { continue }
            if add.args.count > 2, hasSignal(add.args[2], tree) { continue }
            if let parent = tree.parent(add.call), tree.kind(parent) == .variableDeclarator { continue }
            if guardedByListenerCheck(add.call, owner, tree) { continue }
            if let hook = backpressure {
                ctx.report(unit, add.call, perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name,
                                                          shape: backpressureShape(hook, event),
                                                          inline: isFreshFunction(tree.unwrap(add.args[1]), tree)))
                continue
            }
            if let retry {
                let again = unit.file.location(of: Int(tree.range(retry).start)).line
                ctx.report(unit, add.call, perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name,
                                                          shape: "a listener the call adds for an ending event runs it again (line \(again)) without removing this one first, so every attempt that ends that way leaves one more on an object that outlives the attempts",
                                                          inline: isFreshFunction(tree.unwrap(add.args[1]), tree)))
                continue
            }
            let receiverText = scopes.normalizedText(add.receiver)
            let listener = tree.unwrap(add.args[1])
            let listenerText = scopes.normalizedText(listener)
            let fresh = isFreshFunction(listener, tree)
            // an owner's emitter: an object that ends adds a listener to what the object that made it holds
            var ownerShape: String? {
                guard fresh, !add.method.lowercased().contains("once") || ListenerLeakEmitterRule.rareEvents.contains(event ?? ""),
                      let field = ownersEmitterField(add.receiver, tree, facts),
                      let teardown = teardownOfInstance(owner, tree, scopes),
                      !removals.contains(where: { $0.receiver == receiverText && sameClass($0.node, owner, tree) }),
                      !facts.endingCalls.contains(where: { $0.receiver == receiverText && sameClass($0.node, owner, tree) })
                else { return nil }
                return "\(receiverText) belongs to the object that made this one (this.\(field) is handed in) and outlives it; \(teardown)() ends this object but nothing removes the listener, so every instance leaves one on it"
            }
            // a client the object was handed and may share: its teardown ends the client only when the object made it
            var sharedShape: String? {
                leftSharedClient(add, event: event, owner: owner, fresh: fresh, removals: removals, tree, scopes, facts)
            }
            if hot {
                if let shape = ownerShape {
                    ctx.report(unit, add.call, perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name, shape: shape, inline: fresh))
                }
                continue
            }
            // a removal of the same function: same listener text (a named function or field) and event
            let removed = removals.contains { r in
                if let other = otherListener, !scopes.contains(other, r.listener ?? r.node) { return false }
                if r.listener == nil { return r.receiver == receiverText && (r.event == nil || r.event == event) }
                guard !fresh, let l = r.listener else { return false }
                return scopes.normalizedText(l) == listenerText && (r.event == nil || event == nil || r.event == event)
            }
            if removed {
                // removed only by the listener itself, while a timer settles the call without removing it
                let matching = removals.filter { r in
                    guard let l = r.listener else { return r.receiver == receiverText }
                    return scopes.normalizedText(l) == listenerText && (r.event == nil || event == nil || r.event == event)
                }
                guard !fresh, !add.method.lowercased().contains("once"), matching.allSatisfy({ $0.listener != nil }),
                      isOwnEmitter(add.receiver, tree, scopes, facts) || borrowedEmitter(add.receiver, owner, tree, scopes, facts) != nil,
                      timeoutLeavesListener(add.call, listener: listener, removals: matching.compactMap(\.listener), owner, tree, scopes)
                else { continue }
                ctx.report(unit, add.call, perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name,
                                                          shape: "the timer that ends the wait settles the call and leaves it there; only the listener itself removes it, when its reply comes",
                                                          inline: false))
                continue
            }
            let isProcess = scopes.isGlobal(tree.unwrap(add.receiver), "process")
            // "removed" on the same emitter and event, but with a new function that was never added
            let removesCopy = fresh && removals.contains { r in
                guard let l = r.listener, r.receiver == receiverText, r.event == event else { return false }
                return isFreshFunction(tree.unwrap(l), tree)
            }
            // removed on the same emitter and event inside the call, but with another named function that was
            // never added for that event (undici's `socket.on('close', onFinished)` beside
            // `socket.removeListener('close', onClose)`): the removal meant this listener and misses it
            let removesOther = fresh ? nil : otherRemoved(add, event: event, receiverText: receiverText, owner: owner,
                                                          removals: removals, adds: adds, tree, scopes)
            let shape: String
            if removesCopy {
                shape = "its removal passes a new function, which removes nothing"
            } else if let other = removesOther {
                shape = "the call's removal for '\(event ?? "")' passes \(other), which was never added for it, so this listener stays"
            } else if isProcess {
                guard isPerCallMethod(owner, tree, scopes), let name, !ListenerLeakEmitterRule.isSetupName(name),
                      !calledOnlyInSetup(name, tree), !ExecutionGuards.endsProcess(owner, besides: listener, in: tree) else { continue }
                shape = "the method runs once per call and process lives as long as the program"
            } else if event == "abort", !(name.map(ListenerLeakEmitterRule.isSetupName) ?? false), callerSignal(add.receiver, owner, tree, scopes) {
                shape = "the signal is the caller's, which may serve many calls and keeps every listener until it aborts"
            } else if keepAliveSocket(add.receiver, scopes) != nil, handlesRequest(owner, tree) {
                shape = "the function handles a request, and keep-alive reuses the connection's socket for many requests"
            } else if pooledSocket {
                shape = "the socket comes from a request's '\(pooledSocketEvent(add.receiver, tree, scopes) ?? "socket")' event, and a keep-alive agent hands the same socket to many requests"
                    + (ListenerLeakEmitterRule.connectingEvents.contains(event ?? "") ? " (a reused socket never emits '\(event ?? "")' again)" : "")
            } else if let owned = ownerShape {
                // before the set-up names: a set-up method runs once per instance, and this instance ends
                shape = owned
            } else if let shared = sharedShape {
                shape = shared
            } else if let copied = shallowCopyShape(add, owner: owner, hot: false, copies: copies(), unit, scopes) {
                // before the set-up names: the function that wires the copy may be one, the copy is made per call
                ctx.report(unit, add.call, shallowCopyReport(unit, scopes, add, event: event, shape: copied, inline: fresh))
                continue
            } else if let name, ListenerLeakEmitterRule.isSetupName(name) {
                continue
            } else if !add.method.lowercased().contains("once"), isOwnEmitter(add.receiver, tree, scopes, facts),
                      isPerCallMethod(owner, tree, scopes), awaitsReply(add.call, owner, tree) {
                shape = "each call waits for its reply with a listener that stays on the object after the promise settles"
            } else if !add.method.lowercased().contains("once") || event == "error" || alternative != nil,
                      isConstructor(owner, tree) ? ListenerLeakEmitterRule.perOperationSuffixes.contains(where: { constructedName(owner, tree)?.lowercased().hasSuffix($0) ?? false })
                          : isPerCallMethod(owner, tree, scopes),
                      !endsReceiver(event, receiverText, owner, tree, facts),
                      let borrowed = borrowedEmitter(add.receiver, owner, tree, scopes, facts) {
                shape = "\(borrowed) is handed in by the caller, which reuses it across calls (a pooled or shared connection)"
                    + (alternative.map { " and this once listener stays on it whenever '\($0)' comes instead" } ?? "")
            } else {
                continue
            }
            // in a chain (`socket.on('drain', f).on('close', g)`) the add is reported at its own `.on`, not where the chain starts
            var site = add.call
            if removesOther != nil, case .call(let callee, _, _, _) = tree[add.call], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
               chainRoot(object, tree) != tree.unwrap(object) {
                site = property
            }
            ctx.report(unit, site, perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name, shape: shape, inline: fresh))
        }
    }

    /// On a request path, the per-call shapes the request-path pass does not model: a client the object was
    /// handed and may share, and a stream waiting for its reader on itself per chunk.
    func hotPerCallShape(_ add: PerCallAdd, _ unit: SourceUnit, _ scopes: LeakScopes, _ facts: UnitFacts,
                         removals: [(receiver: String, event: String?, listener: NodeID?, node: NodeID)],
                         copies: () -> ShallowCopies) -> Report? {
        let tree = unit.tree
        if OnceGuards.notPerCall(add.call, in: unit) { return nil }
        if let parent = tree.parent(add.call), tree.kind(parent) == .variableDeclarator { return nil }
        if add.args.count > 2, hasSignal(add.args[2], tree) { return nil }
        let event = tree.kind(add.args[0]) == .stringLiteral ? tree.stringValue(of: add.args[0]) : nil
        let fresh = isFreshFunction(tree.unwrap(add.args[1]), tree)
        // a shallow copy of an object that outlives the request (the request-path pass sees a local), also in a
        // handler the file hands to the framework (`app.get('/', (req, res) => ...)`), which has no per-call owner
        func copied(_ owner: NodeID) -> Report? {
            guard !add.method.lowercased().contains("once") || ListenerLeakEmitterRule.rareEvents.contains(event ?? ""),
                  !removals.contains(where: { r in
                      r.receiver == scopes.normalizedText(add.receiver)
                          && (r.listener == nil || (!fresh && scopes.normalizedText(r.listener!) == scopes.normalizedText(add.args[1])))
                  }),
                  let copied = shallowCopyShape(add, owner: owner, hot: true, copies: copies(), unit, scopes) else { return nil }
            return shallowCopyReport(unit, scopes, add, event: event, shape: copied, inline: fresh)
        }
        guard let owner = perCallOwner(of: add.call, tree), !scopes.semantic.isModuleIIFE(owner) else {
            guard let handler = tree.enclosingFunction(of: add.call), !guardedByListenerCheck(add.call, handler, tree) else { return nil }
            return copied(handler)
        }
        if guardedByListenerCheck(add.call, owner, tree) { return nil }
        let name = ownerName(owner, tree)
        if let hook = backpressureWait(add, event: event, owner: owner, tree, scopes) {
            return perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name,
                                 shape: backpressureShape(hook, event), inline: fresh)
        }
        guard let shape = leftSharedClient(add, event: event, owner: owner, fresh: fresh, removals: removals, tree, scopes, facts)
        else { return copied(owner) }
        return perCallReport(unit, scopes, add, event: event, owner: owner, ownerName: name, shape: shape, inline: fresh)
    }

    /// The shared-client shape for one add: an inline listener (a `once` only for an event that may never
    /// fire), no `removeAllListeners` in the class, and `sharedClientShape`'s reason.
    func leftSharedClient(_ add: PerCallAdd, event: String?, owner: NodeID, fresh: Bool,
                          removals: [(receiver: String, event: String?, listener: NodeID?, node: NodeID)],
                          _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts) -> String? {
        guard fresh, !add.method.lowercased().contains("once") || ListenerLeakEmitterRule.rareEvents.contains(event ?? ""),
              !removals.contains(where: { $0.listener == nil && sameClass($0.node, owner, tree) }) else { return nil }
        return sharedClientShape(add.receiver, owner: owner, tree, scopes, facts)
    }

    func backpressureShape(_ hook: String, _ event: String?) -> String {
        "it runs for every chunk (from \(hook)) while this.push() reports a full buffer, and nothing stops the next chunk before '\(event ?? "")' comes, so each one leaves one more listener on the stream"
    }

    /// Stream classes whose `push()` reports a full buffer.
    static let pushingStreams: Set<String> = ["Transform", "Duplex", "Readable", "PassThrough"]
    /// The events a stream's writer may wait for once its reader has fallen behind.
    static let flowEvents: Set<String> = ["resume", "readable", "drain"]
    /// The hooks Node.js calls once per chunk written to a stream.
    static let chunkHooks: Set<String> = ["_transform", "_write", "_writev"]

    /// The chunk hook, when a stream class adds a listener for a flow event (`resume`, `readable`, `drain`)
    /// to itself under a test of its own `this.push(...)` result (a full buffer), in a chunk hook or in a
    /// method a chunk hook calls (also from a callback it hands over, such as a transform's completion):
    /// every chunk that completes while the reader is behind adds one more, since nothing stops the next
    /// chunk before the event comes (pipeline-pipe's `ParallelTransform._drain`, which added
    /// `once('resume')` and `once('readable')` each time its buffer filled). The stream's own flow control is
    /// `_read()`; a writer that pauses its source before waiting adds one listener per pause, which is a
    /// different object (`res.once('drain', ...)`) and is not this shape.
    func backpressureWait(_ add: PerCallAdd, event: String?, owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> String? {
        guard let event, ListenerLeakEmitterRule.flowEvents.contains(event), isOwnObject(add.receiver, tree, scopes),
              let method = tree.parent(owner), case .methodDefinition(_, let key, _, .method, let mods) = tree[method],
              !mods.contains(.static), tree.kind(key) == .identifier,
              let cls = tree.enclosingClass(of: method), streamSuperclass(cls, tree),
              underOwnPushTest(add.call, owner, tree, scopes), let members = tree.classMembers(cls) else { return nil }
        let name = tree.name(of: key)
        if ListenerLeakEmitterRule.chunkHooks.contains(name) { return name }
        for m in members {
            guard case .methodDefinition(_, let k, let value, .method, _) = tree[m], tree.kind(k) == .identifier,
                  ListenerLeakEmitterRule.chunkHooks.contains(tree.name(of: k)), let body = tree.functionParts(value)?.body else { continue }
            var stack = [body]
            var budget = 4_000
            while let n = stack.popLast(), budget > 0 {
                budget -= 1
                if case .call(let callee, _, _, _) = tree[n], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                   tree.kind(property) == .identifier, tree.name(of: property) == name, isOwnObject(object, tree, scopes) {
                    return tree.name(of: k)
                }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        return nil
    }

    /// Whether a class extends one of Node's streams that push (`extends Transform`, `extends stream.Duplex`).
    func streamSuperclass(_ cls: NodeID, _ tree: SyntaxTree) -> Bool {
        let superClass: NodeID?
        switch tree[cls] {
        case .classDeclaration(_, _, _, let s, _, _, _, _), .classExpression(_, _, _, let s, _, _, _, _): superClass = s
        default: superClass = nil
        }
        guard let s = superClass.map({ tree.unwrap($0) }) else { return false }
        switch tree[s] {
        case .identifier: return ListenerLeakEmitterRule.pushingStreams.contains(tree.name(of: s))
        case .member(_, let p, false, _): return ListenerLeakEmitterRule.pushingStreams.contains(tree.name(of: p))
        default: return false
        }
    }

    /// Whether a node sits, within `fn`, under an `if` whose test reads the result of the object's own
    /// `push(...)`: the call itself, or a local set once to it (`const more = this.push(chunk); if (!more)`).
    func underOwnPushTest(_ node: NodeID, _ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        let semantic = scopes.semantic
        func isOwnPush(_ e: NodeID) -> Bool {
            guard case .call(let callee, _, _, _) = tree[tree.unwrap(e)], case .member(let o, let p, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(p) == .identifier, tree.nameIs(p, "push") else { return false }
            return isOwnObject(o, tree, scopes)
        }
        return underIfTest(node, within: fn, tree) { t in
            if isOwnPush(t) { return true }
            guard tree.kind(t) == .identifier, let b = semantic.binding(for: t), !semantic.isWritten(b),
                  let initial = semantic.binding(b).initializer, initial.path.isEmpty else { return false }
            return isOwnPush(initial.expression)
        }
    }

    /// Whether a node sits, within `fn`, under an `if` whose test holds a node `matches` accepts (each test read
    /// over at most 200 nodes, at most 256 enclosing nodes climbed).
    func underIfTest(_ node: NodeID, within fn: NodeID, _ tree: SyntaxTree, _ matches: (NodeID) -> Bool) -> Bool {
        var current = tree.parent(node)
        var steps = 0
        while let n = current, n != fn, steps < 256 {
            steps += 1
            if case .ifStatement(let test, _, _) = tree[n] {
                var stack = [test]
                var budget = 200
                while let t = stack.popLast(), budget > 0 {
                    budget -= 1
                    if matches(t) { return true }
                    tree.forEachChild(of: t) { stack.append($0) }
                }
            }
            current = tree.parent(n)
        }
        return false
    }

    /// Whether a reply's listener stays when the reply never comes: the add runs in a `new Promise(...)`
    /// executor, every removal of the listener sits inside the listener's own function, and a timer started
    /// in the same executor settles the promise (calls its `resolve` or `reject`) without removing it
    /// (moleculer's `ping`: `setTimeout(() => resolve(null), timeout)` beside a pong handler that calls
    /// `off` only when the pong arrives).
    func timeoutLeavesListener(_ call: NodeID, listener: NodeID, removals: [NodeID], _ owner: NodeID, _ tree: SyntaxTree,
                               _ scopes: LeakScopes) -> Bool
    {
        let semantic = scopes.semantic
        guard tree.kind(listener) == .identifier, let b = semantic.binding(for: listener),
              let initial = semantic.binding(b).initializer, initial.path.isEmpty, !semantic.isWritten(b) else { return false }
        // removals of this very function (another call's `handler` is another listener)
        let removals = removals.filter { r in
            let u = tree.unwrap(r)
            return tree.kind(u) == .identifier && semantic.binding(for: u) == b
        }
        let handler = tree.unwrap(initial.expression)
        guard !removals.isEmpty, tree.kind(handler).isFunction, removals.allSatisfy({ scopes.contains(handler, $0) }) else { return false }
        // the promise executor around the add, inside the per-call function
        var fn = tree.enclosingFunction(of: call)
        var executor: NodeID?
        while let f = fn, f != owner, executor == nil {
            if let p = tree.parent(f), case .new(let callee, _, let args) = tree[p], tree.list(args).first == f,
               tree.kind(tree.unwrap(callee)) == .identifier, tree.nameIs(tree.unwrap(callee), "Promise") { executor = f }
            fn = tree.enclosingFunction(of: f)
        }
        guard let executor, let params = tree.functionParts(executor)?.params else { return false }
        let settlers = Set(params.compactMap { p -> BindingID? in tree.kind(p) == .identifier ? semantic.binding(for: p) : nil })
        guard !settlers.isEmpty else { return false }
        // a timer callback in the executor that calls resolve/reject and holds no removal of the listener
        var stack = [executor]
        var budget = 4_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .call(let callee, _, let args, _) = tree[n], scopes.isTimerFunction(callee, "setTimeout"),
               let first = tree.list(args).first, tree.kind(tree.unwrap(first)).isFunction {
                let timer = tree.unwrap(first)
                if !removals.contains(where: { scopes.contains(timer, $0) }), callsSettler(timer, settlers, tree, semantic) { return true }
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// Whether a function calls one of the promise's settling functions (bounded walk of its body).
    private func callsSettler(_ fn: NodeID, _ settlers: Set<BindingID>, _ tree: SyntaxTree, _ semantic: FileSemantics) -> Bool {
        var stack = [fn]
        var budget = 1_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .call(let callee, _, _, _) = tree[n], tree.kind(tree.unwrap(callee)) == .identifier,
               let b = semantic.binding(for: tree.unwrap(callee)), settlers.contains(b) { return true }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return false
    }

    /// The call that runs the per-call function again from a callback of its own (a retry: `_this.connect()`
    /// in a timer its 'end' listener starts, `startStreamProcess()` in a stream's 'end' listener) on a path
    /// that does not first remove the add's listener from the object the function belongs to (`this`, or a
    /// local set to it). Each attempt that ends that way leaves one listener more on an object that outlives
    /// the attempts (ioredis's `Cluster.prototype.connect`, MQTT.js's store processing). A `once` whose own
    /// listener makes the call has fired and is gone. Bounded walk of the function's body.
    func retryLeavingListener(_ add: PerCallAdd, event: String?, owner: NodeID,
                              removals: [(receiver: String, event: String?, listener: NodeID?, node: NodeID)],
                              _ tree: SyntaxTree, _ scopes: LeakScopes) -> NodeID? {
        guard let event, isOwnObject(add.receiver, tree, scopes), tree.enclosingFunction(of: add.call) == owner,
              let again = selfCallMatcher(owner, tree, scopes) else { return nil }
        let listener = tree.unwrap(add.args[1])
        let once = add.method.lowercased().contains("once")
        // removals of this listener's event (or of every listener) from the object
        let ownRemovals = removals.compactMap { r -> NodeID? in
            guard r.event == event || r.event == nil,
                  case .call(let callee, _, _, _) = tree[r.node], case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
                  isOwnObject(object, tree, scopes) else { return nil }
            return r.node
        }
        var stack: [NodeID] = []
        if let body = tree.functionParts(owner)?.body { stack.append(body) }
        var budget = 20_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if tree.kind(n) == .call, again(n), tree.enclosingFunction(of: n) != owner,
               !(once && tree.kind(listener).isFunction && scopes.contains(listener, n)),
               inEndingListener(n, owner, tree), !removedBefore(n, owner, ownRemovals, tree) {
                return n
            }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return nil
    }

    /// Whether a call runs when an attempt ends: it lies (within the per-call function) in a listener for an
    /// ending event (`'end'`, `'close'`, `'error'`, ...), directly or in a timer that listener starts. A call
    /// made again once the attempt succeeded (`this.once('connect', () => this.end())`) is a deferral, not
    /// a retry.
    func inEndingListener(_ call: NodeID, _ owner: NodeID, _ tree: SyntaxTree) -> Bool {
        var fn = tree.enclosingFunction(of: call)
        var steps = 0
        while let f = fn, f != owner, steps < 32 {
            steps += 1
            if let p = tree.parent(f), case .call(let callee, _, let argList, _) = tree[p],
               case .member(_, let property, false, _) = tree[tree.unwrap(callee)],
               ListenerLeakEmitterRule.adding.contains(tree.name(of: property)) {
                let args = Array(tree.list(argList))
                if args.count >= 2, tree.unwrap(args[1]) == f, tree.kind(args[0]) == .stringLiteral,
                   ListenerLeakEmitterRule.rareEvents.contains(tree.stringValue(of: args[0])) { return true }
            }
            fn = tree.enclosingFunction(of: f)
        }
        return false
    }

    /// `this`, or a local set once to `this` (`var _this = this`).
    func isOwnObject(_ expr: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        let e = tree.unwrap(expr)
        if tree.kind(e) == .thisExpression { return true }
        return tree.kind(e) == .identifier && scopes.thisAlias(e) != nil
    }

    /// How a call of the function itself looks: its own name for a local or declared function
    /// (`startStreamProcess()`), `this.<name>()` (or through a local set to `this`) for a method.
    func selfCallMatcher(_ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> ((NodeID) -> Bool)? {
        let semantic = scopes.semantic
        var binding: BindingID?
        var method: String?
        if case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn] { binding = semantic.binding(for: id) }
        if let p = tree.parent(fn) {
            switch tree[p] {
            case .variableDeclarator(let target, _, _) where tree.kind(target) == .identifier:
                binding = semantic.binding(for: target)
            case .methodDefinition(_, let key, _, .method, let modifiers) where !modifiers.contains(.computed) && tree.kind(key) == .identifier:
                method = tree.name(of: key)
            case .assignment(.assign, let left, _):
                guard case .member(let object, let property, false, _) = tree[left], case .member(_, let proto, false, _) = tree[tree.unwrap(object)],
                      tree.nameIs(proto, "prototype") else { return nil }
                method = tree.name(of: property)
            default:
                break
            }
        }
        if let binding {
            guard !semantic.isWritten(binding) else { return nil }
            return { call in
                guard case .call(let callee, _, _, _) = tree[call], tree.kind(tree.unwrap(callee)) == .identifier else { return false }
                return semantic.binding(for: tree.unwrap(callee)) == binding
            }
        }
        guard let method else { return nil }
        return { call in
            guard case .call(let callee, _, _, _) = tree[call], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(property) == .identifier, tree.name(of: property) == method else { return false }
            return self.isOwnObject(object, tree, scopes)
        }
    }

    /// Whether one of the removals runs before `call` on its way: it sits, in the body of the function that
    /// holds the block, in a statement before the one that leads to the call.
    func removedBefore(_ call: NodeID, _ owner: NodeID, _ removals: [NodeID], _ tree: SyntaxTree) -> Bool {
        guard !removals.isEmpty else { return false }
        var n = call
        var steps = 0
        while let p = tree.parent(n), n != owner, steps < 256 {
            steps += 1
            if case .blockStatement = tree[p] {
                let start = tree.range(n).start
                let holder = tree.enclosingFunction(of: p)
                if removals.contains(where: { r in
                    let rr = tree.range(r)
                    return rr.start < start && tree.range(p).start <= rr.start && tree.enclosingFunction(of: r) == holder
                }) { return true }
            }
            n = p
        }
        return false
    }

    /// Events a socket emits once, while it connects: a reused keep-alive socket never emits them again.
    static let connectingEvents: Set<String> = ["connect", "secureConnect", "lookup", "ready"]

    /// Whether the receiver is the socket a client request's `'socket'` event (or an agent's `'free'`
    /// event) hands to its listener: `req.on('socket', (socket) => socket.on('data', ...))`. A keep-alive
    /// agent hands the same socket to request after request.
    func pooledSocketOfRequest(_ receiver: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        pooledSocketEvent(receiver, tree, scopes) != nil
    }

    /// Whether a listener for a connecting event is added only while the socket connects
    /// (`if (socket.connecting)`, `socket.pending`, `socket.readyState`): the event will fire.
    func guardedByConnecting(_ node: NodeID, _ receiver: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        let socket = scopes.normalizedText(receiver)
        var current = tree.parent(node)
        var steps = 0
        while let n = current, steps < 64 {
            steps += 1
            if case .ifStatement(let test, _, _) = tree[n] {
                let text = scopes.normalizedText(test)
                if ["connecting", "pending", "readyState"].contains(where: { text.contains("\(socket).\($0)") }) { return true }
            }
            if tree.kind(n).isFunction { break }
            current = tree.parent(n)
        }
        return false
    }

    /// The event (`socket`, `free`) whose listener received the socket, when the receiver is such a socket.
    func pooledSocketEvent(_ receiver: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> String? {
        let r = tree.unwrap(receiver)
        let semantic = scopes.semantic
        guard tree.kind(r) == .identifier, let b = semantic.binding(for: r), semantic.binding(b).kind == .parameter,
              !semantic.isWritten(b) else { return nil }
        let fn = semantic.binding(b).declaration
        guard tree.kind(fn).isFunction, tree.functionParts(fn)?.params.first.map({ tree.unwrap($0) }) == semantic.binding(b).declarationNode,
              let call = tree.parent(fn), case .call(let callee, _, let argList, _) = tree[call],
              case .member(_, let property, false, _) = tree[tree.unwrap(callee)],
              EmitterMethods.addingListener.contains(tree.name(of: property)) else { return nil }
        let args = Array(tree.list(argList))
        guard args.count == 2, tree.unwrap(args[1]) == fn, tree.kind(args[0]) == .stringLiteral else { return nil }
        let event = tree.stringValue(of: args[0])
        return ["socket", "free"].contains(event) ? event : nil
    }

    /// The nearest enclosing function that is not a callback handed to a call (`new Promise(...)`'s
    /// executor, a `.then` continuation, a listener).
    func perCallOwner(of node: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var fn = tree.enclosingFunction(of: node)
        var budget = 32
        while let f = fn, budget > 0 {
            budget -= 1
            guard let p = tree.parent(f) else { return f }
            switch tree[p] {
            case .call(let callee, _, _, _) where callee != f: fn = tree.enclosingFunction(of: f)
            case .new(let callee, _, _) where callee != f: fn = tree.enclosingFunction(of: f)
            default: return f
            }
        }
        return nil
    }

    /// Source text that names a signal: `signal`, `opts.signal`, `abortSignal`.
    func isSignalText(_ text: String) -> Bool {
        text.lowercased().hasSuffix("signal") && !text.contains("(")
    }

    /// Whether an expression is an AbortSignal the caller handed in: a parameter, a name destructured from
    /// a parameter (`const { signal } = opts`), or a parameter's `.signal`.
    func callerSignal(_ expr: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        let semantic = scopes.semantic
        func isParameter(_ e: NodeID) -> Bool {
            let u = tree.unwrap(e)
            guard tree.kind(u) == .identifier, let b = semantic.binding(for: u) else { return false }
            return semantic.binding(b).kind == .parameter && !semantic.isWritten(b)
        }
        let e = tree.unwrap(expr)
        guard isSignalText(scopes.normalizedText(e)) else { return false }
        switch tree[e] {
        case .identifier:
            if isParameter(e) { return true }
            guard let b = semantic.binding(for: e), !semantic.isWritten(b),
                  let initial = semantic.binding(b).initializer, !initial.path.isEmpty else { return false }
            return isParameter(initial.expression)
        case .member(let object, _, false, _):
            return isParameter(object) || madeFromArguments(object, owner, tree, scopes)
        default:
            return false
        }
    }

    /// Whether an expression is a local the call makes from its caller's arguments and nothing else
    /// (`requestObject = new Request(input, init)`): the `signal` of such an object follows the one the
    /// caller passed in (a fetch Request's signal follows `init.signal`), so it lives as long as that one.
    func madeFromArguments(_ expr: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        let semantic = scopes.semantic
        let e = tree.unwrap(expr)
        guard tree.kind(e) == .identifier, let b = semantic.binding(for: e), semantic.binding(b).kind != .parameter,
              tree.enclosingFunction(of: semantic.binding(b).declarationNode) == owner else { return false }
        var values: [NodeID] = []
        if let initial = semantic.binding(b).initializer {
            guard initial.path.isEmpty else { return false }
            values.append(initial.expression)
        }
        for w in semantic.writes(of: b) {
            guard let v = semantic.assignedValue(at: w) else { return false }
            values.append(v)
        }
        guard !values.isEmpty else { return false }
        return values.allSatisfy { v in
            guard case .new(_, _, let args) = tree[tree.unwrap(v)] else { return false }
            return tree.list(args).contains { a in
                let u = tree.unwrap(a)
                guard tree.kind(u) == .identifier, let pb = semantic.binding(for: u) else { return false }
                return semantic.binding(pb).kind == .parameter && semantic.binding(pb).declaration == owner && !semantic.isWritten(pb)
            }
        }
    }

    /// Whether a function takes a request (a parameter named `req`, `request` or `ctx`): a framework's own
    /// request handler, which the request paths do not reach from an application's routes.
    func handlesRequest(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        LeakScopes.parameterNames(fn, tree).contains { ["req", "request", "ctx"].contains($0) }
    }

    /// Whether the listener waits for the emitter's end ('end', 'close', 'finish') in a call that ends it
    /// (`connection.close()`, `.end()`, `.destroy()`): the event fires, and the connection is done.
    func endsReceiver(_ event: String?, _ receiverText: String, _ owner: NodeID, _ tree: SyntaxTree, _ facts: UnitFacts) -> Bool {
        guard let event, ["end", "close", "finish"].contains(event) else { return false }
        let r = tree.range(owner)
        return facts.endingCalls.contains { call in
            let c = tree.range(call.node)
            return call.receiver == receiverText && r.start <= c.start && c.end <= r.end
        }
    }

    /// Whether a function is a class constructor or a constructor function (one that sets `this.` fields
    /// and is not a method).
    func isConstructor(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let p = tree.parent(fn) else { return false }
        if case .methodDefinition(_, _, _, let kind, _) = tree[p] { return kind == .constructor }
        if tree.kind(fn) == .arrowFunction { return false }
        if case .assignment(_, let left, _) = tree[p], case .member(let o, _, false, _) = tree[left],
           case .member(_, let proto, false, _) = tree[tree.unwrap(o)], tree.nameIs(proto, "prototype") { return false }
        guard let body = tree.functionParts(fn)?.body, case .blockStatement(let stmts) = tree[body] else { return false }
        return tree.list(stmts).contains { st in
            guard case .expressionStatement(let e, _) = tree[st], case .assignment(_, let left, _) = tree[e],
                  case .member(let o, _, false, _) = tree[left] else { return false }
            return tree.kind(tree.unwrap(o)) == .thisExpression
        }
    }

    /// The name of what a constructor makes: the class, or the variable a constructor function is bound to
    /// (`var Query = module.exports = function (client) {...}`).
    func constructedName(_ fn: NodeID, _ tree: SyntaxTree) -> String? {
        var p = tree.parent(fn)
        if let m = p, case .methodDefinition = tree[m] {
            guard let c = tree.enclosingClass(of: m), tree.kind(c) == .classDeclaration else { return nil }
            return tree.className(c)
        }
        if case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn] { return tree.name(of: id) }
        var budget = 8
        while let n = p, budget > 0 {
            budget -= 1
            switch tree[n] {
            case .variableDeclarator(let target, _, _): return tree.kind(target) == .identifier ? tree.name(of: target) : nil
            case .assignment(_, let left, _):
                if tree.kind(left) == .identifier { return tree.name(of: left) }
                p = tree.parent(n)
            default: return nil
            }
        }
        return nil
    }

    /// Whether the file calls method `name` (its last part) on its own object (`this.handleSignals()`, `that.`,
    /// `self.`) at least once, and only from set-up code: a constructor, or a function whose name is a set-up
    /// name (`isSetupName`) or ends with one as a word of its own (`innerStart`, `doInit`). A daemon's
    /// `handleSignals()`, called from its `innerStart()`, runs once per daemon.
    func calledOnlyInSetup(_ name: String, _ tree: SyntaxTree) -> Bool {
        let short = name.split(separator: ".").last.map(String.init) ?? name
        var calls = 0
        for call in tree.nodes(ofKind: .call) {
            guard case .call(let callee, _, _, _) = tree[call], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.name(of: property) == short else { continue }
            let o = tree.unwrap(object)
            guard tree.kind(o) == .thisExpression || (tree.kind(o) == .identifier && ["that", "self", "_this"].contains(tree.name(of: o)))
            else { continue }
            calls += 1
            guard let caller = tree.enclosingFunction(of: call), let callerName = ownerName(caller, tree) else { return false }
            if callerName.hasPrefix("new ") || callerName == "constructor" { continue }
            if ListenerLeakEmitterRule.isSetupName(callerName) { continue }
            let last = SerialAwait.camelWords(callerName.split(separator: ".").last.map(String.init) ?? callerName).last ?? ""
            if ListenerLeakEmitterRule.setupPrefixes.contains(last) { continue }
            return false
        }
        return calls > 0
    }

    /// The name a function goes by: a method's key, `X.prototype.m`, a declared or assigned name.
    func ownerName(_ fn: NodeID, _ tree: SyntaxTree) -> String? {
        if case .functionDeclaration(let id?, _, _, _, _, _) = tree[fn] { return tree.name(of: id) }
        guard let p = tree.parent(fn) else { return nil }
        switch tree[p] {
        case .methodDefinition(_, let key, _, let kind, _):
            let className = tree.enclosingClass(of: p).flatMap { tree.kind($0) == .classDeclaration ? tree.className($0) : nil }
            if kind == .constructor { return className.map { "new \($0)" } ?? "constructor" }
            return className.map { "\($0).\(tree.text(key))" } ?? tree.text(key)
        case .assignment(_, let left, _):
            return String(tree.text(left).filter { !$0.isWhitespace })
        case .variableDeclarator(let target, _, _):
            return tree.kind(target) == .identifier ? tree.name(of: target) : nil
        case .property(let key, _, _, _), .propertyDefinition(_, let key, _, _, _):
            return tree.text(key)
        default:
            return nil
        }
    }

    /// A name the file hands to a call as a callback: `onConnection`, `this.onConnection`,
    /// `this.onConnection.bind(this)`.
    func handedOverName(_ arg: NodeID, _ tree: SyntaxTree) -> String? {
        let a = tree.unwrap(arg)
        switch tree[a] {
        case .identifier: return tree.name(of: a)
        case .member(_, let p, false, _): return tree.name(of: p)
        case .call(let callee, _, _, _):
            guard case .member(let o, let p, false, _) = tree[tree.unwrap(callee)], tree.nameIs(p, "bind") else { return nil }
            return handedOverName(o, tree)
        default: return nil
        }
    }

    /// An inline function or a `.bind` copy: a new function on every evaluation.
    func isFreshFunction(_ expr: NodeID, _ tree: SyntaxTree) -> Bool {
        if tree.kind(expr).isFunction { return true }
        if case .call(let callee, _, _, _) = tree[expr], case .member(_, let p, false, _) = tree[tree.unwrap(callee)], tree.nameIs(p, "bind") { return true }
        return false
    }

    /// Whether the add runs only when the emitter has no such listener yet (`if (c.listeners('error').length === 0)`,
    /// `if (!c.listenerCount('error'))`).
    func guardedByListenerCheck(_ node: NodeID, _ owner: NodeID, _ tree: SyntaxTree) -> Bool {
        var current = tree.parent(node)
        while let n = current, n != owner {
            if case .ifStatement(let test, _, _) = tree[n] {
                let text = tree.text(test)
                if text.contains("listenerCount") || text.contains("listeners(") { return true }
            }
            current = tree.parent(n)
        }
        return false
    }

    /// A class or prototype method (not a constructor) of a class that is not a module-level singleton.
    func isPerCallMethod(_ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> Bool {
        guard let p = tree.parent(fn) else { return false }
        switch tree[p] {
        case .methodDefinition(_, _, _, let kind, let modifiers):
            guard kind == .method, !modifiers.contains(.static) else { return false }
            return tree.enclosingClass(of: p).map { !scopes.singletons.contains($0) } ?? false
        case .assignment(_, let left, _):
            guard case .member(let object, _, false, _) = tree[left], case .member(_, let proto, false, _) = tree[tree.unwrap(object)] else { return false }
            return tree.nameIs(proto, "prototype")
        default:
            return false
        }
    }

    /// Whether the receiver is the object whose method runs (`this`, or a local set to `this` such as
    /// `self`/`_this`) or an emitter field of it made with `new` (`this.emitter = new EventEmitter()`).
    func isOwnEmitter(_ receiver: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts) -> Bool {
        let r = tree.unwrap(receiver)
        switch tree[r] {
        case .thisExpression:
            return true
        case .identifier:
            let semantic = scopes.semantic
            guard let b = semantic.binding(for: r), let initial = semantic.binding(b).initializer, initial.path.isEmpty,
                  !semantic.isWritten(b) else { return false }
            return tree.kind(tree.unwrap(initial.expression)) == .thisExpression
        case .member(let object, let property, false, _):
            return tree.kind(tree.unwrap(object)) == .thisExpression && facts.fieldsMadeWithNew.contains(tree.name(of: property))
        default:
            return false
        }
    }

    /// Whether the add runs in a `new Promise(...)` executor inside the per-call function: the listener
    /// waits for this call's reply, and an `on` listener stays after the promise settles.
    func awaitsReply(_ node: NodeID, _ owner: NodeID, _ tree: SyntaxTree) -> Bool {
        var fn = tree.enclosingFunction(of: node)
        while let f = fn, f != owner {
            if let p = tree.parent(f), case .new(let callee, _, let args) = tree[p], tree.list(args).first == f,
               tree.kind(tree.unwrap(callee)) == .identifier, tree.nameIs(tree.unwrap(callee), "Promise") { return true }
            fn = tree.enclosingFunction(of: f)
        }
        return false
    }

    /// The receiver's name when it is a borrowed connection: a parameter of the per-call function with a
    /// connection-like name, or `this.<name>` set from a parameter somewhere in the file.
    func borrowedEmitter(_ receiver: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts) -> String? {
        let r = tree.unwrap(receiver)
        let semantic = scopes.semantic
        switch tree[r] {
        case .identifier:
            let name = tree.name(of: r)
            guard ListenerLeakEmitterRule.borrowedNames.contains(name.lowercased()),
                  let b = semantic.binding(for: r), !semantic.isWritten(b) else { return nil }
            if semantic.binding(b).kind == .parameter, semantic.binding(b).declaration == owner {
                // `handleConnection(client)`: the method a server's 'connection' event calls with each new
                // connection, whose listeners end with it
                if handlesNewConnection(owner, tree) { return nil }
                // `private connectClient(client)`, called only as `this.connectClient(this.signalkClient)` right
                // after `this.signalkClient = new Client(...)`: the object's own client, not a caller's
                if let parts = tree.functionParts(owner),
                   let index = Array(parts.params).firstIndex(where: { tree.kind($0) == .identifier && semantic.binding(for: $0) == b }),
                   ownArgumentOnly(owner, index: index, tree, facts) {
                    return nil
                }
                return "\(name) (a parameter)"
            }
            // `const con = connection`: a local that only renames the parameter
            guard let initial = semantic.binding(b).initializer, initial.path.isEmpty,
                  tree.kind(tree.unwrap(initial.expression)) == .identifier,
                  let p = semantic.binding(for: tree.unwrap(initial.expression)), semantic.binding(p).kind == .parameter,
                  semantic.binding(p).declaration == owner, !semantic.isWritten(p) else { return nil }
            return "\(name) (the parameter \(tree.name(of: tree.unwrap(initial.expression))))"
        case .member(let object, let property, false, _):
            guard tree.kind(tree.unwrap(object)) == .thisExpression else { return nil }
            let name = tree.name(of: property)
            guard ListenerLeakEmitterRule.borrowedNames.contains(name.lowercased().trimmingCharacters(in: ["_"])),
                  facts.fieldsFromParameter.contains(name) else { return nil }
            return "this.\(name) (set from a parameter)"
        default:
            return nil
        }
    }

    /// Whether a private method (`private name(...)` or `#name(...)`) is only ever called on the object itself
    /// (`this.name(...)`, in its class) with, at `index`, an object made there: `new X(...)` or a field the
    /// file sets only with `new` (`this.signalkClient = new Client(...)`). Nothing outside the class can
    /// hand it a shared connection, and each call gets one the object made.
    func ownArgumentOnly(_ fn: NodeID, index: Int, _ tree: SyntaxTree, _ facts: UnitFacts) -> Bool {
        guard let p = tree.parent(fn), case .methodDefinition(_, let key, _, .method, let modifiers) = tree[p],
              modifiers.contains(.private) || tree.kind(key) == .privateIdentifier,
              let cls = tree.enclosingClass(of: p) else { return false }
        let name = tree.name(of: key)
        let range = tree.range(cls)
        var calls = 0
        for member in tree.nodes(ofKind: .member) {
            let r = tree.range(member)
            guard r.start >= range.start, r.end <= range.end, case .member(let object, let property, false, _) = tree[member],
                  tree.kind(tree.unwrap(object)) == .thisExpression, tree.name(of: property) == name else { continue }
            // the method handed on (`this.connectClient` as a callback) may get anything
            guard let call = tree.parent(member), case .call(let callee, _, let args, _) = tree[call], tree.unwrap(callee) == member
            else { return false }
            let list = Array(tree.list(args))
            guard index < list.count else { return false }
            let a = tree.unwrap(list[index])
            switch tree[a] {
            case .new: break
            case .member(let o, let field, false, _) where tree.kind(tree.unwrap(o)) == .thisExpression:
                guard facts.fieldsMadeWithNew.contains(tree.name(of: field)), !facts.fieldsFromParameter.contains(tree.name(of: field))
                else { return false }
            default:
                return false
            }
            calls += 1
        }
        return calls > 0
    }

    /// Whether a method's name says it takes a new connection (`handleConnection`, `onConnection`,
    /// `acceptConnection`, `onClientConnect`): called once per connection, with that connection.
    func handlesNewConnection(_ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let full = ownerName(fn, tree) else { return false }
        let name = full.split(separator: ".").last.map(String.init) ?? full
        let words = SerialAwait.camelWords(name).map { $0.lowercased() }
        guard let first = words.first, ["handle", "on", "accept"].contains(first) else { return false }
        return words.contains("connection") || words.contains("connect")
    }

    /// Method names that end an object's work: the object is meant to go away before the program does.
    static let teardownNames: Set<String> = ["disconnect", "destroy", "close", "dispose", "stop", "shutdown", "teardown",
                                             "terminate", "release", "end", "quit", "leave", "unsubscribe", "detach"]

    /// The field, when the receiver is an emitter held by an object the instance was handed: a member chain
    /// `this.<field>.<name>...` of two steps or more whose first field is set from a parameter
    /// (`this.manager = manager`, then `this.manager.client`). The object that made this one, and what it
    /// holds, outlive it. `this.<field>` itself is the borrowed-connection shape's.
    func ownersEmitterField(_ receiver: NodeID, _ tree: SyntaxTree, _ facts: UnitFacts) -> String? {
        var e = tree.unwrap(receiver)
        var steps = 0
        while steps < 8, case .member(let object, let property, false, _) = tree[e] {
            let o = tree.unwrap(object)
            if tree.kind(o) == .thisExpression {
                let field = tree.name(of: property)
                return steps >= 1 && facts.fieldsFromParameter.contains(field) ? field : nil
            }
            e = o
            steps += 1
        }
        return nil
    }

    /// The reason, when the receiver is a client the object was handed and may share with others: a field
    /// `this.<field>` set from a parameter (`this._client = opts`), reached directly, as the parameter of a
    /// `.then` callback or through `await` on what resolves to it (`this.initializing.then((client) => ...)` where
    /// `this.initializing = this.init()` and `init()` returns `this._client`), while a teardown method of the
    /// class ends that field only under a check of the field itself (`if (this.opts != this._client) await
    /// this._client.quit()`). The class knows the client may be the caller's and leaves it running then, so
    /// every instance leaves its listener on a client that outlives it (bullmq's `RedisConnection` on a shared
    /// ioredis client). A teardown that ends the field on every path owns it, and is quiet.
    func sharedClientShape(_ receiver: NodeID, owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes,
                           _ facts: UnitFacts) -> String? {
        guard let field = clientField(receiver, owner, tree, scopes, facts),
              handedIn(field, owner, tree, scopes, facts) else { return nil }
        let teardowns = teardownFunctions(owner, tree, scopes)
        guard !teardowns.isEmpty else { return nil }
        var guardedEnd: String?
        for (name, fn) in teardowns {
            var stack: [NodeID] = []
            if let body = tree.functionParts(fn)?.body { stack.append(body) }
            var budget = 4_000
            while let n = stack.popLast(), budget > 0 {
                budget -= 1
                if tree.kind(n) == .call, case .call(let callee, _, _, _) = tree[n],
                   case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                   UnitFacts.ending.contains(tree.name(of: property)), isThisField(object, field, tree) {
                    // ended on every path: the object owns the client
                    guard underCheckOfField(n, field, fn, tree) else { return nil }
                    guardedEnd = guardedEnd ?? name
                }
                tree.forEachChild(of: n) { stack.append($0) }
            }
        }
        guard let teardown = guardedEnd else { return nil }
        return "this.\(field) is handed in by the caller and may be shared; \(teardown)() ends it only when this object made it and nothing removes the listener, so every instance leaves one on a client that outlives it"
    }

    /// Whether the class of `fn` sets `this.<field>` from a parameter: `this._client = opts`, or a parameter
    /// with a default made in its place (`this.client = client || new Redis()`).
    func handedIn(_ field: String, _ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts) -> Bool {
        let semantic = scopes.semantic
        func isParameter(_ e: NodeID) -> Bool {
            let u = tree.unwrap(e)
            guard tree.kind(u) == .identifier, let b = semantic.binding(for: u) else { return false }
            return semantic.binding(b).kind == .parameter
        }
        return (facts.fieldValues[field] ?? []).contains { v in
            guard sameClass(v, fn, tree) else { return false }
            if isParameter(v) { return true }
            if case .logical(let op, let left, _) = tree[v], op != .and { return isParameter(left) }
            return false
        }
    }

    /// `this.<field>` (through TypeScript wrappers).
    func isThisField(_ expr: NodeID, _ field: String, _ tree: SyntaxTree) -> Bool {
        guard case .member(let o, let p, false, _) = tree[tree.unwrap(expr)], tree.kind(tree.unwrap(o)) == .thisExpression else { return false }
        return tree.kind(p) == .identifier && tree.name(of: p) == field
    }

    /// Whether a node sits, within `fn`, under an `if` whose test compares `this.<field>` itself with something
    /// (`this.opts != this._client`): whether the client is the one the caller handed in. A test of its state
    /// (`this.client.status !== 'end'`) or of its presence (`if (this.client)`) is not.
    func underCheckOfField(_ node: NodeID, _ field: String, _ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        underIfTest(node, within: fn, tree) { t in
            guard case .binary(let op, let left, let right) = tree[t], [.equal, .notEqual, .strictEqual, .strictNotEqual].contains(op)
            else { return false }
            return isThisField(left, field, tree) || isThisField(right, field, tree)
        }
    }

    /// The `this.` field a client expression comes from: `this.<field>` itself, a parameter of the callback a
    /// `.then` on such a value gets, or a local set once to `await` such a value. A field or method that only
    /// passes another field's value on (`this.initializing = this.init()` where `init()` returns `this._client`,
    /// a getter returning `this.initializing`) resolves to that field.
    func clientField(_ receiver: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts) -> String? {
        let r = tree.unwrap(receiver)
        let semantic = scopes.semantic
        switch tree[r] {
        case .member:
            return resolvedField(r, owner, tree, scopes, facts, depth: 0)
        case .identifier:
            guard let b = semantic.binding(for: r), !semantic.isWritten(b) else { return nil }
            if semantic.binding(b).kind == .parameter {
                // `promise.then((client) => client.on(...))`
                let fn = semantic.binding(b).declaration
                guard tree.kind(fn).isFunction, tree.functionParts(fn)?.params.first.map({ tree.unwrap($0) }) == semantic.binding(b).declarationNode,
                      let call = tree.parent(fn), case .call(let callee, _, let args, _) = tree[call], tree.list(args).first == fn,
                      case .member(let promise, let then, false, _) = tree[tree.unwrap(callee)], tree.nameIs(then, "then") else { return nil }
                return resolvedField(promise, owner, tree, scopes, facts, depth: 0)
            }
            // `const client = await this.client`
            guard let initial = semantic.binding(b).initializer, initial.path.isEmpty,
                  case .await(let awaited) = tree[tree.unwrap(initial.expression)] else { return nil }
            return resolvedField(awaited, owner, tree, scopes, facts, depth: 0)
        default:
            return nil
        }
    }

    /// The field whose value an expression of the object yields, directly or once its promise settles:
    /// `this.<field>`, `await` of one, `this.<method>()` whose every return yields the same field, or a field
    /// (or getter) every value of which does. A field set from anything else is itself.
    func resolvedField(_ expr: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts, depth: Int) -> String? {
        guard depth < 4 else { return nil }
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .await(let inner):
            return resolvedField(inner, owner, tree, scopes, facts, depth: depth + 1)
        case .call(let callee, _, let args, _):
            guard tree.list(args).isEmpty, case .member(let o, _, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(tree.unwrap(o)) == .thisExpression,
                  let method = listenerFunction(callee, owner, tree, scopes) else { return nil }
            return returnedField(method, owner, tree, scopes, facts, depth: depth + 1)
        case .member(let o, let p, false, _):
            guard tree.kind(tree.unwrap(o)) == .thisExpression, tree.kind(p) == .identifier else { return nil }
            let name = tree.name(of: p)
            // a getter of the class: what it returns
            if let getter = getterFunction(name, owner, tree) {
                return returnedField(getter, owner, tree, scopes, facts, depth: depth + 1)
            }
            let values = facts.fieldValues[name] ?? []
            let passed = values.filter { v in
                if case .call(let c, _, _, _) = tree[v], case .member(let co, _, false, _) = tree[tree.unwrap(c)],
                   tree.kind(tree.unwrap(co)) == .thisExpression { return true }
                return false
            }
            // a field that only holds a method's result (`this.initializing = this.init()`) is what that yields
            if !passed.isEmpty, passed.count == values.count {
                let fields = Set(passed.map { resolvedField($0, owner, tree, scopes, facts, depth: depth + 1) })
                guard fields.count == 1, let only = fields.first else { return nil }
                return only
            }
            return name
        default:
            return nil
        }
    }

    /// The field every `return` of a method yields (at least one return, all the same field).
    func returnedField(_ fn: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes, _ facts: UnitFacts, depth: Int) -> String? {
        guard let body = tree.functionParts(fn)?.body else { return nil }
        var result: String?
        var stack = [body]
        var budget = 4_000
        while let n = stack.popLast(), budget > 0 {
            budget -= 1
            if case .returnStatement(let argument) = tree[n], tree.enclosingFunction(of: n) == fn {
                guard let a = argument, let f = resolvedField(a, owner, tree, scopes, facts, depth: depth) else { return nil }
                if let r = result, r != f { return nil }
                result = f
            }
            if n != body, tree.kind(n).isFunction { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return budget > 0 ? result : nil
    }

    /// A getter `get <name>()` of the class whose constructor or method `fn` is.
    func getterFunction(_ name: String, _ fn: NodeID, _ tree: SyntaxTree) -> NodeID? {
        guard let p = tree.parent(fn), tree.kind(p) == .methodDefinition, let cls = tree.enclosingClass(of: p),
              let members = tree.classMembers(cls) else { return nil }
        for m in members {
            if case .methodDefinition(_, let key, let value, .get, let mods) = tree[m], !mods.contains(.static),
               tree.kind(key) == .identifier, tree.name(of: key) == name { return value }
        }
        return nil
    }

    /// The teardown methods (`close`, `disconnect`, ...) of the class whose constructor or method `fn` is, with
    /// their names and values (a method's function, or what `F.prototype.close = ...` assigns), in source order,
    /// when the class is not a module-level singleton. Class syntax, and constructor functions with
    /// `F.prototype.close = function` methods.
    func teardownFunctions(_ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> [(name: String, value: NodeID)] {
        func isTeardown(_ name: String) -> Bool {
            ListenerLeakEmitterRule.teardownNames.contains(String(name.drop { $0 == "_" || $0 == "$" }))
        }
        guard let p = tree.parent(fn) else { return [] }
        var out: [(name: String, value: NodeID)] = []
        if case .methodDefinition(_, _, _, let kind, let modifiers) = tree[p] {
            guard kind == .method || kind == .constructor, !modifiers.contains(.static), let cls = tree.enclosingClass(of: p),
                  !scopes.singletons.contains(cls), let members = tree.classMembers(cls) else { return [] }
            for m in members {
                guard case .methodDefinition(_, let key, let value, .method, let mods) = tree[m], !mods.contains(.static),
                      tree.kind(key) == .identifier, isTeardown(tree.name(of: key)) else { continue }
                out.append(("\(tree.className(cls).map { "\($0)." } ?? "")\(tree.name(of: key))", value))
            }
            return out
        }
        // a constructor function, or a method on its prototype: `F.prototype.m = function`
        let constructorName: String?
        if case .assignment(_, let left, _) = tree[p], case .member(let o, _, false, _) = tree[left],
           case .member(let f, let proto, false, _) = tree[tree.unwrap(o)], tree.nameIs(proto, "prototype"),
           tree.kind(tree.unwrap(f)) == .identifier {
            constructorName = tree.name(of: tree.unwrap(f))
        } else if isConstructor(fn, tree) {
            constructorName = constructedName(fn, tree)
        } else {
            constructorName = nil
        }
        guard let name = constructorName else { return [] }
        for n in 0..<tree.count {
            let id = NodeID(Int32(n))
            guard tree.kind(id) == .assignment, case .assignment(.assign, let left, let right) = tree[id],
                  case .member(let o, let method, false, _) = tree[left], case .member(let f, let proto, false, _) = tree[tree.unwrap(o)],
                  tree.nameIs(proto, "prototype"), tree.kind(tree.unwrap(f)) == .identifier, tree.name(of: tree.unwrap(f)) == name,
                  isTeardown(tree.name(of: method)) else { continue }
            out.append(("\(name).prototype.\(tree.name(of: method))", tree.unwrap(right)))
        }
        return out
    }

    /// Whether a node lies in the class whose method `fn` is (anywhere in the file for a constructor function's
    /// prototype methods, which need not sit together).
    func sameClass(_ node: NodeID, _ fn: NodeID, _ tree: SyntaxTree) -> Bool {
        guard let p = tree.parent(fn), tree.kind(p) == .methodDefinition, let cls = tree.enclosingClass(of: p) else { return true }
        let r = tree.range(cls), n = tree.range(node)
        return r.start <= n.start && n.end <= r.end
    }

    /// The teardown method (`disconnect`, `destroy`, `close`, ...) of the class whose constructor or method
    /// `fn` is, when that class has one and is not a module-level singleton: its instances end while the
    /// program runs (the first of `teardownFunctions`).
    func teardownOfInstance(_ fn: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> String? {
        teardownFunctions(fn, tree, scopes).first?.name
    }

    /// The event of another `once` the same call adds to the same emitter for a different reply (not an
    /// error, end or close: those are the error shape's), when there is one: only one of the two comes.
    func alternativeReply(to add: PerCallAdd, event: String?, owner: NodeID, among adds: [PerCallAdd], _ tree: SyntaxTree,
                          _ scopes: LeakScopes) -> PerCallAdd? {
        guard add.method.lowercased().contains("once"), let event, !ListenerLeakEmitterRule.rareEvents.contains(event) else { return nil }
        let receiverText = scopes.normalizedText(add.receiver)
        for other in adds where other.call != add.call && other.method.lowercased().contains("once") {
            guard tree.kind(other.args[0]) == .stringLiteral else { continue }
            let e = tree.stringValue(of: other.args[0])
            guard e != event, !ListenerLeakEmitterRule.rareEvents.contains(e), scopes.normalizedText(other.receiver) == receiverText,
                  perCallOwner(of: other.call, tree) == owner else { continue }
            return other
        }
        return nil
    }

    /// The name of the function a removal inside the call passes for the add's emitter and event when it is
    /// another named function than the added one and no add in the file puts it there for that event.
    func otherRemoved(_ add: PerCallAdd, event: String?, receiverText: String, owner: NodeID,
                      removals: [(receiver: String, event: String?, listener: NodeID?, node: NodeID)], adds: [PerCallAdd],
                      _ tree: SyntaxTree, _ scopes: LeakScopes) -> String? {
        let semantic = scopes.semantic
        let listener = tree.unwrap(add.args[1])
        guard let event, tree.kind(listener) == .identifier, let added = semantic.binding(for: listener) else { return nil }
        let emitter = scopes.normalizedText(chainRoot(add.receiver, tree))
        for r in removals where r.event == event && scopes.contains(owner, r.node) {
            guard case .call(let callee, _, _, _) = tree[r.node], case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
                  scopes.normalizedText(chainRoot(object, tree)) == emitter,
                  let l = r.listener.map({ tree.unwrap($0) }), tree.kind(l) == .identifier, let removed = semantic.binding(for: l),
                  removed != added, !semantic.isWritten(removed),
                  // a function of its own (`const onClose = function () {...}`), not a variable that may hold the
                  // added one (`_resolve = resolve`)
                  let own = listenerFunction(l, owner, tree, scopes), own != listenerFunction(listener, owner, tree, scopes) else { continue }
            let everAdded = adds.contains { a in
                let al = tree.unwrap(a.args[1])
                return tree.kind(al) == .identifier && semantic.binding(for: al) == removed
                    && scopes.normalizedText(chainRoot(a.receiver, tree)) == emitter
                    && tree.kind(a.args[0]) == .stringLiteral && tree.stringValue(of: a.args[0]) == event
            }
            if !everAdded { return tree.name(of: l) }
        }
        return nil
    }

    /// The emitter a chained call works on: `socket.on('drain', f).on('close', g)` adds both to `socket`.
    func chainRoot(_ receiver: NodeID, _ tree: SyntaxTree) -> NodeID {
        var r = tree.unwrap(receiver)
        var steps = 0
        while steps < 32, case .call(let callee, _, _, _) = tree[r], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
              ListenerLeakEmitterRule.adding.contains(tree.name(of: property)) || ListenerLeakEmitterRule.removing.contains(tree.name(of: property)) {
            steps += 1
            r = tree.unwrap(object)
        }
        return r
    }

    /// The function a listener argument names in this file: an inline function, a local or module function,
    /// or a method of the owner's class or constructor (`this.onRow` in `Cursor.prototype.submit` is
    /// `Cursor.prototype.onRow = function ...`, also when the constructor rebinds it).
    func listenerFunction(_ arg: NodeID, _ owner: NodeID, _ tree: SyntaxTree, _ scopes: LeakScopes) -> NodeID? {
        let l = tree.unwrap(arg)
        if tree.kind(l).isFunction { return l }
        switch tree[l] {
        case .identifier:
            guard let b = scopes.semantic.binding(for: l) else { return nil }
            if let initial = scopes.semantic.binding(b).initializer, initial.path.isEmpty, tree.kind(tree.unwrap(initial.expression)).isFunction {
                return tree.unwrap(initial.expression)
            }
            let d = scopes.semantic.binding(b).declaration
            return tree.kind(d) == .functionDeclaration ? d : nil
        case .member(let object, let property, false, _):
            guard tree.kind(tree.unwrap(object)) == .thisExpression, let p = tree.parent(owner) else { return nil }
            let name = tree.name(of: property)
            switch tree[p] {
            case .methodDefinition:
                guard let body = tree.parent(p), case .classBody(let members) = tree[body] else { return nil }
                for m in tree.list(members) {
                    if case .methodDefinition(_, let key, let value, _, _) = tree[m], tree.text(key) == name { return value }
                }
                return nil
            case .assignment(_, let left, _):
                // `X.prototype.m = function`: find `X.prototype.<name> = function` at the top level
                guard case .member(let protoExpr, _, false, _) = tree[left] else { return nil }
                let target = scopes.normalizedText(protoExpr) + "." + name
                guard case .program(let body) = tree[tree.root] else { return nil }
                for stmt in tree.list(body).prefix(4_000) {
                    guard case .expressionStatement(let e, _) = tree[stmt], case .assignment(.assign, let l2, let r2) = tree[tree.unwrap(e)],
                          tree.kind(tree.unwrap(r2)).isFunction, scopes.normalizedText(l2) == target else { continue }
                    return tree.unwrap(r2)
                }
                return nil
            default:
                return nil
            }
        default:
            return nil
        }
    }

    func perCallReport(_ unit: SourceUnit, _ scopes: LeakScopes, _ add: PerCallAdd, event: String?, owner: NodeID,
                       ownerName: String?, shape: String, inline: Bool) -> Report
    {
        let tree = unit.tree
        let emitter = tree.text(chainRoot(add.receiver, tree))
        let what = event.map { "'\($0)' listener" } ?? "listener"
        let fn = ownerName.map { "\($0)()" } ?? "the function at line \(unit.file.location(of: Int(tree.range(owner).start)).line)"
        var message = "\(what) added to \(emitter) on every call of \(fn) and never removed: \(shape)"
        if inline { message += "; an inline function cannot be removed later" }
        let remover = add.method == "addEventListener" || add.helper ? "removeEventListener" : "off"
        let eventText = add.helper ? "'abort'" : tree.text(add.args[0])
        let fix = "keep the listener in a variable or field and call \(emitter).\(remover)(\(eventText), listener) when the call's work ends (on success and on error), or add it only once per emitter"
        let trace = [
            unit.step(owner, "\(fn) runs once per call"),
            unit.step(add.call, add.helper ? "\(add.method)(\(emitter), ...) adds an 'abort' listener per call"
                                            : "\(emitter).\(add.method)(...) adds a listener per call"),
        ]
        let evidence: Evidence = ["emitter": .string(emitter), "event": .string(event ?? ""), "handler": .string(fn), "context": .string("per call")]
        return Report(message, fix: Fix(description: fix), trace: trace, evidence: evidence)
    }
}
