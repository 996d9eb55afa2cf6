#!/usr/bin/python3
"""Differential mode (esecheck --reference): what it reports, in every output.

usage: check_differ.py ESECHECK REF DUP_SOURCE GOOD WRONGCODE CASES TESTS WORKDIR [FOLDER...]

1. ref against a copy of itself (copied here, now) over every case (only CASES/FOLDER... when
   given: a sanitizer build is too slow for all of them): no DIFFER, exit 0.
2. ref against planted_dup_source (JetDupSession hands back the source session) over
   cases/JetDupSession: exit 1, DIFFER results naming the JetDupSession step with both codes
   and both observations of psesid, the summary by function and clause on the console and in
   the JSON, the rerun command with --reference, well-formed JUnit and TAP.
   Its shards (--shard K/3) merged: the same summary by function and clause, the same JUnit file;
   a shard of the same run without --reference among them is refused.
3. the wrongcode test target against good (the same engine but JetDupSession's code for a dead
   handle): the step with both codes, by name and number.
4. each side with its own target profile (init, setup): good against good with base.json, exit 0;
   a reference profile whose setup diverges: FAIL at /setup/0 naming the reference.
5. usage: --reference with --no-fork, --reference-profile without --reference: exit 2.
"""
import json
import os
import re
import shutil
import subprocess
import sys

problems = []


def run(cmd, workdir, name):
    """Runs esecheck with the three reports under workdir/name; returns (exit, stdout, json, junit, tap)."""
    base = os.path.join(workdir, name)
    cmd = cmd + ["--json", base + ".json", "--junit", base + ".xml", "--tap", base + ".tap"]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    sys.stdout.write(p.stdout[-3000:])
    sys.stderr.write(p.stderr[-3000:])
    report = {}
    if os.path.exists(base + ".json"):
        with open(base + ".json") as f:
            report = json.load(f)
    texts = []
    for ext in (".xml", ".tap"):
        texts.append(open(base + ext).read() if os.path.exists(base + ext) else "")
    if shutil.which("xmllint") and os.path.exists(base + ".xml"):
        x = subprocess.run(["xmllint", "--noout", base + ".xml"], capture_output=True, text=True)
        if x.returncode != 0:
            problems.append("%s: xmllint: %s" % (name, x.stderr))
    return p.returncode, p.stdout, report, texts[0], texts[1]


def expect(cond, what):
    if not cond:
        problems.append(what)


def merge_shards(esecheck, lie, workdir, whole, whole_junit):
    """The liar run in 3 shards, merged: the summary by function and clause and the JUnit file
    (reference, rerun commands) are the whole run's; a shard of a plain run is refused."""
    files = [os.path.join(workdir, "lie-%d-of-3.json" % k) for k in (1, 2, 3)]
    for k, path in enumerate(files, 1):
        subprocess.run(lie + ["--shard", "%d/3" % k, "--json", path], capture_output=True, timeout=600)
    merged = os.path.join(workdir, "lie-merged")
    p = subprocess.run([esecheck, "merge", "--json", merged + ".json", "--junit", merged + ".xml"] + files,
                       capture_output=True, text=True, timeout=60)
    expect(p.returncode == 1, "merged shards of the liar run: exit %d, expected 1: %s" % (p.returncode, p.stderr))
    report = json.load(open(merged + ".json")) if os.path.exists(merged + ".json") else {}
    for key in ("summary", "differential"):
        expect(report.get(key) == whole.get(key), "merged shards of the liar run: /%s is not the whole run's:\n%s\n%s"
               % (key, report.get(key), whole.get(key)))
    junit = open(merged + ".xml").read() if os.path.exists(merged + ".xml") else ""
    untimed = lambda text: re.sub(r' time="[0-9.]+"', "", text)
    expect(untimed(junit) == untimed(whole_junit), "merged shards of the liar run: the JUnit file is not the whole run's")
    plain = os.path.join(workdir, "plain-2-of-3.json")
    subprocess.run(lie[:3] + lie[5:] + ["--shard", "2/3", "--json", plain], capture_output=True, timeout=600)
    p = subprocess.run([esecheck, "merge", files[0], plain, files[2]], capture_output=True, text=True, timeout=60)
    expect(p.returncode == 2 and "their /differential (" in p.stderr,
           "a shard of a plain run among the liar's: exit %d, not refused by /differential: %s" % (p.returncode, p.stderr))


def main():
    esecheck, ref, dup_source, good, wrongcode, cases, tests, workdir = sys.argv[1:9]
    os.makedirs(workdir, exist_ok=True)
    copy = os.path.join(workdir, "libeseref-copy.so")
    shutil.copyfile(ref, copy)

    folders = [os.path.join(cases, f) for f in sys.argv[9:]] or [cases]
    code, out, rep, _, _ = run([esecheck, "--target", ref, "--reference", copy, "-j", "2"] + folders, workdir, "self")
    expect(code == 0, "ref against its copy: exit %d, expected 0" % code)
    differ = [r["id"] for r in rep.get("results", []) if r["result"] != "pass" and r["result"] != "skip"]
    expect(rep.get("results") and not differ, "ref against its copy: not all PASS/SKIP: %s" % differ[:5])
    expect(rep.get("differential", {}).get("differences") == [], "ref against its copy: differences listed")
    expect("differences by function" not in out, "ref against its copy: a summary of differences printed")

    lie = [esecheck, "--target", ref, "--reference", dup_source, "-j", "2", os.path.join(cases, "JetDupSession")]
    code, out, rep, junit, tap = run(lie, workdir, "lie")
    expect(code == 1, "ref against the liar: exit %d, expected 1" % code)
    hits = [r for r in rep.get("results", []) if r["result"] == "differ"]
    expect(hits, "ref against the liar: no DIFFER result")
    step = ("JetDupSession: target JET_errSuccess (0), reference JET_errSuccess (0); "
            "psesid: target a new handle, reference the value of $")
    expect(any(step in r["message"] for r in hits), "no DIFFER message names the step: %r" % step)
    expect(all("--reference " + dup_source in r.get("rerun", "") for r in hits), "a rerun lacks --reference")
    functions = {d["function"] for d in rep.get("differential", {}).get("differences", [])}
    expect("JetDupSession" in functions, "the JSON's differences lack JetDupSession: %s" % functions)
    expect("differences by function and clause" in out and "\n  JetDupSession: " in out,
           "the console lacks the summary by function and clause")
    expect("<failure message=\"DIFFER: " in junit, "JUnit: no DIFFER failure")
    expect("result: DIFFER" in tap and "\nnot ok " in tap, "TAP: no DIFFER")

    merge_shards(esecheck, lie, workdir, rep, junit)

    code, out, rep, _, _ = run([esecheck, "--target", wrongcode, "--reference", good, "--id", "harness.dup.invalid",
                                os.path.join(tests, "scenarios")], workdir, "wrongcode")
    expect(code == 1, "wrongcode against good: exit %d, expected 1" % code)
    step = "JetDupSession: target JET_errInvalidParameter (-1003), reference JET_errInvalidSesid (-1104)"
    expect(any(step in r["message"] for r in rep.get("results", [])), "wrongcode: no message names %r" % step)

    profiles = os.path.join(tests, "profiles")
    base = os.path.join(profiles, "base.json")
    code, out, rep, _, _ = run([esecheck, "--target", good, "--target-profile", base, "--reference", good,
                                "--reference-profile", base, os.path.join(tests, "scenarios")], workdir, "profiles")
    expect(code == 0, "good against good, each with base.json: exit %d, expected 0" % code)
    code, out, rep, _, _ = run([esecheck, "--target", good, "--reference", good, "--reference-profile",
                                os.path.join(profiles, "failing-setup.json"), "--id", "harness.dup.basic",
                                os.path.join(tests, "scenarios")], workdir, "failing-setup")
    expect(code == 1 and [r["result"] for r in rep.get("results", [])] == ["fail"],
           "a reference setup that diverges: exit %d, expected 1 and FAIL" % code)
    expect(all(r["pointer"] == "/setup/0" and r["message"].startswith("reference: target profile setup: ")
               for r in rep.get("results", [])), "a reference setup that diverges: not named")

    for args in (["--reference", copy, "--no-fork"], ["--reference-profile", os.path.join(tests, "profiles", "base.json")]):
        p = subprocess.run([esecheck, "--target", ref] + args + [os.path.join(tests, "scenarios")],
                           capture_output=True, text=True, timeout=60)
        expect(p.returncode == 2, "%s: exit %d, expected 2" % (" ".join(args), p.returncode))

    for line in problems:
        print("check_differ: " + line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
