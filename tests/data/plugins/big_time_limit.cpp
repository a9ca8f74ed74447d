// The same backfill with a time limit short enough to stop it half-way.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b19000000003",
                  .down_revision = {"b19000000001"},
                  .message = "fill totals, a second at a time",
                  .transactional = false});

retort::operations upgrade() {
  return {op::backfill("fill totals", "big",
                       {.key = "id",
                        .set = "total = a + b, times = times + 1",
                        .batch_size = 2000,
                        .pause_ms = 20,
                        .time_limit_s = 1})};
}
retort::operations downgrade() {
  return {};
}
