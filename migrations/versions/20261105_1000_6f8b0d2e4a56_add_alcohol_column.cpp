// Add alcohol by volume, nullable at first so existing rows stay valid
//
// Revision ID: 6f8b0d2e4a56
// Revises: 5e7a9c1d3f45
// Create Date: 2026-11-05 10:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "6f8b0d2e4a56",
    .down_revision = {"5e7a9c1d3f45"},
    .message = "add alcohol column to products",
});

retort::operations upgrade() {
  return {
      op::add_column("products", op::column("alcohol", op::type::numeric(4, 1),
                                            {.comment = "percent alcohol by volume"})),
      op::create_check_constraint("ck_products_alcohol_range", "products",
                                  "alcohol BETWEEN 0 AND 25"),
  };
}

retort::operations downgrade() {
  return {
      op::drop_constraint("ck_products_alcohol_range", "products"),
      op::drop_column("products", "alcohol"),
  };
}
