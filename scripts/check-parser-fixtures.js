#!/usr/bin/env node
// Developer check, not part of the product or of `make test`: confirms that every input under
// fixtures/parser/ok (and under pending/ without a .errors file) is valid for a reference parser,
// and that every input under fixtures/parser/err (and under pending/ with a .errors file) is
// rejected by it.
//   .js .mjs .cjs         -> `node --check` (node decides script or module as it does at run time)
//   .ts .mts .cts .tsx .jsx -> TypeScript's own parser (ts.createSourceFile, syntactic diagnostics),
//                            found via TYPESCRIPT (default /usr/share/nodejs/typescript, Debian's
//                            node-typescript), and @babel/parser as a second opinion when present.
// Usage: node scripts/check-parser-fixtures.js [fixtures/parser]
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const root = process.argv[2] || path.join(__dirname, '..', 'fixtures', 'parser');
const tsPath = process.env.TYPESCRIPT || '/usr/share/nodejs/typescript';
let ts = null;
try { ts = require(tsPath); } catch { console.error(`note: TypeScript not found at ${tsPath}; TS/JSX files unchecked`); }
let babel = null;
try { babel = require('/usr/share/nodejs/@babel/parser'); } catch { /* optional */ }

function walk(dir, out) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

// Node 20's plain `node --check` accepts any .js file whose CommonJS compile fails with module
// syntax, without compiling it as a module; so check a .js file as CommonJS first, then a copy of it
// named .mjs as a module (the same rule as scripts/node-check-list.js).
function nodeCheck(args, file) {
  const r = spawnSync(process.execPath, [...args, '--check', file], { encoding: 'utf8' });
  return r.status === 0 ? [] : [r.stderr.split('\n').filter(l => /Error/.test(l))[0] || 'rejected'];
}
function checkNode(file) {
  if (!file.endsWith('.js')) return nodeCheck([], file);
  const asScript = nodeCheck(['--no-experimental-detect-module'], file);
  if (asScript.length === 0) return asScript;
  const copy = path.join(require('os').tmpdir(), `looplint-fixture-${process.pid}.mjs`);
  fs.copyFileSync(file, copy);
  const asModule = nodeCheck([], copy);
  fs.unlinkSync(copy);
  return asModule.length === 0 ? asModule : asScript.concat(asModule);
}

function checkTS(file) {
  if (!ts) return null;
  const ext = path.extname(file);
  const kind = { '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX }[ext] || ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, kind);
  return sf.parseDiagnostics.map(d => {
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    return `${ts.flattenDiagnosticMessageText(d.messageText, ' ')} (${line + 1}:${character + 1})`;
  });
}

function checkBabel(file) {
  if (!babel) return null;
  const ext = path.extname(file);
  const plugins = [];
  if (/\.(ts|mts|cts|tsx)$/.test(ext)) plugins.push('typescript');
  if (/\.(tsx|jsx)$/.test(ext)) plugins.push('jsx');
  const src = fs.readFileSync(file, 'utf8');
  plugins.push(/legacy/.test(file) ? 'decorators-legacy' : ['decorators', { decoratorsBeforeExport: false }]);
  plugins.push('decoratorAutoAccessors', 'importAssertions');
  try {
    babel.parse(src, { sourceType: 'unambiguous', plugins, errorRecovery: false, allowReturnOutsideFunction: /\.cjs$/.test(ext) });
    return [];
  } catch (e) { return [e.message]; }
}

let failures = 0;
for (const group of ['ok', 'pending', 'err']) {
  for (const file of walk(path.join(root, group), []).sort()) {
    const rel = path.relative(root, file);
    const isJS = /\.(js|mjs|cjs)$/.test(file);
    // A file whose first line says `check-with: babel` uses syntax newer than the TypeScript found.
    // `check-with: none` marks syntax newer than both; such files are listed as unchecked.
    const firstLine = fs.readFileSync(file, 'utf8').split('\n')[0];
    const babelFirst = /check-with: babel/.test(firstLine);
    if (/check-with: none/.test(firstLine)) { console.log(`--   ${rel} (unchecked: ${firstLine.replace(/.*check-with: none\s*/, '')})`); continue; }
    let errors = isJS ? checkNode(file) : (babelFirst ? checkBabel(file) : checkTS(file));
    const second = isJS || babelFirst ? null : checkBabel(file);
    if (errors === null) continue;
    // A pending input with a .errors file beside it is an error case (see ParserSnapshotTests).
    const expectsErrors = group === 'err' || fs.existsSync(file.replace(/\.[^./]+$/, '.errors'));
    if (expectsErrors) {
      if (errors.length === 0) { failures++; console.log(`ACCEPTED (should fail) ${rel}`); }
      else console.log(`ok   ${rel}: ${errors[0]}`);
    } else if (errors.length > 0) {
      failures++;
      console.log(`REJECTED ${rel}\n    ${errors.join('\n    ')}`);
    } else {
      console.log(`ok   ${rel}${second && second.length ? `   (babel 7.20 disagrees: ${second[0]})` : ''}`);
    }
  }
}
console.log(failures ? `${failures} fixture(s) disagree with the reference parsers` : 'all fixtures agree with the reference parsers');
process.exit(failures ? 1 : 0);
