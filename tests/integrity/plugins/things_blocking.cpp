#include <retort/migration.hpp>

// Changes the schema, then waits for advisory lock 4242, which a test holds while it kills the
// runner: the kill lands at a known statement, with no sleep to guess.
RETORT_MIGRATION({.revision = "dddd00000003",
                  .down_revision = {"dddd00000001"},
                  .message = "colour things, then wait"});

retort::operations upgrade() {
  return {
      op::add_column("things", op::column("colour", op::type::text())),
      op::execute("SELECT pg_advisory_xact_lock(4242)"),
  };
}
retort::operations downgrade() {
  return {op::drop_column("things", "colour")};
}
