#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "r1000000000r",
    .down_revision = {},
    .message = "create table t_r1000000000r",
    .branch_labels = {"reports"},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_r1000000000r", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_r1000000000r")};
}
