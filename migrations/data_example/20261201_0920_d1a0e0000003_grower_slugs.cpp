// Give every grower a slug: add the column, fill it in batches, then make it NOT NULL
//
// Revision ID: d1a0e0000003
// Revises: d1a0e0000002
// Create Date: 2026-12-01 09:20:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "d1a0e0000003",
    .down_revision = {"d1a0e0000002"},
    .message = "grower slugs",
    // The backfill commits batch by batch and set_not_null step by step: on a table of a
    // billion rows neither holds a lock that blocks writes for long.
    .transactional = false,
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {
      op::add_column("growers", op::column("slug", text())),
      op::backfill("fill slugs", "growers",
                   {.key = "id",
                    .set = "slug = lower(replace(full_name, ' ', '-'))",
                    .where = "slug IS NULL",
                    .batch_size = 2}),
      op::set_not_null("growers", "slug"),
  };
}

retort::operations downgrade() {
  return {op::drop_column("growers", "slug")};
}
