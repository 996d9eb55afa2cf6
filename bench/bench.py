#!/usr/bin/python3
"""bench.py - esecheck's performance, as ratios of two things measured in the same run.

usage: /usr/bin/python3 bench/bench.py --build BUILD --source SOURCE [--repeats R] [--json FILE]
                                     [--only PART,...]

  --only runs only the named parts (replay, fork, suite, ref, explore; default: all of them),
  e.g. `--only fork,replay` while working on one of them; `suite` includes the scale runs.

  1. replay overhead   a Dup+End step pair replayed by esecheck --no-fork (the slope between a
                       short and a long scenario, so start-up does not count) against the same
                       calls made directly from C (bench_direct direct: the loop timed alone)
  2. isolation cost    the per-scenario cost of esecheck with fork isolation (slope between K1 and
                       K2 scenarios) against a bare fork+wait of a child making the same calls
                       (bench_direct fork); and the whole suite's wall time
  3. ref throughput    bench_ref: Begin+End and Dup+End pairs against malloc+free, 1 and 2 threads,
                       in wall time and in the CPU time the threads used
  4. scale             the suite copied 10x and 100x: time per scenario against 1x, and the
                       harness's peak RSS
  5. explore           bench_explore: differential steps per second (each step on two libraries
                       and compared) in-process and forked (-j 2), against a direct-call loop
                       of the same generated sequences on one library
Every measurement is repeated and interleaved; min and median are reported, ratios use medians.
"""
import argparse, json, os, platform, resource, shutil, statistics, subprocess, sys, tempfile, time


def wall(cmd, allowed=(0,)):
    """Seconds the command took, and its output; exits unless its status is allowed."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in allowed:
        sys.exit(f"bench.py: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return elapsed, proc.stdout


COUNTERS = "page-faults,context-switches,task-clock"


def counted(cmd):
    """Seconds the command took and the software counters perf stat gives for it (the process
    and every process it forks): {"page-faults": n, "context-switches": n, "task-clock": ms}."""
    elapsed, proc = wall_proc(["perf", "stat", "-x", ",", "-e", COUNTERS, "--"] + cmd)
    counts = {}
    for line in proc.stderr.splitlines():
        f = line.split(",")
        if len(f) > 2 and f[2] in COUNTERS.split(",") and f[0] not in ("<not counted>", "<not supported>"):
            counts[f[2]] = float(f[0])
    return elapsed, counts


def wall_proc(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench.py: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return elapsed, proc


def step(call, args, **extra):
    return dict({"call": call, "args": args}, **extra)


PRELUDE = [
    step("JetCreateInstance", {"pinstance": "$inst", "szInstanceName": "bench"}),
    step("JetInit", {"pinstance": "$inst"}),
    step("JetBeginSession", {"instance": "$inst", "psesid": "$s", "szUserName": None, "szPassword": None}),
]


def scenario(sid, pairs):
    body = [step("JetDupSession", {"sesid": "$s", "psesid": "$d[$i]"}),
            step("JetEndSession", {"sesid": "$d[$i]", "grbit": 0})]
    steps = PRELUDE + ([{"repeat": pairs, "index": "i", "steps": body}] if pairs else []) + \
        [step("JetTerm", {"instance": "$inst"})]
    return {"id": sid, "title": "bench", "clauses": [], "requires": [], "steps": steps}


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)


def scenario_dir(root, name, count, pairs):
    d = os.path.join(root, name)
    os.makedirs(d)
    for k in range(count):
        write(os.path.join(d, f"s{k:05}.json"), scenario(f"Bench.{name}.{k}", pairs))
    return d


def copies(root, cases, factor):
    """The suite copied `factor` times, ids made unique."""
    d = os.path.join(root, f"x{factor}")
    for k in range(factor):
        for dirpath, _, files in os.walk(cases):
            for f in files:
                if not f.endswith(".json") or f == "schema.json":
                    continue
                obj = json.load(open(os.path.join(dirpath, f)))
                obj["id"] = f"{obj['id']}.copy{k}"
                rel = os.path.relpath(dirpath, cases)
                os.makedirs(os.path.join(d, f"copy{k}", rel), exist_ok=True)
                write(os.path.join(d, f"copy{k}", rel, f), obj)
    return d


def stats(samples):
    return {"min": min(samples), "median": statistics.median(samples)}


def machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"system": platform.platform(), "cpu": model, "cores": os.cpu_count(),
            "date": time.strftime("%Y-%m-%d")}


def fork_counts(counts, few, many, floor_few, floor_many, k):
    """Appends to counts the per-scenario slope of each counter, esecheck's and the bare fork's,
    the four runs interleaved."""
    (_, a), (_, b) = counted(few), counted(many)
    (_, c), (_, d) = counted(floor_few), counted(floor_many)
    for name in COUNTERS.split(","):
        if all(name in x for x in (a, b, c, d)):
            counts.setdefault(name, {"esecheck": [], "bare fork": []})
            counts[name]["esecheck"].append((b[name] - a[name]) / k)
            counts[name]["bare fork"].append((d[name] - c[name]) / k)


PARTS = ("replay", "fork", "suite", "ref", "explore")


def main():
    ap = argparse.ArgumentParser(description="esecheck's benchmark: ratios measured in one run")
    ap.add_argument("--build", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json")
    ap.add_argument("--counts", action="store_true",
                    help="fork part: also the per-scenario page faults, context switches and CPU "
                         "time (perf stat), which load does not distort as it does wall time")
    ap.add_argument("--only", help="comma-separated parts: " + ", ".join(PARTS) + " (default: all)")
    args = ap.parse_args()
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    if parts - set(PARTS):
        ap.error(f"unknown part(s): {', '.join(sorted(parts - set(PARTS)))}")
    esecheck = os.path.join(args.build, "harness", "esecheck")
    ref = os.path.join(args.build, "ref", "libeseref.so")
    direct = os.path.join(args.build, "bench", "bench_direct")
    cases = os.path.join(args.source, "cases")
    run = lambda *extra: [esecheck, "--target", ref, "-q"] + list(extra)
    load_before = os.getloadavg()
    root = tempfile.mkdtemp(prefix="esecheck-bench-")
    P1, P2, K1, K2 = 100, 10100, 20, 220
    short = scenario_dir(root, "short", 1, P1)
    long_ = scenario_dir(root, "long", 1, P2)
    few = scenario_dir(root, "few", K1, 1)
    many = scenario_dir(root, "many", K2, 1)
    x10, x100 = (copies(root, cases, 10), copies(root, cases, 100)) if "suite" in parts else (None, None)
    s = {k: [] for k in ("replay", "direct", "scenario_fork", "scenario_nofork", "fork_floor",
                         "suite", "suite_x10", "suite_x100")}
    counts = {}
    n_cases = sum(len([f for f in fs if f.endswith(".json") and f != "schema.json"]) for _, _, fs in os.walk(cases))
    for r in range(args.repeats):
        if "replay" in parts:
            t1, _ = wall(run("--no-fork", short))
            t2, _ = wall(run("--no-fork", long_))
            s["replay"].append((t2 - t1) / (P2 - P1))
            # the loop of pairs alone (bench_direct times it): until 2026-12-01 the time per
            # pair included creating the instance, 0.2 us a pair over 10,100 on a machine
            # with slow page faults, and the direct call looked 15x slower than it is
            _, out = wall([direct, ref, "direct", str(P2)])
            s["direct"].append(float(out))
        if "fork" in parts:
            t1, _ = wall(run("-j", "1", few))
            t2, _ = wall(run("-j", "1", many))
            s["scenario_fork"].append((t2 - t1) / (K2 - K1))
            t1, _ = wall(run("--no-fork", few))
            t2, _ = wall(run("--no-fork", many))
            s["scenario_nofork"].append((t2 - t1) / (K2 - K1))
            _, out = wall([direct, ref, "fork", str(K2)])
            s["fork_floor"].append(float(out))
        if "fork" in parts and args.counts:
            fork_counts(counts, run("-j", "1", few), run("-j", "1", many),
                        [direct, ref, "fork", str(K1)], [direct, ref, "fork", str(K2)], K2 - K1)
        if "suite" in parts:
            s["suite"].append(wall(run("-j", "2", cases), (0, 1))[0])
            s["suite_x10"].append(wall(run("-j", "2", x10), (0, 1))[0])
            s["suite_x100"].append(wall(run("-j", "2", x100), (0, 1))[0])
    peak_rss_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    ref_table = {"workloads": []}
    if "ref" in parts:
        ref_json = os.path.join(root, "ref.json")
        wall([os.path.join(args.build, "bench", "bench_ref"), "--repeats", str(args.repeats), "--json", ref_json])
        ref_table = json.load(open(ref_json))
    explore_runs = []
    for r in range(args.repeats if "explore" in parts else 0):
        _, out = wall([os.path.join(args.build, "bench", "bench_explore"), ref, ref, "200", "40"])
        explore_runs.append(json.loads(out))
    ex = {k: statistics.median(e[k] for e in explore_runs)
          for k in ("direct_steps_per_s", "inprocess_steps_per_s", "fork_steps_per_s")} if explore_runs else {}
    shutil.rmtree(root, ignore_errors=True)

    m = {k: stats(v) for k, v in s.items() if v}
    med = lambda k: m[k]["median"]
    # the fork part's ratio taken within each repeat too: on a shared machine the load moves
    # between repeats, and a ratio of two figures measured seconds apart follows it less
    fork_ratios = [a / b for a, b in zip(s["scenario_fork"], s["fork_floor"])]
    rows = []
    if "replay" in parts:
        rows += [("replay: Dup+End pair, esecheck --no-fork", med("replay") * 1e6, "us",
                  med("replay") / med("direct"), "x direct C", "<= 3x"),
                 ("direct C: Dup+End pair", med("direct") * 1e6, "us", None, "", "")]
    if "fork" in parts:
        rows += [("scenario with fork isolation (marginal)", med("scenario_fork") * 1e3, "ms",
                  med("scenario_fork") / med("fork_floor"), "x bare fork+wait", "<= 2x"),
                 ("the same, median of the ratios within each repeat", None, "",
                  statistics.median(fork_ratios), "x bare fork+wait", "<= 2x"),
                 ("scenario in-process (marginal)", med("scenario_nofork") * 1e3, "ms", None, "", ""),
                 ("bare fork+wait of a child making the calls", med("fork_floor") * 1e3, "ms", None, "", "")]
    if "suite" in parts:
        rows += [(f"whole suite ({n_cases} scenarios, -j 2)", med("suite"), "s", None, "", "< 2 s"),
                 ("suite x10: time per scenario vs x1", med("suite_x10") / (10 * n_cases) * 1e3, "ms",
                  med("suite_x10") / med("suite") / 10, "x (1 = linear)", "~1"),
                 ("suite x100: time per scenario vs x1", med("suite_x100") / (100 * n_cases) * 1e3, "ms",
                  med("suite_x100") / med("suite") / 100, "x (1 = linear)", "~1"),
                 ("harness peak RSS (largest run, x100)", peak_rss_kib / 1024, "MiB", None, "", "< 20 MiB")]
    for w in ref_table["workloads"]:
        rows.append((f"ref: {w['name']}", w["ns_median"], "ns", w["vs_malloc"] if "malloc" not in w["name"] else None,
                     "x malloc+free", "<= 4x" if w["name"].startswith("Begin+End, 1") else ""))
    for w in ref_table["workloads"]:  # the same in CPU time: what a shared machine cannot blur
        if "malloc" not in w["name"]:
            rows.append((f"ref: {w['name']}, CPU time", w["cpu_ns_median"], "ns", w["cpu_vs_malloc"],
                         "x malloc+free", "<= 4x" if w["name"].startswith("Begin+End, 1") else ""))
    if "ref" in parts:
        rows.append(("ref: 2 threads on 2 instances vs 1 thread", None, "", ref_table["scale_2_instances"],
                     "x throughput", ">= 1.5x"))
        rows.append(("ref: 2 threads on 2 instances vs 1 thread, CPU time", None, "",
                     ref_table["cpu_scale_2_instances"], "x throughput", ">= 1.5x"))
        rows.append(("ref: 2 threads on 1 instance vs 1 thread", None, "", ref_table["scale_1_instance"],
                     "x throughput", ""))
    if ex:
        rows.append(("explore: differential steps/s, in-process", ex["inprocess_steps_per_s"], "/s",
                     ex["inprocess_steps_per_s"] / ex["direct_steps_per_s"], "x a direct-call loop", ""))
        rows.append(("explore: differential steps/s, forked, -j 2", ex["fork_steps_per_s"], "/s",
                     ex["fork_steps_per_s"] / ex["direct_steps_per_s"], "x a direct-call loop", ""))
        rows.append(("direct-call loop of the same sequences", ex["direct_steps_per_s"], "/s", None, "", ""))
    for name, c in counts.items():
        e, f = statistics.median(c["esecheck"]), statistics.median(c["bare fork"])
        rows.append((f"{name} per scenario, forked (perf stat slope)", e, "", e / f if f else None,
                     "x bare fork's per child", ""))
        rows.append((f"{name} per child, bare fork (perf stat slope)", f, "", None, "", ""))
    load = (load_before, os.getloadavg())
    print(f"{'measure':52} {'median':>10}      {'ratio':>8}  {'goal':8}")
    for name, value, unit, ratio, what, goal in rows:
        v = (f"{value:10.0f} {unit:4}" if value is not None and value >= 1000 else
             f"{value:10.3f} {unit:4}" if value is not None else " " * 15)
        rt = f"{ratio:8.2f} {what}" if ratio is not None else ""
        print(f"{name:52} {v} {rt:30} {goal}")
    print("load average (1, 5, 15 min) before: %.2f %.2f %.2f, after: %.2f %.2f %.2f" % (load[0] + load[1]))
    ratios = {"replay_vs_direct": ("replay", lambda: med("replay") / med("direct")),
              "fork_scenario_vs_floor": ("fork", lambda: med("scenario_fork") / med("fork_floor")),
              "fork_scenario_vs_floor_per_repeat": ("fork", lambda: statistics.median(fork_ratios)),
              "x10_per_scenario_vs_x1": ("suite", lambda: med("suite_x10") / med("suite") / 10),
              "x100_per_scenario_vs_x1": ("suite", lambda: med("suite_x100") / med("suite") / 100)}
    result = {"machine": machine(), "repeats": args.repeats, "scenarios": n_cases,
              "parts": sorted(parts), "counts_per_scenario": counts, "load_average": {"before": load[0], "after": load[1]},
              "samples_seconds": {k: {"min": v["min"], "median": v["median"]} for k, v in m.items()},
              "peak_rss_kib": peak_rss_kib, "ref": ref_table, "explore": ex,
              "ratios": {k: f() for k, (part, f) in ratios.items() if part in parts}}
    if args.json:
        os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
        print(f"written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
