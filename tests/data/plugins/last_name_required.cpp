// After the C++ split: every producer has a last name now, so the column can require one. Fails
// unless the data step before it ran, which is what a squash of the two must keep in order.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000030",
                  .down_revision = {"da7a00000002"},
                  .message = "require a last name"});

retort::operations upgrade() {
  return {op::alter_column("producers", "last_name", {.nullable = false})};
}
retort::operations downgrade() {
  return {op::alter_column("producers", "last_name", {.nullable = true})};
}
