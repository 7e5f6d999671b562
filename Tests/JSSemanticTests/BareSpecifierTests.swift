// ModuleResolver's bare-specifier steps kept by the config that decides them (tsconfig.json, package
// folder, workspace root) against the same steps worked out anew for every folder, on seeded random
// projects: nested folders with tsconfig `paths`/`baseUrl`, package names, `imports` and workspaces.

import Foundation
import Testing
@testable import JSSemantic

struct BareSpecifierTests {
    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func keptStepsAgreeWithStepsWorkedOutAnew(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        let names = ["a", "b", "lib", "src", "utils", "index", "core"]
        let packageNames = ["app", "@x/utils", "core", "lib", "@x/core"]
        // folders up to three deep under /r, and files in them
        var dirs = ["/r"]
        for _ in 0..<14 {
            let parent = dirs[next(dirs.count)]
            if parent.split(separator: "/").count < 5 { dirs.append(parent + "/" + names[next(names.count)]) }
        }
        dirs = Array(Set(dirs)).sorted()
        var files: [String: Int] = [:]
        let extensions = [".ts", ".js", ".mjs", ".tsx"]
        for _ in 0..<30 {
            let path = dirs[next(dirs.count)] + "/" + names[next(names.count)] + extensions[next(extensions.count)]
            if files[path] == nil { files[path] = files.count }
        }
        var configs: [String: String] = [:]
        for d in dirs {
            switch next(6) {
            case 0:
                let base = next(2) == 0 ? #""baseUrl": ".", "# : ""
                configs[d + "/tsconfig.json"] = #"{ "compilerOptions": { \#(base)"paths": { "@/*": ["src/*"], "~\#(names[next(names.count)])": ["\#(names[next(names.count)])"], "\#(names[next(names.count)])/*": ["lib/*", "*"] } } }"#
            case 1:
                configs[d + "/jsconfig.json"] = #"{ "compilerOptions": { "baseUrl": "\#(next(2) == 0 ? "." : "src")" } }"#
            case 2, 3:
                let name = packageNames[next(packageNames.count)]
                let workspaces = next(3) == 0 ? #", "workspaces": ["*"]"# : ""
                let main = next(2) == 0 ? #", "main": "\#(names[next(names.count)]).js""# : ""
                let exports = next(3) == 0 ? #", "exports": { ".": "./dist/index.js", "./\#(names[next(names.count)])": "./lib/\#(names[next(names.count)]).js" }"# : ""
                let key = names[next(names.count)], target = names[next(names.count)]
                let imports = next(3) == 0 ? ##", "imports": { "#\##(key)": "./\##(target).js", "#x/*": "./src/*.js" }"## : ""
                configs[d + "/package.json"] = #"{ "name": "\#(name)"\#(workspaces)\#(main)\#(exports)\#(imports) }"#
            case 4:
                configs[d + "/pnpm-workspace.yaml"] = "packages:\n  - '*'\n"
            default:
                break
            }
        }
        var specifiers = ["express", "node:fs", "lodash/fp", "#x/a", "#core", "./a", "../lib", "."]
        for n in names {
            specifiers += [n, n + "/index", "@/" + n, "~" + n, "#" + n]
        }
        for p in packageNames {
            specifiers += [p, p + "/" + names[next(names.count)]]
        }
        let read: (String) -> String? = { configs[$0] }
        let kept = ModuleResolver(files: files, readConfig: read)
        let anew = ModuleResolver(files: files, readConfig: read)
        // every folder and specifier, in a seeded order, so a step is first worked out from any folder
        var pairs: [(String, String)] = []
        for d in dirs { for s in specifiers { pairs.append((d, s)) } }
        for i in stride(from: pairs.count - 1, to: 0, by: -1) { pairs.swapAt(i, next(i + 1)) }
        var decided = 0
        for (d, s) in pairs {
            let a = kept.resolve(s, fromDirectory: d)
            #expect(a == anew.resolveUncached(s, fromDirectory: d), "\(s) from \(d)")
            if a != nil { decided += 1 }
        }
        // the projects resolve some specifiers to files (the comparison is not only of nils)
        #expect(decided > 0)
        // a file's specifiers resolved together (repeated, empty, some known to the folder already, some
        // not): the answers asked one by one
        let batch = ModuleResolver(files: files, readConfig: read)
        for d in dirs {
            var list: [String] = [""]
            for _ in 0..<12 { list.append(specifiers[next(specifiers.count)]) }
            list += list.prefix(4)
            _ = batch.resolve(list[next(list.count)], fromDirectory: d)
            #expect(batch.resolve(list, fromDirectory: d) == list.map { anew.resolveUncached($0, fromDirectory: d) }, "\(d)")
            #expect(batch.resolve(list, fromDirectory: d) == list.map { kept.resolve($0, fromDirectory: d) }, "\(d)")
        }
    }
}
