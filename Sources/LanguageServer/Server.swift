// `looplint lsp`: diagnostics, code actions and hovers for an editor, over stdio.
//
// The main thread reads messages and hands them to one serial queue that owns all state, so handlers
// never race. Edits are debounced: didOpen/didChange/didSave mark the document stale and (re)arm one
// timer; when it fires, each stale document's project is linted with every open buffer standing in
// for its file on disk, and diagnostics are published for the open documents of that project.
// Requests that need fresh findings (code actions, hover) and `shutdown` lint stale documents at once,
// so answers never describe older text than the client sent.
//
// Each project keeps the per-file work of its last lint (ProjectCaches): after an edit only changed
// files are parsed and checked again, and the project analyses run over the kept semantic models,
// keeping the resolved imports and call edges that the edit cannot have changed (see ProjectLint).

import Diagnostics
import Foundation
import LintEngine
import Rules

public final class LSPServer: @unchecked Sendable {
    struct Document {
        var path: String
        var text: String
        var version: Int?
    }

    /// What the last lint found in an open document, and the text it looked at.
    struct Published {
        var findings: [Finding]
        var text: String
    }

    let writer: MessageWriter
    let queue = DispatchQueue(label: "looplint.lsp")
    let debounce: DispatchTimeInterval
    var workspaceFolders: [String] = []
    var documents: [String: Document] = [:]  // by URI
    var published: [String: Published] = [:]
    var stale: Set<String> = []
    var timer: DispatchWorkItem?
    let caches = ProjectCaches()
    var shutdownRequested = false
    let log: (String) -> Void

    public init(writer: MessageWriter, debounceMilliseconds: Int = 250,
                log: @escaping (String) -> Void = { FileHandle.standardError.write(Data(("looplint lsp: " + $0 + "\n").utf8)) })
    {
        self.writer = writer
        self.debounce = .milliseconds(debounceMilliseconds)
        self.log = log
    }

    /// Serves messages until `exit` or the end of input; returns the exit status (0 after a shutdown).
    public func serve(_ reader: MessageReader) -> Int32 {
        while let body = reader.next() {
            guard let message = try? JSONDecoder().decode(RPCMessage.self, from: Data(body)) else {
                writer.respond(id: .null, errorCode: -32700, message: "parse error")
                continue
            }
            if message.method == "exit" {
                return queue.sync { shutdownRequested ? 0 : 1 }
            }
            queue.async { self.handle(message) }
        }
        return queue.sync { shutdownRequested ? 0 : 1 }
    }

    func handle(_ message: RPCMessage) {
        guard let method = message.method else { return }  // a response to us: we send no requests
        let params = message.params ?? .null
        do {
            if let id = message.id {
                writer.respond(id: id, result: try request(method, params))
            } else {
                try notification(method, params)
            }
        } catch let error as RequestError {
            if let id = message.id { writer.respond(id: id, errorCode: error.code, message: error.message) }
        } catch {
            if let id = message.id { writer.respond(id: id, errorCode: -32602, message: "invalid params: \(error)") }
            else { log("\(method): invalid params: \(error)") }
        }
    }

    struct RequestError: Error {
        var code: Int
        var message: String
    }

    func request(_ method: String, _ params: JSON) throws -> JSON {
        switch method {
        case "initialize":
            let p = try params.decode(InitializeParams.self)
            workspaceFolders = (p.workspaceFolders ?? []).compactMap { FileURI.path($0.uri) }
            if workspaceFolders.isEmpty, let root = p.rootUri.flatMap(FileURI.path) ?? p.rootPath {
                workspaceFolders = [root]
            }
            return .object([
                "capabilities": .object([
                    "textDocumentSync": .object([
                        "openClose": .bool(true), "change": .int(1), "save": .object(["includeText": .bool(true)]),
                    ]),
                    "codeActionProvider": .object(["codeActionKinds": .array([.string("quickfix")])]),
                    "hoverProvider": .bool(true),
                ]),
                "serverInfo": .object(["name": .string("looplint"), "version": .string(LSPServer.version)]),
            ])
        case "shutdown":
            flush()
            shutdownRequested = true
            return .null
        case "textDocument/codeAction":
            let p = try params.decode(CodeActionParams.self)
            return try JSON(encoding: codeActions(p))
        case "textDocument/hover":
            let p = try params.decode(PositionParams.self)
            return try hover(p)
        default:
            throw RequestError(code: -32601, message: "method not found: \(method)")
        }
    }

    func notification(_ method: String, _ params: JSON) throws {
        switch method {
        case "textDocument/didOpen":
            let p = try params.decode(DidOpenParams.self)
            guard let path = FileURI.path(p.textDocument.uri) else { return }
            documents[p.textDocument.uri] = Document(path: path, text: p.textDocument.text, version: p.textDocument.version)
            markStale(p.textDocument.uri)
        case "textDocument/didChange":
            let p = try params.decode(DidChangeParams.self)
            guard var doc = documents[p.textDocument.uri], let last = p.contentChanges.last(where: { $0.range == nil }) else { return }
            doc.text = last.text
            doc.version = p.textDocument.version
            documents[p.textDocument.uri] = doc
            markStale(p.textDocument.uri)
        case "textDocument/didSave":
            let p = try params.decode(DidSaveParams.self)
            guard var doc = documents[p.textDocument.uri] else { return }
            if let text = p.text { doc.text = text }
            documents[p.textDocument.uri] = doc
            markStale(p.textDocument.uri)
        case "textDocument/didClose":
            let p = try params.decode(DocumentParams.self)
            documents[p.textDocument.uri] = nil
            published[p.textDocument.uri] = nil
            stale.remove(p.textDocument.uri)
            writer.notify("textDocument/publishDiagnostics",
                          .object(["uri": .string(p.textDocument.uri), "diagnostics": .array([])]))
        default:
            break  // initialized, $/cancelRequest, $/setTrace, workspace/*: nothing to do
        }
    }

    // MARK: Linting

    func markStale(_ uri: String) {
        stale.insert(uri)
        timer?.cancel()
        let item = DispatchWorkItem { [weak self] in self?.flush() }
        timer = item
        queue.asyncAfter(deadline: .now() + debounce, execute: item)
    }

    /// Lints every stale document's project and publishes.
    func flush() {
        timer?.cancel()
        timer = nil
        while let uri = stale.sorted().first {
            lintProject(of: uri)
        }
    }

    func lintProject(of uri: String) {
        guard let doc = documents[uri] else { stale.remove(uri); return }
        let project: ProjectLint
        do {
            project = try ProjectLint(file: doc.path, workspaceFolders: workspaceFolders,
                                      buffers: documents.values.map { ($0.path, $0.text) }, caches: caches)
        } catch {
            log("\(doc.path): \(error)")
            writer.notify("window/showMessage", .object(["type": .int(1), "message": .string("looplint: \(error)")]))
            stale.remove(uri)
            publish(uri, [], text: doc.text)
            return
        }
        writer.notify("window/logMessage", .object(["type": .int(4), "message": .string(project.summary)]))
        // Every open document of this project gets the findings of this lint.
        for (other, d) in documents where project.covers(d.path) || other == uri {
            stale.remove(other)
            publish(other, project.findings(in: d.path), text: d.text)
        }
    }

    func publish(_ uri: String, _ findings: [Finding], text: String) {
        published[uri] = Published(findings: findings, text: text)
        var params: [String: JSON] = ["uri": .string(uri),
                                      "diagnostics": (try? JSON(encoding: findings.map(diagnostic))) ?? .array([])]
        if let version = documents[uri]?.version { params["version"] = .int(version) }
        writer.notify("textDocument/publishDiagnostics", .object(params))
    }

    /// Fresh findings of an open document (linting it now when an edit is pending).
    func findings(_ uri: String) -> Published? {
        if stale.contains(uri) { lintProject(of: uri) }
        return published[uri]
    }

    // MARK: Conversions

    func range(_ f: Finding) -> LSPRange {
        LSPRange(start: LSPPosition(line: f.line - 1, character: f.column - 1),
                 end: LSPPosition(line: f.endLine - 1, character: f.endColumn - 1))
    }

    func diagnostic(_ f: Finding) -> LSPDiagnostic {
        let related = f.trace.map { step in
            LSPRelatedInformation(
                location: LSPLocation(uri: FileURI.uri(step.file),
                                      range: LSPRange(start: LSPPosition(line: step.line - 1, character: step.column - 1),
                                                      end: LSPPosition(line: step.line - 1, character: step.column - 1))),
                message: step.label)
        }
        return LSPDiagnostic(range: range(f), severity: f.severity.lspSeverity, code: f.ruleId.rawValue,
                             source: "looplint", message: f.message, relatedInformation: related.isEmpty ? nil : related)
    }

    // MARK: Code actions and hover

    func codeActions(_ p: CodeActionParams) -> [LSPCodeAction] {
        let uri = p.textDocument.uri
        guard let current = findings(uri) else { return [] }
        let wanted = Set((p.context?.diagnostics ?? []).map { "\($0.code) \($0.range.start.line):\($0.range.start.character)" })
        let hits = current.findings.filter { f in
            let r = range(f)
            return wanted.contains("\(f.ruleId) \(r.start.line):\(r.start.character)") || r.overlaps(p.range)
        }
        // "\r\n" is one Character in Swift: split on each line terminator the lexer knows.
        let lines = current.text.split(omittingEmptySubsequences: false) {
            $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}"
        }
        let ending = current.text.contains("\r\n") ? "\r\n" : "\n"
        var actions: [LSPCodeAction] = []
        for f in hits {
            let diag = diagnostic(f)
            if let fix = f.fix, !fix.edits.isEmpty {
                let edits = fix.edits.map { e in
                    var text = e.text.replacingOccurrences(of: "\r\n", with: "\n")
                    if ending != "\n" { text = text.replacingOccurrences(of: "\n", with: ending) }
                    return LSPTextEdit(range: LSPRange(start: LSPPosition(line: e.line - 1, character: e.column - 1),
                                                       end: LSPPosition(line: e.endLine - 1, character: e.endColumn - 1)),
                                       newText: text)
                }
                let safe = RuleCatalog.entry(for: f.ruleId)?.autofix == .safe
                actions.append(LSPCodeAction(title: "Fix \(f.ruleId): \(fix.description)", kind: "quickfix",
                                             diagnostics: [diag], isPreferred: safe,
                                             edit: LSPWorkspaceEdit(changes: [uri: edits])))
            }
            let line = f.line - 1 < lines.count ? String(lines[f.line - 1]) : ""
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            let comment = "\(indent)// looplint-disable-next-line \(f.ruleId) -- reason\(ending)"
            actions.append(LSPCodeAction(
                title: "Suppress \(f.ruleId) on this line (with a reason)", kind: "quickfix", diagnostics: [diag],
                isPreferred: nil,
                edit: LSPWorkspaceEdit(changes: [uri: [LSPTextEdit(range: LSPRange(start: LSPPosition(line: f.line - 1, character: 0),
                                                                                    end: LSPPosition(line: f.line - 1, character: 0)),
                                                                   newText: comment)]])))
        }
        return actions
    }

    func hover(_ p: PositionParams) throws -> JSON {
        guard let current = findings(p.textDocument.uri) else { return .null }
        let hits = current.findings.filter { range($0).contains(p.position) }
        guard let first = hits.first else { return .null }
        var parts: [String] = []
        for f in hits {
            let entry = RuleCatalog.entry(for: f.ruleId)
            var text = "**\(f.ruleId)**: \(entry?.summary ?? "")\n\n\(f.message)"
            if let fix = f.fix { text += "\n\nFix: \(fix.description)" }
            if let markdown = entry?.markdown { text += "\n\n---\n\n" + markdown }
            parts.append(text)
        }
        return .object([
            "contents": .object(["kind": .string("markdown"), "value": .string(parts.joined(separator: "\n\n---\n\n"))]),
            "range": try JSON(encoding: range(first)),
        ])
    }

    public static var version = "0.1.0"
}
