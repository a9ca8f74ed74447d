#include <retort/migration.hpp>

// Its downgrade() names a column that does not exist: reverting it fails in SQL.
RETORT_MIGRATION({.revision = "dddd00000005",
                  .down_revision = {"dddd00000001"},
                  .message = "price things"});

retort::operations upgrade() {
  return {op::add_column("things", op::column("price", op::type::integer()))};
}
retort::operations downgrade() {
  return {
      op::drop_column("things", "price"),
      op::drop_column("things", "no_such_column"),
  };
}
