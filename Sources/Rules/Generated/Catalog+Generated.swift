// GENERATED from rules/**/*.md by RuleCatalogLoader.renderSwiftCatalog. Do not edit by hand:
// edit the rule pages and run `UPDATE_SNAPSHOTS=1 swift test` (a test fails while this is stale).

import Diagnostics

extension RuleCatalog {
    public static let entries: [RuleCatalogEntry] = [
        RuleCatalogEntry(
            id: "blocking/fs-sync",
            category: "blocking",
            severity: .warning,
            summary: "Synchronous fs call inside a function blocks the event loop",
            fixDescription: "use the fs.promises API (or the callback form) and await it",
            since: "0.1.0",
            markdown: #"""
            # blocking/fs-sync

            ## What it does
            Reports direct calls of the synchronous `fs` functions (`readFileSync`, `writeFileSync`,
            `existsSync`, `statSync`, ...) made inside a function body. The call is recognised through the binding
            it goes through: `fs.readFileSync` where `fs` is `require('fs')` / `require('node:fs')` or an `import`
            of `'fs'` / `'node:fs'` (default or namespace), `require('fs').readFileSync(...)` written inline, and
            named imports such as `import { readFileSync } from 'node:fs'` or
            `const { readFileSync } = require('fs')`.

            ## Why is this bad?
            Node.js runs all JavaScript of a process on one thread. A synchronous file-system call stops that
            thread until the disk answers: every other request, timer and socket waits. Inside a function (a
            request handler, a callback, a job) that pause is paid again on every call, and under load it becomes
            latency for all users at once. At the top level of a module the same call runs once at start-up, which
            is usually fine, so it is not reported.

            ## Example
            ```js
            const fs = require('fs')

            function handler(req, res) {
              const body = fs.readFileSync('page.html', 'utf8')
              res.end(body)
            }
            ```

            ```js
            import { existsSync } from 'node:fs'

            export async function hasAvatar(user) {
              return existsSync(`avatars/${user.id}.png`)
            }
            ```

            Use instead:
            ```js
            const fs = require('fs')
            const template = fs.readFileSync('page.html', 'utf8') // once, at start-up

            async function handler(req, res) {
              const body = await fs.promises.readFile('page.html', 'utf8')
              res.end(body + template)
            }

            function local(fs) {
              return fs.readFileSync('not-node-fs') // a parameter named fs is not the fs module
            }
            ```

            ## Options
            None.

            ## When not to use it
            In command-line tools and build scripts that do one thing and exit, synchronous calls are simpler and
            block nobody; disable the rule for those paths with `ignore:` in `looplint.yml`.

            ## Limitations
            This is the small, single-file version of the rule. It reports every `*Sync` call of `fs` inside any
            function, whether or not the function is reachable from a request handler, and it does not follow
            `fs` through re-exports, other modules or assignments to new names (`const f = fs.readFileSync`).
            When it cannot tell that a name is the `fs` module it stays quiet.

            ## References
            - Node.js, "Don't Block the Event Loop (or the Worker Pool)": https://nodejs.org/en/learn/asynchronous-work/dont-block-the-event-loop
            - Node.js `fs` promises API: https://nodejs.org/api/fs.html#promises-api

            """#
        ),
    ]
}
