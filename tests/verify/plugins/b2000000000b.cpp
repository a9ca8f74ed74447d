#include <retort/migration.hpp>

// Broken on purpose: indexes a column that does not exist (the column is `email`).
RETORT_MIGRATION({
    .revision = "b2000000000b",
    .down_revision = {"a1000000000a"},
    .message = "index a missing column",
});

retort::operations upgrade() {
  return {op::create_index("ix_accounts_mail", "accounts", {"mail"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_accounts_mail")};
}
