#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "a0000000c002",
                  .down_revision = {"a0000000c001"},
                  .message = "add email"});

retort::operations upgrade() {
  return {op::add_column("accounts", op::column("email", op::type::varchar(320)))};
}
retort::operations downgrade() {
  return {op::drop_column("accounts", "email")};
}
