#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b00000000002",
                  .down_revision = {b00000000001},
                  .message = "parent not quoted"});

retort::operations upgrade() {
  return {op::execute("SELECT 1")};
}
retort::operations downgrade() {
  return {op::execute("SELECT 1")};
}
