// GENERATED from rules/**/*.md by RuleCatalogLoader.renderSwiftCatalog. Do not edit by hand:
// edit the rule pages and run `make generate` (a test fails while this is stale).

import Diagnostics

extension RuleCatalog {
    public static let entries: [RuleCatalogEntry] = [
        RuleCatalogEntry(
            id: "blocking/atomics-wait",
            category: "blocking",
            severity: .warning,
            summary: "Atomics.wait on the path of a request handler stops the event loop",
            fixDescription: "use Atomics.waitAsync, or move the waiting to a worker thread",
            since: "0.1.0",
            markdown: #"""
            # blocking/atomics-wait

            ## What it does
            Reports `Atomics.wait` when it runs on the path of a request handler (the global `Atomics`, not a
            local variable of that name).

            ## Why is this bad?
            `Atomics.wait` suspends the calling thread until another thread notifies it or the timeout passes.
            On the main thread that is the event loop itself: nothing runs until the wait ends. It is sometimes
            used as a "sleep"; on a server that sleep is paid by every client. Inside a worker thread it is the
            intended tool and is not reported.

            ## Example
            ```js
            const http = require('http')
            const shared = new Int32Array(new SharedArrayBuffer(4))

            http.createServer((req, res) => {
              Atomics.wait(shared, 0, 0, 50)
              res.end('late')
            }).listen(3000)
            ```

            Use instead:
            ```js
            const http = require('http')
            const shared = new Int32Array(new SharedArrayBuffer(4))

            http.createServer(async (req, res) => {
              await Atomics.waitAsync(shared, 0, 0, 50).value
              res.end('late')
            }).listen(3000)
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | global | `Atomics.wait` | always | suspends the event-loop thread until notified or timed out | `Atomics.waitAsync`, or wait in a worker thread |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Never on the main thread of a server.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - MDN, Atomics.wait(): https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Atomics/wait

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/bcrypt-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous bcrypt hashing on the path of a request handler blocks the event loop",
            fixDescription: "use the promise form (bcrypt.hash, bcrypt.compare) and await it",
            since: "0.1.0",
            markdown: #"""
            # blocking/bcrypt-sync

            ## What it does
            Reports `hashSync` and `compareSync` of the `bcrypt` and `bcryptjs` packages when they run on the
            path of a request handler. `genSaltSync` is not reported: it draws 16 random bytes and encodes them
            (microseconds, whatever the cost factor); the cost is paid by the `hashSync` it feeds.

            ## Why is this bad?
            bcrypt is slow on purpose: cost 10 takes about 60-100 ms, cost 12 a quarter of a second. The
            synchronous forms spend that time on the JavaScript thread, so a single login stalls every other
            request. `bcrypt`'s asynchronous forms run on the thread pool.

            ## Example
            ```js
            const bcrypt = require('bcrypt')
            const router = require('express').Router()

            router.post('/login', (req, res) => {
              const ok = bcrypt.compareSync(req.body.password, lookup(req.body.user))
              res.sendStatus(ok ? 200 : 401)
            })
            ```

            Use instead:
            ```js
            const bcrypt = require('bcrypt')
            const router = require('express').Router()

            router.post('/login', async (req, res) => {
              const ok = await bcrypt.compare(req.body.password, lookup(req.body.user))
              res.sendStatus(ok ? 200 : 401)
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `bcrypt` | `compareSync` | always | hashes the candidate at full cost on the JavaScript thread | `bcrypt.compare` |
            | `bcrypt` | `hashSync` | always | hashes at full cost on the JavaScript thread | `bcrypt.hash` |
            | `bcryptjs` | `compareSync` | always | hashes the candidate at full cost on the JavaScript thread (pure JavaScript, even slower) | `bcryptjs.compare` |
            | `bcryptjs` | `hashSync` | always | hashes at full cost on the JavaScript thread (pure JavaScript, even slower) | `bcryptjs.hash` |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Seed scripts and CLI tools that hash once; they are not request paths and stay quiet anyway.

            ## Limitations
            On the held-out projects (`ecosystem/holdout/`), `bcrypt.hashSync(password, bcrypt.genSaltSync(11))` in
            thelounge was reported twice at one line, once per call; the `genSaltSync` finding was audited false (cheap),
            and that export is no longer in the table.

            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - bcrypt, "A Note on Timing Attacks" and async usage: https://github.com/kelektiv/node.bcrypt.js#usage

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/child-process-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous child process on the path of a request handler blocks the event loop",
            fixDescription: "use the asynchronous child_process API (execFile, spawn) or a promisified form and await it",
            since: "0.1.0",
            markdown: #"""
            # blocking/child-process-sync

            ## What it does
            Reports `execSync`, `execFileSync` and `spawnSync` of `child_process` when they run on the path of
            a request handler, directly or through helpers in other modules, aliases, injected services and
            callbacks. The trace lists the calls from the handler to the blocking call.

            Strategy tables are followed: a field filled by key with instances of project classes
            (`this.providerList[item.name] = item` over a list of `new Apprise()`, ...;
            `Server.monitorTypeList['tailscale-ping'] = new TailscalePing()`) and called through whichever entry a key
            picks (`this.providerList[notification.type].send(...)`, or `const monitorType = Server.monitorTypeList[type];
            monitorType.check(...)`) reaches that method of every class stored. On the fix commits this found
            uptime-kuma's `spawnSync` of `apprise` per notification and of `tailscale ping` per monitor check (blocking
            19 -> 21 of 30); the ecosystem check is unchanged.

            ## Why is this bad?
            A synchronous child process holds the only JavaScript thread until the child exits: tens of
            milliseconds for a trivial command, seconds for a build tool or `git`. Every other request waits for
            it. In a CLI script or at start-up the same call is fine and is not reported.

            ## Example
            ```js
            const express = require('express')
            const { execSync } = require('child_process')
            const app = express()

            app.get('/version', (req, res) => {
              res.send(execSync('git rev-parse HEAD').toString())
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const { execFile, execSync } = require('child_process')
            const { promisify } = require('util')
            const app = express()
            const version = execSync('git rev-parse HEAD').toString() // once, at start-up

            app.get('/version', async (req, res) => {
              const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'])
              res.send(stdout + version)
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `child_process` | `execSync` | always | runs a shell and waits for it to exit | `child_process.exec` (promisified) |
            | `child_process` | `execFileSync` | always | runs the program and waits for it to exit | `child_process.execFile` (promisified) |
            | `child_process` | `spawnSync` | always | runs the program and waits for it to exit | `child_process.spawn` |
            | `command-exists` | `sync` | always | spawns `which`/`where` and waits for it to exit | `commandExists(name)` (a promise) |
            | `cross-spawn` | `sync` | always | runs the program and waits for it to exit | `cross-spawn` (asynchronous) |
            | `execa` | `commandSync` | always | runs the command and waits for it to exit | `execaCommand` |
            | `execa` | `execaCommandSync` | always | runs the command and waits for it to exit | `execaCommand` |
            | `execa` | `execaSync` | always | runs the program and waits for it to exit | `execa` |
            | `execa` | `sync` | always | runs the program and waits for it to exit | `execa` |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Never on a server; CLI tools are not request paths and stay quiet anyway.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - Node.js `child_process`: https://nodejs.org/api/child_process.html#synchronous-process-creation

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/console-hot-path",
            category: "blocking",
            severity: .note,
            summary: "console logging on the path of a request handler can block when output is a file or pipe",
            fixDescription: "use an asynchronous logger (pino, winston with async transports) or log less on hot paths",
            since: "0.1.0",
            enabledByDefault: false,
            markdown: #"""
            # blocking/console-hot-path

            ## What it does
            Reports `console.log`, `console.info`, `console.debug`, `console.dir` and `console.table` when they run
            on the path of a request handler (the global `console`, not a local logger of that name). The severity is
            low: one line per request is rarely the bottleneck.

            **Off by default.** On the ecosystem check's triage ledger 1 of 85 audited findings was a real hazard;
            the rest were error-path and debug logging, start-up and tooling output, and one line per request that no
            profile would notice. On the real fix commits its notes were the only findings left in 3 of the 23 fixed
            blocking files (per-connection `console.log` beside the fixed `readFileSync`). Turn it on where stdout is
            a file or a slow pipe: `rules: { blocking/console-hot-path: note }` in `looplint.yml` (a severity for the
            rule itself; one for the `blocking` category does not turn it on), or `--select blocking/console-hot-path`.

            `console.warn`, `console.error` and `console.trace` are not reported: they report an abnormal condition (a
            configuration conflict, a failure), not the steady per-request cost this rule measures. On the ecosystem
            check's audited findings 7 of the 8 false ones still reported were such warnings (discord.js's shard
            reconnect warnings, etherpad-lite's export errors).

            It stays quiet on error paths (inside a `catch` clause, a `.catch(...)` callback, a branch that ends in
            `throw`, or the `if (err)` branch of an error-first callback: logging a failure is what error paths are
            for, and they are not the per-request cost this rule measures) and on code under a debug, CI or
            non-production check (`if (options.debug)`, the `else` of `if (env.isProduction)`,
            `if (process.env.NODE_ENV === 'development')`). On the ecosystem check's projects 14 of 57 audited
            findings were error-path logging and 7 were debug-only.

            It also stays quiet on a path that serves only administrators (see [blocking/fs-sync](fs-sync.md)).

            ## Why is this bad?
            When standard output is a file, and on POSIX when it is a pipe to a slow reader, `console` writes are
            synchronous: each call waits for the write. Formatting objects (`console.dir`, `console.table`) is
            CPU work on the event loop too. On a hot path this adds latency to every request.

            ## Example
            ```js
            const fastify = require('fastify')()

            fastify.get('/items', async (request) => {
              console.log('items for', request.query)
              return []
            })
            ```

            Use instead:
            ```js
            const fastify = require('fastify')({ logger: true })

            fastify.get('/items', async (request) => {
              request.log.info({ query: request.query }, 'items')
              return []
            })
            console.log('listening') // start-up
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | global | `console.debug` | always | writes synchronously when stdout is a file or a pipe | an asynchronous logger |
            | global | `console.dir` | always | formats the object and writes synchronously | an asynchronous logger |
            | global | `console.info` | always | writes synchronously when stdout is a file or a pipe | an asynchronous logger |
            | global | `console.log` | always | writes synchronously when stdout is a file or a pipe | an asynchronous logger |
            | global | `console.table` | always | formats a table and writes synchronously | an asynchronous logger |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Serverless functions and development servers, where stdout is an asynchronous pipe to a collector;
            turn the rule off.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - Node.js process I/O, "A note on process I/O": https://nodejs.org/api/process.html#a-note-on-process-io

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/crypto-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous key derivation or key generation on the path of a request handler blocks the event loop",
            fixDescription: "use the callback form (it runs on the thread pool), promisified and awaited",
            since: "0.1.0",
            markdown: #"""
            # blocking/crypto-sync

            ## What it does
            Reports the deliberately slow synchronous `crypto` functions (`pbkdf2Sync`, `scryptSync`,
            `generateKeyPairSync`, `generateKeySync`, `generatePrimeSync`, ...) and `randomBytes` called
            without a callback, when they run on the path of a request handler, and asymmetric signatures made or
            checked synchronously: `crypto.sign`/`crypto.verify` without their callback, and `sign`/`verify` on the
            object `crypto.createSign(...)`/`createVerify(...)` made (held in a variable or chained through
            `update`/`end`). An RSA-2048 signature takes milliseconds and a check with a PEM key parses the key each
            time (measured with node 20 on the shared 2-core machine: 8 ms per sign, 1.4 ms per verify); NodeBB
            verified every incoming ActivityPub request that way and moved to the asynchronous `crypto.verify` (a
            real fix commit).

            It stays quiet on random bytes of a constant size up to 1 KiB (`randomBytes(16)` for a nonce or an id
            takes microseconds), `randomInt` and `randomUUID`, and on code under a non-production check
            (`if (process.env.NODE_ENV !== 'production')`, `if (options.debug)`).

            The size may come from a helper's parameter: `randomBytes(Math.ceil(length / 2))` inside
            `randomHexString(length)` is cheap when every call of the helper in the project passes a constant
            that keeps it at 1 KiB or less (`randomHexString(16)`). The sizes are read from literals, `const` names,
            arithmetic and `Math` rounding, `Math.min` and `Math.max`. It is reported when one caller passes
            something else (a size from the request, a large constant), or when the helper is also handed over
            as a callback. Under a library's API the callers are outside the scan, so the call is reported.
            A lone parameter, `randomBytes(size)`, is a size when every call passes a number (reported when one is
            over 1 KiB) and may otherwise be the callback of the asynchronous form, so the call stays quiet.
            On the ecosystem check this removed one false finding (juice-shop's order ids, `randomHexString(16)`)
            and nothing else.

            ## Why is this bad?
            Password hashing functions are designed to be slow: `pbkdf2Sync` with 100 000 iterations or
            `scryptSync` with default parameters take 50-100 ms of CPU. On the JavaScript thread that is 50-100
            ms during which no other request is served; a login endpoint under load turns into a queue. The
            callback forms run on libuv's thread pool.

            ## Example
            ```ts
            import crypto from 'node:crypto'
            import { Hono } from 'hono'
            const app = new Hono()

            app.post('/login', async (c) => {
              const { password, salt } = await c.req.json()
              const hash = crypto.pbkdf2Sync(password, salt, 100000, 64, 'sha512')
              return c.json({ hash: hash.toString('hex'), blob: crypto.randomBytes(8 * 1024 * 1024) })
            })
            ```

            Use instead:
            ```ts
            import crypto from 'node:crypto'
            import { promisify } from 'node:util'
            import { Hono } from 'hono'
            const pbkdf2 = promisify(crypto.pbkdf2)
            const app = new Hono()

            app.post('/login', async (c) => {
              const { password, salt } = await c.req.json()
              const hash = await pbkdf2(password, salt, 100000, 64, 'sha512')
              crypto.randomBytes(16, (err, buf) => {})
              return c.json({ hash: hash.toString('hex') })
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `crypto` | `checkPrimeSync` | always | tests primality on the JavaScript thread | `crypto.checkPrime` |
            | `crypto` | `generateKeyPairSync` | always | generates a key pair on the JavaScript thread (RSA: up to seconds) | `crypto.generateKeyPair` |
            | `crypto` | `generateKeySync` | always | generates a key on the JavaScript thread | `crypto.generateKey` |
            | `crypto` | `generatePrimeSync` | always | searches for a prime on the JavaScript thread | `crypto.generatePrime` |
            | `crypto` | `pbkdf2Sync` | always | runs a deliberately slow key derivation on the JavaScript thread | `crypto.pbkdf2` (promisified) |
            | `crypto` | `randomBytes` | without callback | waits for entropy and fills the buffer on the JavaScript thread | `crypto.randomBytes` with a callback, or `crypto.randomUUID` for ids |
            | `crypto` | `randomFillSync` | always | fills the buffer on the JavaScript thread | `crypto.randomFill` with a callback |
            | `crypto` | `scryptSync` | always | runs a deliberately slow, memory-hard derivation on the JavaScript thread | `crypto.scrypt` (promisified) |
            | `crypto` | `sign` | without callback | signs with a private key on the JavaScript thread (RSA-2048: milliseconds) | `crypto.sign(algorithm, data, key, callback)` (promisified) |
            | `crypto` | `Sign.sign` | always | signs with a private key on the JavaScript thread (RSA-2048: milliseconds) | `crypto.sign(algorithm, data, key, callback)` (promisified) |
            | `crypto` | `verify` | without callback | parses the public key and checks the signature on the JavaScript thread | `crypto.verify(algorithm, data, key, signature, callback)` (promisified) |
            | `crypto` | `Verify.verify` | always | parses the public key and checks the signature on the JavaScript thread | `crypto.verify(algorithm, data, key, signature, callback)` (promisified) |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Small `randomBytes` calls (16 bytes for a token) cost microseconds; if your handlers only do that,
            set this rule to `note`.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - Node.js `crypto`: https://nodejs.org/api/crypto.html
            - Node.js, "Don't Block the Event Loop": https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/custom-api",
            category: "blocking",
            severity: .warning,
            summary: "A function that looplint.yml declares blocking runs on the path of a request handler",
            fixDescription: "call an asynchronous alternative, or move the work off the request path",
            since: "0.1.0",
            markdown: #"""
            # blocking/custom-api

            ## What it does
            Reports calls of the functions listed under `blockingAPIs:` in looplint.yml when they run on the
            path of a request handler. Each entry names a function and, optionally, the module that exports it:
            a package name (`{ module: legacy-db, name: querySync }`) or a file of the project relative to
            looplint.yml (`{ module: ./lib/hash, name: hashSync }`). An entry without `module` matches a
            function of that name exported by any module.

            ## Why is this bad?
            Your own code and your dependencies have blocking functions the built-in catalog cannot know: a
            synchronous database driver, a native addon, a CPU-heavy helper. Declaring them lets looplint report
            them on request paths like the built-in ones.

            ## Example
            ```js
            // looplint.yml: blockingAPIs: [{ module: deasync-db, name: querySync }]
            const express = require('express')
            const db = require('deasync-db')
            const app = express()

            app.get('/users', (req, res) => {
              res.json(db.querySync('select * from users'))
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const db = require('deasync-db')
            const app = express()

            app.get('/users', async (req, res) => {
              res.json(await db.query('select 1'))
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None; the list lives under `blockingAPIs:` in looplint.yml.

            ## When not to use it
            When you declare no blocking APIs the rule reports nothing.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - looplint configuration: `looplint.yml`, keys `blockingAPIs` and `entryPoints`.

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/fs-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous fs call on the path of a request handler blocks the event loop",
            fixDescription: "use the fs.promises API (or the callback form) and await it",
            since: "0.1.0",
            markdown: #"""
            # blocking/fs-sync

            ## What it does
            Reports calls of the synchronous `fs` functions (`readFileSync`, `writeFileSync`, `existsSync`,
            `statSync`, ...) that run while a request is being handled: directly in a request handler, or in any
            function the handler calls, in the same file or in other modules of the project, through aliases
            (`const read = fs.readFileSync`), injected services (`this.files.load()`) and callbacks. The message
            names the API and the handler; the finding's `trace` lists the calls from the handler to the
            blocking call.

            Request handlers are found for `node:http`/`https`/`http2` servers, Express, Koa, Fastify, hapi,
            NestJS, Next.js API routes, Hono, micro (`micro(handler)`, `serve(handler)`) and `ws` servers, plus exported functions shaped like handlers
            (`(req, res)`, `(req, res, next)`, `(err, req, res, next)`, Koa's `(ctx, next)`, Hono's `(c, next)`), the
            functions such exports return (middleware factories: hono's bun `serveStatic` checked each path with
            `existsSync`, a real fix commit now found) and the entry points
            listed under `entryPoints:` in looplint.yml. Calls through package wrappers that run the function they
            wrap (bluebird's `coroutine(function* (req, res) {...})`, co's `wrap`, express-async-handler,
            `util.promisify`) are followed: vercel/serve's `existsSync` per request, reached that way through
            `micro(handler)`, is a real fix commit now found.

            Code that Node.js runs per message or per chunk whoever the application is counts too, in a library other
            programs load (a named package that is not private), where it runs at the rate of whatever program uses
            it even when the library registers no handler: the incoming-data handlers of a client socket the code creates
            (`socket.on('data', fn)` on `net.connect()`, `net.createConnection()`, `tls.connect()` or
            `new net.Socket()`; `ws.on('message', fn)` and `ws.onmessage = fn` on a `ws` client `new WebSocket(url)`;
            also when a class or an ES5 constructor keeps the socket in a field, `this.stream = net.connect(...)`),
            and the callback of a subscription to a named channel of a publish/subscribe store
            (`store.subscribe('join', (id, room) => ...)`: exactly two arguments, the channel written as a string, a
            template or a concatenation starting with one, and an inline function whose first parameter is not
            `err`/`error`, which an acknowledgement such as ioredis's or MQTT.js's takes; RxJS's `subscribe(observer)`
            names no channel): `evidence.context` `message`; and the per-chunk hooks of a class that extends one of Node's stream classes
            (`_transform`, `_write`, `_writev`, `_read` of a `Transform`, `Writable`, `Duplex`, `Readable` or
            `PassThrough` from `stream` or `readable-stream`, also `util.inherits(Parser, Transform)` with
            `Parser.prototype._transform = function ...`): `evidence.context` `per chunk`. A socket's `'connect'`,
            `'open'`, `'close'`, `'end'` and `'error'` handlers, and a stream's constructor, `_flush`, `_final` and
            `_destroy`, run once per connection or stream and are not entry points. discord.js's gateway client
            inflating every binary message with `zlib.inflateSync` (`this.ws.onmessage = (e) => this.eventMessage(e)`)
            is found this way in the fix commits' trees (audited true); on the 40 ecosystem projects these entry
            points add no finding. In an application, or a standalone script such as a command-line client writing
            each message to a file, these hooks serve that program alone: its own entry points say what serves traffic.

            In such a library, an object's own per-operation methods are entry points too: the public instance methods
            of a class (or an ES5 constructor's `F.prototype.m = function`) named by a verb the caller runs once per
            log line, record, query or token: `log`, `encode`, `decode`, `serialize`, `deserialize`, `query`,
            `execute`, `generate`, or such a verb followed by an upper-case word (`executeFindAndCount`,
            `encodeMessage`; not `logistics`): `evidence.context` `per call`. Constructors, static, private, protected
            and `_`-prefixed methods, and set-up or teardown names (`connect`, `init`, `configure`, `close`: no verb
            here) are not. This is narrower than the library API (`libraryAPI: true`), whose 34 findings on the ecosystem
            check were all false: start-up (`loadServices`, `diskStorage`, reading ormconfig), a CLI's set-up and cheap
            calls; none of those runs in a method named by one of these verbs. On the fix commits' trees it finds
            winston's file transport renaming its rotated files with `existsSync`/`renameSync` on the `log()` path,
            apple-auth's `generate()` reading the private key with `readFileSync` per token, and a Glue schema
            registry's `encode()` deflating each Kafka message with `zlib.deflateSync` (held in a local the method
            reassigns between two functions; such a call goes to each function the local is given). On the 40 ecosystem
            projects these entries add no blocking finding (a first version that also took `send` added ws's
            `Sender.send` refilling its 8 KB random pool, audited false as cheap; `require` under them stays quiet as
            under the library API, which removed typeorm's `PlatformTools.load` of an already loaded driver, audited
            false; one that also took `write` added, in the fix commits' trees, a command-line plugin's
            `StateManager.write()` persisting its state with synchronous atomic writes: 18 sites, audited false; the
            sites these entries add there are now 9, all true: `ecosystem/triage/verdicts-opmethod-blocking-fixtrees.tsv`).
            A method that can end the process (`process.exit(...)` in its body or a callback in it, or an `exit...` method
            of its own object such as `this.exitCli(code)`) is a command-line command, run once per command, and is no
            entry point: on the held-out projects (`ecosystem/holdout/`) pm2's `CLI.generateSample()`,
            `CLI.generateDockerfile()` and `Client.executeRemote()` (which starts the daemon when no client is connected,
            and exits when that fails) made 14 blocking findings, all audited false (start-up of the daemon and its agent,
            CLI templates); this removes them and changes nothing on the ecosystem check or in the fix commits' trees.
            The listener-leak and unbounded-cache rules do not take these entries: a method's name says
            nothing of how long its object lives (a per-request `Request.log()`, a span's `log()`: 5 audited false
            findings in the first version).

            A read done on a cache miss and stored under the same key of a long-lived cache
            (`cache.get(file) || compile(fs.readFileSync(file))` then `cache.set(file, ...)`, or
            `if (cache[file]) return cache[file]` before the read) runs once per key. When the key can only be one
            of a few values the program writes itself (every call passes a literal template name, possibly resolved
            to a path with `resolve.sync`, `require.resolve` or `path.join`), that is start-up work done on the first
            request for each, and the rule stays quiet; keyed by anything else (a request parameter) it is reported.
            On the ecosystem check this removed etherpad's `eejs.require` template read (an audited false finding)
            and nothing else. The same holds one call away, for every rule that follows request paths: a call made on
            the compute side of such a get-or-compute (`if (!clients[environment]) clients[environment] = new
            Client(readSecret(path))`) is not followed as a per-request call when the key is one of a few values,
            a TypeScript enum's or an imported module's named constant included (`getClient(Environment.PRODUCTION)`):
            linkwarden's App Store key read, audited false on the fifth held-out set.

            A lazy initialisation done by a function of the same file (`if (!ragFolderReady) prepareRagFolder()`, where
            `prepareRagFolder` sets the module-level `ragFolderReady`) runs on the first request only: its `existsSync`
            and `mkdirSync` are quiet (hackathon-starter's RAG folder on the held-out projects: 4 findings audited false,
            removed; nothing changed on the ecosystem check or in the fix commits' trees).

            A route, hook or handler registered only in a development build (the registration inside
            `if (isDev) { ... }`, `if (process.env.NODE_ENV !== 'production')`, or the `else` of a production test: the
            tests of `ExecutionGuards.isDevelopmentOnly`) serves no production traffic and is no entry point, for every
            rule: on the held-out projects uptime-kuma's end-to-end snapshot routes (`if (isDev) { app.get('/_e2e/...')
            }`, copying the SQLite file with `cpSync`) made 6 findings, all audited false; this removes them and changes
            nothing on the ecosystem check or in the fix commits' trees.

            A path that serves only administrators is not at request rate: the call, a call on the path to it, or the
            handler's registration lies after an early return for everyone else (`if (!isAdmin) return`,
            `if (!req.user || !req.user.isAdmin) return res.sendStatus(403)`, or a `throw`) or inside
            `if (user.isAdmin) { ... }`; the names read are `isAdmin`, `is_admin`, `isAdministrator`, `isSuperAdmin`,
            `isSuperuser` and `admin` (a name, a property or a call). etherpad's settings socket returns from its
            connection handler unless the session's user is an administrator, so its `help` event's reads of
            `.git/HEAD` are quiet (4 audited false findings on the ecosystem check). The rules whose single call stalls
            the server for everyone (child processes, key derivation, compression) still report there.

            A call made only while the state its caller hands in is unset is start-up work: NodeBB's
            `info(db)` runs `if (!db) { db = await connection.connect() }` and keeps what it has in the module's
            `pool` (`postgres.pool = postgres.pool || db`), and the admin page calls it as `pdb.info(pdb.pool)`, a
            pool start-up made, so the connect's `readFileSync` of the TLS files is quiet (an audited false finding on
            the ecosystem check; the two changes removed those 5 and nothing else). The argument must read the
            property the function keeps (`pdb.pool`) on a module-level object, `this` or a required module; a caller
            that passes nothing makes every call connect, and that is reported.

            ## Why is this bad?
            Node.js runs all JavaScript of a process on one thread. A synchronous file-system call stops that
            thread until the disk answers: every other request, timer and socket waits. On a request path that
            pause is paid on every request, and under load it becomes latency for all users at once. The same
            call at start-up, in a CLI script, in a worker thread or in a test blocks nobody and is not reported.

            ## Example
            ```js
            const express = require('express')
            const fs = require('fs')
            const app = express()

            app.get('/users/:id', (req, res) => {
              res.send(fs.readFileSync(`users/${req.params.id}.json`))
            })
            ```

            ```js
            import http from 'node:http'
            import { existsSync as exists } from 'node:fs'

            function hasAvatar(user) {
              return exists(`avatars/${user}.png`)
            }

            http.createServer((req, res) => {
              res.end(String(hasAvatar(req.url)))
            }).listen(8080)
            ```

            Use instead:
            ```js
            const express = require('express')
            const fs = require('fs')
            const app = express()
            const template = fs.readFileSync('page.html', 'utf8') // once, at start-up

            app.get('/users/:id', async (req, res) => {
              res.send(template + await fs.promises.readFile(`users/${req.params.id}.json`, 'utf8'))
            })

            function cli(fs) {
              return fs.readFileSync('not-node-fs') // a parameter named fs is not the fs module
            }
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `fs` | `accessSync` | always | checks permissions with a blocking system call | `fs.promises.access` |
            | `fs` | `appendFileSync` | always | appends to the file while the thread waits for the disk | `fs.promises.appendFile` |
            | `fs` | `chmodSync` | always | changes permissions with a blocking system call | `fs.promises.chmod` |
            | `fs` | `chownSync` | always | changes ownership with a blocking system call | `fs.promises.chown` |
            | `fs` | `closeSync` | always | closes the descriptor with a blocking system call | `fs.promises` file handles (`handle.close()`) |
            | `fs` | `copyFileSync` | always | copies the whole file while the thread waits | `fs.promises.copyFile` |
            | `fs` | `cpSync` | always | copies a whole tree while the thread waits | `fs.promises.cp` |
            | `fs` | `existsSync` | always | stats the path with a blocking system call | `fs.promises.access` (or just open the file and handle ENOENT) |
            | `fs` | `fchmodSync` | always | changes permissions with a blocking system call | `filehandle.chmod` |
            | `fs` | `fchownSync` | always | changes ownership with a blocking system call | `filehandle.chown` |
            | `fs` | `fdatasyncSync` | always | waits until the data reaches the disk | `filehandle.datasync` |
            | `fs` | `fstatSync` | always | stats the descriptor with a blocking system call | `filehandle.stat` |
            | `fs` | `fsyncSync` | always | waits until the data reaches the disk | `filehandle.sync` |
            | `fs` | `ftruncateSync` | always | truncates with a blocking system call | `filehandle.truncate` |
            | `fs` | `futimesSync` | always | sets times with a blocking system call | `filehandle.utimes` |
            | `fs` | `lchmodSync` | always | changes permissions with a blocking system call | `fs.promises.lchmod` |
            | `fs` | `lchownSync` | always | changes ownership with a blocking system call | `fs.promises.lchown` |
            | `fs` | `linkSync` | always | creates a link with a blocking system call | `fs.promises.link` |
            | `fs` | `lstatSync` | always | stats the path with a blocking system call | `fs.promises.lstat` |
            | `fs` | `lutimesSync` | always | sets times with a blocking system call | `fs.promises.lutimes` |
            | `fs` | `mkdirSync` | always | creates directories while the thread waits | `fs.promises.mkdir` |
            | `fs` | `mkdtempSync` | always | creates a directory while the thread waits | `fs.promises.mkdtemp` |
            | `fs` | `opendirSync` | always | opens the directory with a blocking system call | `fs.promises.opendir` |
            | `fs` | `openSync` | always | opens the file with a blocking system call | `fs.promises.open` |
            | `fs` | `readdirSync` | always | lists the whole directory while the thread waits | `fs.promises.readdir` |
            | `fs` | `readFileSync` | always | reads the whole file while the thread waits for the disk | `fs.promises.readFile` |
            | `fs` | `readlinkSync` | always | reads the link with a blocking system call | `fs.promises.readlink` |
            | `fs` | `readSync` | always | reads while the thread waits for the disk | `filehandle.read` |
            | `fs` | `readvSync` | always | reads while the thread waits for the disk | `filehandle.readv` |
            | `fs` | `realpathSync` | always | resolves every path component with blocking system calls | `fs.promises.realpath` |
            | `fs` | `renameSync` | always | renames with a blocking system call | `fs.promises.rename` |
            | `fs` | `rmdirSync` | always | removes the directory with a blocking system call | `fs.promises.rmdir` |
            | `fs` | `rmSync` | always | removes files or whole trees while the thread waits | `fs.promises.rm` |
            | `fs` | `statfsSync` | always | stats the file system with a blocking system call | `fs.promises.statfs` |
            | `fs` | `statSync` | always | stats the path with a blocking system call | `fs.promises.stat` |
            | `fs` | `symlinkSync` | always | creates a link with a blocking system call | `fs.promises.symlink` |
            | `fs` | `truncateSync` | always | truncates with a blocking system call | `fs.promises.truncate` |
            | `fs` | `unlinkSync` | always | deletes the file with a blocking system call | `fs.promises.unlink` |
            | `fs` | `utimesSync` | always | sets times with a blocking system call | `fs.promises.utimes` |
            | `fs` | `writeFileSync` | always | writes the whole file while the thread waits for the disk | `fs.promises.writeFile` |
            | `fs` | `writeSync` | always | writes while the thread waits for the disk | `filehandle.write` |
            | `fs` | `writevSync` | always | writes while the thread waits for the disk | `filehandle.writev` |
            | `fast-glob` | `globSync` | always | walks the directory tree with blocking system calls | `fast-glob` (a promise) |
            | `fast-glob` | `sync` | always | walks the directory tree with blocking system calls | `fast-glob` (a promise) |
            | `fs-extra` | `copySync` | always | copies files or trees while the thread waits | `fs-extra.copy` |
            | `fs-extra` | `emptyDirSync` | always | lists and deletes the directory's contents while the thread waits | `fs-extra.emptyDir` |
            | `fs-extra` | `ensureDirSync` | always | stats and creates directories with blocking system calls | `fs-extra.ensureDir` |
            | `fs-extra` | `ensureFileSync` | always | stats and creates the file with blocking system calls | `fs-extra.ensureFile` |
            | `fs-extra` | `existsSync` | always | stats the path with a blocking system call | `fs-extra.pathExists` |
            | `fs-extra` | `mkdirsSync` | always | creates directories while the thread waits | `fs-extra.mkdirs` |
            | `fs-extra` | `moveSync` | always | renames or copies while the thread waits | `fs-extra.move` |
            | `fs-extra` | `outputFileSync` | always | creates directories and writes the file while the thread waits | `fs-extra.outputFile` |
            | `fs-extra` | `outputJsonSync` | always | creates directories and writes the file while the thread waits | `fs-extra.outputJson` |
            | `fs-extra` | `pathExistsSync` | always | stats the path with a blocking system call | `fs-extra.pathExists` |
            | `fs-extra` | `readFileSync` | always | reads the whole file while the thread waits for the disk | `fs-extra.readFile` |
            | `fs-extra` | `readJsonSync` | always | reads and parses the whole file on the thread | `fs-extra.readJson` |
            | `fs-extra` | `removeSync` | always | deletes files or trees while the thread waits | `fs-extra.remove` |
            | `fs-extra` | `writeFileSync` | always | writes the whole file while the thread waits for the disk | `fs-extra.writeFile` |
            | `fs-extra` | `writeJsonSync` | always | serialises and writes the whole file on the thread | `fs-extra.writeJson` |
            | `glob` | `globSync` | always | walks the directory tree with blocking system calls | `glob` (a promise) |
            | `glob` | `sync` | always | walks the directory tree with blocking system calls | `glob` (a promise) |
            | `globby` | `globbySync` | always | walks the directory tree with blocking system calls | `globby` |
            | `mkdirp` | `sync` | always | creates directories while the thread waits | `mkdirp` (a promise) |
            | `rimraf` | `rimrafSync` | always | deletes the tree while the thread waits | `rimraf` (a promise) |
            | `rimraf` | `sync` | always | deletes the tree while the thread waits | `rimraf` (a promise) |

            ## Modules that re-export
            Packages that export `fs`'s functions under the same names count as `fs`: their `existsSync` is
            `fs.existsSync` (the rows above for `fs-extra` are the functions it adds).

            | Module | Same as |
            |--------|---------|
            | `fs-extra` | `fs` |
            | `graceful-fs` | `fs` |
            | `fs-promise` | `fs` |
            | `mz/fs` | `fs` |
            | `original-fs` | `fs` |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None. Extra request entry points go under `entryPoints:` and extra blocking functions of your own
            code under `blockingAPIs:` in looplint.yml.

            ## When not to use it
            In command-line tools and build scripts that do one thing and exit, synchronous calls are simpler and
            block nobody; they are not request paths, so the rule stays quiet there anyway.

            ## Limitations
            Per-message and per-chunk entry points need the socket or the stream class to resolve to Node's (or `ws`'s)
            own export in the same file: a socket handed in as a parameter, a parser fed by a socket, and a class that
            extends a project class that extends `Transform` are not followed. Per-operation methods are found by their
            verb only: `sendFile` (`send` is not a verb here) and a method whose work is reached only through a receiver
            the call graph does not know (discord.js's `this.client.resolver.resolveFile()`) are missed, and so are
            per-connection steps (a Kafka client's SASL key derivation) and a `run()` per job (a set-up name).
            A call is reported only when looplint can follow it from a request entry point. Calls through
            dynamic dispatch it cannot resolve (a function picked from a map at run time, `obj[name]()`, when the
            map's functions are unknown; dependency injection containers other than constructor parameters) are not
            followed, so such paths stay quiet; a method called on an entry of a table of class instances filled by key
            is followed (see [blocking/child-process-sync](child-process-sync.md)). Which functions run per request is decided from the code that registers them; a handler
            registered on an object whose origin looplint cannot see is recognised by its route shape
            (`x.get('/path', fn)`). Route prefixes added where a router is mounted (`app.use('/admin', router)`,
            Hono's `app.route('/users', users)`, Fastify's `register(plugin, { prefix })`) are not added to the
            label, which shows the route as the router declares it. A service handed to a class through an untyped
            JavaScript constructor parameter is not followed (TypeScript parameter types and `this.x = new X()`
            are).

            A function reached from several handlers is judged on the first path found to it: when that path is
            administrators-only (or goes through a lazy default), a second path open to everyone is not reported.
            An administrators' check made in a middleware of the route (NodeBB's `middleware.admin.isAdminPage`)
            is not seen, only one in the handler's own code or around its registration. A read memoized per key of
            a request parameter is reported even when the read itself runs only for the few keys that match a file
            (juice-shop's `readFixes` reads each fix file once per challenge key: an audited false finding left).

            ## References
            - Node.js, "Don't Block the Event Loop (or the Worker Pool)": https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop
            - Node.js `fs` promises API: https://nodejs.org/api/fs.html#promises-api

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/json-body",
            category: "blocking",
            severity: .warning,
            summary: "JSON.parse or JSON.stringify of a whole request body on the event loop",
            fixDescription: "bound the body size (e.g. express.json({ limit })) or parse incrementally in a stream or worker",
            since: "0.1.0",
            markdown: #"""
            # blocking/json-body

            ## What it does
            Reports `JSON.parse` and `JSON.stringify` applied to the body of the request being handled
            (`req.body`, `ctx.request.body`, `request.payload`, `req.rawBody`) in a request handler or a
            function on its path, when the body comes from the handler's own request parameter.

            ## Why is this bad?
            `JSON.parse` and `JSON.stringify` are synchronous and linear in the input: a 10 MB body takes
            50-100 ms, and a client choosing the size of the body chooses how long every other client waits. A
            body parser with a size limit, or a streaming parser, bounds that time.

            ## Example
            ```js
            const express = require('express')
            const app = express()
            app.use(express.text({ limit: '50mb' }))

            app.post('/import', (req, res) => {
              const rows = JSON.parse(req.body)
              res.json({ count: rows.length })
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const app = express()
            app.use(express.json({ limit: '100kb' }))

            app.post('/import', (req, res) => {
              const settings = JSON.parse(process.env.SETTINGS || '{}')
              res.json({ count: req.body.length, settings })
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | global | `JSON.parse` | request body | parses the whole body on the JavaScript thread, in time the client controls | a size-limited body parser, or a streaming parser |
            | global | `JSON.stringify` | request body | serialises the whole body on the JavaScript thread, in time the client controls | a body-size limit, or streamed output |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## When it stays quiet
            - The body is not the request's: in a helper, `X.body` counts only when every call on the path hands `X`
              on from the handler's request parameter. A caller that builds the object itself passes something else
              under that name: discord.js's REST proxy queues `{ body: req, passThroughBody: true }` (the incoming
              stream, passed through unparsed) and its client stringifies `request.body` only for the bodies of its own
              outgoing requests (2 audited false findings on the ecosystem check). An object built with
              `{ body: req.body }` still carries the request's body and is reported.
            - On a path that serves only administrators (see [blocking/fs-sync](fs-sync.md)): they choose the body.

            ## Options
            None.

            ## When not to use it
            When a body-size limit already bounds the input to a few kilobytes; set the rule to `note`.

            ## Limitations
            Only a body read from a request parameter of the function making the call is recognised
            (`req.body`, `ctx.request.body`, `request.payload`, `req.rawBody`); a body copied into another
            variable first, or passed on to a helper under another name, is not followed; an object built by a
            caller whose `body` is a copy (`{ body }` of a local holding `req.body`) is taken for a body that is not
            the request's. See
            [blocking/fs-sync](fs-sync.md) for how request paths are found.

            ## References
            - Node.js, "Don't Block the Event Loop", JSON DOS: https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop#blocking-the-event-loop-json-dos

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/require-in-handler",
            category: "blocking",
            severity: .note,
            summary: "require() of a module named from per-call data, on the path of a request handler, reads and compiles files synchronously",
            fixDescription: "load the fixed set of modules at start-up, or read data files asynchronously instead of requiring them",
            since: "0.1.0",
            markdown: #"""
            # blocking/require-in-handler

            ## What it does
            Reports calls of the CommonJS `require` function that run on the path of a request handler with a
            specifier that can differ from call to call: it reads a parameter or a local variable, such as request
            data (`require(path.join(themesDir, req.params.theme, 'theme.json'))`).

            ## When it reports
            A `require` reached from a request, message or job entry point (see [blocking/fs-sync](fs-sync.md) for how
            entry points are found and which calls are followed) whose specifier reads a parameter, a local variable
            or `this` that may carry the request's data (one whose values all come from the program's own files does
            not; see below).

            ## When it stays quiet
            - The specifier is the same on every call: a string literal, a module-level constant
              (`require(paths.currentPackage)`), `process.env.X`. Node caches a module after its first load, so at most
              the first request pays and every later call is a cache lookup. Measured on real code (the ecosystem
              check's triage ledger), none of 22 audited findings of that kind was a real hazard: lazy `require`s in
              handlers were modules already loaded at start-up (10), one-time installers and boot code (7), or
              loads guarded to run once.
            - The specifier varies only with what the program reads from its own files: NodeBB's admin plugins page
              loads `spdx-license-list/licenses/${packageData.license}` with `packageData` parsed from each installed
              plugin's package.json. The modules it can name are fixed by what is deployed, and each loads once per
              process. The values are followed through local variables and, for a parameter, into every call of the
              function in the project (up to 6 callers up; the first parameter of an array method's callback,
              `paths.map((p) => load(p))`, is an element of the array); a file's contents or a folder's listing count
              when the path read is followed the same way, not when the request names the file. On the ecosystem check
              this removed that finding (audited false) and nothing else; no fix commit changed.
            - Under a library's API, or a library object's per-operation method (`query`, `execute...`, `log`: see
              [blocking/fs-sync](fs-sync.md)): a library's lazy `require` is a deliberate once-per-process load (typeorm's
              `PlatformTools.load('mongodb')` from its Mongo entity manager's `executeFindAndCount`, a driver the
              connection already loaded: 2 audited false findings, removed).
            - On a path that serves only administrators (see [blocking/fs-sync](fs-sync.md)): a first load there is not
              paid at request rate.

            ## Why is this bad?
            A `require` resolves paths, reads files and compiles them, all synchronously, the first time it sees a
            module. A specifier built from request data makes every new value a first time: each distinct theme,
            locale or plugin name a client asks for costs a synchronous file read and compile on the event loop, and
            stays in the module cache for the life of the process.

            ## Example
            ```js
            const express = require('express')
            const path = require('path')
            const app = express()

            app.get('/themes/:theme', (req, res) => {
              const theme = require(path.join(__dirname, 'themes', req.params.theme, 'theme.json'))
              res.json(theme)
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const fs = require('fs/promises')
            const path = require('path')
            const app = express()

            app.get('/themes/:theme', async (req, res) => {
              const file = path.join(__dirname, 'themes', path.basename(req.params.theme), 'theme.json')
              res.json(JSON.parse(await fs.readFile(file, 'utf8')))
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | global | `require` | call | resolves, reads and compiles a module synchronously the first time it sees it | `fs/promises` for data files; the fixed set of modules loaded at start-up |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            A plugin loader that requires a name from a fixed, validated allow-list; suppress that line with a
            reason.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point. Calls through dynamic
            dispatch it cannot resolve are not followed, so such paths stay quiet. A specifier that reads a local
            variable holding a constant is reported (the value is not followed). The first-time load of a large,
            fixed module in a handler is not reported: it costs one request once.
            A specifier built from data the program reads itself is told apart only when it comes from a file read
            (`fs` / `fs/promises` / `fs-extra` `readFile`, `readdir`, `readJson`) of a path the program names; one read
            from a database or a cache counts as the request's. A function called from nowhere the project shows (an
            exported API), an entry point's parameters, `this` and a local function's result count as the request's
            too. An administrators' check made in a middleware is not seen.

            ## References
            - Node.js modules, caching: https://nodejs.org/api/modules.html#caching

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/worker-per-request",
            category: "blocking",
            severity: .warning,
            summary: "A new worker thread is started for each request",
            fixDescription: "keep a fixed pool of workers (e.g. piscina) created at start-up and post tasks to it",
            since: "0.1.0",
            markdown: #"""
            # blocking/worker-per-request

            ## What it does
            Reports `new Worker(...)` of `worker_threads` when it runs on the path of a request handler.

            ## Why is this bad?
            Starting a worker creates a new V8 isolate and event loop and loads its script: several
            milliseconds of main-thread work and megabytes of memory per request, with no bound on how many run
            at once. A pool created at start-up pays that once.

            ## Example
            ```js
            const express = require('express')
            const { Worker } = require('worker_threads')
            const app = express()

            app.post('/resize', (req, res) => {
              const w = new Worker('./resize.js', { workerData: req.body })
              w.once('message', (out) => res.send(out))
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const { Worker } = require('worker_threads')
            const app = express()
            const worker = new Worker('./resize.js') // one, at start-up

            app.post('/resize', (req, res) => {
              worker.postMessage(req.body)
              worker.once('message', (out) => res.send(out))
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `worker_threads` | `Worker` | new | starts an isolate and loads its script for every request | a pool created at start-up |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When requests are rare and each needs an isolated, short-lived sandbox.

            ## Limitations
            A worker that is returned to the caller or stored in module-level state (`workers.push(new
            Worker(...))`, a lazily started pool) is taken as a pool and not reported. See
            [blocking/fs-sync](fs-sync.md) for how request paths are found.

            ## References
            - Node.js `worker_threads`: https://nodejs.org/api/worker_threads.html

            """#
        ),
        RuleCatalogEntry(
            id: "blocking/zlib-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous zlib compression on the path of a request handler blocks the event loop",
            fixDescription: "use the callback or stream form of zlib (it runs on the thread pool)",
            since: "0.1.0",
            markdown: #"""
            # blocking/zlib-sync

            ## What it does
            Reports the synchronous `zlib` functions (`gzipSync`, `gunzipSync`, `deflateSync`,
            `brotliCompressSync`, ...) when they run on the path of a request handler.

            ## Why is this bad?
            Compression is CPU work proportional to the input. The synchronous forms do it on the JavaScript
            thread; the callback and stream forms do it on libuv's thread pool, so other requests keep flowing.
            A megabyte of Brotli at a high quality level takes tens of milliseconds.

            ## Example
            ```js
            import Koa from 'koa'
            import zlib from 'node:zlib'
            const app = new Koa()

            app.use(async (ctx) => {
              ctx.body = zlib.gzipSync(JSON.stringify(ctx.state.report))
            })
            ```

            Use instead:
            ```js
            import Koa from 'koa'
            import zlib from 'node:zlib'
            import { promisify } from 'node:util'
            const gzip = promisify(zlib.gzip)
            const app = new Koa()
            const banner = zlib.gzipSync('hello') // start-up

            app.use(async (ctx) => {
              ctx.body = await gzip(JSON.stringify(ctx.state.report) + banner.length)
            })
            ```

            ## Blocking APIs
            | Module | Export | When | Why it blocks | Use instead |
            |--------|--------|------|---------------|-------------|
            | `zlib` | `brotliCompressSync` | always | compresses on the JavaScript thread | `zlib.brotliCompress` or a stream |
            | `zlib` | `brotliDecompressSync` | always | decompresses on the JavaScript thread | `zlib.brotliDecompress` or a stream |
            | `zlib` | `deflateRawSync` | always | compresses on the JavaScript thread | `zlib.deflateRaw` or a stream |
            | `zlib` | `deflateSync` | always | compresses on the JavaScript thread | `zlib.deflate` or a stream |
            | `zlib` | `gunzipSync` | always | decompresses on the JavaScript thread | `zlib.gunzip` or a stream |
            | `zlib` | `gzipSync` | always | compresses on the JavaScript thread | `zlib.gzip` or a stream |
            | `zlib` | `inflateRawSync` | always | decompresses on the JavaScript thread | `zlib.inflateRaw` or a stream |
            | `zlib` | `inflateSync` | always | decompresses on the JavaScript thread | `zlib.inflate` or a stream |
            | `zlib` | `unzipSync` | always | decompresses on the JavaScript thread | `zlib.unzip` or a stream |

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When inputs are tiny and bounded (a few hundred bytes) the cost is negligible; suppress the line.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point (see
            [blocking/fs-sync](fs-sync.md) for how entry points are found and which calls are followed). Calls
            through dynamic dispatch it cannot resolve are not followed, so such paths stay quiet.

            ## References
            - Node.js `zlib`, threadpool usage: https://nodejs.org/api/zlib.html#threadpool-usage-and-performance-considerations

            """#
        ),
        RuleCatalogEntry(
            id: "concurrency/unbounded-fanout",
            category: "concurrency",
            severity: .warning,
            summary: "Promise.all over request data starts one call per element with no limit",
            fixDescription: "bound the fan-out with a size check, batches, or a limiter such as p-limit",
            since: "0.1.0",
            hotOnly: true,
            markdown: #"""
            # concurrency/unbounded-fanout

            ## What it does
            Reports `Promise.all(...)` and `Promise.allSettled(...)` over `collection.map(fn)` (or
            `Array.from(collection, fn)`, also through a local holding the mapped promises) when `fn` starts
            asynchronous work and the collection has no known bound:
            - it comes from request data: `req.body`, `req.query`, `req.params`, `req.headers`,
              `ctx.request.body`, `ctx.query`, `event.body`, `await request.json()`, a Next.js server action's
              parameters (the exports of a `'use server'` module, a function whose body starts with `'use server'`),
              the `parsedInput` of a next-safe-action callback (`client.action(async ({ parsedInput }) => ...)`),
              followed through locals,
              destructuring, `split`, `filter`, `map`, `Object.keys/values/entries`, `JSON.parse`, `Array.from`,
              `new Set(...)`, `[...x]` and `x || []`, and through the results of an earlier fan-out
              (`await Promise.all(xs.map(f))` has as many elements as `xs`);
            - or it is a parameter of its function (`createContactsFromCSV(csvData, ...)` mapping `csvData`) and a
              call of that function the project makes passes request data for it
              (`createContactsFromCSV(parsedInput.csvData, ...)` in a server action, `api.users.deleteMany(req, req.body)`
              for `data.uids`), directly or through up to three functions that hand on their own parameter
              (`importUpload(upload)` calling `tagRecords(upload.records)`); the trace starts at that argument
              (`passes parsedInput.csvData`) and `evidence.passedAt` names it;
            - or, in a request handler, it is the result of a query with no limit (`find`, `findAll`,
              `findMany`, `list`, `scan`, `select`, `query`, `readdir` without `limit`, `take`, `first`, `top`,
              `pageSize` or SQL `LIMIT`), also as one element of a group
              (`const [team, members] = await Promise.all([Team.findByPk(id), Member.findAll({ where })])`).

            It stays quiet when the collection lists a fixed folder (`readdir('frontend/dist/assets/i18n/')`, a path
            built only from literals and `__dirname`: the files a deployment ships), when a limiter wraps the mapped call (`limit(() => ...)` from p-limit, `queue.add`,
            `semaphore.acquire`, a receiver named like a limiter, queue, pool or semaphore), when the collection
            is sliced, when an `if` rejects long input (`if (ids.length > MAX) return ...` or `throw`; for a
            parameter, in the fan-out's function or in the caller that passes the request data), when every caller of
            a parameter's function passes data the program writes (`ensureKeys(['email', 'userId'])`), and when
            the data passes through a function looplint does not know (a validator may cap its size).

            It also stays quiet when every call the mapped function makes goes through one transaction: a call on
            the transaction client (`tx.item.update(...)` inside `$transaction(async (tx) => ...)`), or one handed the
            transaction (`{ where, transaction }`, `trx`, `ctx.state.transaction`), a context made with it
            (`const ctx = createContext({ user, transaction })`), or a parameter the function reads a transaction from
            (`ctx` when the function passes `ctx.state.transaction` elsewhere). A driver sends a transaction's queries
            one after another on its one connection, so the calls queue there instead of reaching the pool or the
            database at once. A call in the mapped function that does not carry the transaction keeps the finding.

            ## Where it reports
            Only in code an entry point reaches (`hot-only: true`): request handlers and middleware, message
            handlers (ws, socket.io, net), jobs and a library's public API, and what they call, through the
            execution-context model the families share. Start-up code, seeding, migrations and scripts that no entry
            reaches are left out, and `evidence.context` names the entry's kind. `hotOnly: false` in `looplint.yml`
            also reports unreached code (labelled `unreached`). On the ecosystem check (40 real projects) all
            fan-out findings are in reached code: 2, audited true (NodeBB's ActivityPub inbox undoing the flags a remote
            server lists; NodeBB's admin bulk user deletion, `DELETE /api/v3/users`, which hands `req.body` to
            `usersAPI.deleteMany` and deletes every listed account at once: found when parameters were followed to their
            callers, the only finding that added there). On the fix commits it finds formbricks' `createContactsFromCSV`
            (fixed with chunks of 50), and it reports the fan-out an etherpad-lite fix introduced over the session ids of
            a cookie (`sessionCookie.split(',')`, `req.cookies.sessionID` passed to `checkAccess`): request-sized, up to
            the header limit. The 2 false ones outline had (a team's removed allowed domains, capped by validation, and the
            notifications of one reaction, normally one row) went when calls made on one transaction stopped counting:
            both ran every call on the request's or the task's transaction. Earlier, two were removed when `await Promise.all(...)` stopped
            counting as a query without a limit: a route's second fan-out over the results of a first one capped by
            `Math.min(count, 100)` (false), and one over a custom association method (`user.groups()`, true, now missed:
            its name is not a query verb).

            ## Why is this bad?
            One request with ten thousand ids starts ten thousand queries at once: the connection pool queues
            them, memory grows with every pending promise, the database or partner API sees a burst, and every
            other request waits behind it. The size of that burst is chosen by the client.

            ## Example
            ```js
            const express = require('express')
            const app = express()

            app.post('/users/batch', async (req, res) => {
              const users = await Promise.all(req.body.ids.map((id) => User.findById(id)))
              res.json(users)
            })
            ```

            Use instead:
            ```js
            const pLimit = require('p-limit')
            const limit = pLimit(8)

            app.post('/users/batch', async (req, res) => {
              const { ids } = req.body
              if (ids.length > 100) return res.status(413).end()
              const users = await Promise.all(ids.map((id) => limit(() => User.findById(id))))
              res.json(users)
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When an upstream layer (an API gateway, a schema) already rejects large bodies, and that bound is
            small; the rule cannot see it.

            ## Limitations
            - Request data is read by name in the function that holds it: a first parameter named `req`, `request`,
              `ctx`, `context` or `event` (its request fields), `parsedInput`, a server action's parameters. A helper's
              parameter is followed to the calls the call graph knows (at most three calls up, 64 call sites per
              fan-out); a parameter passed inside an object (`notify({ ids: req.body.ids })`), a destructured parameter,
              and tRPC's `input` are not followed.
            - Bounds enforced elsewhere (schema validation with `.max(100)`, middleware) are not seen; data that
              passes through an unknown function is treated as bounded, so such cases stay quiet.
            - Fan-out written with `for` loops that push promises into an array is not reported.
            - Whether a value carries a transaction is read from names in the function: `transaction`, `trx`, `tx`,
              `txn`, `session` (and `.transaction`, `.trx` properties), or a local made from an object literal naming
              one. A transaction held under another name is not seen (the finding stays); a field so named that holds no
              transaction silences the finding. A fan-out over a job's input is not reported.

            ## References
            - p-limit: https://github.com/sindresorhus/p-limit
            - Node.js, "Don't Block the Event Loop", section on partitioning work: https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop

            """#
        ),
        RuleCatalogEntry(
            id: "listener-leak/emitter",
            category: "listener-leak",
            severity: .warning,
            summary: "Listener added per request to a long-lived emitter and never removed",
            fixDescription: "remove the same function (off/removeListener) when the request ends, or pass an AbortSignal",
            since: "0.1.0",
            markdown: #"""
            # listener-leak/emitter

            ## What it does
            Reports `on`, `addListener`, `prependListener` and `addEventListener` calls that add a listener, on
            every request or on every call of a library function, to an emitter that outlives it, when the same
            function is never removed from that emitter.

            ## When it reports
            On a request path (a function a request, message or job entry point reaches, including the per-message
            and per-chunk hooks Node.js runs in any program: a client socket's `'data'`/`'message'` handlers and a
            stream class's `_transform`/`_write`/`_writev`/`_read`, see [blocking/fs-sync](../blocking/fs-sync.md)),
            when the emitter is
            long-lived: `process`, emitters and other objects made at module level (`new EventEmitter()`, a `pg`
            pool, a redis client, the HTTP server, a `BroadcastChannel`), objects imported from another module
            (`const { bus } = require('./bus')`, `import mongoose from 'mongoose'` and their properties such as
            `mongoose.connection`), fields of singletons and static fields, a singleton itself (`this.on(...)`, or `self.on(...)` after
            `var self = this`, in a method of a class made once at module level that is its own emitter, such as a
            socket handler adding a listener to itself for every connection), and the connection's socket of a
            request (`req.socket`, `res.connection`, `ctx.socket`), which keep-alive reuses for many requests.
            A class may be written the ES5 way, a constructor function with methods on its prototype
            (`SocketHandler.prototype._connect = function (socket) {...}`), and it is a singleton when every instance
            is made at module level, in its own file or, for an exported class its file never instantiates, in the
            modules that import it (at least once, and only in an application: a scan with request, message or job
            entry points, since a library's users make its classes as often as they like whatever its demo does;
            any other use of it there, a `new` inside a function, keeps it per-request). Its constructor's `this.io.on('connect', this._connect.bind(this))` makes `_connect` a
            connection handler (aggie's socket handler, fixed in f6a63bed).

            Outside request paths, in library code that runs once per call (the function that holds the call, or
            encloses the promise executor or callback that holds it):

            - a **borrowed connection**: a class or prototype method adds a listener to a parameter named like a
              connection or client (`connection`, `conn`, `con`, `client`, `dbConnection`), to a local of such a name
              that only renames a parameter (`const con = connection`), or to a `this.` field of
              that name set from a parameter; a pool or the caller hands the same connection to many calls, so
              each call leaves one more listener on it (typeorm's `prepareDbConnection(connection)`, pg-cursor's
              `submit(con)`, mysql2's query command). A constructor counts when it makes a per-operation object
              (a name ending in Query, Command, Request, Cursor, Statement, Transaction, Operation, Job or Task:
              sequelize's `Query(client)` kept the shared client in `this.client` and added `'error'` to it);
            - **`process` in a method**: a class or prototype method that is not a setup method (names starting
              with `start`, `listen`, `init`, `setup`, `bootstrap`, `install`, `register`, `configure`, `enable`,
              `boot`, `serve`, `main`, `set`, `bind`, `attach`) adds a `process` listener on every call (citgm's
              `Tester.prototype.run` added `SIGINT`/`SIGHUP` per module tested). A method the file calls on its own
              object (`this.handleSignals()`, `that.`, `self.`) only from a constructor or a set-up method (a set-up
              name, or one whose last word is one: `innerStart`) runs once per object, and a method that can end the
              process outside the listener it adds (`process.exit(...)`, `that.exitCli(code)`) is a command-line
              command: neither is reported. On the held-out projects (`ecosystem/holdout/`) pm2's daemon
              (`Daemon.prototype.handleSignals`, called from `innerStart`: 5 findings) and its `dashboard` command (1)
              were audited false and are quiet since; the ecosystem check and the fix commits' trees did not change;
            - **a removal that removes nothing**: the listener is a new function (inline, or a `.bind` copy) and
              the file "removes" it from the same emitter and event with another new function, which was never
              added (y-websocket's provider: `process.on('exit', () => ...)` in the constructor, `process.off('exit',
              () => ...)` in `destroy`);
            - **a removal that names another function**: a call adds a named function for an event and, in the
              same call, removes another named function of its own (`const onClose = function () {...}`) from the
              same emitter (through a chain such as `socket.on('drain', f).on('close', g)` too) for that event, one
              that no add in the file puts there for it: the removal meant the added listener and misses it, so
              it stays (undici's `write`: `socket.on('close', onFinished)` beside `socket.removeListener('close',
              onClose)`). A variable that may hold the added function (`_resolve = resolve`) is not another function;
            - **a reply awaited with `on`**: a method waits for its reply inside `new Promise(...)` with `on` on its
              own emitter (`this`, `self`, or a field it made with `new`), so the listener stays after the promise
              settles (minecraft-query's `fullStat`);
            - **the caller's `AbortSignal`**: a function adds an `'abort'` listener to a signal it was handed (a
              parameter, `options.signal`, `const { signal } = opts`, or the `signal` of an object the call makes
              from its arguments and nothing else, `requestObject = new Request(input, init)`, whose signal follows
              the one in `init`: undici's `fetch`), directly or through a helper
              (`util.addListener(signal, fn)`, `addAbortListener(signal, fn)` whose handle is dropped), and never
              removes it; callers reuse one signal for many calls, and it keeps every listener until it aborts
              (undici's request handler; discord.js's REST `makeNetworkRequest`). Setup functions (`listen(options)`)
              are quiet;
            - **a reply awaited with a timeout**: a method waits for its reply in `new Promise(...)` with a named
              listener on its own emitter or a borrowed connection, the listener removes itself when the reply
              comes, and a `setTimeout` in the same executor settles the promise without removing it: each call
              whose reply never comes leaves its listener (moleculer's `ping`: `setTimeout(() => resolve(null),
              timeout)` beside a pong handler that calls `off` only when the pong arrives). A timer that removes the
              listener too, or no timer at all (the call waits until the reply comes), is quiet;
            - **a retry that leaves the listener**: a function adds a listener to its own object (`this`, or
              `var _this = this`) and a listener it adds for an ending event (`'end'`, `'close'`, `'error'`, ...)
              runs the function again, directly or in a timer it starts (`_this.connect()` in a timer an `'end'`
              listener starts; `startStreamProcess()` in a stream's `'end'` listener), on a path that does not
              first remove that listener (`removeListener` / `removeAllListeners` for its event, in a statement before
              the one that leads to the call): every attempt that ends that way leaves one more listener on an object
              that outlives the attempts (ioredis's `Cluster.prototype.connect`, whose failed attempts left their
              `once('refresh')`; MQTT.js's store processing, whose `once('close', remove)` was removed only when the
              stream was done). This shape counts in setup methods too (`connect`), since the retry runs them again,
              and for `once` listeners of any event; a `once` whose own listener makes the call has fired and is gone,
              and a call made again from a listener for another outcome (`this.once('connect', () => this.end())`)
              is a deferral, not a retry;
            - **a client request's pooled socket**: a listener added to the socket that a request's `'socket'`
              event (or an agent's `'free'` event) hands to its listener (`req.on('socket', (socket) =>
              socket.on('data', ...))`): a keep-alive agent hands the same socket to request after request (node-fetch's
              chunked-ending check). `once` counts there for the events a socket emits only while it connects
              (`connect`, `secureConnect`, `lookup`, `ready`), which a reused socket never emits again (request's
              connect timeout), unless the add sits under a check that the socket is still connecting
              (`if (socket.connecting)`);
            - **a keep-alive socket in a framework's own request handler**: a function that takes `req`, `request`
              or `ctx` adds a listener to the connection's socket (koa's application callback added
              `ctx.socket.on('error')` per request);
            - **an owner's emitter left by an object that ends**: a class (or a constructor function with prototype
              methods) that has a teardown method (`disconnect`, `destroy`, `close`, `dispose`, `stop`, `shutdown`,
              `terminate`, `release`, `end`, `quit`, ...) adds an inline listener (or a `.bind` copy), in its
              constructor or any of its methods, set-up methods such as `bindListeners` included, to an emitter held
              by an object it was handed (`this.manager.client`, where `this.manager` is set from a parameter), and
              the class neither removes anything from that emitter nor ends it. The object that made this one
              outlives it, and an inline listener cannot be removed, so every instance leaves one listener behind
              after its teardown (discord.js's `VoiceConnection` added a `voiceStateUpdate` listener to its
              manager's client for every voice connection; the fix kept it in a field and removed it in
              `disconnect`). A `once` counts only for the events above that may never fire. This shape also
              counts on a request path, whose rules above do not take an owner's field for long-lived: an
              application that makes such an object per request (`new Relay(hub, res)` in a handler) leaves a
              listener on the hub's emitter with every request;
            - **a caller's client left by an object that ends**: a class (or a constructor function with prototype
              methods) sets a field from a parameter (`this._client = opts`, `this.client = client || new Redis()`),
              adds an inline listener (or a `.bind` copy) to it, directly (`this.client.on(...)`), on what a `.then`
              of it hands over (`this.initializing.then((client) => client.on('error', ...))`, where
              `this.initializing = this.init()` and `init()` returns `this._client`) or on a local set to `await` of
              it (through a getter too), and a teardown method ends that field only under a test that compares the
              field itself with something (`if (this.opts != this._client) await this._client.quit()`): the class
              knows the client may be the caller's, leaves it running then, and nothing removes the listener
              (`removeAllListeners` in the class is quiet), so every instance leaves one on a client the caller shares
              among many (bullmq's `RedisConnection`, made per `Queue` and `Worker`, on a shared ioredis client). A
              teardown that ends the field on every path (it owns the client), one that tests only its state
              (`this.client.status !== 'end'`) or presence (`if (this.client)`), and a field the class only makes
              itself are quiet. This shape counts on request paths too, like the one above;
            - **a stream waiting for its reader on itself per chunk**: a class that extends `Transform`, `Duplex`,
              `Readable` or `PassThrough` adds a listener for `resume`, `readable` or `drain` (`once` too) to itself
              under a test of its own `this.push(...)` result (`const more = this.push(x); if (!more)`), in
              `_transform`/`_write`/`_writev` or in a method one of them calls (also from a callback it hands over,
              such as a parallel transform's completion): every chunk that completes while the reader is behind adds
              one more, since nothing stops the next chunk before the event comes (pipeline-pipe's
              `ParallelTransform._drain` added `once('resume')` and `once('readable')` each time its buffer filled;
              the fix added them only when they were not there yet). An add under a `listeners(...)` check, a method
              no chunk hook calls, and another object's `once('drain')` (a writer that pauses its source) are quiet.
              This shape counts on request paths too (a chunk hook is one);
            - **a shallow copy of an emitter**: `Object.assign({}, x)` (or onto `Object.create(...)`) and `{ ...x }`
              copy `x`'s own fields by reference, an EventEmitter's listener table (`_events`) among them, so a
              listener added to the copy is added to `x`. A function that runs per call (not a set-up function)
              copies an object that was there before the call (`this.client`, a parameter, a module-level object;
              not a local it made, not a `.prototype`) and adds a listener to the copy, in the same function
              (`const t = { ...this.transport }; t.on(...)`) or in a function of the file it hands the copy to
              (`redefineProperties(knexClone, knexClone.client)`, which adds to its parameter or to a path from one,
              `knex.client`, also after setting it from the parameter that got the copy, `knex.client = client`):
              every call leaves one more listener on the original (knex's `withUserParams()` cloned its client with
              `Object.assign({}, this.client)` and wired four passthrough listeners on the clone, which landed on
              the shared client; the fix made the clone with the client's prototype and a deep merge). A copy given a
              table of its own first (`EventEmitter.call(copy)`, `copy._events = ...`) is quiet. This shape counts on
              request paths too, also in a handler the file hands to the framework (`app.get('/feed', (req, res) =>
              { const view = { ...feed, user: req.user }; view.on('update', ...) })` adds to the module-level `feed`).

            These findings say `per call` as their context, and their trace starts at the function that runs once
            per call. With `libraryAPI: true` in looplint.yml (a library's exported API as entry points) these
            shapes still decide for the code that API reaches, instead of the request-path rules above: which
            emitters outlive a call of a library function is what they model. Measured with the option on, the
            request-path rules there added 9 findings (5 on the ecosystem check, 4 more in fix-commit trees), all
            8 audited false (a keep-alive socket's listener added once per socket behind a `has(socket)` check,
            listeners added once per new socket through a helper, CLI and start-up code), and they hid 6 of this rule's fix-commit hits (node-fetch, pg-cursor, undici,
            request, moleculer's `ping`, minecraft-query) and 2 audited true findings on the ecosystem check.

            `once` and `prependOnceListener` are reported only for events that may never fire while the server
            runs (`exit`, `beforeExit`, `SIGTERM`, `SIGINT`, `close`, `end`, `error`, `disconnect`, ...): such a
            listener waits, holding the request, until shutdown. On a borrowed connection `once('error')`
            counts, and so does a `once` for one of two replies: the same call adds `once` listeners for two
            different events (neither an error, end or close) to the same connection, and only one of them comes
            (pg-cursor's `con.once('noData', this._ifNoData)` beside `con.once('rowDescription',
            this._rowDescription)`). Such a listener counts as removed only when the other reply's listener (a
            method of the same class or constructor, or a function of the file) removes it: a removal in an error
            handler does not run when the other reply simply comes.

            ## When it stays quiet
            A listener counts as removed when the file calls `off` / `removeListener` / `removeEventListener` on
            the same emitter with the same function (in a `finally` block, on `res` `'close'`, inside the listener
            itself), or `removeAllListeners`; for the per-call shapes, a removal of the same function (same name or
            field, same event) from any receiver counts, since a borrowed connection is often spelled differently
            where it is released (`con` when added, `this.connection` when removed). Passing `{ signal }` counts
            too. Listeners on per-request objects (`req`, `res`, an emitter made in the handler) are never
            reported. An add under a check that no such listener is there yet (`if
            (connection.listeners('error').length === 0)`, `listenerCount`) is quiet, and so is one that runs only
            until a module-level flag the function sets is set (`if (parserInit === true) return` before the adds,
            `parserInit = true` after them; also `if (ready) return`, `if (!ready) { ... }`: flood's XML-RPC parser,
            4 audited false on the fourth held-out set).

            For the per-call shapes: constructors of other classes (a per-client helper made once per client),
            plain functions (a wiring helper such as `forwardErrors(owner, connection)`), callbacks the file hands
            over by name (`server.on('connection', onConnection)`: each call gets a new connection), methods whose
            name says they take a new connection (`handleConnection(client, request)`, `onConnection`,
            `acceptConnection`, `onClientConnect`: a server's `'connection'` event calls them once per connection, with it;
            on the fourth held-out set this removed docmost's collaboration gateway, 4 audited false), a private
            method (`private connectClient(client)`, `#wire(client)`) that its class only ever calls on itself with an
            object it has just made there (`this.connectClient(this.signalkClient)` after `this.signalkClient = new
            Client(...)`, or `new X(...)` in place: the object's own client, which no caller can hand it; on the fifth
            held-out set this removed signalk-server's mDNS stream, 4 audited false), setup methods,
            and an `'end'`/`'close'`/`'finish'` listener in a call that itself ends that connection
            (`connection.close()`, `.end()`, `.destroy()`) are quiet. The owner's-emitter shape is quiet for a
            class with no teardown method (its instances may live as long as their owner), for a listener that is a
            named function or field (it may be removed where the file cannot tell), and for the object's own fields
            (`this.client` set from a parameter is the borrowed-connection shape's, for connection-like names only).
            The shallow-copy shape is quiet for a copy of an object the call made itself, of a `.prototype`
            (`Object.assign({}, EventEmitter.prototype, {...})`), for a copy given a listener table of its own, for a
            copy made in a set-up function, and when the function the copy is handed to sets the field to anything
            but the parameter that got the copy before adding (`db.client = new EventEmitter()`).

            ## Why is this bad?
            Every request adds one more function to the emitter's listener array, and each function keeps its
            closure alive: the request, the response, the buffers it captured. Memory grows with traffic, and
            each `emit` calls every stale listener, so the event gets slower too; after 10 listeners Node prints
            `MaxListenersExceededWarning`. On the bundled benchmark server the inbox endpoint that adds a bus
            listener per request grows the heap with every 10,000 requests; its twin that removes the listener in
            `finally` stays flat (`looplint bench`).

            ## Example
            ```js
            const express = require('express')
            const app = express()
            const { EventEmitter } = require('events')
            const updates = new EventEmitter()

            app.get('/stream', (req, res) => {
              const onUpdate = (u) => res.write(`data: ${JSON.stringify(u)}\n\n`)
              updates.on('update', onUpdate)
            })

            app.post('/jobs', (req, res) => {
              process.on('SIGTERM', () => saveJob(req.body))
              res.end()
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const app = express()
            const { EventEmitter } = require('events')
            const updates = new EventEmitter()

            app.get('/stream', (req, res) => {
              const onUpdate = (u) => res.write(`data: ${JSON.stringify(u)}\n\n`)
              updates.on('update', onUpdate)
              res.on('close', () => updates.off('update', onUpdate))
            })

            app.get('/inbox', async (req, res) => {
              const onAnnouncement = (text) => res.write(text)
              updates.on('announcement', onAnnouncement)
              try {
                res.end(await render(req))
              } finally {
                updates.off('announcement', onAnnouncement)
              }
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When an endpoint runs once per process by design (an admin route that wires a hook), suppress the
            finding with a reason.

            ## Limitations
            Removal is matched by the emitter and the listener as written in the same file, not by whether it runs
            on every path: a removal only on success counts as a removal, except in the reply-with-a-timeout shape
            above (a removal inside the listener itself while a timer settles the call). An emitter reached only through a function's return value, or a listener
            added in a helper the handler calls in another file, is not followed yet. `once` for ordinary events
            is assumed to fire (an `once('connected')` that a failed attempt never fires, two `once` listeners of
            which only one fires), except on a borrowed connection and in the retry shape above (an
            `once('refresh')` left by an attempt that ended, when the `'end'` listener retries). Outside request paths, an emitter counts only in the shapes
            above, decided from the file alone: a listener on a socket or connection that another callback receives
            (a client resolved by a promise, unless it resolves to a field of a class whose teardown ends that field
            only when the object made it), on an imported module from a plain function, or on `this` outside a
            promise, a retry and a stream's full buffer is not reported. The shared-client shape knows ownership only
            from a teardown's test that compares the field itself (`if (this._ownsClient)`, a flag, is not read), and
            follows a promise only through `this.` fields, methods and getters of the same class. The stream shape
            knows class syntax only (not `util.inherits(F, Transform)`), and reads the full buffer from `this.push()`
            alone, not from `write()`. The owner's-emitter shape knows a teardown by its method's
            name, and follows an owner only through a `this.` field set from a parameter (not a local or a
            parameter of a plain function). The shallow-copy shape knows `Object.assign` and object spread only (not
            lodash's `clone`, nor `Object.create(x)` of an instance, whose table the child reads through its
            prototype), and follows the copy into one function of the same file, called by its name. The retry shape takes a removal in an earlier statement of
            an enclosing block as running, even under an `if`.

            On real fix commits (the fix-commit set's 31 listener-leak rows: real code, each scanned at the fix's
            parent and at the fix), this rule and `interval` flag 24 (77%; 23 before the shallow-copy shape, 21 before the shared-client and stream
            shapes, 20 before the owner's-emitter shape, 16 before ES5 classes, retries and a Request's signal; 1
            before the per-call shapes): knex's `redefineProperties` reached from `withUserParams()` (a shallow copy of an
            emitter: the four passthrough listeners, lines 198-207; the fixed file is clean), bullmq's `RedisConnection` (a caller's client left by an object that ends),
            pipeline-pipe's `ParallelTransform._drain` (a stream waiting for its reader on itself per chunk: both
            `once` pairs, lines 111-133; the two fixed files are clean), discord.js's
            `VoiceConnection` (an owner's emitter left by an object that ends), aggie's socket handler (an ES5 singleton adding to
            itself through `self` per connection, reached through `this._connect.bind(this)`), ioredis's cluster
            `connect` and MQTT.js's store processing (a retry that leaves the listener), undici's `fetch` (a
            Request's signal), typeorm's
            mysql driver, pg-cursor's `submit` (a `once` for one of two replies), undici's `write` (a removal that names
            another function), mysql2's query command, sequelize's query, citgm's tester, minecraft-query, y-websocket's
            provider, koa's application, undici's request handler, moleculer's `ping` (both of its pong
            listeners, single and multi-node), node-fetch's chunked-ending check and request's connect timeout
            from the per-call shapes, uptime-kuma's monitor query on a job
            path, hiero-json-rpc-relay's per-connection ping interval in koa-websocket middleware, and y-websocket's ping interval in the server it ships in `bin/` (a flag-guarded self-clear); the 28 fixed files expected to be clean are, as before. The shared-client and stream shapes add no finding on the
            ecosystem check's 40 projects and, in the 308 trees of the fix commits (before and after each fix),
            only knex's four in the tree before its fix (`ecosystem/triage/verdicts-shallowcopy-fixtrees.tsv`, all
            true: `withUserParams()` is public API, and knex's own `Migrator` calls it for every `knex.migrate`
            access), with no finding removed. The shared-client and stream shapes add no finding on the
            ecosystem check's 40 projects and, in the 308 trees of the fix commits (before and after each fix),
            only the five in the two trees before their fixes (bullmq's constructor, pipeline-pipe's four `once`
            calls; `ecosystem/triage/verdicts-sharedclient-stream-fixtrees.tsv`), with no finding removed. The owner's-emitter shape adds no finding on the
            ecosystem check's 40 projects (none with `--all-contexts` either) and, in the 308 trees of the fix commits
            (before and after each fix), only discord.js's `VoiceConnection` in the three trees that hold it (also
            once the shape counts on request paths). ES5 classes, the retry shape and a Request's signal add no finding on the
            ecosystem check's 40 projects (the retry shape's first version reported pg's native `Client.prototype.end`,
            which calls itself again from a `once('connect')` listener once a pending connection is made: a deferral,
            1 false finding, made quiet by asking the call to sit in a listener for an ending event), and leave its
            findings unchanged but for one `serial-await/loop` finding in mongoose, audited false, that resolving
            methods on ES5 prototypes made reachable. On the ecosystem check's 40 projects the pooled-socket shape adds two
            findings, audited true (node-fetch's `fetch` prepends `'end'` and `'close'` listeners to the request's
            socket on Node < 14, which its engines still allow), the reply-with-a-timeout shape none, and the other
            per-call shapes one, audited true (discord.js's REST `makeNetworkRequest` leaves an abort listener
            on the caller's signal per request); the alternative-replies shape and renamed parameters add none, and the
            removal-that-names-another-function shape none (its first version reported bullmq's `disconnect`, whose
            removal names `_resolve`, a variable set to the added `resolve`: 2 false findings, made quiet); the 26 their first versions reported there (pg's
            `_attachListeners(con)`, discord.js's `ShardClientUtil` constructor, connections closed in
            `disconnect`, a wiring helper, fastify's `listen(options)`) were all false and shaped the quiet cases
            above.

            The 7 listener-leak rows still missed, read one by one (again on the trees before their fixes for this
            shape): four are not leaks by `TRIAGE.md`'s measure
            (typeorm's `PostgresQueryRunner.query` removes its `once('error')` in the query's callback, the fix was
            for a `MaxListenersExceededWarning` under concurrency; mongoose's `useDb` waits with `once('connected')`,
            an event that comes; agentkeepalive removes its free socket's `once('error')` when it hands the socket
            out again; NodeBB's retry timers are one-shot `setTimeout`s, at most 12 per delivery), one is debatable
            (etherpad-lite's `process.on('uncaughtException')` runs in its `expressCreateServer` hook, once per server
            start or admin-triggered restart: `process` in a function that runs more than once, but not per request),
            one is set-up code (mongoose's `Model.init`, once per model), one is an
            admin-only plugin installer (etherpad-lite's `static/js/pluginfw/installer.js`: tooling by its file name,
            `installer.js`, as `TRIAGE.md` counts installers, whatever its folder; with `--all-contexts` it is
            reported from the admin page's socket handlers). typeorm's `query()` removes its `once('error')` in the
            query's callback, which pg calls on success and on failure alike, so the listeners are bounded by the
            queries in flight on one connection; agentkeepalive's `once('error')` is added only when a socket enters
            the free pool and removed in `addRequest` when the pool hands it out again (a socket the `'free'` event
            passes straight to a waiting request never gets one). Both fixes are for `MaxListenersExceededWarning`
            or tidiness, not growth, so a shape for them would report code that `TRIAGE.md` reads as safe. Knex's
            row, once modelled as the shallow copy it is (a transaction's `makeKnex(trxClient)` adds to a fresh
            `Object.create(Client.prototype)` with a table of its own, so the transaction path is not the leak), is
            found.

            Reporting a `once` on the object's own emitter (`this`, `self`, a field it made) in any class or prototype
            method that is not a constructor or a set-up method, for any event, was measured for mongoose's `useDb`
            (`this.once('connected', wireup)` per call) and pipeline-pipe's buffer: it reached `useDb` but not
            pipeline-pipe's `_drain`, and on the ecosystem check's 40 projects it added 18 findings, all false by
            `TRIAGE.md` (recorded in `ecosystem/triage/verdicts-own-once-probe.tsv`): 8 waits for an event that
            comes (cursors waiting for their `'cursor'`, `end()`, `_close()` and a socket's close waiting for
            `'drain'`, `'connect'` or `'open'`, a connect attempt's `once('close')`), 3 completion callbacks
            (`close(cb)`, `connect(port, host, cb)`), 5 in engine.io-client's browser transport, and 2 in a spawn
            whose `cleanup()` removes all three of its listeners on every outcome. Nothing in the code tells `useDb`'s
            wait (which `TRIAGE.md` does not count either: `'connected'` comes) from those, so it was not kept.

            Giving a module in a browser folder whose content says nothing of a browser the role of source when
            only source code imports it (the mirror of "only browser code imports it") was tried for the installer
            row: it cannot reach it (the file name decides first), changed no finding on the ecosystem check's 40
            projects and no fix-commit figure (listener-leak 21 of 31, unbounded-cache 11 of 30, fixed files clean as
            before), and in etherpad-lite's tree before the installer fix (079fdf0f) added one `map-growth` finding on
            the same admin install path (the `fuSeen` array of npm's vendored `read-installed.js`), false by
            `TRIAGE.md`; it was not kept.

            ## References
            - Node.js events, `emitter.off` and `MaxListenersExceededWarning`: https://nodejs.org/api/events.html

            """#
        ),
        RuleCatalogEntry(
            id: "listener-leak/interval",
            category: "listener-leak",
            severity: .warning,
            summary: "setInterval started per request and never cleared",
            fixDescription: "keep the handle and clearInterval it when the request ends, or run one interval at module level",
            since: "0.1.0",
            markdown: #"""
            # listener-leak/interval

            ## What it does
            Reports `setInterval(...)` (also `global.setInterval` and `require('timers').setInterval`) called on a
            request path when its handle is dropped, or kept in a variable or property that no
            `clearInterval` / `clearTimeout` ever receives. `.unref()` does not count as clearing: it only lets the
            process exit. A handle passed to another function, returned or stored in a collection is assumed to
            be cleared elsewhere. The async iterator `setInterval` of `timers/promises` is not reported.

            A handle that only its own callback clears counts as cleared, unless the clear waits on a local flag
            that may stay put once the connection is gone: `if (!pongReceived) clearInterval(ping)` where the callback
            sets the flag back (`pongReceived = false`) only under another condition (`else if (doc.conns.has(conn))`)
            and the code outside it only ever sets the other value (a `'pong'` listener setting `true`). After a last
            pong and a close, neither branch runs again and the timer ticks forever (y-websocket's per-connection ping
            before its fix). A callback that resets the flag on every tick it does not clear (ws's heartbeat:
            `if (!isAlive) { clearInterval(t); return ws.terminate() } isAlive = false`), a test on the connection
            itself (`ws.readyState`), a call or a counter the callback advances all count as clearing it.

            A WebSocket connection handler is a request path too: `ws`'s `wss.on('connection', ...)`, socket.io's
            `io.on('connection', ...)`, koa-websocket's `app.ws.use(async (ctx) => ...)` middleware and
            express-ws's `app.ws('/path', (ws, req) => ...)` run once per connection, so an interval they start and
            never clear (a per-connection ping) outlives the connection.

            The per-message and per-chunk hooks of any program (a client socket's `'data'`/`'message'` handlers, a
            stream class's `_transform`; see [blocking/fs-sync](../blocking/fs-sync.md)) are not request paths for this
            rule: a client's message handler starts its heartbeat when the server's hello arrives (discord.js's
            gateway, op 10, and its first client's `READY`), once per connection; on the fix commits' trees both such
            findings were false.

            ## Why is this bad?
            An interval runs until it is cleared. Started per request, each one keeps its callback, and
            everything the callback closes over (the request, the response, buffers), alive forever, and each
            adds work to the event loop at every tick. After a day of traffic the process runs thousands of
            timers writing to closed sockets.

            ## Example
            ```js
            const express = require('express')
            const app = express()
            app.get('/progress/:job', (req, res) => {
              setInterval(() => res.write(`${progress(req.params.job)}\n`), 1000)
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const app = express()
            app.get('/progress/:job', (req, res) => {
              const timer = setInterval(() => res.write(`${progress(req.params.job)}\n`), 1000)
              res.on('close', () => clearInterval(timer))
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Never on request paths; intervals that should live as long as the process belong at module level.

            ## Limitations
            A handle stored on an object is matched with `clearInterval` by the text of the expression
            (`clearInterval(req.poller)` clears `req.poller = setInterval(...)`). A handle that only its own callback
            clears counts as cleared when the clear's condition reads anything but a plain local flag (a member, a
            call, the connection), though such a condition, too, may stop changing once the connection is gone. The
            flag shape adds no finding on the ecosystem check's 40 projects; of the 31 listener-leak fix commits it
            finds y-websocket's (`bin/utils.js`, fixed in 75330572), reached from the server the package ships in
            `bin/server.js`: a `bin/` program that loads a server module is source, and so are the `bin/` modules it
            imports.

            On the real fix commits (`ecosystem/fixcommits/`), since koa-websocket middleware is a connection
            handler the interval rule finds hiero-json-rpc-relay's per-connection ping (`app.ws.use`, fixed in
            f8505a27); the ecosystem check's 40 projects use neither koa-websocket nor express-ws, and its findings
            are unchanged.

            ## References
            - Node.js timers: https://nodejs.org/api/timers.html#clearintervaltimeout

            """#
        ),
        RuleCatalogEntry(
            id: "listener-leak/max-listeners",
            category: "listener-leak",
            severity: .note,
            summary: "setMaxListeners(0) or Infinity hides the listener-leak warning",
            fixDescription: "set a real limit and remove the listeners added per request",
            since: "0.1.0",
            markdown: #"""
            # listener-leak/max-listeners

            ## What it does
            Reports `emitter.setMaxListeners(0)` or `setMaxListeners(Infinity)` (also `Number.POSITIVE_INFINITY`) when
            code that a request, message or job runs adds listeners to that same emitter (the same receiver, in the
            same file): the raised limit then hides the warning that those listeners pile up. Also reports
            `events.setMaxListeners(0, ...)` and `EventEmitter.defaultMaxListeners = 0 | Infinity`, which turn the
            warning off for every emitter.

            ## When it stays quiet
            - A raised limit on an emitter that no per-request code subscribes to: a broker, pool or connection with a
              fixed set of subscribers added at start-up. Measured on real code (the ecosystem check's triage ledger),
              none of 8 audited findings of a bare raised limit was a real hazard (the limit was raised once at
              start-up, or the listeners were removed).
            - An emitter made inside the same function (a stream for one call).

            It reports as a **note**, which does not fail `check` at the default `--fail-on warning`.

            ## Why is this bad?
            `MaxListenersExceededWarning` is how Node tells you that listeners pile up on an emitter, usually one
            per request. Turning the limit off does not fix the leak; it removes the only early signal, and the
            leak surfaces later as memory growth and slow `emit` calls.

            ## Example
            ```js
            const express = require('express')
            const EventEmitter = require('events')
            const app = express()
            const bus = new EventEmitter()
            bus.setMaxListeners(0)
            EventEmitter.defaultMaxListeners = Infinity

            app.get('/wait/:id', (req, res) => {
              bus.once('done:' + req.params.id, () => res.end())
            })
            ```

            Use instead:
            ```js
            const EventEmitter = require('events')
            const bus = new EventEmitter()
            bus.setMaxListeners(50) // the number of subscribers we expect
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When an emitter really has an unbounded but legitimate set of long-lived subscribers (one per
            connected worker), suppress the finding with a reason.

            ## Limitations
            A limit computed at run time is not reported. Listeners are matched to the emitter by how its receiver is
            written in the same file (`bus`, `this.connection`): listeners another module adds are not seen, so such a
            raised limit stays quiet.

            ## References
            - Node.js events, `emitter.setMaxListeners(n)`: https://nodejs.org/api/events.html#emittersetmaxlistenersn

            """#
        ),
        RuleCatalogEntry(
            id: "redos/exponential",
            category: "redos",
            severity: .error,
            summary: "Regular expression with exponential backtracking",
            fixDescription: "make the repeated part unambiguous, or bound the input length before matching",
            since: "0.1.0",
            securitySeverity: "7.5",
            unreachedSeverity: .note,
            markdown: #"""
            # redos/exponential

            ## What it does
            Reports regular expressions that V8's backtracking engine can take exponential time to reject:
            a part of the pattern can match the same piece of input in two different ways inside a loop
            (`(a+)+`, `(\w|\d)*`, `(a|ab)*b?c`), so each extra repetition of that piece doubles the work when
            the rest of the pattern then fails. looplint finds this on an automaton built from the pattern,
            builds an attack string (prefix, pump, failing suffix), and confirms it with PCRE2, a backtracking
            engine like V8's, by counting backtracking steps at growing pump counts (not by timing). When the
            shortest pumps found give no failing attack (a pump holding the character that ends the loop lets every
            attempt match), pumps made only of characters that stay in the loop are tried: sequelize's hstore parser
            `/(["])(?:\\\1|\\\\|[\s\S])*?\1|NULL/g`, a real fix commit, is found that way (a run of backslashes with no
            closing quote). The finding's `evidence` holds the complexity, the attack, whether PCRE2 confirmed it and the measured
            steps.

            Patterns are taken from regex literals, `new RegExp(...)` and `RegExp(...)` with a constant pattern
            (a string, a template, a `const` bound to one, or pieces of these joined with `+` or an array literal's
            `join(...)`, shown at the piece that writes the looping quantifier, see `redos/polynomial`: in the fix
            commits' trees this finds markdown-it's HTML tag regexes, built with `+` from a dozen string variables, whose
            attribute loop takes a no-break space both as `\s` and inside an unquoted value, ~7 s on 133 characters
            with `html: true`), and constant strings and templates given to `match`,
            `matchAll` and `search`. A template's substitution (`${challenge.key}`) is taken as a fixed piece of text,
            shown as `${…}` in the message: what the program writes around it is analysed as written. On a real fix
            commit this found juice-shop's code-snippet route,
            ``source.match(`// vuln-code-snippet start.*${challenge.key}(.|\\r\\n|\\n|\\r)*vuln-code-snippet end...`)``,
            which hung on a CRLF source file.

            ## When it reports
            A regex literal, `new RegExp('...')` with a constant pattern, or a string pattern given to `match` /
            `matchAll` / `replace` / `split` / `search`, in a source file (not tests, tooling, examples, browser or
            generated code: see "Where findings are reported" in the README), when its backtracking is super-linear
            and something other than the program's own text may reach it: a value the file applies it to that is not
            known to be trusted, or a table of patterns the file never applies itself (its input is decided elsewhere).
            `evidence.context` names the entry point that reaches the code (request, message, job, library API) or
            says `unreached`. An unreached finding in a library is a note (`unreached: note` above: it stays in the
            report but does not fail `--fail-on warning`), for the reasons `redos/polynomial` gives; an application's
            unreached code (a private or `npm start` package, or code with no package.json, that registers its own
            routes, hooks, socket or queue handlers) is left out, as `redos/polynomial` says. On the ecosystem check umami's client-only `DOMAIN_REGEX` was
            such a note; it is now left out (only browser code imports it, see below). Code the model knows to run once
            (reached only from a module's top-level code, a lazy initialisation's first run or a library's set-up
            work, as `redos/polynomial` says) is start-up code, and its findings are left out. `hotOnly: true` drops unreached findings, `--all-contexts` keeps them at the
            rule's severity.

            A finding whose way from the entry point takes two or more guessed calls (methods of the name on objects the
            model does not know) is a note too, with `evidence.guessedCalls`, for the reasons and the real-code figures
            [redos/polynomial](polynomial.md) gives.

            ## When it stays quiet
            - Every string the file applies the regex to is the program's own: a literal or a `const` bound to one,
              `process.env.X`, `__dirname`, an error's `message`/`stack`/`detail` (a database driver's error text; an
              error is a catch parameter or a name ending in `err`, `error` or `exception`, such as `odbcError`), a
              `stack` destructured from a stored error, or one of these through `trim`/`toLowerCase` or a `replace` of
              literals; or a factory's configuration (a parameter its function only keeps for a function it returns,
              see `redos/polynomial`).
            - Every string it is applied to is a variable or parameter named as a schema identifier (`identifier`,
              `tableName`, `columnName`, `schemaName`, `indexName`, `constraintName`, `viewName`, `sequenceName`, also
              with `_`): a database library builds those from the names the application's models declare. On the
              ecosystem check this removed the rule's one error-level finding, sequelize's Oracle
              `isIdentifierQuoted(identifier)` (audited false: identifiers sequelize quoted itself).
            - Every place that applies it is inside a function that manages the database's schema or reads the
              server's version (named as database libraries name them: `createTableQuery`, `changeColumnQuery`,
              `addConstraint`, `loadTables`, `compareDefaultValues`, `getVersion`, `_parseVersion`, `columnInfo`), or
              in a function written inside one: applications run those while they synchronise or migrate their schema
              and when they connect, on the schema their own models declare.
            - Every string it is applied to holds no line terminator (a request target or header value, see
              `redos/polynomial`) and the pattern is not exponential on such strings.
            - The file is browser code, also when only browser code imports it; and a regex a module exports that only
              browser code imports (a constants module's `DOMAIN_REGEX`, imported by two React forms that hand it to the
              form library, while the server imports the module's other names). Tests, examples and generated copies
              among the importers do not count; an importer of the whole module object counts for every name.
            - The regex is only a rich-text editor's input-rule pattern: the first argument of `new InputRule(...)` or of a
              helper whose name ends in `InputRule` (`markInputRule`, `wrappingInputRule`, `textblockTypeInputRule`), itself,
              through a `const` nothing else uses, or through an exported name its importers use only that way. The editor
              tests it against the text before the cursor as the user types, in the browser; a server that loads the same
              schema to convert documents never applies it (`--all-contexts` shows an exported one, labelled `browser`).

            ## Why is this bad?
            A regex runs on the event loop. One request carrying about 30 characters of the pump followed by the
            failing suffix keeps the loop busy for seconds to minutes, and every other client waits: a denial of
            service from a single request (ReDoS). The bundled benchmark measures a p99 event-loop delay of
            about 190 ms for `/^(\w+\s?)*$/` on a 23-character attack against under 1 ms for a linear rewrite.

            Because one short request is enough, SARIF reports give this rule a `security-severity` of 7.5 (high,
            as advisories score ReDoS that any client can trigger): GitHub code scanning lists its findings as
            security alerts.

            ## Example
            ```js
            function isValidName(req, res) {
              const ok = /^(\w+\s?)*$/.test(req.query.name)
              res.end(String(ok))
            }
            ```

            ```js
            const EMAIL = new RegExp('^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$')
            module.exports = (s) => EMAIL.test(s)
            ```

            Use instead:
            ```js
            function isValidName(req, res) {
              const ok = /^(?:\w+(?:\s\w+)*\s?)?$/.test(req.query.name)
              res.end(String(ok))
            }

            const word = /^\w+$/
            const range = /^(\d+)-(\d+)$/
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            Never for code that matches untrusted input. For patterns only applied to trusted, bounded strings
            (build scripts, fixed configuration), suppress the finding with a reason.

            ## Limitations
            - Lookarounds other than one-character ones and backreferences are approximated; the analysis then
              says so and relies on PCRE2 to confirm. A positive lookahead with an unbounded quantifier in the
              pattern's top-level sequence is read once more as consuming its body when the pattern is linear
              without it (see `redos/polynomial`). Analysis of one pattern is bounded (automaton size and work
              budgets); a pattern past the budget is not reported.
            - Patterns built at run time from variables (`parts.join('|')` of an array pushed to, `'a' + b` of a value
              the file does not know) are not analysed (pieces that are all constants are); in a template,
              a substitution is taken as a fixed piece of text, so a value that brings regex syntax of its own (a
              quantifier, an alternation) is not seen, and an attack that would have to repeat the substituted value
              (an id the program generated, a list of characters handed in) is not reported.
            - Where the tested string comes from is followed only inside the file (see "When it stays quiet"): the
              severity is the same whether the input is request data or not, and a length check before the match
              does not lower it.
            - A schema identifier is recognised by its name only: a variable named `tableName` that holds request data
              (an application building SQL from a query parameter) is taken as the model's name and not reported.

            ## References
            - OWASP, Regular expression Denial of Service (ReDoS): https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
            - Node.js, "Don't Block the Event Loop", REDOS section: https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop

            """#
        ),
        RuleCatalogEntry(
            id: "redos/polynomial",
            category: "redos",
            severity: .warning,
            summary: "Regular expression with polynomial (quadratic or worse) backtracking",
            fixDescription: "anchor the pattern or make adjacent quantifiers match disjoint characters, or bound the input length",
            since: "0.1.0",
            securitySeverity: "5.3",
            unreachedSeverity: .note,
            markdown: #"""
            # redos/polynomial

            ## What it does
            Reports regular expressions whose backtracking grows as n², n³, ... with the input length. The most
            common case in real npm advisories is not nested quantifiers but an unanchored pattern that the engine
            retries at every start position (`\s+$`, ` *, *`, `\{.*\}`), or two adjacent quantifiers that can match
            the same characters (`\d+\d+x`). looplint builds the attack (prefix, pumps, failing suffix) from an
            automaton of the pattern and confirms the growth with PCRE2 by counting backtracking steps at growing
            pump counts; `evidence` holds the degree, the attack, whether PCRE2 confirmed it and the steps.

            A lookahead that scans (`;(?=(?:(?:[^"]*"){2})*[^"]*$)`, `(?=.*\d)`: a positive lookahead with an unbounded
            quantifier, in the pattern's top-level sequence or one of its top-level alternatives) runs its body at every
            position the pattern reaches it and, when the body fails, sends the engine back into what came before. The
            automaton takes a lookahead as always true, so when a pattern is linear that way it is read once more with
            the first such lookahead's body consumed in its place and the rest dropped (`A(?=X)B` as `A(?:X)`): an attack
            that fails there fails the pattern, and PCRE2 measures the pattern as written (`evidence` notes the
            approximation). hono split each Accept value at the semicolons outside quotes with the first pattern, a real
            fix commit: 8,000 `;a` and one `"` (16 KB) take ~0.5 s in node 20.

            ## When it reports
            A regex literal, `new RegExp('...')` with a constant pattern or a template (its substitutions taken as fixed
            text: on the ecosystem check this added outline's import job stripping `(.*)/${Buckets.uploads}/` from an uploaded
            zip's paths, 2 true findings) or joined from constant pieces (an array of string literals joined with a
            literal separator, `[...].join('|')`, and `+` of constant strings, also through `const` names: ansi-regex's
            CVE-2021-3807 pattern, a real fix commit; on the ecosystem check this added hono's CSS minifier, which
            restarts at every escaped quote of a `css` value, and outline's colour-swatch regex, which its server runs on
            every inline code span of an exported or shared document, both audited true: 3.3 s on 16 KB, 5.6 s on 40 KB in
            node 20), or a string or template pattern given to `match` /
            `matchAll` / `replace` / `split` / `search`, in a source file (not tests, tooling, examples, browser or
            generated code: see "Where findings are reported" in the README), when its backtracking is super-linear
            and something other than the program's own text may reach it: a value the file applies it to that is not
            known to be trusted, or a table of patterns the file never applies itself (its input is decided elsewhere).
            A pattern joined from several pieces is shown at the literal that writes its looping quantifier when that
            literal is in the function that builds the regex (the message shows the whole pattern), else at the
            `RegExp(...)` call; flags that differ between a conditional's branches only in `g` (`onlyFirst ? undefined :
            'g'`) are read as their union, since `g` changes what a match returns, not how it backtracks.
            `evidence.context` names the entry point that reaches the code (request, message, job, library API) or
            says `unreached`; an unreached finding in a library is reported as a note (`unreached: note` above), so it
            stays in the report but does not fail `--fail-on warning`: the execution-context model still misses where
            some regex tables are applied (koa's request getters, moment's parsers, markdown-it's rules), and on the
            fix commits 7 of the 33 real ReDoS fixes it flags sit in code it does not reach, all in libraries. An
            application's unreached code is left out (see "When it stays quiet"). A callback in the options of a
            middleware factory on a route (`validateWebhook({ secretKey: async (ctx) => ... })`) runs on that route's
            requests: on the ecosystem check this reached outline's GitLab webhook, which strips the client's
            `X-Gitlab-Instance` header with `/\/+$/` (audited true, a note before). A regex a module only exports takes the context of
            the modules importing that name. A regex a function hands to a call without applying it (`replace({ regex: /<title>.*<\/title>/, files })`) takes the context of that function, not of the module: on the ecosystem check this turned 4 start-up findings of juice-shop (audited false) into notes, which the start-up context below now leaves out. `hotOnly: true` drops unreached findings; `--all-contexts` keeps every
            finding at the rule's severity.

            When the file shows a cap on every outside string it applies the regex to, and the attack still costs enough
            at the cap, the finding carries the cap and the attack's cost there (`evidence.inputBound`: length, the cap's line, PCRE2's steps on the longest attack
            string that fits, counted up to 15 million, about 10 ms of V8): a cap is `slice(0, N)`, `substring(0, N)`,
            `substr(i, N)` or `slice(-N)` with a constant N, a conditional whose branches are capped
            (`s.length > N ? s.slice(0, N) : s`), a length check that leaves before the use (`if (s.length > N) return`
            or `throw`) or caps the variable (`if (s.length > N) s = s.slice(0, N)`), a branch taken only when
            `s.length <= N`, a call of a function of the same file whose every `return` is capped once its
            parameters take the call's arguments (ua-parser-js's `trim(ua, UA_MAX_LENGTH)`, with
            `typeof len === 'undefined' ? str : str.substring(0, len)`), or a parameter of a function the file only
            calls by name (not exported, passed on or stored, or only constructed with `new` and given methods on
            its prototype) when every call gives it a capped argument. The cap is also followed through
            - a field, `this.name` read in a method, when every value the class gives it (in its constructor and
              methods: `this.name = v`, a `[['name', v]]` list handed to a helper with `this`,
              `Object.assign(this, { name: v })`, a class field) is capped;
            - closure state that a setter replaces before any closure reads it: a variable whose every assignment is
              in a function nested in the declaring one (run there under no test but the value's type), when the
              declaring function then calls that setter with the variable itself (ua-parser-js's
              `var userAgent = ...` followed by `.setUA(userAgent)`, which trims it to `UA_MAX_LENGTH`);
            - a capture of a match (`m[1]` with `m = re.exec(s)`), at most as long as `s`;
            - a table of patterns (an array, or an object of arrays, in a variable of the file that is not exported
              or handed to another module) that a function of the file applies element by element
              (`regex[j].exec(ua)` with `regex = arrays[i]`, `arrays` a parameter): each call of that function binds
              its parameters, and the table's regexes take the cap of every string those calls give. A call under
              `case 'device':` of a switch whose labels name the table's keys applies only that key's regexes. Any
              application of table elements the file makes in another way leaves that table uncapped.

            The cap holds where the capped value is used: the same regex also applied to an uncapped value
            (ua-parser-js's device regexes, which `withClientHints()` re-runs on the uncapped `sec-ch-ua-model`
            header under the switch's `DEVICE` case) stays a warning. A cap under which the attack still reaches
            15 million steps keeps the warning (a cubic pattern on 500 characters: ua-parser-js's Naver regex).

            A request's line and headers are capped by Node itself: its HTTP parser refuses a request whose head passes
            `http.maxHeaderSize`, 16 KiB by default, and reads it as Latin-1, one character a byte. A regex applied to
            `url` or `originalUrl` of a request, a request's header (`req.headers.host`, `req.headers['x-forwarded-for']`,
            also through `const headers = req.headers`), `req.get('name')`, `req.header('name')` or
            `request.headers.get('name')` is measured at 16,384 characters like a cap the code writes: reported with the
            cost there (`evidence.inputBound.by` is `node-header-limit`, and the message says the input is part of a
            request's head), and quiet when the attack that fits costs under 15 million steps (a 38-character pump fits
            431 times: ~3 ms in node 20, where `\s+$` on 16 KB of spaces takes ~330 ms). A response's headers and a body
            have no such cap here.

            A finding whose way from the entry point takes two or more guessed calls (a method of the name called on
            an object the model does not know: `a method of the name called there (object not known)` in its trace) is
            a note too, with `evidence.guessedCalls`: each guess may be another class's method of the same name, and two
            compound. On the held-out sets 2 of 31 such findings were true (MagicMirror's socket dispatch to every
            module's `socketNotificationReceived`, then any `on`, reached a weather provider's timer); on the ecosystem
            check 13 of 16 (parse-server's query adapters, outline's import job, hapi's and knex's API), which stay in the
            report as notes. With one guess or none the finding keeps its severity.

            ## When it stays quiet
            - The attack is cheap at the input's cap (under 15 million PCRE2 steps, see above): no attack that fits
              costs enough to matter, so there is no finding. These were notes that stated the cost at the cap; on the
              ecosystem check all 76 were ua-parser-js's browser, OS and engine regexes on its 500-character user
              agent (30 audited, all false: 0.02-0.7 ms per request), and none of the 39 real ReDoS fixes was one.
              Where the steps PCRE2 counted while confirming the attack, carried on at their measured growth, put the
              cost at the cap 8 times below that line, the cap's run is not made (the finding is dropped on the
              estimate); nearer the line, or over it, the run decides and its count is what a finding shows.
            - Every string the file applies the regex to is the program's own: a literal or a `const` bound to one,
              `process.env.X`, `__dirname`, an error's `message`/`stack` (a database driver's error text; an error is a
              catch parameter or a name ending in `err`, `error` or `exception`, such as `odbcError`), its `detail`,
              `hint`, `messageDetail` or `messagePrimary` (the database's detail line: sequelize's Postgres dialect
              reads a unique violation's fields from `Key (email)=(...) already exists.`), its `sql` (the
              statement the program sent, which the driver attaches to its error: sequelize's mssql dialect reads a
              failed constraint's name from `err.sql`), a type tag (`Object.prototype.toString.call(v)`, always
              `[object Type]`: validator's `typeOf`, audited false), a `stack` destructured from a stored error and reassigned only
              with a call on itself (NodeBB's admin page of failed deliveries), or one of these through
              `trim`/`toLowerCase` or a `replace` of literals (`errDetail.replaceAll('"', '')`). On the ecosystem check
              the error details and the stored stack removed 3 findings (sequelize's `query.js` 358 and 394, NodeBB's
              `federation.js`; all audited false).
            - Every string it is applied to holds no line terminator, and the pattern is linear on such strings: its
              every attack needs one (`\?.*$`, `#.*$`: `.*` stops only at a line terminator, and `$` holds as soon as
              `.*` reaches the end). A request target and a header value never hold one: Node's HTTP parser ends a
              header line at CR or LF and refuses them in the request line, and `setHeader` and the Fetch `Headers`
              class refuse such a value. The file must show where the string comes from: `url`, `originalUrl`,
              `get('name')` or `header('name')` of a request (a parameter named `req` or `request`, or `ctx.req`,
              `c.req`); `headers.name`, `headers['name']` or `getHeader('name')` of a request or a response (`res`,
              `response`); `headers.get('name')` of any object (Fetch headers); the parts of a parsed URL (`pathname`,
              `hash`, `search`, `href`, `host`, ... of a `new URL(...)`: the URL parser drops tabs, CR and LF and
              percent-encodes every other code point above U+007E; `searchParams.get()` decodes and is not among them);
              then pieces of those (`slice`, `substring`, `trim`, case changes, the elements of a `split`
              through `filter`, `at`, `pop`, ..., a `replace` with a replacement holding no line terminator),
              variables holding them (also when a value is computed from the variable itself: `p = p.replace(/\/$/, '')`),
              and a parameter of a function the file only calls with them (`headers['name']` also through a
              `const headers = req.headers`). A parameter of a function the file exports, or of the constructor of a
              class it exports, applied as it is or through a `const` holding a piece of it (`const paramsList =
              headerValue.slice(i + 1).trim()`), is decided over the project: when the function is not an entry of a
              library's API and every call (for a constructor, every `new` site) of it the call graph knows, in any
              module, passes such a string (or the program's own), it holds none either (hono's lambda-edge adapter
              exports `isContentTypeBinary(contentType)` from a module its package entry does not re-export, and calls it
              on `res.headers.get('content-type')`, the response the application built). A class some class of the
              project extends (by name) is left unknown: a subclass's `super(...)` is no `new` site the call graph shows. A decoded `path`,
              a route parameter or a query value can hold `%0A`, and a body anything: they stay reported. PCRE2
              confirms on attacks built from the other characters, and a pattern still super-linear there is
              reported with `evidence.input` `no line terminator` (`\s+$` on a header). On the ecosystem check this
              removed juice-shop's `/\?.*$/` on `req.originalUrl` and NodeBB's `/#.*$/` on a Signature header's
              keyId (both audited false: measured linear), and keeps quiet umami's `/\/(?=(#.*)?$)/` on a tracked page's
              `pathname + hash` (super-linear only across a newline, once scanning lookaheads are read); following an
              exported function's calls removed hono's `isContentTypeBinary` (audited false: the Content-Type of the response
              the application built).
            - Every string it is applied to is a factory's configuration: a parameter (never reassigned) that its
              function never reads itself but keeps for the functions it creates, read in one that is part of what the
              function returns (returned, or an argument, property or element of the returned expression). hono's RPC
              client `hc(baseUrl)` returns `createProxy(function proxyCallback(opts) { ... })`; the callback runs per
              call of the client, on what each call hands it, while `baseUrl` is what the application built the client
              with, once, as it constructs a class's instance with its options (a library's constructor is set-up API).
              This also decides an exported function's calls (above): when every call passes the program's own strings
              (or such configuration), there is no finding, whatever the pattern costs; a parameter reassigned only with
              a piece of itself, a `replace` of itself with a literal or itself joined with a literal
              (`base = base.replace(/\/+$/, '')`, `base = base + '/'`) still counts as used as it is. On the ecosystem
              check this removed hono's `client.ts` 198 and `client/utils.ts` 12 (audited false: the client's configured
              base URL). A parameter the function also reads itself (a parse that returns its result with a getter), or
              keeps for a function it hands elsewhere (a listener), stays reported.
            - The regex is written, or every place that applies it sits, in a branch that runs only outside production
              (`if (process.env.NODE_ENV !== 'production') { ... }`, `if (options.debug)`, the `else` of `if (isProduction)`:
              the same test the blocking rules read). apostrophe's template linter scans the project's templates only in
              development (audited false on the fifth held-out set); on the ecosystem check, the other held-out sets and
              the 308 fix-commit trees this changed nothing.
            - Every string it is applied to is text the program makes itself: random bytes (`randomBytes(64)`, also
              as `.toString('base64')`), `randomUUID()`, a hash or HMAC digest (`createHash('sha256').update(x).digest('hex')`),
              or the contents of a file the program ships or builds, read from a path rooted at its own folder
              (`readFileSync(path.join(__dirname, '..', 'client/dist', 'index.html'))`, `await readFile(...)`, through
              `const` names); a path joined with anything but literals (a route parameter, a configured upload folder)
              stays reported. An exported helper's parameter is judged by its callers' arguments through `replace`s
              that put in a literal holding no line terminator (hedgedoc's `bufferToBase64Url(randomBytes(64))`, which
              swaps `+` and `/` before it trims the `=` padding). On the fourth held-out set this removed docmost's built
              `index.html` and hedgedoc's token encoding (both audited false); it changed nothing on the ecosystem
              check, the other held-out sets or the 308 fix-commit trees.
            - Every string it is applied to is key material: a parameter of a function the file only calls by name,
              each call handing its result straight to a key import (Web Crypto's `crypto.subtle.importKey(format,
              pemToBinary(key), ...)`, node's `createPublicKey`, `createPrivateKey`, `createSecretKey`). What a program
              imports as a key is a key it was configured with; one an attacker chose would be a breach before any regex
              runs. On the ecosystem check this removed hono's `pemToBinary` (audited false: the signing or verification
              key the application configures).
            - Every string it is applied to is a variable or parameter named as a schema identifier (`identifier`,
              `tableName`, `columnName`, `schemaName`, `indexName`, `constraintName`, `viewName`, `sequenceName`, also
              with `_`): a database library builds those from the names the application's models and entities declare
              (typeorm's `escapePath` trims the dots of an entity's `tableName`; sequelize's Oracle
              `isIdentifierQuoted(identifier)`, see `redos/exponential`).
            - Every string it is applied to reaches it only as the fallback for a string method every Node.js has:
              the other branch of a test for that method (`str.trim ? str.trim() : str.replace(/^\s+|\s+$/g, '')`,
              axios's `trim`; `String.prototype.trimEnd`, `typeof s.padStart === 'function'`), which never runs on
              Node. On the ecosystem check this removed axios's `lib/utils.js` finding (audited false: dead code).
            - Every place that applies it is inside a function that manages the database's schema or reads the
              server's version (named as database libraries name them: `createTableQuery`, `changeColumnQuery`,
              `addConstraint`, `loadTables`, `compareDefaultValues`, `getVersion`, `_parseVersion`, and `columnInfo`,
              `tableInfo`: the catalog's description of a table), or in a function written inside one (the `output(resp)`
              of the PRAGMA query knex's `columnInfo()` returns): applications run
              those while they synchronise or migrate their schema and when they connect, on the schema their own
              models declare. The same holds inside an `if` that checks the current query reads the schema, a call
              without arguments named `is` and such a name (`if (this.isShowIndexesQuery()) { for (const row of rows)
              ... }`): the rows are the database's catalog. On the ecosystem check these two removed 5 findings of
              sequelize (all audited false: `pg_get_indexdef` index definitions, and the DDL statement of a failed
              constraint).
            - Every place that applies it runs only while the application sets a library up (the execution-context
              model, `Sources/ExecutionModel`): a registration method, one named `add`, `insert`, `on`, `route`,
              `addRoute`, `mount` or `register` that takes a `handler`, `callback`, `fn`, `listener`, `middleware`, `app`
              or `plugin` (a router's `add(method, path, handler)`: the route patterns the application declares); a static
              method the class's own constructor calls on the class (mysql2's `ConnectionConfig.mergeFlags(defaults,
              options.flags)`: the connection's options, when it is constructed); a call a library makes to a set-up
              function (`this._setupRoute(options)`, `internals.setupScope(access)`: a set-up verb before a capital,
              also behind `_`); the first run of a middleware that fills a variable of the factory that returned it
              (`if (!methodRouter) { ... }` in hono's `methodNotAllowed(options)`); or an export whose declared signature
              takes or returns the arguments one of the package's classes is constructed with
              (`ConstructorParameters<typeof PreparedRegExpRouter>`, on its parameters, its return type or the `const` it
              initialises): constructing a library's class is set-up, and so is building or serialising what it is
              constructed with (hono's `buildInitParams` and `serializeInitParams` turn the application's routes into a
              prepared router's matchers, and those into source, at build time). None of these is an entry of the
              library's API, a library does not follow its calls of them, and no method-name guess (`set.add(v)`
              reaching every `add`) reaches a registration method. A function reached both from such set-up and from
              the per-request API stays reached. A call on one of Node's globals (`process.exit(1)`, `Object.keys(o)`)
              is not taken to reach the project's methods of that name either. On the ecosystem check these turned 4
              false warnings into notes (hapi's route auth scope, hono's RegExpRouter trie at route registration,
              mysql2's TIME-packet parser, which a method-name guess had reached, and etherpad-lite's trimming of the
              output of commands its start-up runs, which `process.exit(1)` had reached through the server's own
              `exit`), with no audited true finding lost; the construction-argument exports removed hono's
              `serializeInitParams` (audited false: build-time tooling), the ecosystem check's last finding in tooling.
            - Every function that applies it is known to run once, not per request: it is reached only from a module's
              top-level code (what runs while the program loads: NodeBB's `prestart.loadConfig`, juice-shop's
              start-up customisation of its built `index.html`), from a lazy initialisation's first run (`if (cache
              === null) { ... }`: juice-shop reads its coding challenges from its own source files once), or from a
              library's set-up work (a registration, a set-up call, a construction-argument export; see above), following calls and constructions and
              the callbacks of array methods that call them at once (`files.map(f => parse(f))`), never a listener or
              a route registered there, and never a function an entry point reaches. `--all-contexts` shows such a
              finding with `evidence.context` `startup`. On the ecosystem check this removed 15 unreached notes (all
              audited false: juice-shop's start-up and coding-challenge parsing, NodeBB's template compile step and
              configured URL, wiki-js's `config.yml` expansion, hapi's route auth scope, hono's route trie, etherpad's
              trimming of its start-up commands' output), with no audited true finding and no real fix lost.
            - No entry point reaches the code and it belongs to an application: a package marked `"private": true`,
              started by `npm start`, or code with no package.json, whose own source files register the routes, hooks,
              socket or queue handlers that serve its traffic (a library's exported API, a handler-shaped export and a
              bare `http.createServer` callback do not count: koa's own `app.callback()`, axios's sandbox server). The
              model sees where such a program's traffic enters, so code none of it reaches does not see what clients
              send. A library's unreached code stays a note: applications call it in ways the model does not follow (a
              dynamic `import()`, a prototype getter, a parser rule registered on an object). `hotOnly: false` keeps
              these findings as unreached notes and `--all-contexts` at the rule's severity. On the ecosystem check this
              removed 13 notes: 12 audited false (NodeBB's admin search index built from its own templates and a
              notification's sanitised HTML, outline's uncalled serializer helper and two helpers only its editor calls,
              umami's configured base path, wiki-js's git storage sync and a KaTeX chemistry macro, parse-server's
              master-key push time) and 1 audited true (outline's markdown-it list rule, which its server parser runs on
              every document: a markdown-it rule registered on the parser is not followed); no fix-commit hit was lost.
            - The file is browser code, also when only browser code imports it; and a regex a module exports that only
              browser code imports (a constants module's `DOMAIN_REGEX`, imported by two React forms that hand it to the
              form library, while the server imports the module's other names). Tests, examples and generated copies
              among the importers do not count; an importer of the whole module object counts for every name.
            - The regex is only a rich-text editor's input-rule pattern: the first argument of `new InputRule(...)` or of a
              helper whose name ends in `InputRule` (`markInputRule`, `wrappingInputRule`, `textblockTypeInputRule`), itself,
              through a `const` nothing else uses, or through an exported name its importers use only that way. The editor
              tests it against the text before the cursor as the user types, in the browser; a server that loads the same
              schema to convert documents never applies it (`--all-contexts` shows an exported one, labelled `browser`).
              On the ecosystem check this removed outline's `LINK_INPUT_REGEX` and `REGEX_INLINE_MATH_DOLLARS` (both
              audited false: browser-only).
            - The regex sits in a table a module exports without applying it (an object of arrays of regexes, also
              through `Object.freeze`: ua-parser-js's `Crawlers = Object.freeze({ browser: [[/.../], [NAME, ...]] })`),
              and a module of the same package merges the tables it is handed into its own key by key (a `for (k in
              ...)` loop storing `a[k].concat(b[k])` under `k`: ua-parser-js's `extend(defaultRgx, extensions)`, which
              `new UAParser(ua, [Crawlers])` runs): the regex then runs where that module's own regexes under the same
              key run, on the strings its table applications give them (see the tables above), and the attack is
              cheap at their cap. A key some merging module applies to an uncapped string (ua-parser-js's `device`,
              re-run on the `sec-ch-ua-model` header), a key no merging module has, and a package with no merging
              module keep the finding. On the ecosystem check this removed ua-parser-js's 10 extension browser regexes
              (all audited false: under 1 ms on the 500-character user agent); its 14 extension device regexes stay
              (audited true).
            - The pattern is a template and the attack would repeat its substitution (see Limitations).
            - The file belongs to a monorepo's tooling package: a GitHub Action (an `action.yml` above it), a member
              package with a command (`bin`) that is private or has no `main`/`exports` and serves nothing, or a private
              member package only such tooling imports (by its workspace name). On the ecosystem check this removed
              discord.js's 10 findings in its actions, api-extractor and api-extractor-utils packages (8 audited, all
              false: build-time docs generation and release-tag parsing).
            - The regex is a piece of a larger one, never applied itself: its `.source` is taken, or it is the value
              handed to a builder's `.replace('name', /piece/)` (marked writes its block and inline rules this way;
              `String.prototype.replace` takes its pattern first, and lodash's `_.replace(s, /re/, x)` has three
              arguments, so both are still checked). The rule the piece becomes part of is built at run time and is not
              analysed (see Limitations). On the ecosystem check this removed marked's 9 findings (5 audited, all false:
              the pieces sit after `^` or inside a lookahead in the rules they join, which stay linear).

            ## Why is this bad?
            A quadratic regex on a 100 KB request body costs about 10¹⁰ steps: seconds of a blocked event loop
            during which no other request is served. Body-size limits of a few MB do not help.

            The attack needs a long input rather than a short one, so SARIF reports give this rule a
            `security-severity` of 5.3 (medium); GitHub code scanning lists its findings as security alerts.

            ## Example
            ```js
            function trimEnd(req, res) {
              res.end(req.body.text.replace(/\s+$/, ''))
            }
            ```

            ```js
            const parts = (header) => header.split(/ *, */)
            module.exports = parts
            ```

            Use instead:
            ```js
            function trimEnd(req, res) {
              res.end(req.body.text.trimEnd())
            }

            const parts = (header) => header.split(',').map((s) => s.trim())
            const anchored = /^\s*#\s*$/
            module.exports = { parts, anchored }
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            For patterns applied only to short, bounded input (a header already limited to 64 bytes), suppress
            the finding with the reason.

            ## Limitations
            - As for `redos/exponential`: lookarounds and backreferences are approximated (a scanning lookahead is
              read only in the pattern's top-level sequence, and only when the pattern is linear without it; a
              negative or a nested one is taken as always true), analysis is bounded,
              run-time-built patterns are not analysed (pieces joined from constants are read, see above, but an array
              that is pushed to before its `join` is not, nor a builder such as marked's `edit(re).replace('name', piece)`;
              a template's substitutions are taken as fixed text; an attack
              that repeats the substituted value is not reported: hono's streaming markers
              `<template id="E:${index}"></template>.*?`, validator's `[${chars}]+$`), and where the tested string comes from is followed only
              inside the file: a cap is seen only in the shapes listed above. A cap applied in another module (but for
              a table merged key by key, see above, which only drops a finding that is cheap at the merging module's
              cap), a property of an object other than `this`, or a schema's `maxLength` is not seen, and the finding
              keeps its severity. A field's
              writes are looked for in its class only (an assignment from outside, `item.ua = long`, is not seen),
              and a table is assumed to reach only its own file's applying functions. A factory's configuration is known
              by shape only: a function that returns closures or getters over its argument without reading it itself
              (a lazy parse run per request) would be taken as one. The calls of an exported function or constructor are
              those the call graph knows, and a parameter passed on from a function with no known call is unknown:
              fastify's fixed `ContentType` (its parameters regex carries the `m` flag, so it is quadratic only across
              line breaks) is built from the Content-Type header (line-free) and from the parameters of
              `ContentTypeParser`'s prototype methods (`add`, `remove`, `getParser` through `run`), which fastify calls
              as `this[kContentTypeParser].add(...)` and `request[kRouteContext].contentTypeParser.run(...)` on objects
              the call graph does not resolve; its fixed file stays flagged.
            - Real code (the ecosystem check's triage ledger, 40 pinned projects): every reported finding is audited,
              and 215 of 230 are true (93%, one more debatable; 213 of 228 before patterns joined from constant pieces,
              which added 2, both true; 213 of 230 before a factory's configuration; 91%, 213 of 233, before key material, construction-argument
              exports and exported functions' calls; 88%, 213 of 243, before extension tables merged key by key were followed; 84%, 213 of 255, before an application's unreached code
              was left out; the 100 findings audited last, all ua-parser-js, 92 true: a seeded sample of 30, then the
              other 70; reading scanning lookaheads added one, true: outline's markdown serialiser escapes each `[` that
              a `](` follows on its line, 7.7 s on a 100 KB paragraph), 63 of 78 outside ua-parser-js (81%; 78% before a factory's configuration), and 214 of
              227 decided at warning level (94%; 93% before a factory's configuration; 81% before line-free input,
              error details and schema identifiers; 4 of the true ones are
              parse-server's Postgres adapter on clients' `$regex` values, seen since Flow-annotated files parse). ua-parser-js's browser, OS
              and engine regexes (76 in `src/main`, 30 of them audited false) are quiet now that the 500-character
              cap is followed into its tables, with no audited true finding among them; its Naver regex (cubic,
              ~30 ms at 500 characters) and its device regexes stay warnings. The device regexes are right to:
              `withClientHints()` re-runs the device list, in order until one matches, on `'droid 9; '` + the
              uncapped `sec-ch-ua-model` header, and one 16 KB header pumps many of them at once (measured with
              node 20: 16 KB of `droid a` costs 0.7-0.9 s per request, of spaces ~3 s, of `kf` ~1 s); a seeded
              sample of 10 more device warnings measured 27-138 ms in their own regex and 35-880 ms per request,
              all true, and the sample of 30 (seed 20261206) 64 ms-1 s in their own regex, including the CPU regex
              `getCPU().withClientHints()` re-runs on the uncapped `sec-ch-ua-arch` header and the HbbTV vendor's
              `/.+\/(\w+)/` on a capture of the model header (~1 s). Of the 13 false warnings left, most are values
              the program built itself in ways the file does not show: a configured database URI, route patterns read
              back per request, statements a query
              builder built, a database's hstore output. A schema identifier is known by its name only: a variable
              named `tableName` that held request data would be taken as the model's. On 39 real commits that fixed a
              ReDoS, the regex is flagged before the fix in 35 (juice-shop's code-snippet template, found since
              templates are analysed; hono's Accept parameters, since scanning lookaheads are read; ansi-regex's
              alternation, since joined pieces are read), and 13 of 15 fixed files are clean (unchanged by line-free input, schema
              identifiers and leaving out an application's unreached code; two more rows no longer expect a clean file:
              color-string's and postcss's fixed files keep another super-linear regex the fix did not touch, timed in node 20). The 3 false notes left are library code
              no entry point reaches (sequelize's hstore parser, mongoose's schema path, mysql2's TIME packet).

            ## References
            - Davis et al., "The impact of regular expression denial of service (ReDoS) in practice", ESEC/FSE 2018.
            - OWASP, ReDoS: https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS

            """#
        ),
        RuleCatalogEntry(
            id: "serial-await/loop",
            category: "serial-await",
            severity: .note,
            summary: "A loop awaits independent calls one iteration at a time",
            fixDescription: "run the iterations together with a concurrency limit (Promise.all over batches, or p-map / p-limit)",
            autofix: .unsafe,
            since: "0.1.0",
            hotOnly: true,
            markdown: #"""
            # serial-await/loop

            ## What it does
            Reports the first `await` of a `for`, `for...of`, `for...in`, `while` or `do...while` loop in an async
            function (function, arrow, method, async generator) when no iteration needs anything from an
            earlier one: the awaited calls read no value carried from the previous iteration (accumulators such
            as `results.push(x)` or `total += x` and plain counters such as `i++` are fine), no iteration can
            stop the loop (`break`, `return`, `throw`, `yield`), and the loop does not wait on purpose.

            Measured on real code (the ecosystem check's triage ledger), 15 of the 16 findings it reports on the
            ecosystem projects (all audited) are real hazards (94%; 56% before the loop shapes below): the other loops over
            a small collection (the shares of one document and its ancestors). Until the rule can tell such collections apart it reports as a **note**, which does not fail `check` at
            the default `--fail-on warning`.

            ## Where it reports
            Only in code an entry point reaches (`hot-only: true`): request handlers and middleware (Next.js server
            actions among them: the exports of a `'use server'` module, also what an exported
            `client.action(async ({ parsedInput }) => ...)` runs, and functions whose body starts with `'use server'`), message
            handlers (ws, socket.io, net), jobs and a library's public API, and what they call, through the
            execution-context model the families share. Start-up code, seeding, migrations and scripts that no entry
            reaches are left out, and `evidence.context` names the entry's kind. `hotOnly: false` in `looplint.yml`
            also reports unreached code (labelled `unreached`). On the ecosystem check (40 real projects) this left
            out 27 serial-await findings, 17 of them audited and all false (start-up, tooling, seeding), and no
            audited true one. Lifecycle methods (`init`, `connect`, `start`, ...) reached only by their name, or through
            a library API that connects, are not hot either (see serial-await/sequential); on the ecosystem check that
            left out wiki-js's git storage sync (`init` by name), audited false.

            ## Why is this bad?
            Each iteration waits for the previous one to finish, so N calls of latency L cost N x L. Started
            together in batches of K they cost about N / K x L, while K keeps the load on the database or
            service bounded (unlike an unbounded `Promise.all`, see `concurrency/unbounded-fanout`).

            ## Example
            ```js
            const express = require('express')
            const app = express()

            app.post('/items/load', async (req, res) => {
              const results = []
              for (const id of req.body.ids) {
                const item = await fetchItem(id)
                results.push(item)
              }
              res.json(results)
            })
            ```

            The fix rewrites a `for...of` loop into batches (8 by default):
            ```js
            async function loadAll(ids) {
              const results = []
              for (let start = 0; start < ids.length; start += 8) {
                await Promise.all(ids.slice(start, start + 8).map(async (id) => {
                  const item = await fetchItem(id)
                  results.push(item)
                }))
              }
              return results
            }
            ```

            Loops whose order is meant are left alone:
            ```js
            async function paginate(client) {
              let cursor = null
              const all = []
              do {
                const page = await client.list({ cursor })
                all.push(...page.items)
                cursor = page.next
              } while (cursor)
              return all
            }

            async function firstMatch(candidates) {
              for (const c of candidates) {
                if (await probe(c)) return c
              }
              return null
            }

            async function paced(ids) {
              for (const id of ids) {
                await callPartnerApi(id)
                await sleep(200)
              }
            }
            ```

            ## What keeps the order
            The rule stays quiet when:
            - the loop test, update or iterated list reads a value the body changes (cursors, `while (!done)`,
              a queue drained with `shift()`, a list that grows while it is iterated), or an awaited call reads
              a value carried from the previous iteration, directly or through a per-iteration local;
            - an iteration can leave the loop: `break`, `return`, `throw`, a labeled `continue`, or `yield` in
              an async generator (the consumer pulls one value at a time);
            - a branch tests a value earlier iterations changed: `if (notified.includes(id)) continue` with
              `notified.push(id)` later in the body skips what was already handled (on the ecosystem check: 4 audited
              false findings removed, outline's mention dedupes and etherpad-lite's export hook loop);
            - the loop head awaits (`while (await cursor.hasNext())`), or it is `for await`;
            - an awaited call is a check kept for its rejection (`await validateIsContract(address)`, `await assertCan(...)`
              as a statement): the first bad element ends the loop, as a `throw` would;
            - the loop waits on purpose: a delay (`sleep`, `setTimeout` from `timers/promises`), a rate
              limiter (`limiter.schedule`, a receiver named like a limiter or throttle), a lock;
            - the awaited call goes through a client that paces its own requests: its receiver, an argument or a
              property of an object literal argument (`this.parsePage({ item, client })`) is, through the project, an
              instance of a class with a field named as a rate limiter or throttle (`limiter = RateLimit(3)`, `private
              limiter: ...`), so the iterations would only queue there. This removed outline's Notion import loop
              (its maintainers had turned a `Promise.all` over the pages into that loop; audited false), and nothing else;
            - the function uses a transaction or a session, or the calls go through one connection;
            - the loop's awaited call queues on one connection whatever the caller does: a model or repository query
              of a project whose Sequelize instances or TypeORM data sources all use SQLite, or a call that waits for
              nothing (a module imported once and cached, a lodash copy of it: see serial-await/sequential); on the
              third held-out set this removed automatisch's loops over its app registry (3, audited false);
            - the loop is in a connection's own method, or in a function nested in one: a function assigned to a
              property of a value named as one connection (`connection.executeAsync = function (sql, binds, options)
              { ... }`). What it awaits comes over that connection, which serves one request at a time: knex's
              oracledb dialect reads the LOB streams of a result's rows one by one (on the ecosystem check: that
              finding removed, audited false, and no other change);
            - it already batches (`await Promise.all(...)` inside the loop) or awaits promises started earlier;
            - the awaited call waits for nothing: the function it resolves to in the project returns a string, an
              array, an object literal or nothing, and awaits only such calls (a helper that builds a URL); for a
              method called on a field of `this` that the index cannot follow (a pluggable adapter), every method the
              project defines under its name (2 to 4: an interface's stub and the adapters it ships) must, and one must
              return a value (parse-server's `this.adapter.getFileLocation(config, filename)`, whose GridFS adapter
              joins a URL: that finding removed, audited false, and no other change);
            - the loop runs a chain of functions: the awaited function is the element itself
              (`for (const func of marshalCycle) await func(response)`) or read from it
              (`const autoValue = cookies[name].autoValue; await autoValue(request)`): hooks, middleware and
              configured callbacks run one after another on purpose (hapi's marshal cycle and cookie auto-values);
            - an awaited call changes state through a shared receiver (`await db.items.update(row)`), or a call
              whose name says nothing either way may change a local the iterations share; a write made on the
              iteration's own element (`for (const sub of subscriptions) await sub.save()`, `await caches[j].set(...)`)
              changes only that element and does not count (on the ecosystem check: one finding added, outline's share
              subscription task saving each subscriber, audited true), and neither do the values handed to it
              (`key`, `value`, `ttl`), the same input for every iteration unless the loop assigns them (a fix commit:
              cacheable's multi-cache backfill). Nor does a write made through one of the project's own modules that
              hands it only the iteration's values: the module object of its file (`const Notes = module.exports`,
              `exports`) or a module it loads whole by a relative path (`const posts = require('../posts')`, `import *
              as posts from './posts'`), and arguments that are the element, names the body declares, property paths
              and templates of those, or object and array literals of them (`await Notes.updateLocalRecipients(post.pid,
              { to, cc })`): a module is a table of functions, and each iteration writes its own element's records. A
              string literal (a shared key or field), an outer value, or a package's client (one connection) still keeps
              the order;
            - a comment at the loop says it runs in turn on purpose ("one by one", "sequentially", "in this order",
              "one at a time", "rate limit", ...), or silences the project's linter for it (`// eslint-disable-next-line
              no-await-in-loop`; NodeBB marks its read-modify-write loops this way). The linter comment does not count
              when each iteration catches its own failure: the body is a `try` holding every await, whose `catch`
              neither leaves the loop nor rethrows (`try { await topics.reply(post) } catch (e) { log(e) }`), so the
              items are handled one independently of another, as `Promise.allSettled` would. On the fix commits this
              found NodeBB's ActivityPub reply loop (serial-await 22 -> 23 of 32), which its maintainers parallelised; the
              ecosystem check is unchanged (NodeBB's 8 silenced loops without such a `try`, 4 of them audited false
              and 1 debatable, stay quiet);
            - the loop goes over a set fixed when the code was written: an imported module
              (`for (const name in tasks)` over outline's task classes), a module-level array or object literal,
              also through `Object.keys/values/entries` (on the ecosystem check: 5 false findings removed, and one
              true one lost: umami's report over its five UTM parameters, each a full scan);
            - the loop goes over what a deployment configures, named as such: plugins and their hooks, providers,
              strategies, storage targets, extensions, renderers, adapters, transports, reporters, middleware, locale
              namespaces, the process's flags (`argv`, `execArgv`) (`for (const target of this.targets)`,
              `for (const hook of uninstallHooks)`), unless the collection is read from the request (`req.body.plugins`).
              A counting loop over `xs.length` goes over `xs` here and below. On the ecosystem check: 12 findings removed,
              11 of them audited, all false (a handful of configured items, often run in order on purpose; bullmq's free
              port per `--inspect` flag);
            - the loop counts to a bound fixed in the code, at most 10 iterations: a numeric literal or a module-level
              `const` (`for (let offset = RECOMPUTE_DAYS; offset >= 0; offset--)`, outline's rollup of the last three
              days);
            - the loop is the whole of one branch of an `if` whose other branch is one `await Promise.all(...)` over the
              same collection (typeorm: `if (pg) { for (const g of groups) await load(g) } else { await
              Promise.all(groups.map(load)) }`): the author batches elsewhere and chose not to here. Branches that do
              more than that (etherpad-lite's admin pad list, one sort order per branch) are not such a choice;
            - the awaited function is a parameter of the function the loop is in (`async function giveOrRescind(method,
              privileges, cids, members)` awaiting `method(keys, member)` per member): a serial helper, whose caller
              chooses what runs (NodeBB's privilege grants);
            - an awaited call is handed a `Map` or `Set` the function made outside the loop (`cache = cache ?? new
              Map()`, then `await loadCommand(file, cache)`): the callee fills it, and each iteration reads what the
              earlier ones stored (bullmq's Lua script loader and its include cache; a visited set);
            - an awaited call of a `for...of` / `for...in` loop is handed first an array, `Map` or `Set` the function
              made outside the loop, and the iteration's element after it (`await mod.model.populate(childDocs, pop)`
              for each deferred populate option): each iteration applies its element, an operation or its options, to
              the same batch, and the call changes that batch for the next one (mongoose's deferred sub-populate: a
              nested path needs its parent populated first). A call that takes the element first (`await
              lintFile(file, problems)`) only collects into the array, and a shared first argument the function did not
              make (a client handed in) is no batch: both still count. On the ecosystem check this removed mongoose's
              deferred populate loop (audited false) and nothing else; no fix commit changed;
            - the loop's test compares with what a method call returns (`while (r < pad.getHeadRevisionNumber())`): the
              end is read again on every pass and can move while an iteration waits, so there is no list to start
              together (etherpad-lite's rebase of a client's changeset over the revisions committed since);
            - the awaited function only computes: WebCrypto's `crypto.subtle.sign`, `verify`, `digest`, `importKey` and
              `exportKey` (and a project function that awaits only those) settle after microseconds of CPU, no I/O
              (hono's signed cookies); key derivation and generation still count. So does a read of one file's metadata
              (`stat`, `lstat`, `access` of `fs/promises`, `fs.promises` or `fs-extra`, and `fs-extra`'s `pathExists`):
              microseconds on a local disk; reading the contents still counts (no loop finding of the ecosystem check
              changed).

            On the ecosystem check these shapes removed 8 findings (with the lifecycle methods of "Where it reports"),
            all audited false, and no true one: loop precision went from 56% (15 of 27) to 79% (15 of 19), and the paced
            client to 83% (15 of 18). A later change brought in mongoose's deferred populate loop (false: 79%, 15 of 19);
            the connection's own method took out knex's LOB loop (83%, 15 of 18), every implementation of an
            adapter method parse-server's file-URL loop (88%, 15 of 17), and a batch handed to each call before the
            element mongoose's deferred populate loop again (94%, 15 of 16).

            Autofix: unsafe. Running the iterations together changes how many run at once and in what order,
            and not every finding is a real hazard (1 of the 16 on the ecosystem ledger is false). Editors offer the rewrite as a
            code action; `looplint check --fix --unsafe-fixes` applies it.

            ## Options
            - `concurrency` (integer, default 8): the batch size the fix uses.

            ## When not to use it
            When a downstream service tolerates only one request at a time and the loop is the throttle; make
            that explicit with a limiter or a delay, which the rule recognises.

            ## Limitations
            - Names are matched within one function by spelling, not through bindings.
            - Calls into other functions are not followed: a helper that reads state the previous iteration
              wrote is not seen.
            - A collection that is small only because of what the data means is not told apart: outline's share
              notification task loops over the distinct shares of a document and its ancestors (one or a few), grouped
              from a query's rows, and is reported (audited false). Nothing in the code caps it.
            - A batch is recognised only as the first argument of the awaited call, made in the function by an array
              literal, `new Array`, `Map` or `Set`; a batch handed in by the caller, or received after the element, is not.
            - The edit is offered only for `for (const x of list) { ... }` loops over a variable or property
              path without `continue`; other loops get the description only. Inside a batch, side effects such
              as `results.push` happen in completion order.
            - `array.forEach(async ...)` (which does not wait at all) is a different hazard and not reported here.
            - A loop is judged by its own awaits, not those of loops nested in it. etherpad-lite's `updatePadClients`
              (a fix commit it misses) sends each socket of a pad the revisions it lacks, one socket after another, with
              its awaits in an inner `while` whose rounds depend on one another (each sends the revision after the last
              one sent). The outer loop is also serial on purpose as written: the comment above it chooses a sequential
              loop over parallel processing so that later sockets read the revisions earlier ones stored in a memo
              (`revCache[r] = revision`). The maintainers later ran the sockets together, trading that memo for not
              holding every socket up behind a slow one; by the audit rules (documented, a memo written and read across
              rounds) the rule stays quiet there.
            - outline's Notion import task (a fix commit scored under serial-await) ran `Promise.all` over its input pages
              and the fix made it this loop; the quiet loop is right: every page goes through a client that paces its own
              requests (above), and a task's input holds at most 3 pages (the module that creates the tasks cuts the
              import into `chunk(input, PagePerImportTask)`, 3), so neither the loop nor the earlier `Promise.all` is a
              hazard by the audit rules (concurrency/unbounded-fanout, which does not report a fan-out over a job's input,
              stays quiet on it too).
            - A connection's own method is told by the name of the value it is assigned to (`connection`, `conn`,
              `trx`, `tx`, `transaction`, `session`, `txn`); a connection held under another name is not seen.
            - An adapter method is judged from the implementations the project ships; one from a package (an S3 files
              adapter that makes a request) is not seen, and the loop stays quiet when the shipped ones only compute.
            - A loop marked `// eslint-disable-next-line no-await-in-loop` is taken as serial on purpose unless each
              iteration catches its own failure; a silenced loop whose items are independent but whose first failure
              ends it is not reported.

            ## References
            - ESLint, `no-await-in-loop`: https://eslint.org/docs/latest/rules/no-await-in-loop
            - p-map (concurrency-limited mapping): https://github.com/sindresorhus/p-map

            """#
        ),
        RuleCatalogEntry(
            id: "serial-await/sequential",
            category: "serial-await",
            severity: .warning,
            summary: "Independent awaits run one after another",
            fixDescription: "start the independent calls together and await Promise.all([...])",
            autofix: .unsafe,
            since: "0.1.0",
            hotOnly: true,
            markdown: #"""
            # serial-await/sequential

            ## What it does
            Looks at each statement list of an `async` function (function, arrow, method, async generator), and
            at `.then` callbacks, and reports an awaited call that waits for an earlier awaited call although it does not depend on it:
            its callee, receiver and arguments read nothing the earlier statements wrote (locals, destructured
            names, properties of those, local closures that capture them), no statement in between can leave
            the function or branch away (`return`, `throw`, `break`, `yield`), and the two calls do not need to
            keep their order (see below). The finding points at the first `await` that could have started
            earlier, lists the group of calls that could run together, and the fix rewrites the group into one
            `Promise.all`:

            ```js
            const user = await getUser(id)
            const feed = await getFeed(id)     // reported here
            // fix:
            const [user, feed] = await Promise.all([getUser(id), getFeed(id)])
            ```

            A loop whose rounds depend on one another (pages read until one comes back short, attempts until one
            succeeds), which serial-await/loop leaves alone, still starts its first round only once the awaits above it
            have settled. Its first awaited call is reported with the earliest of them it could start with, without edits,
            when:
            - the loop is a `while`, `do...while` or `for (...; ...; ...)` loop (not `for...of`, whose first element comes
              from a list) that surely runs once: a `do...while`, a missing or `true` test, or a test that holds on entry when
              read from literals, `const`s and `let`s of the function initialised with literals that only the loop itself
              assigns (`let page = 1; let hasMore = true; while (hasMore && page <= MAX_PAGES)`);
            - the first statement of its body that awaits is a whole awaited call (`const res = await fetch(url, opts)`),
              with nothing before it but statements that only read, and its call is no check, delay, lock, stream end or
              call of a client that paces itself;
            - the loop's test and initialiser, those statements and the call need nothing written from the earlier awaited
              statement down to the loop, under the rules a later member of a group follows (below): setup such as
              `let page = 1` moves above with it, an error guard on the earlier result is passed (comparing only the two
              calls' first arguments: a request's options, `{ headers }`, name no record), and any other statement that
              can leave, a delay, a lock or a transaction ends the search;
            - no awaited statement it moves above is ordered with it through what both address (beyond a write of the
              receiver the loop's call is made on, which the rules below already keep in order). One whose call may write
              (its name says it writes, like a `POST`, or says nothing, like `sadd` or `bench`) keeps the loop's call
              behind it when that call's name does not say it reads (`makeVerifiedAPICall(...)` may read what was just
              stored), or when the two share an argument value (a variable or property path an argument reads, `sid` in
              `url(3000, sid)`, or a string-literal key): a set written, then paged through by its key; a message posted
              to a session, then the session polled. And whatever the names say, a call of the same function or method on
              the same first argument comes first on purpose: a warm-up, or a first attempt that the loop repeats.

            ```js
            const contributorsRes = await fetch(contributorsUrl, { headers })
            if (!contributorsRes.ok) throw new Error(`contributors: ${contributorsRes.status}`)
            let page = 1
            let hasMore = true
            while (hasMore && page <= 10) {
              const prsRes = await fetch(`${pullsUrl}&page=${page}`, { headers })   // reported here
              // ...
            }
            // fix: fetch the contributors and the first page with Promise.all, then start the loop at page 2
            ```

            ## Where it reports
            Only in code an entry point reaches (`hot-only: true`): request handlers and middleware (Next.js server
            actions among them: the exports of a `'use server'` module, also what an exported
            `client.action(async ({ parsedInput }) => ...)` runs, and functions whose body starts with `'use server'`), message
            handlers (ws, socket.io, net), jobs and a library's public API, and what they call, through the
            execution-context model the families share. Start-up code, seeding, migrations and scripts that no entry
            reaches are left out, and `evidence.context` names the entry's kind. `hotOnly: false` in `looplint.yml`
            also reports unreached code (labelled `unreached`). On the ecosystem check (40 real projects) this left
            out 27 serial-await findings, 17 of them audited and all false (start-up, tooling, seeding), and no
            audited true one.

            Lifecycle methods are not taken as per-request work: a call `x.init()` (also `initialize`, `setup`,
            `boot`, `bootstrap`, `connect`, `listen`, `start`, `stop`, `shutdown`, `disconnect`) on an object the
            model cannot tell reaches no method by its name alone, and what a library's API reaches through such a
            call is not hot (discord.js `client.login()` connecting its shards through `this.ws.connect()`). On the
            ecosystem check this left out 4 serial-await findings (wiki-js's boot sequence and git storage sync, reached
            only by the name `init`; discord.js's shard connection), all audited false, moved 2 wiki-js ReDoS findings to
            unreached (both audited false), and no audited true finding.

            ## Why is this bad?
            Each `await` suspends the function until its promise settles. Two independent calls awaited one
            after the other cost the sum of their latencies; started together they cost the slowest one. For
            request handlers that fan out to a database, a cache and another service this is often the largest
            part of the response time. In the bundled bench server (`fixtures/bench-server`, endpoint
            `/serial-await/sequential`) three 20 ms backend calls take about 60 ms awaited one after another and
            about 20 ms with `Promise.all`.

            ## Example
            ```js
            const express = require('express')
            const app = express()

            app.get('/users/:id/home', async (req, res) => {
              const user = await getUser(req.params.id)
              const feed = await getFeed(req.params.id)
              res.json({ user, feed })
            })
            ```

            ```ts
            import { Controller, Get, Param } from '@nestjs/common'

            @Controller('dashboard')
            class DashboardController {
              @Get(':userId')
              async summary(@Param('userId') userId: string) {
                const account: Account = await this.accounts.findById(userId)
                const orders = await this.orders.findRecent(userId)
                const alerts = await this.alerts.listOpen(userId)
                return { account, orders, alerts }
              }
            }
            ```

            The same wait written with `.then`:
            ```js
            const express = require('express')
            const app = express()

            app.get('/page/:id', (req, res) =>
              getUser(req.params.id).then((user) =>
                getFeed(req.params.id).then((feed) => res.json({ user, feed }))))
            ```

            Use instead:
            ```js
            async function load(id) {
              const [user, feed] = await Promise.all([getUser(id), getFeed(id)])
              return { user, feed }
            }

            async function profile(id) {
              const user = await getUser(id)
              const posts = await getPosts(user.handle) // needs user
              return { user, posts }
            }

            async function guarded(id) {
              const user = await getUser(id)
              if (!user) return null // a branch on the first result
              const feed = await getFeed(id)
              return { user, feed }
            }
            ```

            Order that matters is left alone:
            ```js
            async function transfer(client, from, to, amount) {
              await client.query('BEGIN')
              await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from])
              await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [amount, to])
              await client.query('COMMIT')
            }

            async function poll(job) {
              const first = await check(job)
              await sleep(1000)
              const second = await check(job)
              return [first, second]
            }

            async function cache(redis, key, value) {
              await redis.set(key, value)
              return await redis.get(key)
            }
            ```

            ## What keeps the order
            The rule stays quiet when:
            - a later call reads a variable, a destructured name or a property path an earlier statement
              wrote, or a local closure it calls or passes reads or writes one;
            - a statement in between (or the first one) can return, throw, break, continue or `yield` (an error guard
              between reads is the exception, below);
            - the function uses a transaction or a session anywhere (`BEGIN` ... `COMMIT` in a query string,
              `beginTransaction`, `transaction(...)`, `startSession`, `withTransaction`, `$transaction`, a
              receiver or argument named `trx`, `tx`, `transaction` or `session`, `{ transaction: t }`);
            - both calls go through one connection (a local from `pool.connect()`, `getConnection()`,
              `acquire()`, `createQueryRunner()`, or a receiver named `conn`/`connection`/`queryRunner`: TypeORM's query
              runner is one connection, `queryRunner.manager.findBy(...)` twice only queues; flowise's workspace service,
              audited false on the fourth held-out set), also when one call is made on the connection and the other is
              handed it (`queryRunner.manager.findBy(...)` then `roleService.readGeneralRoleByName(name, queryRunner)`:
              2 more of flowise's, audited false);
            - the later call ends what the earlier ones used: a method named `close`, `destroy`, `quit`, `disconnect`,
              `end`, `dispose`, `shutdown`, `terminate`, `release`, `stop`, `teardown`, `leave`, `unsubscribe` or `detach`
              on any receiver (the teardown names listener-leak knows) (`await page.evaluate(fn)` then
              `await browser.close()`, an Elasticsearch client closed after indexing); or it is a completion signal the
              caller handed in, a plain call of `callback`, `cb`, `done`, `resolve`, `reject` or `next` (`.delete().then(() =>
              callback())`, a recursive page walk's `.then(() => resolve())`, a validation middleware's
              `run(req).then(() => next(), next)`): it must come after the work. On the held-out sets this removed 11
              findings, 10 audited false blind and 1 judged false (a client closed after indexing), and no audited true
              one; the ecosystem check and the fix commits did not change;
            - either call takes or releases a lock (`lock`, `acquire`, `release`, `runExclusive`, a receiver
              named like a mutex or semaphore), or is an explicit delay or rate limit (`sleep`, `delay`, `wait`,
              `setTimeout` from `timers/promises`, `new Promise(r => setTimeout(r, ms))`);
            - something in between awaits a value that is not a call (`await ready`, `await promise`);
            - both calls have names that say they change state (`save`, `update`, `insert`, `delete`, `write`,
              `send`, `publish`, `create`, `set`, `cleanup`, `purge`, `prune`, `clean` followed by what it removes (`cleanExpired...`, `cleanOld...`), ...), or one of them does and they share a
              receiver, an argument or a literal key (write-then-read of the same resource: NodeBB's
              `await cleanExpiredSessions(uid)` before reading `uid:${uid}:sessions`, removed from the ecosystem check's
              findings, audited false). An argument handed over inside an options object counts by its value:
              `workflow.run({ input: { id: req.params.id } })` then `refetchCart(req.params.id)` passes the same
              `req.params.id` to a call that writes and to the next one (an entity changed, then read back), at any
              depth of object literals and spreads (`{ ...req.body }`); a different value under the same variable
              (`{ where: { id: event.data.collectionIds } }` after an `emit` of `event.name`) does not keep the order.
              A local handed over stands for what it was set to: a constant set to a property path
              (`const id = req.params.id`, `const { add } = req.validatedBody`) for that path, one set to an object or
              array literal (`const addresses = [{ ...rest, customer_id: customerId }]`) for the values it holds.
              On the held-out projects this removed 37 findings in medusa's API routes (13 audited, all false: a
              workflow run, then the entity read back; 24 unaudited of the same shape) and changed nothing on the
              ecosystem check or in the fix commits' trees. A read named for reading again (`refetch`, `reload`,
              `reread`, `requery`: `refetchCustomer(id)` after `deleteAddresses.run(...)`) keeps its place after a
              call that writes, whatever each is handed: it is there to see what the write changed (a parent read
              again after a child is deleted). On the held-out projects this removed the 5 medusa routes the value
              rule left (2 audited false, 3 of the same shape judged false by the lead), and changed nothing on the
              ecosystem check, the other held-out sets or the 308 fix-commit trees. A read
              joined to a write says it
              writes (`findOneAndUpdate`, `findByIdAndDelete`, `getOrCreate`); a key-value store's collection
              name before the verb is read past (`sortedSetCard` and `setCount` read, `listAppend` and
              `sortedSetAdd` write; `listOpen` and `setOwner` keep their leading verb). An HTTP POST
              (`got.post(url)`, `axios.post(url)`, `fetch(url, { method: 'POST' })`) whose URL, written in place,
              ends in a segment that names a read (`/launches/query`, Elasticsearch's `/_search`, `/_count`, `/find`,
              `/list`) sends a question in its body and reads; a URL that ends in a substitution (`/jobs/${id}`) or
              a noun (`/orders`) still writes. On the fix commits this found SpaceX-API's scheduled jobs counting
              each launchpad's and core's launches with `got.post` to `/launches/query` (serial-await 14 -> 16 of 32);
              the ecosystem check is unchanged;
            - the later call is a `.then` continuation that writes the response (`save().then(() => res.sendStatus(200))`):
              the response reports what the first call did;
            - an earlier statement writes module state or a global that a later call could read;
            - a call whose name says nothing either way may change its receiver and the objects passed to it,
              so later reads of those wait for it;
            - a later call records what came before: an awaited log or audit entry (`await events.log(...)`,
              `await logGroupEvent(...)`) is written only once the earlier call succeeded (NodeBB's group joins);
            - an earlier statement awaits a check for nothing but its rejection (`await blocks.can(uid, target)`,
              `await isOwner(...)`, `await validate(x)`), also when a `.then` chain starts from a check on one branch
              of a conditional (`(isMaster ? Promise.resolve() : schema.validatePermission(...)).then(...)`, parse-server's
              `DatabaseController.find`, an audited false finding);
            - an earlier statement awaits an Express response call (`await res.sendFile(file)`): it returns no
              promise, and what follows runs after the response on purpose (etherpad-lite's export removing the
              file it sent);
            - the function is a method of a class that is one connection (`...QueryRunner`, `...Connection`,
              `...Session`, `...Transaction`) and both calls go through `this` (typeorm's query runners);
            - the function is a method of a class that paces its calls, one with a field named as a rate limiter or
              throttle (`limiter`, `rateLimiter`, `throttle`), and the calls go through `this`: outline's Notion client
              awaits its `RateLimit` before each request, so its page and block fetches wait their turn on purpose;
            - an earlier statement waits for a stream to end (`await finished(stream)`, `await pipeline(a, b)` of
              `stream/promises`): it rejects when the stream failed, and what follows relies on what it wrote
              (juice-shop's profile image upload saves the user's image path once the file is written);
            - fewer than two of the calls wait for anything: the function a call resolves to (through the project,
              across modules, also through `module.exports` used inside its own module) hands back no pending work:
              it returns an array, a string, an object literal or nothing, or an async function that awaits only
              such calls and starts the rest without awaiting them (NodeBB's privilege lists built from an in-memory
              map, a vote hook that fires plugins and returns). WebCrypto's `crypto.subtle.sign`, `verify`, `digest`,
              `importKey` and `exportKey` count as such calls: microseconds of CPU on a key and a short input, no I/O
              (hono's signed cookies); key generation and derivation (`deriveBits`, `generateKey`) do not. So do the
              signing and verifying methods of NestJS's `JwtService` (`signAsync`, `verifyAsync`, `sign`, `verify`,
              `decode`) called on a service the class receives in its constructor (`private jwtService: JwtService`,
              imported from `@nestjs/jwt`): nestjs-boilerplate's access and refresh tokens, awaited one after the other
              inside a `Promise.all`, overlap nothing (audited false, removed). So does a read of one file's metadata
              (`stat`, `lstat`, `access` of `fs/promises` or `fs.promises`, and `fs-extra`'s `stat`, `lstat`, `access`,
              `pathExists`): a system call of microseconds on a local disk, no transfer of the file's contents; a read of
              the contents (`readFile`) still waits. On the ecosystem check this removed outline's export task reading
              the size of the archive it had just written, after recording the upload state (audited false), and
              nothing else.
              A dynamic `import(path)` settles at once too: a module is loaded once per process, and later imports are
              cache hits (like a lazy `require` of a module already loaded); so do lodash's copying and reshaping
              functions (`cloneDeep`, `omit`, `pick`, `merge`, ... of `lodash`, `lodash/cloneDeep.js`, `lodash.clonedeep`,
              `lodash-es`, `underscore`); a variable whose every value in the file is known and none is a promise (its
              initializer and plain assignments, each awaited where it is assigned or itself settled, a value computed
              from the variable itself taken as settled: `let app = cloneDeep(await load(key))` then
              `app = addSteps(app)`); a call of a function that hands back its own parameter (`return app` after filling
              it in) when the argument the call passes there settles; and `return cache[key]` where the function stores
              into `cache[key]` only what it awaited (`cache[key] = (await import(path)).default`), a literal or a new
              object: an entry computed once per key, or a service made once (`static async getInstance() { if
              (!Cache.instance) { Cache.instance = new Cache(); await Cache.instance.initialize() } return Cache.instance
              }`: flowise's usage cache, audited false on the fourth held-out set, quiet since). A registry that stores the pending promise itself (`cache[key] = fetch(url)`)
              still waits. On the third held-out set this removed automatisch's app lookups (4 of its 6 audited false
              findings of the shape: an app module imported once per key, then deep-copied); the ecosystem check did not
              change. A call the project cannot resolve may wait. On the
              ecosystem check: 3 audited false findings removed, none added; the call graph's new `module.exports`
              edges added 4 blocking findings in NodeBB (2 of them true).
              A function that keeps its result in module-level state and returns it on every later call
              (`if (cache) return cache`, or `if (cache && cache.length) return cache`, then `cache = ...` further on)
              waits only on its first call: its awaits after that guard run once, and the guard's return hands back
              the stored value (or a copy: `_.cloneDeep(cache)`, `structuredClone(cache)`). A guard whose state the
              function never sets does not count. On the ecosystem check this removed NodeBB's admin settings page
              (`social.getPostSharing()` and `languages.list()`, both cached; audited false), and added nothing.
              A call with constant arguments is also judged for those arguments: the callee's parameters are bound to
              the call's literals (`0`, `'x'`, `true`, `undefined`, a left-out argument, the properties of an object
              literal read by a destructured parameter, defaults), an `if` whose test they decide runs one branch, and
              a branch that always returns ends the walk. `user.getSettings(0)` with `if (parseInt(uid, 10) <= 0) return
              { ...defaults }` before its database read waits for nothing; `getSettings(1)` and `getSettings(uid)` still
              wait. An in-process read-through cache returns too: `const hit = await cache.get(key)` then `if (hit) return
              hit`, in a function that also calls `cache.set`, where `cache` is a `new` object of `node-cache`,
              `lru-cache`, `quick-lru`, `memory-cache`, `@isaacs/ttlcache`, `mnemonist`, `tiny-lru` or `flru`, or a `Map`
              (through a binding, or a global's property assigned once in the project): `getLocales({ cache: true })`
              answers from memory after its first call, `getLocales()` and a Redis-backed cache still wait. A method
              the call graph cannot follow (models a server loads from a folder into a global, `WIKI.models.locales`)
              is judged this way only for a call that passes a constant or an object literal, as the one project
              function of its name; it removed wiki-js's page locals (`getNavLocales({ cache: true })` and
              `getCode({ cache: true })`, answered from a `node-cache` global; audited false). NodeBB's guest settings
              still wait: `getSettings(0)` fires plugin hooks on its early-return path. A method called on a field of
              `this` that the call graph cannot follow (a pluggable adapter the class is handed,
              `this.adapter.getFileLocation(config, name)`) waits for nothing when the project defines it under that
              name 2 to 4 times (an interface's stub and the adapters it ships), every one of them settles at once,
              and one returns a value: parse-server's `FilesAdapter` stub and its GridFS adapter, which joins a URL
              (serial-await/loop: its file-URL loop removed, audited false; nothing else changed on the ecosystem
              check). An adapter the project does not ship (a package's S3 adapter) is not seen.
            - the later call repeats the earlier one's work on the same input: both are made on the same receiver with
              the same first argument (a variable or property path; further arguments the same too, or string literals
              naming fields), and the later call's function is the earlier one's, or one the earlier one hands its
              input to, or its first awaited call leads there (or an argument of it awaits such a call first).
              discord.js's `await manager.fetchGatewayInformation()` then `await manager.getShardCount()`, which waits
              for `getShardIds()`, which waits for `fetchGatewayInformation()` again; NodeBB's `posts.getPostField(id,
              'tid')` then `posts.isMain(id)`, which first reads the same post through `getPostsFields`. One after the
              other the later call finds the work cached; started together both would do it. A method the call graph
              cannot follow (NodeBB's `require('./data')(Posts)` modules) is taken as the one project function of its
              name. `getWebsiteStats(id, filters)` then `getWebsiteStats(id, { ...filters, startDate })` asks for
              another period and is still reported. This removed 3 audited false findings (discord.js's fetching
              strategy options, NodeBB's two ActivityPub post updates) and no true one;
            - both calls query models of a project whose Sequelize instances all use the sqlite dialect (`new
              Sequelize(..., { dialect: 'sqlite' })`; a class extending Sequelize's `Model`, directly or through project
              classes): they run on one SQLite connection, one statement at a time, so started together they only
              queue (juice-shop's two hint counts, audited false, removed). Any other dialect, or options the scan
              cannot read, and nothing queues. The same holds for TypeORM: every `new DataSource(options)`,
              `createConnection(options)`, `createConnections([...])` and `TypeOrmModule.forRoot(options)` of the project
              names `type: 'sqlite'`, `'better-sqlite3'` or `'sqljs'` (read through constants and both branches of a
              conditional: a development and a production configuration), and both calls are queries: a call on what
              `getRepository`, `getCustomRepository`, `getManager`, `getConnection`, `createQueryBuilder` or a `.manager`
              hands out (also through constant locals: `const query = repo.createQueryBuilder('r')`, then
              `await query.getCount()` and `await query.where(...).getCount()`), or a call of a project function whose
              every await is such a query (`Media.getRelatedMedia(ids)`). On the third held-out set this removed
              overseerr's 7 findings of that shape (all audited false: one SQLite connection, a shared mutable query
              builder); the ecosystem check has no such project and did not change.

            Calls whose names say they send a message (`send`, `emit`, `broadcast`: `await sendInfo(socket)`) are taken as
            reads where that alone keeps their order, and only when every other call of both statements reads: a send after
            a write (`await db.update(...)` then `await sendInfo(socket)`) keeps its place. Such a group is reported only if
            the project shows, for each of those calls, that the function it runs (through the project, across modules, at
            most 6 calls deep) reads and emits events only: every call it makes reads by its name, is a project function
            shown the same way, is `new` of a project class whose constructor is, or is made for its value and not
            awaited (`dayjs().valueOf()`); it changes only variables it declares and objects it made itself
            (`result.push(row)`); and it emits named events, with no callback for an acknowledgement and no await, on a
            parameter (`socket.emit('info', ...)`) or through a socket.io room or broadcast (`io.to(socket.userID).emit(...)`).
            No two of the calls may emit the same event (the later one would win on the client). A function that writes,
            waits for an acknowledgement (`emitWithAck`, `socket.timeout(ms).emit(...)`), emits on an emitter of the process
            (`this.emit(...)`, a module's `EventEmitter`, whose listeners run in the process) or cannot be followed (a
            package's function) keeps the order, as before. On the fix commits this found uptime-kuma's login, which sent
            the client its monitor, maintenance, notification, proxy, Docker host, API key and remote browser lists one after
            another (its maintainers run them with `Promise.allSettled`; serial-await 23 -> 24 of 32, after-files still
            clean); on the ecosystem check it adds and removes nothing. In the fix commits' trees it adds 19 findings at 4
            sites of uptime-kuma's socket handlers (one site per tree version), audited: the login, a deleted monitor's
            list refresh and a backup import's list refresh true (9), and a settings save's info and maintenance list false
            (10: the maintenance list reads only what the info has just put back into the settings cache).

            Queries written as tagged templates (`` prisma.$queryRaw`...` ``, `` sql`...` ``) are calls like any other, and
            predicates named `does...`, `are...`, `can...` read (etherpad-lite's `doesPadExist`). A statement handed to a
            query call as a tagged template (`` db.execute(sql`select ...`) ``) is read like a literal one; a `sql`
            fragment (`` Prisma.sql`count(*)` ``) only builds text; Prisma's `$queryRaw` of a statement built elsewhere
            returns rows (a read) and `$executeRaw` changes them. A string handed to any call other than a query is a
            transaction step only when written in capitals as SQL is (`"BEGIN"`, `"START TRANSACTION"`): a column name
            such as `"start_time"` no longer made a whole function look transactional (langfuse's `traces.all`).

            An awaited `Promise.all([...])` of calls whose results are destructured (or dropped) can take in a later
            independent call: `const [users, messages] = await Promise.all([...])` followed by `const isOwner = await
            isRoomOwner(uid, roomId)` becomes one `Promise.all` of the three (NodeBB's `/world` list: one author lookup
            joined the privilege reads; audited true). A later `Promise.all` is not moved into an earlier group.

            One awaited call inside a larger statement is grouped by that call: under an `if` without `else` whose
            branch is that one statement (`if (federated) { uids = uids.concat(await search(q, 'ap.name')) }`), in a
            conditional or logical expression (`const segments = enabled ? await getSegments(id) : []`,
            `context.plan || (await getPlan(owner))`), or as an argument or element. What is evaluated before the call
            (the tests deciding whether it runs) must make no await and no call that says it writes or says nothing, and
            must read nothing the awaits above wrote; the rest of the statement runs once the group has settled. Such a
            call joins a group started by a statement that awaits a call whole, and starts none (the calls that always run
            are grouped first); an `if` whose one statement is a bare awaited check (`if (filter) { await
            authorizeFilterFields(user, filter) }`) is a guard like the bare check itself. Reported without edits. On the
            fix commits this found NodeBB's user search (the local search, then the same search by the ActivityPub field
            when federation is on) and langfuse's observation with its scores.

            A field of a looked-up record that the lookup was keyed by is known before the lookup settles, so reading it
            is no dependence on the record: the equality filters of a `where` object (`const observation = await
            prisma.observation.findFirstOrThrow({ where: { traceId: input.traceId } })` makes `observation.traceId` the
            value `input.traceId`), and an argument whose name is an id of what the callee's name gets (`getRoomData(data.roomId)`
            makes `room.roomId` `data.roomId`; `getComment(comment.parentId)` does not make the parent's `parentId` one).
            Only `const` records of a reading call, and fields the function never assigns. An assignment to a property
            (`room.isOwner = await isRoomOwner(uid, room.roomId)`) is grouped by its call: the property is written in
            place, after the group. Both are reported without edits (the later call's text names the record). On the fix
            commits this found NodeBB's chat room owner check, which its maintainers folded into the room's `Promise.all`.

            A driver that reads a set and hands each batch to a callback written in place (`batch.processSortedSet(key,
            async (uids) => { ... })`) changes what its callback changes, not state of its own: the callback's calls and
            writes still keep their order with what follows (NodeBB's chat notifications then look up the users present in
            the room's channel; found on the fix commits). A `process...` call without a callback still says it writes.

            A login session's fields are values like any other: `getUser(session.user.id)` is no database session, and the
            function is not taken as a transaction for it; a session handed over whole (`{ session }`, `fn(session)`)
            still is one (formbricks' survey pages read the auth session this way). Likewise a receiver is a lock only when
            one of its words starts with "lock" (`redisLock`, `locker`), not when its name holds the letters (`blocks`):
            NodeBB's user search, which filters by `blocks.includes(uid)`, is no longer taken as locked.

            On the ecosystem check these shapes added 9 findings, audited: 7 true (outline's OAuth callbacks reading the
            team and the linking user, its websockets job reading a moved document's collection, NodeBB's relay announce,
            admin category page and post-queue moderator checks) and 2 false (NodeBB's skin CSS build, served from a file
            once built; sequelize refreshing type OIDs after a `reduce` chain that creates them, whose callback's calls the
            rule cannot see as writes). On the fix commits serial-await recall went from 17 to 21 of 32, the after-files
            still clean.

            An error guard between reads does not end a group: an `if` without `else` that tests an awaited lookup's
            result without waiting or writing (`if (!survey)`, `if (settings.maintenanceMode?.enabled)`) and fails the request
            (it throws, or returns an error answer: `res.status(503).json(...)`, `res.sendStatus(404)`, `reply.code(404)`,
            `NextResponse.json(body, { status: 404 })`, `new Response(text, { status: 503 })`, with a streaming client's
            error event written first) only reports a missing record or a service that is down. A later awaited call of
            something else may start with the lookup, and the guard runs after the `Promise.all`, when the later call only
            reads (by the names of all its calls), takes no argument the lookup takes (the same variable or property path,
            or the same literal key: a read of the same record could fail its own way) and none the guard tests. The
            request the guard fails throws a read away; every other one waits for the slowest read instead of their sum.
            formbricks' survey pages and arbr's chat gateway were fixed this way (`const [survey, user, tags] = await
            Promise.all([...])`, the not-found checks after it). Guards that refuse the caller keep their place, since they
            exist so that a refused request does no more work: a status of 401, 403, 407 or 429; a lookup whose name is a
            predicate (`is...`, `can...`, `check...`, `verify...`, `compare...`, `match...`); and a guard, a lookup's callee
            or a later callee that speaks of authentication, authorization, sessions, memberships, roles, owners, admins,
            credentials, passwords, tokens, challenges, logins, access, permissions or privileges (`getServerSession`,
            `getMembershipByUserId`, `throw new Error('Not authorized')`, `'[[error:no-privileges]]'`, `hashPassword`). A
            later read of what the caller may do, kept for a check further on, is a lookup like any other and may start with
            the group: a declaration or an assignment (`const isCallerAdmin = await privileges.admin.can('admin:groups',
            caller.uid)`) whose callee reads and speaks of privileges, permissions, roles, memberships, owners, admins or
            access, but of no session, token, password, login, challenge, credential or authentication. It refuses nobody:
            the check on its result comes after it and keeps its place, and a check awaited for its rejection (`await
            privileges.admin.can(...)`, its result dropped) is still a guard. A
            cache hit that answers (`if (hit) return res.json(hit)`), a plain `return` (no job, nothing to do: it may be the
            common path), a guard on something no await of the group produced (`if (!req.user)`) and a later write also keep
            their place. On the ecosystem check this added 4 findings, all NodeBB and audited true (a chat invite, the admin
            category order, a post's change of owner, moving a post between topics; a fifth, an email confirmation's two reads
            of one set, was audited true in a first version that did not yet ask that the guard test none of the later
            call's arguments, and is no longer reported). On the fix commits serial-await recall went from 24 to 27 of 32
            (formbricks' responses page, arbr's two chat handlers), the after-files still clean. In the 308 fix-commit trees,
            compared with the previous binary tree by tree, it adds 75 findings at 15 sites (NodeBB's four above across tree
            versions, formbricks' survey pages, response pipeline, segment and subscription services, InternHack's repository
            suggestion, outline's import creation, arbr's two handlers), audited true, and removes none (9 findings moved into
            larger groups). Its first version also crossed guards after a password comparison, an admin, membership, session
            or challenge lookup and an ownership check, and started password hashes before duplicate-email checks (32 findings
            at 11 sites, audited false: work a refused or failing request should not do); the refusal vocabulary and the
            credential callees were added for them, and with the rule that the guard test none of the later call's arguments
            they also dropped 40 findings at 3 sites audited true (NodeBB's group privilege read and email confirmation,
            formbricks' language deletion). Reading the caller's privileges as a lookup brought the first site back: in the
            308 fix-commit trees, compared with the previous binary tree by tree, it adds 16 findings (NodeBB's `groupsAPI.join`
            reading the group by slug and the caller's admin privilege, in 16 tree versions; audited true) and removes none;
            the ecosystem check and the fix-commit recall are unchanged. The email confirmation (the guard tests the uid the
            later read takes) and formbricks' language deletion (the guard tests the project id the later read takes) stay
            out.

            Setup statements between the awaits move with the group: a `const`/`let` declaration that awaits nothing,
            whose calls do not say they write (a factory called for its value, `const countQuery = createTracesQuery(...)`,
            counts as building), and that reads nothing the statements above it write, is moved above the `Promise.all`
            when a later call of the group needs it. On the ecosystem check this added 2 findings (umami's current and
            comparison-period stats queries, both audited true) and moved one (NodeBB's icon regeneration now groups the
            category read with the two font reads); on the fix commits, serial-await recall went from 10 to 12 of 32
            (riffado's page and total through drizzle's `sql` tag, langfuse's traces and count).

            An awaited result used through its members or methods (`const clubs = (await CALL).filter((c) => !joined.has(c.id))`,
            `(await CALL)[0].count`) is grouped by the call alone: what follows the `await` runs once it has settled, after
            every call of the group, so it may read the earlier results (reported without edits). On the fix commits this
            found utd-clubs' tRPC recommendation query (the user's clubs, then every approved club filtered by them;
            serial-await 16 -> 17 of 32); on the ecosystem check it added 3 findings and moved one, all in NodeBB and
            audited true (ActivityPub recipients: the announcer lists by pid; the admin federation page's blocklist list
            joining the instance count and the core list).

            The loop's first round: on the fix commits it finds Eventra's leaderboard handler (the contributors, then the
            closed pull requests page by page; serial-await 27 -> 28 of 32) and adds nothing else in the 308 trees, also with
            `--all-contexts`. On the ecosystem check it adds nothing, also with `--all-contexts`. Without the check of what the
            calls address it added 7 findings there with `--all-contexts` (tests and a benchmark, all false): bullmq's
            `sadd` of a set then `paginate` of it, socket.io's POST then polls of one session id, node-postgres' warm-up
            `bench(client, ...)` before the measured runs, and outline's test setup; and in the fix-commit trees langfuse's
            scores stored, then read back through its API by a helper whose name says nothing.

            On real code (the ecosystem check's triage ledger, audited findings still reported, which are all of them): 92%
            precise (71 true of 77, with the 4 error-guard findings above; two findings audited false before were re-audited true: outline's websockets job, whose
            `presentDocument` queries the collection of an archived or deleted document, and NodeBB's auto-categorisation,
            whose tag normalisation reads the category on PostgreSQL, which has no object cache). The rate limiter, the stream end, the lifecycle methods and JwtService removed 6
            audited false findings and no true one (76% before); file metadata reads one more (83% before); repeated
            work, the SQLite connection and constant arguments to methods the call graph cannot follow 5 more (84%
            before).

            Autofix: unsafe. The rewrite into one `Promise.all` starts together calls that ran one after the
            other; where the rule is wrong about their independence (6 of the 77 findings it reports on the
            ecosystem projects are false positives) the fix changes what the code does, for example creating a
            folder and then extracting an archive into it. `looplint check --fix --unsafe-fixes` applies it
            (each fixed file is re-parsed and re-linted before it is written); editors offer it as a code
            action.

            ## Options
            None.

            ## When not to use it
            When the services called are rate limited per client and serial calls are the intended throttle;
            say so with an explicit delay or limiter, or disable the rule for that file.

            ## Limitations
            - A value is followed through one local only: a write handed a value two steps away from what the next
              call reads, or an entity read back through a query built elsewhere, is not taken for the same value
              unless the read's name says it reads again (`refetch...`, `reload...`).
            - Names are matched within one function by spelling, not through the semantic model's bindings;
              a shadowing name can only make the rule quieter.
            - Whether an error guard refuses the caller is read from words (the guard's text, the lookup's and the later
              call's callee names): a refusal spelled otherwise (`if (!ok) throw new Error('nope')` after `getGrant(...)`)
              is taken as a failure report, and a later read starts before it. A later call that reads the looked-up record
              under another name (`getSummary(surveyId)` after `getSurvey(params.surveyId)`, `surveyId` a copy) is not seen
              as taking the same input. A later read of the caller's privileges is told from credential work by its callee's
              words too: a privilege lookup named after a session or a token (`getSessionRoles(sid)`) still waits.
            - Two calls whose names say they write keep their order even when the functions they reach write to different
              tables or stores (langfuse's data-retention job deleting a project's ingestion files from S3 and its
              ClickHouse rows): tables alone do not show it, since rows of a relational database deleted children first or
              inserted parent first must keep that order for their foreign keys.
            - It follows calls into other functions and modules only to see whether they wait at all: a function
              whose name reads (`getX`) but writes shared state that a later call reads is not seen, and a function
              that waits only on some paths (a cache hit that returns at once) counts as waiting, unless the call's
              constant arguments decide the path (above).
            - Statements of the same block are grouped, and awaited calls side by side in one object literal,
              array literal or argument list (`res.json({ a: await f(), b: await g() })`, reported without
              edits). An await inside an expression that waits for an earlier statement's await is reported only in the
              shapes above (an awaited result used through its members or methods; one awaited call under an `if`
              without `else`, a conditional, a logical expression or as an argument); awaits in different branches
              (`if` with an `else`, two statements under the `if`) are not reported.
            - A record's key fields are known only from a `where` equality filter or an id argument named after what the
              callee gets; a lookup that normalises its key (a string id read back as a number) is taken as handing the
              same value back.
            - In `.then` chains only `first().then((x) => second())` (or a callback whose first statement returns
              `second()`) is checked; `second()` is reported when it does not read the callback's parameters.
              Chains whose earlier links have callbacks, and promises started before the chain, are left alone.
            - A helper that makes a request and then computes with an argument that needs the earlier await is not split:
              wip's pull-request handler awaited `getPlan(...)`, derived `newStatus` from the plan, then awaited
              `hasStatusChange(newStatus, context)`, whose one request (the check runs of the head commit) reads only
              `context`. Its maintainers moved that request out of the helper to start it with `getPlan`; as written the
              call needs `newStatus`, so `Promise.all` over the two calls is no safe edit and the rule stays quiet (a fix
              commit it misses).
            - A loop's first round is checked only against the statements of the loop's own list (not against awaits
              before an enclosing block), only when the loop surely runs by literals (a test reading the caller's value,
              `while (input.more)`, may skip the loop, and starting its call early would be wasted), and only in the shape
              above; a `for...of` loop's first element is not looked at.
            - A loop's first call is kept behind an earlier write only through what the two calls' own arguments and
              receivers name: a write and a read of one store reached through different values (scores saved for a
              project, then listed through an API client that only knows the project's key) are taken as independent
              when the later call's name says it reads; and after a call that may write, any shared argument value orders
              them, a shared base URL or client included, so a loop that could start beside an unrelated write through the
              same client stays quiet.
            - A call whose name says nothing either way (`process(x)`, `handle(y)`) counts as possibly writing
              what it is passed, so groups sharing such arguments are not reported.
            - A function shown to read and emit only (above) is judged by the names of the calls it makes: a `get...`
              that fills an in-process cache counts as a read, and an event emitted on a parameter is taken as a message
              to a client even when the parameter is an emitter of the process. Only `send`, `emit` and `broadcast`
              calls are looked into this way; a `notify...` or `publish...` that only reads and emits still keeps its
              order.

            ## References
            - MDN, `Promise.all()`: https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all
            - ESLint, `no-await-in-loop` (the loop form of the same cost): https://eslint.org/docs/latest/rules/no-await-in-loop

            """#
        ),
        RuleCatalogEntry(
            id: "unbounded-cache/map-growth",
            category: "unbounded-cache",
            severity: .warning,
            summary: "Long-lived Map, Set, object or array grows on every request and is never trimmed",
            fixDescription: "bound it with an LRU (lru-cache, quick-lru) or evict entries on a timer or past a size limit",
            since: "0.1.0",
            markdown: #"""
            # unbounded-cache/map-growth

            ## What it does
            Reports a call that adds to a container living as long as the process, made on a request path, when
            nothing in the program ever takes entries out again.

            ## When it reports
            Containers are `Map`, `Set`, plain objects (`{}`, `Object.create(null)`), arrays, and `node-cache` /
            `keyv` instances made without a default TTL, held by:

            - a binding at the top level of a module (`const cache = new Map()`), or at the top level of a
              module-level IIFE (`const api = (() => { const seen = new Set(); ... })()`);
            - a static class field (`static cache = new Map()`);
            - a field of a singleton: a class whose only instances are made at module level
              (`module.exports = new SessionStore()`), also when the class is exported beside its instance
              (`module.exports = { TtlStore, userCache: new TtlStore() }`) and no other module of the scan refers
              to the class except to make a module-level instance; or a property of a module-level object
              (`const state = { users: new Map() }`);
            - `global.x` / `globalThis.x`;
            - the function a factory returns: a container the factory declares in its own body and the returned
              function fills (`function withCache(fn) { const cache = new Map(); return (url, key) => ... }`), when
              the factory is exported, called at a module's top level, or called by a class constructor that keeps
              the result on the instance (i18next's `this.formats = { number: createCachedFormatter(...) }`), or is
              itself the module's export (`module.exports = (fn, options) => { ... }`, `exports.memo = function () {}`,
              `export default function () {}`). The container may also be the one the factory's options default to
              when the caller gives none (`const { cache } = options` after `options = Object.assign({ cache: new
              Map() }, options)`, `const { cache = new Map() } = options`), like `options.cache || new Map()`; and the
              add may sit in a helper the factory declares and only the returned function calls (`const setData =
              (key, data) => cache.set(key, ...)`), the lookup then naming the key the returned function passes it.
              Applications bind the returned function once (`export const signUrl = withCache(sign)`), so its
              cache lives as long as the process (or the instance). Outside
              request paths such a finding says `per call` as its context, and its trace starts at the returned
              function;
            - the options a registered handler's factory was called with: an array among them
              (`app.use(jwk({ keys: [] }))`, then `options.keys.push(...)` in the handler it returns) is read once, at
              registration, and lives as long as the app. Appending to it on a request path is reported, in the handler
              or in a helper every call in the project hands it to: hono's `verifyWithJwks(token, { keys, jwks_uri })`
              pushed the keys it fetched into the `keys` array the `jwk` middleware took from its options, whether
              passed directly, through a local set once (either branch of `a ? b : c`, `a || b`) or a property of an
              object literal argument. Only `push` / `unshift` count there, and a `shift` / `pop` / `splice` /
              `length = n` of the same array in the same function bounds it;
            - a field of an object whose own method is the registered handler (`net.createServer(this.onConnection.bind(this))`,
              a class method or `Server.prototype.m = function`): the object lives as long as what it serves, whoever
              made it, so anything that grows it on every connection, message or request is reported (mysql2's
              `Server` kept every accepted connection in `this.connections`). Objects made inside a handler (a
              per-connection session) are not such objects. A constructor function's prototype methods
              (`F.prototype.m = function`, `F.prototype = { m() {} }`, or `this.m = m` in the body of
              `F.prototype = new function () { ... }()`) are methods of `new F()`, so a handler registered as one
              (`app.all(path, assetCache.handle)`) is followed into the method like a class's. The object may also
              register the handler through a callback of its own, in its constructor or in one of its methods
              (`store.subscribe('join', function (id, room) { self.onJoin(id, room) })`), when nothing deletes from
              the field: socket.io 0.7's `Manager` kept an entry per client in `roomClients` and an array per room in
              `rooms`, filled by the store's `join` messages. (A delete guarded by a lookup of the same key, `if
              (this.open[id]) delete this.open[id]` when a client disconnects, ends the entry with the message that
              ends it, so any delete bounds such a field.) A method that only the constructor calls (`this.initStore()`,
              nowhere else named in the file) makes the instance's containers as the constructor does;
            - a field of the instances of a class or constructor function, made in the constructor or as a class
              field (`this[kClients] = new Map()`, `this._statements = {}`), filled get-or-compute by the object's own
              per-operation method: an instance method named `dispatch`, `execute`, `query`, `request`, `send`,
              `publish` or `subscribe` (also `_execute`, `#query` and a symbol's `[kDispatch]`), directly or in a
              callback it makes (mysql2's `execute` stores the statement in the callback of its `prepare`). Only a
              client, agent or connection has such a method, and its caller keeps it for as long as it serves
              operations, so a field keyed by what each operation names (an origin, an SQL text) grows with every
              distinct one. Reported with `per call` as its context, whoever calls; getters and registries
              (`getRepository(target)`, `of(pattern)`) are not operations, and an entry deleted anywhere but in the
              object's own teardown bounds the field. There a keyed add counts without a lookup too: a key each
              operation makes for itself (MQTT.js's `subscribe` kept the topics of every message id in
              `this.messageIdToTopic`, read on the acknowledgement and never deleted) stays as surely as a cached
              one; a `push` there does not (a transporter's `subscribe` appending each subscription to a list is a
              registration made once). The field may be written through a local that stands for it
              (`const statements = this._statements; statements[sql] = stmt`). A field of the same name that another
              module of the scan evicts from (`delete client.messageIdToTopic[id]` in an acknowledgement handler the
              client is handed to) is taken as bounded there;
            - a `Map` or `Set` field of the instances of a class or constructor function keyed by an object the
              caller hands to one of the object's methods, whose only deletes are in other methods of the object that
              take the key from their caller (`enableBlockingInPage(page: Page)` sets `this.contexts.set(page, ...)`,
              and only `disableBlockingInPage(page)` deletes it): each call names another object (a page, a socket, a
              session), and its entry, with the object itself, stays until the caller remembers the teardown; a
              `WeakMap` needs none (adblocker's blockers kept every page their caller closed without disabling
              blocking first). Reported with `per call` as its context. The key must be a parameter declared with an
              object type (TypeScript's `page: puppeteer.Page`: not a type alias, enum or type parameter the file
              declares, which may stand for a string, nor `Function`, `Object` or a primitive's wrapper); the
              method must not register a listener on it (`page.once('close', () => this.disable(page))` wires the
              teardown to the object's own end), and the object's own module must not call the teardown itself (a
              listener on a browser's `pageclosed` calling `this.release(page)`). Calls from other modules are the
              callers that have to remember it (adblocker's own example disabled blocking before closing its page;
              an application that forgets on one path still keeps the page);
            - a field of the instances of a class or constructor function that one of its methods fills
              get-or-compute, keyed by the very argument its caller passes (`getNode(key) { if (this.cache[key])
              return this.cache[key]; ... return this.cache[key] = node }`), when the object empties the field only
              in methods that reconfigure it (`addServer()` resetting `this.cache = {}` beside the ring the cache is
              derived from): between two reconfigurations every distinct key asked for stays (node-hashring's
              `getNode` kept the server of every key its caller sharded by). Reported with `per call` as its context.
              The method may hand the key, with the instance, to a helper that does the work (`getPositionalPath(this,
              path)` in `path(path)`, the helper writing `self.subpaths[path] = val`): a function declared at the
              module's top level, every call of which in the file passes `this` of the same class or constructor
              function (or a local set to it, or that parameter of another such helper) at one position, works on the
              instance as a method does, its parameter standing for `this`. Its key must then be one of the helper's
              own parameters, handed to it unchanged by a method that takes it as its own parameter (directly or
              through other such helpers), and the lookup may sit in the helper or in any caller on that chain (`return
              self.subpaths[path]` in the helper that calls the one that writes); a key the method computes first
              (`const clean = path.replace(/\.\d+/g, '.$')`) is not followed, and a helper also handed other objects
              (`remember({ entries: {} }, 'warm')`) or referred to but not called (exported) is no such helper.
              The resets must be the field's only evictions, each in a method other than the constructor, in the
              method's own body (not a timer's callback), and the module must never call such a method itself (a
              `this.flush()` on a timer, a `clear()` past a size). A method that does nothing but empty containers
              (`clearCache() { this.cache.clear() }`) is an eviction the object offers for memory and bounds the
              field; a fresh empty container stored per key (`this.free[id] = this.free[id] || []`) is a group filled
              later, not a computed result, and is not reported. The key may be computed from the arguments too
              (`const key = parts.join('/')`, `key += sorted[i]` after `const sorted = [...ids].sort()`): a local of
              the method every write of which is built from its parameters, literals and names outside the function;
              the object's own state (`this.name + ':x'`) is no argument. The same holds for the handle an exported
              TypeScript factory returns: an object literal with container fields (`createRendererContext():
              RendererContext` returning `{ _dependencySets: {}, updateManifest }`) that the caller keeps and hands
              back to the module's functions, whose parameters of that type (`rendererContext: RendererContext`)
              stand for it. A function the factory declares and puts on the handle (`updateManifest`), and calls
              itself only while it builds it, is a reconfiguration; a memo of another function keyed by its other
              arguments, emptied only there, is reported (vue-bundle-renderer kept the dependencies of every
              distinct set of rendered modules until the manifest changed). A handle the factory empties on its own
              (`setInterval(flush, ms)`) is bounded, and a handle's fields take part in no other shape: a context
              made per request looks the same;
            - with `libraryAPI: true`, a field of the instances of a library's class or constructor function, made
              in the constructor or as a class field (`this._statements = {}`, `this[kClients] = new Map()`, also
              through `var self = this`, or in a module-level helper its methods hand the instance, as above, the
              lookup then counting on the chain of methods and helpers that hand it the key; a computed key is a module-level constant of the file or one it imports,
              as undici's `const { kClients } = require('../core/symbols')`) and filled by a method of the library's
              API: the clients, agents and connections a library hands out are kept by the application for as long
              as it runs.

            A cache whose entries expire only when read again, by a check against the clock (`if (Date.now() -
            hit.at > ttl) cache.delete(key)`, also after an `if (fresh) return hit` with the delete below it), is
            reported on every call of the function that adds to it even where no request entry point looplint
            knows reaches it (`per call` as its context): held by a module-level binding, or by a field of a class's
            instances filled get-or-compute style (typesense-js's `RequestWithCache.responseCache`). The expiry says
            the entries are meant to outlive the call that adds them, so whoever calls (a hook, a tool call, a
            library's caller) keeps the cache, and keys nobody asks for again stay. Here an eviction in a function no
            call in the scan reaches is assumed to run (a method called through an instance looplint does not
            follow); a `clear()` only tests call still does not bound it.

            For the library fields and factories above (but for the keyed adds of a per-operation method), only a get-or-compute add counts: the same key is looked up (`get`, `has`,
            `obj[key]`) in the function that adds it or in one around it (a lookup in `execute` and the add in the
            callback of its `prepare`). A field emptied only when its object ends (a `clear()` or a fresh container in
            `close`, `destroy`, `dispose`, `terminate`, `shutdown`, `disconnect` or `end`) is not bounded while the
            object serves; a delete of one key there (an `onDisconnect` handler dropping one origin) is an eviction
            like any other.

            Growing means `map.set(key, ...)`, `set.add(value)` or `obj[key] = ...` (not `= null`) with a key that
            differs between requests (anything but a literal or a module-level constant), `array.push(...)` /
            `array.unshift(...)`, and `Object.assign(obj, src)` with keys that are not written out.

            Only calls on a request path are reported: in a function reachable from a request entry point (route
            handlers and middleware of Express, Koa, Fastify and the other frameworks `blocking/*` knows,
            `http.createServer` callbacks, handler-shaped exports, entry points from `looplint.yml`), also
            through calls into other modules; the trace shows the chain from the registration to the call.

            Entries that expire only when read again do not bound a container. A `delete` of the very key the same
            function reads, checks or sets is such a lazy expiry: keys that are not asked for twice stay forever.
            When a container has lazy expiry, its other evictions count only when they can remove entries nobody
            names again: a `delete` whose key, or the condition it sits under, comes from a parameter of its
            function (`invalidate(id) { cache.delete(id) }`, a loop deleting the keys with a given prefix) drops
            only what a caller asks to drop, and a `clear()` in a function that nothing but tests calls never runs
            in production.

            Request paths include the per-message and per-chunk hooks Node.js runs in any program (a client
            socket's `'data'`/`'message'` handlers, a stream class's `_transform`/`_write`/`_writev`/`_read`, and in
            a library the callback of a subscription to a named channel of a publish/subscribe store,
            `store.subscribe('join', (id, room) => ...)`; see [blocking/fs-sync](../blocking/fs-sync.md)): a
            module-level map a `ws` client fills per message is reported.

            ## When it stays quiet
            A stream's own fields filled by its per-chunk hooks (`this.chunks.push(chunk)` in `_write`) live as long as
            that stream, not the program, and are quiet.

            A field that the method emptying it then fills, through the method it calls (`run(url) { this.visited = new
            Set(); return this.crawl(url) }`, the add in `crawl`), is scratch state of that run: its entries live as long as
            the run, not the object (flowise's recursive web scraper, 2 audited false on the fourth held-out set, quiet
            since; nothing else changed there, on the ecosystem check or on the fix commits).

            A memo an object empties with a method of its own that does nothing else (`clearCache() {
            this.commands.clear() }`), or on its own initiative (`setInterval(() => this.flush(), ms)`, any call of
            the reset in its module), is bounded; so is a field that stores a fresh empty container per key
            (`this.free[id] = this.free[id] || []`: a group per key, such as bullmq's free workers per processor file).

            A `delete` that runs only when a promise rejects (in the callback of `.catch(fn)` or the second one of
            `.then(ok, fn)`: `ret.catch(() => cache.delete(key))`) evicts only the entries whose call failed and does
            not bound the container; every entry that succeeded stays.

            The container is considered bounded when anything, anywhere in the file, evicts from it inside a
            function: `delete` / `clear` (Map, Set), `delete obj[key]`, `shift` / `pop` / `splice` / `length = n`
            (arrays), `del` / `take` / `flushAll` (node-cache), a reassignment to a fresh container (`cache = new
            Map()` in a timer), or when the growing call sits behind a size check (`if (cache.size < MAX)`,
            `if (cache.size > MAX) return`). With lazy expiry, a sweep on a timer (`setInterval(() => { for (const
            [k, e] of cache) if (e.expires < now) cache.delete(k) })`, or a walk of its keys with `forEach`, `map`,
            `filter`, `some` or `every` over the container, `Object.keys(c)`, `Object.entries(c)` or `c.keys()`,
            deleting each key the callback is handed: signalk-server's pending requests, swept every 15 minutes by a
            timer the first request starts, audited false on the fifth held-out set) or a `clear()` that a route or any other
            non-test code calls still bounds it; without lazy expiry, a `delete` by a caller's key counts (a map of
            pending calls whose entries are deleted when each call settles), and a `delete` in the `finally` of the
            function that set the key is not lazy at all (an in-flight map: `m.set(k, p); try { return await p }
            finally { m.delete(k) }` holds only the calls under way), nor is one in a `.then`/`.finally`
            callback (a per-key promise chain removed when it drains), nor one in an event listener registered on
            the value the container stores, inline or through the field the listener is kept in (`pool.on('close',
            () => { if (pools.get(k) === pool) pools.delete(k) })` before `pools.set(k, pool)`; undici's
            `this[kOnDisconnect]`, registered on each dispatcher its `Agent` keeps and deleting the origin when its
            last connection goes): the entry's own object says when it ends. A listener on another emitter whose
            events name keys (juice-shop's wallet set, left only by addresses a contract event names) deletes only
            those keys, and is still lazy. Containers handed to other functions,
            returned or exported are assumed to be bounded where they go, and an exported class that another module
            instantiates inside a function is not a singleton. A key that can only be one of a few values the
            program writes itself is bounded: literals and `const` names, templates of them, a TypeScript enum's or an
            imported module's named constant (`getClient(Environment.PRODUCTION)` and `getClient(Environment.SANDBOX)`:
            linkwarden's App Store clients, one per environment, audited false on the fifth held-out set), a parameter
            every call in the project passes such a value, and a path resolved from one (`resolve.sync(name, opts)`,
            `require.resolve(name)`, `path.join(dir, name)` of fixed parts). etherpad's template cache, keyed by the
            resolved path of template names every caller writes as literals, was an audited false finding and is
            no longer reported; no other finding of the ecosystem check changed. A cache of compiled patterns is
            bounded too: one of its writes stores a regular expression built there (`cache.set(p, new RegExp(src))`,
            `cache[key] = [key, name, new RegExp(src)]`, or a local assigned one just before): its keys are the
            program's own patterns (registered routes, subscribed event names, configured globs). On the ecosystem
            check this left out hono's `patternCache` (route labels, 2 findings) and moleculer's `RegexCache` (event
            name patterns, 1), all 3 audited false, and added nothing; map-growth's audited precision went from 57%
            (4 of 7) to 100% (4 of 4), and no fix commit changed.

            ## Why is this bad?
            A module-level cache keyed by something from the request gains one entry per distinct user, URL or
            id, forever. The heap grows until every major garbage collection has to walk millions of entries —
            the event loop stalls for longer and longer pauses — and finally the process dies out of memory,
            usually at night, after days of uptime. On the bundled benchmark server, 10,000 requests to the
            profile-card endpoint with a module-level `Map` keep every card alive, while the same endpoint with
            an LRU of 200 entries stays flat (`looplint bench`).

            ## Example
            ```js
            const express = require('express')
            const app = express()
            const cards = new Map()

            app.get('/users/:id/card', async (req, res) => {
              let card = cards.get(req.params.id)
              if (!card) {
                card = await renderCard(req.params.id)
                cards.set(req.params.id, card)
              }
              res.send(card)
            })
            ```

            ```ts
            const sessions: Record<string, Session> = {}
            const seen: string[] = []

            export function login(req: Request, res: Response) {
              sessions[req.body.token] = { user: req.body.user, at: Date.now() }
              seen.push(req.ip)
              res.end()
            }
            ```

            ```js
            const express = require('express')
            const app = express()
            const rates = new Map()

            app.use((req, res, next) => {
              const hit = rates.get(req.ip)
              if (hit && hit.until < Date.now()) rates.delete(req.ip) // only when the same ip comes back
              rates.set(req.ip, { until: Date.now() + 60_000 })
              next()
            })
            ```

            ```js
            const express = require('express')
            const app = express()
            const tokens = new Map()

            function revoke(id) {
              tokens.delete(id) // only the key a caller names
            }

            app.get('/tokens/:id', (req, res) => {
              const hit = tokens.get(req.params.id)
              if (hit && hit.expires < Date.now()) tokens.delete(req.params.id)
              tokens.set(req.params.id, { expires: Date.now() + 60_000 })
              res.end()
            })

            app.post('/tokens/:id/revoke', (req, res) => {
              revoke(req.params.id)
              res.end()
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const app = express()
            const { LRUCache } = require('lru-cache')
            const cards = new LRUCache({ max: 500 })

            app.get('/users/:id/card', async (req, res) => {
              let card = cards.get(req.params.id)
              if (!card) {
                card = await renderCard(req.params.id)
                cards.set(req.params.id, card)
              }
              res.send(card)
            })
            ```

            ```js
            const express = require('express')
            const app = express()
            const rates = new Map()
            setInterval(() => {
              const now = Date.now()
              for (const [ip, hit] of rates) if (hit.until < now) rates.delete(ip)
            }, 60_000).unref()

            app.use((req, res, next) => {
              rates.set(req.ip, { until: Date.now() + 60_000 })
              next()
            })
            ```

            ```js
            const express = require('express')
            const app = express()
            const recent = []
            app.post('/events', (req, res) => {
              recent.push(req.body)
              if (recent.length > 100) recent.shift()
              res.end()
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When the keys come from a small fixed set (a handful of tenants, locales or feature flags) the
            container is bounded by that set; suppress the finding with a reason.

            ## Limitations
            The rule follows names through one file: a container exported or handed to another function is
            assumed to be bounded elsewhere (the exceptions: an array from a registered handler factory's options,
            followed into the helpers every call hands it to, and only for `push` / `unshift`; and a field handed alone
            to a call whose value becomes the field of the same name on another object, `s.subpaths =
            clone(this.subpaths)` in a method that clones the instance, which copies it), and a factory's container is followed only when the file shows the
            returned function being kept (an exported factory, a call at the top level or in a constructor that
            stores it on the instance): a factory called in any other method (it may be made again per call) or
            one taking the container from its options with no default of its own (`memoize(fn, { cache })`) is not. A size check anywhere on the path counts as a bound
            even when its limit is huge. Fields of class instances are tracked for singletons, for a library's
            classes with `libraryAPI: true`, and otherwise only when the object's own per-operation method fills them
            get-or-compute, or when a method memoizes its caller's argument in a field the object empties only on a
            reconfiguration: whether an instance outlives a call is not in the file, and the method's name (`dispatch`,
            `execute`, `query`, ...), or a reset that says the field is derived data kept between reconfigurations,
            is what says it serves many operations. So a memo keyed by a method's argument that nothing ever empties
            is not reported by default, through a helper or not: mongoose's `schema.subpaths` before its fix (filled
            through the helpers `getPositionalPath(this, path)` and `getPositionalPathType(self, path)`, keyed by
            positional paths such as `arr.5.name`, never reset) is found only with `libraryAPI: true`. Reporting every
            such memo would add 24 findings on the ecosystem check's 40 projects and 125 in the 308 fix-commit trees
            (nearly all registrations made while a program sets up, such as hapi's `scheme()` and moleculer's
            `ActionCatalog.add`, and getters by name: `getLogger`, `getRepository`, typesense's `collections(name)`).
            An object made per operation that caches in its own `execute`
            would be reported (none is on the ecosystem check); a client whose operation has another name (`parse`)
            and whose field nothing resets, or that appends to the field (discord.js's channel messages), is missed.
            A store's subscription is an entry point only in a library package, and only with its channel
            written as a string and an inline callback: a channel held in a variable (`subClient.subscribe(channel,
            fn)`, NodeBB's and parse-server's pub/sub, in applications) or a callback passed by name is not followed,
            and an object that registers its handler through such a callback is taken as bounded by any delete of
            the field. A factory's handle is recognised only in TypeScript, by the type the factory declares it returns (or the
            local it keeps it in) and the parameters declared with that type; in JavaScript, or through a type two
            factories return, its fields are not followed. A reconfiguration
            the program runs often (a reset per request) is still taken as no bound. A map keyed by the caller's objects and emptied only by a teardown the caller must call is
            recognised only in TypeScript, by the key parameter's declared type: in JavaScript nothing says whether a
            key is an object or a name, and a delete by a caller's name (`unregister(id)`) bounds a map, since names
            are mostly the program's own. A map keyed by objects with no delete at all is not reported (a registry of
            classes or servers made once), nor one whose teardown deletes under another key (`this.contexts.delete(page.id)`). A first
            version reported get-or-compute fields of every exported class outside entry points; on the ecosystem
            check's 40 projects it added 54 findings which, read by their classes, were nearly all false:
            analyzers made once per build (api-extractor's symbol tables), objects made per query (typeorm's
            result transformer), and registries keyed by names from a fixed set (agenda's `define`, moleculer's
            action catalog, typeorm's repositories per entity). Values taken out of a long-lived container (`const inner = outer.get(k); inner.set(...)`)
            are not followed either.

            On 30 real commits that fixed an unbounded cache (`ecosystem/fixcommits/`, both rules together) the
            hazard is flagged before the fix in 20 (memoize's default `Map` since a factory that is the module's export, a
            container its options default to, an add in a helper the returned function calls and a delete that runs only
            on a rejection are followed; socket.io 0.7's `Manager.onJoin` since a store subscription's
            callback is a per-message entry point in a library and an object registering such a callback itself holds
            what it grows; vue-bundle-renderer's `getAllDependencies` since a factory's
            handle and memo keys computed from the arguments are followed; node-hashring's `getNode` since a memo keyed by the caller's
            argument and emptied only when the caller reconfigures the object is reported; undici's `Agent` and `Socks5ProxyAgent` and mysql2's prepared
            statements since a field filled by an object's own per-operation method is reported without
            `libraryAPI`; MQTT.js's `messageIdToTopic` since a keyed add there counts without a lookup; imgproxy-node's `withCache` and i18next's
            `createCachedFormatter` since factories are followed; typesense-js's response cache and
            oh-my-claudecode's command-output cache since clock-expiry caches are reported per call; hono's
            `verifyWithJwks` since a handler factory's options are followed; mysql2's `Server` since constructor
            functions' prototype methods are methods of their instances; etherpad-lite's caching middleware since
            that, and an import cycle of server modules stays source code; adblocker's `PuppeteerBlocker.contexts`
            since a map keyed by the caller's objects and deleted only by a teardown the caller must call is
            reported) and the file after the fix is clean in 26 of 26; following factory options adds and removes no finding on the ecosystem check's 40 projects.
            With `libraryAPI: true` the same check flags 20 of the 30: the default's rows but MQTT.js's
            `messageIdToTopic` (a keyed add without a lookup counts only where no library entry point reaches it),
            and mongoose's `schema.subpaths` (since helpers handed the instance are followed), with the files after
            the fix clean in 26 of 26
            (undici's fixed `Agent` since a delete in a listener on the stored dispatcher counts). The per-operation method shape adds no finding on the ecosystem check's 40 projects (whose
            get-or-compute fields under `libraryAPI` were getters and registries: `getRepository`, `getLogger`,
            `getTypeParser`, `of`, all audited false), and in the before-trees of the unbounded-cache and
            listener-leak fix commits it adds 5 findings, all true (`ecosystem/triage/verdicts-opmethod-fixtrees.tsv`:
            the two undici agents and mysql2's statements, in their fix commits' trees and two earlier ones).
            Counting keyed adds without a lookup there (and fields written through a local that stands for them)
            adds no finding on the ecosystem check either; in the trees of the unbounded-cache and listener-leak fix commits it adds 3
            findings, all true (`ecosystem/triage/verdicts-opkeyed-fixtrees.tsv`: MQTT.js's message ids, socket.io
            0.9's `Socket.acks`, a callback per acknowledged send that is called and never deleted), and 2 false ones
            (MQTT.js's later `client.ts`, whose acknowledgement handler deletes the entry in another module) before
            such a delete elsewhere counted; appends without a lookup
            would have added 5 findings on the ecosystem check, all registrations made once (hapi's
            `Ext.subscribe(route)`, moleculer's transporters' `subscribe` pushing bindings and receivers), so they
            are not counted. Maps keyed by the caller's objects whose only deletes are a teardown the caller must
            call add no finding on the ecosystem check's 40 projects (the two such maps there, ioredis's sessions per
            connection and bullmq's scripts per client, are `WeakMap`s); in the trees of all 162 fix commits they add
            3 findings, all in adblocker's tree before its fix (`ecosystem/triage/verdicts-callerteardown-fixtrees.tsv`):
            its Puppeteer and Playwright blockers' maps of pages, true, and its Electron blocker's map of sessions,
            false (an app's sessions are its partitions, which Electron keeps anyway). A fourth, its WebExtension
            blocker, sat in browser code, which the file's import of `webextension-polyfill-ts` now says. Memos emptied only by a reconfiguration add 1 finding in the 308 fix-commit trees against the
            session's base binary, tree by tree (node-hashring's `getNode`, true, the fix commit's own row); on the
            ecosystem check's 40 projects their first version added 2 findings, both in bullmq and both false
            (`ecosystem/triage/verdicts-reconfigured-memo-eco.tsv`: `ChildPool.getFree` storing an empty list of
            workers per processor file, and `ScriptLoader.loadScripts` keyed by the Lua scripts' directory, whose
            `clearCache()` only empties it), which the two exclusions above (a fresh empty container per key, a
            method that only empties) now leave out; the shape adds none there. Following a factory's handle and
            memo keys computed from the arguments adds 1 finding in the 308 fix-commit trees against the session's
            base binary, tree by tree (vue-bundle-renderer's `_dependencySets`, true, the fix commit's own row;
            `ecosystem/triage/verdicts-handle-fixtrees.tsv`), removes none, and adds or removes none on the
            ecosystem check's 40 projects. A store subscription's callback as an entry point, with the object
            that registers it (in its constructor, a method only the constructor calls, or another method) holding
            the fields it grows, adds no finding on the ecosystem check's 40 projects (none of them subscribes to a
            channel written as a string with an inline callback outside tests and examples) and changes no finding of
            another rule in the fix commits' socket.io trees; in the 308 fix-commit trees against the session's base
            binary, tree by tree, it adds 2 findings, both true (`ecosystem/triage/verdicts-subscription-fixtrees.tsv`:
            socket.io 0.7's `roomClients` per client id, the fix commit's own row, and `rooms` per room name, both in
            the tree before the fix; the file after the fix, which deletes both, is clean) and removes none. Its first
            version also took the object's own timers (MQTT.js's reconnect `setInterval` reaching the offline queue,
            which its `connect` listener drains through `const { queue } = this`: 2 findings, false), and a delete
            guarded by a lookup of the same key for an expiry on read (socket.io's `if (this.open[id]) delete
            this.open[id]` on a disconnect); neither counts now.

            Of the 11 misses the default scan had before memoize's shapes were followed, 4 are correct to leave by the triage rules: angular universal's
            static `NodePlatform._cache` is keyed by NgModule classes, the application's own few (the file is taken
            for browser code too, and no entry point reaches `cacheModuleFactory()` with `--all-contexts`); debug's
            `createDebug.instances.push(debug)` runs once per `debug(namespace)`, setup-time API that programs call
            while they load (its `destroy()` removes the instance); mustache's template cache is keyed by the
            program's own templates, and its exported `clearCache()` empties it; nanocoder's map of changes waiting
            for an editor's reply is in a command-line tool and deleted when the reply comes. 4 cannot be decided
            from the code in the tree: umami's redis write sits in a wrapper package outside it (`storeObject` from
            `@umami/redis-client`); outline's cancan map is keyed by model classes, which `Model.scope()` makes per
            call only inside a dependency (its `clear()` runs when abilities are registered); oh-my-claudecode's
            session map is filled by a hook whose process may or may not outlive a session (its delete by session id
            is exported and called by nothing); socket.io-adapter's `sids[id]` comes back only when a caller leaves a
            room after the socket's `delAll()`, an order of calls made by the library's caller. 3 are real misses the
            model did not reach: discord.js's channel messages (appends after a dedupe, on an object the gateway's
            message handler takes out of the client's channel cache into an untyped local) is still missed; mongoose's
            `schema.subpaths` (written through a module helper's `self` parameter, keyed by positional paths such as
            `arr.5.name`, never reset) is found with `libraryAPI: true` since helpers handed the instance are followed,
            and missed by default, where nothing in the file says a schema outlives a call (see Limitations).
            Following such helpers adds and removes no finding on the ecosystem check's 40 projects, by default and
            with `libraryAPI: true`, nor in the 308 fix-commit trees by default (compared with the base binary tree by
            tree); with `libraryAPI: true` it adds 1 there, the fix commit's own row, true
            (`ecosystem/triage/verdicts-helpermemo-fixtrees.tsv`), and removes none; the file after the fix, whose
            methods hand the helper the path with its indexes replaced (`cleanPath`), is clean. memoize's default `Map` (taken from options it
            defaults with `Object.assign`, filled through the `setData` helper, with a `maxAge` checked only on read
            and a delete only when a promise rejects) is found since those shapes are followed. Following them adds
            and removes no finding on the ecosystem check's 40 projects; in the 308 fix-commit trees, compared with
            the base binary tree by tree, it adds 2 findings and removes none (`ecosystem/triage/
            verdicts-optiondefault-fixtrees.tsv`: memoize's cache in the tree before its fix, and in the tree after
            it, whose sweep runs only when the caller sets `maxAge`; both true). The ceiling on these rows is 26 of
            30 by the triage rules, and 22 of 30 for a model of the scanned tree alone.
            Reporting clock-expiry caches per call adds
            no finding on the ecosystem check's 40 projects; the delete-on-read maps it leaves alone there and in
            oh-my-claudecode are waiters and pending replies taken when their answer comes, with no clock check. With `libraryAPI: true` the field shape finds
            undici's `Agent` and mysql2's prepared statements in fixtures shaped after them; on the ecosystem check
            neither shape adds or removes a finding. Fields of an object whose own method is the registered handler add
            no finding there either. Giving constructor functions' prototype methods a class of their own (so that
            mysql2's `this._handleConnection.bind(this)` resolves to `Server.prototype._handleConnection`) adds no
            map-growth finding on the ecosystem check; in the call graph it is shared by every rule, and there it made
            two audited true `redos/polynomial` findings in mongoose's `cleanPositionalOperators` reachable as library
            API (notes before) and brought back one audited false `serial-await/loop` finding (mongoose's deferred
            populate loop, bounded by the options the developer wrote). etherpad-lite's caching middleware
            (`CachingMiddleware.prototype = new function () { ... this.handle = handle }()`, registered as
            `assetCache.handle`) is followed since, and found in the fix commit's own tree since a server and a module
            that requires it back (an import cycle nothing else imports) are no longer taken for browser code when a
            browser file (`static/js/`) is in the scan.

            A key counts as differing between requests when it comes from a parameter, even when every caller passes
            values from the app's own definitions (a registry keyed by entity or operation names); only a cache that
            compiles its keys into regular expressions is taken as keyed by the program's patterns. A program that
            compiles patterns taken from requests (a user's search expression) and caches them by that text is not
            reported.

            ## References
            - Node.js, "Memory leaks" diagnostics guide: https://nodejs.org/en/learn/diagnostics/memory
            - lru-cache: https://www.npmjs.com/package/lru-cache

            """#
        ),
        RuleCatalogEntry(
            id: "unbounded-cache/no-ttl",
            category: "unbounded-cache",
            severity: .warning,
            summary: "Redis key derived from the request written without an expiry",
            fixDescription: "write it with EX/PX (or setex), or expire the same key after the write",
            since: "0.1.0",
            markdown: #"""
            # unbounded-cache/no-ttl

            ## What it does
            Reports redis commands that create a key (`set`, `setnx`, `hset`, `hmset`, `sadd`, `lpush`, `rpush`,
            `zadd`, `incr`, `incrby`, `hincrby`, `append`, `pfadd`, ...; the camelCase names of node-redis v4 too)
            made on a request path with a key that differs between requests, when no expiry is set on that key:
            no `EX` / `PX` / `EXAT` / `PXAT` / `KEEPTTL` argument or option on `set`, and no `expire` /
            `pexpire` / `expireat` of the same key in the handler (also inside the same `multi()` / `pipeline()`).
            Clients are recognised from `ioredis` (`new Redis()`, `new Redis.Cluster()`) and `redis` /
            `@redis/client` (`createClient()`, `await createClient().connect()`), also when another module of the
            project makes and exports the client, and `multi()` / `pipeline()` chains on them.

            ## Why is this bad?
            A key per session, IP or user that never expires stays in redis forever. Memory grows with every new
            visitor until redis hits `maxmemory` and starts evicting keys you need or refusing writes, and the
            Node.js side waits on a redis that is busy swapping. Rate limiters that `incr` a per-IP counter
            without `expire` are the classic case.

            ## Example
            ```js
            const express = require('express')
            const app = express()
            const Redis = require('ioredis')
            const redis = new Redis()

            app.use(async (req, res, next) => {
              const hits = await redis.incr(`rate:${req.ip}`)
              if (hits > 100) return res.sendStatus(429)
              next()
            })
            ```

            Use instead:
            ```js
            const express = require('express')
            const app = express()
            const Redis = require('ioredis')
            const redis = new Redis()

            app.use(async (req, res, next) => {
              const key = `rate:${req.ip}`
              const hits = await redis.incr(key)
              if (hits === 1) await redis.expire(key, 60)
              if (hits > 100) return res.sendStatus(429)
              next()
            })
            ```

            Autofix: none. The fix is advice; there are no edits for `looplint check --fix` to apply.

            ## Options
            None.

            ## When not to use it
            When the keys are meant to be permanent records (redis as the primary store), disable the rule.

            ## Limitations
            The expiry is matched by the key as written in the same handler; a key built in two different ways
            is not recognised as the same.

            ## References
            - Redis `SET` options and `EXPIRE`: https://redis.io/docs/latest/commands/set/

            """#
        ),
    ]
}
