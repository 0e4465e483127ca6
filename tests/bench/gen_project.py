#!/usr/bin/env python3
"""Writes a native Retort project with N revisions for benchmarks.

Shape: a main line with a side branch every 50 revisions that is merged back 10 revisions later,
a branch label on every 20th side branch, and a depends_on every 200 revisions. With `dense`: a
label on every side branch (200 labels in 10,000 revisions) and a depends_on every 10 revisions
(1,000), as in large projects that use them a lot. Deterministic.
Usage: gen_project.py N DIR [dense]
"""
import os
import sys


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    dense = len(sys.argv) > 3 and sys.argv[3] == "dense"
    label_every, deps_every = (50, 10) if dense else (1000, 200)
    versions = os.path.join(root, "versions")
    os.makedirs(versions, exist_ok=True)
    with open(os.path.join(root, "retort.toml"), "w") as f:
        f.write('[project]\nname = "bench"\nscripts = "versions"\n\n'
                '[environments.local]\ndriver = "sqlite"\ndatabase = "bench.db"\n')
    ids = ["%012x" % (0x100000000000 + i * 7919) for i in range(n)]
    main_tip = None
    side_tip = None
    side_started = None
    for i, rev in enumerate(ids):
        labels, deps, down = [], [], []
        if i == 0:
            down = []
        elif i % 50 == 1 and i + 12 < n:
            # start a side branch from the main tip
            down = [main_tip]
            side_started = i
            if i % label_every == 1:
                labels = ["side%d" % i]
        elif side_started is not None and i - side_started < 10:
            down = [side_tip]
        elif side_started is not None and i - side_started == 10:
            down = [main_tip, side_tip]  # merge
            side_started = None
        else:
            down = [main_tip]
        if i % deps_every == deps_every * 3 // 4 and i > 200:
            deps = [ids[i - 120]]
        name = "%s_migration_number_%d.sql" % (rev, i)
        with open(os.path.join(versions, name), "w") as f:
            f.write("-- Migration number %d\n--\n" % i)
            f.write("-- Revision ID: %s\n" % rev)
            f.write("-- Revises: %s\n" % ", ".join(down))
            f.write("-- Branch Labels: %s\n" % ", ".join(labels))
            f.write("-- Depends On: %s\n" % ", ".join(deps))
            f.write("-- Create Date: 2026-11-20 10:00:00.000000\n")
            f.write("-- Transactional: true\n\n")
            f.write("-- migrate:upgrade\nCREATE TABLE t_%s (id INTEGER PRIMARY KEY);\n\n" % rev)
            f.write("-- migrate:downgrade\nDROP TABLE t_%s;\n" % rev)
        if side_started is not None and i >= side_started and down == ([main_tip] if i == side_started else [side_tip]) and i - side_started < 10:
            side_tip = rev
        else:
            main_tip = rev


if __name__ == "__main__":
    main()
