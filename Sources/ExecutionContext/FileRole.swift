// Where a file's code runs, decided once per file and shared by every rule family.
//
// A finding is worth a reader's time only on code that runs while the program serves traffic. Tests,
// tooling (scripts, CLIs, migrations, upgrade steps, installers, build configs), examples, docs and
// benchmarks, browser bundles and generated or vendored output never do, so by default no rule reports
// there. The role comes from the file's path below the scanned folder (the conventions real projects use,
// measured on the ecosystem check's projects) and from what the file imports (a test framework, a browser
// UI library, a `'use client'` directive). `looplint.yml`'s `contexts:` overrides both per folder.
//
// What runs per request inside a `source` file (request handlers, jobs, a library's API) is the business
// of the request-path analyses; a file role only says where nothing can.

import JSSyntax
import SourceText
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum FileRole: String, Sendable, Hashable, CaseIterable, Codable {
    /// Code that may serve traffic: application and library sources.
    case source
    /// Test files, test folders, test helpers and fixtures.
    case test
    /// Scripts, command-line tools, migrations and upgrade steps, installers, build and lint configs.
    case tooling
    /// Examples, documentation sites, demos and benchmarks.
    case example
    /// Code that runs in a browser (client bundles, UI components).
    case browser
    /// Build output and vendored copies (`dist/`, `*.min.js`, a committed package-manager release).
    case generated

    /// Whether findings in files of this role are reported by default.
    public var isReported: Bool { self == .source }

    /// Tests, examples and generated copies: they import and call whatever they exercise or bundle, so
    /// neither where a module runs nor what runs per request can be learnt from them. The project pass never
    /// sees them (no semantic model, no call edges, their tree not kept), which saves the scan their cost.
    public var isNeutral: Bool { self == .test || self == .example || self == .generated }

    /// The role a config names: the five skipped roles by their names; `source`, `request`, `job` and
    /// `library` all mean code that may serve traffic.
    public init?(configName: String) {
        switch configName {
        case "source", "request", "job", "library", "hot": self = .source
        case "test", "tests": self = .test
        case "tooling", "script", "scripts", "cli", "migration": self = .tooling
        case "example", "examples", "docs", "bench": self = .example
        case "browser", "client": self = .browser
        case "generated", "vendor", "vendored": self = .generated
        default: return nil
        }
    }
}

public enum FileRoles {
    /// The role of a file from its path below the scanned folder (`/`-separated), or nil when the path
    /// says nothing (then the content decides, and otherwise it is `source`).
    public static func role(forPath path: String) -> FileRole? {
        if let role = asciiRole(forPath: path) { return role }
        return stringRole(forPath: path)
    }

    /// `role(forPath:)` read on the path's pieces as strings (what `asciiRole(forPath:)` gives on bytes).
    static func stringRole(forPath path: String) -> FileRole? {
        var segments = path.splitASCII(UInt8(ascii: "/"))
        guard let last = segments.popLast() else { return nil }
        // File name first: `x.test.ts` under src/ is a test.
        let name = last.lowercased()
        if let r = role(forFileName: name) { return r }
        // The folder nearest the file wins: `examples/app/test/a.js` is a test, `test/fixtures/dist/x.js` too.
        for seg in segments.reversed() {
            if let r = folderRoles[Substring(seg.lowercased())] { return r }
        }
        // An application's top-level `client/` is its browser half (`client/`, `server/`); deeper, `client`
        // names a library's client classes (`src/client/`), which run in Node.
        if let first = segments.first, ["client", "clients-web", "webapp"].contains(first.lowercased()) {
            return .browser
        }
        // Likewise a top-level `tools/` holds the repository's tools; `server/tools/` is application code.
        // (`dev-tools/`, `release_tools/`, `claude-tools/` too)
        if let first = segments.first?.lowercased(),
           ["tools", "tool"].contains(first) || (first.count > 6 && (first.hasSuffix("-tools") || first.hasSuffix("_tools"))) {
            return .tooling
        }
        // build and release scripts at the repository's root (outline's build.js)
        if segments.isEmpty, let stem = name.splitASCII(UInt8(ascii: ".")).first,
           ["build", "release", "deploy", "publish", "prebuild", "postbuild", "postinstall", "prepare"].contains(stem) {
            return .tooling
        }
        return nil
    }

    /// Bundler and build-tool configurations named after the tool: `webpack.common.js`, `rollup.prod.mjs`.
    static let buildTools: Set<String> = [
        "webpack", "rollup", "vite", "esbuild", "babel", "jest", "vitest", "karma", "gulpfile", "gruntfile", "tsup",
        "craco", "snowpack", "parcel", "metro", "tailwind", "svelte", "nuxt", "next", "astro", "playwright", "cypress",
    ]

    static func role(forFileName name: String) -> FileRole? {
        // strip the extension(s): a.test.ts -> ["a", "test"]
        let parts = name.splitASCII(UInt8(ascii: "."), omittingEmpty: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let stem = parts.dropLast()
        let first = stem.first ?? ""
        for p in stem.dropFirst() {
            switch p {
            case "test", "tests", "spec", "specs", "e2e", "cy", "integration-test", "mock", "mocks", "fixture":
                return .test
            case "stories", "story", "bench", "benchmark", "example", "examples":
                return .example
            case "config", "conf", "rc":
                return .tooling
            case "min", "bundle", "umd", "production", "development":
                return .generated
            default:
                continue
            }
        }
        if first.hasSuffix("-test") || first.hasSuffix("_test") || first.hasSuffix("-spec") || first.hasSuffix("_spec")
            || first == "test" || first == "tests" || first == "spec" || first == "setuptests" || first == "test-utils"
            || first == "testutils" || first == "test-helpers" || first == "testhelpers" || first.hasPrefix("test-")
            || first.hasPrefix("test_")
        {
            return .test
        }
        if first.hasPrefix("bench-") || first.hasPrefix("bench_") || first.hasPrefix("benchmark") { return .example }
        // webpack.common.js, rollup.prod.mjs (a bare webpack.js may be a library's own module)
        if stem.count >= 2, buildTools.contains(first) { return .tooling }
        // development servers and scripts: dev-server.ts, dev_seed.js
        if first == "dev" || first.hasPrefix("dev-") || first.hasPrefix("dev_") { return .tooling }
        // dotfiles are tool configs: .eslintrc.js, .prettierrc.cjs, .mocharc.js
        if first.isEmpty { return .tooling }
        if parts.count == 2, ["gulpfile", "gruntfile", "jakefile", "dangerfile"].contains(first) { return .tooling }
        // installers and upgrade steps (NodeBB's src/install.js, wiki-js's server/setup.js first-run wizard)
        if parts.count == 2, ["install", "installer", "setup", "upgrade", "migrate", "seed", "seeds"].contains(first) {
            return .tooling
        }
        return nil
    }

    /// Folder names and the role of everything under them.
    static let folderRoles: [Substring: FileRole] = {
        var m: [Substring: FileRole] = [:]
        for n in ["test", "tests", "__tests__", "__test__", "__mocks__", "__fixtures__", "__snapshots__", "fixtures",
                  "fixture", "spec", "specs", "e2e", "cypress", "playwright", "testing", "test-utils", "testutils",
                  "test-helpers", "test_helpers", "testhelpers", "mocks", "integration-tests", "unit-tests", "tests-e2e",
                  "test-e2e", "test-d", "type-tests", "typetests", "types-test", "dtslint"] {
            m[Substring(n)] = .test
        }
        for n in ["scripts", "script", "bin", "tooling", "dev", "migrations", "migration", "seeders",
                  "seeds", "upgrades", "upgrade", "codemods", "codemod", "install", "installer", "cli", ".yarn",
                  ".github", ".husky", ".circleci", ".devcontainer", ".vscode", "gulp", "grunt", "ci", "release",
                  "releases", ".changeset", "devtools"] {
            m[Substring(n)] = .tooling
        }
        for n in ["example", "examples", "docs", "doc", "documentation", "demo", "demos", "sample", "samples",
                  "benchmark", "benchmarks", "bench", "benchmarking", ".vitepress", ".storybook", "storybook",
                  "stories", "website", "playground", "playgrounds", "sandbox", "sandboxes", "tutorial",
                  "tutorials", "starter", "starters", "perf", "guide", "guides", "site", "www"] {
            m[Substring(n)] = .example
        }
        for n in ["dist", "build", "out", "coverage", "vendor", "vendors", "third_party", "third-party",
                  "thirdparty", ".next", ".nuxt", ".output", ".svelte-kit", "lib-cov", "bower_components",
                  "jspm_packages", ".cache", "compiled", "generated", "__generated__", "umd", "esm5", "cjs-build",
                  "client-dist", "dist-client"] {
            m[Substring(n)] = .generated
        }
        for n in ["public", "static", "frontend", "browser", "www-client", "webapp", "client-side"] {
            m[Substring(n)] = .browser
        }
        return m
    }()

    /// Modules whose import marks a file as a test.
    static let testModules: Set<String> = [
        "vitest", "@jest/globals", "mocha", "chai", "node:test", "supertest", "@playwright/test", "cypress", "ava",
        "tap", "tape", "sinon", "@nestjs/testing", "should", "expect", "nock", "jest-mock", "@testing-library/react",
        "@testing-library/dom", "@testing-library/jest-dom", "@testing-library/user-event", "@testing-library/vue",
        "jest-extended", "testcontainers", "@hapi/lab", "@hapi/code", "tsd", "expect-type", "uvu", "chai-as-promised",
        "@vitest/browser", "msw", "msw/node", "light-my-request", "fetch-mock", "mock-fs", "proxyquire",
    ]

    /// Command-line frameworks: a file that parses its options with one is a CLI program or command.
    static let cliModules: Set<String> = [
        "yargs", "yargs/yargs", "yargs/helpers", "commander", "meow", "cac", "sade", "@oclif/core", "@oclif/command",
        "clipanion", "citty", "caporal", "@caporal/core", "vorpal", "gluegun",
    ]

    /// Server frameworks: a CLI file that also loads one starts a server (its routes are request code).
    static let serverModules: Set<String> = [
        "express", "koa", "fastify", "@hapi/hapi", "hapi", "hono", "http", "https", "http2", "node:http", "node:https",
        "node:http2", "ws", "socket.io", "restify", "@nestjs/core", "polka", "micro",
    ]

    /// Modules whose import marks a file as browser code.
    static let browserModules: Set<String> = [
        "react", "react-dom", "react-dom/client", "react-router", "react-router-dom", "vue", "svelte",
        "@angular/core", "jquery", "mobx-react", "mobx-react-lite", "@tanstack/react-query", "react-i18next",
        "styled-components", "@emotion/react", "@emotion/styled", "next/navigation", "next/router", "next/link",
        "next/image", "next/dynamic", "react-redux", "zustand", "@mui/material", "antd", "@chakra-ui/react",
        "preact", "solid-js", "lit", "@remix-run/react", "react-hook-form", "framer-motion", "react-use",
        "swr", "@apollo/client", "@reduxjs/toolkit", "mobx", "mobx-utils",
        // browser extensions' APIs (`browser.tabs`, `browser.webRequest`): they exist only in the browser
        "webextension-polyfill", "webextension-polyfill-ts",
    ]

    /// The role a file's content says: a `'use client'` directive, a test framework or browser UI import.
    public static func role(forContent tree: SyntaxTree) -> FileRole? {
        guard case .program(let body) = tree[tree.root] else { return nil }
        // what the modules the file loads say (`moduleMarks`), or-ed together
        var marks: ModuleMarks = []
        var sawServer = false
        var first = true
        for stmt in tree.list(body) {
            defer { first = false }
            switch tree[stmt] {
            case .expressionStatement(let e, let directive):
                if directive || first, case .stringLiteral = tree[e] {
                    let v = tree.stringValue(of: e)
                    if v == "use client" { return .browser }
                    if v == "use server" { return .source }
                }
            case .exportNamedDeclaration(let declaration?, _, _, _, _):
                if serverExport(declaration, tree) { sawServer = true }
            default:
                break
            }
            loadedSpecifiers(stmt, tree) { literal, typeOnly in
                let m = moduleMarks(of: literal, tree)
                // a command module that only names the CLI framework's types (`implements yargs.CommandModule`)
                // is CLI code too
                marks.formUnion(typeOnly ? m.intersection(.cli) : m)
            }
        }
        // Next.js's marker of server-only modules (importing it from client code fails the build): a React
        // import beside it is for `cache`, not for rendering in the browser
        if marks.contains(.serverOnly) { sawServer = true }
        if marks.contains(.test) { return .test }
        // a command-line program (its options parsed by a CLI framework) that starts no server itself
        if marks.contains(.cli) && !marks.contains(.serverModule) && !sawServer { return .tooling }
        if marks.contains(.browser) && !sawServer { return .browser }
        if !sawServer, usesDOM(tree) { return .browser }
        return nil
    }

    /// What loading a module says of the file (`role(forContent:)`).
    struct ModuleMarks: OptionSet, Hashable {
        let rawValue: UInt8
        /// A test framework or helper (`testModules`, `@testing-library/*`).
        static let test = ModuleMarks(rawValue: 1)
        /// A browser UI library (`browserModules`).
        static let browser = ModuleMarks(rawValue: 2)
        /// A command-line framework (`cliModules`).
        static let cli = ModuleMarks(rawValue: 4)
        /// A server framework or Node's servers (`serverModules`).
        static let serverModule = ModuleMarks(rawValue: 8)
        /// Next.js's `server-only`.
        static let serverOnly = ModuleMarks(rawValue: 16)
    }

    /// The marks of a module name (`ModuleMarks`).
    static func moduleMarks(_ spec: String) -> ModuleMarks {
        var m: ModuleMarks = []
        if testModules.contains(spec) || spec.hasPrefix("@testing-library/") { m.insert(.test) }
        if browserModules.contains(spec) { m.insert(.browser) }
        if cliModules.contains(spec) { m.insert(.cli) }
        if serverModules.contains(spec) { m.insert(.serverModule) }
        if spec == "server-only" { m.insert(.serverOnly) }
        return m
    }

    /// Every module name with marks, by the FNV-1a hash of its UTF-8 bytes (`moduleMarks(of:_:)`).
    static let marksByHash: [UInt64: [(name: [UInt8], marks: ModuleMarks)]] = {
        var out: [UInt64: [(name: [UInt8], marks: ModuleMarks)]] = [:]
        for spec in testModules.union(browserModules).union(cliModules).union(serverModules).union(["server-only"]) {
            let bytes = Array(spec.utf8)
            let h = bytes.withUnsafeBufferPointer { fnv1a($0) }
            out[h, default: []].append((bytes, moduleMarks(spec)))
        }
        return out
    }()

    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The marks of the module a string literal names (`moduleMarks(_:)` of its value), read on the literal's
    /// bytes: no String is built unless it is written with an escape or holds a character outside ASCII.
    static func moduleMarks(of literal: NodeID, _ tree: SyntaxTree) -> ModuleMarks {
        let r = tree.range(literal)
        let s = Int(r.start) + 1, e = Int(r.end) - 1
        let read = tree.file.bytes.withUnsafeBufferPointer { p -> ModuleMarks? in
            guard s <= e, e <= p.count else { return nil }
            let value = UnsafeBufferPointer(rebasing: p[s..<e])
            // an escape to decode, or a character outside ASCII (which the Strings compare as Unicode does)
            if value.contains(where: { $0 == 0x5C || $0 >= 0x80 }) { return nil }
            var m: ModuleMarks = []
            if let entries = marksByHash[fnv1a(value)] {
                for entry in entries where entry.name.elementsEqual(value) { m.formUnion(entry.marks) }
            }
            let prefix: StaticString = "@testing-library/"
            if value.count >= prefix.utf8CodeUnitCount,
               prefix.withUTF8Buffer({ $0.elementsEqual(UnsafeBufferPointer(rebasing: value[..<$0.count])) }) {
                m.insert(.test)
            }
            return m
        }
        return read ?? moduleMarks(tree.stringValue(of: literal))
    }

    /// `loadedModules` with the string literal that names each module, unread.
    static func loadedSpecifiers(_ stmt: NodeID, _ tree: SyntaxTree, _ visit: (NodeID, Bool) -> Void) {
        switch tree[stmt] {
        case .importDeclaration(_, let source, _, let typeOnly):
            if case .stringLiteral = tree[source] { visit(source, typeOnly) }
        case .expressionStatement(let e, _):
            if let spec = requireLiteral(e, tree) { visit(spec, false) }
        case .variableDeclaration(_, let decls, _):
            for d in tree.list(decls) {
                if case .variableDeclarator(_, let initializer?, _) = tree[d], let spec = requireLiteral(initializer, tree) {
                    visit(spec, false)
                }
            }
        default:
            break
        }
    }

    /// Properties of `document` that only a browser's DOM has (a local `document` model has a title, not
    /// these).
    static let domDocumentMembers: Set<String> = [
        "querySelector", "querySelectorAll", "getElementById", "getElementsByClassName", "getElementsByTagName",
        "createElement", "createTextNode", "documentElement", "activeElement", "execCommand", "getSelection",
        "cookie", "body", "head",
    ]

    /// Whether a file works the browser's DOM unguarded: at least two uses of `window.x`, `localStorage.x`,
    /// `sessionStorage.x` or DOM-only members of `document`, and no `typeof window` / `typeof document` test
    /// (universal code guards them).
    static func usesDOM(_ tree: SyntaxTree) -> Bool {
        // Every use counted below names `window`, `document`, `localStorage` or `sessionStorage`: a file whose
        // bytes hold none of them (nor a `\u` escape, which could spell one) has none, and most server files
        // are skipped before their nodes are read.
        guard mayNameDOMGlobals(tree.file.bytes) else { return false }
        // Each use, guard and declaration looked at is an identifier of one of those names (or `navigator`) and
        // its parent: the identifiers are read, and only those whose first byte may start such a name (or an
        // escape) are looked at further.
        let bytes = tree.file.bytes
        var uses = 0
        for id in tree.nodes(ofKind: .identifier) {
            let start = Int(tree.range(id).start)
            guard start < bytes.count else { continue }
            switch bytes[start] {
            case UInt8(ascii: "w"), UInt8(ascii: "d"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "n"), 0x5C: break
            default: continue
            }
            guard let parent = tree.parent(id) else { continue }
            switch tree.kind(parent) {
            case .member, .unary, .variableDeclarator, .functionDeclaration, .functionExpression, .arrowFunction: break
            default: continue
            }
            switch tree[parent] {
            case .member(let object, let property, false, _) where object == id:
                if isDOMGlobal(id, tree) {
                    uses += 1
                } else if tree.nameIs(id, "document"), tree.kind(property) == .identifier,
                          domDocumentMembers.contains(tree.name(of: property)) {
                    uses += 1
                }
            case .unary(.typeof, let argument) where argument == id:
                if ["window", "document", "localStorage", "navigator"].contains(tree.name(of: id)) { return false }
            // a name of its own (a rate limiter's `window`): not the DOM's
            case .variableDeclarator(let declared, _, _) where declared == id:
                if declares(id, tree) { return false }
            case .functionDeclaration(_, _, let params, _, _, _), .functionExpression(_, _, let params, _, _, _),
                 .arrowFunction(_, let params, _, _, _):
                if tree.list(params).contains(id), declares(id, tree) { return false }
            default:
                continue
            }
        }
        return uses >= 2
    }

    static func mayNameDOMGlobals(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { hay in
            guard let base = hay.baseAddress else { return false }
            // each needle is found from the places its least common byte in source code occurs (memchr), the
            // rest then compared: `m` is half as common as `d`
            for (needle, anchor): (StaticString, Int) in [("window", 0), ("document", 4), ("Storage", 0), ("\\u", 0)] {
                let found = needle.withUTF8Buffer { n -> Bool in
                    var from = anchor
                    while from + n.count - anchor <= hay.count,
                          let hit = memchr(base + from, Int32(n[anchor]), hay.count - from - (n.count - anchor) + 1) {
                        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) - anchor
                        if memcmp(base + at, n.baseAddress!, n.count) == 0 { return true }
                        from = at + anchor + 1
                    }
                    return false
                }
                if found { return true }
            }
            return false
        }
    }

    static func declares(_ pattern: NodeID, _ tree: SyntaxTree) -> Bool {
        guard case .identifier = tree[pattern] else { return false }
        return isDOMGlobal(pattern, tree) || tree.nameIs(pattern, "document")
    }

    /// Whether an identifier names a browser global whose members are the DOM's: `window`, `localStorage`,
    /// `sessionStorage` (compared on its bytes, no String built).
    static func isDOMGlobal(_ id: NodeID, _ tree: SyntaxTree) -> Bool {
        tree.nameIs(id, "window") || tree.nameIs(id, "localStorage") || tree.nameIs(id, "sessionStorage")
    }

    /// Exports a framework calls on the server per request: `getServerSideProps`, Remix `loader`/`action`.
    static func serverExport(_ declaration: NodeID, _ tree: SyntaxTree) -> Bool {
        func named(_ id: NodeID) -> Bool {
            tree.nameIs(id, "getServerSideProps") || tree.nameIs(id, "getInitialProps") || tree.nameIs(id, "loader")
                || tree.nameIs(id, "action") || tree.nameIs(id, "generateMetadata")
        }
        switch tree[declaration] {
        case .functionDeclaration(let id?, _, _, _, _, _):
            return named(id)
        case .variableDeclaration(_, let decls, _):
            return tree.list(decls).contains { d in
                if case .variableDeclarator(let id, _, _) = tree[d], case .identifier = tree[id] {
                    return named(id)
                }
                return false
            }
        default:
            return false
        }
    }

    /// `require('x')` (also `require('x').y`, `require('x')(...)`) with a literal specifier.
    static func requireSpecifier(_ e: NodeID, _ tree: SyntaxTree) -> String? {
        requireLiteral(e, tree).map { tree.stringValue(of: $0) }
    }

    /// The string literal of `requireSpecifier`.
    static func requireLiteral(_ e: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var n = e
        for _ in 0..<4 {
            switch tree[n] {
            case .member(let object, _, _, _):
                n = object
            case .call(let callee, _, let args, _):
                if case .identifier = tree[callee], tree.nameIs(callee, "require"),
                   let a = tree.list(args).first, case .stringLiteral = tree[a]
                {
                    return a
                }
                n = callee
            default:
                return nil
            }
        }
        return nil
    }

    /// The role of a file: the path first (a folder or file name convention), then the content.
    public static func role(path: String, tree: SyntaxTree) -> FileRole {
        if let r = role(forPath: path) {
            // A program under `bin/` that loads a server module is the server the package ships
            // (express-generator's `bin/www`, y-websocket's `bin/server.js`): the folders above `bin/`
            // decide (`examples/express/bin/www` is an example), else its content does.
            guard r == .tooling, let above = pathAboveBinFolder(path), importsServerModule(tree) else { return r }
            if let r = role(forPath: above + "/index.js") { return r }
        }
        let content = role(forContent: tree)
        // Next.js App Router files are server components unless they say 'use client': their React
        // import does not make them browser code (they render per request).
        if content == .browser, isAppRouterFile(path), !hasUseClient(tree) { return .source }
        return content ?? .source
    }

    /// The folders above a `bin/` folder that gives the file its role (the nearest role folder, no role
    /// from the file's own name); "" for a `bin/` at the top; nil for any other file.
    public static func pathAboveBinFolder(_ path: String) -> String? {
        var segments = path.splitASCII(UInt8(ascii: "/"))
        guard let last = segments.popLast(), role(forFileName: last.lowercased()) == nil else { return nil }
        for (i, seg) in segments.enumerated().reversed() {
            let folder = Substring(seg.lowercased())
            guard folderRoles[folder] != nil else { continue }
            guard folder == "bin" else { return nil }
            return segments[..<i].joined(separator: "/")
        }
        return nil
    }

    /// Whether a module's top-level imports or requires load a server framework or Node's servers.
    static func importsServerModule(_ tree: SyntaxTree) -> Bool {
        guard case .program(let body) = tree[tree.root] else { return false }
        var found = false
        for stmt in tree.list(body) where !found {
            loadedModules(stmt, tree) { spec, typeOnly in
                if !typeOnly, serverModules.contains(spec) { found = true }
            }
        }
        return found
    }

    /// The modules a top-level statement loads, with whether the import is for types only: an `import`
    /// declaration, a `require('x')` statement, or the `require` calls that initialise a declaration.
    static func loadedModules(_ stmt: NodeID, _ tree: SyntaxTree, _ visit: (String, Bool) -> Void) {
        switch tree[stmt] {
        case .importDeclaration(_, let source, _, let typeOnly):
            if case .stringLiteral = tree[source] { visit(tree.stringValue(of: source), typeOnly) }
        case .expressionStatement(let e, _):
            if let spec = requireSpecifier(e, tree) { visit(spec, false) }
        case .variableDeclaration(_, let decls, _):
            for d in tree.list(decls) {
                if case .variableDeclarator(_, let initializer?, _) = tree[d], let spec = requireSpecifier(initializer, tree) {
                    visit(spec, false)
                }
            }
        default:
            break
        }
    }

    static func isAppRouterFile(_ path: String) -> Bool {
        let segments = path.splitASCII(UInt8(ascii: "/"))
        guard segments.dropLast().contains("app"), let last = segments.last else { return false }
        let stem = last.splitASCII(UInt8(ascii: ".")).first.map(String.init) ?? ""
        return ["page", "layout", "route", "template", "loading", "error", "not-found", "default", "head"].contains(stem)
    }

    /// Whether the file starts with a `'use client'` directive.
    public static func hasUseClient(_ tree: SyntaxTree) -> Bool {
        guard case .program(let body) = tree[tree.root], let first = tree.list(body).first,
              case .expressionStatement(let e, _) = tree[first], case .stringLiteral = tree[e] else { return false }
        return tree.stringValue(of: e) == "use client"
    }
}

// MARK: - The path conventions read on bytes

extension FileRoles {
    /// `role(forPath:)` read on the path's bytes, without splitting it or lower-casing each piece into a new
    /// string: `.some(role)` as the reading on strings gives it, or nil when the path holds a byte outside
    /// printable ASCII (Unicode's lower-casing and a `\r\n` read as one character are then the strings').
    static func asciiRole(forPath path: String) -> FileRole?? {
        var path = path
        return path.withUTF8 { bytes -> FileRole?? in
            for b in bytes where b >= 0x80 || b < 0x20 { return nil }
            let n = bytes.count
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, n)) { buffer -> FileRole?? in
                for i in 0..<n {
                    let b = bytes[i]
                    buffer[i] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                }
                return .some(role(lowercasedPath: UnsafeBufferPointer(rebasing: buffer[0..<n])))
            }
        }
    }

    /// Whether a folder name ends in `-tools` or `_tools` after something (`dev-tools`, `release_tools`).
    private static func endsWithTools(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count > 6 else { return false }
        let sep = name[name.count - 6]
        guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "_") else { return false }
        return equals(UnsafeBufferPointer(rebasing: name[(name.count - 5)...]), "tools")
    }

    /// `role(forPath:)` on a lower-cased ASCII path.
    private static func role(lowercasedPath p: UnsafeBufferPointer<UInt8>) -> FileRole? {
        let slash = UInt8(ascii: "/")
        var end = p.count
        while end > 0 && p[end - 1] == slash { end -= 1 }
        guard end > 0 else { return nil }
        var start = end
        while start > 0 && p[start - 1] != slash { start -= 1 }
        // the file name first, then the folders from the nearest
        if let r = role(lowercasedFileName: UnsafeBufferPointer(rebasing: p[start..<end])) { return r }
        var first: Range<Int>?
        var pos = start
        while true {
            var e = pos
            while e > 0 && p[e - 1] == slash { e -= 1 }
            guard e > 0 else { break }
            var s = e
            while s > 0 && p[s - 1] != slash { s -= 1 }
            if let r = folderRole(UnsafeBufferPointer(rebasing: p[s..<e])) { return r }
            first = s..<e
            pos = s
        }
        if let first {
            let top = UnsafeBufferPointer(rebasing: p[first])
            if equals(top, "client") || equals(top, "clients-web") || equals(top, "webapp") { return .browser }
            if equals(top, "tools") || equals(top, "tool") || endsWithTools(top) { return .tooling }
            return nil
        }
        // a file at the root: the name's first non-empty piece between dots
        var s = start
        while s < end && p[s] == UInt8(ascii: ".") { s += 1 }
        guard s < end else { return nil }
        var e = s
        while e < end && p[e] != UInt8(ascii: ".") { e += 1 }
        let stem = UnsafeBufferPointer(rebasing: p[s..<e])
        for tool: StaticString in ["build", "release", "deploy", "publish", "prebuild", "postbuild", "postinstall", "prepare"]
        where equals(stem, tool) {
            return .tooling
        }
        return nil
    }

    /// `role(forFileName:)` on a lower-cased ASCII name.
    private static func role(lowercasedFileName name: UnsafeBufferPointer<UInt8>) -> FileRole? {
        let dot = UInt8(ascii: ".")
        var dots = 0
        for b in name where b == dot { dots += 1 }
        guard dots >= 1 else { return nil }
        // the pieces between dots, the extension (the last) left out
        let firstEnd = name.firstIndex(of: dot)!
        let first = UnsafeBufferPointer(rebasing: name[0..<firstEnd])
        let stemCount = dots
        var s = firstEnd + 1
        for _ in 1..<max(1, stemCount) {
            var e = s
            while name[e] != dot { e += 1 }
            let piece = UnsafeBufferPointer(rebasing: name[s..<e])
            if isAny(piece, ["test", "tests", "spec", "specs", "e2e", "cy", "integration-test", "mock", "mocks", "fixture"]) {
                return .test
            }
            if isAny(piece, ["stories", "story", "bench", "benchmark", "example", "examples"]) { return .example }
            if isAny(piece, ["config", "conf", "rc"]) { return .tooling }
            if isAny(piece, ["min", "bundle", "umd", "production", "development"]) { return .generated }
            s = e + 1
        }
        if hasSuffix(first, "-test") || hasSuffix(first, "_test") || hasSuffix(first, "-spec") || hasSuffix(first, "_spec")
            || isAny(first, ["test", "tests", "spec", "setuptests", "test-utils", "testutils", "test-helpers", "testhelpers"])
            || hasPrefix(first, "test-") || hasPrefix(first, "test_")
        {
            return .test
        }
        if hasPrefix(first, "bench-") || hasPrefix(first, "bench_") || hasPrefix(first, "benchmark") { return .example }
        if stemCount >= 2, isBuildTool(first) { return .tooling }
        if equals(first, "dev") || hasPrefix(first, "dev-") || hasPrefix(first, "dev_") { return .tooling }
        if first.isEmpty { return .tooling }
        if dots == 1, isAny(first, ["gulpfile", "gruntfile", "jakefile", "dangerfile"]) { return .tooling }
        if dots == 1, isAny(first, ["install", "installer", "setup", "upgrade", "migrate", "seed", "seeds"]) { return .tooling }
        return nil
    }

    /// `folderRoles` for a lower-cased ASCII folder name; names of a first byte and length no folder name has
    /// are answered without a lookup.
    private static func folderRole(_ name: UnsafeBufferPointer<UInt8>) -> FileRole? {
        guard let lead = name.first, lead < 0x80, name.count < 32, folderNameShapes[Int(lead)] & (1 << UInt32(name.count)) != 0
        else { return nil }
        return folderRoles[Substring(String(decoding: name, as: UTF8.self))]
    }

    /// Per first byte, a bit per length of the folder names of `folderRoles` that start with it.
    private static let folderNameShapes: [UInt32] = {
        var shapes = [UInt32](repeating: 0, count: 128)
        for key in folderRoles.keys {
            guard let lead = key.utf8.first, lead < 0x80, key.utf8.count < 32 else { continue }
            shapes[Int(lead)] |= 1 << UInt32(key.utf8.count)
        }
        return shapes
    }()

    private static func isBuildTool(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !name.isEmpty, name.count <= 16 else { return false }
        return buildTools.contains(String(decoding: name, as: UTF8.self))
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { l in l.count == bytes.count && (l.isEmpty || memcmp(l.baseAddress!, bytes.baseAddress!, l.count) == 0) }
    }

    private static func isAny(_ bytes: UnsafeBufferPointer<UInt8>, _ literals: [StaticString]) -> Bool {
        literals.contains { equals(bytes, $0) }
    }

    private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { l in
            l.count <= bytes.count && memcmp(l.baseAddress!, bytes.baseAddress!, l.count) == 0
        }
    }

    private static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { l in
            l.count <= bytes.count && memcmp(l.baseAddress!, bytes.baseAddress! + (bytes.count - l.count), l.count) == 0
        }
    }
}
