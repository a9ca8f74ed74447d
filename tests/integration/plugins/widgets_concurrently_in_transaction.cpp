#include <retort/migration.hpp>

// Forgot `.transactional = false`: must be refused before anything runs.
RETORT_MIGRATION({.revision = "aaaa00000005",
                  .down_revision = {"aaaa00000001"},
                  .message = "concurrent index in a transaction"});

retort::operations upgrade() {
  return {op::create_index("ix_widgets_id", "widgets", {"id"}, {.concurrently = true})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_widgets_id")};
}
