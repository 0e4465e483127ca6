#!/usr/bin/python3
"""Retort reading real Alembic projects, compared with Alembic on the same project.

Each project is made by the real tools only: ``alembic init``, then ``alembic revision``
(``--head``, ``--splice``, ``--branch-label``, ``--depends-on``) and ``alembic merge``, chosen
by a seeded generator, so the ``.py`` files are exactly what Alembic writes. Retort reads that
project directly (alembic.ini, no retort.toml) and the harness compares:

* ``heads``, ``heads --resolve-dependencies``, ``history``, ``history -v``, ``branches``,
  ``show REV``, ``history -r A:B`` ranges (normalised as in oracle_test.py: label order inside
  ``(...)``, ``Path:`` lines of verbose entries); the messages come from the docstrings, so
  they check the Python reader too;
* offline SQL: ``upgrade base:heads --sql``, ``upgrade base:REV --sql``,
  ``downgrade heads:REV --sql``, ``downgrade heads:base --sql`` — the step order (``-- Running``
  lines) and every ``alembic_version`` statement (the migrations are empty, as ``alembic
  revision`` writes them), with the net-effect fallback of oracle_test.py for the row Alembic
  picks from a set;
* real runs on SQLite: ``alembic upgrade REV`` / ``downgrade REV`` on the project's own
  database (sqlalchemy.url), then ``current`` and ``history -r current:heads`` from both tools,
  and Retort's ``status --json`` (pending count, at heads);
* Retort refusing to run Python revisions online or to write revisions into the project.

Usage: alembic_project_test.py --retort-cli PATH [--alembic /usr/bin/alembic] [--graphs N]
                               [--seed S] [--keep] [-v]
Python standard library only; Alembic runs under the interpreter of the ``alembic`` script
(through alembic_sorted.py, so version files load in sorted order, as Retort loads them).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import random
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Dict, List, Optional, Set

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

from oracle_test import (DbState, Tools, normalise_output, read_db, sql_effect,  # noqa: E402
                         sql_text, step_lines, udiff)


class Model:
    """The graph as the generator built it (to choose valid commands)."""

    def __init__(self) -> None:
        self.order: List[str] = []
        self.parents: Dict[str, List[str]] = {}
        self.deps: Dict[str, List[str]] = {}
        self.labels: Dict[str, str] = {}

    def children(self, rid: str) -> List[str]:
        return [r for r in self.order if rid in self.parents[r]]

    def heads(self) -> List[str]:
        return [r for r in self.order if not self.children(r)]

    def ancestors(self, rid: str) -> Set[str]:
        seen: Set[str] = set()
        todo = [rid]
        while todo:
            r = todo.pop()
            for p in self.parents[r] + self.deps[r]:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen


class Failures:
    def __init__(self) -> None:
        self.items: List[str] = []
        self.compared = 0

    def check(self, what: str, expected: List[str], actual: List[str]) -> bool:
        self.compared += 1
        if expected == actual:
            return True
        self.items.append("%s\n%s" % (what, udiff(expected, actual)))
        return False


def alembic_ok(res, what: str) -> None:
    if res.rc != 0:
        raise RuntimeError("alembic %s failed:\n%s" % (what, res.text))


def build_project(tools: Tools, rng: random.Random, d: str, n: int, verbose: bool) -> Model:
    """``alembic init`` in ``d`` and ``n`` revisions made by ``alembic revision`` / ``merge``."""
    os.makedirs(d)
    p = subprocess.run([tools.alembic_python, "-m", "alembic", "init", "alembic"], cwd=d,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise RuntimeError("alembic init failed:\n" + p.stdout.decode())
    ini = os.path.join(d, "alembic.ini")
    with open(ini) as f:
        text = f.read()
    text = text.replace("driver://user:pass@localhost/dbname", "sqlite:///alembic.db")
    with open(ini, "w") as f:
        f.write(text)

    m = Model()
    label_no = 0
    while len(m.order) < n:
        rid = "%012x" % rng.getrandbits(48)
        if rid in m.parents:
            continue
        heads = m.heads()
        msg = "step %d %s" % (len(m.order), rng.choice(["add users", "index", "fix"]))
        args: List[str]
        parents: List[str]
        roll = rng.random()
        if not m.order:
            args, parents = ["revision", "-m", msg], []
        elif len(heads) >= 2 and roll < 0.25:
            pick = rng.sample(heads, 2 if len(heads) == 2 or rng.random() < 0.7 else 3)
            args, parents = ["merge", "-m", "merge " + msg] + pick, pick
        elif roll < 0.45 and len(m.order) >= 2:
            base = rng.choice([r for r in m.order if r not in heads] or m.order)
            args, parents = ["revision", "-m", msg, "--head", base, "--splice"], [base]
            if rng.random() < 0.7:
                label_no += 1
                args += ["--branch-label", "branch%d" % label_no]
                m.labels[rid] = "branch%d" % label_no
        else:
            head = rng.choice(heads)
            args, parents = ["revision", "-m", msg, "--head", head], [head]
        deps: List[str] = []
        if args[0] == "revision" and m.order and rng.random() < 0.3:
            # depends_on a revision that is not already an ancestor (or a label of one)
            anc: Set[str] = set()
            for par in parents:
                anc |= m.ancestors(par) | {par}
            pool = [r for r in m.order if r not in anc]
            if pool:
                dep = rng.choice(pool)
                ref = m.labels.get(dep) if dep in m.labels and rng.random() < 0.3 else dep
                args += ["--depends-on", ref]
                deps = [dep]
        args += ["--rev-id", rid]
        res = tools.alembic(ini, args)
        if verbose:
            print("  alembic " + " ".join(args))
        alembic_ok(res, " ".join(args))
        # Give the migration real operations (what a user would write in place of `pass`).
        path = [os.path.join(d, "alembic", "versions", f)
                for f in os.listdir(os.path.join(d, "alembic", "versions"))
                if f.startswith(rid)][0]
        with open(path) as f:
            text = f.read()
        text = text.replace("    pass", "    op.create_table('t_%s', sa.Column('id', sa.Integer, "
                            "primary_key=True), sa.Column('note', sa.String(40)))\n"
                            "    op.execute(\"INSERT INTO t_%s (note) VALUES ('a;b')\")" %
                            (rid, rid), 1)
        text = text.replace("    pass", "    op.drop_table('t_%s')" % rid, 1)
        with open(path, "w") as f:
            f.write(text)
        m.order.append(rid)
        m.parents[rid] = parents
        m.deps[rid] = deps
    return m


def retort(tools: Tools, d: str, args: List[str]):
    return tools.retort(d, args)


def compare_project(tools: Tools, rng: random.Random, d: str, m: Model, fails: Failures,
                    label: str, verbose: bool) -> None:
    ini = os.path.join(d, "alembic.ini")

    def listing_cmd(args: List[str]) -> None:
        a = tools.alembic(ini, args)
        r = retort(tools, d, args)
        if verbose:
            print("  %s" % " ".join(args))
        if a.rc != 0:
            if r.rc == 0:
                fails.items.append("%s: %s: alembic failed, retort did not\n%s" %
                                   (label, " ".join(args), a.text[-400:]))
            return
        if r.rc != 0:
            fails.items.append("%s: %s: retort failed\n%s" % (label, " ".join(args), r.text))
            return
        fails.check("%s: %s" % (label, " ".join(args)), normalise_output(args, a.out),
                    normalise_output(args, r.out))

    for args in (["heads"], ["heads", "--resolve-dependencies"], ["history"],
                 ["history", "-v"], ["branches"]):
        listing_cmd(args)
    for rid in rng.sample(m.order, min(3, len(m.order))):
        listing_cmd(["show", rid])
    for _ in range(3):
        a, b = rng.sample(m.order, 2)
        lo, hi = (a, b) if m.order.index(a) < m.order.index(b) else (b, a)
        if lo in m.ancestors(hi):
            listing_cmd(["history", "-r", "%s:%s" % (lo, hi)])
        listing_cmd(["history", "-r", "%s:" % lo])

    r = retort(tools, d, ["check"])
    fails.compared += 1
    if r.rc != 0 or not r.out.startswith("OK: %d revision(s)" % len(m.order)):
        fails.items.append("%s: check\n%s" % (label, r.text))

    # Offline SQL.
    mid = rng.choice(m.order)
    head = rng.choice(m.heads())
    for args in (["upgrade", "base:heads", "--sql"], ["upgrade", "base:%s" % mid, "--sql"],
                 ["downgrade", "%s:%s" % (head, mid), "--sql"],
                 ["downgrade", "heads:base", "--sql"]):
        a = tools.alembic(ini, args)
        if verbose:
            print("  %s" % " ".join(args))
        if a.rc != 0:
            r = retort(tools, d, args)
            if a.kind == "bug":
                continue  # Alembic's own crash (SERVICES.md): nothing to compare
            if r.rc == 0:
                fails.items.append("%s: %s: alembic failed, retort did not\n%s" %
                                   (label, " ".join(args), a.text[-400:]))
            continue
        r = retort(tools, d, args)
        if r.rc != 0:
            fails.items.append("%s: %s: retort failed\n%s" % (label, " ".join(args), r.text))
            continue
        if sql_text(a.out) != sql_text(r.out):
            fails.check("%s: %s (net effect per step)" % (label, " ".join(args)),
                        sql_effect(a.out), sql_effect(r.out))
        else:
            fails.compared += 1

    # Real runs on the project's SQLite database, read back by both.
    db = os.path.join(d, "alembic.db")
    if os.path.exists(db):
        os.remove(db)
    targets = ["upgrade %s" % rng.choice(m.order), "upgrade heads",
               "downgrade %s" % rng.choice(m.order), "downgrade base"]
    for cmd in targets:
        a = tools.alembic(ini, cmd.split())
        if verbose:
            print("  alembic %s -> rc %d" % (cmd, a.rc))
        if a.rc != 0:
            continue  # an invalid target here, or Alembic's HeadMaintainer bug
        # Alembic's own refusal to go from these rows to heads (its downgrade can leave a row
        # below another through depends_on; then `upgrade heads` fails with "overlaps"): Retort's
        # status must report the same error rather than a pending count.
        refusal = None
        for args in (["current"], ["history", "-r", "current:heads"]):
            ac = tools.alembic(ini, args)
            rc = retort(tools, d, args)
            if ac.rc != 0:
                if args[0] == "history":
                    m_err = re.search(r"FAILED: (.*)", ac.text)
                    refusal = m_err.group(1).strip() if m_err else ac.text.strip()
                continue
            if rc.rc != 0:
                fails.items.append("%s: after %s: %s: retort failed\n%s" %
                                   (label, cmd, " ".join(args), rc.text))
                continue
            fails.check("%s: after alembic %s: %s" % (label, cmd, " ".join(args)),
                        normalise_output(args, ac.out), normalise_output(args, rc.out))
        st = retort(tools, d, ["status", "--json"])
        fails.compared += 1
        try:
            env = json.loads(st.out)[0]
            # pending: every revision not applied, i.e. not a row or below one (through
            # down revisions and depends_on), as `upgrade heads` would run them
            applied: Set[str] = set()
            for row in env["rows"]:
                applied |= m.ancestors(row) | {row}
            expected_pending = len(m.order) - len(applied)
            alembic_rows = normalise_output(["current"], tools.alembic(ini, ["current"]).out)
            if sorted(env["current"]) != [x.split(" ")[0] for x in alembic_rows]:
                fails.items.append("%s: after %s: status current %s, alembic current %s" %
                                   (label, cmd, env["current"], alembic_rows))
            if refusal is not None:
                if env["environment"] != "alembic" or refusal not in (env.get("error") or ""):
                    fails.items.append("%s: after %s: status %s, expected alembic's error %r" %
                                       (label, cmd, st.out, refusal))
            elif env["environment"] != "alembic" or env["pending"] != expected_pending:
                fails.items.append("%s: after %s: status %s, expected pending %d" %
                                   (label, cmd, st.out, expected_pending))
        except (ValueError, KeyError, IndexError) as e:
            fails.items.append("%s: status --json: %s\n%s" % (label, e, st.text))

    # Retort applies Alembic revisions with SQL rendered by alembic: the same steps, rows and
    # tables as a real Alembic run.
    def fresh_db() -> None:
        if os.path.exists(db):
            os.remove(db)

    for target in ("heads", rng.choice(m.order)):
        fresh_db()
        a = tools.alembic(ini, ["upgrade", target])
        if a.rc != 0:
            continue  # Alembic's HeadMaintainer bug (SERVICES.md): nothing to compare
        a_state = read_db(db)
        fresh_db()
        r = retort(tools, d, ["upgrade", target])
        if verbose:
            print("  retort upgrade %s -> rc %d" % (target, r.rc))
        if r.rc != 0:
            fails.items.append("%s: retort upgrade %s failed\n%s" % (label, target, r.text))
            continue
        fails.check("%s: upgrade %s: steps" % (label, target), step_lines(a.text),
                    step_lines(r.text))
        fails.check("%s: upgrade %s: rows and tables" % (label, target), [a_state.show()],
                    [read_db(db).show()])
        # and back down with Retort
        r = retort(tools, d, ["downgrade", "base"])
        fails.check("%s: retort downgrade base after upgrade %s" % (label, target),
                    ["rc=0", DbState((), ()).show()], ["rc=%d" % r.rc, read_db(db).show()])

    # Without alembic, Retort refuses to apply them; it never writes .sql files into an Alembic
    # project.
    for args in (["upgrade", "heads", "--alembic", "/nonexistent/alembic"],
                 ["revision", "-m", "x"]):
        r = retort(tools, d, args)
        fails.compared += 1
        if r.rc == 0 or "Alembic" not in r.err:
            fails.items.append("%s: %s should be refused\n%s" % (label, " ".join(args), r.text))

    # convert: a native project with the same graph and the same SQL.
    out = os.path.join(d, "converted")
    r = retort(tools, d, ["convert", "--out", out])
    fails.compared += 1
    if r.rc != 0:
        # Alembic 1.8.1's own version-table upkeep crashes on some graphs (SERVICES.md); convert
        # then says so and stops. Nothing to compare: anything else is a failure.
        alembic_bug = re.search(r"in (_update_version|_insert_version|_delete_version|"
                                r"update_to_step)\b", r.text) and re.search(
                                    r"\b(KeyError|AssertionError)\b", r.text)
        if not alembic_bug:
            fails.items.append("%s: convert failed\n%s" % (label, r.text))
        elif verbose:
            print("  convert: alembic crashed on its own bug; not compared")
        return
    for args in (["history"], ["heads"]):
        fails.check("%s: converted: %s" % (label, " ".join(args)),
                    normalise_output(args, retort(tools, d, args).out),
                    normalise_output(args, retort(tools, out, args).out))
    a = tools.alembic(ini, ["upgrade", "base:heads", "--sql"])
    if a.rc == 0:
        n = retort(tools, out, ["upgrade", "heads", "--sql"])
        fails.check("%s: converted: upgrade heads --sql" % label, sql_effect(a.out),
                    sql_effect(n.out))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--retort-cli", required=True)
    ap.add_argument("--alembic", default="/usr/bin/alembic")
    ap.add_argument("--graphs", type=int, default=int(os.environ.get("ALEMBIC_PROJECTS", "3")))
    ap.add_argument("--revisions", type=int, default=12)
    ap.add_argument("--seed", default=os.environ.get("ORACLE_SEED"))
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true")
    opts = ap.parse_args()
    if opts.seed is None:
        opts.seed = str(random.SystemRandom().randrange(1, 10 ** 9))
    with open(opts.alembic) as f:
        first = f.readline()
    alembic_python = first[2:].strip().split()[0] if first.startswith("#!") else sys.executable
    tools = Tools(alembic_python, os.path.abspath(opts.retort_cli), "0")
    work = tempfile.mkdtemp(prefix="retort-alembic-projects-")
    os.environ["RETORT_CACHE_DIR"] = os.path.join(work, "cache")  # Retort's parsed-script cache
    print("alembic projects: seed=%s projects=%d (reproduce: --seed %s)\nwork directory: %s" %
          (opts.seed, opts.graphs, opts.seed, work))
    sys.stdout.flush()
    t0 = time.monotonic()
    fails = Failures()
    for i in range(opts.graphs):
        rng = random.Random("%s/%d" % (opts.seed, i))
        d = os.path.join(work, "project%d" % i)
        n = opts.revisions + rng.randrange(0, 6)
        try:
            m = build_project(tools, rng, d, n, opts.verbose)
        except RuntimeError as e:
            fails.items.append("project %d: generator: %s" % (i, e))
            continue
        print("project %d: %d revisions, %d heads, %d merges, %d labels, %d depends_on" %
              (i, len(m.order), len(m.heads()), sum(len(p) > 1 for p in m.parents.values()),
               len(m.labels), sum(bool(x) for x in m.deps.values())))
        sys.stdout.flush()
        compare_project(tools, rng, d, m, fails, "project %d" % i, opts.verbose)
    print("%d comparisons, %d alembic calls (%.1f s), %d retort calls (%.1f s), %.1f s in all" %
          (fails.compared, tools.count_alembic, tools.time_alembic, tools.count_retort,
           tools.time_retort, time.monotonic() - t0))
    for f in fails.items:
        print("MISMATCH " + f)
    if not fails.items and not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("FAILED: %d mismatch(es)" % len(fails.items) if fails.items else "OK")
    return 1 if fails.items else 0


if __name__ == "__main__":
    sys.exit(main())
