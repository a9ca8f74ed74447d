#include <retort/migration.hpp>

// The third step of its bundle: its first statement succeeds, its second fails.
RETORT_MIGRATION({.revision = "bbbb00000003",
                  .down_revision = {"bbbb00000002"},
                  .message = "add colour, then fail"});

retort::operations upgrade() {
  return {
      op::add_column("gadgets", op::column("colour", op::type::text())),
      op::execute("INSERT INTO no_such_table VALUES (1)"),
  };
}
retort::operations downgrade() {
  return {op::drop_column("gadgets", "colour")};
}
