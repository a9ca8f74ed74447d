#include <retort/migration.hpp>

// A second branch from a1000000000a; its message tries to break out of the script's comment.
RETORT_MIGRATION({
    .revision = "c3000000000c",
    .down_revision = {"a1000000000a"},
    .message = "add widgets\nDROP TABLE gadgets;",
});

retort::operations upgrade() {
  return {
      op::create_table("widgets", {op::column("id", op::type::integer())}),
      op::execute("INSERT INTO widgets VALUES (1) -- a trailing comment"),
  };
}
retort::operations downgrade() {
  return {op::drop_table("widgets")};
}
