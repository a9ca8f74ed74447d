#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "f6000000000f",
    .down_revision = {"e5000000000e"},
    .message = "index the audit log",
});

retort::operations upgrade() {
  return {op::create_index("ix_audit_log_id", "audit_log", {"id"})};
}
retort::operations downgrade() {
  return {op::drop_index("ix_audit_log_id")};
}
