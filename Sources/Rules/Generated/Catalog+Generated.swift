// GENERATED from rules/**/*.md by RuleCatalogLoader.renderSwiftCatalog. Do not edit by hand:
// edit the rule pages and run `UPDATE_SNAPSHOTS=1 swift test` (a test fails while this is stale).

import Diagnostics

extension RuleCatalog {
    public static let entries: [RuleCatalogEntry] = [
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
            NestJS, Next.js API routes, Hono and `ws` servers, plus exported functions shaped like handlers
            (`(req, res)`, `(req, res, next)`, `(err, req, res, next)`, Koa's `(ctx, next)`) and the entry points
            listed under `entryPoints:` in looplint.yml.

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

            ## Options
            None. Extra request entry points go under `entryPoints:` and extra blocking functions of your own
            code under `blockingAPIs:` in looplint.yml.

            ## When not to use it
            In command-line tools and build scripts that do one thing and exit, synchronous calls are simpler and
            block nobody; they are not request paths, so the rule stays quiet there anyway.

            ## Limitations
            A call is reported only when looplint can follow it from a request entry point. Calls through
            dynamic dispatch it cannot resolve (a function picked from a map at run time, `obj[name]()`,
            dependency injection containers other than constructor parameters) are not followed, so such paths
            stay quiet. Which functions run per request is decided from the code that registers them; a handler
            registered on an object whose origin looplint cannot see is recognised by its route shape
            (`x.get('/path', fn)`).

            ## References
            - Node.js, "Don't Block the Event Loop (or the Worker Pool)": https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop
            - Node.js `fs` promises API: https://nodejs.org/api/fs.html#promises-api

            """#
        ),
    ]
}
