#include <retort/migration.hpp>

// A non-transactional migration: its statement runs outside any transaction block.
RETORT_MIGRATION({
    .revision = "b2000000000b",
    .down_revision = {"a1000000000a"},
    .message = "index gadget names",
    .transactional = false,
});

retort::operations upgrade() {
  return {op::create_index("ix_gadgets_name", "gadgets", {"name"}, {.concurrently = true})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_gadgets_name", {.concurrently = true})};
}
