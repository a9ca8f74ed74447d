#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000001",
                  .message = "create bottles",
                  .branch_labels = {"bottles", "stock"}});

retort::operations upgrade() {
  return {op::create_table("bottles", {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table("bottles")};
}
