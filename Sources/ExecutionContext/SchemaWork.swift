// Functions that manage a database's schema or read a server's version. An application runs them when it
// synchronises or migrates its schema (`createTableQuery`, `changeColumnQuery`, `addConstraint`,
// `loadTables`, `compareDefaultValues` between the models and the database) and when it connects
// (`getVersion`, `_parseVersion`), not per request; what they parse is the schema its own models declare, the DDL the database echoes back and the server's version string,
// not outside input. Named by verb and object, as database libraries name them; the triage ledger's
// regexes in sequelize, typeorm and knex that only ever see such text sit in functions named like this.

public enum SchemaWork {
    static let verbs = ["create", "alter", "drop", "change", "add", "remove", "rename", "describe", "show", "load",
                        "compare"]
    static let objects = ["table", "column", "constraint", "index", "indice", "indexe", "schema", "enum", "database",
                          "foreignkey", "primarykey", "sequence", "view", "trigger", "defaultvalue"]
    static let suffixes = ["query", "sql", "statement", "ddl"]
    static let versionVerbs = ["get", "parse", "check", "detect", "read", "fetch", "load", ""]

    /// Whether a function of this name builds or reads schema DDL, or reads the server's version.
    public static func isSchemaOrVersion(_ name: String) -> Bool {
        var n = Substring(name.lowercased())
        while n.first == "_" { n = n.dropFirst() }
        // knex's `columnInfo()`, `tableInfo`: the catalog's description of a table or column
        if n.hasSuffix("info") {
            var object = n.dropLast("info".count)
            if object.hasSuffix("s") { object = object.dropLast() }
            return objects.contains(String(object))
        }
        // getVersion, _parseVersion, getServerVersion, checkDatabaseVersion
        if n.hasSuffix("version") {
            var head = n.dropLast("version".count)
            var qualified = false
            for q in ["server", "database", "db", "engine"] where head.hasSuffix(q) {
                head = head.dropLast(q.count)
                qualified = true
            }
            // `serverVersion()`, but not a bare `version()`
            return versionVerbs.contains(String(head)) && (qualified || !head.isEmpty)
        }
        guard let verb = verbs.first(where: { n.hasPrefix($0) }) else { return false }
        var rest = n.dropFirst(verb.count)
        for s in suffixes where rest.hasSuffix(s) { rest = rest.dropLast(s.count); break }
        if rest.hasSuffix("s") { rest = rest.dropLast() }
        return objects.contains(String(rest))
    }

    /// Names of the values that hold a schema identifier: a table's, column's or index's name, or an
    /// identifier a query builder quotes (sequelize's `isIdentifierQuoted(identifier)`, typeorm's
    /// `escapePath` of a `tableName`). A database library builds them from the names the application's
    /// models and entities declare, not from what a request sends.
    static let identifierNames: Set<String> = [
        "identifier", "tablename", "columnname", "schemaname", "indexname", "constraintname", "viewname",
        "sequencename",
    ]

    /// Whether a variable or parameter of this name holds a schema identifier (`tableName`, `table_name`).
    public static func isIdentifierName(_ name: String) -> Bool {
        identifierNames.contains(String(name.lowercased().filter { $0 != "_" }))
    }
}
