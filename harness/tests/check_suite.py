#!/usr/bin/python3
"""End-to-end checks of a suite run that check_run.py cannot express alone.

usage: check_suite.py ESECHECK GOOD_TARGET SCRIBBLE_TARGET TESTS_DIR WORKDIR

1. a bad file among good ones: ERROR for it, the rest still runs, exit 2;
2. the ledger: --update-expectations records a FAIL; a rerun with --expectations gives XFAIL
   and exit 0; a fixed target against the same ledger gives XPASS and exit 1;
3. --shard K/N: the shards are disjoint and together the whole selection;
4. --reports DIR writes console.txt, results.json, junit.xml; --function/--clause/--id select.
"""
import json
import os
import subprocess
import sys


def run(args, want_exit, workdir, name):
    out = os.path.join(workdir, name + ".json")
    p = subprocess.run(args + ["--json", out], capture_output=True, text=True, timeout=60)
    if p.returncode != want_exit:
        raise SystemExit("%s: exit %d, expected %d\n%s%s" % (name, p.returncode, want_exit, p.stdout, p.stderr))
    with open(out) as f:
        return {r["id"]: r for r in json.load(f)["results"]}


def main(esecheck, good, scribble, tests, workdir):
    os.makedirs(workdir, exist_ok=True)
    scen = os.path.join(tests, "scenarios")
    bad = os.path.join(tests, "bad", "unknown-call.json")
    r = run([esecheck, "--target", good, scen, bad], 2, workdir, "with-bad")
    assert r["bad.unknown-call"]["result"] == "error", r["bad.unknown-call"]
    assert "unknown call" in r["bad.unknown-call"]["message"]
    assert sum(x["result"] == "pass" for x in r.values()) == 3, r

    ledger = os.path.join(workdir, "ledger.json")
    r = run([esecheck, "--target", scribble, "--update-expectations", ledger, scen], 0, workdir, "update")
    assert r["harness.dup.invalid"]["result"] == "xfail", r
    with open(ledger) as f:
        assert list(json.load(f)) == ["harness.dup.invalid"]
    r = run([esecheck, "--target", scribble, "--expectations", ledger, scen], 0, workdir, "xfail")
    assert r["harness.dup.invalid"]["result"] == "xfail" and r["harness.dup.invalid"]["raw"] == "fail", r
    r = run([esecheck, "--target", good, "--expectations", ledger, scen], 1, workdir, "xpass")
    assert r["harness.dup.invalid"]["result"] == "xpass", r

    everything = set(run([esecheck, "--target", good, scen], 0, workdir, "all"))
    shards = [set(run([esecheck, "--target", good, "--shard", "%d/2" % k, scen], 0, workdir, "shard%d" % k))
              for k in (1, 2)]
    assert not (shards[0] & shards[1]) and (shards[0] | shards[1]) == everything, shards

    assert set(run([esecheck, "--target", good, "--id", "*.in*", scen], 0, workdir, "id")) == {"harness.dup.invalid"}
    assert set(run([esecheck, "--target", good, "--clause", "JetDupSession.InvalidSesid", scen], 0,
                   workdir, "clause")) == {"harness.dup.invalid"}
    assert set(run([esecheck, "--target", good, "--function", "JetDupSession", scen], 0, workdir,
                   "function")) == everything
    assert not run([esecheck, "--target", good, "--function", "JetRollback", scen], 0, workdir, "none")

    reports = os.path.join(workdir, "reports")
    run([esecheck, "--target", scribble, "--reports", reports, scen], 1, workdir, "reports")
    for name in ("console.txt", "results.json", "junit.xml", "clauses.json", "clauses.txt"):
        assert os.path.getsize(os.path.join(reports, name)) > 0, name
    print("check_suite: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
