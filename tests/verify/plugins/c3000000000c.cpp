#include <retort/migration.hpp>

// Broken on purpose: creates the root's table a second time.
RETORT_MIGRATION({
    .revision = "c3000000000c",
    .down_revision = {"a1000000000a"},
    .message = "create accounts again",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {op::create_table("accounts", {op::column("id", bigint())})};
}
retort::operations downgrade() {
  return {};
}
