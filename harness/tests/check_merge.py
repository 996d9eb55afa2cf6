#!/usr/bin/python3
"""esecheck merge: shards put back together equal the unsharded run; bad sets are refused.

usage: check_merge.py ESECHECK TARGET WORKDIR PATH...

1. the whole run (--json, --junit, --tap) of PATH... against TARGET (a target with PASS, FAIL,
   MISSING and UNSUPPORTED results, so that the counts and the coverage have something to do);
2. for N = 1, 3, 7: the N shards (--shard K/N --json), then merge --json --junit --tap --html:
   the merged JSON equals the whole run's but for the times, the TAP files are equal, the
   JUnit files are equal but for the times, merge exits as the whole run did;
3. refusals, exit 2, naming them: a shard given twice (overlap: both files), a shard left out
   (its K/N and the scenarios it holds), shards of different runs (another --profile: the
   member that differs), a file without a recorded selection, no file at all.
"""
import json
import os
import subprocess
import sys

from checklib import junit_without_times, read, read_json, run, without_times


def main(esecheck, target, workdir, paths):
    os.makedirs(workdir, exist_ok=True)
    base = [esecheck, "--target", target, "-q"]
    whole = {ext: os.path.join(workdir, "whole." + ext) for ext in ("json", "xml", "tap")}
    p = subprocess.run(base + ["--json", whole["json"], "--junit", whole["xml"], "--tap", whole["tap"]] + paths,
                       capture_output=True, text=True, timeout=120)
    whole_exit = p.returncode
    whole_run = read_json(whole["json"])
    kinds = {r["result"] for r in whole_run["results"]}
    assert {"pass", "fail"} <= kinds, "the run should mix results: %s" % kinds
    assert whole_run["selection"]["shard"] is None and whole_run["selection"]["total"] == len(whole_run["results"])

    shards = {}
    for n in (1, 3, 7):
        files = []
        for k in range(1, n + 1):
            out = os.path.join(workdir, "shard-%d-of-%d.json" % (k, n))
            subprocess.run(base + ["--shard", "%d/%d" % (k, n), "--json", out] + paths, capture_output=True, timeout=120)
            files.append(out)
        shards[n] = files
        merged = {ext: os.path.join(workdir, "merged-%d.%s" % (n, ext)) for ext in ("json", "xml", "tap", "html")}
        run([esecheck, "merge", "--json", merged["json"], "--junit", merged["xml"], "--tap", merged["tap"],
             "--html", merged["html"]] + files[::-1], whole_exit, "merge of %d shards" % n)
        merged_run = read_json(merged["json"])
        if without_times(merged_run) != without_times(whole_run):
            diff = [k for k in whole_run if without_times(whole_run)[k] != without_times(merged_run).get(k)]
            raise SystemExit("N=%d: the merged JSON differs from the whole run's in %s" % (n, diff))
        assert read(merged["tap"]) == read(whole["tap"]), "N=%d: the merged TAP differs" % n
        assert junit_without_times(merged["xml"]) == junit_without_times(whole["xml"]), "N=%d: the merged JUnit differs" % n
        assert os.path.getsize(merged["html"]) > 1000
        print("N=%d: %d shards merge into the whole run (%d scenarios)" % (n, n, len(whole_run["results"])))

    # A --linearizable --repeat run (its selection narrowed to the concurrent scenarios) sharded
    # in 2 merges into the unsharded run, and keeps both options; a plain shard is refused.
    lin = base + ["--linearizable", "--repeat", "2"]
    lin_whole = os.path.join(workdir, "lin-whole.json")
    lin_exit = subprocess.run(lin + ["--json", lin_whole] + paths, capture_output=True, timeout=300).returncode
    lin_run = read_json(lin_whole)
    assert lin_run["results"] and lin_run["linearizable"] is True and lin_run["repeat"] == "2", lin_run.keys()
    lin_files = []
    for k in (1, 2):
        out = os.path.join(workdir, "lin-%d-of-2.json" % k)
        subprocess.run(lin + ["--shard", "%d/2" % k, "--json", out] + paths, capture_output=True, timeout=300)
        lin_files.append(out)
    lin_merged = os.path.join(workdir, "lin-merged.json")
    run([esecheck, "merge", "--json", lin_merged] + lin_files, lin_exit, "merge of a --linearizable run")
    merged_run = read_json(lin_merged)
    assert without_times(merged_run) == without_times(lin_run), "the merged --linearizable run differs"
    p = run([esecheck, "merge", lin_files[0], shards[3][1]], 2, "a --linearizable shard among plain ones")
    assert "not shards of one run" in p.stderr, p.stderr
    print("a --linearizable --repeat 2 run: 2 shards merge into it (%d scenarios)" % len(lin_run["results"]))

    three = shards[3]
    p = run([esecheck, "merge"] + three + [three[1]], 2, "a shard given twice")
    assert "overlap" in p.stderr and p.stderr.count("shard-2-of-3.json") == 2, p.stderr
    p = run([esecheck, "merge", three[0], three[2]], 2, "a shard left out")
    assert "leave out" in p.stderr and "shard 2/3" in p.stderr, p.stderr
    left_out = [r["id"] for r in read_json(three[1])["results"]]  # named by id, the first first
    assert ": %s, %s" % (left_out[0], left_out[1]) in p.stderr, p.stderr
    other = os.path.join(workdir, "esent-1-of-3.json")
    subprocess.run(base + ["--profile", "esent", "--shard", "1/3", "--json", other] + paths, capture_output=True, timeout=120)
    p = run([esecheck, "merge", other, three[1], three[2]], 2, "shards of different runs")
    assert "are not shards of one run: their /profile differ" in p.stderr, p.stderr
    old = os.path.join(workdir, "no-selection.json")
    with open(old, "w") as f:
        json.dump({k: v for k, v in whole_run.items() if k != "selection"}, f)
    p = run([esecheck, "merge", old], 2, "no recorded selection")
    assert "no-selection.json: no /selection/total" in p.stderr, p.stderr
    run([esecheck, "merge"], 2, "no file")
    print("refused: overlap, a missing shard, different runs, no selection, no file")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]))
