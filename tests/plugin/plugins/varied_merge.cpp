#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000004",
                  .down_revision = {"dddd00000001", "dddd00000002", "dddd00000003"},
                  .message = "merge bottles, labels and vintages",
                  .branch_labels = {"cellar_book"},
                  .depends_on = {"aaaa00000001", "stock"},
                  .transactional = false});

retort::operations upgrade() {
  return {op::create_index("bottles_vintage", "bottles", {"vintage"}, {.concurrently = true})};
}
retort::operations downgrade() {
  return {op::drop_index("bottles_vintage", {.concurrently = true})};
}
