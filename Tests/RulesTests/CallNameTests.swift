// What a call's name says by itself (`SerialAwait.CallName`), worked out once per distinct name of a file
// (`FileModels.callName(of:_:)`, by the name's index in the tree's name table): the same answers as the
// look-ups `describeCall` made for every call (the leading verb's sets, the name's sets and prefixes), and
// every call of a file described through the table as it is without it.

import ExecutionModel
import JSSemantic
import JSSyntax
import SourceText
import Testing
@testable import Rules

/// The look-ups of `describeCall` on a call's name as they were written per call.
private func expectedCallName(_ name: String) -> SerialAwait.CallName {
    let verbWord = SerialAwait.leadingVerb(name)
    let verb: SerialAwait.Verb
    if SerialAwait.readingVerbs.contains(verbWord) {
        verb = .reading
    } else if SerialAwait.mutatingVerbs.contains(verbWord) {
        verb = .mutating
    } else if verbWord == "clean", let second = SerialAwait.camelWords(name).dropFirst().first,
              SerialAwait.cleanedObjects.contains(second) {
        verb = .mutating
    } else {
        verb = .unknown
    }
    typealias F = SerialAwait.CallName.Flags
    var flags: F = []
    let checks: [(Bool, F)] = [
        (verbWord == "process", .process), (verbWord == "create", .create),
        (["log", "audit", "record"].contains(verbWord), .logs), (verbWord == "query", .query),
        (SerialAwait.queryRunnerNames.contains(name) || name.hasPrefix("$queryRaw") || name.hasPrefix("$executeRaw"), .runsQuery),
        (name == "sql" || name == "SQL", .sqlTag), (name.hasPrefix("$queryRaw"), .queryRaw), (name == "post", .post),
        (SerialAwait.promiseCombinators.contains(name), .promiseCombinator),
        (SerialAwait.delayVerbs.contains(verbWord) || SerialAwait.delayNames.contains(name), .delay),
        (SerialAwait.lockVerbs.contains(verbWord) || SerialAwait.lockNames.contains(name), .lock),
        (SerialAwait.transactionVerbs.contains(verbWord) || SerialAwait.transactionNames.contains(name), .transaction),
    ]
    for (holds, flag) in checks where holds { flags.insert(flag) }
    var out = SerialAwait.CallName("")
    out.verb = verb
    out.writesAfterConjunction = SerialAwait.writesAfterConjunction(name)
    out.collectionVerb = SerialAwait.collectionNouns.contains(verbWord) ? SerialAwait.collectionVerb(name) : nil
    out.flags = flags
    return out
}

private func same(_ a: SerialAwait.CallName, _ b: SerialAwait.CallName) -> Bool {
    a.verb == b.verb && a.writesAfterConjunction == b.writesAfterConjunction && a.collectionVerb == b.collectionVerb
        && a.flags == b.flags
}

@Test(arguments: [
    "", "getUser", "findOneAndUpdate", "getOrCreate", "processSortedSet", "process", "createTracesQuery", "log",
    "logGroupEvent", "audit", "recordHit", "query", "queryBuilder", "$queryRaw", "$queryRawUnsafe", "$executeRaw",
    "sql", "SQL", "post", "all", "allSettled", "race", "sleep", "setTimeout", "rateLimit", "lock", "withLock",
    "runExclusive", "begin", "commitTransaction", "$transaction", "sortedSetCard", "listAppend", "setCount",
    "setObject", "listOpen", "cleanExpiredSessions", "cleanInput", "clean", "delay", "mutex", "execute", "run",
    "first", "oneOrNone", "größeSetzen", "Éditer", "HTTPGet", "_private", "#secret", "save", "x",
])
func callNameIsWhatTheNameSays(name: String) {
    #expect(same(SerialAwait.CallName(name), expectedCallName(name)), "\(name)")
}

@Test func callsDescribedThroughTheNameTableAreDescribedAsWithoutIt() {
    let text = """
        async function f(db, trx, redis, lock, limiter) {
          const user = await db.users.findOneAndUpdate({ id: 1 }, { $set: { a: 1 } })
          await db.sortedSetCard('k'); await db.listAppend('k', 1); await db.setObject('k', {})
          await getOrCreate(user.id); await processSortedSet('k', async (ids) => ids)
          const q = createTracesQuery(user); await logGroupEvent(user); await db.query('SELECT 1')
          await prisma.$queryRaw`SELECT 1`; await prisma.$executeRaw`DELETE FROM t`; sql`AND x`
          await got.post(`${api}/launches/query`, { json: {} }); await Promise.all([a(), b()])
          await sleep(10); await lock.acquire('k'); await limiter.schedule(() => x()); await trx.commit()
          await caf\\u00e9(); await café(); await größeSetzen(1); await obj[key](1)
          await fetch('/x', { method: 'post' }); await redis.get('GET /users'); await clean(x); await cleanExpiredSessions()
          await getUser(1); await getUser(2); await db.query('BEGIN'); new Promise((r) => setTimeout(r, 10))
          await redisLock.get('k'); clock.now(); await blocks.includes(1); await semaphore.take(); await session.save()
          await throttledQueue.add(() => 1); await tx.run(); await lockerRoom.open(); await \\u0063lock.tick()
        }
        class C { #run() {} async m() { await this.#run(); await this.save() } }
        """
    let parsed = Parser.parse(SourceFile(path: "t.js", text: text), options: ParseOptions.forPath("t.js"))
    #expect(parsed.errors.isEmpty)
    let tree = parsed.tree
    tree.prepareNames()
    let models = SerialAwait.FileModels(FileSemantics(tree))
    var calls = 0
    for i in 0..<tree.count {
        let node = NodeID(Int32(i))
        var callee: NodeID, arguments: [NodeID]
        switch tree[node] {
        case .call(let c, _, let args, _), .new(let c, _, let args):
            callee = c
            arguments = Array(tree.list(args))
        case .taggedTemplate(let tag, _, let quasi):
            callee = tag
            arguments = [quasi]
        default:
            continue
        }
        callee = tree.unwrap(callee)
        var name = ""
        switch tree[callee] {
        case .member(_, let property, false, _): name = tree.name(of: property)
        case .identifier: name = tree.name(of: callee)
        default: break
        }
        // twice through the table: the second answer is the kept one
        for _ in 0..<2 {
            let a = models.describe(node)
            let b = SerialAwait.describeCall(node, name: name, callee: callee, arguments: arguments, tree)
            #expect(a.name == b.name && a.base == b.base && a.argRoots == b.argRoots && a.keys == b.keys, "\(name)")
            #expect(a.verb == b.verb && a.isDelay == b.isDelay && a.isLock == b.isLock && a.isTransaction == b.isTransaction,
                    "\(name)")
        }
        calls += 1
    }
    #expect(calls > 35)
    // the names in the table are described from it, names outside it (escaped, non-ASCII) each time
    #expect(tree.names.contains("findOneAndUpdate") && !tree.names.contains("größeSetzen"))
}

// The byte test `sqlKeyword` starts with only answers "no keyword" where reading the characters finds none.
@Test(arguments: [
    "SELECT * FROM t", "select 1", "  (SELECT 1)", "\tBEGIN;", "BEGIN", "COMMIT\n", "\r\nSELECT 1", "SELECT\r\n1",
    "SAVEPOINT a", "SAVEPOINTS a", "ROLLBACK;", "user:1", "users:joindate", "start_time", "set-cookie", "",
    "   ", "(", "123", "_x", "ſelect 1", "SELECT\u{301} 1", " \u{301}SELECT", "É", "GET /users", "lock",
    "LOCK TABLE t", "values", "VALUES (1)", "with x as (select 1) select * from x", "UPDATE", "update user",
    "averyveryverylongword", "averyveryverylongword x", "SELECTé", "SHOW;", "x;", "DROP\tTABLE",
])
func sqlKeywordByBytesIsSqlKeywordByCharacters(text: String) {
    for capitalsOnly in [false, true] {
        let slow = SerialAwait.sqlKeywordOfCharacters(text, capitalsOnly: capitalsOnly)
        #expect(SerialAwait.sqlKeyword(text, capitalsOnly: capitalsOnly) == slow, "\(text)")
        var t = text
        if t.withUTF8({ SerialAwait.startsWithNoKeyword($0) }) { #expect(slow == nil, "\(text)") }
    }
}

// camelCase words of ASCII names are split on their bytes exactly as `PacedClients.words` splits them on
// characters; other names still go through it.
@Test(arguments: [
    "", "uninstallHooks", "getUserById", "HTTPGet", "$transaction", "__proto__", "a_b$c", "cleanUp", "sortedSetCard",
    "URLFor", "x2y", "ABC", "redisLock", "größeSetzen", "Éditer", "lock", "_", "$", "a__B", "fooBAR_baz", "line\r\nbreak",
])
func camelWordsOfASCIINamesAreTheirWords(name: String) {
    #expect(SerialAwait.camelWords(name) == PacedClients.words(name), "\(name)")
}

// `documentedSerial` reads each comment once per file (`FileModels.commentWords`) and answers as it does
// reading them each time.
@Test func documentedSerialThroughTheCommentTableAnswersAsWithout() {
    let text = """
        async function f(ids) {
          // run these one by one: the API rate limits us
          const a = await getA(ids)
          const b = await getB(ids)
          /* looplint expect: serial-await/sequential */
          const c = await getC(ids)
          // in this order
          for (const id of ids) { await save(id) }
          const d = await getD(ids) // sequentially
          // nothing to say
          const e = await getE(ids)
        }
        """
    let parsed = Parser.parse(SourceFile(path: "t.js", text: text), options: ParseOptions.forPath("t.js"))
    #expect(parsed.errors.isEmpty)
    let tree = parsed.tree
    tree.prepareNames()
    let models = SerialAwait.FileModels(FileSemantics(tree))
    var documented = 0
    for round in 0..<2 {
        for i in 0..<tree.count {
            let node = NodeID(Int32(i))
            let without = SerialAwait.documentedSerial(node, tree)
            #expect(SerialAwait.documentedSerial(node, tree, models) == without)
            if round == 0, without { documented += 1 }
        }
    }
    #expect(documented > 3)
}

// A function's declarations are read in source order whatever the walk: a later closure of a name replaces
// an earlier one, the first initialiser of a name is kept, and nested functions' and classes' own names are
// not the function's.
@Test func functionModelKeepsDeclarationsInOrder() {
    let text = """
        async function f(p) {
          function g() { return 1 }
          if (p) { var g = () => 2 }
          const h = function () {}
          let x = first(p)
          try { x = 3 } catch ({ message }) { var x = second(p) }
          const { a: { b } } = await load(p)
          const nested = () => { const inner = 1; function innerFn() {} }
          class K { m() { const hidden = 1 } }
        }
        """
    let parsed = Parser.parse(SourceFile(path: "t.js", text: text), options: ParseOptions.forPath("t.js"))
    #expect(parsed.errors.isEmpty)
    let tree = parsed.tree
    tree.prepareNames()
    let sem = FileSemantics(tree)
    // the outermost function (nodes are numbered as the parser finishes them: inner ones first)
    guard let fn = (0..<tree.count).map({ NodeID(Int32($0)) }).filter({ tree.kind($0) == .functionDeclaration })
        .min(by: { tree.range($0).start < tree.range($1).start }) else {
        Issue.record("no function")
        return
    }
    let model = SerialAwait.FunctionModel(semantic: sem, function: fn)
    #expect(model.locals == ["this", "p", "g", "h", "x", "message", "b", "nested", "K"])
    // `var g = () => 2` comes after `function g`: the arrow is the closure kept
    #expect(model.closures["g"].map { tree.kind($0) } == .arrowFunction)
    #expect(model.closures["h"].map { tree.kind($0) } == .functionExpression)
    #expect(model.closures["inner"] == nil && model.closures["innerFn"] == nil)
    // `let x = first(p)` is the first initialiser of x; `var x = second(p)` comes later
    #expect(model.initializers["x"].map { tree.text($0.expression) } == "first(p)")
    #expect(model.initializers["b"].map { $0.path } == ["a", "b"])
}

// The words `documentedSerial` looks for are found in one pass over a comment exactly where
// `TextSearch.lowercasedMatches` finds them word by word.
@Test(arguments: [
    "", "//", "// Run nested set updates one by one", "/* ONE-BY-ONE, Sequentially */", "// looplint expect: serial-await/loop",
    "// eslint-disable-next-line no-await-in-loop", "// order matters: in this order, keep order", "// rate limit / RateLimit",
    "// do not parallelize; don't parallelize; not in parallel", "/** in the right order, preserve order, in series */",
    "// one at a time", "// one by on", "// serially", "// in sequenc", "// ratelimi", "// café one by one", "// ONE BY ONE",
    "/*\n * License header\n * one by one\n */", "// expect", "// expect:", "// lookuplint", "// looplin", "// one by oneone by one",
])
func commentWordsInOnePassAreTheWordsFound(comment: String) {
    var text = comment
    let (fast, slow) = text.withUTF8 { p in
        (SerialAwait.commentWordsFound(p), TextSearch.lowercasedMatches(p, SerialAwait.commentWords))
    }
    #expect(fast == slow, "\(comment)")
}
