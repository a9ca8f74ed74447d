#include <retort/migration.hpp>

// Merges the two branches: two version rows become one.
RETORT_MIGRATION({
    .revision = "d4000000000d",
    .down_revision = {"b2000000000b", "c3000000000c"},
    .message = "merge gadgets and widgets",
});

retort::operations upgrade() {
  return {op::set_table_comment("gadgets", "merged: it's done")};
}
retort::operations downgrade() {
  return {op::set_table_comment("gadgets", std::nullopt)};
}
