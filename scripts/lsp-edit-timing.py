#!/usr/bin/env python3
"""Time a diagnostics round of `looplint lsp` after a one-character edit.

Starts the server (--debounce 0) on a project, opens one file, waits for its first diagnostics, then
makes --rounds edits that each add or remove one space at the end of the file's first line and times
each from the didChange until the publishDiagnostics of that version. Prints every round and the
median. With --compare, also checks that the diagnostics of the last round equal those of a cold
server started on the same buffer (same findings, ranges and messages).

  python3 scripts/lsp-edit-timing.py --binary .build/release/looplint \
      --project ~/.cache/looplint-ecosystem/trees/nodebb --file src/controllers/api.js
"""
import argparse, json, os, statistics, subprocess, sys, time


class Server:
    def __init__(self, binary, project):
        self.p = subprocess.Popen([binary, 'lsp', '--debounce', '0'], cwd=project, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 1
        self.last_log = ''

    def send(self, msg):
        msg['jsonrpc'] = '2.0'
        body = json.dumps(msg).encode()
        self.p.stdin.write(b'Content-Length: %d\r\n\r\n' % len(body) + body)
        self.p.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise SystemExit('server closed its output')
            line = line.strip()
            if not line:
                break
            k, _, v = line.partition(b':')
            if k.lower() == b'content-length':
                length = int(v)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({'id': i, 'method': method, 'params': params})
        while True:
            m = self.receive()
            if m.get('id') == i:
                return m.get('result')

    def diagnostics(self, uri, version):
        while True:
            m = self.receive()
            p = m.get('params') or {}
            if m.get('method') == 'window/logMessage':
                self.last_log = p.get('message')
            if m.get('method') == 'textDocument/publishDiagnostics' and p.get('uri') == uri and p.get('version') == version:
                return p['diagnostics']

    def start(self, root):
        self.request('initialize', {'processId': None, 'rootUri': 'file://' + root, 'capabilities': {},
                                    'workspaceFolders': [{'uri': 'file://' + root, 'name': 'ws'}]})
        self.send({'method': 'initialized', 'params': {}})

    def stop(self):
        self.request('shutdown', {})
        self.send({'method': 'exit', 'params': {}})
        self.p.wait(timeout=60)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--binary', required=True)
    ap.add_argument('--project', required=True)
    ap.add_argument('--file', required=True, help='path below the project')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--compare', action='store_true')
    a = ap.parse_args()
    root = os.path.realpath(os.path.expanduser(a.project))
    path = os.path.join(root, a.file)
    uri = 'file://' + path
    text = open(path, encoding='utf-8').read()
    s = Server(os.path.abspath(a.binary), root)
    s.start(root)
    t = time.monotonic()
    s.send({'method': 'textDocument/didOpen', 'params': {'textDocument': {
        'uri': uri, 'languageId': 'javascript', 'version': 1, 'text': text}}})
    first = s.diagnostics(uri, 1)
    print(f'open: {time.monotonic() - t:.3f}s, {len(first)} diagnostics  [{s.last_log}]')
    times = []
    current = text
    last = first
    for r in range(a.rounds):
        head, sep, tail = current.partition('\n')
        head = head[:-1] if head.endswith(' ') else head + ' '
        current = head + sep + tail
        version = r + 2
        t = time.monotonic()
        s.send({'method': 'textDocument/didChange', 'params': {
            'textDocument': {'uri': uri, 'version': version}, 'contentChanges': [{'text': current}]}})
        last = s.diagnostics(uri, version)
        times.append(time.monotonic() - t)
        print(f'edit {r + 1}: {times[-1]:.3f}s, {len(last)} diagnostics  [{s.last_log}]')
    s.stop()
    print(f'median of {len(times)}: {statistics.median(times):.3f}s')
    if a.compare:
        cold = Server(os.path.abspath(a.binary), root)
        cold.start(root)
        cold.send({'method': 'textDocument/didOpen', 'params': {'textDocument': {
            'uri': uri, 'languageId': 'javascript', 'version': 1, 'text': current}}})
        fresh = cold.diagnostics(uri, 1)
        cold.stop()
        same = json.dumps(fresh, sort_keys=True) == json.dumps(last, sort_keys=True)
        print(f'cold lint of the same buffer: {len(fresh)} diagnostics, {"identical" if same else "DIFFERENT"}')
        if not same:
            sys.exit(1)


if __name__ == '__main__':
    main()
