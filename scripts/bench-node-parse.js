#!/usr/bin/env node
// Times V8's own parser (through Node's vm module) on the files listed on stdin, one per line, and
// prints one JSON line: {"files", "bytes", "timeMs", "mbPerSecond", "scripts", "wrapped", "modules"}.
//
// What is timed, per file, with every source already read into memory:
//   - `new vm.Script(source)`: a classic script, what the issue names (V8 parses the top level fully
//     and pre-parses inner functions, then compiles the top level to bytecode);
//   - `vm.compileFunction(source, [exports, require, module, __filename, __dirname])` for CommonJS
//     files that are not valid scripts on their own (a top-level `return`): what Node's CommonJS loader does;
//   - `new vm.SourceTextModule(source)` for ES modules (needs --experimental-vm-modules).
// Which of the three a file needs is decided in an untimed first pass. V8 keeps an in-isolate cache
// of compiled sources, so each measured run must be a fresh process: bench-parse.sh starts one per run.
'use strict';
const fs = require('fs');
const vm = require('vm');

const files = fs.readFileSync(0, 'utf8').split('\n').filter(Boolean);
const sources = files.map(f => fs.readFileSync(f, 'utf8'));
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
const cjsParams = ['exports', 'require', 'module', '__filename', '__dirname'];

// Untimed classification, on sources made unique so the timed pass cannot hit V8's cache.
const kinds = sources.map((src, i) => {
  const probe = src + `\n//probe ${i}`;
  if (files[i].endsWith('.mjs')) return 'module';
  try { new vm.Script(probe); return 'script'; } catch { /* next */ }
  if (!files[i].endsWith('.mjs')) {
    try { vm.compileFunction(probe, cjsParams); return 'wrapped'; } catch { /* next */ }
  }
  return 'module';
});
if (kinds.includes('module') && typeof vm.SourceTextModule !== 'function') {
  console.error('bench-node-parse: ES modules in the list need node --experimental-vm-modules');
  process.exit(2);
}

const start = process.hrtime.bigint();
let failed = 0;
for (let i = 0; i < sources.length; i++) {
  try {
    switch (kinds[i]) {
      case 'script': new vm.Script(sources[i], { filename: files[i] }); break;
      case 'wrapped': vm.compileFunction(sources[i], cjsParams, { filename: files[i] }); break;
      default: new vm.SourceTextModule(sources[i], { identifier: files[i] });
    }
  } catch { failed++; }
}
const ns = Number(process.hrtime.bigint() - start);
const count = k => kinds.filter(x => x === k).length;
console.log(JSON.stringify({
  files: files.length, bytes, timeMs: ns / 1e6, mbPerSecond: bytes / 1e6 / (ns / 1e9),
  scripts: count('script'), wrapped: count('wrapped'), modules: count('module'), failed,
}));
