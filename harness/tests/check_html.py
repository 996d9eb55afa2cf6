#!/usr/bin/python3
"""The HTML report of three targets, checked in Debian's headless Chromium.

usage: check_html.py ESECHECK REF_TARGET REF_PROFILE HOSTILE_TARGET CASES_DIR... -- WORKDIR

1. three runs with --json: ref in profile documented, ref in profile esent, a hostile target
   (exit 0, 0, 1); a result's message of the hostile run gets markup and a script end tag
   written into it (the page must show it as text, not run it);
2. esecheck report --html: one file, nothing from the network (no <link>, no src=, no
   http(s):// address, a Content-Security-Policy of default-src 'none'), three </script>;
   the same of the page the hostile run wrote itself with --html;
3. chromium --headless --dump-dom on the page with #selftest: the page's self-test ran with no
   script error (it compares its counts with its JSON and clicks a FAIL cell, which must open
   the cell's detail); here the counts in the DOM are compared with each results file, and the
   opened detail is looked for in the DOM;
4. a screenshot (WORKDIR/report.png) for a human to look at;
5. report refuses a missing --html, an unreadable file and a non-results file (exit 2).
Without chromium the test is skipped (exit 77), saying so: tools/deps.sh installs it.
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys

import checklib
from checklib import read, read_json

SKIP = 77
STATUSES = ["pass", "fail", "crash", "timeout", "missing", "unsupported", "skip", "xfail", "xpass", "error"]
HOSTILE_TEXT = '</script><script>document.title="pwned"</script><b>bold</b>'


def run(args, want_exit, what):
    return checklib.run(args, want_exit, what, timeout=300)  # three targets' runs, chromium


class Dom(html.parser.HTMLParser):
    """Collects the count cells, the self-test's element and the detail panel of a dumped DOM."""

    def __init__(self):
        super().__init__()
        self.counts = {}         # (run, status) -> text
        self.selftest = None     # attributes of <pre id="selftest">
        self.detail = None       # attributes of <aside id="detail">
        self.root = None         # attributes of <html>
        self.texts = {"selftest": "", "detail": "", "title": ""}
        self.stack = []          # open elements whose text is collected: (tag, key)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        key = None
        if tag == "html":
            self.root = a
        if tag == "td" and "data-status" in a and "data-clause" not in a:
            key = ("count", a["data-run"], a["data-status"])
            self.counts[(int(a["data-run"]), a["data-status"])] = ""
        if a.get("id") == "selftest":
            self.selftest, key = a, "selftest"
        if a.get("id") == "detail":
            self.detail, key = a, "detail"
        if tag == "title":
            key = "title"
        if key is not None or (self.stack and tag not in ("br", "meta", "img", "input")):
            self.stack.append((tag, key))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for _, key in self.stack:
            if key is None:
                continue
            if isinstance(key, tuple):
                self.counts[(int(key[1]), key[2])] += data
            else:
                self.texts[key] += data


def check_static(page):
    text = read(page)
    for bad in ("<link", " src=", "http://", "https://", "@import", "url("):
        assert bad not in text, "the page holds %r: it must need nothing from outside" % bad
    assert "default-src 'none'" in text, "no Content-Security-Policy"
    assert text.count("</script>") == 3, "%d </script>: the data or the script ends its element" % text.count("</script>")
    return text


def dump_dom(chromium, page, workdir):
    url = "file://" + os.path.abspath(page) + "#selftest"
    flags = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--window-size=1500,1100"]
    p = subprocess.run([chromium] + flags + ["--dump-dom", url], capture_output=True, text=True, timeout=240)
    if p.returncode != 0 or "<html" not in p.stdout:
        raise SystemExit("chromium --dump-dom failed (exit %d)\n%s" % (p.returncode, p.stderr[-3000:]))
    shot = os.path.join(workdir, "report.png")
    if os.path.exists(shot):
        os.remove(shot)
    subprocess.run([chromium] + flags + ["--screenshot=" + shot, url], capture_output=True, timeout=240)
    assert os.path.getsize(shot) > 10000, "no screenshot"
    return p.stdout


def check_dom(dom_text, results):
    dom = Dom()
    dom.feed(dom_text)
    errors = (dom.root or {}).get("data-script-errors")
    assert not errors, "script errors: %s" % errors
    assert dom.selftest is not None, "no self-test element"
    assert dom.selftest.get("data-result") == "ok", "self-test: %s" % dom.texts["selftest"]
    assert dom.texts["title"] == "esecheck report", "the page's title changed: %r" % dom.texts["title"]
    for i, res in enumerate(results):
        for s in STATUSES:
            got = dom.counts.get((i, s))
            assert got == str(res["summary"][s]), "run %d %s: page %r, results file %d" % (i, s, got, res["summary"][s])
        assert dom.counts.get((i, "total")) == str(len(res["results"])), "run %d: scenario count" % i
    opened = dom.selftest.get("data-opened", "")
    clause, run_index = opened.rsplit("@", 1)
    assert dom.detail is not None and dom.detail.get("data-clause") == clause, "the detail of %s is not open" % opened
    assert int(run_index) == 2, "the self-test clicked %s, not a FAIL of the hostile target" % opened
    assert "rerun" in dom.texts["detail"] and "expected" in dom.texts["detail"], dom.texts["detail"][:500]
    print("page: %s; opened %s; counts of %d runs equal the results files" % (dom.texts["selftest"].splitlines()[0], opened, len(results)))


def check_refusals(esecheck, workdir, good_json):
    run([esecheck, "report", good_json], 2, "report without --html")
    run([esecheck, "report", "--html", os.path.join(workdir, "x.html"), os.path.join(workdir, "absent.json")], 2, "absent file")
    notes = os.path.join(workdir, "not-results.json")
    with open(notes, "w") as f:
        json.dump({"format": "something-else"}, f)
    p = run([esecheck, "report", "--html", os.path.join(workdir, "x.html"), notes], 2, "not a results file")
    assert "not-results.json: /format" in p.stderr, p.stderr


def main(argv):
    sep = argv.index("--")
    esecheck, ref, ref_profile, hostile = argv[1:5]
    cases, workdir = argv[5:sep], argv[sep + 1]
    chromium = shutil.which("chromium")
    if chromium is None:
        print("SKIP: chromium is not installed (sh tools/deps.sh installs it); the HTML report was not checked")
        return SKIP
    os.makedirs(workdir, exist_ok=True)
    runs = [("documented", [esecheck, "--target", ref, "--target-profile", ref_profile, "--profile", "documented"], 0),
            ("esent", [esecheck, "--target", ref, "--target-profile", ref_profile, "--profile", "esent"], 0),
            ("hostile", [esecheck, "--target", hostile, "--html", os.path.join(workdir, "hostile.html")], 1)]
    files = []
    for name, args, want in runs:
        out = os.path.join(workdir, name + ".json")
        run(args + ["-j", "2", "-q", "--json", out] + cases, want, name)
        files.append(out)
    hostile_run = read_json(files[2])
    hostile_run["results"][0]["message"] += HOSTILE_TEXT
    with open(files[2], "w") as f:
        json.dump(hostile_run, f)
    results = [read_json(path) for path in files]
    assert any(r["result"] == "fail" and "step" in r for r in results[2]["results"]), "no FAIL with its step"
    page = os.path.join(workdir, "report.html")
    run([esecheck, "report", "--html", page] + files, 0, "report")
    check_static(page)
    check_static(os.path.join(workdir, "hostile.html"))  # --html on a run: the same page, one column
    check_dom(dump_dom(chromium, page, workdir), results)
    check_refusals(esecheck, workdir, files[0])
    print("screenshot: %s" % os.path.join(workdir, "report.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
