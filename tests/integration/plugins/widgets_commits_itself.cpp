#include <retort/migration.hpp>

// Ends retort's transaction half-way, then fails: must be refused before anything runs, or the
// first table would stay while the version table says it was never applied.
RETORT_MIGRATION({.revision = "aaaa00000006",
                  .down_revision = {"aaaa00000001"},
                  .message = "commit half-way, then fail"});

retort::operations upgrade() {
  return {
      op::create_table("gadgets", {op::column("id", op::type::integer())}),
      op::execute("UPDATE widgets SET id = id; COMMIT"),
      op::create_table("gizmos", {op::column("id", op::type::integer())}),
      op::execute("INSERT INTO no_such_table VALUES (1)"),
  };
}
retort::operations downgrade() {
  return {op::drop_table("gizmos"), op::drop_table("gadgets")};
}
