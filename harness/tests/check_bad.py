#!/usr/bin/python3
"""Each bad fixture (DIR/name.json) must be rejected by `esecheck --validate` (exit 2) with
every line of DIR/name.expect in its output; lines starting with # are comments (check_schema.py
reads "#schema: valid|invalid")."""
import glob
import os
import subprocess
import sys


def main(esecheck, folder):
    failures = 0
    fixtures = sorted(glob.glob(os.path.join(folder, "*.json")))
    for path in fixtures:
        expect_path = path[:-5] + ".expect"
        if not os.path.exists(expect_path):
            print("%s: no .expect beside it" % path)
            failures += 1
            continue
        with open(expect_path) as f:
            wanted = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
        p = subprocess.run([esecheck, "--validate", path], capture_output=True, text=True, timeout=60)
        bad = []
        if p.returncode != 2:
            bad.append("exit status %d, expected 2" % p.returncode)
        bad += ["output lacks %r" % w for w in wanted if w not in p.stdout]
        if not wanted:
            bad.append("the .expect file lists nothing to find")
        for b in bad:
            print("%s: %s" % (path, b))
        if bad:
            print(p.stdout + p.stderr)
        failures += bool(bad)
    print("%d bad fixtures, %d not rejected as expected" % (len(fixtures), failures))
    return 1 if failures or not fixtures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
