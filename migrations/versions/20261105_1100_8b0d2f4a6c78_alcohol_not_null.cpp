// Make alcohol NOT NULL now that every row has a value
//
// Revision ID: 8b0d2f4a6c78
// Revises: 7a9c1e3f5b67
// Create Date: 2026-11-05 11:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "8b0d2f4a6c78",
    .down_revision = {"7a9c1e3f5b67"},
    .message = "make alcohol not null",
});

retort::operations upgrade() {
  return {
      op::alter_column("products", "alcohol", {.nullable = false, .existing_nullable = true}),
  };
}

retort::operations downgrade() {
  return {
      op::alter_column("products", "alcohol", {.nullable = true, .existing_nullable = false}),
  };
}
