#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "bbbb00000002",
                  .down_revision = {"bbbb00000001"},
                  .message = "add wine names",
                  .depends_on = {"aaaa00000001"}});

retort::operations upgrade() {
  return {op::add_column("wines", op::column("name", op::type::text()))};
}
retort::operations downgrade() {
  return {op::drop_column("wines", "name")};
}
