#include <retort/migration.hpp>

// Broken on purpose: downgrade() drops the index but forgets the column, so it does not restore
// the parent's schema.
RETORT_MIGRATION({
    .revision = "d4000000000d",
    .down_revision = {"a1000000000a"},
    .message = "add a nickname",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {op::add_column("accounts", op::column("nickname", text())),
          op::create_index("ix_accounts_nickname", "accounts", {"nickname"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_accounts_nickname")};
}
