// ProjectIndex built `reusing:` an earlier one: the call edges equal those of an index built from
// scratch over the same sources, and only files whose inputs changed are evaluated again.

import Testing
import SourceText
import JSSyntax
@testable import JSSemantic

@Suite struct IncrementalIndexTests {
    /// Sources by path with their semantic models; an edit replaces one file's model, the others stay the
    /// same objects (as the language server's per-file cache keeps them).
    struct Versioned {
        var sources: [String: String]
        var models: [String: FileSemantics] = [:]

        init(_ sources: [String: String]) {
            self.sources = sources
            for (p, s) in sources { models[p] = semantics(s, path: p) }
        }

        mutating func edit(_ path: String, _ text: String) {
            sources[path] = text
            models[path] = semantics(text, path: path)
        }

        func index(reusing previous: ProjectIndex?) -> ProjectIndex {
            ProjectIndex(files: models.keys.sorted().map { ($0, models[$0]!) }, readConfig: { _ in nil },
                         tracksInputs: true, reusing: previous)
        }

        /// An index from fresh parses of the same sources, without tracking.
        func cold() -> ProjectIndex {
            ProjectIndex(files: sources.keys.sorted().map { ($0, semantics(sources[$0]!, path: $0)) },
                         readConfig: { _ in nil })
        }
    }

    static let project: [String: String] = [
        "/p/app.js": """
            const { load } = require('./handler')
            const { Svc } = require('./svc')
            function route() { load(); new Svc().run() }
            """,
        "/p/handler.js": "exports.load = () => helper()\nfunction helper() {}\n",
        "/p/svc.js": "class Svc { run() { other() } }\nfunction other() {}\nmodule.exports = { Svc }\n",
        "/p/unrelated.js": "function a() { b() }\nfunction b() {}\n",
        "/p/api.ts": "export interface IApi { call(): void }\nexport class Api implements IApi { call() { inner() } }\nfunction inner() {}\n",
        "/p/ctrl.ts": "import { IApi } from './api'\nclass Ctrl {\n  constructor(private api: IApi) {}\n  handle() { this.api.call() }\n}\n",
    ]

    func describe(_ index: ProjectIndex) -> [String] {
        index.callGraph.edges.map { "\(index.describe($0.caller)) -\($0.kind)@\($0.site)-> \(index.describe($0.callee)) \($0.callee)" }
    }

    @Test func editsGiveTheEdgesOfAFreshIndex() {
        var p = Versioned(Self.project)
        var index = p.index(reusing: nil)
        #expect(index.reusedEdgeFiles == 0)
        #expect(describe(index) == describe(p.cold()))
        #expect(describe(index).contains { $0.hasPrefix("/p/ctrl.ts:handle -call@") && $0.contains("/p/api.ts:call") },
                "the interface-typed field reaches Api.call: \(describe(index))")

        // (edit, files whose edges must be taken over at least)
        let steps: [(String, String, Int)] = [
            ("/p/unrelated.js", "function a() { b() }\n\nfunction b() { a() }\n", 5),  // nobody reads unrelated.js
            ("/p/handler.js", "function extra() {}\nexports.load = () => helper()\nfunction helper() { extra() }\n", 3),
            ("/p/api.ts", "export interface IApi { call(): void }\nexport class Api2 implements IApi { call() { inner() } }\nfunction inner() {}\n", 3),
            ("/p/api.ts", "export interface IApi { call(): void }\nexport class Api2 { call() { inner() } }\nfunction inner() {}\n", 3),
            ("/p/svc.js", "class Svc { run() { other(); other() } }\nfunction other() {}\nmodule.exports = { Svc }\n", 3),
        ]
        for (path, text, minimumReused) in steps {
            p.edit(path, text)
            index = p.index(reusing: index)
            #expect(describe(index) == describe(p.cold()), "after editing \(path)")
            #expect(index.reusedEdgeFiles >= minimumReused, "after editing \(path): \(index.reusedEdgeFiles) reused")
            #expect(index.reusedEdgeFiles < Self.project.count, "the edited file is evaluated again")
        }
        #expect(!describe(index).contains { $0.hasPrefix("/p/ctrl.ts:handle") && $0.contains("/p/api.ts:call") },
                "without `implements IApi` the field no longer resolves")
    }

    @Test func anotherFileListEvaluatesEverything() {
        var p = Versioned(Self.project)
        let first = p.index(reusing: nil)
        p.sources["/p/new.js"] = "require('./handler').load()\n"
        p.models["/p/new.js"] = semantics(p.sources["/p/new.js"]!, path: "/p/new.js")
        let second = p.index(reusing: first)
        #expect(second.reusedEdgeFiles == 0)
        #expect(describe(second) == describe(p.cold()))
    }

    final class Configs: @unchecked Sendable {
        var files: [String: String] = [:]
    }

    /// A tsconfig.json edited between two indexes: resolutions (and the edges through them) follow it,
    /// although no source file changed.
    @Test func aChangedConfigFileResolvesAgain() {
        let sources: [String: String] = [
            "/p/src/app.ts": "import { run } from '@/jobs'\nexport function main() { run() }\n",
            "/p/src/jobs.ts": "export function run() {}\n",
            "/p/other/jobs.ts": "export function run() {}\n",
        ]
        let models = sources.mapValues { _ in () }.keys.sorted().map { ($0, semantics(sources[$0]!, path: $0)) }
        let configs = Configs()
        configs.files["/p/tsconfig.json"] = #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }"#
        func build(_ previous: ProjectIndex?) -> ProjectIndex {
            ProjectIndex(files: models, readConfig: { configs.files[$0] }, tracksInputs: true, reusing: previous)
        }
        func cold() -> ProjectIndex { ProjectIndex(files: models, readConfig: { configs.files[$0] }) }
        let first = build(nil)
        let app = first.id("/p/src/app.ts")!
        #expect(first.resolveSpecifier("@/jobs", from: app) == first.id("/p/src/jobs.ts"))
        let same = build(first)
        #expect(same.reusedEdgeFiles == sources.count, "nothing changed")
        configs.files["/p/tsconfig.json"] = #"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["other/*"] } } }"#
        let moved = build(same)
        #expect(moved.resolveSpecifier("@/jobs", from: app) == moved.id("/p/other/jobs.ts"))
        #expect(describe(moved) == describe(cold()))
        #expect(describe(moved).contains { $0.hasPrefix("/p/src/app.ts:main") && $0.contains("/p/other/jobs.ts:run") })
    }
}
