#include <retort/migration.hpp>

// The first statement succeeds, the second fails: nothing of this revision may remain.
RETORT_MIGRATION({.revision = "aaaa00000002",
                  .down_revision = {"aaaa00000001"},
                  .message = "add name, then fail"});

retort::operations upgrade() {
  return {
      op::add_column("widgets", op::column("name", op::type::text())),
      op::execute("INSERT INTO no_such_table VALUES (1)"),
  };
}
retort::operations downgrade() {
  return {op::drop_column("widgets", "name")};
}
