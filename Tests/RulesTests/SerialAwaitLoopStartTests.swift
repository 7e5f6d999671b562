// serial-await/sequential's loops after an await: whether a loop surely runs its first round
// (`SerialAwait.surelyEnters`), read from literals and from local variables initialised with literals that
// nothing assigns before the loop; and whether the loop's first call is kept behind an earlier await
// through what both address.

import JSSemantic
import JSSyntax
import LintEngine
import LintTestSupport
import SourceText
import Testing
@testable import Rules

/// The first loop of `body` (the statements of an async function) and the file's semantics.
private func firstLoop(_ body: String) throws -> (NodeID, FileSemantics) {
    let text = "const LIMIT = 10\nlet shared = 1\nasync function f(input) {\n\(body)\n}\n"
    let parsed = Parser.parse(SourceFile(path: "t.js", text: text), options: ParseOptions.forPath("t.js"))
    #expect(parsed.errors.isEmpty)
    let tree = parsed.tree
    tree.prepareNames()
    let sem = FileSemantics(tree)
    for i in 0..<tree.count where SerialAwait.isLoop(tree.kind(NodeID(Int32(i)))) {
        return (NodeID(Int32(i)), sem)
    }
    throw FixtureSetError("no loop in \(body)")
}

@Test(arguments: [
    ("let page = 1\nlet more = true\nwhile (more && page <= 10) { await get(page++) }", true),
    ("let page = 1\nwhile (page <= LIMIT) { await get(page++) }", true),
    ("for (let attempt = 0; attempt < 3; attempt++) { await get(attempt) }", true),
    ("for (;;) { await get(); break }", true),
    ("while (true) { await get(); break }", true),
    ("do { await get() } while (input.next)", true),
    ("let done = false\nwhile (!done) { done = await get() }", true),
    ("const name = 'a'\nwhile (name) { await get(); break }", true),
    // the caller's value, a value the function computes, or one assigned before the loop
    ("while (input.more) { await get() }", false),
    ("let page = input.start\nwhile (page < 10) { await get(page++) }", false),
    ("let page = 1\npage = input.start\nwhile (page < 10) { await get(page++) }", false),
    ("let more = false\nwhile (more) { more = await get() }", false),
    ("const name = ''\nwhile (name) { await get() }", false),
    ("for (let i = 0; i < input.length; i++) { await get(i) }", false),
    ("for (const x of [1, 2]) { await get(x) }", false),
    // a module-level `let` may be changed by any function
    ("while (shared < 3) { await get(shared++) }", false),
])
func loopSurelyEnters(body: String, enters: Bool) throws {
    let (loop, sem) = try firstLoop(body)
    #expect(SerialAwait.surelyEnters(loop, sem) == enters, "\(body)")
}

/// Whether serial-await/sequential reports the loop's first awaited call (the line marked `// here`) of
/// `body`, an async function's statements.
private func reportsLoopStart(_ body: String) throws -> Bool {
    let text = "async function f(client, store, key, items, sid, port, query, api, project, scores, userId, jobId) {\n\(body)\n}\nmodule.exports = { f }\n"
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let marked = try #require(lines.firstIndex { $0.contains("// here") }) + 1
    var config = LintConfig()
    config.hotOnly = false
    let findings = RuleHarness.lint([("t.js", text)], config: config, select: ["serial-await/sequential"]).report.findings
    return findings.contains { $0.line == marked }
}

@Test(arguments: [
    // nothing shared: the first round starts with the earlier await
    ("const user = await getUser(userId)\nlet done = false\nwhile (!done) {\n  const job = await getJob(jobId) // here\n  done = job.done\n}\nreturn user", true),
    ("await saveAudit(userId, 'poll')\nlet done = false\nwhile (!done) {\n  const job = await getJob(jobId) // here\n  done = job.done\n}", true),
    // a set written, then paged through by its key
    ("const c = await getClient(store)\nawait c.sadd(key, ...items)\nlet cursor = '0'\ndo {\n  const page = await store.getPage(key, cursor) // here\n  cursor = page.cursor\n} while (cursor !== '0')\nreturn c", false),
    // a message posted to a session, then the session polled
    ("const id = await handshake(port)\nawait fetch(url(port, id), { method: 'POST', body: 'ping' })\nwhile (true) {\n  const poll = await fetch(url(port + 1, id)) // here\n  if (poll.ok) break\n}", false),
    // a warm-up of the same call on the same query
    ("const warm = await client.getRows(query)\nlet total = 0\nwhile (total < 100) {\n  const rows = await client.getRows(query) // here\n  total += rows.length\n}\nreturn warm", false),
    // stored, then read back by a call whose name says nothing
    ("const p = await getProject(api)\nawait saveScores(p.id, scores)\nlet more = true\nwhile (more) {\n  const res = await callApi(api, 'GET', '/scores') // here\n  more = res.more\n}", false),
    // a write of the receiver the loop's call is made on
    ("const p = await getProject(api)\nawait store.add(p.id, items)\nlet more = true\nwhile (more) {\n  const res = await store.getPage(key) // here\n  more = res.more\n}", false),
])
func loopStartOrderedThroughArguments(body: String, reported: Bool) throws {
    #expect(try reportsLoopStart(body) == reported, "\(body)")
}
