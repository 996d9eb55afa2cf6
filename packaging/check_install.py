#!/usr/bin/python3
"""check_install.py - the install, tested from outside (ctest packaging.install).

Installs the build to a temporary prefix, moves the prefix elsewhere (it must be relocatable),
then checks that:
  - the files the README promises are there;
  - the installed esecheck, given no --target, --catalogue or PATH, uses the moved prefix's
    ref, catalogue and cases (its --help names them, a run reports them) and passes;
  - `esecheck explore`'s default reference is the moved prefix's ref, and a short run passes;
  - pkg-config gives the moved prefix's include directory and ref;
  - consumer/, a project of its own, configures, builds and passes its ctest against the moved
    prefix (find_package(esecheck) + esecheck_add_test, and pkg-config).
Exit 0 when all hold; else 1, naming the first that does not.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

INSTALLED = [
    "bin/esecheck", "lib/libeseref.so", "lib/libeseref.a",
    "include/ese/jet.h", "include/ese/codes.def", "include/ese/params.def",
    "include/esehook.h", "include/esehook.def",
    "share/esecheck/clauses.json", "share/esecheck/cases/schema.json",
    "share/esecheck/cases/JetDupSession/success.json", "share/esecheck/profiles/ref.json",
    "lib/pkgconfig/eseref.pc", "lib/cmake/esecheck/esecheckConfig.cmake",
    "lib/cmake/esecheck/esecheckConfigVersion.cmake", "lib/cmake/esecheck/esecheckTargets.cmake",
]


def fail(text):
    print("FAIL: " + text)
    sys.exit(1)


def run(command, expect=0, env=None, cwd=None):
    """Returns the output of command (stdout and stderr), after checking its exit status."""
    print("$ " + " ".join(command), flush=True)
    start = time.monotonic()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=env, cwd=cwd, timeout=300)
    print("  (%.1f s)" % (time.monotonic() - start), flush=True)
    if done.returncode != expect:
        print(done.stdout)
        fail("%s exited %d, expected %d" % (command[0], done.returncode, expect))
    return done.stdout


def check_files(prefix):
    missing = [f for f in INSTALLED if not os.path.isfile(os.path.join(prefix, f))]
    if missing:
        fail("not installed: " + ", ".join(missing))


def check_defaults(prefix, workdir, build, source):
    """The installed esecheck and explore name and use the prefix's files, not the build's."""
    esecheck = os.path.join(prefix, "bin/esecheck")
    ref = os.path.join(prefix, "lib/libeseref.so")
    cases = os.path.join(prefix, "share/esecheck/cases")
    help_text = run([esecheck, "--help"])
    for path in (ref, cases, os.path.join(prefix, "share/esecheck/clauses.json")):
        if path not in help_text:
            fail("esecheck --help does not name %s as a default:\n%s" % (path, help_text))
    for path in (os.path.join(build, "ref/libeseref.so"), os.path.join(source, "cases"),
                 os.path.join(source, "spec/clauses.json")):
        if path in help_text:
            fail("esecheck --help names %s, of the build or source tree" % path)
    results = os.path.join(workdir, "results.json")
    run([esecheck, "--id", "JetDupSession.s*", "-j", "2", "-q", "--json", results])
    with open(results) as f:
        report = json.load(f)
    if report["target"] != ref:
        fail("the run's target is %s, not %s" % (report["target"], ref))
    outside = [r["path"] for r in report["results"] if not r["path"].startswith(cases + "/")]
    if outside or not report["results"]:
        fail("scenarios not from %s: %s" % (cases, outside[:3]))
    if report["summary"]["pass"] != len(report["results"]):
        fail("not every scenario passed: %s" % report["summary"])
    explore_help = run([esecheck, "explore", "--help"])
    if ref not in explore_help:
        fail("esecheck explore --help does not name %s as the default reference" % ref)
    run([esecheck, "explore", "--target", ref, "--sequences", "5", "-q",
         "--out", os.path.join(workdir, "explore")])


def check_pkg_config(prefix, env):
    flags = run(["pkg-config", "--cflags", "--libs", "eseref"], env=env).split()
    want = ["-I" + os.path.join(prefix, "include"), "-L" + os.path.join(prefix, "lib"), "-leseref"]
    for flag in want:
        if os.path.normpath(flag[2:]) not in [os.path.normpath(f[2:]) for f in flags if f[:2] == flag[:2]]:
            fail("pkg-config eseref gives %s, lacking %s" % (flags, flag))


def check_consumer(args, prefix, env):
    build = os.path.join(args.workdir, "consumer")
    flags = ["-DCMAKE_C_FLAGS=" + args.c_flags] if args.c_flags else []
    run([args.cmake, "-S", args.consumer, "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix] + flags,
        env=env)
    run([args.cmake, "--build", build, "-j2"], env=env)
    output = run([args.ctest, "--test-dir", build, "--output-on-failure", "--no-tests=error"],
                 env=env)
    print(output)
    for test in ("esecheck.myese", "esecheck.lacking", "session.find_package", "session.pkg_config"):
        if " " + test + " " not in output:
            fail("the consumer's ctest did not run %s" % test)
    # esecheck.lacking is expected to fail (WILL_FAIL): for the right reason, MISSING functions.
    with open(os.path.join(build, "Testing/Temporary/LastTest.log")) as f:
        log = f.read()
    if "MISSING     JetDupSession.success" not in log:
        fail("esecheck.lacking did not fail as MISSING: see %s/Testing/Temporary/LastTest.log" % build)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="the build tree to install")
    parser.add_argument("--source", required=True, help="the source tree of that build")
    parser.add_argument("--cmake", required=True)
    parser.add_argument("--ctest", required=True)
    parser.add_argument("--consumer", required=True, help="the outside project's source")
    parser.add_argument("--workdir", required=True, help="emptied, then holds everything")
    parser.add_argument("--c-flags", default="", help="for the consumer (a sanitizer build's)")
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    staged = os.path.join(args.workdir, "staged")
    prefix = os.path.join(args.workdir, "moved", "prefix")
    run([args.cmake, "--install", args.build, "--prefix", staged])
    os.makedirs(os.path.dirname(prefix))
    os.rename(staged, prefix)
    prefix = os.path.realpath(prefix)  # as esecheck sees itself, through /proc/self/exe
    check_files(prefix)
    check_defaults(prefix, args.workdir, os.path.realpath(args.build), os.path.realpath(args.source))
    env = dict(os.environ, PKG_CONFIG_PATH=os.path.join(prefix, "lib/pkgconfig"))
    check_pkg_config(prefix, env)
    check_consumer(args, prefix, env)
    print("installed, moved and used from outside: %s" % prefix)


if __name__ == "__main__":
    main()
