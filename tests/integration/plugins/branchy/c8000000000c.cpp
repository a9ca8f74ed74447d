#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "c8000000000c",
    .down_revision = {"c6000000000c"},
    .message = "create table t_c8000000000c",
    .branch_labels = {},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_c8000000000c", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_c8000000000c")};
}
