// `looplint parse`: a developer command that parses files and reports syntax errors and throughput.

import ArgumentParser
import Foundation
import JSSemantic
import JSSyntax
import SourceText

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse files and report syntax errors and throughput (developer command)."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .customLong("files-from"), help: "Read the list of files to parse from this file (one per line).")
    var filesFrom: String?

    @Flag(name: .customLong("as-typescript"), help: "Parse every file as TypeScript (parser testing).")
    var asTypeScript = false

    @Flag(name: .customLong("as-flow"), help: "Parse every file as JavaScript with Flow annotations (parser testing; the linter tries this for a JavaScript file that does not parse as plain JavaScript).")
    var asFlow = false

    @Flag(help: "Print the syntax tree of each file (as in parser snapshots).")
    var dump = false

    @Flag(help: "Also build the semantic model (JSSemantic) of each file and report its time separately.")
    var semantic = false

    @Option(name: .customLong("repeat"), help: "Parse every file this many times (throughput measurements).")
    var repetitions: Int = 1

    @Argument(help: "Files or folders to parse (all .js .cjs .mjs .jsx .ts .cts .mts .tsx files below folders).")
    var paths: [String] = []

    static let extensions: Set<String> = ["js", "cjs", "mjs", "jsx", "ts", "cts", "mts", "tsx"]

    struct Failure: Codable {
        var file: String
        var line: Int
        var column: Int
        var offset: Int
        var message: String
    }

    struct Summary: Codable {
        var files: Int
        var bytes: Int
        var failures: Int
        var timeMs: Double
        var mbPerSecond: Double
        var semanticTimeMs: Double?
        var errors: [Failure]
    }

    func collectFiles() throws -> [String] {
        var result: [String] = []
        var roots = paths
        if let list = filesFrom {
            guard let text = try? String(contentsOfFile: list, encoding: .utf8) else {
                throw ValidationError("cannot read \(list)")
            }
            result += text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        }
        if roots.isEmpty && filesFrom == nil { roots = ["."] }
        let fm = FileManager.default
        for root in roots {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(root)")
            }
            if !isDirectory.boolValue {
                result.append(root)
                continue
            }
            var found: [String] = []
            if let e = fm.enumerator(atPath: root) {
                while let rel = e.nextObject() as? String {
                    let ext = (rel as NSString).pathExtension.lowercased()
                    if Self.extensions.contains(ext) {
                        let full = root.hasSuffix("/") ? root + rel : root + "/" + rel
                        var dir: ObjCBool = false
                        if fm.fileExists(atPath: full, isDirectory: &dir), !dir.boolValue { found.append(full) }
                    }
                }
            }
            result += found.sorted()
        }
        return result
    }

    func run() throws {
        let files = try collectFiles()
        var sources: [SourceFile] = []
        sources.reserveCapacity(files.count)
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read \(path)")
            }
            sources.append(SourceFile(path: path, bytes: [UInt8](data)))
        }
        var failures: [Failure] = []
        var bytes = 0
        let clock = ContinuousClock()
        var elapsed = Duration.zero
        var semanticElapsed = Duration.zero
        var models: [(path: String, semantics: FileSemantics)] = []
        for file in sources {
            var options = ParseOptions.forPath(file.path)
            if asTypeScript || asFlow { options.language = .typescript }
            if asFlow { options.flow = true }
            var result: ParseResult? = nil
            let t = clock.measure {
                for _ in 0..<max(1, self.repetitions) {
                    result = asTypeScript || asFlow ? Parser.parse(file, options: options) : Parser.parseAllowingFlow(file, options: options)
                }
            }
            elapsed += t
            bytes += file.bytes.count * max(1, self.repetitions)
            guard let r = result else { continue }
            if semantic {
                var model: FileSemantics?
                semanticElapsed += clock.measure {
                    for _ in 0..<max(1, self.repetitions) { model = FileSemantics(r.tree) }
                }
                if let model { models.append((file.path, model)) }
            }
            if dump { print(r.tree.dump(), terminator: "") }
            if let e = r.errors.first {
                let loc = file.location(of: e.offset)
                failures.append(Failure(file: file.path, line: loc.line, column: loc.column, offset: e.offset,
                                        message: e.message))
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let mbps = seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0
        let semanticSeconds = Double(semanticElapsed.components.seconds)
            + Double(semanticElapsed.components.attoseconds) / 1e18
        let summary = Summary(files: sources.count, bytes: bytes, failures: failures.count, timeMs: seconds * 1000,
                              mbPerSecond: mbps, semanticTimeMs: semantic ? semanticSeconds * 1000 : nil,
                              errors: failures)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(summary)
            print(String(decoding: data, as: UTF8.self))
        case .text:
            for f in failures { print("\(f.file):\(f.line):\(f.column): \(f.message)") }
            print(String(format: "files: %d  bytes: %d  failures: %d  time: %.1f ms  throughput: %.1f MB/s",
                         sources.count, bytes, failures.count, seconds * 1000, mbps))
            if semantic { print(String(format: "semantic model: %.1f ms", semanticSeconds * 1000)) }
            if semantic {
                var index: ProjectIndex?
                let t = clock.measure { index = ProjectIndex(files: models) }
                let ms = Double(t.components.seconds) * 1000 + Double(t.components.attoseconds) / 1e15
                print(String(format: "project index and call graph: %.1f ms, %d call edges", ms,
                             index?.callGraph.edges.count ?? 0))
            }
        }
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
