#include <retort/migration.hpp>

// Needs an ACCESS EXCLUSIVE lock on gadgets: the lock-timeout tests hold it elsewhere.
RETORT_MIGRATION({.revision = "bbbb00000002",
                  .down_revision = {"bbbb00000001"},
                  .message = "name gadgets"});

retort::operations upgrade() {
  return {op::add_column("gadgets", op::column("name", op::type::text()))};
}
retort::operations downgrade() {
  return {op::drop_column("gadgets", "name")};
}
