// File roles: the path conventions and content signals that say a file serves no traffic.

import Testing
import SourceText
import JSSyntax
@testable import ExecutionContext

@Suite struct FileRoleTests {
    static let byPath: [(String, FileRole?)] = [
        ("src/routes/users.js", nil),
        ("lib/router/index.js", nil),
        ("server/routes/api/users/users.test.ts", .test),
        ("src/utils.spec.ts", .test),
        ("test/common.js", .test),
        ("packages/agenda/test/shared/agenda-test-suite.ts", .test),
        ("__tests__/response/attachment.test.js", .test),
        ("src/frontend-new/specs/pad.spec.ts", .test),
        ("tests/integration/auth.test.js", .test),
        ("scripts/setup-encryption-tests.js", .tooling),
        ("src/upgrades/3.3.0/save_rooms_zset.js", .tooling),
        ("bin/contributors.js", .tooling),
        (".yarn/releases/yarn-4.13.0.cjs", .tooling),
        ("webpack.config.js", .tooling),
        ("vite.config.ts", .tooling),
        (".eslintrc.js", .tooling),
        ("gulpfile.js", .tooling),
        ("install/web.js", .tooling),
        ("src/migrations/1690000000-init.ts", .tooling),
        ("examples/auth/index.js", .example),
        ("docs/.vitepress/config.mts", .example),
        ("benchmarks/http-server/benchmark.ts", .example),
        ("src/button.stories.tsx", .example),
        // a monorepo's website (held-out audit: medusa's API-reference site, 3 false positives)
        ("www/apps/api-reference/app/download/[area]/route.ts", .example),
        ("dist/axios.js", .generated),
        ("dist/axios.min.js", .generated),
        ("vendor/jquery.min.js", .generated),
        ("packages/socket.io/client-dist/socket.io.js", .generated),
        ("public/js/app.js", .browser),
        ("client/libs/prism/prism.js", .browser),
        ("tools/release.js", .tooling),
        ("packages/agendash/dev-server-postgres.ts", .tooling),
        ("src/device.js", nil),
        ("src/install.js", .tooling),
        ("server/setup.js", .tooling),
        ("src/installation-status.js", nil),
        ("server/tools/util.ts", nil),
        // a top-level folder of tools named for what they serve (apostrophe's claude-tools/ scripts)
        ("claude-tools/analyze-bundle.js", .tooling),
        ("release_tools/tag.mjs", .tooling),
        ("src/dev-tools/panel.ts", nil),
        ("tools-server/index.js", nil),
        ("-tools/index.js", nil),
        ("packages/discord.js/src/client/Client.js", nil),
        ("src/client/client.ts", nil),
        // the nearest folder decides
        ("examples/app/test/a.js", .test),
        // names that only look like a convention
        ("src/contest.js", nil),
        ("src/testimonials/list.js", nil),
        ("src/attestation.ts", nil),
        ("lib/latest.js", nil),
        ("src/docsearch.js", nil),
        // build-tool configurations and root build scripts (NodeBB's webpack.common.js, outline's build.js)
        ("webpack.common.js", .tooling),
        ("rollup.prod.mjs", .tooling),
        ("build.js", .tooling),
        ("lib/webpack.js", nil),
        ("src/build.js", nil),
        ("lib/postcss.js", nil),
    ]

    @Test(arguments: byPath.indices) func pathConvention(_ i: Int) {
        let (path, role) = Self.byPath[i]
        #expect(FileRoles.role(forPath: path) == role, "\(path)")
    }

    @Test func pathCasesAreNotEmpty() { #expect(Self.byPath.count > 30) }

    func contentRole(_ source: String, path: String = "a.ts") -> FileRole? {
        let parse = Parser.parse(SourceFile(path: path, text: source), options: .forPath(path))
        return FileRoles.role(forContent: parse.tree)
    }

    @Test func testFrameworkImportsMakeATest() {
        #expect(contentRole("import { describe, it } from 'vitest'\ndescribe('x', () => {})") == .test)
        #expect(contentRole("const request = require('supertest')\nconst app = require('../app')") == .test)
        #expect(contentRole("import assert from 'node:assert'\nexport function f() {}") == nil)
    }

    @Test func browserSignals() {
        #expect(contentRole("'use client'\nexport default function Page() { return null }", path: "a.tsx") == .browser)
        #expect(contentRole("import * as React from 'react'\nimport { observer } from 'mobx-react'", path: "a.tsx") == .browser)
        // a Next.js page with server-side props runs per request on the server
        #expect(contentRole("""
            import React from 'react'
            export async function getServerSideProps(ctx) { return { props: {} } }
            export default function Page() { return null }
            """, path: "a.tsx") == nil)
        #expect(contentRole("'use server'\nimport React from 'react'", path: "a.tsx") == .source)
        // Next.js's `server-only` marker: the React import is for `cache` (formbricks' lib modules)
        #expect(contentRole("import 'server-only'\nimport { cache } from 'react'\nexport const get = cache(async () => 1)", path: "a.ts") == nil)
        #expect(contentRole("import { cache } from 'react'\nexport const get = cache(async () => 1)", path: "a.ts") == .browser)
        // the DOM, unguarded (outline's app/utils/ApiClient.ts), or a mobx store
        #expect(contentRole("export function t() { const s = window.performance.now(); window.location.reload(); return s }") == .browser)
        #expect(contentRole("import { observable } from 'mobx'\nexport class Store {}") == .browser)
        #expect(contentRole("import { Browser } from 'webextension-polyfill-ts'\nexport class Blocker {}", path: "adblocker.ts") == .browser)
        #expect(contentRole("const browser = require('webextension-polyfill')\nmodule.exports = browser.tabs") == .browser)
        // universal code guards the DOM; a rate limiter's own `window`; a `document` model of the app
        #expect(contentRole("export const w = typeof window !== 'undefined' ? window.location.href : ''; window.x = 1") == nil)
        #expect(contentRole("export function hit(window) { window.count++; return window.start }") == nil)
        #expect(contentRole("export function f(doc) { const document = doc; return document.title + document.text }") == nil)
        // a name spelled with an escape is the same name (the byte pre-check lets such a file through)
        #expect(contentRole("export function t() { w\\u0069ndow.location.reload(); return \\u0077indow.name }") == .browser)
        #expect(FileRoles.mayNameDOMGlobals(Array("const a = 1; sessionStorage".utf8)))
        #expect(!FileRoles.mayNameDOMGlobals(Array("export const w = win + dow; docs.ument; localstorage".utf8)))
        #expect(!FileRoles.mayNameDOMGlobals([]))
        #expect(FileRoles.mayNameDOMGlobals(Array("window".utf8)) && FileRoles.mayNameDOMGlobals(Array("ww\\u".utf8)))
        #expect(!FileRoles.mayNameDOMGlobals(Array("windo".utf8)) && !FileRoles.mayNameDOMGlobals(Array("\\".utf8)))
    }

    @Test func commandLinePrograms() {
        // a CLI command module that names the framework only for its types (typeorm's commands)
        #expect(contentRole("import type * as yargs from 'yargs'\nexport class VersionCommand implements yargs.CommandModule {}") == .tooling)
        #expect(contentRole("const { program } = require('commander')\nprogram.parse()") == .tooling)
        // a CLI that starts a server itself keeps its routes as request code
        #expect(contentRole("import { Command } from 'commander'\nimport express from 'express'\nconst app = express()") == nil)
        // another module's types say nothing
        #expect(contentRole("import type { Request } from 'express'\nexport function f(r: Request) {}") == nil)
    }

    @Test func nextAppRouterPagesAreServerComponents() {
        let page = "import React from 'react'\nexport default async function Page() { return null }"
        let parse = Parser.parse(SourceFile(path: "a.tsx", text: page), options: .forPath("a.tsx"))
        #expect(FileRoles.role(path: "apps/web/src/app/[id]/page.tsx", tree: parse.tree) == .source)
        #expect(FileRoles.role(path: "src/components/Button.tsx", tree: parse.tree) == .browser)
        let client = "'use client'\nimport React from 'react'"
        let cparse = Parser.parse(SourceFile(path: "a.tsx", text: client), options: .forPath("a.tsx"))
        #expect(FileRoles.role(path: "app/settings/page.tsx", tree: cparse.tree) == .browser)
    }

    @Test func defaultIsSource() {
        let parse = Parser.parse(SourceFile(path: "src/app.js", text: "const express = require('express')"),
                                 options: .forPath("src/app.js"))
        #expect(FileRoles.role(path: "src/app.js", tree: parse.tree) == .source)
        #expect(FileRoles.role(path: "test/app.js", tree: parse.tree) == .test)
    }

    /// A `bin/` program that loads a server module is the server a package ships; the folders above `bin/`
    /// still decide, and a `bin/` program without a server stays tooling.
    @Test func binServerIsSource() {
        let server = Parser.parse(SourceFile(path: "bin/server.js", text: "const WebSocket = require('ws')\nconst http = require('http')"),
                                  options: .forPath("bin/server.js"))
        #expect(FileRoles.role(path: "bin/server.js", tree: server.tree) == .source)
        #expect(FileRoles.role(path: "bin/www", tree: server.tree) == .source)
        #expect(FileRoles.role(path: "examples/express/bin/www", tree: server.tree) == .example)
        #expect(FileRoles.role(path: "scripts/server.js", tree: server.tree) == .tooling)
        #expect(FileRoles.role(path: "bin/server.test.js", tree: server.tree) == .test)
        let cli = Parser.parse(SourceFile(path: "bin/cli.js", text: "const fs = require('fs')"), options: .forPath("bin/cli.js"))
        #expect(FileRoles.role(path: "bin/cli.js", tree: cli.tree) == .tooling)
    }

    @Test func configNames() {
        #expect(FileRole(configName: "request") == .source)
        #expect(FileRole(configName: "tooling") == .tooling)
        #expect(FileRole(configName: "nonsense") == nil)
    }
}

/// The path conventions read on bytes give what the reading on strings gives, for every folder and file name
/// the conventions know, in upper and lower case, at the root and below folders, with and without their own
/// pieces between dots.
@Test func pathRolesOnBytesAreTheStringReadings() {
    var names: [String] = Array(FileRoles.folderRoles.keys.map(String.init)) + Array(FileRoles.buildTools) + [
        "src", "lib", "server", "client", "clients-web", "webapp", "tools", "tool", "bin", "app", "x", "", ".",
        "..", "build", "release", "deploy", "publish", "prebuild", "postbuild", "postinstall", "prepare", "index",
        "a-test", "a_test", "a-spec", "a_spec", "setuptests", "test-utils", "testutils", "test-helpers",
        "testhelpers", "test-a", "test_a", "bench-a", "bench_a", "benchmarks", "dev", "dev-server", "dev_seed",
        "gulpfile", "gruntfile", "jakefile", "dangerfile", "install", "installer", "setup", "upgrade", "migrate",
        "seed", "seeds", "contest", "latest", "attestation", "stories", "story", "min", "bundle", "umd", "production",
        "development", "config", "conf", "rc", "mock", "mocks", "fixture", "cy", "integration-test", "e2e",
    ]
    names += names.map { $0.uppercased() } + ["Test", "Client", "WebApp", "Dist"]
    let middles = ["", ".test", ".config", ".min", ".stories", ".common", ".a.b", "."]
    let extensions = [".js", ".ts", "", ".", ".mjs"]
    var paths: [String] = ["", "/", "//", "a//b.js", "/src/a.js", "src/", "src//", ".js", "..js", "a..js"]
    for name in names {
        for middle in middles {
            for ext in extensions {
                let file = name + middle + ext
                paths += [file, "src/" + file, name + "/" + file, name + "/src/" + file, "packages/" + name + "/" + file,
                          name + "/", "x/" + name + "/y/z.js"]
            }
        }
    }
    var checked = 0
    for path in paths {
        guard let onBytes = FileRoles.asciiRole(forPath: path) else {
            Issue.record("\(path) is ASCII")
            continue
        }
        #expect(onBytes == FileRoles.stringRole(forPath: path), "\(path)")
        checked += 1
    }
    #expect(checked > 10_000)
    // outside printable ASCII the strings decide
    for path in ["src/caf\u{E9}/a.js", "T\u{C9}ST/a.js", "a\r\nb/c.js"] {
        #expect(FileRoles.asciiRole(forPath: path) == nil, "\(path)")
        #expect(FileRoles.role(forPath: path) == FileRoles.stringRole(forPath: path))
    }
}
