// A backfill given as SQL, in a migration that first adds the column it fills.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000010",
                  .down_revision = {"da7a00000001"},
                  .message = "fill display names in batches",
                  .transactional = false});

retort::operations upgrade() {
  return {op::add_column("producers", op::column("display_name", op::type::text())),
          op::backfill("fill display names", "producers",
                       {.key = "id",
                        .set = "display_name = name || ' (' || id || ')', touched = touched + 1",
                        .where = "id <> 3",
                        .batch_size = 2})};
}
retort::operations downgrade() {
  return {op::drop_column("producers", "display_name")};
}
