#pragma once

// The wine catalogue as it should be: the schema the example migrations build. Declared once;
// `retort check`, `create-all` and `revision --autogenerate` read it from the model plugin.
#include <retort/model/schema.hpp>

namespace retort::examples {

inline retort::model::schema wine_catalogue() {
  namespace op = retort::op;
  using namespace retort::op::type;
  retort::model::schema s;
  s.extension("pg_trgm");

  s.table("producers")
      .column("id", bigint(), {.identity = op::identity_kind::always, .primary_key = true})
      .column("name", text(), {.nullable = false})
      .column("country", character(2), {.nullable = false})
      .unique({"name"}, {.name = "uq_producers_name"});

  s.table("products", {.comment = "Wines we sell, one row per stock-keeping unit"})
      .column("sku", text(), {.primary_key = true})
      .column("name", text(), {.nullable = false})
      .column("price", numeric(10, 2), {.nullable = false})
      .column("created_at", timestamp_tz(), {.nullable = false, .server_default = "now()"})
      .column("producer_id", bigint())
      .column("alcohol", numeric(4, 1), {.nullable = false, .comment = "percent alcohol by volume"})
      .check("ck_products_price_not_negative", "price >= 0")
      .check("ck_products_alcohol_range", "alcohol BETWEEN 0 AND 25")
      .foreign_key({"producer_id"}, "producers", {"id"},
                   {.name = "fk_products_producer", .on_delete = op::referential_action::set_null})
      .index("ix_products_name", {"name"})
      .index("ix_products_name_trgm", {op::key("name", {.opclass = "gin_trgm_ops"})},
             {.method = op::gin})
      .index("ix_products_price", {"price"});
  return s;
}

}  // namespace retort::examples
