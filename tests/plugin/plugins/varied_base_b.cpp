#include <retort/migration.hpp>

// A message as authors write them: quotes, a backslash, a tab, a new line and non-ASCII text.
RETORT_MIGRATION({.revision = "dddd00000002",
                  .message = "Château \"Mouton\" — l'étiquette\\n\tcuvée 日本酒\nsecond line",
                  .branch_labels = {"labels"}});

retort::operations upgrade() {
  return {op::create_table("labels", {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table("labels")};
}
