// `make generate`: renders the files generated from the rule pages (GeneratedCode.files: the Swift
// catalog, the blocking-API table, rules/README.md) and writes those that changed. Depends on RuleDocs
// only, so it builds even while the generated Swift is stale or broken.
//
//   swift run looplint-generate [REPOSITORY_ROOT]     (default: the current folder)

import Foundation
import RuleDocs

let arguments = CommandLine.arguments.dropFirst()
if arguments.count > 1 || arguments.first.map({ $0.hasPrefix("-") }) == true {
    FileHandle.standardError.write(Data("usage: looplint-generate [REPOSITORY_ROOT]\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments.first ?? FileManager.default.currentDirectoryPath).standardizedFileURL.path
do {
    let written = try GeneratedCode.write(root: root)
    for path in written { print("wrote \(path)") }
    print(written.isEmpty ? "generated code is up to date (\(GeneratedCode.files.count) files)"
                          : "\(written.count) of \(GeneratedCode.files.count) generated files rewritten; review the diff")
} catch {
    FileHandle.standardError.write(Data("looplint-generate: \(error)\n".utf8))
    exit(1)
}
