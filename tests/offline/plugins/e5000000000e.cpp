#include <retort/migration.hpp>

// SQL that PostgreSQL would reject, but that psql would run as a shell command: never written
// into a script.
RETORT_MIGRATION({
    .revision = "e5000000000e",
    .down_revision = {"a1000000000a"},
    .message = "psql meta-command",
});

retort::operations upgrade() {
  return {op::execute("SELECT 1 \\! touch /tmp/retort-offline-pwned")};
}
retort::operations downgrade() {
  return {};
}
