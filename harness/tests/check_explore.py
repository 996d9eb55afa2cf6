#!/usr/bin/python3
"""check_explore.py - esecheck explore end to end.

For each hostile (or planted) target: explore finds a divergence within its budget, shrinks it
to the minimal sequence expected, writes a scenario that --validate accepts, that fails against
the target and passes against the reference, and a C program that builds with the clean-room
header alone and reproduces the divergence (exit 1 against the target, 0 against ref). The same
seed gives the same files byte for byte; ref against itself finds nothing; bad usage exits 2.

usage: check_explore.py ESECHECK REF SPEC_INCLUDE WORKDIR [--only-targets] NAME=LIB:CALLS...
  CALLS is the expected shrunk sequence, the functions comma-separated; #N@Function for N steps
  ending with a call of Function (the minimal length of a planted bug, whatever calls the
  generator picks to reach it); or * for "any". --only-targets skips the determinism, ref and
  usage checks (a second run of the script checks the planted targets).
"""
import filecmp
import glob
import os
import shutil
import subprocess
import sys

failures = []


def check(ok, what):
    print(("ok      " if ok else "FAILED  ") + what)
    if not ok:
        failures.append(what)


# The sanitizer flags of the build (CMake sets them under ESECHECK_SANITIZE): a reproducer built
# without them cannot load a sanitized library.
REPRO_FLAGS = os.environ.get("ESECHECK_REPRO_FLAGS", "").split()


def run(cmd, timeout=180, reproducer=False):
    env = dict(os.environ, REPRO_TIMEOUT="2")  # a reproducer's watchdog: a hang in 2 s
    if reproducer and REPRO_FLAGS:  # it never ends what it began: no leak report at exit
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    return p.returncode, p.stdout + p.stderr


def explore(esecheck, target, out, extra=()):
    return run([esecheck, "explore", "--target", target, "--out", out, "--seed", "1", "-q",
                *extra], timeout=400)


def steps_of(path):
    import json
    with open(path) as f:
        return [s["call"] for s in json.load(f)["steps"]]


def check_target(esecheck, ref, include, work, name, lib, calls, budget):
    out = os.path.join(work, name)
    shutil.rmtree(out, ignore_errors=True)
    rc, text = explore(esecheck, lib, out, budget)
    check(rc == 1, f"{name}: explore exits 1 on a divergence (got {rc}: {text[-400:]})")
    found = sorted(glob.glob(os.path.join(out, "*.json")))
    found = [f for f in found if not f.endswith("summary.json")]
    check(len(found) == 1, f"{name}: one divergence written ({[os.path.basename(f) for f in found]})")
    if len(found) != 1:
        return
    scenario = found[0]
    got = steps_of(scenario)
    if calls.startswith("#"):  # "#6@JetRollback": 6 steps, the last a call of that function
        want, _, last = calls[1:].partition("@")
        check(len(got) == int(want) and (not last or got[-1] == last),
              f"{name}: shrunk to the {want} steps known to be minimal, ending with {last or 'any call'} "
              f"(got {','.join(got)})")
    elif calls != "*":
        check(got == calls.split(","), f"{name}: shrunk to {calls} (got {','.join(got)})")
    rc, text = run([esecheck, "--validate", scenario])
    check(rc == 0, f"{name}: the scenario validates ({text[-300:]})")
    rc, text = run([esecheck, "--target", lib, scenario])
    check(rc == 1, f"{name}: the scenario diverges against the target (exit {rc})")
    rc, text = run([esecheck, "--target", ref, scenario])
    check(rc == 0, f"{name}: the scenario passes against the reference (exit {rc}: {text[-300:]})")
    program = scenario[:-5] + ".c"
    exe = scenario[:-5] + ".bin"
    rc, text = run(["cc", "-Wall", "-Wextra", *REPRO_FLAGS, "-I", include, program, "-o", exe, "-ldl",
                    "-lpthread"])
    check(rc == 0 and "warning" not in text, f"{name}: the C program builds cleanly ({text[-300:]})")
    if rc == 0:
        rc, text = run([exe, lib], timeout=60, reproducer=True)
        check(rc == 1, f"{name}: the C program reproduces against the target (exit {rc})")
        rc, text = run([exe, ref], timeout=60, reproducer=True)
        check(rc == 0, f"{name}: the C program passes against the reference (exit {rc}: {text[-300:]})")


def check_determinism(esecheck, work, lib):
    a, b = os.path.join(work, "same-a"), os.path.join(work, "same-b")
    for d in (a, b):
        shutil.rmtree(d, ignore_errors=True)
        explore(esecheck, lib, d, ("--sequences", "30", "--keep-going"))
    names = sorted(n for n in os.listdir(a) if n != "summary.json")
    same = names == sorted(n for n in os.listdir(b) if n != "summary.json") and names and all(
        filecmp.cmp(os.path.join(a, n), os.path.join(b, n), shallow=False) for n in names)
    check(same, f"the same seed writes the same files byte for byte ({names})")


def check_usage(esecheck, ref, work):
    for args, what in ((["explore"], "no --target"),
                       (["explore", "--target", ref, "--profile", "nosuch"], "an unknown profile"),
                       (["explore", "--target", ref, "--max-steps", "0"], "--max-steps 0"),
                       (["explore", "--target", "/nonexistent.so"], "a library that does not load"),
                       (["explore", "--target", ref, "--bogus"], "an unknown option")):
        rc, _ = run([esecheck, *args, "--out", os.path.join(work, "usage")])
        check(rc == 2, f"explore with {what} exits 2 (got {rc})")
    rc, text = run([esecheck, "explore", "--help"])
    check(rc == 0 and "--reference" in text, "explore --help")


def main():
    esecheck, ref, include, work = sys.argv[1:5]
    specs = sys.argv[5:]
    only_targets = bool(specs) and specs[0] == "--only-targets"
    specs = specs[1:] if only_targets else specs
    os.makedirs(work, exist_ok=True)
    # The budget is generous because CI machines are shared: at seed 1 each planted bug is found
    # in about 20 s on an idle machine, and several times later under load (a found bug ends
    # the run, so the budget only costs time when a bug is missed). How fast generation finds
    # bugs is a figure for bench/, not for this test.
    budget = ("--seconds", "150", "--timeout", "2", "-j", "2")
    for spec in specs:
        name, rest = spec.split("=", 1)
        lib, calls = rest.split(":", 1)
        check_target(esecheck, ref, include, work, name, lib, calls, budget)
    if only_targets:
        print(f"{len(failures)} failed" if failures else "all passed")
        return 1 if failures else 0
    rc, text = run([esecheck, "explore", "--target", ref, "--out", os.path.join(work, "ref"),
                    "--sequences", "100", "--seed", "7", "-q", "-j", "2"])
    check(rc == 0 and "divergences: 0" in text, f"ref against ref finds nothing (exit {rc}: {text[-300:]})")
    first = specs[0].split("=", 1)[1].split(":", 1)[0] if specs else ref
    check_determinism(esecheck, work, first)
    check_usage(esecheck, ref, work)
    print(f"{len(failures)} failed" if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
