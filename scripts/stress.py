#!/usr/bin/env python3
"""Generated project shapes that have crashed or could hang a whole-project analysis; each scan must end
with a report (exit 0 or 1). Prints a table: shape, files, bytes, exit, seconds, peak RSS.

    scripts/stress.py [--scale F] [--only SHAPE,...] [--bin PATH]

--scale 1 is the full size the never-crash issue asks for (10,000 files, 50,000 functions in one call
graph, member chains 100,000 deep); the test suite runs the same generator at a small scale.
"""
import argparse, os, resource, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HANDLER = "const express = require('express')\nconst app = express()\n"


def write(d, rel, text):
    p = os.path.join(d, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)


def shape_di_cycles(d, n):
    """Classes injected with each other's types in a ring, a parameter typed with its own name."""
    for i in range(n):
        j = (i + 1) % n
        write(d, f"src/svc{i}.ts", f"import {{ Svc{j} }} from './svc{j}'\n"
              f"export class Svc{i} {{\n  constructor(private readonly next: Svc{j}, private self: Svc{i}) {{}}\n"
              f"  run(conn: conn): number {{ return this.next.run(conn) + this.self.run(conn) }}\n}}\n")
    write(d, "src/app.ts", HANDLER + "import { Svc0 } from './svc0'\n"
          "declare const svc: Svc0\napp.get('/', (req, res) => res.json(svc.run(req)))\n")


def shape_reexport_cycles(d, n):
    """Modules re-exporting each other in rings (ESM star exports and CommonJS module.exports)."""
    for i in range(n):
        j = (i + 1) % n
        write(d, f"src/esm{i}.mjs", f"export * from './esm{j}.mjs'\nexport const v{i} = {i}\n")
        write(d, f"src/cjs{i}.js", f"module.exports = require('./cjs{j}')\nmodule.exports.f{i} = () => {i}\n")
    write(d, "src/app.js", HANDLER + "const c = require('./cjs0')\n"
          "app.get('/', (req, res) => res.send(String(c.f1 && c.f1())))\n")


def shape_mutual_recursion(d, n):
    """Modules whose functions call each other in a ring, reached from a handler."""
    for i in range(n):
        j = (i + 1) % n
        write(d, f"src/m{i}.js", f"const next = require('./m{j}')\nconst fs = require('fs')\n"
              f"exports.f = function f{i}(x) {{ if (x > 1e9) fs.readFileSync('x'); return next.f(x + 1) }}\n")
    write(d, "src/app.js", HANDLER + "const m = require('./m0')\napp.get('/', (req, res) => res.send(String(m.f(1))))\n")


def shape_deep_member_chain(d, depth):
    """One expression `a.b.b.b...` and one call chain `x.f().f().f()...` of the given depth."""
    write(d, "src/chain.js", HANDLER + "const a = { b: null }\n"
          "app.get('/', (req, res) => res.send(String(a" + ".b" * depth + ")))\n")
    write(d, "src/calls.js", "const x = { f() { return x } }\nmodule.exports = x" + ".f()" * min(depth, 20000) + "\n")


def shape_big_call_graph(d, functions, per_file=500):
    """`functions` functions in one call graph, each calling the next, spread over files."""
    files = max(1, functions // per_file)
    for k in range(files):
        lines = [f"const next = require('./g{(k + 1) % files}')", "const fs = require('fs')"]
        for i in range(per_file):
            callee = f"g{k}_{i + 1}" if i + 1 < per_file else "next.entry"
            lines.append(f"function g{k}_{i}(x) {{ return x > 1e12 ? fs.statSync('x') : {callee}(x + 1) }}")
        lines.append(f"exports.entry = g{k}_0")
        write(d, f"src/g{k}.js", "\n".join(lines) + "\n")
    write(d, "src/app.js", HANDLER + "const g = require('./g0')\napp.get('/', (req, res) => res.send(String(g.entry(1))))\n")


def shape_many_files(d, n):
    """n small files importing each other, with handlers, awaits, regexes and caches."""
    for i in range(n):
        j = (i * 7 + 1) % n
        write(d, f"src/f{i // 100}/m{i}.js",
              f"const other = require('../f{j // 100}/m{j}')\nconst cache = new Map()\n"
              f"exports.run = async function run{i}(req) {{\n  const a = await other.load(req.id)\n"
              f"  const b = await other.load(req.name)\n  cache.set(req.id, a)\n"
              f"  return /^(a+)+$/.test(req.q) ? a : b\n}}\nexports.load = async (x) => x\n")
    write(d, "src/app.js", HANDLER + "const m = require('./f0/m0')\napp.get('/', async (req, res) => res.send(await m.run(req.query)))\n")


SHAPES = {
    "di-type-cycles": (shape_di_cycles, 2000),
    "reexport-cycles": (shape_reexport_cycles, 2000),
    "mutual-recursion": (shape_mutual_recursion, 2000),
    "member-chain-100k": (shape_deep_member_chain, 100_000),
    "call-graph-50k-functions": (shape_big_call_graph, 50_000),
    "files-10k": (shape_many_files, 10_000),
}


def run(binary, d, timeout):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        t0 = time.monotonic()
        try:
            p = subprocess.run([binary, "check", ".", "--format", "json", "--no-timing", "--no-cache", "--jobs", "2"], cwd=d,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
            status = p.returncode
            ok_json = p.stdout.startswith(b"{")
        except subprocess.TimeoutExpired:
            status, ok_json = "timeout", False
        secs = time.monotonic() - t0
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        os.write(w, f"{status} {int(ok_json)} {secs:.2f} {rss}".encode())
        os._exit(0)
    os.close(w)
    out = os.read(r, 200).decode()
    os.waitpid(pid, 0)
    status, ok_json, secs, rss = out.split()
    return status, ok_json == "1", float(secs), int(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release", "looplint"))
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    shapes = [s for s in SHAPES if not args.only or s in args.only.split(",")]
    print(f"{'shape':26} {'size':>8} {'files':>6} {'MB':>6} {'exit':>7} {'report':>6} {'secs':>7} {'peakMB':>7}")
    failed = False
    for name in shapes:
        gen, size = SHAPES[name]
        size = max(3, int(size * args.scale))
        d = tempfile.mkdtemp(prefix=f"looplint-stress-{name}-")
        try:
            gen(d, size)
            files = sum(len(fs) for _, _, fs in os.walk(d))
            mb = sum(os.path.getsize(os.path.join(p, f)) for p, _, fs in os.walk(d) for f in fs) / 1e6
            status, ok, secs, rss = run(args.bin, d, args.timeout)
            bad = status not in ("0", "1") or not ok
            failed |= bad
            print(f"{name:26} {size:>8} {files:>6} {mb:>6.1f} {status:>7} {'yes' if ok else 'NO':>6} {secs:>7.2f} {rss/1e6:>7.0f}"
                  + ("  FAILED" if bad else ""), flush=True)
        finally:
            shutil.rmtree(d, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
