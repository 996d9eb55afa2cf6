#!/usr/bin/python3
"""The CI recipes of docs/ci.md, run here so that they cannot rot.

usage: check_ci_recipe.py DOCS_CI_MD BUILD_DIR WORKDIR [--narrow=OPTIONS]

--narrow=OPTIONS puts OPTIONS (e.g. "--function JetDupSession") after build/harness/esecheck in
every shard command, to run fewer scenarios where each costs more (a sanitizer build).

1. from each ```yaml block, the lines marked "# ci-recipe: build|shard|merge" (one command
   each; the "- run: " or "- " in front and the comment are taken off): both recipes must have
   one of each, and the same shard and merge commands once K and N are put where the CI puts
   them (${{ matrix.shard }}, ${{ strategy.job-total }}, $CI_NODE_INDEX, $CI_NODE_TOTAL), and
   the same N (GitHub's matrix 1..N, GitLab's parallel: N);
2. the build lines are not run (this build is the one under test), but must build with cmake;
3. in WORKDIR (with build -> BUILD_DIR), the shard command for K = 1..N, then the merge
   command, with sh: merge exits 0 (ref passes the cases), writes results.json (the whole
   selection, no shard), junit.xml (well-formed, as many testcases as results) and report.html;
4. the ```sh block of "Locally" runs too and gives the same results.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

MARK = re.compile(r"^\s*(?:- run: |- )?(.*?)\s+# ci-recipe: (build|shard|merge)\s*$")
SHARDS = {"${{ matrix.shard }}": "{k}", "${{ strategy.job-total }}": "{n}", "$CI_NODE_INDEX": "{k}",
          "$CI_NODE_TOTAL": "{n}"}


def blocks(text, lang):
    return re.findall(r"```%s\n(.*?)```" % lang, text, re.S)


def recipe(block):
    """The marked commands of a YAML block: {kind: [command, ...]}."""
    found = {"build": [], "shard": [], "merge": []}
    for line in block.splitlines():
        m = MARK.match(line)
        if m:
            found[m.group(2)].append(m.group(1))
    return found


def generic(command):
    for ci, ours in SHARDS.items():
        command = command.replace(ci, ours)
    return command


def narrowed(command, narrow):
    """The command with narrow's options after the program (a shard command)."""
    program = "build/harness/esecheck "
    assert command.startswith(program), command
    return program + (narrow + " " if narrow else "") + command[len(program):]


def sh(command, workdir, what):
    p = subprocess.run(["sh", "-c", command], cwd=workdir, capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise SystemExit("%s: exit %d\n%s\n%s%s" % (what, p.returncode, command, p.stdout, p.stderr))


def fresh(workdir, build):
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)
    os.symlink(os.path.abspath(build), os.path.join(workdir, "build"))


def check_outputs(workdir, what):
    with open(os.path.join(workdir, "results.json")) as f:
        merged = json.load(f)
    assert merged["selection"]["shard"] is None, what
    assert len(merged["results"]) == merged["selection"]["total"] > 0, what
    cases = ET.parse(os.path.join(workdir, "junit.xml")).getroot().iter("testcase")
    assert sum(1 for _ in cases) == len(merged["results"]), what + ": junit.xml"
    assert os.path.getsize(os.path.join(workdir, "report.html")) > 1000, what + ": report.html"
    return [(r["id"], r["result"]) for r in merged["results"]]


def main(doc, build, workdir, narrow=""):
    with open(doc) as f:
        text = f.read()
    yaml = [recipe(b) for b in blocks(text, "yaml")]
    assert len(yaml) == 2, "docs/ci.md should hold two YAML recipes, not %d" % len(yaml)
    for r in yaml:
        for kind in ("build", "shard", "merge"):
            assert r[kind], "a recipe has no line marked ci-recipe: %s" % kind
        assert all(c.startswith("cmake ") for c in r["build"]), r["build"]
    github, gitlab = yaml
    for kind in ("shard", "merge"):
        assert [generic(c) for c in github[kind]] == [generic(c) for c in gitlab[kind]], \
            "the %s commands of the two recipes differ:\n%s\n%s" % (kind, github[kind], gitlab[kind])
    shard = generic(github["shard"][0])
    n = int(re.search(r"parallel: (\d+)", text).group(1))
    matrix = re.search(r"shard: \[([0-9, ]+)\]", text).group(1)
    assert [int(k) for k in matrix.split(",")] == list(range(1, n + 1)), "the two recipes have other N"
    fresh(workdir, build)
    for k in range(1, n + 1):
        sh(narrowed(shard.format(k=k, n=n), narrow), workdir, "shard %d/%d" % (k, n))
    sh(github["merge"][0], workdir, "merge")
    recipe_results = check_outputs(workdir, "the YAML recipes")
    local = [b for b in blocks(text, "sh") if "merge" in b]
    assert len(local) == 1, "docs/ci.md should hold one sh block that merges"
    fresh(workdir, build)
    sh(local[0].replace("build/harness/esecheck --target", narrowed("build/harness/esecheck --target", narrow)),
       workdir, "the local recipe")
    assert check_outputs(workdir, "the local recipe") == recipe_results, "the local recipe gives other results"
    print("docs/ci.md: %d shards, merge, JUnit and report.html: %d scenarios" % (n, len(recipe_results)))
    return 0


if __name__ == "__main__":
    narrow = [a[len("--narrow="):] for a in sys.argv[4:] if a.startswith("--narrow=")]
    sys.exit(main(*sys.argv[1:4], narrow=narrow[0] if narrow else ""))
