#include <retort/migration.hpp>

#include "marker.hpp"

BUNDLE_TEST_MARKER("crates_weight")

RETORT_MIGRATION({.revision = "b2000000000b",
                  .down_revision = {"b1000000000b"},
                  .message = "add crate weight"});

retort::operations upgrade() {
  return {op::add_column("crates", op::column("weight", op::type::numeric(8, 2))),
          op::create_index("ix_crates_weight", "crates", {"weight"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_crates_weight"), op::drop_column("crates", "weight")};
}
