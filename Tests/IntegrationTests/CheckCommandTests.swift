import Foundation
import LintTestSupport
import Testing

/// The built `looplint` binary on fixture trees: each format against its golden file, exit statuses,
/// determinism across thread counts, SARIF and GitLab schema validity (skipped, with the reason, where the
/// schema, python3 or jsonschema is missing), and the inputs that must not stop a scan.
@Suite struct CheckCommandTests {
    static func binary() throws -> String {
        try #require(RepoPaths.binary, "looplint binary not found next to the tests; run swift build first")
    }

    /// Runs `looplint check` without the cache across runs (so fixture folders stay as they are and every
    /// run lints), unless the arguments say where the cache goes (`cached: true` keeps the default).
    static func check(_ args: [String], cwd: String? = nil, env: [String: String] = [:], cached: Bool = false) throws -> Run.Result {
        var environment = ProcessInfo.processInfo.environment
        environment.merge(env) { _, new in new }
        let cacheArgs = cached || args.contains("--cache-dir") || args.contains("--no-cache") ? [] : ["--no-cache"]
        return Run.process(try binary(), ["check"] + args + cacheArgs, cwd: cwd, environment: environment)
    }

    static let app = RepoPaths.path("fixtures/cli/app")

    @Test(arguments: [("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("github", "github"), ("gitlab", "gitlab")])
    func formatMatchesGolden(_ format: String, _ ext: String) throws {
        let r = try Self.check([".", "--format", format, "--no-timing", "--source-root", "."], cwd: Self.app,
                               env: ["NO_COLOR": "1"])
        #expect(r.status == 1, "findings at warning level exit 1; stderr: \(r.stderr)")
        let problem = Snapshot.check(Self.redactingRoot(r.stdout, Self.app),
                                     against: RepoPaths.path("fixtures/cli/app.expected.\(ext)"))
        #expect(problem == nil, "\(problem ?? "")")
    }

    /// SARIF's `originalUriBaseIds` names the source root's absolute path, which differs between checkouts.
    static func redactingRoot(_ out: String, _ root: String) -> String {
        let real = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        return out.replacingOccurrences(of: "\"file://\(real)/\"", with: "\"file:///SOURCE_ROOT/\"")
    }

    @Test func ciReportsArePathsFromTheRepositoryRoot() throws {
        // A repository with the scan started in a subfolder, as in a monorepo.
        let dir = try TempDir()
        try FileManager.default.createDirectory(atPath: dir.path + "/.git", withIntermediateDirectories: true)
        try dir.write("services/api/h.js", BadInputTests.hazard)
        let api = dir.path + "/services/api"
        let real = URL(fileURLWithPath: dir.path).resolvingSymlinksInPath().path

        let sarif = try Self.check([".", "--format", "sarif"], cwd: api)
        #expect(sarif.status == 1, "\(sarif.stderr)")
        #expect(sarif.stdout.contains("\"uri\": \"services/api/h.js\""), "\(sarif.stdout)")
        #expect(sarif.stdout.contains("\"uri\": \"file://\(real)/\""), "originalUriBaseIds names the root")
        let github = try Self.check([".", "--format", "github"], cwd: api)
        #expect(github.stdout.hasPrefix("::warning file=services/api/h.js,"), "\(github.stdout)")
        // --source-root overrides the git work tree; text and JSON keep the paths as scanned.
        let here = try Self.check([".", "--format", "sarif", "--source-root", "."], cwd: api)
        #expect(here.stdout.contains("\"uri\": \"h.js\""))
        let json = try Self.check([".", "--format", "json"], cwd: api)
        #expect(json.stdout.contains("\"file\": \"h.js\""))
    }

    @Test func cacheAcrossRunsGivesTheSameOutput() throws {
        let dir = try TempDir()
        try dir.write("a.js", BadInputTests.hazard)
        try dir.write("lib/b.js", "const re = /^(a+)+$/\nmodule.exports = (req, res) => res.end(String(re.test(req.query.q)))\n")
        let fresh = try Self.check([".", "--no-timing", "--color", "never"], cwd: dir.path)
        let first = try Self.check([".", "--no-timing", "--color", "never"], cwd: dir.path, cached: true)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/.looplint-cache/.gitignore"), "\(first.stderr)")
        let second = try Self.check([".", "--no-timing", "--color", "never", "--timings"], cwd: dir.path, cached: true)
        #expect(second.stderr.contains("cache (hit)"), "\(second.stderr)")
        #expect(first.status == 1 && second.status == 1 && fresh.status == 1)
        #expect(second.stdout == first.stdout)
        #expect(first.stdout == fresh.stdout)
        #expect(first.stdout.contains("a.js:2:"), "code frames come back too: \(first.stdout)")
        // A baseline applies to a report from the cache as to a fresh one.
        let baseline = dir.path + "/../looplint-cache-baseline-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        _ = try Self.check([".", "--format", "json", "--output", baseline], cwd: dir.path)
        let quiet = try Self.check([".", "--baseline", baseline], cwd: dir.path, cached: true)
        #expect(quiet.status == 0, "\(quiet.stdout)")
        // --cache-dir moves it; --no-cache writes nothing.
        let other = try TempDir()
        _ = try Self.check([".", "--cache-dir", other.path + "/c"], cwd: dir.path)
        #expect(FileManager.default.fileExists(atPath: other.path + "/c/.gitignore"))
        let clean = try TempDir()
        try clean.write("a.js", BadInputTests.hazard)
        _ = try Self.check([".", "--no-cache"], cwd: clean.path)
        #expect(!FileManager.default.fileExists(atPath: clean.path + "/.looplint-cache"))
        #expect(try Self.check([".", "--no-cache", "--cache-dir", "x"], cwd: clean.path).status == 2)
    }

    @Test func exitStatuses() throws {
        #expect(try Self.check(["."], cwd: RepoPaths.path("fixtures/cli/clean")).status == 0)
        #expect(try Self.check(["."], cwd: Self.app).status == 1)
        #expect(try Self.check([".", "--fail-on", "never"], cwd: Self.app).status == 0)
        #expect(try Self.check([".", "--fail-on", "error"], cwd: Self.app).status == 0)
        #expect(try Self.check([".", "--fail-on", "note"], cwd: Self.app).status == 1)
        let badOption = try Self.check([".", "--format", "xml"], cwd: Self.app)
        #expect(badOption.status == 2)
        #expect(badOption.stderr.contains("xml"))
        let missing = try Self.check(["no/such/folder"], cwd: Self.app)
        #expect(missing.status == 2)
        #expect(missing.stderr.split(separator: "\n").count == 1, "one-line message: \(missing.stderr)")
        #expect(try Self.check([".", "--select", "no-such-rule"], cwd: Self.app).status == 2)
        #expect(try Self.check([".", "--jobs", "0"], cwd: Self.app).status == 2)
        #expect(try Self.check([".", "--baseline", "missing.json"], cwd: Self.app).status == 2)
    }

    @Test func maxWarnings() throws {
        // fixtures/cli/app has one warning and no error.
        #expect(try Self.check([".", "--max-warnings", "1"], cwd: Self.app).status == 0,
                "without --fail-on, warnings up to N pass")
        #expect(try Self.check([".", "--max-warnings", "0"], cwd: Self.app).status == 1)
        #expect(try Self.check([".", "--max-warnings", "0", "--fail-on", "never"], cwd: Self.app).status == 1,
                "more than N warnings fail whatever --fail-on says")
        #expect(try Self.check([".", "--max-warnings", "5", "--fail-on", "warning"], cwd: Self.app).status == 1,
                "an explicit --fail-on still applies")
        #expect(try Self.check([".", "--max-warnings", "5", "--fail-on", "never"], cwd: Self.app).status == 0)
        #expect(try Self.check([".", "--max-warnings", "-1"], cwd: Self.app).status == 2)
        // Errors still fail under --max-warnings alone; notes never count as warnings.
        let dir = try TempDir()
        try dir.write("h.js", "const fs = require('fs')\nfunction h(req, res) { res.end(fs.readFileSync('x')) }\nmodule.exports = h\n")
        try dir.write("looplint.yml", "rules:\n  blocking/fs-sync: error\n")
        #expect(try Self.check([".", "--max-warnings", "10"], cwd: dir.path).status == 1)
        try dir.write("looplint.yml", "rules:\n  blocking/fs-sync: note\n")
        #expect(try Self.check([".", "--max-warnings", "0"], cwd: dir.path).status == 0)
    }

    @Test func badConfigurationExitsTwo() throws {
        let dir = try TempDir()
        try dir.write("looplint.yml", "rules:\n  blocking/fs-sync: [not, a, level\n")
        try dir.write("a.js", "function f() {}\n")
        let r = try Self.check(["."], cwd: dir.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("looplint.yml"), "\(r.stderr)")
    }

    @Test func outputFileAndSelection() throws {
        let dir = try TempDir()
        let out = dir.path + "/report.json"
        let r = try Self.check([".", "--format", "json", "--output", out, "--select", "blocking"], cwd: Self.app)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        let json = try String(contentsOfFile: out, encoding: .utf8)
        #expect(json.contains("\"ruleId\": \"blocking/fs-sync\""))
        let ignored = try Self.check([".", "--ignore", "blocking"], cwd: Self.app)
        #expect(ignored.status == 0, "\(ignored.stdout)")
    }

    @Test func sameBytesWithOneAndTwoJobs() throws {
        for format in ["json", "sarif", "text", "gitlab"] {
            let one = try Self.check(["fixtures", "--format", format, "--no-timing", "--jobs", "1"], cwd: RepoPaths.root)
            let two = try Self.check(["fixtures", "--format", format, "--no-timing", "--jobs", "2"], cwd: RepoPaths.root)
            #expect(one.status == two.status)
            #expect(one.stdoutBytes == two.stdoutBytes, "--jobs 1 and --jobs 2 differ in \(format)")
            #expect(one.stdoutBytes.count > 100)
        }
    }

    /// `--timings`: a table on standard error, a `timings` object in the JSON summary, and the findings of
    /// the same scan without it. Only the shape is checked: never how long anything took.
    @Test func timingsTableAndJSONSummary() throws {
        let plain = try Self.check([".", "--format", "json", "--no-timing"], cwd: Self.app)
        let timed = try Self.check([".", "--format", "json", "--no-timing", "--timings"], cwd: Self.app)
        #expect(timed.status == plain.status)
        for heading in ["Stage (wall clock)", "Phase (summed over threads)", "discovery", "parse", "semantic",
                        "project analysis: projectIndex", "project rules: blocking", "file rules: serial-await"] {
            #expect(timed.stderr.contains(heading), "\(heading) missing from: \(timed.stderr)")
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(timed.stdout.utf8)) as? [String: Any])
        let summary = try #require(object["summary"] as? [String: Any])
        let timings = try #require(summary["timings"] as? [String: Any])
        let stages = try #require(timings["stagesMs"] as? [String: Double])
        let phases = try #require(timings["phasesMs"] as? [String: Double])
        #expect(Set(["discovery", "files", "project", "finish"]).isSubset(of: Set(stages.keys)))
        #expect(Set(["read", "parse", "semantic", "project analysis: projectIndex"]).isSubset(of: Set(phases.keys)))
        #expect(stages.values.allSatisfy { $0 >= 0 } && phases.values.allSatisfy { $0 >= 0 })
        // the serial part of a phase is part of it
        let serial = try #require(timings["serialMs"] as? [String: Double])
        for (name, ms) in serial { #expect(ms <= (phases[name] ?? -1), "\(name)") }
        // Without the timings object the report is the plain one.
        var stripped = summary
        stripped["timings"] = nil
        let plainObject = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(NSDictionary(dictionary: stripped).isEqual(to: plainObject["summary"] as? [String: Any] ?? [:]))
        #expect(NSArray(array: object["findings"] as? [Any] ?? []).isEqual(to: plainObject["findings"] as? [Any] ?? []))
        #expect(!plain.stdout.contains("timings") && plain.stderr.isEmpty)
    }

    @Test(.enabled(if: SARIFSchema.missingPrerequisite == nil, Comment(rawValue: SARIFSchema.missingPrerequisite ?? "")))
    func sarifOfTheWholeFixturesTreeValidates() throws {
        let r = try Self.check(["fixtures", "--format", "sarif", "--fail-on", "never"], cwd: RepoPaths.root)
        #expect(r.status == 0, "\(r.stderr)")
        switch SARIFSchema.validate(r.stdout) {
        case .valid: break
        case .invalid(let why): Issue.record("SARIF for fixtures/ does not validate: \(why)")
        case .unavailable(let why): Issue.record("SARIF schema validation could not run: \(why)")
        }
    }

    @Test(.enabled(if: GitLabCodeQualitySchema.missingPrerequisite == nil,
                   Comment(rawValue: GitLabCodeQualitySchema.missingPrerequisite ?? "")))
    func gitlabReportOfTheWholeFixturesTreeValidates() throws {
        let r = try Self.check(["fixtures", "--format", "gitlab", "--fail-on", "never"], cwd: RepoPaths.root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"check_name\": \"redos/exponential\""))
        switch GitLabCodeQualitySchema.validate(r.stdout) {
        case .valid: break
        case .invalid(let why): Issue.record("GitLab report for fixtures/ does not validate: \(why)")
        case .unavailable(let why): Issue.record("GitLab schema validation could not run: \(why)")
        }
    }

    @Test func baselineSurvivesUnrelatedEdits() throws {
        let dir = try TempDir()
        let handler = "const fs = require('fs')\nfunction h(req, res) {\n  res.end(fs.readFileSync('a'))\n}\nmodule.exports = h\n"
        try dir.write("h.js", handler)
        let first = try Self.check([".", "--format", "json", "--output", "base.json"], cwd: dir.path)
        #expect(first.status == 1)
        try dir.write("h.js", "// a new comment moves every line\n\n" + handler)
        #expect(try Self.check([".", "--baseline", "base.json"], cwd: dir.path).status == 0)
        try dir.write("h.js", handler + "module.exports.g = (req, res) => res.end(fs.statSync('b'))\n")
        let added = try Self.check([".", "--baseline", "base.json", "--format", "json"], cwd: dir.path)
        #expect(added.status == 1)
        #expect(added.stdout.contains("statSync") && !added.stdout.contains("readFileSync"))
    }
}

/// `looplint init`: a commented looplint.yml from package.json and the folders, which changes no finding.
@Suite struct InitCommandTests {
    @Test func writesAConfigThatAgreesWithTheConventions() throws {
        let binary = try CheckCommandTests.binary()
        let dir = try TempDir()
        for item in try FileManager.default.contentsOfDirectory(atPath: CheckCommandTests.app) {
            try FileManager.default.copyItem(atPath: CheckCommandTests.app + "/" + item, toPath: dir.path + "/" + item)
        }
        // Hazards in a test folder and an examples folder, which are not reported.
        try dir.write("test/users.test.js", BadInputTests.hazard)
        try dir.write("examples/demo/server.js", BadInputTests.hazard)
        try dir.write("package.json", #"{"name": "users-api", "dependencies": {"express": "^4", "bullmq": "^5"}, "devDependencies": {"mocha": "^10"}}"#)
        let before = try CheckCommandTests.check([".", "--format", "json", "--no-timing"], cwd: dir.path)

        let r = Run.process(binary, ["init"], cwd: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let yml = try String(contentsOfFile: dir.path + "/looplint.yml", encoding: .utf8)
        #expect(yml.hasPrefix("# looplint.yml for users-api, written by `looplint init`."))
        #expect(yml.contains("#   express"))
        #expect(yml.contains("#   bullmq"))
        #expect(!yml.contains("mocha"))
        #expect(yml.contains("contexts:\n  test: [\"test/**\"]\n  tooling: [\"scripts/**\"]\n  example: [\"examples/**\"]\n"), "\(yml)")
        #expect(yml.contains("# source (reported): src/"))

        let after = try CheckCommandTests.check([".", "--format", "json", "--no-timing"], cwd: dir.path)
        #expect(after.status == before.status)
        #expect(after.stdout == before.stdout, "the generated contexts agree with the conventions")

        let again = Run.process(binary, ["init"], cwd: dir.path)
        #expect(again.status == 2 && again.stderr.contains("--force"), "\(again.stderr)")
        #expect(Run.process(binary, ["init", "--force"], cwd: dir.path).status == 0)
        let printed = Run.process(binary, ["init", "--stdout", dir.path], cwd: RepoPaths.root)
        #expect(printed.stdout == yml)
        #expect(Run.process(binary, ["init", "no/such/folder"], cwd: dir.path).status == 2)
    }
}

/// Inputs that must give an entry under `errors` while the rest of the tree is scanned.
@Suite struct BadInputTests {
    static let hazard = "const fs = require('fs')\nfunction h(req, res) { res.end(fs.readFileSync('x')) }\nmodule.exports = h\n"

    static func scan(_ dir: TempDir) throws -> (status: Int32, json: [String: Any]) {
        let r = try CheckCommandTests.check([".", "--format", "json"], cwd: dir.path)
        let json = try #require(try JSONSerialization.jsonObject(with: r.stdoutBytes) as? [String: Any], "\(r.stderr)")
        return (r.status, json)
    }

    static func errors(_ json: [String: Any]) -> [String: String] {
        var out: [String: String] = [:]
        for e in (json["errors"] as? [[String: Any]]) ?? [] {
            out[e["file"] as? String ?? ""] = e["message"] as? String ?? ""
        }
        return out
    }

    static func findingFiles(_ json: [String: Any]) -> [String] {
        ((json["findings"] as? [[String: Any]]) ?? []).compactMap { $0["file"] as? String }
    }

    @Test func invalidUTF8BinaryHugeAndFolderNamedLikeAFile() throws {
        let dir = try TempDir()
        try dir.write("ok.js", Self.hazard)
        try dir.writeBytes("latin1.js", Array("const s = '".utf8) + [0xE9, 0x74, 0xE9] + Array("'\n".utf8))
        try dir.writeBytes("binary.js", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00] + Array(repeating: 0, count: 64))
        // A 20 MB minified bundle: one line of code.
        var big = "var a0=0;"
        big.reserveCapacity(21_000_000)
        var i = 1
        while big.utf8.count < 20_000_000 { big += "function f\(i)(x){return x+\(i)};"; i += 1 }
        try dir.write("bundle.min.js", big)
        try FileManager.default.createDirectory(atPath: dir.path + "/x.js", withIntermediateDirectories: true)
        try dir.write("x.js/inner.ts", "export const n: number = 1\n")
        let (status, json) = try Self.scan(dir)
        #expect(status == 1, "the hazard in ok.js is still reported")
        #expect(Self.findingFiles(json) == ["ok.js"])
        let errors = Self.errors(json)
        #expect(errors["latin1.js"]?.contains("UTF-8") == true, "\(errors)")
        #expect(errors["binary.js"]?.contains("binary") == true, "\(errors)")
        #expect(errors["bundle.min.js"]?.contains("too large") == true, "\(errors)")
        #expect(errors["x.js/inner.ts"] == nil, "a folder named x.js is walked, its files scanned")
        #expect((json["summary"] as? [String: Any])?["files"] as? Int == 5)
    }

    @Test func unreadableFileAndSymlinkLoop() throws {
        let dir = try TempDir()
        try dir.write("ok.js", Self.hazard)
        try dir.write("secret.js", Self.hazard)
        chmod(dir.path + "/secret.js", 0)
        try FileManager.default.createDirectory(atPath: dir.path + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/sub/loop", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/dangling.js", withDestinationPath: "nowhere.js")
        let (status, json) = try Self.scan(dir)
        #expect(status == 1)
        let errors = Self.errors(json)
        #expect(errors["sub/loop"]?.contains("loop") == true, "\(errors)")
        #expect(errors["dangling.js"]?.contains("broken") == true, "\(errors)")
        if getuid() == 0 {
            // Root reads a mode-000 file: then it is linted like any other.
            #expect(errors["secret.js"] == nil, "\(errors)")
            #expect(Self.findingFiles(json) == ["ok.js", "secret.js"])
        } else {
            #expect(errors["secret.js"]?.contains("cannot read") == true, "\(errors)")
            #expect(Self.findingFiles(json) == ["ok.js"])
        }
    }

    @Test func syntaxErrorIsReportedAndTheRestOfTheFileIsLinted() throws {
        let dir = try TempDir()
        try dir.write("a.js", "const fs = require('fs')\nfunction h(req, res) { res.end(fs.readFileSync('x')) }\nmodule.exports = h\nlet = = ;\n")
        let (_, json) = try Self.scan(dir)
        #expect(Self.errors(json)["a.js"] != nil)
        #expect(Self.findingFiles(json) == ["a.js"])
    }
}

/// A scratch folder removed when the test ends.
final class TempDir {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-it-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws {
        try writeBytes(name, Array(text.utf8))
    }

    func writeBytes(_ name: String, _ bytes: [UInt8]) throws {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    deinit {
        chmod(path, 0o755)
        try? FileManager.default.removeItem(atPath: path)
    }
}
