#include <retort/migration.hpp>

#include "marker.hpp"

BUNDLE_TEST_MARKER("crates_base")

RETORT_MIGRATION({.revision = "b1000000000b", .message = "create crates"});

retort::operations upgrade() {
  return {op::create_table(
      "crates", {op::column("id", op::type::integer()), op::column("label", op::type::text())})};
}
retort::operations downgrade() {
  return {op::drop_table("crates")};
}
