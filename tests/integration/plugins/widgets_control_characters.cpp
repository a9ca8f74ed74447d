#include <retort/migration.hpp>

// A message that would forge a line, overwrite one and colour the terminal if printed as is.
RETORT_MIGRATION({.revision = "aaaa00000007",
                  .down_revision = {"aaaa00000001"},
                  .message = "rename\nerror: forged line\roverwritten \x1b[31mred\xc2\x9b"});

retort::operations upgrade() {
  return {op::add_column("widgets", op::column("label", op::type::text()))};
}
retort::operations downgrade() {
  return {op::drop_column("widgets", "label")};
}
