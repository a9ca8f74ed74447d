// Fills `total` from two other columns; `times` counts how often each row was updated.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b19000000002",
                  .down_revision = {"b19000000001"},
                  .message = "fill totals",
                  .transactional = false});

retort::operations upgrade() {
  return {op::backfill(
      "fill totals", "big",
      {.key = "id", .set = "total = a + b, times = times + 1", .batch_size = 5000, .pause_ms = 5})};
}
retort::operations downgrade() {
  return {op::execute("UPDATE big SET total = NULL")};
}
