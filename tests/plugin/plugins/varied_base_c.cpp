#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "dddd00000003",
                  .down_revision = {"dddd00000001"},
                  .message = "add vintages",
                  .depends_on = {"dddd00000002", "labels"}});

retort::operations upgrade() {
  return {op::add_column("bottles", op::column("vintage", op::type::integer()))};
}
retort::operations downgrade() {
  return {op::drop_column("bottles", "vintage")};
}
