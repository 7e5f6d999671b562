import Foundation
import LintTestSupport
import Testing

/// The CI examples in README.md and docs/ci.md, run: every `looplint check` line of their YAML blocks
/// runs in a git repository holding a copy of fixtures/cli/app, and what it writes is checked as the
/// CI would read it (the SARIF against the SARIF 2.1.0 schema, the GitLab report against GitLab's Code
/// Quality format, annotations as GitHub workflow commands).
@Suite struct CIDocsTests {
    struct Command: CustomStringConvertible {
        var document: String
        var arguments: [String]
        var description: String { "\(document): looplint \(arguments.joined(separator: " "))" }

        func value(of option: String) -> String? {
            guard let i = arguments.firstIndex(of: option), i + 1 < arguments.count else { return nil }
            return arguments[i + 1]
        }
    }

    /// `looplint check ...` lines inside ```yaml fences (`run:`, `- run:` and list items).
    static func commands(in document: String) throws -> [Command] {
        let text = try String(contentsOfFile: RepoPaths.path(document), encoding: .utf8)
        var out: [Command] = []
        var inYAML = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inYAML = !inYAML && trimmed == "```yaml"; continue }
            guard inYAML, let r = trimmed.range(of: "looplint check ") else { continue }
            var rest = String(trimmed[r.upperBound...])
            if let hash = rest.range(of: " #") { rest = String(rest[..<hash.lowerBound]) }
            out.append(Command(document: document, arguments: ["check"] + rest.split(separator: " ").map(String.init)))
        }
        return out
    }

    static let documented: [Command] = {
        ((try? commands(in: "docs/ci.md")) ?? []) + ((try? commands(in: "README.md")) ?? [])
    }()

    static func documented(format: String) -> [Command] {
        documented.filter { $0.value(of: "--format") == format }
    }

    @Test func examplesAreFound() {
        let formats = Self.documented.map { ($0.document, $0.value(of: "--format") ?? "text") }
        #expect(formats.contains { $0 == ("docs/ci.md", "sarif") })
        #expect(formats.contains { $0 == ("docs/ci.md", "github") })
        #expect(formats.contains { $0 == ("docs/ci.md", "gitlab") })
        #expect(formats.contains { $0 == ("README.md", "sarif") })
        // Each example is run by the test of its format below.
        for command in Self.documented where !["sarif", "github", "gitlab"].contains(command.value(of: "--format") ?? "text") {
            Issue.record("\(command): a CI example without a CI format")
        }
    }

    /// Runs the command in a git repository holding a copy of fixtures/cli/app and returns what it wrote.
    static func run(_ command: Command) throws -> String {
        let binary = try CheckCommandTests.binary()
        let repo = try TempDir()
        try FileManager.default.createDirectory(atPath: repo.path + "/.git", withIntermediateDirectories: true)
        for item in try FileManager.default.contentsOfDirectory(atPath: CheckCommandTests.app) {
            try FileManager.default.copyItem(atPath: CheckCommandTests.app + "/" + item, toPath: repo.path + "/" + item)
        }
        let r = Run.process(binary, command.arguments, cwd: repo.path)
        // The fixture has one warning and no error.
        let expected: Int32 = command.value(of: "--fail-on") == "never" ? 0 : 1
        #expect(r.status == expected, "\(command): \(r.stderr)")
        return try command.value(of: "--output").map { try String(contentsOfFile: repo.path + "/" + $0, encoding: .utf8) }
            ?? r.stdout
    }

    /// Skipped, with the reason, where the SARIF schema, python3 or jsonschema is missing.
    @Test(.enabled(if: SARIFSchema.missingPrerequisite == nil, Comment(rawValue: SARIFSchema.missingPrerequisite ?? "")),
          arguments: documented(format: "sarif"))
    func documentedSARIFCommandWorks(_ command: Command) throws {
        let output = try Self.run(command)
        #expect(output.contains("\"uri\": \"src/routes/users.js\""), "\(command)")
        #expect(output.contains("\"security-severity\": \"7.5\""))
        switch SARIFSchema.validate(output) {
        case .valid: break
        case .invalid(let why): Issue.record("\(command): SARIF does not validate: \(why)")
        case .unavailable(let why): Issue.record("\(command): SARIF schema validation could not run: \(why)")
        }
    }

    /// Skipped, with the reason, where python3 or jsonschema is missing.
    @Test(.enabled(if: GitLabCodeQualitySchema.missingPrerequisite == nil,
                   Comment(rawValue: GitLabCodeQualitySchema.missingPrerequisite ?? "")),
          arguments: documented(format: "gitlab"))
    func documentedGitLabCommandWorks(_ command: Command) throws {
        let output = try Self.run(command)
        #expect(output.contains("\"path\": \"src/routes/users.js\""), "\(command)")
        switch GitLabCodeQualitySchema.validate(output) {
        case .valid: break
        case .invalid(let why): Issue.record("\(command): GitLab report does not validate: \(why)")
        case .unavailable(let why): Issue.record("\(command): GitLab schema validation could not run: \(why)")
        }
    }

    @Test(arguments: documented(format: "github"))
    func documentedGitHubCommandWorks(_ command: Command) throws {
        let output = try Self.run(command)
        let lines = output.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("::warning ") || $0.hasPrefix("::error ") })
        #expect(lines.first?.hasPrefix("::warning file=src/routes/users.js,line=5,") == true, "\(output)")
    }
}
