// Imports and exports in both module systems.

import Testing
import JSSyntax
@testable import JSSemantic

private func describe(_ s: FileSemantics, _ r: ImportRecord) -> String {
    let local = r.local.map { s.name(of: $0) } ?? "-"
    return "\(r.kind) \(r.specifier) \(r.path.joined(separator: ".")) \(local)"
}

private func describe(_ s: FileSemantics, _ r: ExportRecord) -> String {
    var out = "\(r.kind) \(r.name)"
    if let v = r.value { out += " = \(s.tree.kind(v))" }
    if let b = r.binding { out += " (\(s.name(of: b)))" }
    if let src = r.source { out += " from \(src)" + (r.importedName.map { ".\($0)" } ?? "") }
    return out
}

@Suite struct ModuleFactsTests {
    @Test func esmImports() {
        let s = semantics("""
        import 'reflect-metadata'
        import def, { a, b as c, 'd e' as de } from 'm'
        import * as ns from 'node:fs'
        import type { T } from './types'
        """, path: "t.ts")
        #expect(s.imports.map { describe(s, $0) } == [
            "sideEffect reflect-metadata  -",
            "default m default def",
            "named m a a",
            "named m b c",
            "named m d e de",
            "namespace node:fs  ns",
            "named ./types T T",
        ])
        #expect(s.imports.last?.typeOnly == true)
    }

    @Test func requireForms() {
        let s = semantics("""
        require('dotenv/config')
        const fs = require('fs')
        const { join, resolve: r } = require('path')
        const rf = require('fs').readFileSync
        require('./routes')(app)
        function local(require) { return require('not-a-module') }
        const cp = await import('child_process')
        """, path: "t.mjs")
        #expect(s.imports.map { describe(s, $0) } == [
            "sideEffect dotenv/config  -",
            "require fs  fs",
            "require path join join",
            "require path resolve r",
            "require fs readFileSync rf",
            "require ./routes  -",
            "dynamic child_process  cp",
        ])
    }

    /// The syntax-only reader used for tests and examples: the same names the semantic model gives for the
    /// common forms, side-effect loads and type-only imports left out, and (having no scopes) a shadowed
    /// `require` taken as the real one.
    @Test func loadsFromSyntaxAlone() {
        let s = semantics("""
        import 'reflect-metadata'
        import def, { a, b as c } from 'm'
        import * as ns from 'node:fs'
        import type { T } from './types'
        import { type U, v } from './mixed'
        import x = require('./eq')
        require('dotenv/config')
        const fs = require('fs')
        const { join, resolve: r, ...rest } = require('path')
        const rf = require('fs').readFileSync
        require('./routes')(app)
        function local(require) { return require('shadowed') }
        const cp = await import('child_process')
        """, path: "t.ts")
        #expect(ModuleLoads.read(s.tree).map { "\($0.specifier) \($0.name)" } == [
            "m default", "m a", "m b", "node:fs *", "./mixed v", "./eq *", "fs *", "path join", "path resolve",
            "path *", "fs readFileSync", "./routes *", "shadowed *", "child_process *",
        ])
    }

    @Test func importEquals() {
        let s = semantics("import fs = require('fs')\nexport import os = require('os')", path: "t.ts")
        #expect(s.imports.map { describe(s, $0) } == ["importEquals fs  fs", "importEquals os  os"])
        #expect(s.exports.map { describe(s, $0) } == ["named os (os) from os"])
    }

    @Test func esmExports() {
        let s = semantics("""
        import { helper } from './helper'
        export function list() {}
        export class Service {}
        export const a = () => 1, { b } = obj
        const local = function () {}
        export { local as renamed, helper }
        export { x as y } from './x'
        export * from './all'
        export * as everything from './ns'
        export default async function handler(req, res) {}
        """)
        #expect(s.exports.map { describe(s, $0) } == [
            "named list = functionDeclaration (list)",
            "named Service = classDeclaration (Service)",
            "named a = arrowFunction (a)",
            "named b (b)",
            "named renamed = functionExpression (local)",
            "named helper (helper) from ./helper.helper",
            "reexport y from ./x.x",
            "reexportAll * from ./all",
            "reexport everything from ./ns",
            "default default = functionDeclaration (handler)",
        ])
    }

    @Test func defaultExpressionExport() {
        let s = semantics("const router = makeRouter()\nexport default router")
        #expect(s.exports.map { describe(s, $0) } == ["default default = call (router)"])
    }

    @Test func commonJSExports() {
        let s = semantics("""
        function list(req, res) {}
        module.exports = { list, show: (req, res) => {}, create() {}, [dyn]: 1 }
        module.exports.extra = function () {}
        exports.other = require('./other')
        """)
        #expect(s.exports.map { describe(s, $0) } == [
            "moduleObject  = objectExpression",
            "commonJSProperty list = functionDeclaration (list)",
            "commonJSProperty show = arrowFunction",
            "commonJSProperty create = functionExpression",
            "commonJSProperty extra = functionExpression",
            "commonJSProperty other = call",
        ])
    }

    @Test func commonJSThroughAnIdentifier() {
        let s = semantics("class Service {}\nmodule.exports = exports = new Service()\nconst api = { a }\nmodule.exports.api = api")
        #expect(s.exports.map { describe(s, $0) } == [
            "moduleObject  = new",
            "commonJSProperty api = objectExpression (api)",
        ])
    }

    @Test func definePropertyExports() {
        let s = semantics("""
        Object.defineProperty(exports, "__esModule", { value: true });
        var users_1 = require("./users");
        Object.defineProperty(exports, "list", { enumerable: true, get: function () { return users_1.list; } });
        function helper() {}
        Object.defineProperty(module.exports, 'helper', { value: helper });
        function f(exports) { Object.defineProperty(exports, 'no', { value: 1 }) }
        """)
        #expect(s.exports.map { describe(s, $0) } == [
            "commonJSProperty list = member",
            "commonJSProperty helper = functionDeclaration (helper)",
        ])
    }

    @Test func shadowedModuleIsNotAnExport() {
        let s = semantics("function f(module, exports) { module.exports = 1; exports.a = 2 }")
        #expect(s.exports.isEmpty)
    }

    @Test func exportAssignment() {
        let s = semantics("function handler() {}\nexport = handler", path: "t.ts")
        #expect(s.exports.map { describe(s, $0) } == ["moduleObject  = functionDeclaration (handler)"])
    }
}
