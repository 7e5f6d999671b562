// Shared helpers for the parser tests: where the fixtures are, how an expected file is compared
// (or rewritten under UPDATE_SNAPSHOTS=1), how errors are printed, and where Node and the
// /usr/lib/node_modules corpus are.

import Foundation
import JSSyntax
import SourceText
import Testing

enum ParserFixtures {
    /// The repository root: this file is Tests/JSSyntaxTests/<file>.swift.
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let root: URL = repoRoot.appendingPathComponent("fixtures/parser")

    static let sourceExtensions: Set<String> = ["js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx"]

    /// Source inputs under `fixtures/parser/<group>`, as paths relative to fixtures/parser, sorted.
    static func inputs(_ group: String) -> [String] {
        let base = root.appendingPathComponent(group)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in walker where sourceExtensions.contains(url.pathExtension) {
            out.append(group + "/" + relative(url, to: base))
        }
        return out.sorted()
    }

    /// Every input of both groups (`ok` and `err`), loaded: what the tests that compare two computations
    /// over real trees run on.
    static func allInputs() throws -> [SourceFile] {
        var files: [SourceFile] = []
        for group in ["ok", "err"] {
            for path in inputs(group) { files.append(try load(path)) }
        }
        return files
    }

    static func relative(_ url: URL, to base: URL) -> String {
        let full = url.standardizedFileURL.path
        let prefix = base.standardizedFileURL.path + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : full
    }

    static func url(_ relativePath: String) -> URL { root.appendingPathComponent(relativePath) }

    /// `ok/js/classes.js` -> `ok/js/classes.ast`; only the last extension is replaced.
    static func expectedPath(_ input: String, extension ext: String) -> String {
        let slash = input.lastIndex(of: "/").map { input.index(after: $0) } ?? input.startIndex
        guard let dot = input[slash...].lastIndex(of: ".") else { return input + "." + ext }
        return String(input[..<dot]) + "." + ext
    }

    static func load(_ relativePath: String) throws -> SourceFile {
        let data = try Data(contentsOf: url(relativePath))
        return SourceFile(path: relativePath, bytes: [UInt8](data))
    }

    static func parse(_ relativePath: String) throws -> ParseResult {
        let file = try load(relativePath)
        return Parser.parse(file, options: .forPath(relativePath))
    }

    /// One line per error: `message (line:column)`, column in UTF-16 units, both 1-based.
    static func format(_ errors: [SyntaxError], in file: SourceFile) -> String {
        errors.map { "\($0.message) (\(file.location(of: $0.offset)))\n" }.joined()
    }

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" }

    /// Compares `actual` with the expected file; with UPDATE_SNAPSHOTS=1 rewrites the file instead.
    static func assertSnapshot(_ actual: String, expectedFile relativePath: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let target = url(relativePath)
        if updating {
            let old = try? String(contentsOf: target, encoding: .utf8)
            if old != actual {
                try actual.write(to: target, atomically: true, encoding: .utf8)
                print("UPDATE_SNAPSHOTS: wrote fixtures/parser/\(relativePath)")
            }
            return
        }
        guard let expected = try? String(contentsOf: target, encoding: .utf8) else {
            Issue.record("missing fixtures/parser/\(relativePath): run UPDATE_SNAPSHOTS=1 swift test --filter JSSyntaxTests and review it",
                         sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("fixtures/parser/\(relativePath) differs:\n\(firstDifference(expected: expected, actual: actual))",
                         sourceLocation: sourceLocation)
        }
    }

    /// A short report of the first differing line, with a little context.
    static func firstDifference(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < min(e.count, a.count) && e[i] == a[i] { i += 1 }
        func line(_ lines: [Substring], _ k: Int) -> String { k < lines.count ? String(lines[k]) : "<end>" }
        return "line \(i + 1):\n  expected: \(line(e, i))\n  actual:   \(line(a, i))\n"
            + "(expected \(e.count) lines, got \(a.count))"
    }
}

enum Toolchain {
    /// The first `node` on PATH, if any.
    static let node: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = String(dir) + "/node"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Runs `executable arguments`, feeding `input` on stdin; returns stdout and the exit status.
    static func run(_ executable: String, _ arguments: [String], input: String) throws -> (output: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        // Write from another thread so a full stdout pipe cannot deadlock us.
        let data = Data(input.utf8)
        let writer = Thread {
            stdin.fileHandleForWriting.write(data)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), process.terminationStatus)
    }
}

enum Corpus {
    static let root = ProcessInfo.processInfo.environment["LOOPLINT_CORPUS"] ?? "/usr/lib/node_modules"

    static var available: Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: root, isDirectory: &isDir) && isDir.boolValue
    }

    /// Every .js/.cjs/.mjs regular file under the corpus root (symbolic links skipped), sorted.
    static func files() -> [String] {
        let base = URL(fileURLWithPath: root)
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey]
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: keys) else { return [] }
        var out: [String] = []
        for case let url as URL in walker {
            guard ["js", "cjs", "mjs"].contains(url.pathExtension) else { continue }
            let values = try? url.resourceValues(forKeys: Set(keys))
            if values?.isSymbolicLink == true || values?.isRegularFile != true { continue }
            out.append(url.path)
        }
        return out.sorted()
    }

    /// The corpus files that Node accepts (scripts/node-check-list.js, cached between runs).
    static func nodeAcceptedFiles(node: String) throws -> (all: Int, accepted: [String]) {
        let all = files()
        let script = ParserFixtures.repoRoot.appendingPathComponent("scripts/node-check-list.js").path
        let (output, status) = try Toolchain.run(node, [script], input: all.map { $0 + "\n" }.joined())
        guard status == 0 else { throw CorpusError.nodeCheckFailed(status) }
        return (all.count, output.split(separator: "\n").map(String.init))
    }

    enum CorpusError: Error { case nodeCheckFailed(Int32) }
}
