import ExecutionContext
import Foundation
import LintEngine
import Testing

@Suite struct ConfigTemplateTests {
    static let survey = ProjectSurvey(
        name: "shop-api",
        frameworks: [.init(package: "express", manifest: "package.json", devOnly: false),
                     .init(package: "bullmq", manifest: "packages/worker/package.json", devOnly: false),
                     .init(package: "fastify", manifest: "package.json", devOnly: true)],
        roleFolders: [("examples", .example), ("scripts", .tooling), ("src/test", .test), ("test", .test)],
        sourceFolders: ["lib", "src"])

    @Test func rendersFrameworksAndContexts() throws {
        let text = ConfigTemplate.render(Self.survey)
        #expect(text.contains("#   express  routes and middleware"))
        #expect(text.contains("#   bullmq   job processors (new Worker(queue, processor)) are not followed yet: declare them under entryPoints (packages/worker)"))
        #expect(text.contains("[devDependencies only]"))
        #expect(text.contains("contexts:\n  test: [\"src/test/**\", \"test/**\"]\n  tooling: [\"scripts/**\"]\n  example: [\"examples/**\"]\n"))
        #expect(text.contains("  # source (reported): lib/, src/\n"))
        #expect(text.contains("#   - file: \"src/workers/*.ts\"        # bullmq\n#     function: processJob\n"))
        #expect(!text.contains("\n\n\n"), "one blank line between sections")
        // It is a valid looplint.yml whose contexts are the folders found.
        let config = try LintConfig.parse(text, path: "/p/looplint.yml")
        #expect(config.contexts.map(\.role) == [.test, .tooling, .example])
        #expect(config.contexts[0].globs == ["src/test/**", "test/**"])
        #expect(config.role(ofAbsolutePath: "/p/test/unit/a.test.js") == .test)
        #expect(config.role(ofAbsolutePath: "/p/src/test/helpers.js") == .test)
        #expect(config.role(ofAbsolutePath: "/p/src/app.js") == nil, "source stays with the conventions")
        #expect(config.rules.isEmpty && config.ignore.isEmpty && config.entryPoints.isEmpty)
    }

    @Test func emptyProject() throws {
        let text = ConfigTemplate.render(ProjectSurvey(name: "empty"))
        #expect(text.contains("No web framework was found"))
        #expect(text.contains("# contexts:"))
        #expect(!text.contains("\ncontexts:"))
        #expect(try LintConfig.parse(text, path: "/p/looplint.yml") == LintConfig(path: "/p/looplint.yml"),
                "every key commented: the defaults")
    }

    @Test func everyKnownFrameworkHasANote() {
        var packages: Set<String> = []
        for f in ConfigTemplate.frameworks {
            #expect(!f.note.isEmpty)
            #expect(f.followed || f.entryPointExample != nil, "\(f.name): say where its handlers go")
            for p in f.packages { #expect(packages.insert(p).inserted, "\(p) listed twice") }
        }
        for p in ["express", "koa", "fastify", "@hapi/hapi", "@nestjs/core", "next", "hono", "ws", "socket.io", "bullmq"] {
            #expect(packages.contains(p), "\(p)")
        }
    }
}
