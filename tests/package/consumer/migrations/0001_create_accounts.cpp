#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "a0000000c001", .message = "create accounts"});

retort::operations upgrade() {
  return {op::create_table("accounts", {op::column("id", op::type::bigint(), {.primary_key = true}),
                                        op::column("name", op::type::text())})};
}
retort::operations downgrade() {
  return {op::drop_table("accounts")};
}
