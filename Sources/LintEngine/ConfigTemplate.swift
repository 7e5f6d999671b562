// `looplint init`: a commented looplint.yml for a project, from what it finds there.
//
// - Frameworks, from the dependencies of package.json (the project's, and those of workspace packages one
//   or two folders down): for each, how looplint finds its request handlers, or that it does not and the
//   handlers belong under `entryPoints:`.
// - Contexts: the top-level folders (and second-level ones, for monorepos) that looplint's path
//   conventions give a role other than source (test/, scripts/, examples/, public/, dist/...), written as
//   an active `contexts:` mapping so the guess is visible and editable; it agrees with the conventions,
//   so the file changes no finding until someone edits it. Source folders are named in a comment.
// - Every other key, commented out with an example.
//
// `survey` reads the disk; `render` is a pure function of the survey, so the output is the same on every
// run (no dates, sorted lists).

import ExecutionContext
import Foundation

public struct ProjectSurvey: Hashable, Sendable {
    public struct Framework: Hashable, Sendable {
        public var package: String
        /// The package.json that names it, relative to the project folder.
        public var manifest: String
        public var devOnly: Bool

        public init(package: String, manifest: String, devOnly: Bool) {
            self.package = package
            self.manifest = manifest
            self.devOnly = devOnly
        }
    }

    public var name: String
    public var frameworks: [Framework]
    /// Folders (relative, `/`-separated) and the role the conventions give them, in path order.
    public var roleFolders: [(path: String, role: FileRole)]
    /// Top-level folders whose files are source code.
    public var sourceFolders: [String]
    /// package.json files that could not be read, with the reason.
    public var unreadableManifests: [String]

    public init(name: String, frameworks: [Framework] = [], roleFolders: [(path: String, role: FileRole)] = [],
                sourceFolders: [String] = [], unreadableManifests: [String] = [])
    {
        self.name = name
        self.frameworks = frameworks
        self.roleFolders = roleFolders
        self.sourceFolders = sourceFolders
        self.unreadableManifests = unreadableManifests
    }

    public static func == (a: ProjectSurvey, b: ProjectSurvey) -> Bool {
        a.name == b.name && a.frameworks == b.frameworks && a.sourceFolders == b.sourceFolders
            && a.roleFolders.map(\.path) == b.roleFolders.map(\.path) && a.roleFolders.map(\.role) == b.roleFolders.map(\.role)
            && a.unreadableManifests == b.unreadableManifests
    }

    public func hash(into h: inout Hasher) {
        h.combine(name); h.combine(frameworks); h.combine(sourceFolders)
        for f in roleFolders { h.combine(f.path); h.combine(f.role) }
    }
}

public enum ConfigTemplate {
    /// What looplint does with a framework's handlers. `followed`: found from the code that registers them.
    public struct KnownFramework: Sendable {
        public var packages: [String]
        public var name: String
        public var followed: Bool
        public var note: String
        /// For frameworks looplint does not follow: a commented `entryPoints:` example.
        public var entryPointExample: (file: String, function: String)?
    }

    /// The frameworks `init` recognises, in the order it lists them. Keep `followed` in step with
    /// Rules/Support/RequestEntryPoints.swift, which says what is recognised.
    public static let frameworks: [KnownFramework] = [
        KnownFramework(packages: ["express"], name: "express", followed: true,
                       note: "routes and middleware (app.get/post/..., Router, app.use, app.route)"),
        KnownFramework(packages: ["koa", "@koa/router", "koa-router"], name: "koa", followed: true,
                       note: "app.use middleware and koa-router / @koa/router routes"),
        KnownFramework(packages: ["fastify"], name: "fastify", followed: true,
                       note: "routes, route({ handler }) and onRequest hooks"),
        KnownFramework(packages: ["@hapi/hapi", "hapi"], name: "hapi", followed: true,
                       note: "server.route handlers and server.ext"),
        KnownFramework(packages: ["hono"], name: "hono", followed: true, note: "app.get/post/.../use/on handlers"),
        KnownFramework(packages: ["@nestjs/core"], name: "NestJS", followed: true,
                       note: "@Controller methods (@Get, @Post...) and @SubscribeMessage"),
        KnownFramework(packages: ["next"], name: "Next.js", followed: true,
                       note: "pages/api/** and app/**/route.* handlers; client components are browser code"),
        KnownFramework(packages: ["ws"], name: "ws", followed: true, note: "connection and message handlers"),
        KnownFramework(packages: ["socket.io"], name: "socket.io", followed: false,
                       note: "event handlers (socket.on(event, handler)) are not followed yet",
                       entryPointExample: ("src/sockets/*.js", "onMessage")),
        KnownFramework(packages: ["bullmq", "bull", "bee-queue"], name: "job queue", followed: false,
                       note: "job processors (new Worker(queue, processor)) are not followed yet",
                       entryPointExample: ("src/workers/*.ts", "processJob")),
        KnownFramework(packages: ["agenda"], name: "agenda", followed: false,
                       note: "job handlers (agenda.define(name, handler)) are not followed yet",
                       entryPointExample: ("src/jobs/*.js", "handler")),
        KnownFramework(packages: ["kafkajs", "amqplib", "@aws-sdk/client-sqs", "sqs-consumer"], name: "message consumer",
                       followed: false, note: "message handlers (eachMessage, consume) are not followed yet",
                       entryPointExample: ("src/consumers/*.ts", "handleMessage")),
        KnownFramework(packages: ["@apollo/server", "apollo-server", "graphql-yoga", "mercurius", "@trpc/server"],
                       name: "GraphQL / RPC", followed: false,
                       note: "resolvers and procedures are not followed yet (route-shaped calls are)",
                       entryPointExample: ("src/resolvers/*.ts", "resolve")),
        KnownFramework(packages: ["restify", "polka", "micro"], name: "HTTP server", followed: true,
                       note: "route-shaped calls (server.get('/path', handler)) and (req, res) handlers"),
    ]

    static func known(_ package: String) -> KnownFramework? {
        frameworks.first { $0.packages.contains(package) }
    }

    struct Manifest: Decodable {
        var name: String?
        var dependencies: [String: String]?
        var devDependencies: [String: String]?
        var peerDependencies: [String: String]?
        var optionalDependencies: [String: String]?
    }

    /// Reads `folder`: package.json files (its own and those one or two folders down, outside
    /// node_modules) and the folders of the files `looplint check` would scan there.
    public static func survey(folder: String, config: LintConfig = LintConfig()) throws -> ProjectSurvey {
        let fm = FileManager.default
        var survey = ProjectSurvey(name: (FileDiscovery.absolute(folder) as NSString).lastPathComponent)

        var manifests = ["package.json"]
        for first in (try? fm.contentsOfDirectory(atPath: folder))?.sorted() ?? []
        where !FileDiscovery.skippedFolders.contains(first) && !first.hasPrefix(".") {
            let dir = folder + "/" + first
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else { continue }
            if fm.fileExists(atPath: dir + "/package.json") { manifests.append(first + "/package.json") }
            for second in (try? fm.contentsOfDirectory(atPath: dir))?.sorted() ?? []
            where !FileDiscovery.skippedFolders.contains(second) && !second.hasPrefix(".") {
                if fm.fileExists(atPath: dir + "/" + second + "/package.json") {
                    manifests.append(first + "/" + second + "/package.json")
                }
            }
        }
        var seen: Set<String> = []
        for rel in manifests {
            guard let data = fm.contents(atPath: folder + "/" + rel) else { continue }
            let manifest: Manifest
            do { manifest = try JSONDecoder().decode(Manifest.self, from: data) } catch {
                survey.unreadableManifests.append("\(rel): not a package.json looplint can read")
                continue
            }
            if rel == "package.json", let name = manifest.name, !name.isEmpty { survey.name = name }
            let runtime = Set((manifest.dependencies ?? [:]).keys).union((manifest.peerDependencies ?? [:]).keys)
                .union((manifest.optionalDependencies ?? [:]).keys)
            let dev = Set((manifest.devDependencies ?? [:]).keys).subtracting(runtime)
            for (packages, devOnly) in [(runtime, false), (dev, true)] {
                for package in packages.sorted() where known(package) != nil && !seen.contains(package) {
                    seen.insert(package)
                    survey.frameworks.append(.init(package: package, manifest: rel, devOnly: devOnly))
                }
            }
        }
        survey.frameworks.sort { a, b in
            let ia = frameworks.firstIndex { $0.packages.contains(a.package) } ?? 0
            let ib = frameworks.firstIndex { $0.packages.contains(b.package) } ?? 0
            return ia != ib ? ia < ib : a.package < b.package
        }

        let discovery = try FileDiscovery(config: config).discover(["."], cwd: folder)
        var roleFolders: [String: FileRole] = [:]
        var sourceFolders: Set<String> = []
        for candidate in discovery.candidates {
            var path = Substring(candidate.scopePath)
            while path.hasPrefix("./") { path = path.dropFirst(2) }
            let segments = path.split(separator: "/").map(String.init)
            guard segments.count >= 2 else { continue }  // files at the top level
            if let role = folderRole(segments[0]) {
                roleFolders[segments[0]] = role
            } else if segments.count >= 3, let role = folderRole(segments[1]) {
                roleFolders[segments[0] + "/" + segments[1]] = role
            } else {
                sourceFolders.insert(segments[0])
            }
        }
        survey.roleFolders = roleFolders.keys.sorted().compactMap { k in roleFolders[k].map { (k, $0) } }
        survey.sourceFolders = sourceFolders.sorted()
        return survey
    }

    /// The role a folder's name gives everything under it, by looplint's conventions.
    static func folderRole(_ name: String) -> FileRole? {
        FileRoles.role(forPath: name + "/index.js")
    }

    public static func render(_ s: ProjectSurvey) -> String {
        var out = """
        # looplint.yml for \(s.name), written by `looplint init`. looplint reads the nearest looplint.yml at or
        # above the first scanned path. Every key is optional; the commented ones show what can be set.


        """
        // Frameworks.
        if s.frameworks.isEmpty {
            out += """
            # No web framework was found in package.json. looplint still follows node:http/https servers,
            # handler-shaped exports ((req, res) => ...) and what entryPoints: below declares.


            """
        } else {
            out += "# Frameworks in package.json, and how looplint finds what runs per request:\n"
            let width = s.frameworks.map(\.package.count).max() ?? 0
            for f in s.frameworks {
                guard let known = known(f.package) else { continue }
                let pad = String(repeating: " ", count: width - f.package.count)
                let place = f.manifest == "package.json" ? "" : " (\(f.manifest.dropLast("/package.json".count)))"
                let dev = f.devOnly ? " [devDependencies only]" : ""
                let what = known.followed ? known.note : known.note + ": declare them under entryPoints"
                out += "#   \(f.package)\(pad)  \(what)\(place)\(dev)\n"
            }
            out += "\n"
        }
        for problem in s.unreadableManifests { out += "# (skipped \(problem))\n" }
        if !s.unreadableManifests.isEmpty { out += "\n" }

        // Contexts.
        out += """
        # Where code runs. Findings are reported in source code only; test, tooling, example, browser and
        # generated code is parsed (cross-module analyses see it) but not reported. Files named *.test.*,
        # *.spec.*, *.config.* or *.min.js get their role wherever they are. The folders below got theirs
        # from looplint's conventions; edit a line when the guess is wrong (`--all-contexts` reports everywhere).

        """
        let roles: [FileRole] = [.test, .tooling, .example, .browser, .generated]
        let found = roles.map { role in (role, s.roleFolders.filter { $0.role == role }.map(\.path)) }.filter { !$0.1.isEmpty }
        if found.isEmpty {
            out += "# contexts:\n#   tooling: [\"ops/**\"]\n#   source: [\"src/rpc/**\"]\n"
        } else {
            out += "contexts:\n"
            for (role, folders) in found {
                out += "  \(role.rawValue): [" + folders.map { "\"\($0)/**\"" }.joined(separator: ", ") + "]\n"
            }
        }
        if !s.sourceFolders.isEmpty {
            out += "  # source (reported): " + s.sourceFolders.map { $0 + "/" }.joined(separator: ", ") + "\n"
        }

        // The other keys, commented.
        out += """

        # Severities per rule or category: error | warning | note | off (`looplint rules` lists the rules).
        # rules:
        #   blocking: error
        #   serial-await/sequential: note

        # Paths never scanned, as globs from this folder (node_modules, .git and .gitignore'd files never are).
        # ignore:
        #   - "vendor/**"

        # Serial-await, fan-out and ReDoS findings say in evidence.context which entry point reaches their
        # code, or "unreached". Unset, serial-await and fan-out report only reached code and ReDoS also a
        # library's unreached code (an application's, whose own routes and handlers the model sees, is left
        # out); true reports only reached code for all three, false reports unreached code for all three.
        # hotOnly: true

        # A published package with no request handler of its own: analyse it from its exported API.
        # libraryAPI: true

        # Functions that run per request or per job but are registered where looplint cannot see it.

        """
        let unfollowed = s.frameworks.compactMap { f -> (String, KnownFramework)? in
            guard let k = known(f.package), !k.followed, k.entryPointExample != nil else { return nil }
            return (f.package, k)
        }
        out += "# entryPoints:\n"
        if unfollowed.isEmpty {
            out += "#   - file: \"src/queue/consumer.ts\"\n#     function: handleMessage\n"
        } else {
            var examples: Set<String> = []
            for (package, k) in unfollowed {
                guard let e = k.entryPointExample, !examples.contains(e.file) else { continue }
                examples.insert(e.file)
                out += "#   - file: \"\(e.file)\"        # \(package)\n#     function: \(e.function)\n"
            }
        }
        out += """

        # Synchronous helpers of your own that block like fs.readFileSync.
        # blockingAPIs:
        #   - module: ./src/lib/pdf
        #     name: renderSync

        """
        return out
    }
}
