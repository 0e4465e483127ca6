#!/usr/bin/python3
"""A project shaped like OpenStack Neutron's, read by Retort and by the real Alembic.

Neutron keeps alembic.ini and script_location inside its package
(``neutron/db/migration/alembic_migrations``), its revision files in one folder per release and
branch (``versions/<release>/expand``, ``.../contract``) listed in version_locations, and the
first revision of each branch takes its label from a constant of the package:
``branch_labels = (cli.EXPAND_BRANCH,)`` after ``from neutron.db.migration import cli``. Retort
reads such names without running Python (src/core/scripts/PythonModules.h).

This test writes a project of that shape (its own package, ``quantum``, with the other import
forms Retort follows: ``import a.b.c as m``, ``from a import b``, a relative import and a
constant named by another constant inside the package, a constant ``down_revision``), lets the
real Alembic load it (``prepend_sys_path`` puts the repository root on Python's path, as an
installed package would be) and compares:

* ``heads``, ``heads --resolve-dependencies``, ``branches``, ``history``, ``show`` of the branch
  labels and ``history -r contract@base:contract@head`` (normalised as in oracle_test.py);
* offline ``upgrade heads --sql`` (Retort's step order and version statements);
* after the module the labels come from is edited (``CONTRACT_BRANCH`` renamed), the same
  listings again: Retort's parse cache must see the module change, not only the revision files;
* a constant Retort cannot read (``EXPAND_BRANCH + '_extra'``): Alembic loads it, Retort's
  ``check`` must fail naming the revision file and line, the name, and the module's line.

Usage: alembic_imports_test.py --retort-cli PATH [--alembic /usr/bin/alembic] [--keep] [-v]
Python standard library only.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from typing import List

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

from oracle_test import Tools, normalise_output, sql_text, udiff  # noqa: E402

PACKAGE_FILES = {
    "quantum/__init__.py": "",
    "quantum/db/__init__.py": "",
    # The package's own module, with what Retort never needs (imports, calls, functions).
    "quantum/db/migration/__init__.py": '''import contextlib

import sqlalchemy as sa

KILO = 'kilo'
LIBERTY = 'liberty'
MITAKA = 'mitaka'
NEWTON = 'newton'
OCATA = 'ocata'


@contextlib.contextmanager
def remove_fks_from_table(table):
    yield sa.MetaData()
''',
    "quantum/db/migration/branches.py": "EXPAND = 'expand'\n",
    "quantum/db/migration/cli.py": '''import os

from alembic import command as alembic_command  # noqa: F401

from quantum.db import migration
from .branches import EXPAND as _EXPAND

HEAD_FILENAME = 'HEAD'
CURRENT_RELEASE = migration.OCATA
RELEASES = (
    migration.LIBERTY,
    migration.MITAKA,
    migration.NEWTON,
    migration.OCATA,
)

EXPAND_BRANCH = _EXPAND
CONTRACT_BRANCH = 'contract'
MIGRATION_BRANCHES = (EXPAND_BRANCH, CONTRACT_BRANCH)
JOINED_BRANCH = EXPAND_BRANCH + '_extra'

quantum_alembic_ini = os.path.join(os.path.dirname(__file__), 'alembic.ini')


def main():
    pass
''',
    "quantum/db/migration/alembic_migrations/__init__.py": "",
    "quantum/db/migration/alembic_migrations/external.py":
        "LIBERTY_EXPAND_HEAD = '1b4c6e320f79'\nMITAKA_EXPAND_HEAD = '0e66c5227a8a'\n"
        "NEWTON_EXPAND_HEAD = 'a963b38d82f4'\n",
}

# (folder under versions/, file, revision, down_revision expression, extra lines)
REVISIONS = [
    ("", "kilo_initial.py", "kilo", "None", ""),
    ("liberty/expand", "30018084ed99_initial.py", "30018084ed99", "migration.KILO",
     "from quantum.db import migration\nfrom quantum.db.migration import cli\n",
     "branch_labels = (cli.EXPAND_BRANCH,)\n"),
    ("liberty/expand", "1b4c6e320f79_address_scope.py", "1b4c6e320f79", "'30018084ed99'", ""),
    ("liberty/contract", "30018084ec99_initial.py", "30018084ec99", "'kilo'",
     "from quantum.db.migration import cli\n", "branch_labels = (cli.CONTRACT_BRANCH,)\n"),
    ("liberty/contract", "4af11ca47297_drop_tables.py", "4af11ca47297", "'30018084ec99'",
     "from quantum.db.migration.alembic_migrations import external\n",
     "depends_on = (external.LIBERTY_EXPAND_HEAD,)\n"),
    ("mitaka/expand", "0e66c5227a8a_add_desc.py", "0e66c5227a8a", "'1b4c6e320f79'", ""),
    ("mitaka/contract", "5ffceebfada_rbac_external.py", "5ffceebfada", "'4af11ca47297'",
     "import quantum.db.migration.alembic_migrations.external as ext\n",
     "depends_on = (ext.MITAKA_EXPAND_HEAD,)\n"),
    ("newton/expand", "a963b38d82f4_add_dns_name.py", "a963b38d82f4", "'0e66c5227a8a'", ""),
    ("newton/contract", "7d9d8eeec6ad_rename_tenant.py", "7d9d8eeec6ad", "'5ffceebfada'",
     "import quantum.db.migration.alembic_migrations.external\n",
     "depends_on = [\n    quantum.db.migration.alembic_migrations.external.NEWTON_EXPAND_HEAD,\n]\n"),
    ("ocata/expand", "a9c43481023c_extend_ml2.py", "a9c43481023c", "'a963b38d82f4'", ""),
]


def revision_text(rev, down, imports, extra) -> str:
    return ('"""%s\n\nRevision ID: %s\nCreate Date: 2016-01-01 00:00:00.000000\n\n"""\n\n'
            "%s\n# revision identifiers, used by Alembic.\nrevision = '%s'\n"
            "down_revision = %s\n%s\n\ndef upgrade():\n    pass\n"
            % ("revision " + rev, rev, imports, rev, down, extra))


def write(path: str, text: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def build_project(tools: Tools, repo: str) -> str:
    """The repository in ``repo``; returns the path of its alembic.ini."""
    os.makedirs(os.path.join(repo, ".git"))
    for rel, text in PACKAGE_FILES.items():
        write(os.path.join(repo, rel), text)
    migration = os.path.join(repo, "quantum", "db", "migration")
    scripts = os.path.join(migration, "alembic_migrations")
    # env.py and script.py.mako as `alembic init` writes them
    init = os.path.join(os.path.dirname(repo), "init")
    os.makedirs(init)
    tools._run([tools.alembic_python, "-m", "alembic", "init", "alembic"], dict(os.environ), init)
    for name in ("env.py", "script.py.mako"):
        shutil.copy(os.path.join(init, "alembic", name), os.path.join(scripts, name))
    shutil.rmtree(init)
    folders = ["%(here)s/alembic_migrations/versions"]
    for entry in REVISIONS:
        folder, fname, rev, down = entry[:4]
        imports = entry[4] if len(entry) > 4 else ""
        extra = entry[5] if len(entry) > 5 else ""
        write(os.path.join(scripts, "versions", folder, fname),
              revision_text(rev, down, imports, extra))
        loc = "%(here)s/alembic_migrations/versions/" + folder
        if folder and loc not in folders:
            folders.append(loc)
    ini = os.path.join(migration, "alembic.ini")
    write(ini, "[alembic]\nscript_location = %(here)s/alembic_migrations\n"
               "version_locations = " + " ".join(folders) + "\n"
               "prepend_sys_path = %(here)s/../../..\n"
               "sqlalchemy.url = sqlite:///%(here)s/quantum.db\n\n"
               "[loggers]\nkeys = root\n[handlers]\nkeys = console\n[formatters]\nkeys = generic\n"
               "[logger_root]\nlevel = WARN\nhandlers = console\n"
               "[handler_console]\nclass = StreamHandler\nargs = (sys.stderr,)\nlevel = NOTSET\n"
               "formatter = generic\n[formatter_generic]\nformat = %%(levelname)-5.5s %%(message)s\n")
    return ini


class Comparison:
    def __init__(self, tools: Tools, ini: str, verbose: bool) -> None:
        self.tools = tools
        self.ini = ini
        self.project = os.path.dirname(ini)
        self.verbose = verbose
        self.failures: List[str] = []
        self.compared = 0

    def retort(self, args: List[str]):
        return self.tools.retort(self.project, args)

    def listings(self, label: str, contract: str = "contract") -> None:
        for args in (["heads"], ["heads", "--resolve-dependencies"], ["branches"], ["history"],
                     ["show", "expand@head"], ["show", contract + "@head"],
                     ["history", "-r", "%s@base:%s@head" % (contract, contract)]):
            a = self.tools.alembic(self.ini, args)
            r = self.retort(args)
            self.compared += 1
            what = "%s: %s" % (label, " ".join(args))
            if self.verbose:
                print("  " + what)
            if a.rc != 0:
                self.failures.append("%s: alembic failed\n%s" % (what, a.text[-600:]))
            elif r.rc != 0:
                self.failures.append("%s: retort failed\n%s" % (what, r.text))
            else:
                expected, actual = normalise_output(args, a.out), normalise_output(args, r.out)
                if expected != actual:
                    self.failures.append("%s\n%s" % (what, udiff(expected, actual)))

    def offline(self, label: str) -> None:
        args = ["upgrade", "heads", "--sql"]
        a = self.tools.alembic(self.ini, args)
        r = self.retort(args)
        self.compared += 1
        if a.rc != 0 or r.rc != 0:
            self.failures.append("%s: upgrade heads --sql failed\n%s\n%s" %
                                 (label, a.text[-600:], r.text))
        elif sql_text(a.out) != sql_text(r.out):
            self.failures.append("%s: upgrade heads --sql\n%s" %
                                 (label, udiff(sql_text(a.out), sql_text(r.out))))

    def unreadable_constant(self) -> None:
        """A label Alembic computes (EXPAND_BRANCH + '_extra') but Retort cannot read."""
        path = os.path.join(self.project, "alembic_migrations", "versions", "ocata", "expand",
                            "b1c2d3e4f5a6_extra.py")
        text = revision_text("b1c2d3e4f5a6", "'a9c43481023c'",
                             "from quantum.db.migration import cli\n",
                             "branch_labels = (cli.JOINED_BRANCH,)\n")
        write(path, text)
        labels_line = 1 + text.split("branch_labels =")[0].count("\n")
        a = self.tools.alembic(self.ini, ["heads"])
        r = self.retort(["check"])
        self.compared += 1
        with open(os.path.join(self.project, "cli.py")) as f:
            joined_line = 1 + f.read().split("JOINED_BRANCH =")[0].count("\n")
        wanted = ["%s:%d: branch_labels: cannot resolve cli.JOINED_BRANCH" % (path, labels_line),
                  "JOINED_BRANCH is assigned at %s:%d" % (os.path.join(self.project, "cli.py"),
                                                          joined_line)]
        if a.rc != 0 or "expand_extra" not in a.out:
            self.failures.append("alembic should load the computed label\n" + a.text[-600:])
        if r.rc == 0 or not all(w in r.text for w in wanted):
            self.failures.append("retort check should name %s\n%s" % (wanted, r.text))
        os.remove(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--retort-cli", required=True)
    ap.add_argument("--alembic", default="/usr/bin/alembic")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true")
    opts = ap.parse_args()
    with open(opts.alembic) as f:
        first = f.readline()
    alembic_python = first[2:].strip().split()[0] if first.startswith("#!") else sys.executable
    tools = Tools(alembic_python, os.path.abspath(opts.retort_cli), "0")
    work = tempfile.mkdtemp(prefix="retort-alembic-imports-")
    os.environ["RETORT_CACHE_DIR"] = os.path.join(work, "cache")  # Retort's parsed-script cache
    print("work directory: %s" % work)
    t0 = time.monotonic()
    ini = build_project(tools, os.path.join(work, "repo"))
    c = Comparison(tools, ini, opts.verbose)
    c.listings("parsed")
    c.offline("parsed")
    # The parse cache does not record files changed in the last two seconds.
    time.sleep(2.5)
    c.retort(["heads"])  # fills the cache
    c.listings("cached")
    cli = os.path.join(os.path.dirname(ini), "cli.py")
    with open(cli) as f:
        text = f.read()
    write(cli, text.replace("CONTRACT_BRANCH = 'contract'", "CONTRACT_BRANCH = 'shrink'"))
    c.listings("after editing cli.py", "shrink")
    c.unreadable_constant()
    print("%d comparisons, %.1f s" % (c.compared, time.monotonic() - t0))
    for f in c.failures:
        print("MISMATCH " + f)
    if not c.failures and not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    print("FAILED: %d mismatch(es)" % len(c.failures) if c.failures else "OK")
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
