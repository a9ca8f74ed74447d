#include "lint/rules.hpp"

#include <algorithm>

namespace retort::lint {

const std::vector<rule>& rules() {
  static const std::vector<rule> all{
      {"adding-not-nullable-field", level::error,
       "a NOT NULL column without a default cannot be added to a table that has rows, and on "
       "an empty one it breaks every INSERT the running application sends",
       "add the column nullable (or with a constant default), backfill it, then add NOT NULL "
       "through a validated CHECK constraint"},
      {"adding-field-with-default", level::error,
       "a column with a volatile default (random(), gen_random_uuid(), clock_timestamp(), "
       "nextval(), a serial type) makes PostgreSQL rewrite the whole table under an ACCESS "
       "EXCLUSIVE lock",
       "add the column without a default, set the default in a second statement, and backfill "
       "existing rows in batches",
       true},
      {"setting-not-null", level::error,
       "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and "
       "writes while it runs",
       "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a later transaction, then "
       "SET NOT NULL (PostgreSQL 12 and later skip the scan) and drop the check",
       true},
      {"constraint-missing-not-valid", level::error,
       "adding a CHECK or FOREIGN KEY constraint to an existing table validates every row "
       "while holding a lock that blocks writes (for a foreign key, on both tables)",
       "add it NOT VALID, then VALIDATE CONSTRAINT in a later transaction, which only takes a "
       "SHARE UPDATE EXCLUSIVE lock",
       true},
      {"adding-primary-key-constraint", level::error,
       "adding a PRIMARY KEY or UNIQUE constraint to an existing table builds its index while "
       "blocking writes",
       "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX", true},
      {"require-concurrent-index-creation", level::error,
       "CREATE INDEX on an existing table blocks writes to it until the index is built",
       "CREATE INDEX CONCURRENTLY, in a migration declared `.transactional = false`", true},
      {"require-concurrent-index-deletion", level::error,
       "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table",
       "DROP INDEX CONCURRENTLY, in a migration declared `.transactional = false`", true},
      {"changing-column-type", level::error,
       "changing a column's type rewrites the table and its indexes under an ACCESS EXCLUSIVE "
       "lock (only a few changes, such as widening a varchar, do not)",
       "add a new column of the new type, write to both, backfill in batches, switch reads, "
       "then drop the old column",
       true},
      {"renaming-column", level::error,
       "the running application still reads and writes the old name and fails until it is "
       "deployed again",
       "add the new column, write to both, backfill, switch reads, then drop the old one (or "
       "rename in a release where no running code uses the column)"},
      {"renaming-table", level::error,
       "the running application still uses the old name and fails until it is deployed again",
       "create the new table (or a view with the old name), move readers and writers, then drop "
       "the old one"},
      {"ban-drop-column", level::warning,
       "the running application may still read the column; dropping it loses its data for good",
       "stop using the column in a release first, then drop it in a later migration"},
      {"ban-drop-table", level::warning,
       "the running application may still use the table; dropping it loses its data for good",
       "stop using the table in a release first, then drop it in a later migration"},
      {"ban-drop-schema", level::warning, "dropping a schema drops everything in it, data included",
       "drop what it holds explicitly, in migrations that say what goes"},
      {"prefer-identity", level::warning,
       "serial types create a sequence the column does not own by the SQL standard's rules and "
       "that permissions and copies handle badly",
       "an identity column: `.identity = op::identity_kind::always` on a bigint column, "
       "or `GENERATED ALWAYS AS IDENTITY`"},
      {"prefer-bigint-over-int", level::warning,
       "an integer or smallint key runs out at 2,147,483,647 (32,767) rows, and widening it "
       "later rewrites the table",
       "bigint for primary keys, identity and serial columns"},
      {"prefer-text-field", level::warning,
       "varchar(n) gives no speed or space over text, and raising n later may need a table "
       "rewrite on older servers and a migration every time",
       "text, with a CHECK (char_length(col) <= n) constraint where a limit matters"},
      {"ban-char-field", level::warning,
       "char(n) pads values with spaces, which comparisons and applications trip over",
       "text (or varchar), with a CHECK constraint where a length matters"},
      {"prefer-timestamptz", level::warning,
       "timestamp without time zone stores no offset, so the same instant reads differently as "
       "the session's time zone changes",
       "timestamptz (`timestamp with time zone`)"},
      {"ban-vacuum-full", level::error,
       "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock for as long as it runs",
       "plain VACUUM, or pg_repack, run outside migrations", true},
      {"ban-cluster", level::error,
       "CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock for as long as it runs",
       "pg_repack, run outside migrations", true},
      {"require-concurrent-reindex", level::error,
       "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index)",
       "REINDEX ... CONCURRENTLY, in a migration declared `.transactional = false`", true},
      {"transaction-nesting", level::error,
       "BEGIN, COMMIT or ROLLBACK inside a transactional migration ends or nests the "
       "transaction retort runs it in (retort also refuses to run it)",
       "leave transactions to retort; a migration that must commit part of its work is "
       "declared `.transactional = false`"},
      {"unused-waiver", level::warning,
       "a waiver that waives nothing (the rule no longer fires there, or it names no rule) "
       "hides the next real finding it is moved next to, and misleads whoever reads it",
       "remove it, or correct the rule's id (docs/lint.md lists them)"},
      {"multiple-lock-taking-statements", level::warning,
       "one transaction that takes strong locks on several existing tables holds the first "
       "until the last is done, and waits for each in turn: a long outage, or a deadlock with "
       "the application",
       "one table's locking change a migration", true},
  };
  return all;
}

const rule* find_rule(std::string_view id) {
  const auto& all = rules();
  auto it = std::find_if(all.begin(), all.end(), [&](const rule& r) { return r.id == id; });
  return it == all.end() ? nullptr : &*it;
}

std::string_view name_of(level l) {
  switch (l) {
    case level::off:
      return "off";
    case level::warning:
      return "warning";
    case level::error:
      return "error";
  }
  return "error";
}

std::optional<level> level_named(std::string_view name) {
  for (auto l : {level::off, level::warning, level::error}) {
    if (name_of(l) == name) {
      return l;
    }
  }
  return std::nullopt;
}

}  // namespace retort::lint
