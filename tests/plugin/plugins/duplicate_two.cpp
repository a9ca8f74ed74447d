#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "cccc00000001", .message = "second claim"});

retort::operations upgrade() {
  return {};
}
retort::operations downgrade() {
  return {};
}
