// The parts of the Language Server Protocol (3.17) that `looplint lsp` speaks, as Codable structs.
// Positions are 0-based lines and UTF-16 characters (LSP's default encoding); findings are 1-based.

import Diagnostics
import Foundation

struct LSPPosition: Codable, Hashable, Sendable {
    var line: Int
    var character: Int
}

struct LSPRange: Codable, Hashable, Sendable {
    var start: LSPPosition
    var end: LSPPosition

    func contains(_ p: LSPPosition) -> Bool {
        (start.line, start.character) <= (p.line, p.character) && (p.line, p.character) <= (end.line, end.character)
    }

    func overlaps(_ other: LSPRange) -> Bool {
        (start.line, start.character) <= (other.end.line, other.end.character)
            && (other.start.line, other.start.character) <= (end.line, end.character)
    }
}

struct LSPLocation: Codable, Hashable, Sendable {
    var uri: String
    var range: LSPRange
}

struct LSPRelatedInformation: Codable, Hashable, Sendable {
    var location: LSPLocation
    var message: String
}

struct LSPDiagnostic: Codable, Hashable, Sendable {
    var range: LSPRange
    /// 1 error, 2 warning, 3 information, 4 hint.
    var severity: Int
    var code: String
    var source: String
    var message: String
    var relatedInformation: [LSPRelatedInformation]?
}

struct LSPTextEdit: Codable, Hashable, Sendable {
    var range: LSPRange
    var newText: String
}

struct LSPWorkspaceEdit: Codable, Hashable, Sendable {
    var changes: [String: [LSPTextEdit]]
}

struct LSPCodeAction: Codable, Hashable, Sendable {
    var title: String
    var kind: String
    var diagnostics: [LSPDiagnostic]
    var isPreferred: Bool?
    var edit: LSPWorkspaceEdit
}

struct TextDocumentIdentifier: Codable, Sendable { var uri: String }

struct TextDocumentItem: Codable, Sendable {
    var uri: String
    var languageId: String?
    var version: Int?
    var text: String
}

struct DidOpenParams: Codable, Sendable { var textDocument: TextDocumentItem }

struct DidChangeParams: Codable, Sendable {
    struct Document: Codable, Sendable { var uri: String; var version: Int? }
    /// With full sync each change carries the whole text (no `range`).
    struct Change: Codable, Sendable { var range: LSPRange?; var text: String }
    var textDocument: Document
    var contentChanges: [Change]
}

struct DidSaveParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var text: String?
}

struct DocumentParams: Codable, Sendable { var textDocument: TextDocumentIdentifier }

struct PositionParams: Codable, Sendable {
    var textDocument: TextDocumentIdentifier
    var position: LSPPosition
}

struct CodeActionParams: Codable, Sendable {
    struct Context: Codable, Sendable { var diagnostics: [LSPDiagnostic]? }
    var textDocument: TextDocumentIdentifier
    var range: LSPRange
    var context: Context?
}

struct InitializeParams: Codable, Sendable {
    struct Folder: Codable, Sendable { var uri: String; var name: String? }
    var rootUri: String?
    var rootPath: String?
    var workspaceFolders: [Folder]?
}

extension Severity {
    var lspSeverity: Int {
        switch self {
        case .error: return 1
        case .warning: return 2
        case .note: return 3
        }
    }
}

/// `file://` URIs and paths.
enum FileURI {
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file://") else { return nil }
        let rest = String(uri.dropFirst("file://".count))
        let path = rest.hasPrefix("/") ? rest : String(rest.drop { $0 != "/" })  // file://host/path
        return path.removingPercentEncoding ?? path
    }

    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#[]@!$&'()*+,;=")
        allowed.insert("/")
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }
}
