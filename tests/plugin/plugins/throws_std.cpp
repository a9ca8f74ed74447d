#include <retort/migration.hpp>

#include <stdexcept>

RETORT_MIGRATION({.revision = "eeee00000001", .message = "throw from C++"});

retort::operations upgrade() {
  throw std::runtime_error("the catalogue feed is unreachable");
}
retort::operations downgrade() {
  return {op::drop_table("feed")};
}
