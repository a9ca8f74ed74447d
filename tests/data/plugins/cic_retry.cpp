// A unique index built concurrently, where a failed build may have left it INVALID.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000024",
                  .down_revision = {"da7a00000001"},
                  .message = "producer names are unique",
                  .transactional = false});

retort::operations upgrade() {
  return {op::create_index("ux_producers_name", "producers", {"name"},
                           {.unique = true, .concurrently = true})};
}
retort::operations downgrade() {
  return {op::drop_index("ux_producers_name", {.concurrently = true})};
}
