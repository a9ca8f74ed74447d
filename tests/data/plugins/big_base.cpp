// A table of a million rows, for backfills that are interrupted and resumed.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "b19000000001", .message = "a million rows"});

retort::operations upgrade() {
  return {
      op::create_table(
          "big",
          {op::column("id", op::type::bigint(), {.nullable = false, .primary_key = true}),
           op::column("a", op::type::integer(), {.nullable = false}),
           op::column("b", op::type::integer(), {.nullable = false}),
           op::column("total", op::type::bigint()),
           op::column("times", op::type::integer(), {.nullable = false, .server_default = "0"})}),
      op::execute("INSERT INTO big (id, a, b) SELECT g, g % 1000, g / 1000 FROM "
                  "generate_series(1, 1000000) g")};
}
retort::operations downgrade() {
  return {op::drop_table("big")};
}
