#include <retort/migration.hpp>

// Its downgrade() throws something that is not a std::exception.
RETORT_MIGRATION({.revision = "dddd00000006",
                  .down_revision = {"dddd00000001"},
                  .message = "size things"});

retort::operations upgrade() {
  return {op::add_column("things", op::column("size", op::type::integer()))};
}
retort::operations downgrade() {
  throw 42;
}
