// Backfill alcohol for existing products (a data migration)
//
// Revision ID: 7a9c1e3f5b67
// Revises: 6f8b0d2e4a56
// Create Date: 2026-11-05 10:30:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "7a9c1e3f5b67",
    .down_revision = {"6f8b0d2e4a56"},
    .message = "backfill alcohol",
});

retort::operations upgrade() {
  // Known values first, then a conservative default for anything else still empty.
  return {
      op::execute("UPDATE products SET alcohol = CASE sku "
                  "WHEN 'RIO-2019-RES' THEN 14.0 WHEN 'CHB-2021-1ER' THEN 12.5 "
                  "WHEN 'BAR-2018' THEN 14.5 WHEN 'MOS-2022-KAB' THEN 8.5 END "
                  "WHERE alcohol IS NULL"),
      op::execute("UPDATE products SET alcohol = 12.0 WHERE alcohol IS NULL"),
  };
}

// The backfilled values are harmless once the column allows NULL again; nothing to undo.
retort::operations downgrade() {
  return {};
}
