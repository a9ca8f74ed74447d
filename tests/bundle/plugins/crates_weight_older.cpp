// An older build of crates_weight.cpp: the same revision, as it was before review changed it.
#include <retort/migration.hpp>

#include "marker.hpp"

BUNDLE_TEST_MARKER("crates_weight (older build)")

RETORT_MIGRATION({.revision = "b2000000000b",
                  .down_revision = {"b1000000000b"},
                  .message = "add crate weight"});

retort::operations upgrade() {
  return {op::add_column("crates", op::column("weight", op::type::integer()))};
}
retort::operations downgrade() {
  return {op::drop_column("crates", "weight")};
}
