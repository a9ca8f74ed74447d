#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "aaaa00000001", .message = "create widgets"});

retort::operations upgrade() {
  return {op::create_table("widgets", {op::column("id", op::type::integer())})};
}
retort::operations downgrade() {
  return {op::drop_table("widgets")};
}
