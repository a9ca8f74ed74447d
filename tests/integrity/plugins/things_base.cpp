#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000001", .message = "create things"});

retort::operations upgrade() {
  return {op::create_table(
      "things", {op::column("id", op::type::integer()), op::column("name", op::type::text())})};
}
retort::operations downgrade() {
  return {op::drop_table("things")};
}
