#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000002",
                  .down_revision = {"dddd00000001"},
                  .message = "weigh things"});

retort::operations upgrade() {
  return {op::add_column("things", op::column("weight", op::type::integer()))};
}
retort::operations downgrade() {
  return {op::drop_column("things", "weight")};
}
