#!/usr/bin/env python3
"""stale-handles.py - lists scenario steps that pass an ended or terminated handle after a
further allocation of its kind (ESE_FACTS section 2).

In the real engine a JET_SESID or JET_INSTANCE is an address, and addresses are reused: a freed
session goes to the next session begun (JetBeginSession, JetDupSession, and JetInit, which
begins the engine's own sessions), and after the last instance is terminated the next instance
may get the old address. So a stale handle is reliably invalid only until the next
allocation of its kind. This tool replays each scenario's steps symbolically, as the esent
profile expects them to go, and reports every step that passes a stale handle after such an
allocation. A scenario is not checked when it can never run on the real engine: it needs
ref-hooks, or cites a clause that does not apply in the esent profile (the whole scenario is
then SKIP there).

Usage: tools/stale-handles.py [CASES_DIR]   (default: cases/ next to this tool)
Exit status: 0 when no step is reported, 1 otherwise, 2 on bad input.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
API_DEF = os.path.join(ROOT, 'spec', 'include', 'ese', 'api.def')
CLAUSES = os.path.join(ROOT, 'spec', 'clauses.json')

# Calls that free handles, and what a successful call frees.
SESSION_ENDERS = {'JetEndSession'}
INSTANCE_ENDERS = {'JetTerm', 'JetTerm2'}


def load_kinds():
    """Function name -> list of (argument kind, argument name) from api.def."""
    kinds = {}
    for line in open(API_DEF):
        m = re.match(r'ESE_API\((\w+),\s*\w+,\s*\d+(.*)\)\s*$', line)
        if m:
            kinds[m.group(1)] = re.findall(r'\((\w+),\s*(\w+)\)', m.group(2))
    return kinds


def load_engine_outcomes():
    """Clause id -> the engine outcome as a set of codes, or 'crash'/'unreachable'."""
    outcomes = {}
    for clause in json.load(open(CLAUSES))['clauses']:
        engine = clause['engine']
        if isinstance(engine, dict):
            engine = set(engine['any'])
        elif engine.startswith('JET_'):
            engine = {engine}
        outcomes[clause['id']] = engine
    return outcomes


def expected_codes(step, outcomes):
    """The codes the esent profile expects of a step (a set), or None when it does not apply."""
    if 'clause' in step:
        outcome = outcomes[step['clause']]
        return None if isinstance(outcome, str) else outcome
    expect = step.get('expect', 'JET_errSuccess')
    return set(expect['any']) if isinstance(expect, dict) else {expect}


def may_succeed(codes):
    return any(not c.startswith('JET_err') or c == 'JET_errSuccess' for c in codes)


def always_succeeds(codes):
    return all(not c.startswith('JET_err') or c == 'JET_errSuccess' for c in codes)


class Replay:
    """The symbolic state of one scenario: which variables hold live or stale handles."""

    def __init__(self, path, kinds, outcomes):
        self.path, self.kinds, self.outcomes = path, kinds, outcomes
        self.kind_of = {}        # variable -> 'session' | 'instance'
        self.owner = {}          # session variable -> instance variable (None: unknown)
        self.live = set()        # variables whose handle is live
        self.stale = {}          # variable -> step index at which it went stale
        self.reused = set()      # stale variables whose address may now name something else
        self.waiting = {'session': set(), 'instance': set()}  # stale, not yet reused
        self.live_instance_vars = set()  # variables holding a live instance
        self.findings = []

    def var(self, value, index):
        if isinstance(value, str) and value.startswith('$'):
            return value.replace('[$i]', '[%s]' % index) if index is not None else value
        return None

    def live_instances(self):
        return [v for v in self.live_instance_vars]

    def allocate(self, kind, var, where, instance=None):
        # A freed session object goes to the next session begun: every stale session. An
        # instance: only when none is left (the allocator was rebuilt).
        if kind == 'session' or not self.live_instance_vars:
            self.reused |= self.waiting[kind]
            self.waiting[kind].clear()
        if var:
            self.kind_of[var] = kind
            self.live.add(var)
            if kind == 'instance':
                self.live_instance_vars.add(var)
            self.stale.pop(var, None)
            self.reused.discard(var)
            self.waiting[kind].discard(var)
            if kind == 'session':
                self.owner[var] = instance

    def free(self, var, where):
        if var in self.live:
            self.live.discard(var)
            self.live_instance_vars.discard(var)
            self.stale[var] = where
            self.waiting[self.kind_of[var]].add(var)

    def use(self, var, where, call):
        if var in self.reused:
            self.findings.append('%s: %s: %s passes %s, ended at %s, after a new %s was '
                                 'allocated' % (self.path, where, call, var, self.stale[var],
                                                self.kind_of[var]))

    def step(self, step, where, index):
        call = step['call']
        if call not in self.kinds:
            return
        codes = expected_codes(step, self.outcomes)
        args = step.get('args', {})
        ok_maybe, ok_surely = may_succeed(codes), always_succeeds(codes)
        for kind, name in self.kinds[call]:
            v = self.var(args.get(name), index)
            if v is None:
                continue
            if kind in ('INSTANCE', 'SESID', 'IN_PINSTANCE') or \
                    (kind == 'INOUT_INSTANCE' and v in self.kind_of):
                self.use(v, where, call)
        if call in ('JetCreateInstance', 'JetCreateInstance2') and ok_maybe:
            self.allocate('instance', self.var(args.get('pinstance'), index), where)
        elif call in ('JetInit', 'JetInit2') and ok_maybe:
            v = self.var(args.get('pinstance'), index)
            if v is None or v not in self.kind_of or v not in self.live:
                self.allocate('instance', v, where)
            # Initialization begins the engine's own sessions on this thread.
            self.allocate('session', None, where)
        elif call in ('JetBeginSession', 'JetDupSession') and ok_maybe:
            owner = self.var(args.get('instance'), index)
            if call == 'JetDupSession':
                owner = self.owner.get(self.var(args.get('sesid'), index))
            elif owner not in self.live and len(self.live_instances()) == 1:
                owner = self.live_instances()[0]  # one-instance mode: 0 or nil names it
            self.allocate('session', self.var(args.get('psesid'), index), where, owner)
        elif call in SESSION_ENDERS and ok_surely:
            self.free(self.var(args.get('sesid'), index), where)
        elif call in INSTANCE_ENDERS and ok_surely:
            inst = self.var(args.get('instance'), index)
            if inst in self.live and self.kind_of.get(inst) == 'instance':
                self.free(inst, where)
                for s, o in list(self.owner.items()):
                    if o == inst:
                        self.free(s, where)

    def steps(self, steps, base, index=None):
        for i, step in enumerate(steps):
            where = '%s/%d' % (base, i)
            if 'repeat' in step:
                for k in range(step['repeat']):
                    self.steps(step['steps'], where + '/steps', k)
            elif 'parallel' in step:  # each thread's list in turn: one of the orders a run may take
                for k, lst in enumerate(step['parallel']):
                    self.steps(lst['steps'], '%s/parallel/%d/steps' % (where, k), index)
            else:
                self.step(step, where, index)


def applies_in_esent(case, outcomes):
    """False when the scenario can never run on the real engine."""
    if 'ref-hooks' in case.get('requires', []):
        return False

    def walk(steps):
        for step in steps:
            if 'repeat' in step or 'parallel' in step:
                lists = step['parallel'] if 'parallel' in step else [step]
                if not all(walk(lst['steps']) for lst in lists):
                    return False
            elif 'clause' in step and isinstance(outcomes[step['clause']], str):
                return False
        return True
    return walk(case['steps'])


def main(argv):
    cases_dir = argv[1] if len(argv) > 1 else os.path.join(ROOT, 'cases')
    kinds, outcomes = load_kinds(), load_engine_outcomes()
    findings, checked = [], 0
    for folder, _, files in sorted(os.walk(cases_dir)):
        for name in sorted(files):
            if not name.endswith('.json') or name == 'schema.json':
                continue
            path = os.path.relpath(os.path.join(folder, name), ROOT)
            try:
                case = json.load(open(os.path.join(folder, name)))
            except (OSError, ValueError) as e:
                print('%s: %s' % (path, e), file=sys.stderr)
                return 2
            if not applies_in_esent(case, outcomes):
                continue
            checked += 1
            replay = Replay(path, kinds, outcomes)
            replay.steps(case['steps'], '/steps')
            findings += replay.findings
    for f in findings:
        print(f)
    print('stale-handles: %d scenarios checked, %d steps pass a handle that may have been '
          'reused' % (checked, len(findings)), file=sys.stderr)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
