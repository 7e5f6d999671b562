// resolveExport / resolveGlobal: every way code reaches a module export, and the look-alikes that must not.

import Testing
@testable import JSSemantic

struct ResolveCase: CustomTestStringConvertible, Sendable {
    let name: String
    let code: String
    let call: String
    let expected: String?
    var path = "t.js"
    var testDescription: String { name }
}

let positiveCases: [ResolveCase] = [
    ResolveCase(name: "require then member", code: "const fs = require('fs'); fs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "default import of node: builtin", code: "import fs from 'node:fs'; fs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "namespace import", code: "import * as fs from 'fs'\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "named import", code: "import { readFileSync } from 'fs'\nreadFileSync('a')",
                call: "readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "renamed named import", code: "import { readFileSync as rfs } from 'node:fs'\nrfs('a')",
                call: "rfs('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "destructured require with renaming",
                code: "const { readFileSync: r } = require('node:fs')\nr('a')", call: "r('a')",
                expected: "fs.readFileSync"),
    ResolveCase(name: "destructured require with default value",
                code: "const { readFileSync = fallback } = require('fs')\nreadFileSync('a')",
                call: "readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "nested destructuring", code: "const { promises: { readFile } } = require('fs')\nreadFile('a')",
                call: "readFile('a')", expected: "fs.promises.readFile"),
    ResolveCase(name: "const alias of a member", code: "const fs = require('fs')\nconst f = fs.readFileSync\nf('a')",
                call: "f('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "const alias of a sub-object", code: "import fs from 'fs'\nconst p = fs.promises\np.readFile('a')",
                call: "p.readFile('a')", expected: "fs.promises.readFile"),
    ResolveCase(name: "alias of an alias", code: "const a = require('fs'); const b = a; const c = b.readFileSync; c()",
                call: "c()", expected: "fs.readFileSync"),
    ResolveCase(name: "inline require", code: "require('fs').readFileSync('a')",
                call: "require('fs').readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "computed string member", code: "const fs = require('fs'); fs['readFileSync']('a')",
                call: "fs['readFileSync']('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "optional call", code: "const fs = require('fs'); fs?.readFileSync?.('a')",
                call: "fs?.readFileSync?.('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "import equals require", code: "import fs = require('fs');\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync", path: "t.ts"),
    ResolveCase(name: "TypeScript compiled (0, f)() call",
                code: "const fs_1 = require(\"fs\");\n(0, fs_1.readFileSync)('a')",
                call: "(0, fs_1.readFileSync)('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "interop default helper",
                code: "const fs = __importDefault(require('fs'));\nfs.default.readFileSync('a')",
                call: "fs.default.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "dynamic import awaited",
                code: "const { readFile } = await import('node:fs/promises')\nreadFile('a')",
                call: "readFile('a')", expected: "fs/promises.readFile", path: "t.mjs"),
    ResolveCase(name: "createRequire",
                code: "import { createRequire } from 'node:module'\nconst require = createRequire(import.meta.url)\nconst fs = require('fs')\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync", path: "t.mjs"),
    ResolveCase(name: "use before declaration (hoisting)",
                code: "function load() { return fs.readFileSync('a') }\nconst fs = require('fs')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "inner block declaration does not leak",
                code: "const fs = require('fs')\n{ const fs = mock }\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "method named like the import does not shadow",
                code: "import { readFileSync } from 'fs'\nclass A { readFileSync() { return readFileSync('a') } }",
                call: "readFileSync('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "single assignment of an uninitialised let",
                code: "let fs\nfs = require('fs')\nfs.readFileSync('a')", call: "fs.readFileSync('a')",
                expected: "fs.readFileSync"),
    ResolveCase(name: "child_process execSync", code: "const cp = require('child_process')\ncp.execSync('ls')",
                call: "cp.execSync('ls')", expected: "child_process.execSync"),
    ResolveCase(name: "bcrypt default import", code: "import bcrypt from 'bcrypt'\nbcrypt.hashSync(p, 10)",
                call: "bcrypt.hashSync(p, 10)", expected: "bcrypt.hashSync"),
    ResolveCase(name: "relative default import keeps default", code: "import db from './db'\ndb.query()",
                call: "db.query()", expected: "./db.default.query"),
    ResolveCase(name: "object literal property alias",
                code: "const fs = require('fs')\nconst lib = { read: fs.readFileSync }\nconst r = lib.read\nr('a')",
                call: "r('a')", expected: "fs.readFileSync"),
    ResolveCase(name: "destructured from a local object literal",
                code: "import { execSync } from 'child_process'\nconst { run } = { run: execSync }\nrun('ls')",
                call: "run('ls')", expected: "child_process.execSync"),
]

let negativeCases: [ResolveCase] = [
    ResolveCase(name: "parameter named fs", code: "const fs = require('fs')\nfunction f(fs) { fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "local function readFileSync", code: "function readFileSync(p) { return p }\nreadFileSync('a')",
                call: "readFileSync('a')", expected: nil),
    ResolveCase(name: "local function shadows an import in an inner scope",
                code: "import { readFileSync } from 'fs'\nfunction g() { const readFileSync = (p) => p; return readFileSync('a') }",
                call: "readFileSync('a')", expected: nil),
    ResolveCase(name: "reassigned variable", code: "let fs = require('fs')\nfs = makeMock()\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "local require function",
                code: "const require = (m) => ({ readFileSync() {} })\nconst fs = require('fs')\nfs.readFileSync('a')",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "require as a parameter",
                code: "function load(require) { return require('fs').readFileSync('a') }",
                call: "require('fs').readFileSync('a')", expected: nil),
    ResolveCase(name: "var in a nested block hoists and shadows",
                code: "const fs = require('fs')\nfunction g(x) { if (x) { var fs = other } return fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "catch parameter", code: "const fs = require('fs')\ntry {} catch (fs) { fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "destructured parameter",
                code: "import { readFileSync } from 'fs'\nfunction f({ readFileSync }) { readFileSync('a') }",
                call: "readFileSync('a')", expected: nil),
    ResolveCase(name: "for-of loop variable",
                code: "const fs = require('fs')\nfor (const fs of mocks) { fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "class named like the module",
                code: "const fs = require('fs')\nfunction f() { class fs { static readFileSync() {} } fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
    ResolveCase(name: "an unknown global is not a module", code: "fs.readFileSync('a')", call: "fs.readFileSync('a')",
                expected: nil),
    ResolveCase(name: "computed member with a variable",
                code: "const fs = require('fs')\nconst k = name\nfs[k]('a')", call: "fs[k]('a')", expected: nil),
    ResolveCase(name: "named function expression name shadows",
                code: "const fs = require('fs')\nconst h = function fs() { return fs.readFileSync('a') }",
                call: "fs.readFileSync('a')", expected: nil),
]

@Suite struct ResolveExportTests {
    @Test(arguments: positiveCases + negativeCases)
    func resolves(_ c: ResolveCase) {
        #expect(parseErrors(c.code, path: c.path).isEmpty)
        let s = semantics(c.code, path: c.path)
        #expect(s.calleeExport(c.call) == c.expected)
    }

    @Test func theModuleObjectItself() {
        let s = semantics("const fs = require('node:fs')\nuse(fs)")
        guard let id = s.identifier("fs", occurrence: 1) else { Issue.record("no fs"); return }
        #expect(s.resolveExport(id) == ExternalSymbol(module: "fs", path: []))
    }

    @Test func catchBlockScopeDoesNotLeak() {
        let s = semantics("const fs = require('fs')\ntry { x() } catch (fs) { }\nfs.readFileSync('a')")
        #expect(s.calleeExport("fs.readFileSync('a')") == "fs.readFileSync")
    }

    @Test func requireCallsAreRecognised() {
        let s = semantics("const a = require('a')\nfunction f(require) { require('b') }")
        guard let real = s.node("require('a')", kind: .call), let fake = s.node("require('b')", kind: .call) else {
            Issue.record("calls not found")
            return
        }
        #expect(s.isRequireCall(real))
        #expect(!s.isRequireCall(fake))
    }
}

@Suite struct ResolveGlobalTests {
    @Test func globals() {
        let s = semantics("""
        JSON.parse(body)
        Atomics.wait(a, 0, 0)
        globalThis.setInterval(f, 10)
        setInterval(g, 10)
        process.env.HOME.trim()
        const { parse } = JSON
        parse(x)
        global.fetch(u)
        """)
        #expect(s.calleeGlobal("JSON.parse(body)") == "JSON.parse")
        #expect(s.calleeGlobal("Atomics.wait(a, 0, 0)") == "Atomics.wait")
        #expect(s.calleeGlobal("globalThis.setInterval(f, 10)") == "setInterval")
        #expect(s.calleeGlobal("setInterval(g, 10)") == "setInterval")
        #expect(s.calleeGlobal("process.env.HOME.trim()") == "process.env.HOME.trim")
        #expect(s.calleeGlobal("parse(x)") == "JSON.parse")
        #expect(s.calleeGlobal("global.fetch(u)") == "fetch")
        #expect(s.calleeExport("JSON.parse(body)") == nil)
    }

    @Test func shadowedGlobals() {
        let s = semantics("""
        const JSON = { parse(x) { return x } }
        JSON.parse(body)
        function f(process) { process.exit(1) }
        function g() { let setInterval = () => 0; setInterval(h, 1) }
        """)
        #expect(s.calleeGlobal("JSON.parse(body)") == nil)
        #expect(s.calleeGlobal("process.exit(1)") == nil)
        #expect(s.calleeGlobal("setInterval(h, 1)") == nil)
    }
}
