#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "c4000000000b",
    .down_revision = {"c2000000000a"},
    .message = "create table t_c4000000000b",
    .branch_labels = {"feature_b"},
    .depends_on = {},
});

retort::operations upgrade() {
  return {op::create_table("t_c4000000000b", {op::column("id", op::type::integer())})};
}

retort::operations downgrade() {
  return {op::drop_table("t_c4000000000b")};
}
