// Calls that queue on one database connection whatever their caller does. A project whose ORM connections
// all use SQLite runs every query on one SQLite connection, which executes one statement at a time:
// `await HintModel.count(a)` then `await HintModel.count(b)` started together only queue there, so two such
// calls of a group wait as one.
//
// Sequelize: every `new Sequelize(..., { dialect: 'sqlite', ... })` of the project (juice-shop's
// models/index.ts); a model call is a static method called on a class that extends Sequelize's `Model`
// (directly or through project classes), resolved through the project index.
// TypeORM: every `new DataSource(options)`, `createConnection(options)`, `createConnections([...])` and
// `TypeOrmModule.forRoot(options)` of the project names `type: 'sqlite'` (or `better-sqlite3`, `sqljs`), the
// options read through constants and both branches of a conditional (overseerr's development and production
// configurations). A query is a call on what a repository, manager or query builder getter hands out
// (`getRepository(User).findOne(...)`, `const q = repo.createQueryBuilder('r'); await q.getCount()`,
// `dataSource.manager.find(...)`), through constant locals, or a call of a project function whose every
// await is such a query (`Media.getRelatedMedia(ids)`).
// Any instance with another dialect or type, or options the scan cannot read, and the project's models may
// use a pool: nothing queues.
// Bounded: one walk over the project's nodes, on first use; `maxSuperclasses` classes up each chain; chains
// of locals `maxHandleSteps` deep; a query function's body `maxNodes` nodes, one call level.

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

    /// Whether the project makes Sequelize instances and every one names the sqlite dialect (memoised).
    func sequelizeIsSQLiteOnly() -> Bool { sqliteFacts().sequelize }

    /// Whether the project makes TypeORM data sources and every one names an SQLite type (memoised).
    func typeormIsSQLiteOnly() -> Bool { sqliteFacts().typeorm }

    /// Both ORMs' answers, from one walk of each file on the scan's threads: whether it makes a connection with
    /// SQLite, and whether it makes one with another or an unknown dialect or type.
    func sqliteFacts() -> (sequelize: Bool, typeorm: Bool) {
        if let known = sqliteOnly { return known }
        let index = functions.index
        let perFile = ParallelMap.map(count: index.files.count, jobs: jobs) { f -> SQLiteUse in
            let sem = index.semantics(FileID(Int32(f)))
            let tree = sem.tree
            var use = SQLiteUse()
            // the `new` and call nodes, found by a byte search per kind (not every node's kind read)
            for n in tree.nodes(ofKind: .new) {
                guard case .new(let callee, _, let args) = tree[n], let x = sem.resolveExport(tree.unwrap(callee)) else { continue }
                if Self.sequelizeModules.contains(x.module), x.path == ["Sequelize"] || x.path == ["default"] || x.path.isEmpty {
                    if self.dialect(of: Array(tree.list(args)), sem) == "sqlite" { use.sequelize = true } else { use.sequelizeOther = true }
                } else if x.module == "typeorm", x.path == ["DataSource"] || x.path == ["Connection"] {
                    use.note(typeorm: tree.list(args).first.flatMap { Self.typeormTypes($0, sem, budget: 8) })
                }
            }
            for n in tree.nodes(ofKind: .call) {
                // most calls are none of these: their name is read before the export is resolved
                guard case .call(let callee, _, let args, _) = tree[n] else { continue }
                let c = tree.unwrap(callee)
                let name: NodeID
                switch tree[c] {
                case .identifier: name = c
                case .member(_, let property, false, _): name = property
                default: continue
                }
                guard tree.kind(name) == .identifier, Self.typeormConnectionCalls.contains(where: { tree.nameIs(name, $0) }),
                      let x = sem.resolveExport(c) else { continue }
                if x.module == "typeorm", x.path == ["createConnection"] || x.path == ["createConnections"] {
                    use.note(typeorm: tree.list(args).first.flatMap { Self.typeormTypes($0, sem, budget: 8) })
                } else if x.module == "@nestjs/typeorm", x.path == ["TypeOrmModule", "forRoot"] || x.path == ["TypeOrmModule", "forRootAsync"] {
                    use.note(typeorm: x.path.last == "forRoot" ? tree.list(args).first.flatMap { Self.typeormTypes($0, sem, budget: 8) } : nil)
                }
            }
            return use
        }
        let sequelize = perFile.contains { $0.sequelize } && !perFile.contains { $0.sequelizeOther }
        let typeorm = perFile.contains { $0.typeorm } && !perFile.contains { $0.typeormOther }
        sqliteOnly = (sequelize, typeorm)
        return (sequelize, typeorm)
    }

    /// The names of the calls that make TypeORM connections (`createConnection`, `TypeOrmModule.forRoot`).
    static let typeormConnectionCalls: [StaticString] = ["createConnection", "createConnections", "forRoot", "forRootAsync"]

    /// TypeORM's drivers that run on one SQLite connection (`better-sqlite3` and `sqljs` on the main thread).
    static let typeormSQLiteTypes: Set<String> = ["sqlite", "better-sqlite3", "sqljs"]

    /// The `type`s a TypeORM options expression can name: an object literal's `type`, through constants, both
    /// branches of a conditional, every element of an array (`createConnections`); nil when any is unknown.
    static func typeormTypes(_ expr: NodeID, _ sem: FileSemantics, budget: Int) -> Set<String>? {
        guard budget > 0 else { return nil }
        let tree = sem.tree
        let e = tree.unwrap(expr)
        switch tree[e] {
        case .objectExpression:
            guard let t = sem.staticMember(of: e, "type"), let s = sem.literalString(tree.unwrap(t)) else { return nil }
            return [s]
        case .conditional(_, let a, let b):
            guard let x = typeormTypes(a, sem, budget: budget - 1), let y = typeormTypes(b, sem, budget: budget - 1) else { return nil }
            return x.union(y)
        case .arrayExpression(let elements):
            var all = Set<String>()
            for el in tree.list(elements) {
                guard let x = typeormTypes(el, sem, budget: budget - 1) else { return nil }
                all.formUnion(x)
            }
            return all
        case .identifier, .member:
            guard let v = sem.valueNode(for: e), v != e else { return nil }
            return typeormTypes(v, sem, budget: budget - 1)
        default:
            return nil
        }
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

/// What one file says about the project's SQLite connections (`AwaitSettlement.sqliteFacts`).
struct SQLiteUse {
    var sequelize = false
    var sequelizeOther = false
    var typeorm = false
    var typeormOther = false

    mutating func note(typeorm types: Set<String>?) {
        guard let types, !types.isEmpty, types.isSubset(of: AwaitSettlement.typeormSQLiteTypes) else {
            typeormOther = true
            return
        }
        typeorm = true
    }
}

extension AwaitSettlement {
    /// Getters of what TypeORM queries through: repositories, the entity manager, query builders.
    static let typeormHandles: Set<String> = [
        "getRepository", "getCustomRepository", "getTreeRepository", "getMongoRepository", "getManager",
        "getConnection", "createQueryBuilder", "withRepository",
    ]
    static let maxHandleSteps = 12

    /// Whether `call` (of `file`) runs a query of the project's TypeORM data sources, when they all use SQLite:
    /// a call on a repository, manager or query builder, or of a project function that awaits only such calls.
    func queuesOnTypeORMSQLite(_ call: NodeID, _ file: FileID) -> Bool {
        guard typeormIsSQLiteOnly() else { return false }
        return isTypeORMQuery(call, file, functionLevels: 1)
    }

    private func isTypeORMQuery(_ call: NodeID, _ file: FileID, functionLevels: Int) -> Bool {
        let sem = functions.index.semantics(file)
        let tree = sem.tree
        guard case .call(let callee, _, _, _) = tree[tree.unwrap(call)] else { return false }
        let c = tree.unwrap(callee)
        if case .member(let object, _, _, _) = tree[c] {
            var steps = Self.maxHandleSteps
            if Self.isTypeORMHandle(object, sem, steps: &steps) { return true }
        }
        guard functionLevels > 0, let fn = functions.index.function(of: c, in: file) else { return false }
        if let known = typeormQueryFunctions[fn] { return known }
        let only = awaitsOnlyTypeORMQueries(fn, functionLevels: functionLevels - 1)
        typeormQueryFunctions[fn] = only
        return only
    }

    /// `repo.createQueryBuilder('r').where(...)`, `getRepository(User)`, `dataSource.manager`, or a constant
    /// local set to one of them.
    static func isTypeORMHandle(_ expr: NodeID, _ sem: FileSemantics, steps: inout Int) -> Bool {
        let tree = sem.tree
        var e = tree.unwrap(expr)
        while steps > 0 {
            steps -= 1
            switch tree[e] {
            case .call(let callee, _, _, _):
                let c = tree.unwrap(callee)
                switch tree[c] {
                case .identifier:
                    return typeormHandles.contains(tree.name(of: c))
                case .member(let object, _, _, _):
                    if let name = sem.memberName(c), typeormHandles.contains(name) { return true }
                    e = tree.unwrap(object)
                default:
                    return false
                }
            case .member:
                return sem.memberName(e) == "manager"
            case .identifier:
                guard let v = sem.valueNode(for: e), v != e, tree.kind(v) == .call || tree.kind(v) == .member else { return false }
                e = tree.unwrap(v)
            default:
                return false
            }
        }
        return false
    }

    /// Whether a function awaits (or returns) at least one TypeORM query and awaits nothing else.
    private func awaitsOnlyTypeORMQueries(_ fn: ProjectNode, functionLevels: Int) -> Bool {
        let sem = functions.index.semantics(fn.file)
        let tree = sem.tree
        guard let info = sem.function(fn.node), let body = info.body, !info.isGenerator else { return false }
        var queries = 0
        var stack = [body]
        var budget = Self.maxNodes
        while let n = stack.popLast() {
            budget -= 1
            if budget <= 0 { return false }
            switch tree[n] {
            case .await(let arg):
                guard isTypeORMQuery(arg, fn.file, functionLevels: functionLevels) else { return false }
                queries += 1
            case .forOfStatement(_, _, _, true), .yield:
                return false
            default:
                break
            }
            if tree.kind(n).isFunction || tree.kind(n) == .classBody { continue }
            tree.forEachChild(of: n) { stack.append($0) }
        }
        return queries > 0
    }
}

extension AwaitSettlement {
    /// The connection a call queues on, whatever its caller does: "sqlite" for a model or repository query of a
    /// project that runs on one SQLite connection; the client for a call through a client that paces its requests
    /// (`PacedClients.swift`).
    func connectionQueue(_ call: NodeID, _ file: FileID) -> String? {
        if queuesOnSQLite(call, file) || queuesOnTypeORMSQLite(call, file) { return "sqlite" }
        if let client = pacedClient(call, file) { return "paced \(client.file.raw):\(client.node.raw)" }
        return nil
    }
}
