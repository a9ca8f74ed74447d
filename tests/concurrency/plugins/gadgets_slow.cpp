#include <retort/migration.hpp>

// Changes the schema, then sleeps: 30 s unless the session sets retort_test.sleep (the tests
// pass it through PGOPTIONS), so a test can time it out or terminate it half-way.
RETORT_MIGRATION({.revision = "bbbb00000004",
                  .down_revision = {"bbbb00000002"},
                  .message = "mark gadgets, slowly"});

retort::operations upgrade() {
  return {
      op::add_column("gadgets", op::column("slow_marker", op::type::integer())),
      op::execute("SELECT pg_sleep(coalesce(nullif(current_setting('retort_test.sleep', true), "
                  "''), '30')::float8)"),
  };
}
retort::operations downgrade() {
  return {op::drop_column("gadgets", "slow_marker")};
}
