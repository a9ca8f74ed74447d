#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "r2000000000r",
    .down_revision = {"r1000000000r"},
    .message = "create table t_r2000000000r",
    .branch_labels = {},
    .depends_on = {"c4000000000b"},
});

retort::operations upgrade() {
  return {op::create_table("t_r2000000000r", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_r2000000000r")};
}
