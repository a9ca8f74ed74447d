// A valid migration file: the control case, which must compile, and the source each failing case
// is derived from by one replacement (see CMakeLists.txt).
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "9c1e3f5b7a90",
    .down_revision = {"8b0d2f4a6c78"},
    .message = "add tasting notes and a list price",
});

retort::operations upgrade() {
  return {
      op::add_column("products",
                     op::column("tasting_notes", op::type::varchar(200), {.nullable = true})),
      // The longest name PostgreSQL keeps intact: 63 bytes.
      op::add_column("products",
                     op::column("price_per_bottle_in_euros_including_value_added_tax_and_excises",
                                op::type::numeric(10, 2))),
      op::bulk_insert("stock", {"sku", "bottles"}, {{"RIO-2019-RES", 12}}),
  };
}

retort::operations downgrade() {
  return {
      op::drop_column("products",
                      "price_per_bottle_in_euros_including_value_added_tax_and_excises"),
      op::drop_column("products", "tasting_notes"),
  };
}
