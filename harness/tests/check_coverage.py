#!/usr/bin/python3
"""The clause coverage table and its gate, end to end.

usage: check_coverage.py ESECHECK GOOD_TARGET SCRIBBLE_TARGET TESTS_DIR WORKDIR

The gate (`--check-coverage`, nothing runs) over tests/scenarios with tiny catalogue copies:
1. covered.json (each clause checked by a step): exit 0;
2. uncovered.json (one more clause, JetDupSession.Uncovered, that no step checks, and that
   applies in the documented profile only): exit 1,
   naming that clause and no other; --coverage writes the table, its cases "not run";
3. a scenario citing a clause the catalogue lacks (coverage/cases/): exit 2, naming it.
A run: the console's "clauses:" line, results.json's "coverage", --reports' clauses.json and
clauses.txt, --coverage FILE; a FAIL (scribble target) leaves its clause unverified.
"""
import json
import os
import subprocess
import sys


def esecheck(args, want_exit, name):
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if p.returncode != want_exit:
        raise SystemExit("%s: exit %d, expected %d\n%s%s" % (name, p.returncode, want_exit, p.stdout, p.stderr))
    return p.stdout


def rows(table):
    return {c["id"]: c for f in table["functions"] for c in f["clauses"]}


def main(exe, good, scribble, tests, workdir):
    os.makedirs(workdir, exist_ok=True)
    scen = os.path.join(tests, "scenarios")
    covered = os.path.join(tests, "coverage", "covered.json")
    uncovered = os.path.join(tests, "coverage", "uncovered.json")
    unknown = os.path.join(tests, "coverage", "cases")

    out = esecheck([exe, "--check-coverage", "--catalogue", covered, scen], 0, "gate-covered")
    assert "clause without a case" not in out, out

    table = os.path.join(workdir, "gate-clauses.json")
    out = esecheck([exe, "--check-coverage", "--catalogue", uncovered, "--coverage", table, scen], 1,
                   "gate-uncovered")
    assert out.splitlines() == ["clause without a case: JetDupSession.Uncovered"], out
    with open(table) as f:
        t = json.load(f)
    assert t["format"] == "esecheck-clauses/1" and t["summary"]["uncited"] == 1, t["summary"]
    r = rows(t)
    assert r["JetDupSession.Uncovered"]["cases"] == [], r
    assert [c["id"] for c in r["JetDupSession.Success"]["cases"]] == ["harness.dup.basic", "harness.dup.repeat"], r
    assert {c["result"] for c in r["JetDupSession.Success"]["cases"]} == {"not run"}, r
    assert r["JetDupSession.InvalidSesid"]["profiles"] == ["documented", "esent", "portable"], r
    assert r["JetDupSession.Uncovered"]["profiles"] == ["documented"], r

    out = esecheck([exe, "--check-coverage", "--catalogue", covered, scen, unknown], 2, "gate-unknown")
    assert 'unknown clause "JetDupSession.NoSuchClause"' in out, out

    reports = os.path.join(workdir, "reports")
    cov = os.path.join(workdir, "run-clauses.json")
    out = esecheck([exe, "--target", good, "--catalogue", uncovered, "--reports", reports, "--coverage", cov,
                    scen], 0, "run-good")
    assert "clauses: 3/4 verified in profile documented (0 not applicable, 1 without a case)" in out, out
    with open(os.path.join(reports, "results.json")) as f:
        assert json.load(f)["coverage"]["summary"]["verified"] == 3
    with open(os.path.join(reports, "clauses.json")) as f, open(cov) as g:
        assert json.load(f) == json.load(g)
    with open(os.path.join(reports, "clauses.txt")) as f:
        text = f.read()
    assert "JetDupSession.Uncovered" in text and "WITHOUT A CASE" in text, text
    assert "PASS        harness.dup.invalid" in text, text

    out = esecheck([exe, "--target", good, "--catalogue", uncovered, "--profile", "esent", scen], 0, "run-esent")
    assert "clauses: 3/4 verified in profile esent (1 not applicable, 0 without a case)" in out, out

    out = esecheck([exe, "--target", scribble, "--catalogue", covered, "--coverage", cov, scen], 1, "run-scribble")
    assert "clauses: 2/3 verified in profile documented (0 not applicable, 0 without a case, 1 unverified)" in out, out
    with open(cov) as f:
        r = rows(json.load(f))
    assert not r["JetDupSession.InvalidSesid"]["verified"], r
    assert r["JetDupSession.InvalidSesid"]["cases"][0]["result"] == "fail", r
    print("check_coverage: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
