// Calls that queue on one database connection whatever their caller does. A project whose Sequelize
// instances all use the sqlite dialect (`new Sequelize(..., { dialect: 'sqlite', ... })`, juice-shop's
// models/index.ts) runs every model query on one SQLite connection, which executes one statement at a
// time: `await HintModel.count(a)` then `await HintModel.count(b)` started together only queue there, so
// two such calls of a group wait as one.
//
// A model call: a static method called on a class that extends Sequelize's `Model` (directly or through
// project classes), resolved through the project index. Any Sequelize instance with another dialect, or one
// whose options the scan cannot read, and the project's models may use a pool: nothing queues.
// Bounded: one walk over the project's nodes, on first use; `maxSuperclasses` classes up each chain.

import JSSemantic
import JSSyntax
import LintEngine

extension AwaitSettlement {
    static let maxSuperclasses = 4
    static let sequelizeModules: Set<String> = ["sequelize", "@sequelize/core"]

    /// Whether `call` (of `file`) runs a query of a Sequelize model on the project's one SQLite connection.
    func queuesOnSQLite(_ call: NodeID, _ file: FileID) -> Bool {
        guard sequelizeIsSQLiteOnly() else { return false }
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        guard case .call(let callee, _, _, _) = tree[tree.unwrap(call)],
              case .member(let object, _, false, _) = tree[tree.unwrap(callee)],
              case .classValue(let cls)? = functions.index.value(of: object, in: file)
        else { return false }
        return extendsSequelizeModel(cls)
    }

    private func extendsSequelizeModel(_ cls: ProjectNode) -> Bool {
        var c = cls
        for _ in 0..<Self.maxSuperclasses {
            let sem = functions.index.semantics(c.file)
            let tree = sem.tree
            let superClass: NodeID?
            switch tree[c.node] {
            case .classDeclaration(_, _, _, let s, _, _, _, _), .classExpression(_, _, _, let s, _, _, _, _): superClass = s
            default: return false
            }
            guard let s = superClass.map({ tree.unwrap($0) }) else { return false }
            if let x = sem.resolveExport(s), Self.sequelizeModules.contains(x.module) { return x.path == ["Model"] }
            guard case .classValue(let next)? = functions.index.value(of: s, in: c.file) else { return false }
            c = next
        }
        return false
    }

    /// Whether the project makes Sequelize instances and every one names the sqlite dialect (memoised). Each
    /// file is read on the scan's threads: whether it makes one with the sqlite dialect, and whether it
    /// makes one with another or an unknown dialect.
    func sequelizeIsSQLiteOnly() -> Bool {
        if let known = sqliteOnly { return known }
        let index = functions.index
        let perFile = ParallelMap.map(count: index.files.count, jobs: jobs) { f -> (found: Bool, other: Bool) in
            let sem = index.semantics(FileID(Int32(f)))
            let tree = sem.tree
            var found = false
            for i in 0..<tree.count {
                let n = NodeID(Int32(i))
                guard tree.kind(n) == .new, case .new(let callee, _, let args) = tree[n], let x = sem.resolveExport(tree.unwrap(callee)),
                      Self.sequelizeModules.contains(x.module), x.path == ["Sequelize"] || x.path == ["default"] || x.path.isEmpty
                else { continue }
                if self.dialect(of: Array(tree.list(args)), sem) == "sqlite" { found = true } else { return (found, true) }
            }
            return (found, false)
        }
        let other = perFile.contains { $0.other }
        let found = perFile.contains { $0.found }
        sqliteOnly = found && !other
        return found && !other
    }

    /// The `dialect` an options object literal among the constructor's arguments names.
    private func dialect(of args: [NodeID], _ sem: FileSemantics) -> String? {
        let tree = sem.tree
        for a in args.reversed() {
            guard tree.kind(tree.unwrap(a)) == .objectExpression, let d = sem.staticMember(of: tree.unwrap(a), "dialect") else { continue }
            return sem.literalString(tree.unwrap(d))
        }
        return nil
    }
}

extension AwaitSettlement {
    /// The connection a call queues on, whatever its caller does: "sqlite" for a model query of a project that
    /// runs on one SQLite connection; the client for a call through a client that paces its requests
    /// (`PacedClients.swift`).
    func connectionQueue(_ call: NodeID, _ file: FileID) -> String? {
        if queuesOnSQLite(call, file) { return "sqlite" }
        if let client = pacedClient(call, file) { return "paced \(client.file.raw):\(client.node.raw)" }
        return nil
    }
}
