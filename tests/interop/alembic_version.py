"""Reads or writes a version table with the real Alembic, for retort's interop tests.

usage: alembic_version.py URL read               -> prints Alembic's current heads, one a line
       alembic_version.py URL write REV [REV...] -> creates Alembic's own version table, stamps REVs
"""
import sys

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine


def main():
    url, verb, revisions = sys.argv[1], sys.argv[2], sys.argv[3:]
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    with engine.begin() as connection:
        context = MigrationContext.configure(connection)
        if verb == "read":
            for head in sorted(context.get_current_heads()):
                print(head)
        elif verb == "write":
            context._ensure_version_table()
            for revision in revisions:
                connection.execute(context._version.insert().values(version_num=revision))
        else:
            sys.exit("unknown verb " + verb)


main()
