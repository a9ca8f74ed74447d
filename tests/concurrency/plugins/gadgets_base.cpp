#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "bbbb00000001", .message = "create gadgets"});

retort::operations upgrade() {
  return {op::create_table("gadgets", {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table("gadgets")};
}
