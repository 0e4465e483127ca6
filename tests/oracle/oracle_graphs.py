"""Revision graphs for the Alembic oracle test: a small model, a seeded random generator, and
writers for the two project layouts (an Alembic project and a native Retort project).

Python standard library only.
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Set

LABEL_POOL = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
]  # none of them is a hex string, so a label never doubles as a partial revision id

WORDS = [
    "users", "orders", "invoices", "billing", "audit", "index", "cleanup", "archive", "search",
    "tags", "notes", "ledger", "stock", "prices", "sessions", "tokens", "reports", "queue",
]

TABLE_PREFIX = "t_"


@dataclass
class Rev:
    id: str
    parents: List[str]                  # down_revision, in the order written
    labels: List[str] = field(default_factory=list)   # branch_labels as written
    deps: List[str] = field(default_factory=list)     # depends_on as written (ids or labels)
    message: str = ""
    slug: str = ""

    @property
    def basename(self) -> str:
        return "%s_%s" % (self.id, self.slug)

    @property
    def table(self) -> str:
        return TABLE_PREFIX + self.id


class Graph:
    """A revision graph plus the derived relations the harness needs (Alembic's definitions)."""

    def __init__(self, revs: List[Rev], name: str = "graph", strict_sql: bool = False):
        self.revs = list(revs)
        self.name = name
        # strict_sql: plain CREATE TABLE / DROP TABLE (a stamp followed by an up/downgrade then
        # fails on SQL); otherwise IF [NOT] EXISTS so that walks can go on after stamps.
        self.strict_sql = strict_sql
        self.by_id: Dict[str, Rev] = {r.id: r for r in self.revs}
        self.label_owner: Dict[str, str] = {}
        for r in self.revs:
            for lb in r.labels:
                self.label_owner[lb] = r.id

    # --- relations -------------------------------------------------------------------------
    def resolved_deps(self, rid: str) -> List[str]:
        out = []
        for d in self.by_id[rid].deps:
            t = self.label_owner.get(d, d)
            if t not in out:
                out.append(t)
        return out

    def all_down(self, rid: str) -> List[str]:
        out = list(self.by_id[rid].parents)
        for d in self.resolved_deps(rid):
            if d not in out:
                out.append(d)
        return out

    def children(self, rid: str) -> List[str]:
        return [r.id for r in self.revs if rid in r.parents]

    def dependents(self, rid: str) -> List[str]:
        return [r.id for r in self.revs if rid in self.resolved_deps(r.id)]

    def ancestors(self, rid: str, with_deps: bool = True) -> Set[str]:
        seen: Set[str] = set()
        todo = [rid]
        while todo:
            x = todo.pop()
            nxt = self.all_down(x) if with_deps else self.by_id[x].parents
            for p in nxt:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    def descendants(self, rid: str, with_deps: bool = True) -> Set[str]:
        seen: Set[str] = set()
        todo = [rid]
        while todo:
            x = todo.pop()
            nxt = self.children(x) + (self.dependents(x) if with_deps else [])
            for c in nxt:
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return seen

    def has_redundant_downs(self) -> bool:
        """A down revision or dependency that is already an ancestor (by parent or
        dependency) of another of the revision's down revisions - a dependency on one's own
        ancestor, or a merge of a revision with one that depends on it. Alembic keeps it in
        ``_normalized_down_revisions`` and its HeadMaintainer then leaves a redundant row (an
        ancestor of another row) after an unmerge, or crashes with a KeyError on a merge."""
        for r in self.revs:
            downs = self.all_down(r.id)
            for d in downs:
                if any(d in self.ancestors(o) for o in downs if o != d):
                    return True
        return False

    def heads(self) -> List[str]:
        """Alembic's ``heads``: no child by down_revision (dependents don't count)."""
        return [r.id for r in self.revs if not self.children(r.id)]

    def real_heads(self) -> List[str]:
        """Alembic's ``_real_heads``: no child and nothing depends on it (``_all_nextrev``
        empty). ``upgrade heads`` targets exactly these, and after it they are the rows."""
        return [r.id for r in self.revs if not self.children(r.id) and not self.dependents(r.id)]

    def bases(self) -> List[str]:
        return [r.id for r in self.revs if not r.parents]

    def closure(self, ids: Iterable[str]) -> Set[str]:
        out: Set[str] = set()
        for i in ids:
            out.add(i)
            out |= self.ancestors(i)
        return out

    def maximal(self, ids: Iterable[str]) -> Set[str]:
        """Members of ``ids`` that are no ancestor (by parent or dependency) of another member."""
        ids = set(ids)
        covered: Set[str] = set()
        for i in ids:
            covered |= self.ancestors(i)
        return ids - covered

    def unique_prefix_len(self, rid: str) -> int:
        n = 4  # Alembic only matches partial ids of four characters or more
        while n < len(rid) and any(o != rid and o.startswith(rid[:n]) for o in self.by_id):
            n += 1
        return min(n, len(rid))

    def all_labels(self) -> List[str]:
        return [lb for r in self.revs for lb in r.labels]

    def describe(self) -> str:
        lines = []
        for r in self.revs:
            s = "%s <- %s" % (r.id, ",".join(r.parents) or "(base)")
            if r.labels:
                s += "  labels=%s" % ",".join(r.labels)
            if r.deps:
                s += "  depends_on=%s" % ",".join(r.deps)
            lines.append(s)
        return "\n".join(lines)

    def to_python_literal(self) -> str:
        """A snippet that rebuilds this graph (for pasting into a hand-written case)."""
        rows = []
        for r in self.revs:
            rows.append("    (%r, %r, %r, %r)," % (r.id, r.parents, r.labels, r.deps))
        return "[\n" + "\n".join(rows) + "\n]"


def graph_from_spec(spec, name="graph", strict_sql=False) -> Graph:
    """spec: list of (id, parents, labels, deps) tuples in creation order."""
    revs = []
    for i, (rid, parents, labels, deps) in enumerate(spec):
        revs.append(Rev(rid, list(parents), list(labels), list(deps),
                        message="step %d %s" % (i, WORDS[i % len(WORDS)]),
                        slug="step_%d" % i))
    return Graph(revs, name=name, strict_sql=strict_sql)


# --- random generation ------------------------------------------------------------------------

def _randhex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _gen_ids(rng: random.Random, n: int, prefix_mode: bool, style: str = "hex") -> List[str]:
    out: List[str] = []
    while len(out) < n:
        if style == "short":
            # ids of 1-3 characters: Alembic matches these exactly, never as a prefix
            new = "".join(rng.choice("abcdefghjkmnpqrstuvwxyz0123456789")
                          for _ in range(rng.randint(1, 3)))
            if new.isdigit():
                continue
        elif style == "word":
            # free-form ids, some of them a prefix of another (rev_users_1 / rev_users_12)
            new = "rev_%s_%d" % (rng.choice(WORDS[:6]), rng.randint(1, 30))
        elif prefix_mode and out and rng.random() < 0.4:
            k = rng.randint(3, 10)  # 3: shared prefix shorter than Alembic's minimum of 4
            new = rng.choice(out)[:k] + _randhex(rng, 12 - k)
        else:
            new = _randhex(rng, 12)
        if new not in out:
            out.append(new)
    return out


def generate(rng: random.Random, name: str = "graph") -> Graph:
    n = rng.randint(5, 30)
    forest = rng.random() < 0.3
    use_labels = rng.random() < 0.65
    use_deps = rng.random() < 0.45
    prefix_mode = rng.random() < 0.4
    merge_rate = rng.choice([0.0, 0.12, 0.25])
    branch_rate = rng.choice([0.15, 0.3, 0.45])
    x = rng.random()
    style = "short" if x < 0.08 else ("word" if x < 0.16 else "hex")
    ids = _gen_ids(rng, n, prefix_mode, style)

    parents: List[List[str]] = []
    children: Dict[str, int] = {}
    n_bases = 0
    max_bases = rng.randint(2, 3) if forest else 1

    def tips(upto: int) -> List[str]:
        return [ids[j] for j in range(upto) if children.get(ids[j], 0) == 0]

    def anc(j_id: str, idx_of: Dict[str, int]) -> Set[str]:
        seen: Set[str] = set()
        todo = [j_id]
        while todo:
            x = todo.pop()
            for p in parents[idx_of[x]]:
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    idx_of = {rid: i for i, rid in enumerate(ids)}
    for i in range(n):
        if i == 0:
            ps: List[str] = []
        elif n_bases < max_bases and (rng.random() < 0.15 or (i == n // 2 and forest)):
            ps = []
        else:
            t = tips(i)
            r = rng.random()
            if r < merge_rate and len(t) >= 2:
                k = 3 if (len(t) >= 3 and rng.random() < 0.25) else 2
                if rng.random() < 0.04 and i >= 2:
                    # parents where one is an ancestor of the other (Alembic loads this)
                    child = ids[rng.randrange(1, i)]
                    a_ = sorted(anc(child, idx_of))
                    ps = [child, rng.choice(a_)] if a_ else rng.sample(t, k)
                elif rng.random() < 0.3:
                    # any antichain of existing revisions, not only tips
                    pool = [ids[j] for j in range(i)]
                    rng.shuffle(pool)
                    ps = []
                    for cand in pool:
                        if all(cand not in anc(p, idx_of) and p not in anc(cand, idx_of)
                               for p in ps):
                            ps.append(cand)
                        if len(ps) == k:
                            break
                    if len(ps) < 2:
                        ps = rng.sample(t, k)
                else:
                    ps = rng.sample(t, k)
            elif r < merge_rate + branch_rate:
                ps = [ids[rng.randrange(i)]]
            else:
                ps = [t[-1] if rng.random() < 0.6 else rng.choice(t)]
        if not ps:
            n_bases += 1
        parents.append(ps)
        for p in ps:
            children[p] = children.get(p, 0) + 1

    # labels: mostly at the start of a branch (a base, a child of a branch point, a merge)
    labels: List[List[str]] = [[] for _ in range(n)]
    if use_labels:
        pool = list(LABEL_POOL)
        rng.shuffle(pool)
        for i in range(n):
            ps = parents[i]
            starts_branch = (not ps) or len(ps) > 1 or any(children.get(p, 0) > 1 for p in ps)
            p = 0.4 if starts_branch else 0.07
            if pool and rng.random() < p:
                k = 2 if (len(pool) >= 2 and rng.random() < 0.15) else 1
                labels[i] = [pool.pop() for _ in range(k)]

    # depends_on: a revision that is not a (versioned) ancestor, usually on another branch
    deps: List[List[str]] = [[] for _ in range(n)]
    if use_deps:
        for i in range(1, n):
            if rng.random() < 0.22:
                a = anc(ids[i], idx_of)
                if rng.random() < 0.08:
                    cands = sorted(a)  # a redundant dependency on an ancestor
                else:
                    cands = [ids[j] for j in range(i) if ids[j] not in a]
                if not cands:
                    continue
                k = 2 if (len(cands) >= 2 and rng.random() < 0.15) else 1
                for target in rng.sample(cands, k):
                    tl = labels[idx_of[target]]
                    if tl and rng.random() < 0.25:
                        deps[i].append(rng.choice(tl))  # depends_on by branch label
                    else:
                        deps[i].append(target)

    revs = []
    for i in range(n):
        w = rng.choice(WORDS)
        revs.append(Rev(ids[i], parents[i], labels[i], deps[i],
                        message="step %d %s" % (i, w), slug="%s_%d" % (w, i)))
    return Graph(revs, name=name, strict_sql=rng.random() < 0.3)


# --- writers ----------------------------------------------------------------------------------

ALEMBIC_INI = """\
[alembic]
script_location = {script_location}
sqlalchemy.url = sqlite:///{db}

[loggers]
keys = root,sqlalchemy,alembic

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console
qualname =

[logger_sqlalchemy]
level = WARN
handlers =
qualname = sqlalchemy.engine

[logger_alembic]
level = INFO
handlers =
qualname = alembic

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)-5.5s [%(name)s] %(message)s
datefmt = %H:%M:%S
"""

ENV_PY = '''\
"""Minimal Alembic environment for the oracle test: online and offline, no metadata."""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=None,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''

RETORT_TOML = """\
[project]
name = "oracle"
scripts = "versions"

[environments.local]
driver = "sqlite"
database = "retort.db"
"""

CREATE_DATE = "2026-01-01 00:00:00.000000"


def _sql(graph: Graph, rev: Rev):
    if graph.strict_sql:
        return ("CREATE TABLE %s (x INTEGER)" % rev.table, "DROP TABLE %s" % rev.table)
    return ("CREATE TABLE IF NOT EXISTS %s (x INTEGER)" % rev.table,
            "DROP TABLE IF EXISTS %s" % rev.table)


def _py_value(items: List[str]) -> str:
    if not items:
        return "None"
    if len(items) == 1:
        return repr(items[0])
    return "(%s)" % ", ".join(repr(x) for x in items)


def write_alembic_project(graph: Graph, d: str) -> str:
    """Writes the Alembic project into ``d``; returns the path of alembic.ini."""
    d = os.path.abspath(d)
    os.makedirs(os.path.join(d, "versions"), exist_ok=True)
    ini = os.path.join(d, "alembic.ini")
    with open(ini, "w") as f:
        f.write(ALEMBIC_INI.format(script_location=d, db=os.path.join(d, "alembic.db")))
    with open(os.path.join(d, "env.py"), "w") as f:
        f.write(ENV_PY)
    for r in graph.revs:
        up, down = _sql(graph, r)
        labels = "None" if not r.labels else "(%s,)" % ", ".join(repr(x) for x in r.labels)
        text = (
            '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: %s\n\n"""\n'
            "from alembic import op\n\n"
            "# revision identifiers, used by Alembic.\n"
            "revision = %r\n"
            "down_revision = %s\n"
            "branch_labels = %s\n"
            "depends_on = %s\n\n\n"
            "def upgrade():\n    op.execute(%r)\n\n\n"
            "def downgrade():\n    op.execute(%r)\n"
        ) % (r.message, r.id, ", ".join(r.parents), CREATE_DATE, r.id,
             _py_value(r.parents), labels, _py_value(r.deps), up, down)
        with open(os.path.join(d, "versions", r.basename + ".py"), "w") as f:
            f.write(text)
    return ini


def write_native_project(graph: Graph, d: str) -> str:
    """Writes the native Retort project into ``d``; returns ``d``."""
    d = os.path.abspath(d)
    os.makedirs(os.path.join(d, "versions"), exist_ok=True)
    with open(os.path.join(d, "retort.toml"), "w") as f:
        f.write(RETORT_TOML)
    for r in graph.revs:
        up, down = _sql(graph, r)
        text = (
            "-- %s\n--\n"
            "-- Revision ID: %s\n"
            "-- Revises: %s\n"
            "-- Branch Labels: %s\n"
            "-- Depends On: %s\n"
            "-- Create Date: %s\n\n"
            "-- migrate:upgrade\n%s;\n\n"
            "-- migrate:downgrade\n%s;\n"
        ) % (r.message, r.id, ", ".join(r.parents), ", ".join(r.labels), ", ".join(r.deps),
             CREATE_DATE, up, down)
        with open(os.path.join(d, "versions", r.basename + ".sql"), "w") as f:
            f.write(text)
    return d
