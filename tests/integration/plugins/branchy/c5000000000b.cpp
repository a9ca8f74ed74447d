#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "c5000000000b",
    .down_revision = {"c4000000000b"},
    .message = "create table t_c5000000000b",
    .branch_labels = {},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_c5000000000b", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_c5000000000b")};
}
