// A backfill in a transactional migration: refused before anything runs.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000012",
                  .down_revision = {"da7a00000001"},
                  .message = "backfill inside a transaction"});

retort::operations upgrade() {
  return {op::backfill("touch all", "producers", {.key = "id", .set = "touched = touched + 1"})};
}
retort::operations downgrade() {
  return {};
}
