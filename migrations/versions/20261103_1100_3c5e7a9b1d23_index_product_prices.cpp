// Index product prices, built without locking writes
//
// Revision ID: 3c5e7a9b1d23
// Revises: 2b4d6f8a0c12
// Create Date: 2026-11-03 11:00:00 UTC
#include <retort/migration.hpp>

// CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
RETORT_MIGRATION({
    .revision = "3c5e7a9b1d23",
    .down_revision = {"2b4d6f8a0c12"},
    .message = "index product prices",
    .transactional = false,
});

retort::operations upgrade() {
  return {
      op::create_index("ix_products_price", "products", {"price"},
                       {.concurrently = true, .if_not_exists = true}),
  };
}

retort::operations downgrade() {
  return {
      op::drop_index("ix_products_price", {.concurrently = true, .if_exists = true}),
  };
}
