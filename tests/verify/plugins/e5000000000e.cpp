#include <retort/migration.hpp>

// Raw SQL creates a table the model cannot see; a later operation on it is only a warning.
RETORT_MIGRATION({
    .revision = "e5000000000e",
    .down_revision = {"a1000000000a"},
    .message = "legacy audit table in raw SQL",
});

retort::operations upgrade() {
  return {op::execute("CREATE TABLE audit_log (id bigint, entry text)",
                      {.reverse_sql = "DROP TABLE audit_log"})};
}
retort::operations downgrade() {
  return {op::execute("DROP TABLE audit_log")};
}
