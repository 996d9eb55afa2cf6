#!/usr/bin/python3
"""check_fail_fast.py ESECHECK TARGET SCENARIOS WORKDIR - --fail-fast starts nothing after the
first divergence: against a target that fails a scenario with others after it, every later
scenario is SKIP (not run) with --fail-fast, and runs without it."""
import json, os, subprocess, sys

esecheck, target, scenarios, workdir = sys.argv[1:5]
os.makedirs(workdir, exist_ok=True)


def run(*extra):
    out = os.path.join(workdir, "fail-fast%s.json" % len(extra))
    p = subprocess.run([esecheck, "--target", target, "-q", "--json", out] + list(extra) + [scenarios],
                       capture_output=True, text=True, timeout=60)
    return p.returncode, [r["result"] for r in json.load(open(out))["results"]]


problems = []
code, every = run()
first = every.index("fail") if "fail" in every else None
if code != 1 or first is None or all(r == "skip" for r in every[first + 1:]) or first + 1 == len(every):
    problems.append("without --fail-fast: exit %d, results %s (want a FAIL with runs after it)" % (code, every))
code, fast = run("--fail-fast")
if code != 1 or fast[:first + 1] != every[:first + 1] or any(r != "skip" for r in fast[first + 1:]):
    problems.append("with --fail-fast: exit %d, results %s (want SKIP after the first FAIL)" % (code, fast))
for line in problems:
    print("check_fail_fast: " + line, file=sys.stderr)
print("%d passed, %d failed" % (2 - len(problems), len(problems)))
sys.exit(1 if problems else 0)
