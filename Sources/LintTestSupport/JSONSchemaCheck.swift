// Validates reports against JSON schemas with Python's `jsonschema`: SARIF against the official 2.1.0
// schema (`../shared/schemas/sarif-2.1.0.json` relative to the repository root, or $LOOPLINT_SARIF_SCHEMA),
// GitLab Code Quality reports against `fixtures/reporting/gitlab-codequality.schema.json` (the format
// GitLab documents). Tests that validate are enabled only when the schema's `missingPrerequisite` is nil,
// so a missing schema file, python3 or jsonschema module shows as a skip with its reason (CI installs
// them and counts skips); at run time `.unavailable` is a failure, never a pass.

import Foundation
import LintEngine

public enum JSONSchemaCheck {
    public enum Outcome: Equatable {
        case valid
        case invalid(String)
        /// python3, jsonschema or the schema file is missing, or the validator could not run.
        case unavailable(String)
    }

    /// Why no schema can be validated here (nil when it can): python3 or its jsonschema module is
    /// missing. Computed once.
    public static let validatorMissing: String? = {
        let probe = Run.process("/usr/bin/env", ["python3", "-c", "import jsonschema"], timeout: 60)
        switch probe.status {
        case 0: return nil
        case 127, -1: return "python3 not found (\(probe.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))"
        default: return "python3 has no jsonschema module (pip install jsonschema)"
        }
    }()

    /// Why documents cannot be validated against the schema at `schemaPath` (nil when they can): the
    /// schema file, python3 or its jsonschema module is missing. `name` says which schema in the reason.
    public static func missingPrerequisite(schemaPath: String, name: String = "schema") -> String? {
        guard FileManager.default.fileExists(atPath: schemaPath) else {
            return "\(name) not found at \(schemaPath)"
        }
        return validatorMissing
    }

    public static func validate(_ document: String, schemaPath: String, name: String = "schema") -> Outcome {
        if let missing = missingPrerequisite(schemaPath: schemaPath, name: name) { return .unavailable(missing) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("looplint-schema-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.json")
        do { try document.write(to: file, atomically: true, encoding: .utf8) } catch {
            return .unavailable("cannot write a temporary file: \(error)")
        }
        let script = """
        import json, sys
        try:
            import jsonschema
        except ImportError:
            print("python3 has no jsonschema module (pip install jsonschema)"); sys.exit(3)
        schema = json.load(open(sys.argv[1]))
        doc = json.load(open(sys.argv[2]))
        errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:5]:
            print("/".join(str(p) for p in e.path), ":", e.message[:300])
        sys.exit(1 if errors else 0)
        """
        let result = Run.process("/usr/bin/env", ["python3", "-c", script, schemaPath, file.path])
        switch result.status {
        case 0: return .valid
        case 3: return .unavailable(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        case 127, -1: return .unavailable("python3 not found: \(result.stderr)")
        default: return .invalid(result.stdout + result.stderr)
        }
    }
}

public enum SARIFSchema {
    public typealias Outcome = JSONSchemaCheck.Outcome

    /// Why SARIF cannot be validated here (nil when it can): the schema file, python3 or its
    /// jsonschema module is missing. Computed once.
    public static let missingPrerequisite: String? = JSONSchemaCheck.missingPrerequisite(schemaPath: schemaPath,
                                                                                          name: "SARIF schema")

    /// $LOOPLINT_SARIF_SCHEMA, else `../shared/schemas/sarif-2.1.0.json` beside the repository.
    public static var schemaPath: String {
        if let path = ProcessInfo.processInfo.environment["LOOPLINT_SARIF_SCHEMA"], !path.isEmpty { return path }
        return URL(fileURLWithPath: RepoPaths.root).appendingPathComponent("../shared/schemas/sarif-2.1.0.json")
            .standardizedFileURL.path
    }

    public static func validate(_ sarif: String) -> Outcome {
        if let missing = missingPrerequisite { return .unavailable(missing) }
        return JSONSchemaCheck.validate(sarif, schemaPath: schemaPath, name: "SARIF schema")
    }
}

public enum GitLabCodeQualitySchema {
    public static var schemaPath: String { RepoPaths.path("fixtures/reporting/gitlab-codequality.schema.json") }

    /// Why GitLab reports cannot be validated here (nil when they can): the schema file, python3 or its
    /// jsonschema module is missing. Computed once.
    public static let missingPrerequisite: String? = JSONSchemaCheck.missingPrerequisite(schemaPath: schemaPath,
                                                                                          name: "GitLab Code Quality schema")

    /// The schema, and what a schema cannot say: fingerprints are unique within the report.
    public static func validate(_ report: String) -> JSONSchemaCheck.Outcome {
        if let missing = missingPrerequisite { return .unavailable(missing) }
        let outcome = JSONSchemaCheck.validate(report, schemaPath: schemaPath, name: "GitLab Code Quality schema")
        guard outcome == .valid else { return outcome }
        guard let items = try? JSONSerialization.jsonObject(with: Data(report.utf8)) as? [[String: Any]] else {
            return .invalid("not an array of objects")
        }
        let prints = items.compactMap { $0["fingerprint"] as? String }
        if Set(prints).count != prints.count { return .invalid("fingerprints are not unique") }
        return .valid
    }
}

/// Runs a process to completion, collecting its output.
public enum Run {
    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var stdoutBytes: Data
    }

    /// A child that runs longer than `timeout` seconds is killed (status 137 or 15), so a hung child
    /// fails its test instead of hanging the suite. Crash backtraces are off in children (a crash
    /// shows as status 132-139) unless SWIFT_BACKTRACE is set in `environment`.
    public static func process(_ executable: String, _ arguments: [String], cwd: String? = nil,
                               environment: [String: String]? = nil, stdin: Data? = nil,
                               timeout: Double = 300) -> Result
    {
        var env = environment ?? ProcessInfo.processInfo.environment
        if env["SWIFT_BACKTRACE"] == nil { env["SWIFT_BACKTRACE"] = "enable=no" }
        // The child always gets a pipe for its input (closed after `stdin`, if any, is written).
        let o = ChildProcess.run(executable, arguments, cwd: cwd, environment: env, stdin: stdin ?? Data(), timeout: timeout)
        if let why = o.launchError { return Result(status: -1, stdout: "", stderr: why, stdoutBytes: Data()) }
        return Result(status: o.status, stdout: String(decoding: o.stdout, as: UTF8.self),
                      stderr: String(decoding: o.stderr, as: UTF8.self), stdoutBytes: o.stdout)
    }
}
