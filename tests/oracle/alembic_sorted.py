#!/usr/bin/python3
"""Run the real Alembic CLI with its version files loaded in sorted file-name order.

Usage: /usr/bin/python3 alembic_sorted.py -c alembic.ini <alembic command and options>

Why this wrapper exists
-----------------------
Alembic builds its revision map in the order in which it loads the version files, and that
order is not cosmetic: ``RevisionMap._topological_sort`` pre-sorts the heads it starts from by
their position in the map ("Use revision map (ordered dict) key order to pre-sort"), so when
several branches are independent of each other, the load order decides which one is upgraded,
downgraded or listed by ``history`` first.

Alembic 1.8.1 (Debian's package, our oracle) lists the folder with a bare ``os.listdir()``
(``Script._list_py_dir`` in alembic/script/base.py), i.e. in the file system's own order - on
ext4 a hash order that differs from one directory to the next even for identical file names.
Newer Alembic releases sort the listing by file name, and Retort's design (docs/ARCHITECTURE.md: "File
names sort like Alembic's ... because the load order breaks ties in ordering") follows the
sorted behaviour. To compare like with like, this wrapper replaces ``_list_py_dir`` with a
version that returns ``sorted(os.listdir(path))`` and then hands over to Alembic's own
command-line entry point, so everything else is the unmodified Alembic.
"""
import os
import sys

import alembic.config
from alembic.script.base import Script

_original_list_py_dir = Script._list_py_dir.__func__


def _sorted_list_py_dir(cls, scriptdir, path):
    if scriptdir.sourceless:  # not used by the oracle; keep Alembic's behaviour, but sorted
        return sorted(_original_list_py_dir(cls, scriptdir, path))
    return sorted(os.listdir(path))


Script._list_py_dir = classmethod(_sorted_list_py_dir)

if __name__ == "__main__":
    sys.exit(alembic.config.main(argv=sys.argv[1:], prog="alembic"))
