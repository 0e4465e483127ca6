#!/usr/bin/python3
"""The Alembic oracle test: the real ``alembic`` against ``retort-cli`` on the same graphs.

For each revision graph (hand-written cases first, then seeded random ones) the harness writes
an Alembic project and a native Retort project with the same revisions and file names, then
compares:

* ``heads`` (set of lines) and ``history`` (exact order), also ``history -r`` ranges; the order
  of branch labels inside ``(...)`` is not deterministic in Alembic and is normalised;
* a walk of upgrade / downgrade / stamp commands from an empty database: the ordered
  ``Running upgrade|downgrade X -> Y, msg`` lines, the ``alembic_version`` rows and the set of
  user tables after every command, and the outcome (a failing Alembic command must fail in
  Retort too - non-zero exit and a ``FAILED:`` line);
* ``upgrade heads --sql``: the sequence of ``-- Running ...`` comment lines.

When Alembic 1.8.1 crashes on its own bug (``KeyError``/``AssertionError`` raised in
``HeadMaintainer``, see SERVICES.md) there is nothing to compare against; Retort is then held to
invariants derived from Alembic's definitions (see ``check_invariants``).

Usage:
  oracle_test.py --retort-cli PATH [--alembic /usr/bin/alembic] [--graphs N] [--seed S]
                 [--jobs J] [--only I[,J...]] [--no-hand] [--alembic-only] [--keep]

``--alembic-only`` runs the Alembic side alone and checks Alembic's own results against the
harness's invariant model (a self-test of the generator and of the invariants).
Python standard library only.
"""
from __future__ import annotations

import argparse
import difflib
import glob
import json
import os
import random
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # keep the source tree clean

import oracle_graphs as og  # noqa: E402
from oracle_graphs import Graph, graph_from_spec  # noqa: E402

WRAPPER = os.path.join(HERE, "alembic_sorted.py")
DEFAULT_HASHSEED = "0"
VARIANT_SEEDS = ["1", "2", "3", "4", "5", "6", "7", "8"]
CMD_TIMEOUT = 120

_print_lock = threading.Lock()


def say(*lines: str) -> None:
    with _print_lock:
        for ln in lines:
            print(ln)
        sys.stdout.flush()


# --- running the two tools --------------------------------------------------------------------

@dataclass
class Result:
    argv: List[str]
    rc: int
    out: str
    err: str
    seconds: float
    kind: str = ""        # ok | failed | sqlfail | bug | crash | timeout
    exc: str = ""         # last line of a traceback

    @property
    def text(self) -> str:
        return self.out + self.err


_PREFIX = re.compile(r"^(?:[A-Z]+\s*\[[\w.]+\]\s*)")
_STEP = re.compile(r"^Running (?:upgrade|downgrade) .*$")
_STAMP = re.compile(r"^Running stamp_revision .*$")


LISTING_COMMANDS = ("heads", "history", "branches", "show", "current")


def has_failed_line(r: "Result") -> bool:
    return any(ln.startswith("FAILED:") for ln in (r.out + r.err).splitlines())


def strip_prefix(line: str) -> str:
    return _PREFIX.sub("", line.rstrip("\r\n"))


def step_lines(text: str) -> List[str]:
    out = []
    for ln in text.splitlines():
        s = strip_prefix(ln).rstrip()
        if _STEP.match(s):
            out.append(s)
    return out


def sql_step_lines(text: str) -> List[str]:
    return [ln.rstrip() for ln in text.splitlines() if ln.startswith("-- Running ")]


def classify_alembic(res: Result) -> None:
    if res.rc == 0:
        res.kind = "ok"
        return
    if res.kind == "timeout":
        return
    if "Traceback (most recent call last)" in res.err:
        lines = [ln for ln in res.err.splitlines() if ln.strip()]
        excs = [ln for ln in lines
                if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b", ln)]
        res.exc = excs[-1] if excs else (lines[-1] if lines else "")
        head_maint = re.search(r"in (_update_version|_insert_version|_delete_version|"
                               r"update_to_step|update_version_num|merge_branch_idents|"
                               r"unmerge_branch_idents|delete_version_num|insert_version_num)\b",
                               res.err)
        if head_maint and (res.exc.startswith("KeyError") or res.exc.startswith("AssertionError")):
            res.kind = "bug"          # Alembic's own version-table upkeep crashed
        elif "sqlalchemy.exc." in res.exc or "sqlite3." in res.exc:
            res.kind = "sqlfail"      # a migration's SQL failed (e.g. after a stamp)
        else:
            res.kind = "crash"
        return
    res.kind = "failed"


class Tools:
    def __init__(self, alembic_python: str, retort_cli: Optional[str], hashseed: str):
        self.alembic_python = alembic_python
        self.retort_cli = retort_cli
        self.hashseed = hashseed
        self.count_alembic = 0
        self.count_retort = 0
        self.time_alembic = 0.0
        self.time_retort = 0.0
        self._lock = threading.Lock()

    def _run(self, argv: List[str], env: Dict[str, str], cwd: str) -> Result:
        t0 = time.monotonic()
        try:
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               cwd=cwd, timeout=CMD_TIMEOUT)
            res = Result(argv, p.returncode, p.stdout.decode("utf-8", "replace"),
                         p.stderr.decode("utf-8", "replace"), time.monotonic() - t0)
        except subprocess.TimeoutExpired as e:
            res = Result(argv, -999, (e.stdout or b"").decode("utf-8", "replace"),
                         (e.stderr or b"").decode("utf-8", "replace") + "\n<timeout>",
                         time.monotonic() - t0, kind="timeout")
        return res

    def alembic(self, ini: str, args: List[str], hashseed: Optional[str] = None) -> Result:
        env = dict(os.environ)
        env["PYTHONHASHSEED"] = hashseed or self.hashseed
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPATH", None)
        res = self._run([self.alembic_python, WRAPPER, "-c", ini] + args, env,
                        os.path.dirname(ini))
        classify_alembic(res)
        with self._lock:
            self.count_alembic += 1
            self.time_alembic += res.seconds
        return res

    def retort(self, project: str, args: List[str]) -> Result:
        assert self.retort_cli
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        res = self._run([self.retort_cli, "--project", project] + args, env, project)
        res.kind = "ok" if res.rc == 0 else ("timeout" if res.kind == "timeout" else "failed")
        with self._lock:
            self.count_retort += 1
            self.time_retort += res.seconds
        return res


# --- normalising listing output ---------------------------------------------------------------

_INDICATORS = {"head", "effective head", "current", "branchpoint", "mergepoint"}


def _norm_after_rev(s: str) -> str:
    """``s`` starts with the revision id; sort the labels inside the first non-indicator
    parenthesised group that directly follows it."""
    m = re.match(r"^(\S+?)((?: \([^()]*\))*)(,.*)?$", s, re.S)
    if not m:
        return s
    rev, groups, rest = m.group(1), m.group(2), m.group(3) or ""
    parts = re.findall(r" \(([^()]*)\)", groups)
    outp = []
    for g in parts:
        if g not in _INDICATORS:
            g = ", ".join(sorted(x.strip() for x in g.split(",")))
        outp.append(" (%s)" % g)
    return rev + "".join(outp) + rest


def norm_listing_line(line: str) -> str:
    line = line.rstrip()
    if " -> " in line:
        pre, post = line.split(" -> ", 1)
        return pre + " -> " + _norm_after_rev(post)
    return _norm_after_rev(line)


def listing(text: str) -> List[str]:
    return [norm_listing_line(strip_prefix(ln)) for ln in text.splitlines() if ln.strip()]


_CHILD = re.compile(r"^\s+-> ")


def verbose_listing(text: str, verbose: bool = True) -> List[str]:
    """``-v`` / ``show`` / ``branches``: for verbose entries the header lines only (``Path:``
    and the indented docstring necessarily differ between a .py and a .sql script);
    ``Branches into:`` (a frozenset) and ``Branch names:`` (a set) have no stable order in
    Alembic, nor have the ``-> child`` lines of ``branches`` (from ``nextrev``, a frozenset),
    so those are sorted."""
    out: List[str] = []
    run: List[str] = []
    for ln in text.splitlines():
        if not ln.strip():
            continue
        if _CHILD.match(ln):
            run.append(norm_listing_line(ln))
            continue
        out += sorted(run)
        run = []
        if verbose and (ln.startswith("    ") or ln.startswith("Path: ")):
            continue
        m = re.match(r"^(Branches into|Branch names): (.*)$", ln)
        if m:
            ln = "%s: %s" % (m.group(1), ", ".join(sorted(m.group(2).split(", "))))
        out.append(norm_listing_line(ln))
    return out + sorted(run)


def normalise_output(args: List[str], text: str) -> List[str]:
    cmd = args[0]
    if cmd in ("branches", "show") or "-v" in args:
        return verbose_listing(text, cmd == "show" or "-v" in args)
    out = listing(text)
    if cmd in ("heads", "current"):   # no defined order (sets in Alembic)
        out.sort()
    return out


def sql_text(text: str) -> List[str]:
    return [ln.rstrip() for ln in text.splitlines() if ln.strip()]


_V_INSERT = re.compile(r"^INSERT INTO alembic_version \(version_num\) VALUES \('([^']*)'\);$")
_V_UPDATE = re.compile(r"^UPDATE alembic_version SET version_num='([^']*)' WHERE "
                       r"alembic_version.version_num = '([^']*)';$")
_V_DELETE = re.compile(r"^DELETE FROM alembic_version WHERE "
                       r"alembic_version.version_num = '([^']*)';$")


def sql_effect(text: str) -> List[str]:
    """Offline output with each step's alembic_version statements replaced by their net
    effect (rows removed / added). When a merge meets other current heads, Alembic picks the
    row it UPDATEs (and those it DELETEs) by iterating a set of strings
    (``RevisionStep.merge_branch_idents``: ``list(set(self.from_revisions).difference(...))``,
    likewise ``_unmerge_to_revisions`` for downgrades), i.e. in hash order; the resulting
    rows are the same either way."""
    out: List[str] = []
    net: Dict[str, int] = {}

    def flush():
        if net:
            out.append("    [alembic_version %s]" % " ".join(
                "%s%s" % ("+" if n > 0 else "-", k) for k, n in sorted(net.items()) if n))
            net.clear()
    for ln in sql_text(text):
        m = _V_INSERT.match(ln)
        if m:
            net[m.group(1)] = net.get(m.group(1), 0) + 1
            continue
        m = _V_UPDATE.match(ln)
        if m:
            net[m.group(2)] = net.get(m.group(2), 0) - 1
            net[m.group(1)] = net.get(m.group(1), 0) + 1
            continue
        m = _V_DELETE.match(ln)
        if m:
            net[m.group(1)] = net.get(m.group(1), 0) - 1
            continue
        if ln.startswith("-- Running "):
            flush()
        out.append(ln)
    flush()
    return out


# --- database state ---------------------------------------------------------------------------

@dataclass(frozen=True)
class DbState:
    rows: Tuple[str, ...]
    tables: Tuple[str, ...]

    def show(self) -> str:
        return "rows=%s tables=%s" % (list(self.rows), list(self.tables))


def read_db(path: str) -> DbState:
    if not os.path.exists(path):
        return DbState((), ())
    con = sqlite3.connect(path)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")]
        rows: List[str] = []
        if "alembic_version" in names:
            rows = sorted(r[0] for r in con.execute("SELECT version_num FROM alembic_version"))
        tables = sorted(n for n in names if n.startswith(og.TABLE_PREFIX))
        return DbState(tuple(rows), tuple(tables))
    finally:
        con.close()


def sync_row_order(adb: str, ndb: str) -> None:
    """Alembic reads ``alembic_version`` without ORDER BY, i.e. in physical (rowid) order, and
    that order matters (``downgrade -1`` with several heads walks down from the first row). The
    physical order is a by-product of earlier inserts/updates and of set iteration inside
    HeadMaintainer, so before each command the Alembic database is given Retort's row order
    (when both hold the same rows)."""
    if not (os.path.exists(adb) and os.path.exists(ndb)):
        return
    def rows(path):
        con = sqlite3.connect(path)
        try:
            if not con.execute("SELECT 1 FROM sqlite_master WHERE name='alembic_version'").fetchone():
                return None
            return [r[0] for r in con.execute("SELECT version_num FROM alembic_version "
                                              "ORDER BY rowid")]
        finally:
            con.close()
    ra, rn = rows(adb), rows(ndb)
    if ra is None or rn is None or ra == rn or sorted(ra) != sorted(rn):
        return
    con = sqlite3.connect(adb)
    try:
        con.execute("DELETE FROM alembic_version")
        con.executemany("INSERT INTO alembic_version (version_num) VALUES (?)",
                        [(x,) for x in rn])
        con.commit()
    finally:
        con.close()


def sync_rows(adb: str, rows: List[str]) -> None:
    con = sqlite3.connect(adb)
    try:
        con.execute("DELETE FROM alembic_version")
        con.executemany("INSERT INTO alembic_version (version_num) VALUES (?)",
                        [(x,) for x in rows])
        con.commit()
    finally:
        con.close()


# --- the invariants (used when Alembic crashes on its own bug, and to self-test) -------------

_STEP_PARSE = re.compile(r"^Running (upgrade|downgrade) (.*?) -> (.*?)(?:, (.*))?$")


def check_invariants(g: Graph, cmd: List[str], before: DbState, after: DbState,
                     res: Result, steps: List[str]) -> List[str]:
    """Returns a list of violated invariants (empty = fine). The rules follow Alembic:

    * each upgrade step applies a revision whose down revisions and dependencies
      (``_all_down_revisions``) are all applied already, and prints
      ``Running upgrade <down_revision, comma separated> -> <rev>, <doc>``; each downgrade step
      removes a revision none of whose children or dependents remains applied;
    * the rows after a run are the maximal applied revisions (not an ancestor, by
      down_revision or depends_on, of another applied one) - this is what HeadMaintainer's
      insert / update / merge / unmerge / delete rules amount to;
    * ``upgrade heads`` ends with every revision applied and the rows equal to
      ``RevisionMap._real_heads`` (revisions with an empty ``_all_nextrev``: no child and no
      dependent);
    * ``downgrade base`` ends with no rows and no tables.
    The step-level checks need a consistent starting point (tables = the closure of the rows),
    which a preceding ``stamp`` can break; then only the end-state checks are made.
    """
    problems: List[str] = []
    tid = {r.table: r.id for r in g.revs}
    applied_before = {tid[t] for t in before.tables if t in tid}
    applied_after = {tid[t] for t in after.tables if t in tid}
    consistent = (applied_before == g.closure(before.rows)
                  and set(before.rows) == g.maximal(before.rows))
    verb = cmd[0]
    target = cmd[1] if len(cmd) > 1 else ""
    must_succeed = (verb, target) in (("upgrade", "heads"), ("downgrade", "base"))
    if res.rc != 0:
        if must_succeed and consistent:
            problems.append("%s failed, but it must succeed here (exit %d)" %
                            (" ".join(cmd), res.rc))
        return problems
    if consistent and verb in ("upgrade", "downgrade"):
        applied = set(applied_before)
        for s in steps:
            m = _STEP_PARSE.match(s)
            if not m:
                problems.append("unparsable step line: %r" % s)
                continue
            kind, frm, to, doc = m.groups()
            rid = to if kind == "upgrade" else frm
            if rid not in g.by_id:
                problems.append("step on unknown revision: %r" % s)
                continue
            r = g.by_id[rid]
            downs = ", ".join(r.parents)
            want = ("Running upgrade %s -> %s, %s" % (downs, rid, r.message) if kind == "upgrade"
                    else "Running downgrade %s -> %s, %s" % (rid, downs, r.message))
            if s != want:
                problems.append("step line %r, expected %r" % (s, want))
            if kind == "upgrade":
                if rid in applied:
                    problems.append("%s upgraded while already applied" % rid)
                missing = [d for d in g.all_down(rid) if d not in applied]
                if missing:
                    problems.append("%s upgraded before its down revision/dependency %s" %
                                    (rid, ", ".join(missing)))
                applied.add(rid)
            else:
                if rid not in applied:
                    problems.append("%s downgraded while not applied" % rid)
                users = [c for c in g.children(rid) + g.dependents(rid) if c in applied]
                if users:
                    problems.append("%s downgraded while %s (child/dependent) still applied" %
                                    (rid, ", ".join(sorted(users))))
                applied.discard(rid)
        if applied != applied_after:
            problems.append("tables after the run %s do not match the steps printed (%s)" %
                            (sorted(applied_after), sorted(applied)))
        if set(after.rows) != g.maximal(applied_after):
            problems.append("rows %s, expected the maximal applied revisions %s" %
                            (sorted(after.rows), sorted(g.maximal(applied_after))))
    if (verb, target) == ("upgrade", "heads"):
        if set(after.rows) != set(g.real_heads()):
            problems.append("after upgrade heads rows %s, expected the real heads %s" %
                            (sorted(after.rows), sorted(g.real_heads())))
        if consistent and applied_after != set(g.by_id):
            problems.append("after upgrade heads not every revision is applied: missing %s" %
                            sorted(set(g.by_id) - applied_after))
    if (verb, target) == ("downgrade", "base"):
        if after.rows:
            problems.append("after downgrade base rows remain: %s" % list(after.rows))
        if consistent and after.tables:
            problems.append("after downgrade base tables remain: %s" % list(after.tables))
    return problems


def check_sql_order(g: Graph, lines: List[str]) -> List[str]:
    """Invariants of ``upgrade heads --sql`` from base: every revision exactly once, after all
    of its down revisions and dependencies."""
    problems = []
    seen: Set[str] = set()
    for ln in lines:
        m = re.match(r"^-- Running upgrade (.*?) -> (\S+)$", ln)
        if not m or m.group(2) not in g.by_id:
            problems.append("unexpected line %r" % ln)
            continue
        rid = m.group(2)
        if m.group(1) != ", ".join(g.by_id[rid].parents):
            problems.append("line %r: expected down revisions %r" %
                            (ln, ", ".join(g.by_id[rid].parents)))
        if rid in seen:
            problems.append("%s twice" % rid)
        missing = [d for d in g.all_down(rid) if d not in seen]
        if missing:
            problems.append("%s before %s" % (rid, ", ".join(missing)))
        seen.add(rid)
    if seen != set(g.by_id):
        problems.append("missing: %s" % sorted(set(g.by_id) - seen))
    return problems


# --- hand-written cases -----------------------------------------------------------------------

@dataclass
class Case:
    name: str
    graph: Graph
    ranges: List[str]
    walk: List[str]         # each a command line, e.g. "upgrade +1"
    listings: List[str] = field(default_factory=list)   # more listing commands
    offline: List[str] = field(default_factory=list)    # more --sql commands


def hand_cases() -> List[Case]:
    cases = []
    A, B, C, D, E = ("a0000000000a", "b0000000000b", "c0000000000c", "d0000000000d",
                     "e0000000000e")
    lin = graph_from_spec([(A, [], [], []), (B, [A], [], []), (C, [B], [], []),
                           (D, [C], [], [])], name="linear")
    cases.append(Case("linear chain", lin, ["base:%s" % B, "%s:heads" % B, "%s:%s" % (A, C)],
                      ["history -r base:current", "current", "upgrade +1",
                       "history -r base:current", "upgrade +2", "downgrade -1", "upgrade heads",
                       "downgrade %s" % B, "upgrade %s+1" % B, "downgrade %s-1" % C,
                       "upgrade head", "downgrade -2", "upgrade +3", "downgrade base",
                       "stamp %s" % C, "current", "stamp heads", "stamp %s --purge" % B,
                       "history -i", "upgrade heads", "downgrade base"],
                      ["branches", "show %s" % B, "history -v", "heads -v"],
                      ["upgrade %s:%s --sql" % (A, C), "downgrade %s:%s --sql" % (D, A),
                       "stamp %s --sql" % C, "downgrade %s:base --sql" % D]))

    dia = graph_from_spec([(A, [], [], []), (B, [A], [], []), (C, [A], [], []),
                           (D, [B, C], [], []), (E, [D], [], [])], name="diamond")
    cases.append(Case("diamond (branch + merge)", dia,
                      ["base:%s" % D, "%s:heads" % B, "%s:%s" % (C, E)],
                      ["upgrade %s" % B, "upgrade %s" % C, "upgrade +1", "downgrade -1",
                       "downgrade %s" % B, "downgrade %s" % A, "upgrade heads",
                       "downgrade %s" % C, "upgrade heads", "downgrade base", "stamp %s" % D,
                       "stamp %s" % B, "stamp %s %s" % (B, C), "current",
                       "history -r base:current", "history -r current:heads", "stamp heads",
                       "downgrade -1", "current", "downgrade base"],
                      ["branches", "show %s" % A, "show %s" % D, "history -v"],
                      ["upgrade %s:heads --sql" % B, "downgrade %s:%s --sql" % (E, A),
                       "downgrade %s:base --sql" % D]))

    F1, F2, F3, G1, G2 = ("f1000000000f", "f2000000000f", "f3000000000f", "91000000000a",
                          "92000000000a")
    forest = graph_from_spec([(F1, [], ["alpha"], []), (G1, [], ["beta"], []),
                              (F2, [F1], [], []), (G2, [G1], [], []), (F3, [F2], [], [])],
                             name="forest")
    cases.append(Case("forest of two bases", forest,
                      ["base:%s" % F2, "%s:heads" % G1, "alpha@base:alpha@head"],
                      ["upgrade alpha@head", "upgrade beta@+1", "upgrade +1",
                       "upgrade beta@+1", "downgrade alpha@base", "upgrade heads",
                       "downgrade beta@-1", "downgrade -1", "downgrade %s" % F1,
                       "stamp beta@head", "current", "stamp %s" % F1, "history -i",
                       "downgrade base", "upgrade heads", "downgrade beta@base",
                       "stamp base", "downgrade base", "stamp alpha@head", "stamp beta@base"],
                      ["heads -v", "show alpha", "history -r beta@base:beta@head"],
                      ["downgrade %s:base --sql" % F3, "upgrade beta@head --sql"]))

    R, X1, X2, Y1, Y2, M = ("10000000000a", "20000000000a", "30000000000a", "40000000000a",
                            "50000000000a", "60000000000a")
    lab = graph_from_spec([(R, [], [], []), (X1, [R], ["xlane"], []), (X2, [X1], [], []),
                           (Y1, [R], ["ylane"], []), (Y2, [Y1], [], []),
                           (M, [Y2], [], [])], name="labels")
    cases.append(Case("branch labels with label@head / label@base", lab,
                      ["base:%s" % X2, "%s:heads" % R, "ylane@base:ylane@head"],
                      ["upgrade xlane@head", "upgrade ylane@+1", "upgrade ylane@+1",
                       "downgrade xlane@-1", "upgrade xlane@+1", "downgrade ylane@base",
                       "upgrade ylane@head", "downgrade xlane@base", "upgrade heads",
                       "upgrade ylane@%s" % Y2, "downgrade ylane@-2", "downgrade base",
                       "upgrade ylane@%s+1" % Y1, "stamp xlane@head", "upgrade head",
                       "upgrade xlane", "downgrade ylane", "current", "downgrade base"],
                      ["branches", "show ylane", "history -r xlane@base:xlane@head"],
                      ["upgrade ylane@head --sql", "downgrade %s:%s --sql" % (M, R)]))

    P, Q1, Q2, S1, S2, T = ("aa000000000a", "ab000000000a", "ac000000000a", "ad000000000a",
                            "ae000000000a", "af000000000a")
    dep = graph_from_spec([(P, [], [], []), (Q1, [P], ["qq"], []), (Q2, [Q1], [], []),
                           (S1, [P], ["ss"], []), (S2, [S1], [], [Q1]), (T, [S2], [], [])],
                          name="depends_on")
    cases.append(Case("depends_on across branches", dep,
                      ["base:%s" % S2, "%s:heads" % Q1],
                      ["upgrade %s" % S2, "downgrade %s" % Q1, "upgrade ss@head",
                       "downgrade %s" % P, "upgrade %s" % T, "upgrade heads",
                       "downgrade qq@base", "upgrade heads", "downgrade ss@-1",
                       "downgrade -1", "current", "history -i", "downgrade base",
                       "upgrade qq@head", "stamp %s" % S2, "current", "downgrade base"],
                      ["branches", "show %s" % S2, "history -v", "heads -v"],
                      ["upgrade %s --sql" % S2, "downgrade %s:%s --sql" % (T, P)]))

    I1, I2, I3, I4 = ("abcd11112222", "abcd11113333", "abcd22224444", "abc999999999")
    part = graph_from_spec([(I1, [], [], []), (I2, [I1], [], []), (I3, [I2], [], []),
                            (I4, [I3], [], [])], name="partial_ids")
    cases.append(Case("partial ids (unique prefix)", part,
                      ["base:abcd2", "abcd11113:heads"],
                      ["upgrade abcd2", "downgrade abcd1", "downgrade abcd11112",
                       "upgrade abc", "upgrade abc9", "downgrade abcd11113", "upgrade abcd",
                       "stamp abcd2", "downgrade abcd111122", "current",
                       "downgrade base"],
                      ["show abcd2", "show abcd", "history -r abcd1:heads"],
                      ["upgrade abcd2 --sql"]))

    K1, K2, K3, K4, K5 = ("1a000000000b", "1b000000000b", "1c000000000b", "1d000000000b",
                          "1e000000000b")
    rel = graph_from_spec([(K1, [], ["lane"], []), (K2, [K1], [], []), (K3, [K2], [], []),
                           (K4, [K3], [], []), (K5, [K4], [], [])], name="relative")
    cases.append(Case("relative targets rev+1 / rev-1 / label@+1", rel,
                      ["%s:%s" % (K2, K4)],
                      ["upgrade %s+1" % K1, "upgrade lane@+1", "upgrade lane@+2",
                       "downgrade %s-1" % K4, "downgrade lane@-1", "upgrade %s+2" % K3,
                       "downgrade -1", "upgrade +1", "downgrade lane@%s" % K2,
                       "upgrade lane@%s+1" % K3, "downgrade %s" % K1, "upgrade lane@-1",
                       "upgrade %s+3" % K1, "upgrade %s+1" % K5, "downgrade %s-1" % K1,
                       "downgrade base"],
                      ["history -r %s:%s" % (K4, K2)],
                      ["upgrade %s+2 --sql" % K1, "downgrade %s:%s-2 --sql" % (K5, K5)]))
    return cases


def load_spec(path: str) -> Case:
    """A JSON case (tests/oracle/cases/*.json, or --spec FILE): {"graph": [[id, parents,
    labels, depends_on], ...], "walk": [...], "listings": [...], "offline": [...],
    "strict_sql": false, "about": "..."}"""
    with open(path) as f:
        d = json.load(f)
    name = os.path.splitext(os.path.basename(path))[0]
    g = graph_from_spec([tuple(x) for x in d["graph"]], name=name,
                        strict_sql=d.get("strict_sql", False))
    return Case("case " + name, g, d.get("ranges", []), d.get("walk", []),
                d.get("listings", []), d.get("offline", []))


# --- per-graph comparison ---------------------------------------------------------------------

@dataclass
class GraphReport:
    name: str
    compared: int = 0
    mismatches: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)
    alembic_bug: bool = False
    nondeterministic: int = 0
    crashes: List[str] = field(default_factory=list)
    dirs: List[str] = field(default_factory=list)
    seconds: float = 0.0


def udiff(a: List[str], b: List[str], an="alembic", bn="retort") -> str:
    d = list(difflib.unified_diff(a, b, an, bn, lineterm="", n=3))
    return "\n".join(d) if d else "(no line difference)"


def show(res: Result) -> str:
    t = (res.out + res.err).strip()
    if len(t) > 3000:
        t = t[:1500] + "\n...\n" + t[-1500:]
    return t


class GraphRun:
    def __init__(self, opts, tools: Tools, g: Graph, label: str, workroot: str):
        self.opts = opts
        self.tools = tools
        self.g = g
        self.label = label
        self.root = tempfile.mkdtemp(prefix="%s-" % re.sub(r"\W", "_", g.name), dir=workroot)
        self.adir = os.path.join(self.root, "alembic")
        self.ndir = os.path.join(self.root, "native")
        self.ini = og.write_alembic_project(g, self.adir)
        og.write_native_project(g, self.ndir)
        self.adb = os.path.join(self.adir, "alembic.db")
        self.ndb = os.path.join(self.ndir, "retort.db")
        self.rep = GraphReport(label)
        self.history: List[str] = []   # walk commands so far
        self.retort_only = opts.alembic_only

    # helpers
    def A(self, args: List[str], hashseed=None) -> Result:
        return self.tools.alembic(self.ini, args, hashseed)

    def R(self, args: List[str]) -> Result:
        return self.tools.retort(self.ndir, args)

    def mismatch(self, what: str, detail: str) -> None:
        text = ["", "=" * 78,
                "MISMATCH in %s: %s" % (self.label, what),
                "seed=%s  graph=%s  projects kept in %s" % (self.opts.seed, self.label,
                                                             self.root),
                "graph (id <- parents):", self.g.describe(),
                "commands so far: %s" % (" ; ".join(self.history) or "(none)"),
                detail, "=" * 78]
        self.rep.mismatches.append(what)
        say(*text)
        with open(os.path.join(self.root, "MISMATCH.txt"), "a") as f:
            f.write("\n".join(text) + "\n")

    def note(self, what: str) -> None:
        self.rep.notes.append(what)

    def nondeterministic(self, what: str, hs: str, detail: str) -> None:
        self.rep.nondeterministic += 1
        msg = ("'%s': Alembic's answer depends on the hash seed; Retort's equals Alembic's under "
               "PYTHONHASHSEED=%s (accepted)" % (what, hs))
        self.note(msg)
        if self.opts.verbose:
            say("  [%s] %s\n%s" % (self.label, msg, detail))

    def _variant_ini(self) -> str:
        vdir = os.path.join(self.root, "variant")
        ini = os.path.join(vdir, "alembic.ini")
        if not os.path.exists(ini):
            og.write_alembic_project(self.g, vdir)
        return ini

    def alembic_variants(self, args: List[str], snapshot: Optional[str], matches):
        """Alembic 1.8.1 is not fully deterministic: the order of a revision's dependencies
        (``_normalized_resolved_dependencies = tuple(set)`` in RevisionMap._normalize_depends_on)
        follows Python's string hashing, and that order steers ``_topological_sort``. Re-runs
        the command from the same database state under other PYTHONHASHSEEDs and returns
        (seed, result, variant db path) of the first answer that ``matches`` (Retort's), or
        (None, distinct variant count, None)."""
        ini = self._variant_ini()
        vdb = os.path.join(os.path.dirname(ini), "alembic.db")
        seen = set()
        for hs in VARIANT_SEEDS:
            if os.path.exists(vdb):
                os.remove(vdb)
            if snapshot and os.path.exists(snapshot):
                shutil.copyfile(snapshot, vdb)
            r = self.tools.alembic(ini, args, hs)
            after = read_db(vdb)
            seen.add((r.kind, tuple(step_lines(r.err)), tuple(listing(r.out)), after))
            if matches(r, after):
                return hs, r, vdb
        return None, len(seen), None

    # --- listings -----------------------------------------------------------------------
    def compare_listing(self, args: List[str], a: Optional[Result] = None,
                        snapshot: Optional[str] = None) -> None:
        """Listing commands (heads, history, branches, show, current): the normalised output.
        ``snapshot`` is the database the command reads (current, history -i)."""
        if a is None:
            a = self.A(args)
        name = " ".join(args)
        if self.opts.verbose:
            say("  [%s] alembic %s -> %s %s" % (self.label, name, a.kind, a.exc))
        if self.retort_only:
            if a.kind != "ok":
                self.note("alembic %s: %s %s" % (name, a.kind, a.exc))
            return
        r = self.R(args)
        self.rep.compared += 1
        both = "--- alembic:\n%s\n--- retort:\n%s" % (show(a), show(r))
        if a.kind != "ok":
            if r.rc == 0:
                if a.kind == "crash":
                    self.note("Alembic crashed (%s) on '%s', Retort succeeded - not comparable"
                              % (a.exc, name))
                    self.rep.crashes.append("%s (%s)" % (name, a.exc))
                    return
                self.mismatch("%s: Alembic fails (%s), Retort succeeds" % (name, a.kind), both)
            elif not has_failed_line(r):
                self.mismatch("'%s': Retort fails without a 'FAILED:' line" % name, both)
            return
        if r.rc != 0:
            self.mismatch("%s: Retort fails" % name, both)
            return
        la, lr = normalise_output(args, a.out), normalise_output(args, r.out)
        if la != lr:
            def same(x, _after):
                return x.kind == "ok" and normalise_output(args, x.out) == lr
            hs, v, _ = self.alembic_variants(args, snapshot, same)
            if hs is not None:
                self.nondeterministic(name, hs, udiff(la, lr))
                return
            self.mismatch("%s output differs" % name, udiff(la, lr) +
                          "\n(no other PYTHONHASHSEED gives Retort's answer; %d distinct Alembic "
                          "answers seen)" % v)

    # --- walk ---------------------------------------------------------------------------
    def walk_step(self, cmdline: str) -> bool:
        """Runs one command on both sides. Returns False when the walk cannot go on."""
        args = shlex.split(cmdline)
        self.history.append(cmdline)
        if args[0] in LISTING_COMMANDS:
            self.compare_listing(args, snapshot=self.adb)
            return True
        if not self.retort_only:
            sync_row_order(self.adb, self.ndb)
        before_a, before_r = read_db(self.adb), read_db(self.ndb)
        snapshot = os.path.join(self.root, "snapshot.db")
        if os.path.exists(snapshot):
            os.remove(snapshot)
        if os.path.exists(self.adb):
            shutil.copyfile(self.adb, snapshot)
        a = self.A(args)
        after_a = read_db(self.adb)
        a_steps = step_lines(a.err)
        if self.opts.verbose:
            say("  [%s] alembic %s -> %s%s %s%s" % (
                self.label, cmdline, a.kind, (" (" + a.exc + ")") if a.exc else "",
                after_a.show(), "".join("\n      " + s for s in a_steps)) +
                ("" if a.kind == "ok" else "\n      " + (a.out + a.err).strip().splitlines()[-1]
                 if (a.out + a.err).strip() else ""))
        if self.retort_only:
            # self-test: Alembic's own behaviour must satisfy the invariant model
            if a.kind == "ok":
                probs = check_invariants(self.g, args, before_a, after_a, a, a_steps)
                if probs and self.g.has_redundant_downs():
                    self.note("invariant model and Alembic differ on '%s' (graph with a "
                              "redundant down revision): %s" % (cmdline, "; ".join(probs)))
                    return False
                if probs:
                    self.mismatch("invariant model disagrees with Alembic on '%s'" % cmdline,
                                  "\n".join(probs) + "\n--- alembic:\n" + show(a))
                    return False
            elif a.kind == "bug":
                self.rep.alembic_bug = True
                self.note("alembic bug on '%s': %s" % (cmdline, a.exc))
                return False
            elif a.kind in ("crash", "timeout"):
                self.note("alembic %s on '%s': %s" % (a.kind, cmdline, a.exc))
                return False
            return a.kind != "sqlfail"

        r = self.R(args)
        after_r = read_db(self.ndb)
        r_steps = step_lines(r.out)
        self.rep.compared += 1
        both = ("--- alembic (exit %d, %s):\n%s\n--- retort (exit %d):\n%s" %
                (a.rc, a.kind, show(a), r.rc, show(r)))

        if a.kind == "bug":
            self.rep.alembic_bug = True
            self.note("Alembic crashed on its own bug at '%s' (%s); checked Retort's "
                      "invariants instead" % (cmdline, a.exc))
            probs = check_invariants(self.g, args, before_r, after_r, r, r_steps)
            if probs:
                self.mismatch("'%s': Alembic crashed (%s); Retort breaks invariants" %
                              (cmdline, a.exc), "\n".join(probs) + "\n" + both)
                return False
            self.retort_tail()
            return False
        if a.kind == "timeout" or r.kind == "timeout":
            self.mismatch("'%s': timeout" % cmdline, both)
            return False
        if a.kind == "ok":
            if r.rc != 0:
                self.mismatch("'%s': Alembic succeeds, Retort fails" % cmdline, both)
                return False
            problems = []
            if a_steps != r_steps:
                problems.append("steps differ:\n" + udiff(a_steps, r_steps))
            if after_a.rows != after_r.rows:
                problems.append("alembic_version rows differ: alembic %s, retort %s" %
                                (list(after_a.rows), list(after_r.rows)))
            if after_a.tables != after_r.tables:
                problems.append("tables differ: alembic %s, retort %s" %
                                (list(after_a.tables), list(after_r.tables)))
            if problems:
                def same(x, after):
                    return (x.kind == "ok" and step_lines(x.err) == r_steps
                            and after.rows == after_r.rows and after.tables == after_r.tables)
                hs, v, vdb = self.alembic_variants(args, snapshot, same)
                if hs is not None:
                    shutil.copyfile(vdb, self.adb)  # carry on from Alembic's matching answer
                    self.nondeterministic(cmdline, hs, "\n".join(problems))
                    return True
                self.mismatch("'%s': results differ" % cmdline, "\n".join(problems) +
                              "\n(no other PYTHONHASHSEED gives Retort's answer; %d distinct "
                              "Alembic answers seen)\n" % v + both)
                return False
            return True
        # Alembic refused (FAILED:), its SQL failed, or it crashed elsewhere
        if r.rc == 0:
            if a.kind == "crash":
                self.note("Alembic crashed (%s) on '%s', Retort succeeded - not comparable" %
                          (a.exc, cmdline))
                self.rep.crashes.append("%s (%s)" % (cmdline, a.exc))
                return False
            self.mismatch("'%s': Alembic fails (%s), Retort succeeds" % (cmdline, a.kind), both)
            return False
        if not has_failed_line(r):
            self.mismatch("'%s': Retort fails without a 'FAILED:' line" % cmdline, both)
        if a.kind == "sqlfail":
            return False  # partial runs commit differently; the states are not comparable
        if ("--purge" in args and not after_a.rows and after_r.rows == before_r.rows
                and after_a.tables == after_r.tables):
            # Accepted difference: on SQLite Alembic runs without transactional DDL
            # (SQLiteImpl.transactional_ddl = False), so the purge that
            # MigrationContext.run_migrations does *before* computing the stamp steps is
            # autocommitted and survives the failure. Retort runs SQLite transactionally
            # (docs/ARCHITECTURE.md, Transactions), so a failed stamp leaves the table as it was. Both
            # databases are made equal again to carry on.
            self.note("'%s': Alembic emptied alembic_version before failing (no transactional "
                      "DDL on SQLite); Retort left it unchanged - accepted" % cmdline)
            sync_rows(self.adb, list(after_r.rows))
            return True
        if (after_a.rows, after_a.tables) != (after_r.rows, after_r.tables):
            self.mismatch("'%s': both fail, but the databases differ afterwards" % cmdline,
                          "alembic %s\nretort  %s\n%s" % (after_a.show(), after_r.show(), both))
            return False
        return True

    def retort_tail(self) -> None:
        """After Alembic broke: Retort alone, held to its invariants, from base to heads and
        back."""
        for c in ("downgrade base", "upgrade heads", "downgrade base"):
            args = c.split()
            before = read_db(self.ndb)
            r = self.R(args)
            after = read_db(self.ndb)
            self.history.append(c + "   [retort only]")
            self.rep.compared += 1
            probs = check_invariants(self.g, args, before, after, r, step_lines(r.out))
            if probs:
                self.mismatch("'%s' (retort only, after Alembic's crash): invariants broken" % c,
                              "\n".join(probs) + "\n--- retort:\n" + show(r))
                return

    def compare_sql(self, cmdline: str) -> None:
        """Offline mode: the whole output (comment lines, the migrations' SQL and the
        alembic_version statements); the database is not read."""
        args = shlex.split(cmdline)
        a = self.A(args)
        self.history.append(cmdline + "   [offline]")
        full = args[:2] == ["upgrade", "heads"]
        if self.retort_only:
            if a.kind == "ok" and full:
                probs = check_sql_order(self.g, sql_step_lines(a.out))
                if probs:
                    self.mismatch("invariant model disagrees with Alembic --sql",
                                  "\n".join(probs))
            elif a.kind != "ok":
                self.note("alembic %s: %s %s" % (cmdline, a.kind, a.exc))
            return
        r = self.R(args)
        self.rep.compared += 1
        both = "--- alembic:\n%s\n--- retort:\n%s" % (show(a), show(r))
        if a.kind == "bug":
            self.rep.alembic_bug = True
            if full:
                probs = check_sql_order(self.g, sql_step_lines(r.out)) if r.rc == 0 else \
                    ["retort failed: " + show(r)]
                if probs:
                    self.mismatch("%s: Alembic crashed (%s); Retort breaks invariants" %
                                  (cmdline, a.exc), "\n".join(probs))
            return
        if a.kind != "ok":
            if r.rc == 0:
                if a.kind == "crash":
                    self.rep.crashes.append("%s (%s)" % (cmdline, a.exc))
                    return
                self.mismatch("%s: Alembic fails (%s), Retort succeeds" % (cmdline, a.kind),
                              both)
            elif not has_failed_line(r):
                self.mismatch("'%s': Retort fails without a 'FAILED:' line" % cmdline, both)
            return
        if r.rc != 0:
            self.mismatch("%s: Retort fails" % cmdline, both)
            return
        if sql_text(a.out) == sql_text(r.out):
            return
        la, lr = sql_effect(a.out), sql_effect(r.out)
        if la == lr:
            self.rep.notes.append("%s: alembic_version statements differ only in which merged "
                                  "row is updated (Alembic: set order); same effect" % cmdline)
            self.rep.nondeterministic += 1
            return
        if la != lr:
            hs, v, _ = self.alembic_variants(
                args, None, lambda x, _a: x.kind == "ok" and sql_effect(x.out) == lr)
            if hs is not None:
                self.nondeterministic(cmdline, hs, udiff(la, lr))
                return
            what = ("'-- Running' lines differ" if sql_step_lines(a.out) != sql_step_lines(r.out)
                    else "the SQL differs (same steps)")
            self.mismatch("%s: %s" % (cmdline, what), udiff(la, lr) +
                          "\n(no other PYTHONHASHSEED gives Retort's answer; %d distinct "
                          "Alembic answers seen)" % v)


def run_graph(opts, tools: Tools, g: Graph, label: str, workroot: str,
              listings: List[str], walk_fn, offline: List[str],
              heads_result: Optional[Result] = None) -> GraphReport:
    t0 = time.monotonic()
    gr = GraphRun(opts, tools, g, label, workroot)
    try:
        a_heads = gr.A(["heads"]) if heads_result is None else heads_result
        if a_heads.kind != "ok":
            gr.mismatch("Alembic does not load this graph", show(a_heads))
            return gr.rep
        gr.compare_listing(["heads"], a_heads)
        gr.compare_listing(["history"])
        for cmd in listings:
            gr.compare_listing(shlex.split(cmd))
        walk_fn(gr)
        # offline: the database state must not matter, so this runs after the walk
        for cmd in ["upgrade heads --sql"] + offline:
            gr.compare_sql(cmd)
    except Exception:
        gr.mismatch("harness error", traceback.format_exc())
    finally:
        gr.rep.seconds = time.monotonic() - t0
        gr.rep.dirs.append(gr.root)
        if not gr.rep.mismatches and not opts.keep:
            shutil.rmtree(gr.root, ignore_errors=True)
    return gr.rep


# --- random walks -----------------------------------------------------------------------------

def random_command(rng: random.Random, g: Graph, state: DbState) -> str:
    ids = [r.id for r in g.revs]
    labels = g.all_labels()
    applied = sorted(g.closure(state.rows))

    def rev_ref(pool: List[str]) -> str:
        rid = rng.choice(pool)
        x = rng.random()
        if x < 0.25:  # a unique partial id
            n = g.unique_prefix_len(rid)
            return rid[:rng.randint(n, min(len(rid), n + 3))]
        if x < 0.29 and len(rid) > 3:  # too short, or ambiguous
            return rid[:rng.randint(1, 6)]
        return rid

    choices = [("upgrade heads", 3), ("upgrade rev", 3), ("upgrade rel", 2),
               ("stamp rev", 1), ("stamp heads", 1), ("stamp purge", 1), ("extra", 2),
               ("observe", 1)]
    if labels:
        choices += [("upgrade label@head", 2)]
    if state.rows:
        choices += [("downgrade -1", 2), ("downgrade rev", 2), ("downgrade base", 1)]
        if labels:
            choices += [("downgrade label@base", 1)]
    total = sum(w for _, w in choices)
    x = rng.uniform(0, total)
    for kind, w in choices:
        x -= w
        if x <= 0:
            break
    if kind == "upgrade heads":
        return "upgrade heads"
    if kind == "upgrade rev":
        return "upgrade " + rev_ref(ids)
    if kind == "upgrade rel":
        return "upgrade +%d" % rng.choice([1, 1, 2])
    if kind == "upgrade label@head":
        return "upgrade %s@head" % rng.choice(labels)
    if kind == "downgrade -1":
        return "downgrade -1"
    if kind == "downgrade rev":
        return "downgrade " + rev_ref(applied if applied and rng.random() < 0.8 else ids)
    if kind == "downgrade base":
        return "downgrade base"
    if kind == "downgrade label@base":
        return "downgrade %s@base" % rng.choice(labels)
    if kind == "stamp rev":
        return "stamp " + rev_ref(ids)
    if kind == "stamp heads":
        return "stamp heads"
    if kind == "stamp purge":
        return "stamp %s --purge" % rev_ref(ids)
    if kind == "observe":
        return rng.choice(["current", "history -i", "history -r current:heads",
                           "history -r base:current"])
    # extras: relative forms, labels used as ids, label@rev, several stamp targets
    lb = rng.choice(labels) if labels else None
    forms = [
        lambda: "upgrade %s+1" % rev_ref(ids),
        lambda: "downgrade %s-1" % rev_ref(applied or ids),
        lambda: "upgrade head",
        lambda: "downgrade -2" if state.rows else "upgrade +1",
        lambda: "upgrade %s@head" % rev_ref(ids),
        lambda: "stamp %s %s" % (rev_ref(ids), rev_ref(ids)),
        lambda: "stamp base",
        lambda: "upgrade -1",
        lambda: "downgrade +1",
        lambda: "downgrade heads",
        lambda: rng.choice(["upgrade", "downgrade", "stamp"]) + " ffff9999ffff",  # unknown
        lambda: "upgrade nolabel@head",
        lambda: "upgrade base",
        lambda: "downgrade head",
    ]
    if lb:
        forms += [
            lambda: "upgrade %s@+1" % lb,
            lambda: "downgrade %s@-1" % lb,
            lambda: "upgrade %s@+2" % lb,
            lambda: "upgrade %s" % lb,              # a branch label used as a revision id
            lambda: "downgrade %s" % lb,
            lambda: "upgrade %s@%s" % (lb, rev_ref(ids)),
            lambda: "downgrade %s@%s" % (lb, rev_ref(applied or ids)),
            lambda: "stamp %s@head" % lb,
            lambda: "stamp %s@base" % lb,
            lambda: "upgrade %s@heads" % lb,
            lambda: "stamp %s@heads" % lb,
        ]
    return rng.choice(forms)()


def make_random_walk(rng: random.Random):
    def walk(gr: GraphRun) -> None:
        n = rng.randint(4, 8)
        for _ in range(n):
            state = read_db(gr.adb)
            cmd = random_command(rng, gr.g, state)
            if not gr.walk_step(cmd):
                break
    return walk


def make_fixed_walk(cmds: List[str]):
    def walk(gr: GraphRun) -> None:
        for c in cmds:
            if not gr.walk_step(c):
                gr.note("walk stopped at '%s'" % c)
                break
    return walk


def random_listings(rng: random.Random, g: Graph) -> List[str]:
    ids = [r.id for r in g.revs]
    labels = g.all_labels()
    lb = rng.choice(labels) if labels else None
    out = ["history -r base:%s" % rng.choice(ids), "history -r %s:heads" % rng.choice(ids)]
    pool = [
        lambda: "branches",
        lambda: "branches -v",
        lambda: "show %s" % rng.choice(ids),
        lambda: "show heads",
        lambda: "history -v",
        lambda: "heads -v",
        lambda: "heads --resolve-dependencies",
        lambda: "history -r %s:%s" % (rng.choice(ids), rng.choice(ids)),
        lambda: "history -r %s:" % rng.choice(ids),
        lambda: "history -r :%s" % rng.choice(ids),
        lambda: "history --rev-range=-1:heads",
        lambda: "history -r %s-1:heads" % rng.choice(ids),
    ]
    if lb:
        pool += [
            lambda: "history -r %s@base:%s@head" % (lb, lb),
            lambda: "history -r %s@-1:" % lb,
            lambda: "show %s" % lb,
            lambda: "show %s@head" % lb,
        ]
    out += [f() for f in rng.sample(pool, 3)]
    return out


def random_offline(rng: random.Random, g: Graph) -> List[str]:
    ids = [r.id for r in g.revs]
    heads = g.real_heads()
    forms = [
        lambda: "upgrade %s:heads --sql" % rng.choice(ids),
        lambda: "upgrade base:%s --sql" % rng.choice(ids),
        lambda: "downgrade %s:base --sql" % rng.choice(heads),
        lambda: "downgrade %s:%s --sql" % (rng.choice(heads), rng.choice(ids)),
        lambda: "stamp %s --sql" % rng.choice(ids),
        lambda: "stamp %s:%s --sql" % (rng.choice(ids), rng.choice(ids)),
    ]
    return [rng.choice(forms)()]


def random_graph_job(opts, tools: Tools, index: int, workroot: str) -> GraphReport:
    rng = random.Random("%s-%d" % (opts.seed, index))
    label = "graph#%d" % index
    rejected = 0
    for attempt in range(30):
        g = og.generate(rng, name="g%d" % index)
        probe = tempfile.mkdtemp(prefix="probe-", dir=workroot)
        ini = og.write_alembic_project(g, probe)
        a = tools.alembic(ini, ["heads"])
        shutil.rmtree(probe, ignore_errors=True)
        if a.kind == "ok" and "Warning" not in a.err:
            break
        rejected += 1
    else:
        rep = GraphReport(label)
        rep.mismatches.append("could not generate a graph Alembic loads")
        return rep
    listings = random_listings(rng, g)
    offline = random_offline(rng, g)
    rep = run_graph(opts, tools, g, label, workroot, listings, make_random_walk(rng), offline, a)
    if rejected:
        rep.notes.append("%d generated graph(s) rejected by Alembic" % rejected)
    return rep


def summarize_graph(rep: GraphReport, g_info: str = "") -> None:
    status = "OK" if not rep.mismatches else "%d MISMATCH(ES)" % len(rep.mismatches)
    extra = " [alembic crashed on its own bug]" if rep.alembic_bug else ""
    if rep.nondeterministic:
        extra += " [%d hash-seed-dependent Alembic answer(s), Retort matched one]" % \
            rep.nondeterministic
    say("%-28s %s  %d compared  %.1fs%s%s" % (rep.name, status, rep.compared, rep.seconds,
                                              extra, g_info))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--retort-cli", help="path of retort-cli")
    ap.add_argument("--alembic", default="/usr/bin/alembic",
                    help="the alembic script; its interpreter runs the sorted-load wrapper")
    ap.add_argument("--graphs", type=int, default=int(os.environ.get("ORACLE_GRAPHS", "48")))
    ap.add_argument("--seed", default=os.environ.get("ORACLE_SEED"))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("ORACLE_JOBS", "2")))
    ap.add_argument("--only", default="", help="comma-separated random graph indexes")
    ap.add_argument("--no-hand", action="store_true", help="skip the hand-written cases")
    ap.add_argument("--hand-only", action="store_true", help="only the hand-written cases")
    ap.add_argument("--alembic-only", action="store_true",
                    help="self-test: run Alembic alone against the invariant model")
    ap.add_argument("--spec", action="append", default=[],
                    help="a JSON file {graph: [[id, parents, labels, depends_on], ...], walk: "
                         "[cmd, ...], listings: [...], offline: [...]}; runs only these")
    ap.add_argument("--keep", action="store_true", help="keep all project directories")
    ap.add_argument("--verbose", "-v", action="store_true", help="log every walk command")
    ap.add_argument("--workdir", default=None, help="parent folder for the projects (/tmp)")
    opts = ap.parse_args()

    if opts.seed is None:
        opts.seed = str(random.SystemRandom().randrange(1, 10 ** 9))
    alembic_python = sys.executable
    try:
        with open(opts.alembic) as f:
            first = f.readline()
        if first.startswith("#!"):
            alembic_python = first[2:].strip().split()[0]
    except OSError:
        say("alembic not found at %s" % opts.alembic)
        return 2
    if not opts.alembic_only:
        if not opts.retort_cli or not os.access(opts.retort_cli, os.X_OK):
            say("retort-cli not found: %r (use --alembic-only for the Alembic side alone)" %
                opts.retort_cli)
            return 2
        opts.retort_cli = os.path.abspath(opts.retort_cli)

    workroot = tempfile.mkdtemp(prefix="retort-oracle-", dir=opts.workdir)
    say("alembic oracle: seed=%s graphs=%d jobs=%d%s  (reproduce: --seed %s)" %
        (opts.seed, opts.graphs, opts.jobs, " ALEMBIC ONLY" if opts.alembic_only else "",
         opts.seed),
        "work directory: %s" % workroot)
    tools = Tools(alembic_python, opts.retort_cli, DEFAULT_HASHSEED)
    t0 = time.monotonic()
    reports: List[GraphReport] = []

    jobs = []
    for path in opts.spec:
        jobs.append(("hand", load_spec(path)))
    if opts.spec:
        opts.no_hand = opts.hand_only = True
    if not opts.no_hand:
        for c in hand_cases():
            jobs.append(("hand", c))
        for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.json"))):
            jobs.append(("hand", load_spec(path)))
    if not opts.hand_only and not opts.spec:
        only = [int(x) for x in opts.only.split(",") if x.strip()] if opts.only else \
            list(range(opts.graphs))
        for i in only:
            jobs.append(("random", i))

    def run_job(job):
        kind, x = job
        if kind == "hand":
            rep = run_graph(opts, tools, x.graph, "hand: " + x.name, workroot,
                            ["history -r " + rg for rg in x.ranges] + x.listings,
                            make_fixed_walk(x.walk), x.offline)
        else:
            rep = random_graph_job(opts, tools, x, workroot)
        summarize_graph(rep)
        if opts.verbose or opts.alembic_only:
            for n in rep.notes:
                say("    note: " + n)
        return rep

    with ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as ex:
        reports = list(ex.map(run_job, jobs))

    elapsed = time.monotonic() - t0
    n_mis = sum(len(r.mismatches) for r in reports)
    n_cmp = sum(r.compared for r in reports)
    n_bug = sum(1 for r in reports if r.alembic_bug)
    n_nd = sum(r.nondeterministic for r in reports)
    say("",
        "SUMMARY seed=%s: %d graphs (%d hand-written), %d commands compared, %d mismatches, "
        "%d graphs where Alembic crashed on its own bug, %d hash-seed-dependent Alembic answers "
        "matched; %.0fs (alembic %d calls %.0fs, retort %d calls %.0fs)" % (
            opts.seed, len(reports), sum(1 for j in jobs if j[0] == "hand"), n_cmp, n_mis,
            n_bug, n_nd, elapsed, tools.count_alembic, tools.time_alembic, tools.count_retort,
            tools.time_retort))
    crashes = [(r.name, c) for r in reports for c in r.crashes]
    if crashes:
        say("Alembic crashed (not on its version-table bug) where Retort succeeded - not "
            "comparable, listed for review:")
        for name, c in crashes:
            say("  %s: %s" % (name, c))
    if n_mis:
        say("mismatching graphs:")
        for r in reports:
            if r.mismatches:
                say("  %s: %s  (%s)" % (r.name, "; ".join(r.mismatches), ", ".join(r.dirs)))
        say("reproduce a random graph with: %s --seed %s --only <index> --keep "
            "(hand-written cases: --hand-only; a JSON case: --spec FILE)" % (
            " ".join(shlex.quote(a) for a in [sys.executable, __file__] +
                     (["--retort-cli", opts.retort_cli] if opts.retort_cli else []) +
                     (["--alembic-only"] if opts.alembic_only else [])), opts.seed))
    if not n_mis and not opts.keep:
        shutil.rmtree(workroot, ignore_errors=True)
    return 1 if n_mis else 0


if __name__ == "__main__":
    sys.exit(main())
