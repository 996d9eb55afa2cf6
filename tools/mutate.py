#!/usr/bin/python3
"""mutate.py - how strong is the suite? One-line changes of ref ("mutants"), each built and
run through esecheck; a mutant the suite notices (any profile exits non-zero) is killed.

usage: /usr/bin/python3 tools/mutate.py [--out DIR] [--only FILE[,FILE...]] [--list] [--fast]

It copies the source tree to a scratch directory once, configures it, and for each mutant
rewrites one file, rebuilds libeseref.so (one object and a link), runs the suite in the
documented and esent profiles, and puts the file back. With --fast each mutant is first run
in-process (esecheck --no-fork, about ten times quicker; ref is reset between scenarios): a
kill there counts only if the failing scenario also fails on its own in a child; a crash or a
hang there is decided by the forked suite; a mutant that passes in-process in both profiles is
a survivor without the forked suite (check a survivor forked by hand before you call it one:
survivors.txt has its diff). Writes OUT/mutation.json and
OUT/survivors.txt (each survivor with its diff). Operators:
  code      a returned or assigned JET_err code becomes another
  check     an if condition is disabled (the check is dropped)
  negate    an if condition is negated
  bound     a comparison is moved by one (>= to >, < to <=, ...)
  swap      two neighbouring "if (...) return ...;" checks change order
  unlock    a mutex unlock is dropped (the suite must time out or fail)
  effect    a counter update or a state change is dropped
"""
import argparse, difflib, json, os, re, shutil, subprocess, sys, tempfile, time

SOURCES = "ref/src"
# the test hooks themselves: a mutant there changes the tests' means, not ref
SKIP_FILES = {"hook.c", "hook_db.c"}
FAILED = {"fail", "crash", "timeout", "missing", "xpass", "error"}

CODE = re.compile(r"\b(JET_err\w+)\b")
IF_LINE = re.compile(r"^(\s*(?:\} else )?(?:else )?if \()(.*)(\)\s*(?:\{)?\s*)$")
COMPARE = [(" >= ", " > "), (" > ", " >= "), (" <= ", " < "), (" < ", " <= ")]
UNLOCK = re.compile(r"^\s*(pthread_mutex_unlock|ref__instance_unlock|ref__session_leave)\(")
EFFECT = re.compile(r"^\s*[\w>\-.\[\]()]+(\+\+|--|\s[|&+-]?=\s[^=].*);\s*(/\*.*\*/)?\s*$")


def balanced(text):
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def mutants_of(path, lines):
    """Yields (operator, description, new_lines) for every mutant of one file."""
    in_comment = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("/*") or in_comment:
            in_comment = "*/" not in stripped
            continue
        if stripped.startswith(("*", "//", "#")) or not stripped:
            continue
        m = CODE.search(line)
        if m and ("return" in line or "err =" in line or "? JET_err" in line):
            other = "JET_errInvalidParameter" if m.group(1) != "JET_errInvalidParameter" else "JET_errSuccess"
            if m.group(1) == "JET_errSuccess":
                other = "JET_errInvalidParameter"
            yield "code", f"{m.group(1)} -> {other}", lines[:i] + [line[:m.start()] + other + line[m.end():]] + lines[i + 1:]
        m = IF_LINE.match(line)
        if m and balanced(m.group(2)):
            yield "check", "if condition disabled", lines[:i] + [f"{m.group(1)}0 && ({m.group(2)}){m.group(3)}"] + lines[i + 1:]
            yield "negate", "if condition negated", lines[:i] + [f"{m.group(1)}!({m.group(2)}){m.group(3)}"] + lines[i + 1:]
            # swap with the next check: if (A)\n return X;\n if (B)\n return Y;
            if (i + 3 < len(lines) and lines[i + 1].strip().startswith("return") and
                    IF_LINE.match(lines[i + 2]) and lines[i + 3].strip().startswith("return") and
                    "else" not in lines[i + 2]):
                yield "swap", "two checks swapped", lines[:i] + [lines[i + 2], lines[i + 3], line, lines[i + 1]] + lines[i + 4:]
        if ("if (" in line or "while (" in line or "return" in line) and not stripped.startswith("/*"):
            for old, new in COMPARE:
                if old in line:
                    yield "bound", f"'{old.strip()}' -> '{new.strip()}'", lines[:i] + [line.replace(old, new, 1)] + lines[i + 1:]
                    break
        if UNLOCK.match(line):
            yield "unlock", "unlock dropped", lines[:i] + [""] + lines[i + 1:]
        elif EFFECT.match(line) and "return" not in line and not stripped.startswith(("JET_ERR", "uint", "int ", "const", "ref_", "size_t", "char", "struct", "thread_count", "void")):
            yield "effect", "statement dropped", lines[:i] + [""] + lines[i + 1:]


def run(cmd, timeout):
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap.add_argument("--out", default=None, help="report directory (default SOURCE/reports/mutation)")
    ap.add_argument("--only", help="mutate these files of ref/src only (comma-separated)")
    ap.add_argument("--list", action="store_true", help="list the mutants and stop")
    ap.add_argument("--timeout", type=float, default=1, help="esecheck --timeout per scenario")
    ap.add_argument("--fast", action="store_true", help="screen each mutant in-process first (see above)")
    args = ap.parse_args()
    source = os.path.abspath(args.source)
    out = args.out or os.path.join(source, "reports", "mutation")
    files = sorted(f for f in os.listdir(os.path.join(source, SOURCES)) if f.endswith(".c") and f not in SKIP_FILES)
    if args.only:
        files = [f for f in args.only.split(",") if f in files]  # in the order given
    plan = []
    for f in files:
        lines = open(os.path.join(source, SOURCES, f)).read().split("\n")
        for op, what, new in mutants_of(f, lines):
            plan.append((f, op, what, lines, new))
    if args.list:
        for f, op, what, old, new in plan:
            print(f"{f}: {op}: {what}")
        print(f"{len(plan)} mutants")
        return 0
    scratch = tempfile.mkdtemp(prefix="esecheck-mutation-")
    tree = os.path.join(scratch, "src")
    shutil.copytree(source, tree, ignore=shutil.ignore_patterns("build*", "reports", ".git"))
    build = os.path.join(scratch, "build")
    if run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"], 300) or \
       run(["cmake", "--build", build, "-j2", "--target", "eseref", "esecheck"], 900):
        print("mutate.py: the unmutated tree does not build", file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)
        return 2
    esecheck = os.path.join(build, "harness", "esecheck")
    lib = os.path.join(build, "ref", "libeseref.so")
    suite = lambda profile: [esecheck, "--target", lib, "--profile", profile, "--timeout", str(args.timeout),
                             "-j", "2", "-q", "--fail-fast", os.path.join(tree, "cases")]
    screen = os.path.join(scratch, "screen.json")
    in_process = lambda profile: [esecheck, "--target", lib, "--profile", profile, "--no-fork", "-q",
                                  "--fail-fast", "--json", screen, os.path.join(tree, "cases")]
    for profile in ("documented", "esent"):
        if run(suite(profile), 600) != 0 or (args.fast and run(in_process(profile), 120) != 0):
            print(f"mutate.py: the suite does not pass on unmutated ref ({profile})", file=sys.stderr)
            shutil.rmtree(scratch, ignore_errors=True)
            return 2

    def killed_in_process():
        """True when an in-process run fails a scenario that also fails alone in a child;
        False when no profile fails in-process; None when the forked suite must decide."""
        for profile in ("documented", "esent"):
            if os.path.exists(screen):
                os.remove(screen)
            if run(in_process(profile), 60) == 0:
                continue
            try:
                failed = [r["path"] for r in json.load(open(screen))["results"] if r["result"] in FAILED]
            except (OSError, ValueError, KeyError):
                return None  # a crash or a hang took the whole run
            if failed and run(suite(profile)[:-1] + failed[:1], 60) != 0:
                return True
            return None
        return False  # every scenario passed in-process in both profiles
    results = []
    start = time.time()
    for n, (f, op, what, old, new) in enumerate(plan, 1):
        path = os.path.join(tree, SOURCES, f)
        with open(path, "w") as fh:
            fh.write("\n".join(new))
        if run(["cmake", "--build", build, "--target", "eseref"], 300) != 0:
            status = "stillborn"  # does not compile: not counted
        else:
            status = "survived"
            verdict = killed_in_process() if args.fast else None
            if verdict is not None:
                status = "killed" if verdict else "survived"
            else:
                for profile in ("documented", "esent"):
                    if run(suite(profile), 600) != 0:
                        status = "killed"
                        break
        with open(path, "w") as fh:
            fh.write("\n".join(old))
        diff = "".join(difflib.unified_diff([l + "\n" for l in old], [l + "\n" for l in new], f"a/{SOURCES}/{f}", f"b/{SOURCES}/{f}", n=1))
        results.append({"file": f, "operator": op, "what": what, "status": status, "diff": diff})
        print(f"[{n}/{len(plan)}] {status:9} {f}: {op}: {what}", flush=True)
    run(["cmake", "--build", build, "--target", "eseref"], 300)
    counted = [r for r in results if r["status"] != "stillborn"]
    killed = sum(r["status"] == "killed" for r in counted)
    score = 100.0 * killed / len(counted) if counted else 0.0
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "mutation.json"), "w") as fh:
        json.dump({"score": round(score, 1), "killed": killed, "mutants": len(counted),
                   "stillborn": len(results) - len(counted), "seconds": round(time.time() - start),
                   "results": results}, fh, indent=1)
    with open(os.path.join(out, "survivors.txt"), "w") as fh:
        for r in counted:
            if r["status"] == "survived":
                fh.write(f"# {r['file']}: {r['operator']}: {r['what']}\n{r['diff']}\n")
    print(f"mutation score: {score:.1f}% ({killed} of {len(counted)} killed; {len(results) - len(counted)} did not compile)")
    print(f"survivors: {os.path.join(out, 'survivors.txt')}")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
