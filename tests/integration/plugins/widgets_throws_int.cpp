#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "aaaa00000004",
                  .down_revision = {"aaaa00000001"},
                  .message = "throw a non-standard exception"});

retort::operations upgrade() {
  throw 42;
}
retort::operations downgrade() {
  return {};
}
