// Add producers, and link each product to its producer
//
// Revision ID: 4d6f8b0c2e34
// Revises: 2b4d6f8a0c12
// Create Date: 2026-11-03 11:30:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "4d6f8b0c2e34",
    .down_revision = {"2b4d6f8a0c12"},
    .message = "add producers",
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {
      op::create_table("producers",
                       {
                           op::column("id", bigint(),
                                      {.identity = op::identity_kind::always, .primary_key = true}),
                           op::column("name", text(), {.nullable = false}),
                           op::column("country", character(2), {.nullable = false}),
                       },
                       {op::unique({"name"}, {.name = "uq_producers_name"})}),
      op::add_column("products", op::column("producer_id", bigint())),
      op::create_foreign_key("fk_products_producer", "products", "producers", {"producer_id"},
                             {"id"}, {.on_delete = op::referential_action::set_null}),
  };
}

retort::operations downgrade() {
  return {
      op::drop_constraint("fk_products_producer", "products"),
      op::drop_column("products", "producer_id"),
      op::drop_table("producers"),
  };
}
