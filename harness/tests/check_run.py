#!/usr/bin/python3
"""Runs esecheck and checks its typed results.

usage: check_run.py --exit N --result STATUS[,ID=STATUS...] [--message TEXT] [--output TEXT]
                    --workdir DIR -- esecheck ARGS...

Adds --json, --junit and --tap under DIR, then checks: the exit status is N (a harness crash
is never accepted), every scenario's result is STATUS (but scenario ID's, when named after it:
that STATUS, and ID must have run), each non-passing message holds TEXT,
the JUnit file is well-formed XML (xmllint --noout when present) and the TAP plan matches.
With --output, the standard output or error must hold that text; with --result REFUSED,
esecheck must refuse to run (exit N, no report written): only the exit status and --output
are checked.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--exit", type=int, required=True)
    ap.add_argument("--result", required=True)
    ap.add_argument("--message", default="")
    ap.add_argument("--output", default="")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command and a.command[0] == "--" else a.command
    os.makedirs(a.workdir, exist_ok=True)
    out = {k: os.path.join(a.workdir, "results." + k) for k in ("json", "xml", "tap")}
    for path in out.values():
        if os.path.exists(path):
            os.remove(path)
    cmd = cmd + ["--json", out["json"], "--junit", out["xml"], "--tap", out["tap"]]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    problems = []
    if p.returncode != a.exit:
        problems.append("exit status %d, expected %d" % (p.returncode, a.exit))
    if a.output not in p.stdout + p.stderr:
        problems.append("the output lacks %r" % a.output)
    if a.result == "REFUSED":
        problems += ["%s written" % path for path in out.values() if os.path.exists(path)]
        return finish(problems)
    with open(out["json"]) as f:
        report = json.load(f)
    if not report["results"]:
        problems.append("no scenario ran")
    a.result, *named = a.result.split(",")
    excepted = dict(e.split("=", 1) for e in named)
    ran = {r["id"] for r in report["results"]}
    problems += ["%s: not in the report" % i for i in excepted if i not in ran]
    for r in report["results"]:
        expected = excepted.get(r["id"], a.result).lower()
        if r["result"] != expected:
            problems.append("%s: %s, expected %s" % (r["id"], r["result"], expected))
        if r["result"] != "pass" and a.message not in r["message"]:
            problems.append("%s: message %r lacks %r" % (r["id"], r["message"], a.message))
        if r["result"] != "pass" and "--id " + r["id"] not in r.get("rerun", ""):
            problems.append("%s: no rerun command" % r["id"])
    if shutil.which("xmllint"):
        x = subprocess.run(["xmllint", "--noout", out["xml"]], capture_output=True, text=True)
        if x.returncode != 0:
            problems.append("xmllint: " + x.stderr)
    with open(out["tap"]) as f:
        tap = f.read().splitlines()
    if tap[:2] != ["TAP version 13", "1..%d" % len(report["results"])]:
        problems.append("TAP header: %r" % tap[:2])
    return finish(problems)


def finish(problems):
    """Prints each problem; returns the exit status: 1 when there is one, else 0."""
    for line in problems:
        print("check_run: " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
