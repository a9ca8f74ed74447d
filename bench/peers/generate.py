#!/usr/bin/env python3
"""Writes one migration workload for retort and for Alembic 1.8.1: the same revision ids, the
same down_revisions and the same DDL, so that both tools can be timed on it side by side.

    generate.py OUT --revisions 1000 [--shape linear|branchy] [--tool retort|alembic|both]

Every revision belongs to a cycle of four that works on one table of its own:
  0: create table t<g> (id bigint identity primary key, name text not null)
  1: add column t<g>.note text
  2: create index ix_t<g>_name on t<g> (name)
  3: create table c<g> (id bigint primary key, t_id bigint references t<g>)
so no two cycles touch the same table, and every cycle sits on one line of the graph.

Shapes:
  linear   r0 <- r1 <- r2 ...
  branchy  blocks of nine: a fork revision (a merge of the previous block's two tips, which
           creates table f<b>), then two branches of one cycle each; a last revision merges the
           final two tips, so the graph has one head.

OUT/retort/versions/*.cpp   one migration per file, as `retort revision` writes them
OUT/retort/CMakeLists.txt   a project that builds them into plugins with retort_add_migrations()
OUT/alembic/                alembic.ini, env.py and versions/*.py
OUT/revisions.txt           the ids, oldest first, and the head
"""

import argparse
import os
import sys


def revision_id(index):
    return f"a{index:011x}"


class Revision:
    def __init__(self, index, parents, kind, group):
        self.index = index
        self.id = revision_id(index)
        self.parents = parents
        self.kind = kind  # create, add_column, index, foreign_key, fork, merge
        self.group = group


def linear(count):
    return [Revision(i, [revision_id(i - 1)] if i else [], ("create", "add_column", "index",
                                                             "foreign_key")[i % 4], i // 4)
            for i in range(count)]


def branchy(count):
    revisions = []
    tips = []
    group = 0
    block = 0
    while len(revisions) < count - 1:
        fork = Revision(len(revisions), tips, "fork", block)
        revisions.append(fork)
        tips = []
        for _ in range(2):
            parent = fork.id
            for kind in ("create", "add_column", "index", "foreign_key"):
                if len(revisions) >= count - 1:
                    break
                r = Revision(len(revisions), [parent], kind, group)
                revisions.append(r)
                parent = r.id
            tips.append(parent)
            group += 1
        block += 1
    tips = list(dict.fromkeys(tips))
    if len(revisions) < count:
        revisions.append(Revision(len(revisions), tips, "merge", block))
    return revisions


def retort_ops(r):
    g = r.group
    if r.kind == "create":
        up = [f'op::create_table("t{g}",\n'
              f'                       {{\n'
              f'                           op::column("id", bigint(), {{.identity = op::identity_kind::by_default, .primary_key = true}}),\n'
              f'                           op::column("name", text(), {{.nullable = false}}),\n'
              f'                       }})']
        down = [f'op::drop_table("t{g}")']
    elif r.kind == "add_column":
        up = [f'op::add_column("t{g}", op::column("note", text()))']
        down = [f'op::drop_column("t{g}", "note")']
    elif r.kind == "index":
        up = [f'op::create_index("ix_t{g}_name", "t{g}", {{"name"}})']
        down = [f'op::drop_index("ix_t{g}_name")']
    elif r.kind == "foreign_key":
        up = [f'op::create_table("c{g}",\n'
              f'                       {{\n'
              f'                           op::column("id", bigint(), {{.primary_key = true}}),\n'
              f'                           op::column("t_id", bigint()),\n'
              f'                       }},\n'
              f'                       {{op::foreign_key({{"t_id"}}, "t{g}", {{"id"}})}})']
        down = [f'op::drop_table("c{g}")']
    elif r.kind == "fork":
        up = [f'op::create_table("f{g}", {{op::column("id", bigint(), {{.primary_key = true}})}})']
        down = [f'op::drop_table("f{g}")']
    else:
        up, down = [], []
    return up, down


def cpp_list(ids):
    return "{" + ", ".join(f'"{i}"' for i in ids) + "}"


def retort_source(r):
    up, down = retort_ops(r)
    uses_types = any("text()" in o or "bigint()" in o for o in up)

    def body(ops):
        if not ops:
            return "  return {};"
        lines = ["  return {"] + [f"      {o}," for o in ops] + ["  };"]
        return "\n".join(lines)

    using = "  using namespace retort::op::type;\n" if uses_types else ""
    return f"""// {r.kind} {r.group}
//
// Revision ID: {r.id}
// Revises: {", ".join(r.parents)}
// Create Date: 2026-12-01 00:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({{
    .revision = "{r.id}",
    .down_revision = {cpp_list(r.parents)},
    .message = "{r.kind} {r.group}",
}});

retort::operations upgrade() {{
{using}{body(up)}
}}

retort::operations downgrade() {{
{body(down)}
}}
"""


def alembic_ops(r):
    g = r.group
    if r.kind == "create":
        up = [f'op.create_table("t{g}", sa.Column("id", sa.BigInteger(), sa.Identity(always=False), '
              f'primary_key=True), sa.Column("name", sa.Text(), nullable=False))']
        down = [f'op.drop_table("t{g}")']
    elif r.kind == "add_column":
        up = [f'op.add_column("t{g}", sa.Column("note", sa.Text()))']
        down = [f'op.drop_column("t{g}", "note")']
    elif r.kind == "index":
        up = [f'op.create_index("ix_t{g}_name", "t{g}", ["name"])']
        down = [f'op.drop_index("ix_t{g}_name")']
    elif r.kind == "foreign_key":
        up = [f'op.create_table("c{g}", sa.Column("id", sa.BigInteger(), autoincrement=False, '
              f'primary_key=True), sa.Column("t_id", sa.BigInteger()), '
              f'sa.ForeignKeyConstraint(["t_id"], ["t{g}.id"]))']
        down = [f'op.drop_table("c{g}")']
    elif r.kind == "fork":
        up = [f'op.create_table("f{g}", sa.Column("id", sa.BigInteger(), autoincrement=False, '
              f'primary_key=True))']
        down = [f'op.drop_table("f{g}")']
    else:
        up, down = [], []
    return up, down


def alembic_source(r):
    up, down = alembic_ops(r)
    if not r.parents:
        parents = "None"
    elif len(r.parents) == 1:
        parents = repr(r.parents[0])
    else:
        parents = repr(tuple(r.parents))

    def body(ops):
        return "\n".join(f"    {o}" for o in ops) if ops else "    pass"

    return f'''"""{r.kind} {r.group}

Revision ID: {r.id}
Revises: {", ".join(r.parents)}
Create Date: 2026-12-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = {r.id!r}
down_revision = {parents}
branch_labels = None
depends_on = None


def upgrade():
{body(up)}


def downgrade():
{body(down)}
'''


ALEMBIC_INI = """[alembic]
script_location = %(here)s
sqlalchemy.url = postgresql://

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARN
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
formatter = generic

[formatter_generic]
format = %(levelname)s %(message)s
"""

# The URL comes from ALEMBIC_URL, so the timing script points both tools at the same database.
ALEMBIC_ENV = '''import os

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config
url = os.environ.get("ALEMBIC_URL", config.get_main_option("sqlalchemy.url"))


def run_migrations_offline():
    context.configure(url=url, literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection,
                          transaction_per_migration=os.environ.get("ALEMBIC_ONE_TRANSACTION") != "1")
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
'''


def retort_project(revisions, per_plugin):
    names = [f"versions/{r.id}_{r.kind}_{r.group}.cpp" for r in revisions]
    lines = [
        "# Generated by bench/peers/generate.py: the retort side of the workload.",
        "cmake_minimum_required(VERSION 3.25)",
        "project(retort_peer_workload LANGUAGES CXX)",
        "set(CMAKE_CXX_STANDARD 20)",
        'set(RETORT_SOURCE_DIR "" CACHE PATH "A retort source tree; empty uses find_package")',
        "if(RETORT_SOURCE_DIR)",
        '  add_subdirectory("${RETORT_SOURCE_DIR}" retort EXCLUDE_FROM_ALL)',
        "else()",
        "  find_package(retort CONFIG REQUIRED)",
        "endif()",
        'set(RETORT_PEER_OPTIONS "" CACHE STRING "Extra retort_add_migrations() arguments")',
    ]
    previous = []
    for start in range(0, len(names), per_plugin):
        target = f"plugin_{start // per_plugin:04d}"
        # The graph check sees the revisions of every earlier plugin: a file's parent may be there.
        history = f" HISTORY_WITH {' '.join(previous)}" if previous else ""
        lines.append(f"retort_add_migrations({target} OUTPUT_DIRECTORY ${{CMAKE_BINARY_DIR}}/plugins"
                     f"{history} ${{RETORT_PEER_OPTIONS}}")
        lines.append("  SOURCES")
        lines += [f"    {n}" for n in names[start:start + per_plugin]]
        lines.append(")")
        previous.append(target)
    return "\n".join(lines) + "\n", names


def write(path, text):
    """Writes `text` unless the file already holds it, so a build sees only what changed."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--shape", choices=("linear", "branchy"), default="linear")
    parser.add_argument("--tool", choices=("retort", "alembic", "both"), default="both")
    parser.add_argument("--per-plugin", type=int, default=1000,
                        help="migration files per plugin target (retort side)")
    args = parser.parse_args()
    if args.revisions < 1:
        sys.exit("generate.py: --revisions must be at least 1")

    revisions = (linear if args.shape == "linear" else branchy)(args.revisions)
    if args.tool in ("retort", "both"):
        project, names = retort_project(revisions, args.per_plugin)
        write(os.path.join(args.out, "retort", "CMakeLists.txt"), project)
        for r, name in zip(revisions, names):
            write(os.path.join(args.out, "retort", name), retort_source(r))
    if args.tool in ("alembic", "both"):
        write(os.path.join(args.out, "alembic", "alembic.ini"), ALEMBIC_INI)
        write(os.path.join(args.out, "alembic", "env.py"), ALEMBIC_ENV)
        for r in revisions:
            write(os.path.join(args.out, "alembic", "versions", f"{r.id}_{r.kind}_{r.group}.py"),
                  alembic_source(r))
    heads = {r.id for r in revisions} - {p for r in revisions for p in r.parents}
    write(os.path.join(args.out, "revisions.txt"),
          "\n".join(r.id for r in revisions) + "\n")
    print(f"generate.py: {len(revisions)} revisions ({args.shape}), head {', '.join(sorted(heads))}")


if __name__ == "__main__":
    main()
