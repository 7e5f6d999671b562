#!/usr/bin/env node
// Prints the files, among those named on stdin (one path per line), that Node itself accepts, one per
// line in input order. Used by the parser corpus test and by scripts/bench-parse.sh so both measure
// the same file list.
//
// "Accepts" mirrors what `node --check FILE` means, with one repair: Node 20's plain `--check`
// answers 0 for a .js file whose CommonJS compile fails on module syntax without compiling it as a
// module, so a .js file is checked as CommonJS first (--no-experimental-detect-module) and then, if
// that fails, as an ES module (a copy named .mjs, since a package.json beside the file would
// otherwise make Node read it as CommonJS again); .mjs/.cjs files are checked as Node decides.
// On a Node without that flag, plain `node --check` is used.
//
// Each check runs in its own `node --check` process, several at a time. Answers are cached in
// $LOOPLINT_NODE_CHECK_CACHE (default: $TMPDIR/looplint-node-check-<node version>.json) keyed by
// path, size and mtime, so a second run costs nothing.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const cacheFile = process.env.LOOPLINT_NODE_CHECK_CACHE ||
  path.join(os.tmpdir(), `looplint-node-check-${process.version}.json`);
const jobs = Math.max(2, Math.min(8, (os.cpus() || []).length * 2));

function loadCache() {
  try { return JSON.parse(fs.readFileSync(cacheFile, 'utf8')); } catch { return {}; }
}

// Does this node know the flag? (It arrived in Node 20.10 / 21.)
function supportsFlags() {
  const probe = path.join(os.tmpdir(), `looplint-probe-${process.pid}.js`);
  fs.writeFileSync(probe, '0;\n');
  const r = spawnSync(process.execPath, ['--no-experimental-detect-module', '--check', probe]);
  fs.unlinkSync(probe);
  return r.status === 0;
}

function run(args) {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('close', code => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}

let copies = 0;
async function check(file, flags) {
  if (!flags || !file.endsWith('.js')) return run(['--check', file]);
  if (await run(['--no-experimental-detect-module', '--check', file])) return true;
  const copy = path.join(os.tmpdir(), `looplint-check-${process.pid}-${copies++}.mjs`);
  try {
    fs.copyFileSync(file, copy);
    return await run(['--check', copy]);
  } finally {
    try { fs.unlinkSync(copy); } catch { /* already gone */ }
  }
}

async function main() {
  const input = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
  const cache = loadCache();
  const flags = supportsFlags();
  const answers = new Array(input.length);
  const todo = [];
  input.forEach((file, i) => {
    let st;
    try { st = fs.statSync(file); } catch { answers[i] = false; return; }
    const key = `${file}\0${st.size}\0${st.mtimeMs}`;
    if (key in cache) answers[i] = cache[key];
    else todo.push({ i, file, key });
  });
  let next = 0;
  async function worker() {
    while (next < todo.length) {
      const t = todo[next++];
      answers[t.i] = await check(t.file, flags);
      cache[t.key] = answers[t.i];
    }
  }
  await Promise.all(Array.from({ length: jobs }, worker));
  if (todo.length > 0) {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify(cache));
      fs.renameSync(tmp, cacheFile);
    } catch { /* a cache we cannot write only costs time */ }
  }
  process.stderr.write(`node-check-list: ${input.length} files, ${answers.filter(Boolean).length} accepted, ${todo.length} checked now, ${input.length - todo.length} from cache\n`);
  process.stdout.write(input.filter((_, i) => answers[i]).map(f => f + '\n').join(''));
}
main();
