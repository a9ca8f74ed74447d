#include <retort/migration.hpp>

#include <cstdlib>

#include "marker.hpp"

BUNDLE_TEST_MARKER("crates_base")

RETORT_MIGRATION({.revision = "b1000000000b", .message = "create crates"});

retort::operations upgrade() {
  retort::operations ops{op::create_table(
      "crates", {op::column("id", op::type::integer()), op::column("label", op::type::text())})};
  // Migration code that depends on its environment: what runs can differ from what was packed
  // and reviewed, which `apply` must notice.
  if (std::getenv("RETORT_TEST_SQL_DRIFT") != nullptr) {
    ops.push_back(op::set_table_comment("crates", "drifted"));
  }
  return ops;
}
retort::operations downgrade() {
  return {op::drop_table("crates")};
}
