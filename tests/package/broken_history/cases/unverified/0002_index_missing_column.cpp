#include <retort/migration.hpp>

// A sound history with an operation PostgreSQL would refuse: the column is `email`.
RETORT_MIGRATION({
    .revision = "b00000000002",
    .down_revision = {"b00000000001"},
    .message = "index a column that does not exist",
});

retort::operations upgrade() {
  return {op::create_index("ix_accounts_mail", "accounts", {"mail"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_accounts_mail")};
}
