// A foreign key added NOT VALID: new rows are checked at once, old ones later.
#include <retort/migration.hpp>

RETORT_MIGRATION({.revision = "da7a00000022",
                  .down_revision = {"da7a00000001"},
                  .message = "bottles reference producers"});

retort::operations upgrade() {
  return {op::create_table("bottles", {op::column("id", op::type::bigint(), {.primary_key = true}),
                                       op::column("producer_id", op::type::bigint())}),
          op::execute("INSERT INTO bottles VALUES (1, 1), (2, 4)"),
          op::create_foreign_key("fk_bottles_producer", "bottles", "producers", {"producer_id"},
                                 {"id"}, {.not_valid = true})};
}
retort::operations downgrade() {
  return {op::drop_table("bottles")};
}
