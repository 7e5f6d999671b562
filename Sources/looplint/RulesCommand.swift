import ArgumentParser
import Reporting
import Rules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rule catalog."
    )

    @Option(help: "text or json")
    var format: CatalogFormat = .text

    enum CatalogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let rules = RuleCatalog.descriptors
        switch format {
        case .text: print(CatalogReporter.renderText(rules), terminator: "")
        case .json: print(CatalogReporter.renderJSON(rules), terminator: "")
        }
    }
}
