// A backfill whose key is not unique: refused, as keyset batches would skip or repeat rows.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000013",
                  .down_revision = {"da7a00000001"},
                  .message = "backfill by a column that is not a key",
                  .transactional = false});

retort::operations upgrade() {
  return {op::backfill("touch all", "producers", {.key = "touched", .set = "touched = 1"})};
}
retort::operations downgrade() {
  return {};
}
