// The packages of a project (folders with a package.json), what each package.json says of the package, and
// which packages import one another; built once per scan and shared by the execution-context model and the
// file roles that come from a file's package.
//
// The execution-context model takes a call `x.name()` whose object it cannot tell to run every method of
// that name; in a monorepo that reached a private docs generator's `encode` from a voice package's
// `encode()` call, two packages that never load each other. A method called by name is therefore looked
// for only in the caller's own package and in the packages next to it in the import graph, in either
// direction: a dialect package that imports the core is called back by the core through an object it
// handed over.

import Foundation
import JSSemantic
import LintEngine

final class ProjectPackages: @unchecked Sendable {
    static let key = AnalysisKey<ProjectPackages>("projectPackages")

    struct Package {
        var dir: String
        var isPrivate: Bool
        /// package.json `bin`: the package installs a command.
        var hasBin: Bool
        /// package.json `main`, `module` or `exports`: the package can be loaded as a module.
        var hasMain: Bool
        /// Whether a package.json above its folder makes it a member of a larger repository (a monorepo's
        /// package, not the repository's own).
        var isNested = false
    }

    /// Per unit, its package's number (-1: no package.json above it).
    let packageOfUnit: [Int32]
    let packages: [Package]
    /// Pairs of packages where one imports the other, both orders, as `a << 32 | b`.
    private let adjacent: Set<Int64>

    static func of(_ ctx: ProjectContext) -> ProjectPackages {
        ctx.memo(ProjectPackages.key) { ProjectPackages(ctx) }
    }

    private init(_ ctx: ProjectContext) {
        var numberOfDir: [String: Int32] = [:]
        var packages: [Package] = []
        func package(ofDirectory start: String) -> Int32 {
            var d = start
            var chain: [String] = []
            var found: Int32 = -1
            for _ in 0..<64 {
                if let known = numberOfDir[d] { found = known; break }
                chain.append(d)
                if let bytes = ctx.files.bytes(atPath: d + "/package.json") {
                    let obj = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
                    found = Int32(packages.count)
                    packages.append(Package(dir: d, isPrivate: (obj["private"] as? Bool) == true, hasBin: obj["bin"] != nil,
                                            hasMain: obj["main"] != nil || obj["module"] != nil || obj["exports"] != nil))
                    break
                }
                let parent = (d as NSString).deletingLastPathComponent
                if parent == d || parent.isEmpty { break }
                d = parent
            }
            // the package.json's own folder and the folders below it on the way share its number
            for c in chain { numberOfDir[c] = found }
            return found
        }
        var packageOfUnit = [Int32](repeating: -1, count: ctx.units.count)
        for u in ctx.units where u.absolutePath.hasPrefix("/") {
            packageOfUnit[u.index] = package(ofDirectory: (u.absolutePath as NSString).deletingLastPathComponent)
        }
        for p in packages.indices {
            let parent = (packages[p].dir as NSString).deletingLastPathComponent
            if parent != packages[p].dir, !parent.isEmpty, package(ofDirectory: parent) >= 0 { packages[p].isNested = true }
        }
        var adjacent: Set<Int64> = []
        if packages.count > 1 {
            let functions = ProjectFunctions.of(ctx)
            for u in ctx.units {
                let a = packageOfUnit[u.index]
                guard a >= 0, let file = functions.fileOfUnit[u.index] else { continue }
                for target in functions.index.importedFiles(of: file) {
                    let v = functions.unitOfFile[target.index]
                    guard v >= 0 else { continue }
                    let b = packageOfUnit[v]
                    guard b >= 0, b != a else { continue }
                    adjacent.insert(Int64(a) << 32 | Int64(b))
                    adjacent.insert(Int64(b) << 32 | Int64(a))
                }
            }
        }
        self.packageOfUnit = packageOfUnit
        self.packages = packages
        self.adjacent = adjacent
    }

    /// Whether code in unit `caller` can reach a method defined in unit `definer` by name: the same package
    /// (or no package.json above either), or packages where one imports the other.
    func reaches(_ caller: Int, _ definer: Int) -> Bool {
        let a = packageOfUnit[caller], b = packageOfUnit[definer]
        if a == b || a < 0 || b < 0 { return true }
        return adjacent.contains(Int64(a) << 32 | Int64(b))
    }
}
