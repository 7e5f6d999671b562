// serial-await/sequential's loops after an await: whether a loop surely runs its first round
// (`SerialAwait.surelyEnters`), read from literals and from local variables initialised with literals that
// nothing assigns before the loop.

import JSSemantic
import JSSyntax
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
