/* report_html.js - the HTML report's script (compiled into esecheck, inlined in the page).
 * It reads the JSON blob of <script id="esecheck-data">: {"runs": [results.json...],
 * "clauses": the catalogue's clauses, "sources": its source legend, "code_names": {"-1104":
 * "JET_errInvalidSesid"}}, and draws: the counts per target, the matrix of functions x clauses
 * x targets, the detail of a cell, the codes each function returned per target. Every text
 * from the data goes in through textContent, never as markup. With #selftest in the address
 * it checks itself and writes what it found into <pre id="selftest"> (the ctest reads it). */
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("esecheck-data").textContent);
  var STATUSES = ["pass", "fail", "crash", "timeout", "missing", "unsupported", "skip", "xfail", "xpass", "error"];
  var DIVERGES = {fail: 1, crash: 1, timeout: 1, missing: 1, xpass: 1, error: 1};
  /* worst first: the state a cell shows when its cases differ */
  var RANK = ["error", "crash", "timeout", "fail", "missing", "xpass", "xfail", "unsupported", "skip", "pass"];
  var clauses = {};
  data.clauses.forEach(function (c) { clauses[c.id] = c; });
  var filters = {fn: "", status: "", profile: ""};

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(c); });
    return e;
  }
  function label(run) { return run.target_name + " (" + run.profile + ")"; }
  function byPath(run) {
    if (!run._byPath) {
      run._byPath = {};
      run.results.forEach(function (r) { run._byPath[r.path] = r; });
    }
    return run._byPath;
  }
  /* The clause rows of a run's coverage table, by clause id. */
  function rows(run) {
    if (!run._rows) {
      run._rows = {};
      ((run.coverage || {}).functions || []).forEach(function (g) {
        g.clauses.forEach(function (row) { run._rows[row.id] = row; });
      });
    }
    return run._rows;
  }
  /* A cell's state: its class and its word. */
  function cellState(run, clauseId) {
    var row = rows(run)[clauseId];
    if (!row) return {cls: "notrun", word: "-"};
    if (!row.applies) return {cls: "na", word: "n/a"};
    if (row.cases.length === 0) return {cls: "nocase", word: "no case"};
    var seen = row.cases.map(function (c) { return c.result; }).filter(function (r) { return r !== "not run"; });
    if (seen.length === 0) return {cls: "notrun", word: "not run"};
    for (var i = 0; i < RANK.length; i++)
      if (seen.indexOf(RANK[i]) >= 0 && (RANK[i] !== "pass" || row.verified))
        return {cls: RANK[i], word: RANK[i].toUpperCase()};
    return {cls: "unverified", word: "unverified"};
  }
  function visibleRuns() {
    return data.runs.map(function (r, i) { return i; }).filter(function (i) {
      return !filters.profile || data.runs[i].profile === filters.profile;
    });
  }
  function functionsOf() {
    var seen = {}, list = [];
    data.clauses.forEach(function (c) { if (!seen[c.function]) { seen[c.function] = 1; list.push(c.function); } });
    return list;
  }

  /* --- the counts per target ---------------------------------------------------------- */
  function drawCounts() {
    var head = el("tr", {}, [el("th", {text: "target"})].concat(STATUSES.map(function (s) {
      return el("th", {text: s.toUpperCase()});
    })).concat([el("th", {text: "scenarios"}), el("th", {text: "clauses verified"})]));
    var body = data.runs.map(function (run, i) {
      var cov = (run.coverage || {}).summary;
      return el("tr", {}, [el("td", {text: label(run), title: run.target})].concat(STATUSES.map(function (s) {
        var n = run.summary[s] || 0;
        return el("td", {cls: n ? s : "", "data-run": String(i), "data-status": s, text: String(n)});
      })).concat([el("td", {"data-run": String(i), "data-status": "total", text: String(run.results.length)}),
                  el("td", {text: cov ? cov.verified + "/" + cov.clauses : "-"})]));
    });
    return el("table", {id: "counts"}, [head].concat(body));
  }

  /* --- the filters -------------------------------------------------------------------- */
  function select(id, options, key) {
    var s = el("select", {id: id}, options.map(function (o) { return el("option", {value: o[0], text: o[1]}); }));
    s.addEventListener("change", function () { filters[key] = s.value; redraw(); });
    return s;
  }
  function drawFilters() {
    var profiles = [];
    data.runs.forEach(function (r) { if (profiles.indexOf(r.profile) < 0) profiles.push(r.profile); });
    return el("div", {cls: "filters"}, [
      el("label", {text: "function "}), select("filter-function", [["", "all"]].concat(functionsOf().map(function (f) { return [f, f]; })), "fn"),
      el("label", {text: "status "}), select("filter-status", [["", "all"], ["diverging", "diverging"]].concat(
        RANK.concat(["unverified", "no case", "n/a", "not run"]).map(function (s) { return [s, s]; })), "status"),
      el("label", {text: "profile "}), select("filter-profile", [["", "all"]].concat(profiles.map(function (p) { return [p, p]; })), "profile")]);
  }
  function statusMatches(state) {
    if (!filters.status) return true;
    if (filters.status === "diverging") return DIVERGES[state.cls] === 1;
    return state.cls === filters.status || state.word === filters.status;
  }

  /* --- the matrix --------------------------------------------------------------------- */
  function drawMatrix() {
    var runs = visibleRuns();
    var table = el("table", {id: "matrix"}, [el("tr", {}, [el("th", {text: "clause"})].concat(runs.map(function (i) {
      return el("th", {text: label(data.runs[i]), title: data.runs[i].target});
    })))]);
    var current = null, shown = 0;
    data.clauses.forEach(function (c) {
      if (filters.fn && c.function !== filters.fn) return;
      var states = runs.map(function (i) { return cellState(data.runs[i], c.id); });
      if (!states.some(statusMatches)) return;
      if (c.function !== current) {
        current = c.function;
        table.appendChild(el("tr", {cls: "fn"}, [el("th", {colspan: String(runs.length + 1), text: c.function})]));
      }
      var tr = el("tr", {}, [el("td", {title: c.text, text: c.id.slice(c.function.length + 1) || c.id})]);
      runs.forEach(function (i, k) {
        var td = el("td", {cls: "cell " + states[k].cls, "data-run": String(i), "data-clause": c.id, text: states[k].word});
        td.addEventListener("click", function () { openCell(td, i, c.id); });
        tr.appendChild(td);
      });
      table.appendChild(tr);
      shown++;
    });
    table.setAttribute("data-rows", String(shown));
    return table;
  }

  /* --- the detail of a cell ----------------------------------------------------------- */
  function outcome(v) {
    if (typeof v === "string") return v;
    if (v && v.any) return "one of " + v.any.join(", ");
    return JSON.stringify(v);
  }
  function stepBlock(r) {
    var dl = el("dl");
    function add(term, value, pre) {
      if (value === undefined || value === null || value === "") return;
      dl.appendChild(el("dt", {text: term}));
      dl.appendChild(el("dd", {}, [pre ? el("pre", {text: value}) : el("span", {text: value})]));
    }
    add("result", r.result.toUpperCase() + (r.raw !== r.result ? " (raw " + r.raw.toUpperCase() + ")" : ""));
    add("step", r.pointer);
    if (r.step) {
      add("call", r.step.call, true);
      add("expected", r.step.expected);
      add("actual", r.step.actual_name + " (" + r.step.actual + ")");
      add("check", r.step.check);
    }
    add("message", r.message, true);
    add("ledger", r.expectation);
    add("rerun", r.rerun, true);
    return dl;
  }
  function openCell(td, runIndex, clauseId) {
    var run = data.runs[runIndex], c = clauses[clauseId] || {id: clauseId}, row = rows(run)[clauseId];
    var old = document.querySelector("td.cell.open");
    if (old) old.classList.remove("open");
    td.classList.add("open");
    var d = document.getElementById("detail");
    d.textContent = "";
    d.hidden = false;
    d.setAttribute("data-clause", clauseId);
    d.setAttribute("data-run", String(runIndex));
    d.appendChild(el("h2", {text: clauseId}));
    d.appendChild(el("div", {cls: "muted", text: label(run) + " - " + run.target}));
    d.appendChild(el("p", {text: c.text || ""}));
    var dl = el("dl", {}, [
      el("dt", {text: "the docs say"}), el("dd", {text: outcome(c.docs)}),
      el("dt", {text: "the engine does"}), el("dd", {text: outcome(c.engine)}),
      el("dt", {text: "reached"}), el("dd", {text: c.reach || "-"}),
      el("dt", {text: "sources"})]);
    (c.sources || []).forEach(function (s) {
      var kind = s.split(":")[0];
      dl.appendChild(el("dd", {}, [el("code", {text: s}), el("span", {cls: "muted", text: data.sources[kind] ? " - " + data.sources[kind] : ""})]));
    });
    d.appendChild(dl);
    var cases = row ? row.cases : [];
    d.appendChild(el("h2", {text: cases.length + " scenario" + (cases.length === 1 ? "" : "s") + " check it"}));
    cases.forEach(function (k) {
      var r = byPath(run)[k.path];
      d.appendChild(el("div", {cls: "case"}, [el("code", {text: k.id}), el("span", {cls: "muted", text: " " + k.path}),
        r ? stepBlock(r) : el("div", {cls: "muted", text: "not run"})]));
    });
  }

  /* --- behaviour coverage: codes returned beside codes listed ------------------------- */
  function listedCodes() {
    var listed = {};
    data.clauses.forEach(function (c) {
      var set = listed[c.function] = listed[c.function] || {};
      [c.docs, c.engine].forEach(function (v) {
        (typeof v === "string" ? [v] : (v && v.any) || []).forEach(function (name) {
          if (/^JET_(err|wrn)/.test(name)) set[name] = 1;
        });
      });
    });
    return listed;
  }
  function returnedCodes(run) {
    var got = {};
    run.results.forEach(function (r) {
      Object.keys(r.codes || {}).forEach(function (fn) {
        var set = got[fn] = got[fn] || {};
        r.codes[fn].forEach(function (n) { set[data.code_names[String(n)] || String(n)] = 1; });
      });
    });
    return got;
  }
  function drawBehaviour() {
    var runs = visibleRuns(), listed = listedCodes();
    var got = runs.map(function (i) { return returnedCodes(data.runs[i]); });
    var table = el("table", {id: "behaviour"}, [el("tr", {}, [el("th", {text: "function"}), el("th", {text: "the catalogue lists"})].concat(
      runs.map(function (i) { return el("th", {text: label(data.runs[i]) + " returned"}); })))]);
    var fns = functionsOf();
    got.forEach(function (g) { Object.keys(g).forEach(function (f) { if (fns.indexOf(f) < 0) fns.push(f); }); });
    fns.forEach(function (fn) {
      if (filters.fn && fn !== filters.fn) return;
      var want = listed[fn] || {};
      var tr = el("tr", {}, [el("td", {text: fn}), el("td", {}, Object.keys(want).sort().map(function (n) {
        return el("span", {cls: "chip listed", text: n});
      }))]);
      got.forEach(function (g) {
        var have = g[fn] || {};
        var chips = Object.keys(have).sort().map(function (n) {
          return el("span", {cls: "chip " + (want[n] ? "listed" : "unlisted"), title: want[n] ? "listed by the catalogue" : "not listed by the catalogue", text: n});
        }).concat(Object.keys(want).sort().filter(function (n) { return !have[n]; }).map(function (n) {
          return el("span", {cls: "chip unseen", title: "listed, never returned", text: n});
        }));
        tr.appendChild(el("td", {}, chips));
      });
      table.appendChild(tr);
    });
    return table;
  }

  function redraw() {
    var left = document.getElementById("left");
    ["matrix", "behaviour"].forEach(function (id) {
      var old = document.getElementById(id);
      if (old) left.replaceChild(id === "matrix" ? drawMatrix() : drawBehaviour(), old);
    });
  }
  function draw() {
    var app = document.getElementById("app");
    app.appendChild(el("header", {}, [el("h1", {text: "esecheck: " + data.runs.length + " target" + (data.runs.length === 1 ? "" : "s")}),
      el("div", {text: data.runs.map(label).join(" · ")})]));
    var left = el("div", {id: "left"}, [el("h2", {text: "Results"}), drawCounts(), el("h2", {text: "Clauses by target"}),
      el("p", {cls: "muted", text: "A cell is the clause in one target: the worst result of the scenarios whose steps check it (green: verified). Click it for the step, the clause and the rerun command."}),
      drawFilters(), drawMatrix(), el("h2", {text: "Codes returned by function"}),
      el("p", {cls: "muted", text: "Green: a code the catalogue lists, returned. Red: returned, listed by no clause. Grey, struck: listed, never returned."}),
      drawBehaviour()]);
    app.appendChild(el("main", {}, [left, el("aside", {id: "detail", hidden: ""})]));
  }

  /* --- the self-test (#selftest) ------------------------------------------------------ */
  function selftest() {
    var problems = [], checks = 0;
    data.runs.forEach(function (run, i) {
      STATUSES.forEach(function (s) {
        var td = document.querySelector('#counts td[data-run="' + i + '"][data-status="' + s + '"]');
        checks++;
        if (!td || td.textContent !== String(run.summary[s] || 0))
          problems.push("run " + i + " " + s + ": page " + (td && td.textContent) + ", JSON " + run.summary[s]);
      });
    });
    var cell = document.querySelector("#matrix td.cell.fail") || document.querySelector("#matrix td.cell.pass");
    checks++;
    if (!cell) problems.push("no cell to click");
    else {
      cell.click();
      var d = document.getElementById("detail");
      if (d.hidden || d.getAttribute("data-clause") !== cell.getAttribute("data-clause") ||
          d.textContent.indexOf(cell.getAttribute("data-clause")) < 0 || d.querySelectorAll(".case").length === 0)
        problems.push("a click on " + cell.getAttribute("data-clause") + " did not open it");
    }
    var errors = window.__esecheckErrors || [];
    errors.forEach(function (e) { problems.push("script error: " + e); });
    var out = document.getElementById("selftest");
    out.textContent = "selftest: " + (problems.length ? "FAIL" : "ok") + " (" + checks + " checks)\n" + problems.join("\n");
    out.setAttribute("data-result", problems.length ? "fail" : "ok");
    out.setAttribute("data-opened", cell ? cell.getAttribute("data-clause") + "@" + cell.getAttribute("data-run") : "");
  }

  /* The address may set the filters: #function=JetDupSession&status=diverging&profile=esent
   * (a link to a view); #selftest runs the self-test. */
  function filtersFromAddress() {
    location.hash.slice(1).split("&").forEach(function (part) {
      var kv = part.split("="), key = {"function": "fn", status: "status", profile: "profile"}[kv[0]];
      if (key && kv.length === 2) filters[key] = decodeURIComponent(kv[1]);
    });
  }
  filtersFromAddress();
  draw();
  ["function", "status", "profile"].forEach(function (name) {
    document.getElementById("filter-" + name).value = filters[{"function": "fn", status: "status", profile: "profile"}[name]];
  });
  if (location.hash === "#selftest") selftest();
})();
