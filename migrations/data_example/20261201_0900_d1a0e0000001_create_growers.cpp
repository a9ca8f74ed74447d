// Create growers, each with a full name only
//
// Revision ID: d1a0e0000001
// Revises:
// Create Date: 2026-12-01 09:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "d1a0e0000001",
    .message = "create growers",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {
      op::create_table("growers",
                       {
                           op::column("id", bigint(), {.nullable = false, .primary_key = true}),
                           op::column("full_name", text(), {.nullable = false}),
                       }),
      op::bulk_insert("growers", {"id", "full_name"},
                      {{std::int64_t{1}, std::string("Angelo Gaja")},
                       {std::int64_t{2}, std::string("Egon Müller")},
                       {std::int64_t{3}, std::string("Didier Dagueneau")},
                       {std::int64_t{4}, std::string("Maria José López de Heredia")},
                       {std::int64_t{5}, std::string("Bründlmayer")}}),
  };
}

retort::operations downgrade() {
  return {op::drop_table("growers")};
}
