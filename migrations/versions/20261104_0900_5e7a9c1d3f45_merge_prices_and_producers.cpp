// Merge the price-index and producers branches
//
// Revision ID: 5e7a9c1d3f45
// Revises: 3c5e7a9b1d23, 4d6f8b0c2e34
// Create Date: 2026-11-04 09:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "5e7a9c1d3f45",
    .down_revision = {"3c5e7a9b1d23", "4d6f8b0c2e34"},
    .message = "merge price index and producers branches",
});

retort::operations upgrade() {
  return {};
}

retort::operations downgrade() {
  return {};
}
