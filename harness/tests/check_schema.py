#!/usr/bin/python3
"""Checks cases/schema.json: it is a valid draft-7 schema; every scenario file under the good
folders passes it; each bad fixture whose .expect says "#schema: invalid" fails it and each that
says "#schema: valid" passes it (those are rejected by esecheck --validate alone).

usage: check_schema.py SCHEMA GOOD_DIR... BAD_DIR   (the last folder holds the bad fixtures)
"""
import glob
import json
import os
import sys

import jsonschema


def files(folder):
    found = glob.glob(os.path.join(folder, "**", "*.json"), recursive=True)
    return sorted(f for f in found if os.path.basename(f) != "schema.json")


def main(schema_path, good_dirs, bad_dir):
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    problems = []
    good = [p for d in good_dirs for p in files(d)]
    for path in good:
        with open(path) as f:
            doc = json.load(f)
        for e in validator.iter_errors(doc):
            problems.append("%s: /%s: %s" % (path, "/".join(map(str, e.path)), e.message))
    bad = files(bad_dir)
    for path in bad:
        with open(path[:-5] + ".expect") as f:
            marks = [l.strip() for l in f if l.startswith("#schema:")]
        want = marks[0].split(":", 1)[1].strip() if marks else None
        if want not in ("valid", "invalid"):
            problems.append("%s: its .expect needs a '#schema: valid|invalid' line" % path)
            continue
        try:
            with open(path) as f:
                doc = json.load(f)
            valid = validator.is_valid(doc)
        except json.JSONDecodeError:
            valid = False
        if valid != (want == "valid"):
            problems.append("%s: the schema %s it, the .expect says %s" %
                            (path, "accepts" if valid else "rejects", want))
    for p in problems:
        print(p)
    print("%d scenario files, %d bad fixtures, %d problems" % (len(good), len(bad), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:-1], sys.argv[-1]))
