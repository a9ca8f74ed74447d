// NOT NULL in steps that hold no lock through the scan, after the rows are filled.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000020",
                  .down_revision = {"da7a00000001"},
                  .message = "first names are required",
                  .transactional = false});

retort::operations upgrade() {
  return {op::execute("UPDATE producers SET first_name = split_part(name, ' ', 1)"),
          op::set_not_null("producers", "first_name")};
}
retort::operations downgrade() {
  return {op::alter_column("producers", "first_name", {.nullable = true})};
}
