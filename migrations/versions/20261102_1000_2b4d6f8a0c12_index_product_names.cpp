// Index product names for exact match, ORDER BY and ILIKE '%term%'
//
// Revision ID: 2b4d6f8a0c12
// Revises: 1f3e5a7c9b01
// Create Date: 2026-11-02 10:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "2b4d6f8a0c12",
    .down_revision = {"1f3e5a7c9b01"},
    .message = "index product names for exact match and search",
});

retort::operations upgrade() {
  return {
      op::create_extension("pg_trgm"),
      // B-tree: equality and ORDER BY name.
      op::create_index("ix_products_name", "products", {"name"}),
      // Trigram GIN: name ILIKE '%riesling%' without a sequential scan.
      op::create_index("ix_products_name_trgm", "products",
                       {op::key("name", {.opclass = "gin_trgm_ops"})}, {.method = op::gin}),
  };
}

retort::operations downgrade() {
  return {
      op::drop_index("ix_products_name_trgm"),
      op::drop_index("ix_products_name"),
      op::drop_extension("pg_trgm"),
  };
}
