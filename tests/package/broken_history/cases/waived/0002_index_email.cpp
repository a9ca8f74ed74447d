#include <retort/migration.hpp>

// The same index, with a waiver that says why blocking writes is fine here.
RETORT_MIGRATION({
    .revision = "b00000000002",
    .down_revision = {"b00000000001"},
    .message = "index account emails",
});

retort::operations upgrade() {
  return {
      op::waive("require-concurrent-index-creation", "accounts is empty until the launch"),
      op::create_index("ix_accounts_email", "accounts", {"email"}),
  };
}
retort::operations downgrade() {
  return {op::drop_index("ix_accounts_email")};
}
