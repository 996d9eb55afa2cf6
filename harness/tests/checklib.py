"""What the harness's check scripts share: running a command for its exit status, and reading
results files, without the parts that differ from run to run (wall times), for comparison.

Imported by check_html.py and check_merge.py from their own folder (Python puts a script's
folder first on its path); Debian's /usr/bin/python3 and its standard library only.
"""
import json
import re
import subprocess


def run(args, want_exit, what, timeout=120):
    """Runs args; returns the finished process when it exits with want_exit, else ends the
    check naming what, the status, the command and its output."""
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if p.returncode != want_exit:
        raise SystemExit("%s: exit %d, expected %d\n%s\n%s%s" % (what, p.returncode, want_exit,
                                                                 " ".join(args), p.stdout, p.stderr))
    return p


def read(path):
    """The text of the file at path."""
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_json(path):
    """The JSON document in the file at path."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def without_times(run_json):
    """The run without its wall times (they differ from run to run)."""
    run_json = dict(run_json)
    run_json.pop("seconds")
    run_json["results"] = [{k: v for k, v in r.items() if k != "seconds"} for r in run_json["results"]]
    return run_json


def junit_without_times(path):
    """The JUnit file at path without its time attributes."""
    return re.sub(r' time="[0-9.]+"', "", read(path))
