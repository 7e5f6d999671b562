import Foundation
import LanguageServer
import LintTestSupport
import Testing

/// `looplint lsp` driven by a scripted JSON-RPC client over pipes: the built binary is started, and the
/// test talks to it as an editor would. The client waits for each answer or notification it needs (by
/// message, never by time); a watchdog only stops a server that hangs, so the test fails instead of
/// hanging the suite.
@Suite struct LSPTests {
    final class Client {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        let reader: MessageReader
        var nextID = 1
        /// Notifications received while waiting for something else.
        var backlog: [[String: Any]] = []

        init(cwd: String) throws {
            signal(SIGPIPE, SIG_IGN)  // a server that died fails the test instead of killing it
            process.executableURL = URL(fileURLWithPath: try CheckCommandTests.binary())
            process.arguments = ["lsp", "--debounce", "50"]
            process.currentDirectoryURL = URL(fileURLWithPath: cwd)
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            var env = ProcessInfo.processInfo.environment
            env["SWIFT_BACKTRACE"] = "enable=no"
            process.environment = env
            reader = MessageReader(fd: output.fileHandleForReading.fileDescriptor)
            try process.run()
            let p = process
            DispatchQueue.global().asyncAfter(deadline: .now() + 300) { if p.isRunning { p.terminate() } }
        }

        /// Frames a message by hand (Content-Length, CRLF CRLF, JSON).
        func send(_ message: [String: Any]) throws {
            var m = message
            m["jsonrpc"] = "2.0"
            let body = try JSONSerialization.data(withJSONObject: m)
            input.fileHandleForWriting.write(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
        }

        func notify(_ method: String, _ params: [String: Any]) throws {
            try send(["method": method, "params": params])
        }

        func receive() throws -> [String: Any] {
            let body = try #require(reader.next(), "the server closed its output")
            return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        }

        /// Sends a request and returns its result, keeping notifications that arrive before it.
        func request(_ method: String, _ params: [String: Any]) throws -> Any? {
            let id = nextID
            nextID += 1
            try send(["id": id, "method": method, "params": params])
            while true {
                let m = try receive()
                if (m["id"] as? Int) == id {
                    #expect(m["error"] == nil, "\(method): \(m)")
                    return m["result"]
                }
                backlog.append(m)
            }
        }

        /// The next publishDiagnostics for `uri` (with `version` when given).
        func diagnostics(_ uri: String, version: Int? = nil) throws -> [[String: Any]] {
            while true {
                let m: [String: Any]
                if let i = backlog.firstIndex(where: { ($0["params"] as? [String: Any])?["uri"] as? String == uri }) {
                    m = backlog.remove(at: i)
                } else {
                    m = try receive()
                }
                guard m["method"] as? String == "textDocument/publishDiagnostics",
                      let params = m["params"] as? [String: Any], params["uri"] as? String == uri else {
                    backlog.append(m)
                    continue
                }
                if let version, params["version"] as? Int != version { continue }
                return params["diagnostics"] as? [[String: Any]] ?? []
            }
        }
    }

    /// Applies LSP text edits (0-based lines, UTF-16 characters) to a text, last first.
    static func apply(_ edits: [[String: Any]], to text: String) -> String {
        var units = Array(text.utf16)
        var starts = [0]
        for (i, u) in units.enumerated() where u == 0x0A { starts.append(i + 1) }
        func offset(_ p: [String: Any]) -> Int { starts[p["line"] as! Int] + (p["character"] as! Int) }
        let located = edits.map { e -> (Int, Int, String) in
            let r = e["range"] as! [String: Any]
            return (offset(r["start"] as! [String: Any]), offset(r["end"] as! [String: Any]), e["newText"] as! String)
        }
        for (a, b, t) in located.sorted(by: { $0.0 > $1.0 }) { units.replaceSubrange(a..<b, with: Array(t.utf16)) }
        return String(decoding: units, as: UTF16.self)
    }

    static let handler = """
    const fs = require('fs')
    exports.load = (name) => {
      return fs.readFileSync(name)
    }

    """
    static let appOnDisk = """
    const express = require('express')
    const app = express()

    """
    static let appBuffer = """
    const express = require('express')
    const { load } = require('./handler')
    const app = express()
    app.get('/users', (req, res) => res.send(load('users.json')))
    app.get('/feed/:id', async (req, res) => {
      const user = await getUser(req.params.id)
      const feed = await getFeed(req.params.id)
      res.json({ user, feed })
    })

    """

    @Test func scriptedSession() throws {
        let dir = try TempDir()
        // The workspace holds a service with its own looplint.yml (found upward from the file): blocking
        // findings are errors there.
        try dir.write("svc/looplint.yml", "rules:\n  blocking: error\n")
        try dir.write("svc/handler.js", Self.handler)
        try dir.write("svc/app.js", Self.appOnDisk)
        let root = URL(fileURLWithPath: dir.path).standardizedFileURL.path
        let handlerURI = "file://\(root)/svc/handler.js", appURI = "file://\(root)/svc/app.js"
        let client = try Client(cwd: dir.path)

        let initialized = try #require(try client.request("initialize", [
            "processId": NSNull(), "rootUri": "file://\(root)", "capabilities": [:] as [String: Any],
            "workspaceFolders": [["uri": "file://\(root)", "name": "ws"]],
        ]) as? [String: Any])
        let capabilities = try #require(initialized["capabilities"] as? [String: Any])
        #expect(capabilities["hoverProvider"] as? Bool == true)
        #expect((capabilities["textDocumentSync"] as? [String: Any])?["change"] as? Int == 1)
        try client.notify("initialized", [:])

        // handler.js alone: no route reaches `load` on disk, so nothing to report.
        try client.notify("textDocument/didOpen", ["textDocument": [
            "uri": handlerURI, "languageId": "javascript", "version": 1, "text": Self.handler]])
        #expect(try client.diagnostics(handlerURI, version: 1).isEmpty)

        // app.js opened with unsaved content whose GET /users handler calls `load`: handler.js (from
        // disk) now has a finding, with the trace from the buffer's route, and app.js has its own.
        try client.notify("textDocument/didOpen", ["textDocument": [
            "uri": appURI, "languageId": "javascript", "version": 1, "text": Self.appBuffer]])
        let appDiags = try client.diagnostics(appURI, version: 1)
        let handlerDiags = try client.diagnostics(handlerURI, version: 1)
        #expect(appDiags.map { $0["code"] as? String } == ["serial-await/sequential"], "\(appDiags)")
        let fsSync = try #require(handlerDiags.first, "handler.js gets blocking/fs-sync")
        #expect(fsSync["code"] as? String == "blocking/fs-sync")
        #expect(fsSync["severity"] as? Int == 1, "looplint.yml makes blocking an error")
        #expect(fsSync["source"] as? String == "looplint")
        let related = fsSync["relatedInformation"] as? [[String: Any]] ?? []
        #expect(related.map { $0["message"] as? String } == ["handler GET /users", "calls load", "fs.readFileSync"], "\(related)")
        #expect(((related.first?["location"] as? [String: Any])?["uri"] as? String) == appURI)
        let range = try #require(fsSync["range"] as? [String: Any])
        #expect((range["start"] as? [String: Any])?["line"] as? Int == 2)

        // Hover on the finding: the rule's summary and its explain page.
        let hover = try #require(try client.request("textDocument/hover", [
            "textDocument": ["uri": handlerURI], "position": range["start"] as Any]) as? [String: Any])
        let hoverText = ((hover["contents"] as? [String: Any])?["value"] as? String) ?? ""
        #expect(hoverText.hasPrefix("**blocking/fs-sync**: "), "\(hoverText.prefix(200))")
        #expect(hoverText.contains("## What it does"))

        // The fix code action on app.js, applied by the client: the finding goes away.
        let appDiag = try #require(appDiags.first)
        let actions = try #require(try client.request("textDocument/codeAction", [
            "textDocument": ["uri": appURI], "range": appDiag["range"] as Any,
            "context": ["diagnostics": [appDiag]]]) as? [[String: Any]])
        #expect(actions.map { ($0["title"] as? String)?.prefix(12) ?? "" }.sorted() == ["Fix serial-a", "Suppress ser"])
        let fix = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("Fix ") == true })
        let fixEdits = try #require(((fix["edit"] as? [String: Any])?["changes"] as? [String: Any])?[appURI] as? [[String: Any]])
        let fixedApp = Self.apply(fixEdits, to: Self.appBuffer)
        #expect(fixedApp.contains("const [user, feed] = await Promise.all([getUser(req.params.id), getFeed(req.params.id)])"))
        try client.notify("textDocument/didChange", ["textDocument": ["uri": appURI, "version": 2],
                                                     "contentChanges": [["text": fixedApp]]])
        #expect(try client.diagnostics(appURI, version: 2).isEmpty, "the fix removes the finding")

        // The suppression code action on handler.js.
        let handlerActions = try #require(try client.request("textDocument/codeAction", [
            "textDocument": ["uri": handlerURI], "range": range,
            "context": ["diagnostics": [fsSync]]]) as? [[String: Any]])
        let suppress = try #require(handlerActions.first { ($0["title"] as? String)?.hasPrefix("Suppress ") == true })
        let suppressEdits = try #require(((suppress["edit"] as? [String: Any])?["changes"] as? [String: Any])?[handlerURI] as? [[String: Any]])
        let suppressed = Self.apply(suppressEdits, to: Self.handler)
        #expect(suppressed.contains("\n  // looplint-disable-next-line blocking/fs-sync -- reason\n  return fs"), "\(suppressed)")
        try client.notify("textDocument/didChange", ["textDocument": ["uri": handlerURI, "version": 2],
                                                     "contentChanges": [["text": suppressed]]])
        #expect(try client.diagnostics(handlerURI, version: 2).isEmpty, "the suppression comment silences it")

        // Closing clears the document's diagnostics; shutdown answers null, exit ends with status 0.
        try client.notify("textDocument/didClose", ["textDocument": ["uri": appURI]])
        #expect(try client.diagnostics(appURI).isEmpty)
        let shutdown = try client.request("shutdown", [:])
        #expect(shutdown is NSNull)
        try client.notify("exit", [:])
        client.process.waitUntilExit()
        #expect(client.process.terminationStatus == 0)
        // Nothing was written to disk.
        #expect(try String(contentsOfFile: dir.path + "/svc/app.js", encoding: .utf8) == Self.appOnDisk)
    }

    /// A CRLF buffer: code action edits use CRLF, and the suppression comment keeps the line's indent.
    @Test func crlfBuffer() throws {
        let dir = try TempDir()
        let root = URL(fileURLWithPath: dir.path).standardizedFileURL.path
        let uri = "file://\(root)/app.js"
        let text = Self.appBuffer.replacingOccurrences(of: "\n", with: "\r\n")
        let client = try Client(cwd: dir.path)
        _ = try client.request("initialize", ["processId": NSNull(), "rootUri": "file://\(root)", "capabilities": [:] as [String: Any]])
        try client.notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "javascript", "version": 1, "text": text]])
        let diag = try #require(try client.diagnostics(uri, version: 1).first { $0["code"] as? String == "serial-await/sequential" })
        let actions = try #require(try client.request("textDocument/codeAction", [
            "textDocument": ["uri": uri], "range": diag["range"] as Any, "context": ["diagnostics": [diag]]]) as? [[String: Any]])
        let suppress = try #require(actions.first { ($0["title"] as? String)?.hasPrefix("Suppress ") == true })
        let edits = try #require(((suppress["edit"] as? [String: Any])?["changes"] as? [String: Any])?[uri] as? [[String: Any]])
        #expect(edits.first?["newText"] as? String == "  // looplint-disable-next-line serial-await/sequential -- reason\r\n")
        _ = try client.request("shutdown", [:])
        try client.notify("exit", [:])
        client.process.waitUntilExit()
    }

    @Test func exitWithoutShutdownIsAnError() throws {
        let dir = try TempDir()
        let client = try Client(cwd: dir.path)
        _ = try client.request("initialize", ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [:] as [String: Any]])
        try client.send(["id": 99, "method": "no/such/method", "params": [:] as [String: Any]])
        let answer = try client.receive()
        #expect((answer["error"] as? [String: Any])?["code"] as? Int == -32601, "\(answer)")
        try client.notify("exit", [:])
        client.process.waitUntilExit()
        #expect(client.process.terminationStatus == 1)
    }
}
