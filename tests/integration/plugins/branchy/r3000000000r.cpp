#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "r3000000000r",
    .down_revision = {"r2000000000r", "c8000000000c"},
    .message = "create table t_r3000000000r",
    .branch_labels = {},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_r3000000000r", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_r3000000000r")};
}
