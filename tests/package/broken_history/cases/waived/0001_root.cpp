#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b00000000001", .down_revision = {}, .message = "root"});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {op::create_table("accounts", {op::column("id", bigint(), {.primary_key = true}),
                                        op::column("email", text())})};
}
retort::operations downgrade() {
  return {op::drop_table("accounts")};
}
