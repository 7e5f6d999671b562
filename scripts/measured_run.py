"""One command's cost, measured alone: wall time, CPU time (user+sys) and peak RSS.

The command runs under a fresh python child, so that RUSAGE_CHILDREN covers this command only (it keeps the
largest of all children so far). Used by the bench scripts (bench-lint-ecosystem.sh, bench-scaling.sh).
"""
import json
import subprocess
import sys

_PROBE = ("import resource,subprocess,sys,time;t=time.perf_counter();"
          "p=subprocess.run(sys.argv[1:],stdout=subprocess.PIPE,stderr=subprocess.DEVNULL);"
          "w=time.perf_counter()-t;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
          "sys.stderr.write(f'{w} {u.ru_utime+u.ru_stime} {u.ru_maxrss} {p.returncode}\\n');"
          "sys.stdout.buffer.write(p.stdout)")


def measure(cmd):
    """(wall s, CPU s, peak RSS bytes, exit status, files the JSON report says it read)."""
    p = subprocess.run([sys.executable, "-c", _PROBE] + cmd, capture_output=True)
    wall, cpu, peak, code = p.stderr.decode().split()[-4:]
    out = json.loads(p.stdout or b"{}")
    files = out.get("summary", {}).get("files") or out.get("number_of_files") or 0
    return float(wall), float(cpu), int(peak) * 1024, int(code), files
