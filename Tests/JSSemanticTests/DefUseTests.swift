// Def-use sets for dependence checks between statements.

import Testing
import JSSyntax
@testable import JSSemantic

@Suite struct DefUseTests {
    private func statement(_ s: FileSemantics, _ index: Int) -> NodeID? {
        guard case .program(let body) = s.tree[s.tree.root] else { return nil }
        let list = s.tree.list(body)
        guard index < list.count else { return nil }
        return list[list.startIndex + index]
    }

    @Test func declarationsReadsAndWrites() {
        let s = semantics("let id, db, user, other\nconst { a, b: [c] } = await db.get(id)\nuser.name = other")
        guard let s1 = statement(s, 1), let s2 = statement(s, 2) else { Issue.record("no statements"); return }
        let d1 = s.defUse(of: s1)
        #expect(s.names(d1.reads) == ["db", "id"])
        #expect(s.names(d1.writes) == ["a", "c"])
        let d2 = s.defUse(of: s2)
        #expect(s.names(d2.reads) == ["other", "user"])
        #expect(s.names(d2.writes) == ["user"])
    }

    @Test func closuresCount() {
        let s = semantics("let x, y, n\nrun(() => x + 1)\nitems.forEach(i => { y = i; n++ })")
        guard let s1 = statement(s, 1), let s2 = statement(s, 2) else { Issue.record("no statements"); return }
        #expect(s.names(s.reads(in: s1)) == ["x"])
        #expect(s.names(s.writes(in: s2)) == ["i", "n", "y"])
        #expect(s.names(s.reads(in: s2)) == ["i", "n"])
    }

    @Test func assignmentsUpdatesAndDeletes() {
        let s = semantics("let a, b, o, m\n;({ a, b } = pair)\no.count++\ndelete m[k]")
        guard let s1 = statement(s, 1), let s2 = statement(s, 2), let s3 = statement(s, 3) else {
            Issue.record("no statements")
            return
        }
        #expect(s.names(s.writes(in: s1)) == ["a", "b"])
        #expect(s.names(s.writes(in: s2)) == ["o"])
        #expect(s.names(s.writes(in: s3)) == ["m"])
    }

    @Test func dependence() {
        let s = semantics("""
        async function f(id) {
          const user = await getUser(id)
          const feed = await getFeed(id)
          const posts = await getPosts(user.id)
        }
        """)
        guard let u = s.node("const user = await getUser(id)"), let f = s.node("const feed = await getFeed(id)"),
              let p = s.node("const posts = await getPosts(user.id)") else {
            Issue.record("statements missing")
            return
        }
        let du = s.defUse(of: u), df = s.defUse(of: f), dp = s.defUse(of: p)
        #expect(!df.dependsOn(du))
        #expect(dp.dependsOn(du))
        #expect(!dp.dependsOn(df))
    }
}

@Suite struct DependsOnTests {
    @Test func statementsByNode() {
        let s = semantics("async function f(id) {\n  const a = await one(id)\n  const b = await two(id)\n  await three(a)\n}")
        guard let a = s.node("const a = await one(id)"), let b = s.node("const b = await two(id)"),
              let c = s.node("await three(a)", kind: .expressionStatement) else { Issue.record("nodes missing"); return }
        #expect(!s.dependsOn(b, a))
        #expect(s.dependsOn(c, a))
        #expect(!s.dependsOn(c, b))
    }
}
