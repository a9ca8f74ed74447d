#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "c1000000000a",
    .down_revision = {},
    .message = "create table t_c1000000000a",
    .branch_labels = {"core"},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_c1000000000a", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_c1000000000a")};
}
