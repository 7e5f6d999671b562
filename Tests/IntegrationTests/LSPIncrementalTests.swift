import Foundation
import LintTestSupport
import Testing

/// `looplint lsp` keeps each project's per-file work between edits. After every edit of a sequence (buffer
/// edits that change routes, exports, syntax and suppressions, files changed and deleted on disk, a new
/// looplint.yml), the diagnostics of every open document must equal those a freshly started server
/// publishes for the same contents.
@Suite struct LSPIncrementalTests {
    typealias Client = LSPTests.Client

    static let handler = """
    const fs = require('fs')
    exports.load = (name) => {
      return fs.readFileSync(name)
    }

    """
    static let service = """
    const { load } = require('../handler')
    exports.pack = (data) => load(data)

    """
    static let app = """
    const express = require('express')
    const { load } = require('./handler')
    const { pack } = require('./lib/service')
    const app = express()
    app.get('/users', (req, res) => res.send(load('users.json')))
    app.get('/packed', (req, res) => res.send(pack(req.query.name)))

    """

    /// A hover request on each document: the server lints a document with pending edits before it
    /// answers, so once the answers are in, the last publishDiagnostics of each document is its final one.
    static func settle(_ client: Client, _ uris: [String], log: inout [String]) throws -> [String: [[String: Any]]] {
        for uri in uris {
            _ = try client.request("textDocument/hover", ["textDocument": ["uri": uri],
                                                          "position": ["line": 0, "character": 0]])
        }
        var last: [String: [[String: Any]]] = [:]
        for m in client.backlog where m["method"] as? String == "window/logMessage" {
            log.append(((m["params"] as? [String: Any])?["message"] as? String) ?? "")
        }
        for m in client.backlog where m["method"] as? String == "textDocument/publishDiagnostics" {
            guard let p = m["params"] as? [String: Any], let uri = p["uri"] as? String else { continue }
            last[uri] = p["diagnostics"] as? [[String: Any]] ?? []
        }
        client.backlog.removeAll()
        return last
    }

    static func canonical(_ diagnostics: [[String: Any]]?) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: diagnostics ?? [], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func codes(_ diagnostics: [[String: Any]]?) -> [String] {
        (diagnostics ?? []).compactMap { $0["code"] as? String }.sorted()
    }

    static func initialize(_ client: Client, _ root: String) throws {
        _ = try client.request("initialize", [
            "processId": NSNull(), "rootUri": "file://\(root)", "capabilities": [:] as [String: Any],
            "workspaceFolders": [["uri": "file://\(root)", "name": "ws"]],
        ])
        try client.notify("initialized", [:])
    }

    static func stop(_ client: Client) throws {
        _ = try client.request("shutdown", [:])
        try client.notify("exit", [:])
        client.process.waitUntilExit()
    }

    /// The diagnostics a new server publishes for these buffers.
    static func cold(_ dir: TempDir, _ root: String, _ buffers: [(uri: String, text: String)]) throws -> [String: [[String: Any]]] {
        let client = try Client(cwd: dir.path)
        try initialize(client, root)
        for b in buffers {
            try client.notify("textDocument/didOpen", ["textDocument": [
                "uri": b.uri, "languageId": "javascript", "version": 1, "text": b.text]])
        }
        var log: [String] = []
        let out = try settle(client, buffers.map(\.uri), log: &log)
        try stop(client)
        return out
    }

    @Test func editsMatchAColdLint() throws {
        let dir = try TempDir()
        try dir.write("handler.js", Self.handler)
        try dir.write("lib/service.js", Self.service)
        try dir.write("app.js", "")
        let root = URL(fileURLWithPath: dir.path).standardizedFileURL.path
        let appURI = "file://\(root)/app.js", handlerURI = "file://\(root)/handler.js"
        let client = try Client(cwd: dir.path)
        try Self.initialize(client, root)
        var app = Self.app, handler = Self.handler
        var version = 1
        try client.notify("textDocument/didOpen", ["textDocument": [
            "uri": handlerURI, "languageId": "javascript", "version": 1, "text": handler]])
        try client.notify("textDocument/didOpen", ["textDocument": [
            "uri": appURI, "languageId": "javascript", "version": 1, "text": app]])

        func change(_ uri: String, _ text: String) throws {
            version += 1
            try client.notify("textDocument/didChange", ["textDocument": ["uri": uri, "version": version],
                                                         "contentChanges": [["text": text]]])
        }

        // Each step: what it does (for failure messages), then the codes the app and handler show.
        var steps: [(String, () throws -> Void)] = []
        steps.append(("open", {}))
        steps.append(("one character added in app.js", { app = app.replacingOccurrences(of: "const app", with: "const  app"); try change(appURI, app) }))
        steps.append(("the route calling load removed (GET /packed still reaches it through lib/service.js)", {
            app = app.replacingOccurrences(of: "app.get('/users', (req, res) => res.send(load('users.json')))\n", with: "")
            try change(appURI, app)
        }))
        steps.append(("load renamed to read in handler.js (lib/service.js still imports load)", {
            handler = handler.replacingOccurrences(of: "exports.load", with: "exports.read")
            try change(handlerURI, handler)
            app = app.replacingOccurrences(of: "const { load }", with: "const { read }")
            try change(appURI, app)
        }))
        steps.append(("a syntax error in app.js", { app += "app.get('/broken', (req, res) => {\n"; try change(appURI, app) }))
        steps.append(("the syntax error fixed with serial awaits", {
            app += "  const user = await getUser(req.params.id)\n  const feed = await getFeed(req.params.id)\n  res.json({ user, feed })\n})\n"
            app = app.replacingOccurrences(of: "'/broken', (req, res)", with: "'/broken', async (req, res)")
            try change(appURI, app)
        }))
        steps.append(("lib/service.js rewritten on disk to import read", {
            try dir.write("lib/service.js", Self.service.replacingOccurrences(of: "load", with: "read"))
            app += " "
            try change(appURI, app)
        }))
        steps.append(("a suppression in handler.js", {
            handler = handler.replacingOccurrences(of: "  return fs", with: "  // looplint-disable-next-line blocking/fs-sync -- test\n  return fs")
            try change(handlerURI, handler)
        }))
        steps.append(("the suppression removed again", {
            handler = handler.replacingOccurrences(of: "  // looplint-disable-next-line blocking/fs-sync -- test\n", with: "")
            try change(handlerURI, handler)
        }))
        steps.append(("lib/service.js restored on disk (imports load again)", {
            try dir.write("lib/service.js", Self.service)
            app += "\n"
            try change(appURI, app)
        }))
        steps.append(("lib/service.js deleted on disk", {
            try FileManager.default.removeItem(atPath: dir.path + "/lib/service.js")
            app += " "
            try change(appURI, app)
        }))
        steps.append(("lib/service.js back with read, and a looplint.yml making blocking an error", {
            try dir.write("lib/service.js", Self.service.replacingOccurrences(of: "load", with: "read"))
            try dir.write("looplint.yml", "rules:\n  blocking: error\n")
            app += " "
            try change(appURI, app)
        }))

        var seen: [[String]] = []
        var logs: [[String]] = []
        for (name, step) in steps {
            try step()
            var log: [String] = []
            let warm = try Self.settle(client, [appURI, handlerURI], log: &log)
            logs.append(log)
            let fresh = try Self.cold(dir, root, [(appURI, app), (handlerURI, handler)])
            for uri in [appURI, handlerURI] {
                #expect(try Self.canonical(warm[uri]) == Self.canonical(fresh[uri]),
                        "after \(name): \(uri.split(separator: "/").last ?? "")")
            }
            seen.append(Self.codes(warm[appURI]) + Self.codes(warm[handlerURI]))
        }
        // The sequence does change the findings (so equal answers are not equal emptiness).
        let fsSync = seen.map { $0.contains("blocking/fs-sync") }
        #expect(fsSync == [true, true, true, false, false, false, true, false, true, false, false, true], "\(seen)")
        #expect(seen[5].contains("serial-await/sequential"), "\(seen[5])")
        // The server's log: the first lint parses the three files; a one-character edit parses one again and
        // keeps the call edges of the two others; a new looplint.yml starts afresh.
        #expect(logs[0].last?.contains(": 3 files, 3 parsed, 0 reused;") == true, "\(logs[0])")
        #expect(logs[1].last?.contains(": 3 files, 1 parsed, 2 reused; call edges of 2 files reused;") == true, "\(logs[1])")
        #expect(logs[11].last?.contains(", 0 reused;") == true, "\(logs[11])")
        try Self.stop(client)
    }
}
