// The packages of a project (folders with a package.json), what each package.json says of its package, and
// which package each file belongs to; read once per scan (at most one package.json per folder, without the
// project index) and shared by the library entry points, the file roles that come from a file's package
// and the execution-context model.
//
// The execution-context model takes a call `x.name()` whose object it cannot tell to run every method of
// that name; in a monorepo that reached a private docs generator's `encode` from a voice package's
// `encode()` call, two packages that never load each other. A method called by name is therefore looked
// for only in the caller's own package and in the packages next to it in the import graph (`PackageLinks`),
// in either direction: a dialect package that imports the core is called back by the core through an
// object it handed over.

import Foundation
import JSSemantic
import LintEngine

final class ProjectPackages: @unchecked Sendable {
    static let key = AnalysisKey<ProjectPackages>("projectPackages")
    typealias Manifest = LibraryEntryPoints.Manifest

    /// Per unit, its package's number (-1: no package.json above it).
    let packageOfUnit: [Int32]
    let packages: [Manifest]
    /// Per package, whether a package.json above its folder makes it a member of a larger repository (a
    /// monorepo's package, not the repository's own).
    let isNested: [Bool]

    static func of(_ ctx: ProjectContext) -> ProjectPackages {
        ctx.memo(ProjectPackages.key) { ProjectPackages(ctx) }
    }

    private init(_ ctx: ProjectContext) {
        var numberOfDir: [String: Int32] = [:]
        var packages: [Manifest] = []
        // the nearest folder at or above `start` whose package.json reads as one
        func package(ofDirectory start: String) -> Int32 {
            var d = start
            var chain: [String] = []
            var found: Int32 = -1
            for _ in 0..<64 {
                if let known = numberOfDir[d] { found = known; break }
                chain.append(d)
                if let bytes = ctx.files.bytes(atPath: d + "/package.json"), let m = Manifest(dir: d, json: Data(bytes)) {
                    found = Int32(packages.count)
                    packages.append(m)
                    break
                }
                let parent = ProjectPath.directory(of: d)
                if parent == d || parent.isEmpty { break }
                d = parent
            }
            // the package.json's own folder and the folders below it on the way share its number
            for c in chain { numberOfDir[c] = found }
            return found
        }
        var packageOfUnit = [Int32](repeating: -1, count: ctx.units.count)
        for u in ctx.units where u.absolutePath.hasPrefix("/") {
            packageOfUnit[u.index] = package(ofDirectory: ProjectPath.directory(of: u.absolutePath))
        }
        let withFiles = packages.count
        var isNested = (0..<withFiles).map { p -> Bool in
            let parent = ProjectPath.directory(of: packages[p].dir)
            return parent != packages[p].dir && !parent.isEmpty && package(ofDirectory: parent) >= 0
        }
        // the packages above them found on the way hold no file of the project
        isNested += [Bool](repeating: false, count: packages.count - withFiles)
        self.packageOfUnit = packageOfUnit
        self.packages = packages
        self.isNested = isNested
    }

    /// The package.json of the package a unit belongs to, or nil.
    func manifest(ofUnit u: Int) -> Manifest? {
        let p = packageOfUnit[u]
        return p >= 0 ? packages[Int(p)] : nil
    }
}

/// Which packages import one another, from the project index's resolved imports.
struct PackageLinks {
    private let packageOfUnit: [Int32]
    /// Pairs of packages where one imports the other, both orders, as `a << 32 | b`.
    private let adjacent: Set<Int64>

    init(_ packages: ProjectPackages, _ functions: ProjectFunctions) {
        packageOfUnit = packages.packageOfUnit
        var adjacent: Set<Int64> = []
        if packages.packages.count > 1 {
            for (u, a) in packageOfUnit.enumerated() {
                guard a >= 0, let file = functions.fileOfUnit[u] else { continue }
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

extension ProjectContext {
    /// The package a unit belongs to (the nearest folder above it with a package.json), as a number units of
    /// one package share; -1 when there is none.
    public func packageNumber(ofUnit u: Int) -> Int32 {
        let p = ProjectPackages.of(self)
        return u >= 0 && u < p.packageOfUnit.count ? p.packageOfUnit[u] : -1
    }
}
