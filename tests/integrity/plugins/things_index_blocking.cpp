#include <retort/migration.hpp>

// Non-transactional: the index is committed by its own statement, then the migration waits for
// advisory lock 4242 (held by the test), so a kill leaves the first statement done.
RETORT_MIGRATION({.revision = "dddd00000004",
                  .down_revision = {"dddd00000001"},
                  .message = "index thing names, then wait",
                  .transactional = false});

retort::operations upgrade() {
  return {
      op::create_index("ix_things_name", "things", {"name"}, {.concurrently = true}),
      op::execute("SELECT pg_advisory_xact_lock(4242)"),
  };
}
retort::operations downgrade() {
  return {op::drop_index("ix_things_name", {.concurrently = true})};
}
