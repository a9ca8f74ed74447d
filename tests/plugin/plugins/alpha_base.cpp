#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "bbbb00000001",
                  .message = "create wines",
                  .branch_labels = {"cellar"}});

retort::operations upgrade() {
  return {op::create_table("wines", {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table("wines")};
}
