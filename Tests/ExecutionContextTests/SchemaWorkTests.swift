// Names of schema-management and version-reading functions (SchemaWork), as database libraries write them.

import ExecutionContext
import Testing

@Suite struct SchemaWorkTests {
    @Test(arguments: ["createTableQuery", "changeColumnQuery", "addConstraint", "loadTables", "_parseVersion",
                      "getVersion", "parseVersion", "checkVersion", "getServerVersion", "describeTable", "dropIndexes",
                      "removeColumn", "addForeignKey", "showIndexesQuery", "createEnumSql", "compareDefaultValues"])
    func schemaAndVersionWork(_ name: String) {
        #expect(SchemaWork.isSchemaOrVersion(name))
    }

    @Test(arguments: ["selectQuery", "insertQuery", "findAll", "getTable", "createUser", "addUser", "loadUser",
                      "version", "setVersion", "bumpVersion", "showProfile", "parse", "createTableRow", "tables", "table",
                      "compareValues", "compareUsers", "defaultValue"])
    func otherWork(_ name: String) {
        #expect(!SchemaWork.isSchemaOrVersion(name))
    }
}
