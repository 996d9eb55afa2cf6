#!/usr/bin/python3
"""--rerun-failures and FLAKY, with planted_flaky (JetDupSession fails in every other process,
counted in the file $ESECHECK_FLAKY_COUNTER, made fresh before each run).

usage: check_flaky.py ESECHECK FLAKY_TARGET TESTS WORKDIR

On harness.dup.basic alone (its first run fails, its first rerun passes):
1. no reruns: FAIL, exit 1;
2. --rerun-failures 2: FLAKY in the console, JSON (raw "flaky"), JUnit (a passed testcase
   whose system-out says FLAKY) and TAP ("ok", result: FLAKY), exit 0;
3. --rerun-failures 2 --strict: FLAKY, exit 1.
"""
import json
import os
import shutil
import subprocess
import sys


def main():
    esecheck, target, tests, workdir = sys.argv[1:5]
    os.makedirs(workdir, exist_ok=True)
    counter = os.path.join(workdir, "counter")
    env = dict(os.environ, ESECHECK_FLAKY_COUNTER=counter)
    problems = []
    runs = [("none", [], 1, "fail"), ("rerun", ["--rerun-failures", "2"], 0, "flaky"),
            ("strict", ["--rerun-failures", "2", "--strict"], 1, "flaky")]
    for name, extra, want_exit, want in runs:
        if os.path.exists(counter):
            os.remove(counter)
        base = os.path.join(workdir, name)
        cmd = [esecheck, "--target", target, "--id", "harness.dup.basic"] + extra + [
            "--json", base + ".json", "--junit", base + ".xml", "--tap", base + ".tap", os.path.join(tests, "scenarios")]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
        sys.stdout.write(p.stdout)
        sys.stderr.write(p.stderr)
        if p.returncode != want_exit:
            problems.append("%s: exit %d, expected %d" % (name, p.returncode, want_exit))
        with open(base + ".json") as f:
            results = json.load(f)["results"]
        got = [r["result"] for r in results]
        if got != [want]:
            problems.append("%s: results %s, expected [%s]" % (name, got, want))
        if want == "flaky":
            r = results[0]
            if "FAIL, then PASS on rerun 1 of at most 2" not in r["message"] or "JET_errOutOfMemory" not in r["message"]:
                problems.append("%s: the message lacks the first failure and the rerun: %r" % (name, r["message"]))
            if "FLAKY       harness.dup.basic" not in p.stdout:
                problems.append("%s: the console lacks the FLAKY line" % name)
            junit = open(base + ".xml").read()
            if "<system-out>FLAKY: " not in junit or "<failure" in junit:
                problems.append("%s: JUnit does not report a passed FLAKY testcase" % name)
            tap = open(base + ".tap").read()
            if "\nok 1 - harness.dup.basic" not in tap or "result: FLAKY" not in tap:
                problems.append("%s: TAP does not report ok with result FLAKY" % name)
            if shutil.which("xmllint"):
                x = subprocess.run(["xmllint", "--noout", base + ".xml"], capture_output=True, text=True)
                if x.returncode != 0:
                    problems.append("%s: xmllint: %s" % (name, x.stderr))
    for line in problems:
        print("check_flaky: " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
