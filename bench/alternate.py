#!/usr/bin/env python3
"""Times several commands in alternating rounds and writes hyperfine's JSON format.

    python3 bench/alternate.py --runs 10 --warmup 2 --export-json OUT.json NAME CMD [NAME CMD ...]

hyperfine runs all of one command's runs before the next command's, so on a shared machine one
tool can get a quiet minute and another a busy one. Here each round runs every command once, the
order rotating from round to round, so the tools share the same stretches of load and a
position in the round favours none. Commands are split on spaces and run without a shell, output
discarded; a failing run stops the benchmark. Wall time from `time.perf_counter`, CPU time from
the children's rusage. Python 3 standard library only.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    code = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code != 0:
        sys.exit(f"error: `{' '.join(argv)}` exited with {code}")
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--export-json", required=True)
    ap.add_argument("pairs", nargs="+", help="NAME CMD, repeated")
    args = ap.parse_args()
    if len(args.pairs) % 2 or args.runs < 1:
        sys.exit("error: give NAME CMD pairs and --runs of at least 1")
    names = args.pairs[0::2]
    argvs = [c.split() for c in args.pairs[1::2]]
    n = len(names)
    for r in range(args.warmup):
        for i in range(n):
            run_once(argvs[(i + r) % n])
    times = {name: [] for name in names}
    user = {name: 0.0 for name in names}
    system = {name: 0.0 for name in names}
    for r in range(args.runs):
        line = []
        for k in range(n):
            i = (k + r) % n
            wall, u, s = run_once(argvs[i])
            times[names[i]].append(wall)
            user[names[i]] += u
            system[names[i]] += s
            line.append(f"{names[i]} {wall * 1000:.0f} ms")
        print(f"round {r + 1}/{args.runs}: " + ", ".join(line), flush=True)
    results = []
    for name, cmd in zip(names, args.pairs[1::2]):
        t = times[name]
        results.append({
            "command": name, "cmd": cmd,
            "mean": statistics.mean(t),
            "stddev": statistics.stdev(t) if len(t) > 1 else 0.0,
            "median": statistics.median(t), "min": min(t), "max": max(t),
            "user": user[name] / len(t), "system": system[name] / len(t),
            "times": t,
        })
    for r in results:
        print(f"{r['command']:>10}: median {r['median'] * 1000:8.0f} ms, mean {r['mean'] * 1000:.0f} "
              f"± {r['stddev'] * 1000:.0f} ms, min {r['min'] * 1000:.0f} ms "
              f"(user {r['user'] * 1000:.0f} ms, system {r['system'] * 1000:.0f} ms)")
    os.makedirs(os.path.dirname(os.path.abspath(args.export_json)), exist_ok=True)
    with open(args.export_json, "w") as f:
        json.dump({"results": results}, f, indent=1)


if __name__ == "__main__":
    main()
