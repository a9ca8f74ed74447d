// Create products table
//
// Revision ID: 1f3e5a7c9b01
// Revises:
// Create Date: 2026-11-01 09:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "1f3e5a7c9b01",
    .down_revision = {},
    .message = "create products table",
    .branch_labels = {"catalogue"},
});

retort::operations upgrade() {
  using namespace retort::op::type;
  return {
      op::create_table("products",
                       {
                           op::column("sku", text(), {.primary_key = true}),
                           op::column("name", text(), {.nullable = false}),
                           op::column("price", numeric(10, 2), {.nullable = false}),
                           op::column("created_at", timestamp_tz(),
                                      {.nullable = false, .server_default = "now()"}),
                       },
                       {op::check("price >= 0", {"ck_products_price_not_negative"})},
                       {.comment = "Wines we sell, one row per stock-keeping unit"}),
      op::bulk_insert("products", {"sku", "name", "price"},
                      {
                          {"RIO-2019-RES", "Rioja Reserva 2019", 18.5},
                          {"CHB-2021-1ER", "Chablis Premier Cru 2021", 32.0},
                          {"BAR-2018", "Barolo 2018", 45.9},
                          {"MOS-2022-KAB", "Mosel Riesling Kabinett 2022", 14.25},
                      }),
  };
}

retort::operations downgrade() {
  return {
      op::drop_table("products"),
  };
}
