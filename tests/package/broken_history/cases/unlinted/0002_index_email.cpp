#include <retort/migration.hpp>

// Sound, and PostgreSQL would run it, but it blocks writes to accounts while the index builds.
RETORT_MIGRATION({
    .revision = "b00000000002",
    .down_revision = {"b00000000001"},
    .message = "index account emails",
});

retort::operations upgrade() {
  return {op::create_index("ix_accounts_email", "accounts", {"email"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_accounts_email")};
}
