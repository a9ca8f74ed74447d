#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "eeee00000002",
                  .down_revision = {"eeee00000001"},
                  .message = "throw a non-standard exception"});

retort::operations upgrade() {
  throw 42;
}
retort::operations downgrade() {
  return {};
}
