#!/usr/bin/env python3
"""Checks on a real project that `looplint lsp` after edits says what a freshly started server says.

Opens every file of PROJECT that has a finding in ecosystem/snapshot.tsv (and FILE), then edits FILE four
times (drops its first import/require, un-exports it, adds an exported helper calling fs.readFileSync,
restores it). After each edit it collects the diagnostics the server publishes for every open file and
compares them with those of a new server opened on the same buffers. Exit status 1 on any difference.

  python3 scripts/lsp-incremental-check.py .build/release/looplint nodebb src/socket.io/index.js
(projects are read from $LOOPLINT_ECOSYSTEM_CACHE/trees, default ~/.cache/looplint-ecosystem/trees)
"""
import importlib.util, json, os, sys
here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('timing', os.path.join(here, 'lsp-edit-timing.py'))
t = importlib.util.module_from_spec(spec)
spec.loader.exec_module(t)
binary, project, rel = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
cache = os.environ.get('LOOPLINT_ECOSYSTEM_CACHE', os.path.expanduser('~/.cache/looplint-ecosystem'))
root = os.path.realpath(os.path.join(cache, 'trees', project))
snapshot = os.path.join(here, '..', 'ecosystem', 'snapshot.tsv')
files = sorted({l.split('\t')[2] for l in open(snapshot) if l.startswith(project + '\t')} | {rel})
def settle(s, uris):
    """A hover on each document (the server lints pending edits first); the last diagnostics of each."""
    last = {}
    for u in uris:
        i = s.next_id; s.next_id += 1
        s.send({'id': i, 'method': 'textDocument/hover', 'params': {'textDocument': {'uri': u}, 'position': {'line': 0, 'character': 0}}})
        while True:
            m = s.receive()
            if m.get('id') == i: break
            if m.get('method') == 'textDocument/publishDiagnostics':
                last[m['params']['uri']] = m['params']['diagnostics']
            if m.get('method') == 'window/logMessage': s.last_log = m['params']['message']
    return last
def opened(texts):
    s = t.Server(binary, root); s.start(root)
    for f, txt in texts.items():
        s.send({'method': 'textDocument/didOpen', 'params': {'textDocument': {'uri': 'file://' + os.path.join(root, f), 'languageId': 'javascript', 'version': 1, 'text': txt}}})
    return s
texts = {f: open(os.path.join(root, f)).read() for f in files}
uris = ['file://' + os.path.join(root, f) for f in files]
target = 'file://' + os.path.join(root, rel)
orig = texts[rel]
lines = orig.split('\n')
req = [i for i, l in enumerate(lines) if 'require(' in l or l.startswith('import ')]
e1 = '\n'.join(l for i, l in enumerate(lines) if i != req[0])
e2 = e1.replace('module.exports', 'const notExported').replace('export ', '', 3)
e3 = e2 + "\nconst fs = require('fs')\nfunction readIt(p) { return fs.readFileSync(p) }\nmodule.exports.readIt = readIt\n"
warm = opened(texts); settle(warm, uris)
ok = True
for n, e in enumerate([e1, e2, e3, orig]):
    warm.send({'method': 'textDocument/didChange', 'params': {'textDocument': {'uri': target, 'version': n + 2}, 'contentChanges': [{'text': e}]}})
    w = settle(warm, [target])
    cur = dict(texts); cur[rel] = e
    c = opened(cur); cold = settle(c, uris); c.stop()
    # warm publishes every open document of the project after each lint
    diff = [u for u in uris if json.dumps(w.get(u), sort_keys=True) != json.dumps(cold.get(u), sort_keys=True)]
    nw = sum(len(v) for v in w.values()); nc = sum(len(v) for v in cold.values())
    ok &= not diff
    print(f'edit {n+1}: {len(uris)} open files, {nw} diagnostics warm, {nc} cold, {len(diff)} files differ {diff[:3]} [{warm.last_log}]')
warm.stop()
sys.exit(0 if ok else 1)
