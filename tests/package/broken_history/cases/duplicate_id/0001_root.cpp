#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b00000000001", .down_revision = {}, .message = "root"});

retort::operations upgrade() {
  return {op::execute("SELECT 1")};
}
retort::operations downgrade() {
  return {op::execute("SELECT 1")};
}
