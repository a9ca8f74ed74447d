#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000001", .message = "create producers"});

retort::operations upgrade() {
  return {
      op::create_table(
          "producers",
          {op::column("id", op::type::bigint(), {.nullable = false, .primary_key = true}),
           op::column("name", op::type::text(), {.nullable = false}),
           op::column("first_name", op::type::varchar(40)),
           op::column("last_name", op::type::varchar(40)),
           op::column("touched", op::type::integer(), {.nullable = false, .server_default = "0"})}),
      op::bulk_insert("producers", {"id", "name"},
                      {{std::int64_t{1}, std::string("Angelo Gaja")},
                       {std::int64_t{2}, std::string("Egon Müller")},
                       {std::int64_t{3}, std::string("Dagueneau")},
                       {std::int64_t{4}, std::string("Maria José López de Heredia")}}),
  };
}
retort::operations downgrade() {
  return {op::drop_table("producers")};
}
