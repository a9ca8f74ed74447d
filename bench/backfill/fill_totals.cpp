// The benchmark's migration: fill `total` from two other columns in batches.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "bf0000000001",
                  .message = "fill totals in batches",
                  .transactional = false});

retort::operations upgrade() {
  return {op::backfill("fill totals", "wide",
                       {.key = "id", .set = "total = a + b", .batch_size = 10000})};
}
retort::operations downgrade() {
  return {};
}
