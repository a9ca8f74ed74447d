// NOT NULL over rows that hold NULL: VALIDATE fails, and a later attempt starts clean.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000021",
                  .down_revision = {"da7a00000001"},
                  .message = "last names are required",
                  .transactional = false});

retort::operations upgrade() {
  return {op::set_not_null("producers", "last_name", {.check_name = "last_name_given"})};
}
retort::operations downgrade() {
  return {op::alter_column("producers", "last_name", {.nullable = true})};
}
