// The foreign key's existing rows checked, in a transaction of its own.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000023",
                  .down_revision = {"da7a00000022"},
                  .message = "validate the bottles' producers"});

retort::operations upgrade() {
  return {op::validate_constraint("fk_bottles_producer", "bottles")};
}
retort::operations downgrade() {
  return {};
}
