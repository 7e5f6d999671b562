// `FileRoles.role(forContent:)` reads module specifiers and the DOM's names on the source bytes. The reading
// on Strings it replaced is kept here as the oracle: both give the same role for sources written to exercise
// every signal (escaped specifiers, non-ASCII ones, type-only imports, guards, declarations), and for every
// source below LOOPLINT_CORPUS when it names a folder (such as the ecosystem check's trees).

import Foundation
import JSSyntax
import SourceText
import Testing
@testable import ExecutionContext

@Suite struct ContentRoleBytesTests {
    /// The reading on Strings: each specifier decoded, the sets asked; every node visited for the DOM.
    enum Oracle {
        static func role(_ tree: SyntaxTree) -> FileRole? {
            guard case .program(let body) = tree[tree.root] else { return nil }
            var sawTest = false, sawBrowser = false, sawServer = false, sawCLI = false, sawServerModule = false
            func note(_ spec: String) {
                if FileRoles.testModules.contains(spec) || spec.hasPrefix("@testing-library/") { sawTest = true }
                if FileRoles.browserModules.contains(spec) { sawBrowser = true }
                if spec == "server-only" { sawServer = true }
                if FileRoles.cliModules.contains(spec) { sawCLI = true }
                if FileRoles.serverModules.contains(spec) { sawServerModule = true }
            }
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
                FileRoles.loadedModules(stmt, tree) { spec, typeOnly in
                    if typeOnly {
                        if FileRoles.cliModules.contains(spec) { sawCLI = true }
                    } else {
                        note(spec)
                    }
                }
            }
            if sawTest { return .test }
            if sawCLI && !sawServerModule && !sawServer { return .tooling }
            if sawBrowser && !sawServer { return .browser }
            if !sawServer, usesDOM(tree) { return .browser }
            return nil
        }

        static func serverExport(_ declaration: NodeID, _ tree: SyntaxTree) -> Bool {
            let names: Set<String> = ["getServerSideProps", "getInitialProps", "loader", "action", "generateMetadata"]
            switch tree[declaration] {
            case .functionDeclaration(let id?, _, _, _, _, _):
                return names.contains(tree.name(of: id))
            case .variableDeclaration(_, let decls, _):
                return tree.list(decls).contains { d in
                    if case .variableDeclarator(let id, _, _) = tree[d], case .identifier = tree[id] {
                        return names.contains(tree.name(of: id))
                    }
                    return false
                }
            default:
                return false
            }
        }

        static func usesDOM(_ tree: SyntaxTree) -> Bool {
            let text = String(decoding: tree.file.bytes, as: UTF8.self)
            guard ["window", "document", "Storage", "\\u"].contains(where: { text.utf8.firstRange(of: $0.utf8) != nil })
            else { return false }
            var uses = 0
            for i in 0..<tree.count {
                let id = NodeID(Int32(i))
                switch tree[id] {
                case .member(let object, let property, false, _):
                    guard case .identifier = tree[object] else { continue }
                    if FileRoles.isDOMGlobal(object, tree) {
                        uses += 1
                    } else if tree.name(of: object) == "document", tree.kind(property) == .identifier,
                              FileRoles.domDocumentMembers.contains(tree.name(of: property)) {
                        uses += 1
                    }
                case .unary(.typeof, let argument):
                    if case .identifier = tree[argument],
                       ["window", "document", "localStorage", "navigator"].contains(tree.name(of: argument)) {
                        return false
                    }
                case .variableDeclarator(let declared, _, _):
                    if FileRoles.declares(declared, tree) { return false }
                case .functionDeclaration(_, _, let params, _, _, _), .functionExpression(_, _, let params, _, _, _),
                     .arrowFunction(_, let params, _, _, _):
                    if tree.list(params).contains(where: { FileRoles.declares($0, tree) }) { return false }
                default:
                    continue
                }
            }
            return uses >= 2
        }
    }

    static func tree(_ path: String, _ source: String) -> SyntaxTree {
        Parser.parseAllowingFlow(SourceFile(path: path, text: source), options: .forPath(path)).tree
    }

    static let sources: [(String, FileRole?)] = [
        ("import { test } from 'vitest'\nexport const x = 1", .test),
        ("const t = require('\\u0074ap')", .test),
        ("import '@testing-library/'", .test),
        ("import x from '@testing-library/react-native'", .test),
        ("import React from 'react'\nimport 'server-only'", nil),
        ("import React from 'react'", .browser),
        ("import r from 'r\\u00e9act'", nil),
        ("import k from '\u{212A}oa'", nil),
        ("import type { Argv } from 'yargs'\nexport const command = 'x'", .tooling),
        ("import yargs from 'yargs'\nimport express from 'express'", nil),
        ("const { program } = require('commander').default\nprogram.parse()", .tooling),
        ("import { program } from 'commander'\nexport function getServerSideProps() {}", nil),
        ("import React from 'react'\nexport const loader = () => 1", nil),
        ("window.addEventListener('x', f)\nwindow.location.href = '/'", .browser),
        ("document.querySelector('a').x = 1; document.body.append(x)", .browser),
        ("if (typeof window !== 'undefined') { window.a = 1; window.b = 2 }", nil),
        ("const window = {}; window.a = 1; window.b = 2", nil),
        ("function f(window) { window.a = 1; window.b = 2 }", nil),
        ("const f = (document) => document.body + document.head", nil),
        ("localStorage.setItem('a', 1); sessionStorage.getItem('b')", .browser),
        ("w\\u0069ndow.a = 1; window.b = 2", .browser),
        ("const document = { title: 'x' }\nexport const t = document.title", nil),
        ("document.title = 'x'; document.cookie = 'y'", nil),
        ("foo.window.a = 1; bar.window.b = 2", nil),
        ("window[a] = 1; window[b] = 2", nil),
        ("'use client'\nimport x from 'vitest'", .browser),
        ("'use server'\nimport React from 'react'", .source),
    ]

    @Test func contentRolesAreTheStringReadings() {
        for (source, expected) in Self.sources {
            let tree = Self.tree("a.ts", source)
            #expect(FileRoles.role(forContent: tree) == Oracle.role(tree), "\(source)")
            #expect(FileRoles.role(forContent: tree) == expected, "\(source)")
        }
    }

    /// Every source of a corpus (skipped when LOOPLINT_CORPUS is not set).
    @Test func corpusContentRolesAreTheStringReadings() throws {
        guard let folder = ProcessInfo.processInfo.environment["LOOPLINT_CORPUS"] else { return }
        let fm = FileManager.default
        let extensions: Set<String> = ["js", "cjs", "mjs", "jsx", "ts", "cts", "mts", "tsx"]
        let files = (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
        var differences: [String] = []
        var roles: [String: Int] = [:]
        for path in files {
            guard let data = fm.contents(atPath: folder + "/" + path), data.count < 4_000_000 else { continue }
            let tree = Parser.parseAllowingFlow(SourceFile(path: path, bytes: [UInt8](data)), options: .forPath(path)).tree
            let role = FileRoles.role(forContent: tree)
            roles[role?.rawValue ?? "none", default: 0] += 1
            if role != Oracle.role(tree) { differences.append(path) }
        }
        print("ContentRoleBytesTests: \(files.count) files of \(folder), content roles \(roles.sorted { $0.key < $1.key })")
        #expect(differences.isEmpty, "\(differences.prefix(10))")
    }
}
