// What a call's name and arguments say about the order it needs: reads, writes to shared state,
// delays and rate limits, locks, transactions and connections. The vocabulary is the leading verb of
// the camelCase name (`getUser` -> get, `insertMany` -> insert) and, for query calls, the leading
// SQL keyword of a literal statement. A name that says nothing either way is `unknown`, which the
// rules treat like a write of the receiver and of the objects passed.

import ExecutionModel
import JSSyntax

extension SerialAwait {
    static let readingVerbs: Set<String> = [
        "get", "find", "fetch", "load", "list", "count", "read", "search", "select", "lookup", "resolve",
        "exists", "has", "is", "does", "are", "can", "check", "retrieve", "describe", "stat", "lstat", "scan", "aggregate",
        "download", "head", "compute", "calculate", "render", "parse", "access", "collection", "model",
        "table", "from", "doc", "ref", "where", "include", "populate", "lean", "text", "blob", "array",
        "verify", "validate", "estimate", "sum", "distinct", "explain", "peek", "match", "filter", "fetchAll",
        // logging and pure value methods (strings, arrays, dates)
        "log", "info", "debug", "warn", "error", "trace", "trim", "to", "slice", "split", "join", "map",
        "reduce", "concat", "includes", "index", "starts", "ends", "pad", "at", "flat", "some", "every", "keys",
        "values", "entries", "char", "substring", "substr", "locale", "normalize", "repeat", "value", "encode",
        "decode", "stringify", "format", "hash", "sign",
    ]

    static let mutatingVerbs: Set<String> = [
        "set", "put", "save", "update", "upsert", "insert", "delete", "del", "remove", "destroy", "write",
        "append", "send", "publish", "emit", "push", "create", "add", "incr", "increment", "decr", "decrement",
        "patch", "post", "unlink", "rm", "rmdir", "mkdir", "rename", "copy", "move", "replace", "store",
        "enqueue", "dispatch", "notify", "track", "commit", "rollback", "begin", "clear", "reset", "flush",
        "mark", "register", "subscribe", "unsubscribe", "ack", "charge", "pay", "transfer", "refund", "reserve",
        "claim", "lock", "unlock", "acquire", "release", "invalidate", "evict", "expire", "persist", "sync",
        "upload", "trigger", "submit", "approve", "cancel", "close", "end", "kill", "stop", "start", "open",
        "connect", "disconnect", "init", "initialize", "migrate", "seed", "truncate", "drop", "alter", "grant",
        "revoke", "assign", "attach", "detach", "link", "merge", "archive", "restore", "shift", "pop",
        "unshift", "splice", "exec", "execute", "run", "apply", "process", "handle", "bulk", "batch", "import",
        "cleanup", "purge", "prune", "wipe",
    ]
    /// `clean` alone often sanitises a value (`clean(s)`, `cleanInput(s)`); followed by what it removes, it
    /// deletes stored state (`cleanExpiredSessions`, `cleanOldJobs`, `cleanUp`).
    static let cleanedObjects: Set<String> = [
        "expired", "old", "stale", "up", "dead", "orphaned", "orphans", "inactive", "unused", "outdated", "deleted",
    ]

    static let delayVerbs: Set<String> = ["sleep", "delay", "wait", "pause", "backoff", "throttle", "debounce"]
    static let delayNames: Set<String> = ["setTimeout", "setImmediate", "nextTick", "timeout", "rateLimit", "yieldToLoop"]
    static let lockVerbs: Set<String> = ["lock", "unlock", "acquire", "release", "synchronized"]
    static let lockNames: Set<String> = ["runExclusive", "withLock", "runWithLock", "mutex", "semaphore"]
    static let transactionVerbs: Set<String> = ["begin", "commit", "rollback", "transaction", "savepoint"]
    static let transactionNames: Set<String> = [
        "startTransaction", "withTransaction", "startSession", "abortTransaction", "commitTransaction",
        "$transaction", "transacting", "useTransaction",
    ]
    /// Names that hold a transaction, a session or one connection in the code we have read.
    static let transactionObjects: Set<String> = ["trx", "tx", "transaction", "session", "tran", "txn"]
    static let connectionObjects: Set<String> = ["conn", "connection", "trx", "tx", "transaction", "session", "txn", "queryRunner"]
    /// Functions a caller hands in to be told the work is done (a callback, a promise executor's `resolve`, a
    /// middleware's `next`): called after the work, they must not run before it ends.
    static let completionSignals: Set<String> = ["callback", "cb", "done", "resolve", "reject", "next"]

    /// Collection names a key-value store's API puts before its verb (NodeBB's `db.sortedSetCard`,
    /// `db.listAppend`, `db.setCount`; redis-style helpers).
    static let collectionNouns: Set<String> = ["sorted", "set", "sets", "list", "lists", "object", "objects", "hash", "hashes"]
    /// Verbs of such APIs that read (redis's ZCARD, ZSCORE, ZRANK, ZRANGE, SMEMBERS, LLEN, ...).
    static let collectionReads: Set<String> = [
        "card", "score", "scores", "rank", "range", "members", "member", "len", "length", "size", "count", "exists",
        "get", "is", "has", "union", "intersect", "diff", "scan",
    ]
    /// Collection nouns that are verbs as well, with the store verbs that make them nouns (`listAppend`,
    /// `setAdd`, `setCount`; not `listOpen` or `setOwner`).
    static let verbNouns: [String: Set<String>] = [
        "list": ["append", "prepend", "trim", "push", "pop", "range", "len", "length", "remove", "rem", "insert", "index"],
        "set": ["add", "remove", "rem", "count", "members", "member", "card", "move", "pop", "is"],
    ]
    /// Verbs of such APIs that write (LTRIM, LPUSH/RPUSH, ZINCRBY, ZREM, ...).
    static let collectionWrites: Set<String> = ["trim", "prepend", "incr", "incrby", "rem", "pop", "move"]

    /// The verb after a store's collection nouns (`sortedSetCard` -> reads, `listAppend` -> writes), or nil
    /// when the name does not start with one or no known verb follows (`setObject` keeps `set`).
    static func collectionVerb(_ name: String) -> Verb? {
        let words = camelWords(name)
        guard words.count >= 2, collectionNouns.contains(words[0]) else { return nil }
        // `list` and `set` are verbs too (`listOpen`, `setOwner`): a collection only before a store's own verb
        if let storeVerbs = verbNouns[words[0]], !storeVerbs.contains(words[1]) { return nil }
        var k = 0
        while k < words.count - 1, collectionNouns.contains(words[k]) { k += 1 }
        let w = words[k]
        if collectionNouns.contains(w) { return nil }
        if collectionWrites.contains(w) || mutatingVerbs.contains(w) { return .mutating }
        if collectionReads.contains(w) || readingVerbs.contains(w) { return .reading }
        return nil
    }

    /// Whether a camelCase name joins a later write to its verb: `findOneAndUpdate`, `findAndModify`,
    /// `getOrCreate`, `findByIdAndRemove`.
    static func writesAfterConjunction(_ name: String) -> Bool {
        // an ASCII name without "and" or "or" in any case has no such word (the words are its lowercased parts)
        var name = name
        if name.withUTF8({ !mentionsConjunction($0) }) { return false }
        let words = camelWords(name)
        for k in words.indices.dropFirst() where (words[k] == "and" || words[k] == "or") && k + 1 < words.count {
            if mutatingVerbs.contains(words[k + 1]) || words[k + 1] == "modify" { return true }
        }
        return false
    }

    /// Whether an ASCII name holds "and" or "or" in any case; true for any other name (it is split into
    /// words to know).
    static func mentionsConjunction(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for byte in utf8 {
            if byte >= 0x80 { return true }
            let b = byte | 0x20  // lower case for letters
            if b == 0x72 && previous == 0x6F { return true }  // "or"
            if b == 0x64 && previous == 0x6E && beforePrevious == 0x61 { return true }  // "and"
            beforePrevious = previous
            previous = b
        }
        return false
    }

    /// `getUserById` -> "get", `$transaction` -> "transaction", `HTTPGet` -> "httpget".
    static func leadingVerb(_ name: String) -> String {
        var name = name
        if let ascii = name.withUTF8({ asciiLeadingVerb($0) }) { return ascii }
        var out = ""
        var started = false
        for ch in name.unicodeScalars {
            if ch == "$" || ch == "_" {
                if started { break }
                continue
            }
            let isUpper = ch.properties.isUppercase
            if started, isUpper, !out.allSatisfy({ $0.isUppercase }) { break }
            if !ch.properties.isAlphabetic { break }
            out.unicodeScalars.append(ch)
            started = true
        }
        return out.lowercased()
    }

    /// `leadingVerb` of an ASCII name on its bytes (Unicode property look-ups per character were ~1% of a
    /// scan); nil for other names, which take the general path.
    private static func asciiLeadingVerb(_ name: UnsafeBufferPointer<UInt8>) -> String? {
        guard name.allSatisfy({ $0 < 0x80 }) else { return nil }
        var out: [UInt8] = []
        var allUpper = true
        for b in name {
            if b == 0x24 || b == 0x5F {  // $ _
                if !out.isEmpty { break }
                continue
            }
            let isUpper = b >= 0x41 && b <= 0x5A
            if !out.isEmpty, isUpper, !allUpper { break }
            guard isUpper || (b >= 0x61 && b <= 0x7A) else { break }
            if !isUpper { allUpper = false }
            out.append(isUpper ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The leading SQL keyword of a statement text, upper-cased; with `capitalsOnly`, only when it is written
    /// in capitals (`"BEGIN"`, not a column name `"start"`).
    static func sqlKeyword(_ text: String, capitalsOnly: Bool = false) -> String? {
        // most texts handed to calls are keys, names and messages: their bytes tell that they start with no
        // keyword without going through their characters
        var text = text
        if text.withUTF8({ startsWithNoKeyword($0) }) { return nil }
        return sqlKeywordOfCharacters(text, capitalsOnly: capitalsOnly)
    }

    /// `sqlKeyword` read character by character.
    static func sqlKeywordOfCharacters(_ text: String, capitalsOnly: Bool) -> String? {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" || $0 == "\r" }
        let word = trimmed.prefix { $0.isLetter }
        guard !word.isEmpty else { return nil }
        // a statement's first word ends the text or is followed by a space or `;` (not `start_time`, `set-cookie`)
        if let next = trimmed.dropFirst(word.count).first, !(next == " " || next == "\n" || next == "\t" || next == "\r" || next == ";") {
            return nil
        }
        let up = word.uppercased()
        if capitalsOnly, word != up { return nil }
        return sqlKeywords.contains(up) ? up : nil
    }

    /// Whether `sqlKeyword` is nil for a text, told from its bytes: after the leading spaces, tabs, newlines
    /// and `(`, an ASCII byte that is no letter, or a run of ASCII letters longer than any keyword or followed
    /// by an ASCII byte other than a space, tab, newline or `;`. False whenever the characters must decide
    /// (a carriage return, whose `\r\n` is one character; a byte above 0x7F, which may be a letter or a mark).
    static func startsWithNoKeyword(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = utf8.count
        while i < n, utf8[i] == 0x20 || utf8[i] == 0x0A || utf8[i] == 0x09 || utf8[i] == 0x28 { i += 1 }
        guard i < n else { return true }  // no word
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        let first = utf8[i]
        if first >= 0x80 || first == 0x0D { return false }
        guard isLetter(first) else { return true }
        var j = i
        while j < n, isLetter(utf8[j]) { j += 1 }
        let longest = 9  // SAVEPOINT
        guard j < n else { return j - i > longest }
        let next = utf8[j]
        if next >= 0x80 || next == 0x0D { return false }
        if next == 0x20 || next == 0x0A || next == 0x09 || next == 0x3B { return j - i > longest }
        return true  // the word runs into another character: no statement's first word
    }

    static let sqlKeywords: Set<String> = [
        "SELECT", "WITH", "SHOW", "EXPLAIN", "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "UPSERT",
        "CREATE", "DROP", "ALTER", "TRUNCATE", "GRANT", "CALL", "EXEC", "SET", "LOCK", "BEGIN", "START",
        "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "VALUES",
    ]
    /// Methods that run a statement they are handed (`db.query(sql)`, `knex.raw(...)`, pg-promise's `oneOrNone`).
    static let queryRunnerNames: Set<String> = [
        "query", "execute", "exec", "run", "all", "get", "raw", "sql", "one", "many", "any", "none", "oneOrNone",
        "manyOrNone", "result", "first",
    ]
    static let transactionKeywords: Set<String> = ["BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "LOCK", "RELEASE"]
    static let promiseCombinators: Set<String> = ["all", "allSettled", "race", "any", "resolve", "reject"]

    /// What a call's name says by itself, whatever its receiver and arguments: the look-ups `describeCall`
    /// makes of the name and of its leading verb. The same names are called throughout a file, so
    /// `FileModels` works this out once per distinct name (`callName(of:)`) instead of once per call.
    struct CallName {
        /// What the leading verb says (`readingVerbs`, `mutatingVerbs`, `clean` before what it removes).
        var verb: Verb
        /// `findOneAndUpdate`, `getOrCreate`: a read that also writes (`writesAfterConjunction`).
        var writesAfterConjunction: Bool
        /// `sortedSetCard`, `listAppend`: a store's collection, then what is done to it (`collectionVerb`);
        /// nil unless the leading verb is a collection noun.
        var collectionVerb: Verb?
        var flags: Flags

        struct Flags: OptionSet {
            let rawValue: UInt16
            /// leading verb "process"
            static let process = Flags(rawValue: 1 << 0)
            /// leading verb "create"
            static let create = Flags(rawValue: 1 << 1)
            /// leading verb "log", "audit" or "record"
            static let logs = Flags(rawValue: 1 << 2)
            /// leading verb "query"
            static let query = Flags(rawValue: 1 << 3)
            /// `queryRunnerNames`, `$queryRaw...`, `$executeRaw...`
            static let runsQuery = Flags(rawValue: 1 << 4)
            /// `sql` or `SQL`
            static let sqlTag = Flags(rawValue: 1 << 5)
            /// `$queryRaw...`
            static let queryRaw = Flags(rawValue: 1 << 6)
            /// `post`
            static let post = Flags(rawValue: 1 << 7)
            /// `promiseCombinators`
            static let promiseCombinator = Flags(rawValue: 1 << 8)
            /// `delayVerbs` (leading verb) or `delayNames`
            static let delay = Flags(rawValue: 1 << 9)
            /// `lockVerbs` (leading verb) or `lockNames`
            static let lock = Flags(rawValue: 1 << 10)
            /// `transactionVerbs` (leading verb) or `transactionNames`
            static let transaction = Flags(rawValue: 1 << 11)
        }

        init(_ name: String) {
            let verbWord = SerialAwait.leadingVerb(name)
            if SerialAwait.readingVerbs.contains(verbWord) {
                verb = .reading
            } else if SerialAwait.mutatingVerbs.contains(verbWord) {
                verb = .mutating
            } else if verbWord == "clean", let second = SerialAwait.camelWords(name).dropFirst().first,
                      SerialAwait.cleanedObjects.contains(second) {
                verb = .mutating
            } else {
                verb = .unknown
            }
            writesAfterConjunction = SerialAwait.writesAfterConjunction(name)
            collectionVerb = SerialAwait.collectionNouns.contains(verbWord) ? SerialAwait.collectionVerb(name) : nil
            var f: Flags = []
            if verbWord == "process" { f.insert(.process) }
            if verbWord == "create" { f.insert(.create) }
            if ["log", "audit", "record"].contains(verbWord) { f.insert(.logs) }
            if verbWord == "query" { f.insert(.query) }
            if SerialAwait.queryRunnerNames.contains(name) || name.hasPrefix("$queryRaw") || name.hasPrefix("$executeRaw") {
                f.insert(.runsQuery)
            }
            if name == "sql" || name == "SQL" { f.insert(.sqlTag) }
            if name.hasPrefix("$queryRaw") { f.insert(.queryRaw) }
            if name == "post" { f.insert(.post) }
            if SerialAwait.promiseCombinators.contains(name) { f.insert(.promiseCombinator) }
            if SerialAwait.delayVerbs.contains(verbWord) || SerialAwait.delayNames.contains(name) { f.insert(.delay) }
            if SerialAwait.lockVerbs.contains(verbWord) || SerialAwait.lockNames.contains(name) { f.insert(.lock) }
            if SerialAwait.transactionVerbs.contains(verbWord) || SerialAwait.transactionNames.contains(name) {
                f.insert(.transaction)
            }
            flags = f
        }
    }

    static func describeCall(_ node: NodeID, name: String, callee: NodeID, arguments: [NodeID], _ tree: SyntaxTree)
        -> Call
    {
        describeCall(node, name: name, CallName(name), callee: callee, arguments: arguments, tree)
    }

    /// What the root name of a call's receiver says (`describeCall`): the words of `baseWords` it holds,
    /// whether one of its camelCase words starts with "lock", whether it names a transaction. Worked out
    /// once per distinct name of a file (`FileModels.callBase(of:_:)`).
    struct CallBase {
        /// Bit `BaseWord.rawValue` set for each word of `baseWords` the name holds (lower-cased).
        var found: UInt64
        /// `lock`, `redisLock`, `locker`: one of its words starts with "lock" (not `blocks`, `clock`).
        var namesLock: Bool
        /// `transactionObjects`
        var isTransactionObject: Bool

        init(_ rawBase: String) {
            found = rawBase.isEmpty ? 0 : TextSearch.lowercasedMatches(rawBase, SerialAwait.baseWords)
            namesLock = found & (1 << UInt64(BaseWord.lock.rawValue)) != 0
                && SerialAwait.camelWords(rawBase).contains { $0.hasPrefix("lock") }
            isTransactionObject = SerialAwait.transactionObjects.contains(rawBase)
        }
    }

    /// The variable or `this` at the bottom of a member/call chain (the node `basePath` names); nil past 64
    /// links or at anything else.
    static func baseNode(_ node: NodeID, _ tree: SyntaxTree) -> NodeID? {
        var n = tree.unwrap(node)
        var steps = 0
        while steps < 64 {
            steps += 1
            switch tree[n] {
            case .identifier, .thisExpression: return n
            case .member(let object, _, _, _): n = tree.unwrap(object)
            case .call(let callee, _, _, _): n = tree.unwrap(callee)
            default: return nil
            }
        }
        return nil
    }

    /// The variable and property paths whose values a nested object literal holds (its property values and
    /// spreads, objects inside it to `depth` levels): `req.body` and `req.params.id` in
    /// `{ ...req.body, id: req.params.id }`.
    static func nestedPaths(_ node: NodeID, depth: Int, into paths: inout [Path], aliases: inout [NodeID], _ tree: SyntaxTree) {
        guard depth > 0 else { return }
        let values: [NodeID]
        switch tree[tree.unwrap(node)] {
        case .objectExpression(let properties):
            values = tree.list(properties).compactMap { p in
                switch tree[p] {
                case .property(_, let v, _, _): return v
                case .spreadElement(let e): return e
                default: return nil
                }
            }
        case .arrayExpression(let elements):
            values = tree.list(elements).map { tree.unwrap(spreadArgument($0, tree)) }
        default:
            return
        }
        for value in values.prefix(64) {
            let v = tree.unwrap(value)
            if let vp = path(v, tree) {
                paths.append(vp)
                if tree.kind(v) == .identifier { aliases.append(v) }
            } else {
                nestedPaths(v, depth: depth - 1, into: &paths, aliases: &aliases, tree)
            }
        }
    }

    /// What the locals among a call's arguments stand for (`models` given: the file's semantic model): a
    /// constant set to a property path (`const id = req.params.id`, `const { add } = req.validatedBody`) stands
    /// for that path, one set to an object or array literal for the paths it holds; one step, at most 16.
    static func aliasedPaths(_ locals: [NodeID], _ tree: SyntaxTree, _ models: FileModels) -> [Path] {
        let sem = models.semantic
        var out: [Path] = []
        for local in locals.prefix(16) {
            guard let b = sem.binding(for: local), let v = sem.constantValue(of: b) else { continue }
            let e = tree.unwrap(v.expression)
            if var p = path(e, tree) {
                if tree.kind(e) == .call { continue }
                p.props += v.path
                out.append(p)
            } else if v.path.isEmpty {
                var none: [NodeID] = []
                nestedPaths(e, depth: 2, into: &out, aliases: &none, tree)
            }
        }
        return out
    }

    /// `describeCall` with what the name says worked out already (`CallName(name)`); with `models`, what the
    /// receiver's name says is taken from the file's table.
    static func describeCall(_ node: NodeID, name: String, _ said: CallName, callee: NodeID, arguments: [NodeID],
                             _ tree: SyntaxTree, models: FileModels? = nil) -> Call
    {
        var argRoots: [String] = []
        var argPaths: [Path] = []
        // locals handed over (an argument, or a value in an options object): what they stand for is handed over too
        var aliases: [NodeID] = []
        var keys: [String] = []
        var sql: String?
        var namesTransaction = false
        var httpMethod: String?
        for a in arguments {
            let arg = tree.unwrap(spreadArgument(a, tree))
            if let p = path(arg, tree) {
                argRoots.append(p.root)
                argPaths.append(p)
                if tree.kind(arg) == .identifier { aliases.append(arg) }
                // the transaction itself handed over (`trx`, `{ session }`); a property of a `session`
                // (`getUser(session.user.id)`, a login session's user) is a value like any other
                if transactionObjects.contains(p.root), p.props.isEmpty { namesTransaction = true }
            }
            switch tree[arg] {
            case .stringLiteral:
                let v = tree.stringValue(of: arg)
                keys.append(v)
                if sql == nil { sql = v }
                // a method starts with one of these capitals: any other text names none (its first
                // character is not one of theirs)
                if let first = v.utf8.first, first == 0x47 || first == 0x48 || first == 0x4F || first == 0x50 || first == 0x44 {
                    let word = v.prefix { $0.isLetter }
                    if word.count < v.count, v.dropFirst(word.count).first == " ",
                       ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"].contains(String(word))
                    {
                        httpMethod = String(word)
                    }
                }
            case .templateLiteral(let quasis, _):
                let head = tree.list(quasis).first.map { tree.stringValue(of: $0) } ?? ""
                if sql == nil { sql = head }
            case .taggedTemplate(_, _, let quasi):
                // a statement built by a tag and handed over: `db.execute(sql`select ...`)` (drizzle, sql-template-strings)
                if sql == nil, case .templateLiteral(let quasis, _) = tree[quasi] {
                    sql = tree.list(quasis).first.map { tree.stringValue(of: $0) }
                }
            case .objectExpression(let properties):
                for p in tree.list(properties) {
                    guard case .property(let key, let value, _, _) = tree[p] else {
                        // `{ ...req.body }`: what the spread copies is handed over too
                        if case .spreadElement(let e) = tree[p], let vp = path(tree.unwrap(e), tree) { argPaths.append(vp) }
                        continue
                    }
                    let keyName = tree.kind(key) == .identifier ? tree.name(of: key) : tree.stringValue(of: key)
                    if transactionObjects.contains(keyName) || keyName == "lock" { namesTransaction = true }
                    if let vp = path(tree.unwrap(value), tree) {
                        argRoots.append(vp.root)
                        argPaths.append(vp)
                        if tree.kind(tree.unwrap(value)) == .identifier { aliases.append(tree.unwrap(value)) }
                        if transactionObjects.contains(vp.root), vp.props.isEmpty { namesTransaction = true }
                    } else if tree.kind(value) == .stringLiteral {
                        let v = tree.stringValue(of: value)
                        keys.append(v)
                        if keyName == "method" { httpMethod = v.uppercased() }
                    } else {
                        // a nested object (`{ input: { id: req.params.id } }`, a workflow's or an ORM's options):
                        // the values it holds are handed over as well
                        nestedPaths(value, depth: 3, into: &argPaths, aliases: &aliases, tree)
                    }
                }
            default: break
            }
        }
        // sql`...` tagged templates: the statement is the template.
        if case .taggedTemplate(_, _, let quasi) = tree[node], case .templateLiteral(let quasis, _) = tree[quasi] {
            sql = tree.list(quasis).first.map { tree.stringValue(of: $0) }
        }
        let baseAt = baseNode(callee, tree)
        // `basePath(callee, tree)?.root`
        let base = baseAt.map { tree.kind($0) == .thisExpression ? "this" : tree.name(of: $0) }
        let hasReceiver: Bool = {
            if case .member = tree[callee] { return true }
            return false
        }()
        // the leading verb's reading or writing (`CallName.verb`)
        var verb = said.verb
        // `batch.processSortedSet(key, async (ids) => { ... })`: a driver that hands what it reads to a callback
        // written in place; what is done to the items is the callback's own calls and writes (walked as nested)
        if said.flags.contains(.process), arguments.contains(where: { tree.kind(tree.unwrap($0)).isFunction }) { verb = .reading }
        // `findOneAndUpdate`, `findByIdAndDelete`, `getOrCreate`: a read that also writes
        if verb == .reading, said.writesAfterConjunction { verb = .mutating }
        // `sortedSetCard`, `listAppend`, `setCount`: a key-value store's collection, then what is done to it
        if let v = said.collectionVerb { verb = v }
        if let method = httpMethod {
            verb = ["GET", "HEAD", "OPTIONS"].contains(method) ? .reading : .mutating
        }
        // A POST to an endpoint that names a read (`got.post(`${API}/launches/query`)`, Elasticsearch's
        // `_search`) sends a question in its body; it changes nothing
        if verb == .mutating, said.flags.contains(.post) || httpMethod == "POST", let url = arguments.first,
           urlNamesRead(tree.unwrap(url), tree) {
            verb = .reading
        }
        // `Promise.all([...])` and its kin only combine the calls inside them (which have facts of their own)
        if hasReceiver, base == "Promise", said.flags.contains(.promiseCombinator) {
            verb = .reading
        }
        // A factory called for its value and not awaited (`const countQuery = createTracesQuery(...)`) makes
        // something new; it is no write of a store (`await createUser(...)` still is).
        if verb == .mutating, said.flags.contains(.create), let p = tree.parent(node), tree.kind(p) == .variableDeclarator {
            verb = .unknown
        }
        // An awaited log (`await events.log(...)`, `await logGroupEvent(...)`) writes an audit record of what
        // came before: it must follow it (and not be written when it failed).
        if said.flags.contains(.logs), let p = tree.parent(node), tree.kind(p) == .await {
            verb = .mutating
        }
        let runsQuery = said.flags.contains(.runsQuery) || tree.kind(node) == .taggedTemplate
        // a string handed to any other call is a statement only when written as SQL is, in capitals
        // (`logger.info("start", ...)` and `step("commit")` are not transaction steps)
        let keyword = sql.flatMap { sqlKeyword($0, capitalsOnly: !runsQuery) }
        if let keyword, runsQuery {
            verb = ["SELECT", "WITH", "SHOW", "EXPLAIN", "VALUES"].contains(keyword) ? .reading : .mutating
        } else if tree.kind(node) == .taggedTemplate, said.flags.contains(.sqlTag) {
            // a fragment of a statement (`Prisma.sql`count(*)``, `sql`AND ${cond}``): built, not run
            verb = .reading
        } else if said.flags.contains(.queryRaw) {
            // Prisma's raw API says in its name what a statement it cannot see does: `$queryRaw` returns rows
            // (`$executeRaw`, a count of changed rows, leads with the mutating verb "execute")
            verb = .reading
        } else if said.flags.contains(.query) {
            verb = .unknown
        }
        if let models, !aliases.isEmpty { argPaths += aliasedPaths(aliases, tree, models) }
        var call = Call(node: node, name: name, base: hasReceiver ? base : nil, argRoots: argRoots, argPaths: argPaths, keys: keys,
                        verb: verb)
        let rawBase = base ?? ""
        // the receiver's words that say it paces, locks or serialises (`baseWords`), searched at once
        let baseSaid = models?.callBase(of: baseAt, rawBase) ?? CallBase(rawBase)
        let baseFound = baseSaid.found
        func baseContains(_ word: BaseWord) -> Bool { baseFound & (1 << UInt64(word.rawValue)) != 0 }
        call.isDelay = said.flags.contains(.delay) || baseContains(.limiter)
            || baseContains(.throttle) || baseContains(.ratelimit) || baseContains(.bottleneck)
        if case .new = tree[node], name.isEmpty, tree.kind(callee) == .identifier, tree.nameIs(callee, "Promise") {
            call.isDelay = containsCall(named: "setTimeout", in: node, tree)
        }
        // a receiver named as a lock: one of its words starts with "lock" (`lock`, `redisLock`, `locker`), not
        // any name holding the letters (`blocks.includes(uid)`, `clock.now()`)
        let baseNamesLock = baseSaid.namesLock
        call.isLock = said.flags.contains(.lock) || baseContains(.mutex)
            || baseNamesLock || baseContains(.semaphore)
        call.isTransaction = said.flags.contains(.transaction) || namesTransaction
            || (hasReceiver && baseSaid.isTransactionObject)
            || transactionKeywords.contains(keyword ?? "")
            || (sql.map { TextSearch.uppercasedContains($0, "FOR UPDATE") } ?? false)
        return call
    }

    /// Words a call's receiver may hold (lower-cased) that make the call a delay or a lock.
    enum BaseWord: Int, CaseIterable { case limiter, throttle, ratelimit, bottleneck, lock, mutex, semaphore }
    static let baseWords = BaseWord.allCases.map { "\($0)" }

    /// Last path segments of endpoints that answer a question sent in a POST body: `/launches/query`,
    /// `/posts/_search`, `/_msearch`, `/users/findMany`.
    static let readingEndpoints: Set<String> = [
        "query", "search", "msearch", "find", "count", "lookup", "list", "get", "mget", "read", "select", "fetch",
        "aggregate",
    ]

    /// Whether a URL written in place (a string, or a template whose text after its last substitution holds
    /// the path's last segment) ends in a segment that names a read (`readingEndpoints`, by its leading verb).
    static func urlNamesRead(_ url: NodeID, _ tree: SyntaxTree) -> Bool {
        let text: String
        switch tree[url] {
        case .stringLiteral:
            text = tree.stringValue(of: url)
        case .templateLiteral(let quasis, _):
            guard let tail = tree.list(quasis).last else { return false }
            text = tree.stringValue(of: tail)
        default:
            return false
        }
        var path = Substring(text)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        while path.last == "/" { path = path.dropLast() }
        // the segment must be one the text shows whole: `/query`, not the tail of `${name}query`
        guard let slash = path.lastIndex(of: "/") else { return false }
        let segment = path[path.index(after: slash)...].drop { $0 == "_" }
        guard !segment.isEmpty else { return false }
        return readingEndpoints.contains(leadingVerb(String(segment)))
    }

    static func containsCall(named name: String, in node: NodeID, _ tree: SyntaxTree) -> Bool {
        var found = false
        var budget = 10_000
        func visit(_ n: NodeID) {
            if found || budget <= 0 { return }
            budget -= 1
            if case .call(let callee, _, _, _) = tree[n] {
                let c = tree.unwrap(callee)
                if tree.kind(c) == .identifier, tree.name(of: c) == name { found = true }
                if case .member(_, let property, false, _) = tree[c], tree.name(of: property) == name { found = true }
            }
            tree.forEachChild(of: n) { visit($0) }
        }
        visit(node)
        return found
    }

    /// Whether two calls must keep their order: a barrier on either side, two writes, or a write
    /// and another call on the same receiver, argument or key.
    static func orderMatters(_ a: Call, _ b: Call, connections: Set<String>) -> Bool {
        if a.isDelay || b.isDelay || a.isLock || b.isLock || a.isTransaction || b.isTransaction { return true }
        // the later call ends a resource (`await page.evaluate(fn)` then `await browser.close()`) or signals
        // completion (`.then(() => callback())`, `.then(() => resolve())`)
        // (the methods that end an object's work, as listener-leak knows them: `ListenerLeakEmitterRule.teardownNames`)
        if b.base != nil, ListenerLeakEmitterRule.teardownNames.contains(b.name) { return true }
        if b.base == nil, completionSignals.contains(b.name) { return true }
        if a.verb == .mutating && b.verb == .mutating { return true }
        // a read named for reading again (`refetchCustomer(id)` after `deleteAddress.run(...)`): it is there
        // to see what the write before it changed
        if a.verb == .mutating, b.name.hasPrefix("re"), rereadVerbs.contains(leadingVerb(b.name)) { return true }
        let sharedBase = a.base != nil && a.base == b.base
        if sharedBase, let base = a.base, connections.contains(base) { return true }
        // one call made on a connection, the other handed it (`queryRunner.manager.findBy(...)` then
        // `roleService.readRole(name, queryRunner)`): both run on that connection
        if let base = a.base, connections.contains(base), b.argRoots.contains(base) { return true }
        if let base = b.base, connections.contains(base), a.argRoots.contains(base) { return true }
        if a.verb == .mutating || b.verb == .mutating {
            if sharedBase { return true }
            let aRoots = Set(a.argRoots + (a.base.map { [$0] } ?? []))
            let bRoots = Set(b.argRoots + (b.base.map { [$0] } ?? []))
            if !aRoots.isDisjoint(with: bRoots) { return true }
            if !Set(a.keys).isDisjoint(with: Set(b.keys)) { return true }
            // the same value handed to both, at any depth of an options object: an entity written by one
            // (`workflow.run({ input: { id: req.params.id } })`), then read back by the other
            // (`refetchCart(req.params.id)`)
            if a.argPaths.contains(where: b.argPaths.contains) { return true }
        }
        return false
    }
}

extension SerialAwait {
    /// Leading verbs of reads made again after a change (`refetchCart`, `reloadUser`).
    static let rereadVerbs: Set<String> = ["refetch", "reload", "reread", "requery"]

    /// Leading verbs of calls that send a message (`sendInfo(socket)`, `emitStatus(io)`, `broadcastList(room)`):
    /// their names say they write, and the sequential rule may take them as reads when the project model shows
    /// that their functions only read and emit events (`AwaitedCalls.emitOnly`).
    static let messagingVerbs: Set<String> = ["send", "emit", "broadcast"]

    /// Whether a call's name says it sends a message (`messagingVerbs`) and nothing else marks it (a delay, a
    /// lock, a transaction).
    static func isMessagingCall(_ call: Call) -> Bool {
        call.verb == .mutating && !call.isDelay && !call.isLock && !call.isTransaction
            && messagingVerbs.contains(leadingVerb(call.name))
    }

    /// The parts `describeCall` reads of a call, `new` or tagged template: its callee (unwrapped), its
    /// arguments (a tagged template's one is its template), and the name it is called by (`x.name(...)`,
    /// `name(...)`; "" otherwise) with the node naming it. Nil for any other node.
    static func callParts(_ tree: SyntaxTree, _ node: NodeID) -> (callee: NodeID, arguments: [NodeID], name: String, nameNode: NodeID?)? {
        var callee: NodeID, arguments: [NodeID]
        switch tree[node] {
        case .call(let c, _, let args, _), .new(let c, _, let args):
            callee = c
            arguments = Array(tree.list(args))
        case .taggedTemplate(let tag, _, let quasi):
            callee = tag
            arguments = [quasi]
        default:
            return nil
        }
        callee = tree.unwrap(callee)
        switch tree[callee] {
        case .member(_, let property, false, _): return (callee, arguments, tree.name(of: property), property)
        case .identifier: return (callee, arguments, tree.name(of: callee), callee)
        default: return (callee, arguments, "", nil)
        }
    }

    /// What a call, `new` or tagged template says it does by its name and arguments (`describeCall`), for the
    /// project model's read-and-emit check: a delay, a lock or a transaction step writes.
    static func callSays(_ tree: SyntaxTree, _ node: NodeID) -> CallSays {
        guard let parts = callParts(tree, node) else { return .unknown }
        let call = describeCall(node, name: parts.name, callee: parts.callee, arguments: parts.arguments, tree)
        if call.isDelay || call.isLock || call.isTransaction { return .writes }
        switch call.verb {
        case .reading: return .reads
        case .mutating: return .writes
        case .unknown: return .unknown
        }
    }
}
