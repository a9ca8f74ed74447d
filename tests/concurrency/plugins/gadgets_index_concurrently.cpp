#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "bbbb00000005",
                  .down_revision = {"bbbb00000002"},
                  .message = "index gadget names",
                  .transactional = false});

retort::operations upgrade() {
  return {op::create_index("ix_gadgets_name", "gadgets", {"name"}, {.concurrently = true})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_gadgets_name", {.concurrently = true})};
}
