#include <retort/migration.hpp>

#include <stdexcept>

RETORT_MIGRATION({.revision = "aaaa00000003",
                  .down_revision = {"aaaa00000001"},
                  .message = "throw from C++"});

retort::operations upgrade() {
  throw std::runtime_error("the catalogue feed is unreachable");
}
retort::operations downgrade() {
  return {};
}
