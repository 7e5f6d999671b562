// serial-await/sequential (page: rules/serial-await/sequential.md): in one statement list of an async
// function, awaited calls that wait for an earlier awaited call although they neither read what it
// (or anything in between) wrote nor need to keep their order with it. The finding sits on the first
// await that could have started earlier and carries the `Promise.all` rewrite of the group. The rule
// visits each function; `.then` chains are checked once per file.

import Diagnostics
import JSSemantic
import JSSyntax
import LintEngine

struct SerialAwaitSequentialRule: Rule {
    static let id: RuleID = "serial-await/sequential"
    static let nodeKinds = SerialAwait.functionKinds

    func visit(_ fn: NodeID, _ ctx: FileContext) {
        let tree = ctx.tree
        guard SerialAwait.isAsyncFunction(fn, tree) else { return }
        // Every finding needs two awaits of the function's own (awaited statements grouped, or two
        // awaited calls in one statement): a function with fewer is done before its facts are gathered.
        let own = SerialAwait.OwnStatements.of(ctx).of(fn)
        if own.complete && own.awaits < 2 { return }
        // What can hold a finding is read from the syntax first: the statements of a list from one that awaits a
        // call whole to the last later awaited statement (`groupSpan`), a statement with two awaits of the
        // function's own (sibling awaits). An awaited statement holds an await of the function's own, so a
        // statement holding none is none (when the walk counting them saw the whole function). A function with
        // nothing that can hold a finding is done before its facts (and the file's bindings) are gathered.
        var plan: [(span: ArraySlice<NodeID>, members: ArraySlice<SerialAwait.AwaitStatement?>, siblings: [NodeID])] = []
        // loops of a list after a statement that awaits a call whole, whose body awaits (`checkLoopStarts`)
        var loopPlan: [(list: [NodeID], members: [SerialAwait.AwaitStatement?], loops: [Int])] = []
        for list in own.lists {
            var span: Range<Int> = 0..<0
            var members: [SerialAwait.AwaitStatement?] = []
            if list.count >= 2 {
                members = list.prefix(400).map { stmt in
                    own.complete && SerialAwait.ownAwaitCount(in: stmt, own.awaitStarts, tree, limit: 1) == 0
                        ? nil : SerialAwait.awaitStatement(stmt, tree)
                }
                span = Self.groupSpan(members) ?? 0..<0
            }
            var siblings: [NodeID] = []
            for stmt in list where own.siblingAwaits && !SerialAwait.isLoop(tree.kind(stmt))
                && (!own.complete || SerialAwait.ownAwaitCount(in: stmt, own.awaitStarts, tree) == 2) {
                siblings.append(stmt)
            }
            if !span.isEmpty || !siblings.isEmpty { plan.append((list[span], members[span], siblings)) }
            if let first = Self.firstWholeAwait(members) {
                let loops = (first + 1..<members.count).filter { k in
                    switch tree.kind(list[k]) {
                    case .whileStatement, .doWhileStatement, .forStatement:
                        return SerialAwait.ownAwaitCount(in: list[k], own.awaitStarts, tree, limit: 1) > 0
                    default: return false
                    }
                }
                if !loops.isEmpty { loopPlan.append((list, members, loops)) }
            }
        }
        // a transactional function (`FunctionContext.isTransactional`) reports nothing; asked once there is
        // something to report
        guard !plan.isEmpty || !loopPlan.isEmpty, let fctx = SerialAwait.FunctionContexts.of(ctx).context(fn) else { return }
        for (span, members, siblings) in plan {
            if !span.isEmpty { check(Array(span), Array(members), fctx, ctx) }
            for stmt in siblings {
                for (a, b) in SerialAwait.siblingAwaits(in: stmt, fctx) where !fctx.isTransactional { reportSiblings(a, b, ctx) }
            }
        }
        for (list, members, loops) in loopPlan {
            checkLoopStarts(list, members, loops: loops, own.awaitStarts, fctx, ctx)
        }
    }

    /// The first statement of a list (of its first 400) that awaits a call whole: where a group can start.
    static func firstWholeAwait(_ members: [SerialAwait.AwaitStatement?]) -> Int? {
        members.firstIndex { m in
            guard let m else { return false }
            if case .embedded = m.shape { return false }
            return true
        }
    }

    /// The statements of a list (their awaited statements `SerialAwait.awaitStatement`, nil for the others) that a
    /// group can span: from the first that awaits a call whole (a group starts at such a statement) to the last
    /// later one that does not already run a `Promise.all` (the last a group can take in). What `check` reads of
    /// the statements around a group lies between them; nil when no group fits.
    static func groupSpan(_ members: [SerialAwait.AwaitStatement?]) -> Range<Int>? {
        guard let first = members.firstIndex(where: { m in
            guard let m else { return false }
            if case .embedded = m.shape { return false }
            return true
        }), let last = members.lastIndex(where: { $0?.combined.isEmpty == true }), last > first else { return nil }
        return first..<(last + 1)
    }

    func checkFile(_ ctx: FileContext) {
        let tree = ctx.tree
        for then in SerialAwait.serialThens(ctx)
            where !SerialAwait.isGuardCall(then.first, tree) && !SerialAwait.isGuardCall(SerialAwait.chainBase(then.first, tree), tree) {
            let a = SerialAwait.calleeLabel(then.first, tree), b = SerialAwait.calleeLabel(then.second, tree)
            let line = ctx.file.location(of: Int(tree.range(then.first).start)).line
            let calls = "\(tree.text(then.first)), \(tree.text(then.second))"
            let fix = Fix(description: "start both together: Promise.all([\(calls.count > 120 ? "..." : calls)]).then(([first, second]) => ...)")
            var evidence = Evidence()
            evidence["group"] = .array([.string(a), .string(b)])
            evidence["lines"] = .array([.int(line), .int(ctx.file.location(of: Int(tree.range(then.second).start)).line)])
            ctx.reportWhenHot(then.second, Report("\(b) starts only after \(a) (line \(line)) settles in a .then chain though it does not use its result",
                                           fix: fix, trace: [ctx.step(then.first, a), ctx.step(then.second, b)], evidence: evidence,
                                           awaited: AwaitedCalls([then.first, then.second], minimum: 2)))
        }
    }

    private struct Step {
        let facts: SerialAwait.Facts
        /// What must not depend on the statements above for this one to start earlier: its facts, or for
        /// `const clubs = (await CALL).filter((c) => !joined.has(c.id))` the awaited call's (and the names it
        /// declares): what follows the await runs once it has settled, after every call of the group.
        let startFacts: SerialAwait.Facts
        let member: SerialAwait.AwaitStatement?
        let isBarrier: Bool
        /// A `const`/`let` declaration that awaits nothing and whose calls say they read or say nothing
        /// (`const countQuery = buildQuery(input)`): it may move above the group with the await that needs it.
        let isMovableSetup: Bool
        /// `room.isOwner = await isRoomOwner(uid, id)`: the awaited call's facts alone. The target's object is
        /// evaluated before the call and the property is written after it, in place, once the group has
        /// settled, so only the call has to be independent (and a group that needs this has no edits: its
        /// destructuring would write the property before the object it belongs to is there).
        let callFacts: SerialAwait.Facts?
        /// `if (!survey) throw ...` (`SerialAwait.isErrorGuard`): a group of reads may reach past it (`mayPass`).
        let isErrorGuard: Bool
    }

    /// The steps of the statements of a list (their awaited statements `members`, nil for the others).
    private func steps(_ list: [NodeID], _ members: [SerialAwait.AwaitStatement?], _ fctx: SerialAwait.FunctionContext) -> [Step] {
        let tree = fctx.model.tree
        return zip(list.prefix(400), members).map { stmt, member in
            var facts = fctx.model.facts(stmt)
            // an error guard's branch leaves the function: what it does there (`NextResponse.json(...)`) is no
            // write that later statements could see, only its test is
            let isErrorGuard = member == nil && facts.exits && facts.awaits.isEmpty && SerialAwait.isErrorGuard(stmt, fctx.model)
                && !SerialAwait.documentedSerial(stmt, tree, fctx.model.file)
            if isErrorGuard, case .ifStatement(let test, _, _) = tree[stmt] {
                facts = fctx.model.facts(test)
                facts.exits = true
            }
            let isBarrier = SerialAwait.isBarrier(facts, tree) || member.map { SerialAwait.isGuard($0, tree) } == true
                || member.map { SerialAwait.isResponseCall($0.call, tree) } == true
                || SerialAwait.isGuardStatement(stmt, tree) || SerialAwait.documentedSerial(stmt, tree, fctx.model.file)
                || member.map { SerialAwait.awaitsStreamEnd($0.call, fctx.model.semantic) } == true
                || member.map { fctx.pacesThisCalls && SerialAwait.isCallOnThis($0.call, tree) } == true
            var startFacts = facts
            if let m = member, facts.awaits.count == 1 {
                switch m.shape {
                case .projected:
                    startFacts = fctx.model.facts(m.await)
                    startFacts.writes += facts.writes
                case .embedded(let before):
                    // the call and the tests deciding whether it runs start early; the statement's own
                    // assignment stays where it is, after the group
                    startFacts = fctx.model.facts(m.await)
                    for test in before { startFacts.merge(fctx.model.facts(test), asNested: false) }
                default: break
                }
            }
            var callFacts: SerialAwait.Facts?
            if let m = member, facts.awaits.count == 1, case .assignment(let target) = m.shape, tree.kind(tree.unwrap(target)) == .member {
                callFacts = fctx.model.facts(m.await)
            }
            return Step(facts: facts, startFacts: startFacts, member: member, isBarrier: isBarrier,
                        isMovableSetup: member == nil && !isBarrier && facts.awaits.isEmpty
                            && SerialAwait.isLexicalDeclaration(stmt, tree)
                            && !facts.calls.contains { $0.verb == .mutating || $0.isDelay || $0.isLock || $0.isTransaction },
                        callFacts: callFacts,
                        isErrorGuard: isErrorGuard)
        }
    }

    private func check(_ list: [NodeID], _ members: [SerialAwait.AwaitStatement?], _ fctx: SerialAwait.FunctionContext,
                       _ ctx: FileContext) {
        let steps = steps(list, members, fctx)
        var grouped = Set<Int>()
        for i in steps.indices {
            guard let first = steps[i].member, !steps[i].isBarrier, !grouped.contains(i) else { continue }
            // a call inside a larger statement (under a condition, put into an object) joins a group started by a
            // statement that awaits a call whole, and starts none: the calls that always run are grouped first
            if case .embedded = first.shape { continue }
            var group = [i]
            // setup statements between the awaits that a later await of the group reads, moved above it
            var carried: [Int] = []
            // members that fit only by their call's facts (`Step.callFacts`)
            var detached = false
            // whether statement k could run before every statement from i up to it
            func canMoveUp(_ k: Int) -> Bool {
                steps[k].isMovableSetup && (i..<k).allSatisfy { SerialAwait.independent(steps[k].facts, of: steps[$0].facts, fctx) }
            }
            // error guards the group reaches past (`mayPass`)
            var crossed: [Int] = []
            var j = i + 1
            while j < steps.count, !steps[j].isBarrier || steps[j].isErrorGuard {
                if steps[j].isErrorGuard {
                    crossed.append(j)
                    j += 1
                    continue
                }
                // a `Promise.all` already started takes later calls in; it is not moved into an earlier group
                if let m = steps[j].member, m.combined.isEmpty, !grouped.contains(j),
                   crossed.isEmpty || mayPass(steps[j], guards: crossed, from: i, list, steps, fctx) {
                    func fits(_ start: SerialAwait.Facts) -> [Int]? {
                        var needs: [Int] = []
                        let ok = (i..<j).allSatisfy { k in
                            if SerialAwait.independent(start, of: steps[k].facts, fctx) { return true }
                            guard k > i, canMoveUp(k) else { return false }
                            needs.append(k)
                            return true
                        }
                        return ok ? needs : nil
                    }
                    var needs = fits(steps[j].startFacts)
                    if needs == nil, let call = steps[j].callFacts, let n = fits(call) {
                        needs = n
                        detached = true
                    }
                    if let needs {
                        group.append(j)
                        for k in needs where !carried.contains(k) { carried.append(k) }
                    }
                }
                j += 1
            }
            guard group.count >= 2, !fctx.isTransactional else { continue }
            grouped.formUnion(group)
            // a later call read a looked-up record's key field through the record: its text cannot move above the lookup
            let editable = !detached && !group.dropFirst().contains { steps[$0].startFacts.echoed || steps[$0].callFacts?.echoed == true }
                && !carried.contains { steps[$0].facts.echoed }
            report(group.compactMap { steps[$0].member }, carried: carried.sorted().map { list[$0] }, editable: editable, ctx)
        }
        checkMessaging(list, steps, grouped: grouped, fctx, ctx)
    }

    /// Loops of a list (`loops`, indexes into it) whose rounds depend on one another, so that serial-await/loop
    /// leaves them alone (a pagination loop reading `hasMore` from each page, attempts until one succeeds), that
    /// surely run once (`SerialAwait.surelyEnters`) and whose first round starts with an awaited call
    /// (`SerialAwait.firstRound`): that call waits for the awaited statements above the loop although it may
    /// need nothing they wrote. It is reported with the earliest of them it could start with: the statements
    /// from there to the loop must let it pass as they let a later member of a group pass (independent, setup
    /// it can take along, error guards that only fail the request, comparing the calls' first arguments).
    private func checkLoopStarts(_ list: [NodeID], _ members: [SerialAwait.AwaitStatement?], loops: [Int], _ awaitStarts: [Int32],
                                 _ fctx: SerialAwait.FunctionContext, _ ctx: FileContext) {
        let tree = ctx.tree
        for l in loops {
            let loop = list[l]
            guard let first = Self.firstWholeAwait(Array(members[..<l])),
                  !SerialAwait.documentedSerial(loop, tree, fctx.model.file),
                  SerialAwait.surelyEnters(loop, ctx.semantic),
                  let round = SerialAwait.firstRound(loop, awaitStarts, fctx),
                  !SerialAwait.isGuard(round.member, tree), !SerialAwait.isGuardCall(round.member.call, tree),
                  !SerialAwait.isResponseCall(round.member.call, tree),
                  !SerialAwait.awaitsStreamEnd(round.member.call, ctx.semantic),
                  !(fctx.pacesThisCalls && SerialAwait.isCallOnThis(round.member.call, tree)),
                  SerialAwait.independentLoopAwait(loop, fctx) == nil
            else { continue }
            let above = Array(list[first..<l])
            let steps = steps(above, Array(members[first..<l]), fctx)
            let start = Step(facts: round.facts, startFacts: round.facts, member: round.member, isBarrier: false,
                             isMovableSetup: false, callFacts: nil, isErrorGuard: false)
            // no group reaches past a barrier other than an error guard
            let from = (steps.lastIndex { $0.isBarrier && !$0.isErrorGuard }).map { $0 + 1 } ?? 0
            for i in from..<steps.count {
                guard let earlier = steps[i].member, earlier.combined.isEmpty, !steps[i].isBarrier else { continue }
                if case .embedded = earlier.shape { continue }
                var crossed: [Int] = []
                let fits = (i..<steps.count).allSatisfy { k in
                    if steps[k].isErrorGuard {
                        crossed.append(k)
                        return true
                    }
                    // an awaited statement that the first call must follow through what both address
                    if let m = steps[k].member, orderedThroughArguments(m, before: round.member, fctx) { return false }
                    if SerialAwait.independent(round.facts, of: steps[k].facts, fctx) { return true }
                    // setup the first round reads (`let page = 1`) moves above the earlier call with it
                    return k > i && steps[k].isMovableSetup
                        && (i..<k).allSatisfy { SerialAwait.independent(steps[k].facts, of: steps[$0].facts, fctx) }
                }
                guard fits, crossed.isEmpty || mayPass(start, guards: crossed, from: i, above, steps, fctx, firstArguments: true),
                      !fctx.isTransactional else { continue }
                reportLoopStart(earlier, round.member, loop, ctx)
                break
            }
        }
    }

    private func reportLoopStart(_ earlier: SerialAwait.AwaitStatement, _ later: SerialAwait.AwaitStatement, _ loop: NodeID,
                                 _ ctx: FileContext) {
        let tree = ctx.tree
        let a = SerialAwait.calleeLabel(earlier.call, tree), b = SerialAwait.calleeLabel(later.call, tree)
        let lines = [earlier.await, later.await].map { ctx.file.location(of: Int(tree.range($0).start)).line }
        let kind = SerialAwait.loopKindName(loop, tree)
        var evidence = Evidence()
        evidence["group"] = .array([.string(a), .string(b)])
        evidence["lines"] = .array(lines.map { .int($0) })
        evidence["loop"] = .string(kind)
        let fix = Fix(description: "start the loop's first \(b)(...) together with \(a)(...): await both with Promise.all "
                      + "before the loop and begin it at its second round, or start \(a)(...) before the loop and await "
                      + "its promise where its result is first read")
        let trace = [ctx.step(earlier.await, "await \(a)"), ctx.step(loop, "\(kind) loop"), ctx.step(later.await, "await \(b)")]
        ctx.reportWhenHot(later.await, Report("await \(b) in the first round of a \(kind) loop waits for \(a) (line \(lines[0])) "
                                              + "though it does not depend on it",
                                              fix: fix, trace: trace, evidence: evidence,
                                              awaited: AwaitedCalls([earlier.call, later.call], minimum: 2)))
    }

    /// Whether a later awaited statement may start before the error guards `guards` (each after `from`): it
    /// only reads (by the names of all its calls) and does no credential work, and each guard tests the result
    /// of an awaited lookup of the group's span that is no check of the caller (`isPredicateName`,
    /// `mentionsRefusal`), whose arguments share no value or literal key with the later call's, and reads none
    /// of the later call's arguments itself. The later read is then about something else: it cannot fail because
    /// the looked-up record is missing, and a request the guard fails only throws its result away.
    /// With `firstArguments`, only the first argument of each call is compared (the URL, the id, the query): a
    /// request's options handed to both calls (`{ headers }`) name no record.
    private func mayPass(_ step: Step, guards: [Int], from start: Int, _ list: [NodeID], _ steps: [Step],
                         _ fctx: SerialAwait.FunctionContext, firstArguments: Bool = false) -> Bool {
        guard let member = step.member,
              step.startFacts.calls.allSatisfy(\.onlyReads)
        else { return false }
        let model = fctx.model, tree = model.tree
        let bytes = tree.file.bytes
        // credential work (`hashPassword(...)`, a session's token) waits for the guards like a check would; a read
        // of the caller's privileges kept for a later check (`SerialAwait.readsAccess`) does not
        for call in member.calls where SerialAwait.calleeMentionsRefusal(call, tree) {
            if !SerialAwait.readsAccess(member, call, model) { return false }
        }
        let own = inputs(member, model, firstArguments: firstArguments)
        for g in guards {
            guard case .ifStatement(let test, _, _) = tree[list[g]] else { return false }
            let tested = model.facts(test)
            // a guard that checks a value the later call takes (`if (found.projectId !== input.projectId) throw`)
            // decides whether that input is valid
            if own.paths.contains(where: { tested.reads($0) }) { return false }
            let guardRange = tree.range(list[g])
            if SerialAwait.mentionsRefusal(Int(guardRange.start)..<Int(guardRange.end), bytes) { return false }
            var lookups = 0
            for k in start..<g {
                guard let lookup = steps[k].member, steps[k].facts.writes.contains(where: { tested.reads($0) }) else { continue }
                lookups += 1
                for call in lookup.calls {
                    if SerialAwait.isPredicateName(model.file.describe(call).name) || SerialAwait.calleeMentionsRefusal(call, tree) {
                        return false
                    }
                }
                if Self.shareInput(own, inputs(lookup, model, firstArguments: firstArguments)) { return false }
            }
            if lookups == 0 { return false }
        }
        return true
    }

    /// Whether a loop's first awaited call `later` must wait for the earlier awaited statement `earlier`
    /// through what both address, though their facts are independent (`SerialAwait.independent` orders a
    /// read after a write only when the names say so, and a call after a write of its receiver). When a
    /// call of `earlier` may write (its name says it writes or says nothing): unless `later`'s names say it
    /// reads (a call whose name says nothing, such as `makeVerifiedAPICall(...)`, may read what was just
    /// stored), and when the two share an argument value (a variable or property path an argument reads,
    /// `sid` in `url(3000, sid)`, or a string-literal key): a key written, then read page by page; a session
    /// posted to, then polled. And, whatever the names say, when both call the same function or method on a
    /// first argument in common: a warm-up, or a first attempt the loop repeats.
    private func orderedThroughArguments(_ earlier: SerialAwait.AwaitStatement, before later: SerialAwait.AwaitStatement,
                                         _ fctx: SerialAwait.FunctionContext) -> Bool {
        let model = fctx.model, tree = model.tree, sem = model.semantic
        func onlyReads(_ calls: [NodeID]) -> Bool { calls.allSatisfy { model.file.describe($0).onlyReads } }
        if !onlyReads(earlier.calls),
           !onlyReads(later.calls) || Self.shareInput(inputs(earlier, model), inputs(later, model)) {
            return true
        }
        // the same function or method (`bench`, `client.query`) on the same first argument (its value read, or
        // the same literal)
        func callee(_ call: NodeID) -> SerialAwait.Path? {
            guard case .call(let c, _, _, _) = tree[call] else { return nil }
            return SerialAwait.path(tree.unwrap(c), tree, sem)
        }
        let theirs = later.calls.compactMap(callee)
        guard earlier.calls.contains(where: { callee($0).map(theirs.contains) == true }) else { return false }
        func first(_ member: SerialAwait.AwaitStatement) -> (paths: [SerialAwait.Path], keys: [String]) {
            var out = inputs(member, model, firstArguments: true)
            out.keys = member.calls.compactMap { call in
                guard case .call(_, _, let arguments, _) = tree[call], let a = tree.list(arguments).first.map(tree.unwrap),
                      tree.kind(a) == .stringLiteral else { return nil }
                return tree.stringValue(of: a)
            }
            return out
        }
        return Self.shareInput(first(earlier), first(later))
    }

    /// Whether two statements' inputs (`inputs`) have a string-literal key or a read path in common.
    static func shareInput(_ a: (paths: [SerialAwait.Path], keys: [String]), _ b: (paths: [SerialAwait.Path], keys: [String])) -> Bool {
        a.keys.contains(where: b.keys.contains) || a.paths.contains { p in b.paths.contains { $0.overlaps(p) } }
    }

    /// What the arguments of a statement's awaited calls read, and their string-literal arguments.
    private func inputs(_ member: SerialAwait.AwaitStatement, _ model: SerialAwait.FunctionModel,
                        firstArguments: Bool = false) -> (paths: [SerialAwait.Path], keys: [String]) {
        let tree = model.tree
        var paths: [SerialAwait.Path] = [], keys: [String] = []
        for call in member.calls {
            keys += model.file.describe(call).keys
            guard case .call(_, _, let arguments, _) = tree[call] else { continue }
            for a in tree.list(arguments).prefix(firstArguments ? 1 : Int.max) { paths += model.facts(a).reads }
        }
        return (paths, keys)
    }

    /// The statements the pass above left out, again, with the awaited calls whose names say they send a
    /// message (`await sendInfo(socket)`, `SerialAwait.messagingVerbs`) taken as reads where that alone keeps
    /// their order: every other call of both statements reads, so no write is ordered against the message.
    /// Such a group is reported only if the project model shows that each of those calls' functions reads and
    /// emits events only, each its own (`AwaitedCalls.emitOnly`); otherwise it stays quiet as before.
    private func checkMessaging(_ list: [NodeID], _ steps: [Step], grouped: Set<Int>, _ fctx: SerialAwait.FunctionContext,
                                _ ctx: FileContext) {
        let tree = ctx.tree
        // the messaging call each plain awaited statement makes (`x = await sendX(...)`, `await sendX(...)`)
        var messaging = [NodeID?](repeating: nil, count: steps.count)
        var any = false
        for (k, step) in steps.enumerated() {
            guard let m = step.member, m.combined.isEmpty, step.callFacts == nil, step.facts.awaits.count == 1 else { continue }
            switch m.shape {
            case .bare, .declaration: break
            case .assignment(let target) where tree.kind(tree.unwrap(target)) == .identifier: break
            default: continue
            }
            if SerialAwait.isMessagingCall(fctx.model.file.describe(m.call)) {
                messaging[k] = m.call
                any = true
            }
        }
        guard any else { return }
        var relaxedFacts: [Int: SerialAwait.Facts] = [:]
        func relaxed(_ k: Int) -> SerialAwait.Facts {
            guard let call = messaging[k] else { return steps[k].facts }
            if let known = relaxedFacts[k] { return known }
            let f = fctx.model.facts(list[k], reading: [call])
            relaxedFacts[k] = f
            return f
        }
        func onlyReads(_ f: SerialAwait.Facts) -> Bool {
            f.calls.allSatisfy(\.onlyReads)
        }
        /// Whether statement `j` may start before statement `k`, and which messaging calls that takes as reads.
        func fits(_ j: Int, after k: Int) -> (fits: Bool, taken: [Int]) {
            if SerialAwait.independent(steps[j].startFacts, of: steps[k].facts, fctx) { return (true, []) }
            guard messaging[j] != nil || messaging[k] != nil else { return (false, []) }
            let c = relaxed(j), p = relaxed(k)
            guard onlyReads(c), onlyReads(p), SerialAwait.independent(c, of: p, fctx) else { return (false, []) }
            return (true, [j, k].filter { messaging[$0] != nil })
        }
        func isMember(_ k: Int) -> Bool {
            guard let m = steps[k].member, m.combined.isEmpty, !steps[k].isBarrier else { return false }
            if case .embedded = m.shape { return false }
            return true
        }
        var taken = Set<Int>(grouped)
        for i in steps.indices where !taken.contains(i) && isMember(i) {
            var group = [i]
            var needs = Set<Int>()
            var j = i + 1
            // a statement another group holds ends this one (their rewrites would overlap)
            while j < steps.count, !steps[j].isBarrier, !taken.contains(j) {
                if isMember(j) {
                    var ok = true
                    var uses: [Int] = []
                    for k in i..<j {
                        let r = fits(j, after: k)
                        if !r.fits { ok = false; break }
                        uses += r.taken
                    }
                    if ok {
                        group.append(j)
                        needs.formUnion(uses)
                    }
                }
                j += 1
            }
            guard group.count >= 2, !needs.isEmpty, !fctx.isTransactional else { continue }
            taken.formUnion(group)
            let emitOnly = needs.sorted().compactMap { messaging[$0] }
            report(group.compactMap { steps[$0].member }, carried: [], editable: true, ctx, emitOnly: emitOnly)
        }
    }

    private func reportSiblings(_ first: NodeID, _ second: NodeID, _ ctx: FileContext) {
        let tree = ctx.tree
        let callOf = { (a: NodeID) -> NodeID in
            if case .await(let arg) = tree[a] { return tree.unwrap(arg) }
            return a
        }
        let a = SerialAwait.calleeLabel(callOf(first), tree), b = SerialAwait.calleeLabel(callOf(second), tree)
        let line = ctx.file.location(of: Int(tree.range(first).start)).line
        var evidence = Evidence()
        evidence["group"] = .array([.string(a), .string(b)])
        evidence["lines"] = .array([.int(line), .int(ctx.file.location(of: Int(tree.range(second).start)).line)])
        let fix = Fix(description: "start the calls together before the expression: const [x, y] = await Promise.all([\(a)(...), \(b)(...)])")
        ctx.reportWhenHot(second, Report("await \(b) waits for \(a) (line \(line)) though it does not depend on it",
                                  fix: fix, trace: [ctx.step(first, "await \(a)"), ctx.step(second, "await \(b)")],
                                  evidence: evidence, awaited: AwaitedCalls([callOf(first), callOf(second)], minimum: 2)))
    }

    private func report(_ group: [SerialAwait.AwaitStatement], carried: [NodeID], editable: Bool, _ ctx: FileContext,
                        emitOnly: [NodeID] = []) {
        let tree = ctx.tree
        let second = group[1]
        let labels = group.map { SerialAwait.calleeLabel($0.call, tree) }
        let lines = group.map { ctx.file.location(of: Int(tree.range($0.await).start)).line }
        var message = "await \(labels[1]) waits for \(labels[0]) (line \(lines[0])) though it does not depend on it"
        if group.count > 2 { message += "; \(group.count) calls could run together" }
        let rewrite = SerialAwaitRewrite(group: group, carried: carried, editable: editable, unit: ctx.unit)
        let fix = Fix(description: rewrite.description, edits: rewrite.edits)
        var evidence = Evidence()
        evidence["group"] = .array(labels.map { .string($0) })
        evidence["lines"] = .array(lines.map { .int($0) })
        let trace = zip(group, labels).map { ctx.step($0.await, "await \($1)") }
        ctx.reportWhenHot(second.await, Report(message, fix: fix, trace: trace, evidence: evidence,
                                               awaited: AwaitedCalls(group.flatMap(\.calls), minimum: 2, emitOnly: emitOnly)))
    }
}

extension SerialAwait {
    /// Callee names of checks that throw or reject when they fail (`await validate(input)`,
    /// `await assertCanEdit(user, doc)`, `await this.checkPermissions()`): what follows runs only if they
    /// pass, so starting it earlier would do work for requests that are refused (and may change which
    /// error the client sees). Seen on real code: parse-server's `_validatePasswordRequirements()` before
    /// `_validatePasswordHistory()`.
    static let guardPrefixes = ["validate", "check", "assert", "ensure", "verify", "authorize", "authorise",
                                "authenticate", "require", "guard", "protect", "throwif", "enforce", "must"]

    /// An awaited check whose result is not used (`await validate(x)`): it decides by throwing. A
    /// predicate awaited for nothing but its rejection (`await isOwner(caller, group)`, NodeBB's
    /// throwing privilege checks) is one too.
    static func isGuard(_ member: AwaitStatement, _ tree: SyntaxTree) -> Bool {
        switch member.shape {
        case .bare: break
        // `if (filter) { await authorizeFilterFields(user, filter) }`: a check on one branch
        case .embedded where tree.parent(member.await).map({ tree.kind($0) == .expressionStatement }) == true: break
        default: return false
        }
        if isGuardCall(member.call, tree) { return true }
        guard case .call(let callee, _, _, _) = tree[member.call] else { return false }
        var c = tree.unwrap(callee)
        if case .member(_, let property, false, _) = tree[c] { c = property }
        guard tree.kind(c) == .identifier else { return false }
        let name = tree.name(of: c)
        // `await blocks.can(uid, target)`: a predicate awaited for nothing but its rejection; likewise a read
        // whose value is dropped (`await getPadSafe(padID, true)`): it is there to throw for a missing
        // record (a load, `await loadFonts()`, is there for its effect)
        let checks = ["is", "has", "can", "does", "get", "find", "read", "lookup", "retrieve"]
        if checks.contains(name) { return true }
        for prefix in checks where name.hasPrefix(prefix) && name.count > prefix.count {
            let next = name[name.index(name.startIndex, offsetBy: prefix.count)]
            if next.isUppercase { return true }
        }
        return false
    }

    /// A plain call statement of a check (`authorize(user, "read", doc)`): it throws when the check fails,
    /// so the awaits after it run only for allowed requests (outline's `authorize` between two finds).
    /// Express/Koa response methods: `res.sendFile(...)`, `res.render(...)`. They start the response and return
    /// no promise, so awaiting one overlaps nothing, and what follows comes after the response on purpose
    /// (etherpad's export deletes the file it sent).
    static let responseMethods: Set<String> = [
        "send", "sendFile", "json", "jsonp", "render", "end", "redirect", "download", "attachment", "sendStatus",
        "write", "writeHead", "status", "set", "header", "type", "cookie", "clearCookie",
    ]

    /// `res.send(...)`, `res.status(201).json(...)`: writing the response, which must follow what it reports.
    static func isResponseCall(_ call: NodeID, _ tree: SyntaxTree) -> Bool {
        var c = tree.unwrap(call)
        for _ in 0..<8 {
            guard case .call(let callee, _, _, _) = tree[c], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(property) == .identifier, responseMethods.contains(tree.name(of: property)) else { return false }
            let o = tree.unwrap(object)
            if tree.kind(o) == .identifier { return ["res", "response"].contains(tree.name(of: o)) }
            c = o
        }
        return false
    }

    /// `await finished(stream)` / `await pipeline(a, b)` of `stream/promises`: it waits until a stream is done
    /// (a file written to the end) and rejects when it failed, so what follows relies on it: a record that
    /// points at the file is saved only once the file is there (juice-shop's profile image upload).
    static func awaitsStreamEnd(_ call: NodeID, _ sem: FileSemantics) -> Bool {
        guard case .call(let callee, _, _, _) = sem.tree[call], let x = sem.resolveExport(callee) else { return false }
        let ends = ["finished", "pipeline"]
        switch x.module {
        case "node:stream/promises", "stream/promises": return x.path.count == 1 && ends.contains(x.path[0])
        case "node:stream", "stream": return x.path.count == 2 && x.path[0] == "promises" && ends.contains(x.path[1])
        default: return false
        }
    }

    /// `this.fetchPage(...)`: a call of a method of the same object.
    static func isCallOnThis(_ call: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .call(let callee, _, _, _) = tree[call], case .member(let object, _, false, _) = tree[tree.unwrap(callee)] else {
            return false
        }
        return tree.kind(tree.unwrap(object)) == .thisExpression
    }

    static func isGuardStatement(_ stmt: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .expressionStatement(let e, _) = tree[stmt] else { return false }
        let call = tree.unwrap(e)
        return tree.kind(call) == .call && isGuardCall(call, tree)
    }

    /// What a `.then` / `.catch` / `.finally` chain starts from: `validate(x)` in `validate(x).then(f).then(g)`.
    static func chainBase(_ node: NodeID, _ tree: SyntaxTree) -> NodeID {
        var n = tree.unwrap(node)
        for _ in 0..<64 {
            guard case .call(let callee, _, _, _) = tree[n], case .member(let object, let property, false, _) = tree[tree.unwrap(callee)],
                  tree.kind(property) == .identifier, ["then", "catch", "finally"].contains(tree.name(of: property)) else { return n }
            n = tree.unwrap(object)
        }
        return n
    }

    static func isGuardCall(_ call: NodeID, _ tree: SyntaxTree) -> Bool {
        // `(isMaster ? Promise.resolve() : schema.validatePermission(...))`: a check on one branch
        if case .conditional(_, let consequent, let alternate) = tree[tree.unwrap(call)] {
            return isGuardCall(tree.unwrap(consequent), tree) || isGuardCall(tree.unwrap(alternate), tree)
        }
        guard case .call(let callee, _, _, _) = tree[call] else { return false }
        var c = tree.unwrap(callee)
        if case .member(_, let property, false, _) = tree[c] { c = property }
        guard tree.kind(c) == .identifier || tree.kind(c) == .privateIdentifier else { return false }
        var name = tree.name(of: c).lowercased()
        while name.hasPrefix("_") || name.hasPrefix("#") { name.removeFirst() }
        return guardPrefixes.contains { name.hasPrefix($0) }
    }

    /// Code whose author documents that it runs in turn on purpose: a comment just above the statement
    /// or loop (or at the top of its body) saying "one by one", "sequentially", "in this order", "serially",
    /// "one at a time", "rate limit" (typeorm's "Run nested set updates one by one").
    /// What `documentedSerial` looks for in a comment: first the two words of a comment to looplint itself,
    /// then the others.
    static let commentWords = [
        "looplint", "expect:", "no-await-in-loop",
        "one by one", "one-by-one", "sequentially", "in sequence", "serially", "in series", "one at a time",
        "do not parallel", "don't parallel", "not in parallel", "order matters", "in this order",
        "in the right order", "preserve order", "keep order", "rate limit", "ratelimit",
    ]

    /// `commentWords` as bytes, and for each byte the indexes of the words starting with it.
    private static let commentNeedles: (words: [[UInt8]], byFirstByte: [[Int]]) = {
        let words = commentWords.map { Array($0.utf8) }
        var byFirst = [[Int]](repeating: [], count: 256)
        for (k, w) in words.enumerated() { byFirst[Int(w[0])].append(k) }
        return (words, byFirst)
    }()

    /// `TextSearch.lowercasedMatches(comment, commentWords)` in one pass over an ASCII comment (it scans the
    /// comment once per word); other comments go through it.
    static func commentWordsFound(_ hay: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard hay.allSatisfy({ $0 < 0x80 }) else { return TextSearch.lowercasedMatches(hay, commentWords) }
        let (words, byFirst) = commentNeedles
        let all: UInt64 = (1 << UInt64(words.count)) - 1
        var bits: UInt64 = 0
        let n = hay.count
        var i = 0
        while i < n, bits != all {
            var b = hay[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20 }
            for k in byFirst[Int(b)] where bits & (1 << UInt64(k)) == 0 {
                let w = words[k]
                guard i + w.count <= n else { continue }
                var j = 1
                while j < w.count {
                    var c = hay[i + j]
                    if c >= 0x41 && c <= 0x5A { c |= 0x20 }
                    if c != w[j] { break }
                    j += 1
                }
                if j == w.count { bits |= 1 << UInt64(k) }
            }
            i += 1
        }
        return bits
    }

    static func documentedSerial(_ node: NodeID, _ tree: SyntaxTree, _ models: FileModels? = nil,
                                 lintCommentCounts: Bool = true) -> Bool {
        let start = Int(tree.range(node).start)
        let bytes = tree.file.bytes
        // the comment must end within 2 lines before the node, or start within its first 160 bytes
        var lineStart = start
        var newlines = 0
        while lineStart > 0, newlines < 3 {
            lineStart -= 1
            if bytes[lineStart] == 10 { newlines += 1 }
        }
        let windowEnd = min(Int(tree.range(node).end), start + 160)
        // comments are in source order: start at the first one ending at or after `lineStart`
        let comments = tree.comments
        var lo = 0, hi = comments.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(comments[mid].range.end) < lineStart { lo = mid + 1 } else { hi = mid }
        }
        for k in lo..<comments.count {
            let c = comments[k]
            let cs = Int(c.range.start), ce = Int(c.range.end)
            if cs >= windowEnd { break }
            guard (ce <= start && ce >= lineStart) || cs >= start else { continue }
            func search() -> UInt64 {
                bytes.withUnsafeBufferPointer { commentWordsFound(UnsafeBufferPointer(rebasing: $0[cs..<ce])) }
            }
            // a comment above several statements is searched once (`FileModels.commentWords`)
            let found = models?.commentWords(k, search) ?? search()
            // a comment to looplint itself (a fixture's expectation) says nothing of the code's intent
            if found & 0b11 != 0 { continue }
            // the project's linter told to accept an await in a loop whose every item is caught on its own
            // (`lintCommentCounts` false): only the other phrases say serial on purpose
            if !lintCommentCounts, found & ~UInt64(0b100) == 0 { continue }
            // otherwise the project's own linter told to accept an await in this loop (NodeBB marks its
            // read-modify-write loops this way), or one of the phrases: serial on purpose
            if found != 0 { return true }
        }
        return false
    }

    /// A statement no later await may be moved above: it may leave the list, it waits on purpose
    /// (a delay, a lock, a transaction step) or it awaits something that is not a call.
    static func isBarrier(_ facts: Facts, _ tree: SyntaxTree) -> Bool {
        if facts.exits { return true }
        if facts.calls.contains(where: { !$0.nested && ($0.isDelay || $0.isLock || $0.isTransaction) }) { return true }
        for a in facts.awaits {
            guard case .await(let argument) = tree[a] else { continue }
            let arg = tree.unwrap(argument)
            switch tree[arg] {
            case .call, .taggedTemplate: continue
            default: return true
            }
        }
        return false
    }

    /// Whether the later statement `c` may start before the earlier statement `p` finishes.
    static func independent(_ c: Facts, of p: Facts, _ fctx: FunctionContext) -> Bool {
        let pWrites = p.writes + p.softWrites, cWrites = c.writes + c.softWrites
        for w in pWrites where c.reads(w) || cWrites.contains(where: { $0.overlaps(w) }) { return false }
        for w in cWrites where p.reads(w) { return false }
        // Module state or globals written on one side may be read by any call on the other.
        if pWrites.contains(where: { !fctx.model.isLocal($0) }), !c.calls.isEmpty { return false }
        if cWrites.contains(where: { !fctx.model.isLocal($0) }), !p.calls.isEmpty { return false }
        for a in p.calls {
            for b in c.calls where orderMatters(a, b, connections: fctx.connections) { return false }
        }
        return true
    }
}
