#include <retort/migration.hpp>

// The root every purpose-built history of the verify tests stands on: a sound table.
RETORT_MIGRATION({
    .revision = "a1000000000a",
    .down_revision = {},
    .message = "create accounts",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {op::create_table("accounts", {op::column("id", bigint(), {.primary_key = true}),
                                        op::column("email", text(), {.nullable = false})})};
}
retort::operations downgrade() {
  return {op::drop_table("accounts")};
}
